//! `nps(scores:)`, `csat(ratings:scale:)`, `ces(ratings:scale:)`, the
//! comparisons, and their result records.

use clf_core::Confidence;
use clf_core::scoring as core;

use crate::errors::{ClfError, guard};

/// A confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

impl From<clf_core::Interval> for Interval {
    fn from(i: clf_core::Interval) -> Self {
        Interval { low: i.low, high: i.high }
    }
}

impl From<Interval> for clf_core::Interval {
    fn from(i: Interval) -> Self {
        clf_core::Interval { low: i.low, high: i.high }
    }
}

/// Net Promoter Score: %promoters − %detractors, with the trinomial margin of error.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NpsScore {
    /// Number of answers.
    pub n: u64,
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// From −100 to 100.
    pub score: f64,
    /// Half-width of the interval, in NPS points.
    pub margin_of_error: f64,
    /// The interval, clamped to [−100, 100].
    pub ci: Interval,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::NpsScore> for NpsScore {
    fn from(s: core::NpsScore) -> Self {
        NpsScore { n: s.n, promoters: s.promoters, passives: s.passives, detractors: s.detractors, score: s.score, margin_of_error: s.margin_of_error, ci: s.ci.into(), confidence: s.confidence }
    }
}

impl From<NpsScore> for core::NpsScore {
    fn from(s: NpsScore) -> Self {
        core::NpsScore { n: s.n, promoters: s.promoters, passives: s.passives, detractors: s.detractors, score: s.score, margin_of_error: s.margin_of_error, ci: s.ci.into(), confidence: s.confidence }
    }
}

/// CSAT: percent of top-2-box answers, with a Wilson interval.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CsatScore {
    /// Number of answers.
    pub n: u64,
    /// Points on the scale.
    pub scale: u8,
    /// Answers in the top two boxes (top box only on a 3-point scale).
    pub satisfied: u64,
    /// Percent satisfied.
    pub score: f64,
    /// Wilson interval, in percent.
    pub ci: Interval,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::CsatScore> for CsatScore {
    fn from(s: core::CsatScore) -> Self {
        CsatScore { n: s.n, scale: s.scale, satisfied: s.satisfied, score: s.score, ci: s.ci.into(), confidence: s.confidence }
    }
}

impl From<CsatScore> for core::CsatScore {
    fn from(s: CsatScore) -> Self {
        core::CsatScore { n: s.n, scale: s.scale, satisfied: s.satisfied, score: s.score, ci: s.ci.into(), confidence: s.confidence }
    }
}

/// CES: mean effort with a Student-t interval and the percent of easy answers.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CesScore {
    /// Number of answers.
    pub n: u64,
    /// Points on the scale (5 or 7).
    pub scale: u8,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Interval of the mean, clamped to the scale.
    pub ci: Interval,
    /// Percent of answers above the midpoint (5–7 on 7).
    pub share_easy: f64,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::CesScore> for CesScore {
    fn from(s: core::CesScore) -> Self {
        CesScore { n: s.n, scale: s.scale, mean: s.mean, sd: s.sd, ci: s.ci.into(), share_easy: s.share_easy, confidence: s.confidence }
    }
}

/// Mean of a rating question or of emotion valences.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MeanScore {
    /// Number of answers.
    pub n: u64,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Interval of the mean.
    pub ci: Interval,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::MeanScore> for MeanScore {
    fn from(s: core::MeanScore) -> Self {
        MeanScore { n: s.n, mean: s.mean, sd: s.sd, ci: s.ci.into(), confidence: s.confidence }
    }
}

/// The answers of one emotion label.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LabelCount {
    /// The label.
    pub label: String,
    /// Answers with it.
    pub count: u64,
}

/// The mood of the customers who answered an emotion question.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmotionSummary {
    /// Number of answers.
    pub n: u64,
    /// Answers per label, in the question's order.
    pub counts: Vec<LabelCount>,
    /// Mean valence (−1…1) with its interval.
    pub valence: MeanScore,
    /// Percent of answers with a negative valence.
    pub share_negative: f64,
    /// Percent of answers with a positive valence.
    pub share_positive: f64,
}

impl From<core::EmotionSummary> for EmotionSummary {
    fn from(s: core::EmotionSummary) -> Self {
        EmotionSummary {
            n: s.n,
            counts: s.counts.into_iter().map(|(label, count)| LabelCount { label, count }).collect(),
            valence: s.valence.into(),
            share_negative: s.share_negative,
            share_positive: s.share_positive,
        }
    }
}

/// The difference `a − b` between two scores with a two-sample z test.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Difference {
    /// `a.score − b.score`, in points.
    pub difference: f64,
    /// Standard error of the difference.
    pub standard_error: f64,
    /// The test statistic.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Interval of the difference.
    pub ci: Interval,
    /// Confidence level.
    pub confidence: f64,
    /// Whether the difference is significant at `confidence`.
    pub significant: bool,
}

impl From<core::Difference> for Difference {
    fn from(d: core::Difference) -> Self {
        Difference { difference: d.difference, standard_error: d.standard_error, z: d.z, p_value: d.p_value, ci: d.ci.into(), confidence: d.confidence, significant: d.significant }
    }
}

/// NPS of 0–10 answers; throws `ClfError.validation` (path `scores[i]`) for any other value.
#[uniffi::export(default(confidence = 0.95))]
pub fn nps(scores: Vec<i64>, confidence: f64) -> Result<NpsScore, ClfError> {
    guard(|| core::nps_at(&scores, Confidence::new(confidence)?)).map(Into::into)
}

/// CSAT of 1–scale answers (scale 3 to 10).
#[uniffi::export(default(scale = 5, confidence = 0.95))]
pub fn csat(ratings: Vec<i64>, scale: i64, confidence: f64) -> Result<CsatScore, ClfError> {
    guard(|| core::csat_at(&ratings, scale, Confidence::new(confidence)?)).map(Into::into)
}

/// CES of 1–scale answers (scale 5 or 7).
#[uniffi::export(default(scale = 7, confidence = 0.95))]
pub fn ces(ratings: Vec<i64>, scale: i64, confidence: f64) -> Result<CesScore, ClfError> {
    guard(|| core::ces_at(&ratings, scale, Confidence::new(confidence)?)).map(Into::into)
}

/// Two-sample z test of the NPS difference `a − b`.
#[uniffi::export(default(confidence = 0.95))]
pub fn compare_nps(a: NpsScore, b: NpsScore, confidence: f64) -> Result<Difference, ClfError> {
    guard(|| core::compare_nps(&a.into(), &b.into(), Confidence::new(confidence)?)).map(Into::into)
}

/// Two-proportion z test of the CSAT difference `a − b` (same scale).
#[uniffi::export(default(confidence = 0.95))]
pub fn compare_csat(a: CsatScore, b: CsatScore, confidence: f64) -> Result<Difference, ClfError> {
    guard(|| core::compare_csat(&a.into(), &b.into(), Confidence::new(confidence)?)).map(Into::into)
}
