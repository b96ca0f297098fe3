//! `nps`, `csat`, `ces`, `compareNps`, `compareCsat` and their result objects.

use clf_core::scoring as core;
use clf_core::{Confidence, Interval};
use napi::Env;
use napi_derive::napi;

use crate::errors::guard;

fn pair(i: Interval) -> Vec<f64> {
    vec![i.low, i.high]
}

/// Net Promoter Score: %promoters − %detractors, with the trinomial margin of error.
#[napi(object)]
#[derive(Clone)]
pub struct NpsScore {
    /// Number of answers.
    pub n: f64,
    /// Answers of 9 or 10.
    pub promoters: f64,
    /// Answers of 7 or 8.
    pub passives: f64,
    /// Answers of 0 to 6.
    pub detractors: f64,
    /// From −100 to 100.
    pub score: f64,
    /// Half-width of the interval, in NPS points.
    pub margin_of_error: f64,
    /// `[low, high]`, clamped to [−100, 100].
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::NpsScore> for NpsScore {
    fn from(s: core::NpsScore) -> Self {
        NpsScore { n: s.n as f64, promoters: s.promoters as f64, passives: s.passives as f64, detractors: s.detractors as f64, score: s.score, margin_of_error: s.margin_of_error, ci: pair(s.ci), confidence: s.confidence }
    }
}

/// CSAT: percent of top-2-box answers, with a Wilson interval.
#[napi(object)]
#[derive(Clone)]
pub struct CsatScore {
    /// Number of answers.
    pub n: f64,
    /// Points on the scale.
    pub scale: u32,
    /// Answers in the top two boxes (top box only on a 3-point scale).
    pub satisfied: f64,
    /// Percent satisfied.
    pub score: f64,
    /// Wilson interval `[low, high]`, in percent.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::CsatScore> for CsatScore {
    fn from(s: core::CsatScore) -> Self {
        CsatScore { n: s.n as f64, scale: s.scale as u32, satisfied: s.satisfied as f64, score: s.score, ci: pair(s.ci), confidence: s.confidence }
    }
}

/// CES: mean effort with a Student-t interval and the percent of easy answers.
#[napi(object)]
#[derive(Clone)]
pub struct CesScore {
    /// Number of answers.
    pub n: f64,
    /// Points on the scale (5 or 7).
    pub scale: u32,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Interval of the mean `[low, high]`, clamped to the scale.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Percent of answers above the midpoint (5–7 on 7).
    pub share_easy: f64,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::CesScore> for CesScore {
    fn from(s: core::CesScore) -> Self {
        CesScore { n: s.n as f64, scale: s.scale as u32, mean: s.mean, sd: s.sd, ci: pair(s.ci), share_easy: s.share_easy, confidence: s.confidence }
    }
}

/// Mean of a rating question or of emotion valences.
#[napi(object)]
#[derive(Clone)]
pub struct MeanScore {
    /// Number of answers.
    pub n: f64,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Interval of the mean `[low, high]`.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level of the interval.
    pub confidence: f64,
}

impl From<core::MeanScore> for MeanScore {
    fn from(s: core::MeanScore) -> Self {
        MeanScore { n: s.n as f64, mean: s.mean, sd: s.sd, ci: pair(s.ci), confidence: s.confidence }
    }
}

/// The mood of the customers who answered an emotion question.
#[napi(object)]
#[derive(Clone)]
pub struct EmotionSummary {
    /// Number of answers.
    pub n: f64,
    /// Answers per label.
    pub counts: std::collections::BTreeMap<String, f64>,
    /// Mean valence (−1..1) with its interval.
    pub valence: MeanScore,
    /// Percent of answers with a negative valence.
    pub share_negative: f64,
    /// Percent of answers with a positive valence.
    pub share_positive: f64,
}

impl From<core::EmotionSummary> for EmotionSummary {
    fn from(s: core::EmotionSummary) -> Self {
        EmotionSummary { n: s.n as f64, counts: s.counts.into_iter().map(|(l, c)| (l, c as f64)).collect(), valence: s.valence.into(), share_negative: s.share_negative, share_positive: s.share_positive }
    }
}

/// The difference `a − b` between two scores with a two-sample z test.
#[napi(object)]
pub struct Difference {
    /// `a.score − b.score`, in points.
    pub difference: f64,
    /// Standard error of the difference.
    pub standard_error: f64,
    /// The test statistic.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Interval of the difference `[low, high]`.
    #[napi(ts_type = "[number, number]")]
    pub ci: Vec<f64>,
    /// Confidence level.
    pub confidence: f64,
    /// Whether the difference is significant at `confidence`.
    pub significant: bool,
}

impl From<core::Difference> for Difference {
    fn from(d: core::Difference) -> Self {
        Difference { difference: d.difference, standard_error: d.standard_error, z: d.z, p_value: d.p_value, ci: pair(d.ci), confidence: d.confidence, significant: d.significant }
    }
}

/// Options of `nps`, `compareNps` and `compareCsat`.
#[napi(object)]
pub struct ConfidenceOptions {
    /// Confidence level of intervals and tests (default 0.95).
    pub confidence: Option<f64>,
}

/// Options of `csat` and `ces`.
#[napi(object)]
pub struct ScaleOptions {
    /// Points on the scale (CSAT default 5, CES default 7).
    pub scale: Option<f64>,
    /// Confidence level of the interval (default 0.95).
    pub confidence: Option<f64>,
}

fn level(c: Option<f64>) -> clf_core::Result<Confidence> {
    Confidence::new(c.unwrap_or(0.95))
}

/// NPS of 0–10 answers. Throws `CLF_VALIDATION` (path `scores[i]`) for any other value.
#[napi]
pub fn nps(env: Env, scores: Vec<f64>, options: Option<ConfidenceOptions>) -> napi::Result<NpsScore> {
    guard(&env, || core::nps_at(&scores, level(options.and_then(|o| o.confidence))?)).map(Into::into)
}

/// CSAT of 1–scale answers (scale 3 to 10, default 5).
#[napi]
pub fn csat(env: Env, ratings: Vec<f64>, options: Option<ScaleOptions>) -> napi::Result<CsatScore> {
    let (scale, c) = options.map(|o| (o.scale, o.confidence)).unwrap_or((None, None));
    guard(&env, || core::csat_at(&ratings, scale.unwrap_or(5.0), level(c)?)).map(Into::into)
}

/// CES of 1–scale answers (scale 5 or 7, default 7).
#[napi]
pub fn ces(env: Env, ratings: Vec<f64>, options: Option<ScaleOptions>) -> napi::Result<CesScore> {
    let (scale, c) = options.map(|o| (o.scale, o.confidence)).unwrap_or((None, None));
    guard(&env, || core::ces_at(&ratings, scale.unwrap_or(7.0), level(c)?)).map(Into::into)
}

fn nps_back(s: &NpsScore) -> core::NpsScore {
    core::NpsScore {
        n: s.n as u64,
        promoters: s.promoters as u64,
        passives: s.passives as u64,
        detractors: s.detractors as u64,
        score: s.score,
        margin_of_error: s.margin_of_error,
        ci: Interval { low: s.ci.first().copied().unwrap_or(f64::NAN), high: s.ci.get(1).copied().unwrap_or(f64::NAN) },
        confidence: s.confidence,
    }
}

fn csat_back(s: &CsatScore) -> core::CsatScore {
    core::CsatScore {
        n: s.n as u64,
        scale: s.scale as u8,
        satisfied: s.satisfied as u64,
        score: s.score,
        ci: Interval { low: s.ci.first().copied().unwrap_or(f64::NAN), high: s.ci.get(1).copied().unwrap_or(f64::NAN) },
        confidence: s.confidence,
    }
}

/// Two-sample z test of the NPS difference `a − b` (scores from `nps`).
#[napi]
pub fn compare_nps(env: Env, a: NpsScore, b: NpsScore, options: Option<ConfidenceOptions>) -> napi::Result<Difference> {
    guard(&env, || core::compare_nps(&nps_back(&a), &nps_back(&b), level(options.and_then(|o| o.confidence))?)).map(Into::into)
}

/// Two-proportion z test of the CSAT difference `a − b` (same scale).
#[napi]
pub fn compare_csat(env: Env, a: CsatScore, b: CsatScore, options: Option<ConfidenceOptions>) -> napi::Result<Difference> {
    guard(&env, || core::compare_csat(&csat_back(&a), &csat_back(&b), level(options.and_then(|o| o.confidence))?)).map(Into::into)
}
