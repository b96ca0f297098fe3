//! Scores and their uncertainty: NPS, CSAT, CES, ratings and emotion, from
//! exact integer tallies that merge without loss, and two-sample tests.
//!
//! Tallies ([`NpsTally`], [`ScaleTally`], [`MeanTally`], [`EmotionTally`])
//! hold counts only, so merging the tallies of two parts gives exactly the
//! tally of the whole; scores are computed from a tally at a confidence level.

use serde::{Serialize, Serializer};

use crate::error::{ClfError, Result, index};
use crate::stats::{Confidence, two_sided_p};

/// A confidence interval `[low, high]`, serialised as a two-element array.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

impl Interval {
    fn around(centre: f64, half_width: f64, min: f64, max: f64) -> Self {
        Interval { low: (centre - half_width).max(min), high: (centre + half_width).min(max) }
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        [self.low, self.high].serialize(s)
    }
}

/// Net Promoter Score of a set of 0–10 answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsScore {
    /// Number of answers.
    pub n: u64,
    /// Answers of 9 or 10.
    pub promoters: u64,
    /// Answers of 7 or 8.
    pub passives: u64,
    /// Answers of 0 to 6.
    pub detractors: u64,
    /// %promoters − %detractors, from −100 to 100.
    pub score: f64,
    /// Half-width of the interval, in NPS points, from the trinomial variance
    /// `(p + d) − (p − d)²`: `z·sqrt(Var/n)·100`.
    pub margin_of_error: f64,
    /// `score ± margin_of_error`, clamped to [−100, 100].
    pub ci: Interval,
    /// The confidence level of `margin_of_error` and `ci`.
    pub confidence: f64,
}

/// Customer satisfaction: the share of top-2-box answers on a 1–`scale` scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsatScore {
    /// Number of answers.
    pub n: u64,
    /// Points on the scale (3 to 10).
    pub scale: u8,
    /// Answers in the top two boxes (the top box only on a 3-point scale,
    /// whose second box is the neutral midpoint).
    pub satisfied: u64,
    /// `satisfied / n` in percent.
    pub score: f64,
    /// Wilson score interval of `score`, in percent.
    pub ci: Interval,
    /// The confidence level of `ci`.
    pub confidence: f64,
}

/// Customer effort (CES 2.0: "made it easy for me", 1–`scale`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CesScore {
    /// Number of answers.
    pub n: u64,
    /// Points on the scale (5 or 7).
    pub scale: u8,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation (0 for a single answer).
    pub sd: f64,
    /// Student-t interval of the mean, clamped to the scale; the whole scale
    /// for a single answer.
    pub ci: Interval,
    /// Percent of answers above the midpoint (5–7 on 7, 4–5 on 5).
    pub share_easy: f64,
    /// The confidence level of `ci`.
    pub confidence: f64,
}

/// Mean of a numeric answer (a `rating` question, or emotion valences).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanScore {
    /// Number of answers.
    pub n: u64,
    /// Mean answer.
    pub mean: f64,
    /// Sample standard deviation (0 for a single answer).
    pub sd: f64,
    /// Student-t interval of the mean, clamped to the range of the answers'
    /// scale; that whole range for a single answer.
    pub ci: Interval,
    /// The confidence level of `ci`.
    pub confidence: f64,
}

/// The difference `a − b` between two scores, with a two-sample z test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// `a.score − b.score`, in points of the score.
    pub difference: f64,
    /// Standard error of the difference, in points.
    pub standard_error: f64,
    /// The test statistic.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Interval of the difference at `confidence`.
    pub ci: Interval,
    /// The confidence level; `significant` is `p_value < 1 − confidence`.
    pub confidence: f64,
    /// Whether the difference is significant at `confidence`.
    pub significant: bool,
}

/// A number as a caller passes it (a Rust integer, a JS number, a Python
/// int or float); answers must be whole.
pub trait Number: Copy + std::fmt::Display {
    /// The value if it is a whole number that fits in an `i64`.
    fn whole(self) -> Option<i64>;
}

macro_rules! int_number {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn whole(self) -> Option<i64> {
                i64::try_from(self).ok()
            }
        }
    )*};
}
int_number!(u8, u16, u32, u64, i8, i16, i32, i64, usize, isize);

impl Number for f64 {
    fn whole(self) -> Option<i64> {
        (self.is_finite() && self.fract() == 0.0 && self.abs() < 9.0e15).then_some(self as i64)
    }
}

fn whole_in<N: Number>(v: N, lo: i64, hi: i64, path: impl FnOnce() -> String, what: &str) -> Result<u8> {
    match v.whole() {
        Some(x) if (lo..=hi).contains(&x) => Ok(x as u8),
        _ => Err(ClfError::validation(path(), format!("expected {what} from {lo} to {hi}, got {v}"))),
    }
}

fn need_some(n: u64, path: &str) -> Result<()> {
    if n == 0 { Err(ClfError::validation(path, "expected at least one answer")) } else { Ok(()) }
}

/// Exact counts of 0–10 answers; merges without loss.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NpsTally {
    counts: [u64; 11],
}

impl NpsTally {
    /// Tallies `scores`, rejecting any that is not a whole number from 0 to
    /// 10 with its index as the path (`scores[3]`).
    pub fn from_scores<N: Number>(scores: &[N]) -> Result<Self> {
        let mut t = NpsTally::default();
        for (i, &s) in scores.iter().enumerate() {
            t.add(whole_in(s, 0, 10, || index("scores", i), "an NPS answer: a whole number")?);
        }
        Ok(t)
    }

    /// Adds one answer; `score` must be 0–10 (validated responses are).
    pub(crate) fn add(&mut self, score: u8) {
        self.counts[score as usize] += 1;
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &NpsTally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Count of each answer 0..=10.
    pub fn counts(&self) -> &[u64; 11] {
        &self.counts
    }

    /// The score, or `None` without answers.
    pub fn score(&self, confidence: Confidence) -> Option<NpsScore> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let promoters = self.counts[9] + self.counts[10];
        let passives = self.counts[7] + self.counts[8];
        let detractors = n - promoters - passives;
        let (p, d) = (promoters as f64 / n as f64, detractors as f64 / n as f64);
        let score = (promoters as f64 - detractors as f64) * 100.0 / n as f64;
        let var = ((p + d) - (p - d) * (p - d)).max(0.0);
        let margin_of_error = confidence.z() * (var / n as f64).sqrt() * 100.0;
        Some(NpsScore {
            n,
            promoters,
            passives,
            detractors,
            score,
            margin_of_error,
            ci: Interval::around(score, margin_of_error, -100.0, 100.0),
            confidence: confidence.level(),
        })
    }
}

/// Exact counts of answers on a 1–`scale` scale (CSAT, CES); merges without loss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ScaleTally {
    scale: u8,
    counts: [u64; 10],
}

impl ScaleTally {
    /// An empty tally for a scale of `scale` points (at most 10).
    pub(crate) fn new(scale: u8) -> Self {
        debug_assert!((1..=10).contains(&scale));
        ScaleTally { scale, counts: [0; 10] }
    }

    fn from_ratings<N: Number>(ratings: &[N], scale: u8) -> Result<Self> {
        let mut t = ScaleTally::new(scale);
        for (i, &r) in ratings.iter().enumerate() {
            t.add(whole_in(r, 1, scale as i64, || index("ratings", i), "a whole number")?);
        }
        Ok(t)
    }

    /// Tallies CSAT answers; `scale` must be 3 to 10.
    pub fn csat_answers<N: Number, S: Number>(ratings: &[N], scale: S) -> Result<Self> {
        let scale = whole_in(scale, 3, 10, || "scale".into(), "a CSAT scale")?;
        Self::from_ratings(ratings, scale)
    }

    /// Tallies CES answers; `scale` must be 5 or 7.
    pub fn ces_answers<N: Number, S: Number>(ratings: &[N], scale: S) -> Result<Self> {
        match scale.whole() {
            Some(s @ (5 | 7)) => Self::from_ratings(ratings, s as u8),
            _ => Err(ClfError::validation("scale", format!("expected a CES scale of 5 or 7, got {scale}"))),
        }
    }

    /// Adds one answer in 1..=scale (validated responses are).
    pub(crate) fn add(&mut self, rating: u8) {
        self.counts[rating as usize - 1] += 1;
    }

    /// Adds the counts of `other`; both must be of the same scale.
    pub fn merge(&mut self, other: &ScaleTally) -> Result<()> {
        if self.scale != other.scale {
            return Err(ClfError::validation("scale", format!("cannot merge answers on a {}-point scale with answers on a {}-point scale", other.scale, self.scale)));
        }
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
        Ok(())
    }

    /// Points on the scale.
    pub fn scale(&self) -> u8 {
        self.scale
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Count of each answer 1..=scale.
    pub fn counts(&self) -> &[u64] {
        &self.counts[..self.scale as usize]
    }

    fn count_at_least(&self, from: u8) -> u64 {
        self.counts().iter().skip(from as usize - 1).sum()
    }

    /// CSAT of these answers, or `None` without answers.
    pub fn csat(&self, confidence: Confidence) -> Option<CsatScore> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let top = if self.scale == 3 { 3 } else { self.scale - 1 };
        let satisfied = self.count_at_least(top);
        let ci = wilson(satisfied, n, confidence);
        Some(CsatScore {
            n,
            scale: self.scale,
            satisfied,
            score: satisfied as f64 * 100.0 / n as f64,
            ci: Interval { low: ci.low * 100.0, high: ci.high * 100.0 },
            confidence: confidence.level(),
        })
    }

    /// CES of these answers, or `None` without answers.
    pub fn ces(&self, confidence: Confidence) -> Option<CesScore> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let mut m = MeanTally::default();
        for (i, &c) in self.counts().iter().enumerate() {
            m.add_many(i as i64 + 1, c);
        }
        let mean = m.score(confidence, 1.0, self.scale as f64)?;
        let easy_from = self.scale / 2 + 2;
        Some(CesScore {
            n,
            scale: self.scale,
            mean: mean.mean,
            sd: mean.sd,
            ci: mean.ci,
            share_easy: self.count_at_least(easy_from) as f64 * 100.0 / n as f64,
            confidence: confidence.level(),
        })
    }
}

/// Wilson score interval of `k` successes in `n` trials, as proportions.
fn wilson(k: u64, n: u64, confidence: Confidence) -> Interval {
    let (n, p, z) = (n as f64, k as f64 / n as f64, confidence.z());
    let z2n = z * z / n;
    let centre = (p + z2n / 2.0) / (1.0 + z2n);
    let half = z * (p * (1.0 - p) / n + z2n / (4.0 * n)).sqrt() / (1.0 + z2n);
    Interval::around(centre, half, 0.0, 1.0)
}

/// Exact sums of integer answers (count, sum, sum of squares); merges
/// without loss.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeanTally {
    n: u64,
    sum: i128,
    sum_sq: i128,
}

impl MeanTally {
    /// Adds `count` answers of `value`.
    pub(crate) fn add_many(&mut self, value: i64, count: u64) {
        self.n += count;
        self.sum += value as i128 * count as i128;
        self.sum_sq += (value as i128) * (value as i128) * count as i128;
    }

    /// Adds the sums of `other`.
    pub fn merge(&mut self, other: &MeanTally) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Mean with a t interval clamped to `[min, max]`; `None` without answers.
    pub fn score(&self, confidence: Confidence, min: f64, max: f64) -> Option<MeanScore> {
        self.scaled_score(confidence, 1.0, min, max)
    }

    /// Like [`MeanTally::score`] for answers stored multiplied by `unit`.
    pub(crate) fn scaled_score(&self, confidence: Confidence, unit: f64, min: f64, max: f64) -> Option<MeanScore> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let mean = self.sum as f64 / n / unit;
        if self.n == 1 {
            return Some(MeanScore { n: 1, mean, sd: 0.0, ci: Interval { low: min, high: max }, confidence: confidence.level() });
        }
        // Σ(x − x̄)² = Σx² − (Σx)²/n, exact in integers: n·Σx² − (Σx)² over n.
        let ss_times_n = self.n as i128 * self.sum_sq - self.sum * self.sum;
        let var = (ss_times_n as f64 / n) / (n - 1.0) / (unit * unit);
        let sd = var.max(0.0).sqrt();
        let half = confidence.t(n - 1.0) * sd / n.sqrt();
        Some(MeanScore { n: self.n, mean, sd, ci: Interval::around(mean, half, min, max), confidence: confidence.level() })
    }
}

/// NPS of `scores` (0–10) at 95% confidence.
///
/// ```
/// let s = clf_core::nps(&[10, 7, 3, 9]).unwrap();
/// assert_eq!((s.promoters, s.passives, s.detractors), (2, 1, 1));
/// assert_eq!(s.score, 25.0);
/// ```
pub fn nps(scores: &[u8]) -> Result<NpsScore> {
    nps_at(scores, Confidence::DEFAULT)
}

/// NPS of `scores` (whole numbers 0–10) at `confidence`.
pub fn nps_at<N: Number>(scores: &[N], confidence: Confidence) -> Result<NpsScore> {
    need_some(scores.len() as u64, "scores")?;
    Ok(NpsTally::from_scores(scores)?.score(confidence).expect("non-empty"))
}

/// CSAT of `ratings` on a 1–`scale` scale at 95% confidence.
pub fn csat(ratings: &[u8], scale: u8) -> Result<CsatScore> {
    csat_at(ratings, scale, Confidence::DEFAULT)
}

/// CSAT of `ratings` (whole numbers) on a 1–`scale` scale at `confidence`.
pub fn csat_at<N: Number, S: Number>(ratings: &[N], scale: S, confidence: Confidence) -> Result<CsatScore> {
    let t = ScaleTally::csat_answers(ratings, scale)?;
    need_some(t.n(), "ratings")?;
    Ok(t.csat(confidence).expect("non-empty"))
}

/// CES of `ratings` on a 1–`scale` scale at 95% confidence.
pub fn ces(ratings: &[u8], scale: u8) -> Result<CesScore> {
    ces_at(ratings, scale, Confidence::DEFAULT)
}

/// CES of `ratings` (whole numbers) on a 1–`scale` scale at `confidence`.
pub fn ces_at<N: Number, S: Number>(ratings: &[N], scale: S, confidence: Confidence) -> Result<CesScore> {
    let t = ScaleTally::ces_answers(ratings, scale)?;
    need_some(t.n(), "ratings")?;
    Ok(t.ces(confidence).expect("non-empty"))
}

fn difference(diff: f64, se_test: f64, se_ci: f64, confidence: Confidence) -> Difference {
    let z = if se_test > 0.0 { diff / se_test } else if diff == 0.0 { 0.0 } else { f64::INFINITY.copysign(diff) };
    let p_value = two_sided_p(z);
    let half = confidence.z() * se_ci;
    Difference {
        difference: diff,
        standard_error: se_ci,
        z,
        p_value,
        ci: Interval { low: diff - half, high: diff + half },
        confidence: confidence.level(),
        significant: p_value < 1.0 - confidence.level(),
    }
}

fn check_counts(path: &str, n: u64, parts: u64, what: &str) -> Result<()> {
    if n == 0 {
        return Err(ClfError::validation(format!("{path}.n"), "expected a score of at least one answer"));
    }
    if parts != n {
        return Err(ClfError::validation(format!("{path}.n"), format!("n is {n} but {what} add up to {parts}")));
    }
    Ok(())
}

/// Two-sample z test of `a.score − b.score` for two independent NPS samples,
/// each with the trinomial variance of its own answers. The scores must be
/// consistent (n ≥ 1, promoters + passives + detractors = n).
pub fn compare_nps(a: &NpsScore, b: &NpsScore, confidence: Confidence) -> Result<Difference> {
    for (path, s) in [("a", a), ("b", b)] {
        check_counts(path, s.n, s.promoters + s.passives + s.detractors, "promoters, passives and detractors")?;
    }
    let var = |s: &NpsScore| {
        let (p, d) = (s.promoters as f64 / s.n as f64, s.detractors as f64 / s.n as f64);
        ((p + d) - (p - d) * (p - d)).max(0.0) / s.n as f64
    };
    let se = (var(a) + var(b)).sqrt() * 100.0;
    let score = |s: &NpsScore| (s.promoters as f64 - s.detractors as f64) * 100.0 / s.n as f64;
    Ok(difference(score(a) - score(b), se, se, confidence))
}

/// Two-proportion z test of `a.score − b.score` for two CSAT samples on the
/// same scale: pooled standard error for the test, unpooled for the interval.
pub fn compare_csat(a: &CsatScore, b: &CsatScore, confidence: Confidence) -> Result<Difference> {
    if a.scale != b.scale {
        return Err(ClfError::validation("b.scale", format!("cannot compare CSAT on a {}-point scale with CSAT on a {}-point scale", b.scale, a.scale)));
    }
    for (path, s) in [("a", a), ("b", b)] {
        check_counts(path, s.n, s.n, "answers")?;
        if s.satisfied > s.n {
            return Err(ClfError::validation(format!("{path}.satisfied"), format!("satisfied ({}) exceeds n ({})", s.satisfied, s.n)));
        }
    }
    let (n1, n2) = (a.n as f64, b.n as f64);
    let (p1, p2) = (a.satisfied as f64 / n1, b.satisfied as f64 / n2);
    let pooled = (a.satisfied + b.satisfied) as f64 / (n1 + n2);
    let se_test = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt() * 100.0;
    let se_ci = (p1 * (1.0 - p1) / n1 + p2 * (1.0 - p2) / n2).sqrt() * 100.0;
    Ok(difference((p1 - p2) * 100.0, se_test, se_ci, confidence))
}

/// Counts of each label of an `emotion` question; merges without loss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmotionTally {
    counts: Vec<u64>,
}

/// The mood of the customers who answered an `emotion` question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmotionSummary {
    /// Number of answers.
    pub n: u64,
    /// Answers per label, in the question's order (labels never chosen included).
    pub counts: Vec<(String, u64)>,
    /// Mean valence (−1..1) with its interval.
    pub valence: MeanScore,
    /// Percent of answers with a negative valence.
    pub share_negative: f64,
    /// Percent of answers with a positive valence.
    pub share_positive: f64,
}

/// Valences are kept in thousandths so that their sums stay exact integers.
const VALENCE_UNIT: f64 = 1000.0;

impl EmotionTally {
    /// An empty tally for a question with `labels` options.
    pub(crate) fn new(labels: usize) -> Self {
        EmotionTally { counts: vec![0; labels] }
    }

    /// Adds one answer, by option index.
    pub(crate) fn add(&mut self, option: usize) {
        self.counts[option] += 1;
    }

    /// Adds the counts of `other`; both must be of the same question.
    pub(crate) fn merge(&mut self, other: &EmotionTally) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Number of answers.
    pub fn n(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The summary for options `(label, valence)`; `None` without answers.
    pub fn summary(&self, options: &[(String, f64)], confidence: Confidence) -> Option<EmotionSummary> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let mut m = MeanTally::default();
        let (mut neg, mut pos) = (0, 0);
        for ((_, valence), &c) in options.iter().zip(&self.counts) {
            m.add_many((valence * VALENCE_UNIT).round() as i64, c);
            if *valence < 0.0 {
                neg += c;
            } else if *valence > 0.0 {
                pos += c;
            }
        }
        Some(EmotionSummary {
            n,
            counts: options.iter().map(|(l, _)| l.clone()).zip(self.counts.iter().copied()).collect(),
            valence: m.scaled_score(confidence, VALENCE_UNIT, -1.0, 1.0)?,
            share_negative: neg as f64 * 100.0 / n as f64,
            share_positive: pos as f64 * 100.0 / n as f64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    fn repeat(parts: &[(u8, usize)]) -> Vec<u8> {
        parts.iter().flat_map(|&(v, k)| std::iter::repeat_n(v, k)).collect()
    }

    #[test]
    fn nps_of_four_answers() {
        let s = nps(&[10, 7, 3, 9]).unwrap();
        assert_eq!((s.n, s.promoters, s.passives, s.detractors), (4, 2, 1, 1));
        assert_eq!(s.score, 25.0);
    }

    #[test]
    fn nps_60_25_15_has_margin_14_50() {
        let s = nps(&repeat(&[(9, 60), (7, 25), (0, 15)])).unwrap();
        assert_eq!(s.score, 45.0);
        // Var = 0.75 − 0.45² = 0.5475; 1.959964·sqrt(0.5475/100)·100 = 14.5022
        assert!(close(s.margin_of_error, 14.50, 0.005), "{}", s.margin_of_error);
        assert!(close(s.ci.low, 30.50, 0.005) && close(s.ci.high, 59.50, 0.005), "{:?}", s.ci);
    }

    #[test]
    fn nps_interval_is_clamped_at_100() {
        let s = nps(&repeat(&[(10, 9), (2, 2)])).unwrap();
        assert!(close(s.score, 63.64, 0.005));
        assert!(close(s.ci.low, 18.05, 0.005), "{:?}", s.ci);
        assert_eq!(s.ci.high, 100.0);
    }

    #[test]
    fn csat_960_of_1200_wilson() {
        let s = csat(&repeat(&[(5, 500), (4, 460), (3, 140), (1, 100)]), 5).unwrap();
        assert_eq!(s.satisfied, 960);
        assert_eq!(s.score, 80.0);
        assert!(close(s.ci.low, 77.64, 0.005) && close(s.ci.high, 82.17, 0.005), "{:?}", s.ci);
    }

    #[test]
    fn csat_on_three_points_counts_the_top_box() {
        let s = csat(&[3, 2, 1, 3], 3).unwrap();
        assert_eq!(s.satisfied, 2);
    }

    #[test]
    fn ces_mean_sd_interval_and_share_easy() {
        // 1..=7 once each: mean 4, sd = sqrt(28/6) = 2.160247, t(0.975; 6) = 2.446912
        let s = ces(&[1, 2, 3, 4, 5, 6, 7], 7).unwrap();
        assert_eq!(s.mean, 4.0);
        assert!(close(s.sd, 2.160_247, 1e-6));
        let half = 2.446_912 * 2.160_247 / 7f64.sqrt();
        assert!(close(s.ci.low, 4.0 - half, 1e-4) && close(s.ci.high, 4.0 + half, 1e-4));
        assert!(close(s.share_easy, 300.0 / 7.0, 1e-9));
        // On 5 points, 4 and 5 are easy.
        assert_eq!(ces(&[4, 5, 3, 1], 5).unwrap().share_easy, 50.0);
    }

    #[test]
    fn a_single_answer_says_nothing_about_spread() {
        let s = ces(&[6], 7).unwrap();
        assert_eq!((s.mean, s.sd), (6.0, 0.0));
        assert_eq!((s.ci.low, s.ci.high), (1.0, 7.0));
    }

    #[test]
    fn bad_scores_name_their_index() {
        let e = nps(&[3, 11]).unwrap_err();
        assert_eq!(e.path(), Some("scores[1]"));
        assert_eq!(csat(&[0], 5).unwrap_err().path(), Some("ratings[0]"));
        assert_eq!(csat(&[1], 11).unwrap_err().path(), Some("scale"));
        assert_eq!(ces(&[1], 6).unwrap_err().path(), Some("scale"));
        assert_eq!(nps(&[]).unwrap_err().path(), Some("scores"));
        // Numbers as other languages pass them.
        assert_eq!(nps_at(&[9.0, 8.5], Confidence::DEFAULT).unwrap_err().path(), Some("scores[1]"));
        assert_eq!(nps_at(&[-1i64], Confidence::DEFAULT).unwrap_err().path(), Some("scores[0]"));
        assert_eq!(csat_at(&[5.0], 300.0, Confidence::DEFAULT).unwrap_err().path(), Some("scale"));
        assert_eq!(nps_at(&[10.0, 7.0, 3.0, 9.0], Confidence::DEFAULT).unwrap().score, 25.0);
    }

    #[test]
    fn two_proportion_test_by_hand() {
        // 80/100 vs 70/100: pooled p = 0.75, SE = sqrt(0.75·0.25·0.02) = 0.0612372,
        // z = 0.10/0.0612372 = 1.632993, two-sided p = 0.102470.
        let a = csat(&repeat(&[(5, 80), (1, 20)]), 5).unwrap();
        let b = csat(&repeat(&[(5, 70), (1, 30)]), 5).unwrap();
        let d = compare_csat(&a, &b, Confidence::DEFAULT).unwrap();
        assert!(close(d.difference, 10.0, 1e-9));
        assert!(close(d.z, 1.632_993, 1e-6));
        assert!(close(d.p_value, 0.102_470, 1e-5));
        assert!(!d.significant);
    }

    #[test]
    fn nps_z_test_by_hand() {
        // A: 60/25/15 of 100 → NPS 45, Var 0.5475. B: 40/30/30 of 100 → NPS 10,
        // Var = 0.70 − 0.01 = 0.69. SE = sqrt(0.005475 + 0.0069)·100 = 11.1243,
        // z = 35/11.1243 = 3.146266, p = 0.001654.
        let a = nps(&repeat(&[(9, 60), (7, 25), (0, 15)])).unwrap();
        let b = nps(&repeat(&[(10, 40), (8, 30), (5, 30)])).unwrap();
        let d = compare_nps(&a, &b, Confidence::DEFAULT).unwrap();
        assert!(close(d.difference, 35.0, 1e-9));
        assert!(close(d.standard_error, 11.124_298, 1e-5));
        assert!(close(d.z, 3.146_266, 1e-5));
        assert!(close(d.p_value, 0.001_654, 1e-5));
        assert!(d.significant);
    }

    #[test]
    fn comparisons_reject_inconsistent_scores() {
        let mut a = nps(&[9, 9]).unwrap();
        let b = a.clone();
        a.promoters = 5;
        assert_eq!(compare_nps(&a, &b, Confidence::DEFAULT).unwrap_err().path(), Some("a.n"));
        let mut c = csat(&[5], 5).unwrap();
        c.satisfied = 2;
        assert_eq!(compare_csat(&c.clone(), &c, Confidence::DEFAULT).unwrap_err().path(), Some("a.satisfied"));
        c.n = 0;
        assert_eq!(compare_csat(&csat(&[5], 5).unwrap(), &c, Confidence::DEFAULT).unwrap_err().path(), Some("b.n"));
    }

    #[test]
    fn emotion_valence_summary() {
        let options: Vec<(String, f64)> = [("angry", -1.0), ("neutral", 0.0), ("pleased", 0.7)].iter().map(|(l, v)| (l.to_string(), *v)).collect();
        let mut t = EmotionTally::new(3);
        for o in [0, 2, 2, 1] {
            t.add(o);
        }
        let s = t.summary(&options, Confidence::DEFAULT).unwrap();
        assert_eq!(s.n, 4);
        assert!(close(s.valence.mean, 0.1, 1e-12)); // (−1 + 0.7 + 0.7 + 0) / 4
        assert_eq!((s.share_negative, s.share_positive), (25.0, 50.0));
        assert_eq!(s.counts[2], ("pleased".to_string(), 2));
    }
}
