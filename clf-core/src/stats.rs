//! Distribution functions the scores need: the standard normal CDF and
//! quantile, and Student's t quantile. Accurate to well below the two decimals
//! the reports show.

use crate::error::{ClfError, Result};

/// A confidence level strictly between 0 and 1 (default 0.95).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Confidence(f64);

impl Confidence {
    /// 95%, the default everywhere.
    pub const DEFAULT: Confidence = Confidence(0.95);

    /// A confidence level; `level` must lie strictly between 0 and 1.
    pub fn new(level: f64) -> Result<Self> {
        Self::at("confidence", level)
    }

    /// Like [`Confidence::new`], naming `path` in the error.
    pub(crate) fn at(path: &str, level: f64) -> Result<Self> {
        if level.is_finite() && level > 0.0 && level < 1.0 {
            Ok(Confidence(level))
        } else {
            Err(ClfError::validation(path, format!("expected a confidence level strictly between 0 and 1 (e.g. 0.95), got {level}")))
        }
    }

    /// The level, e.g. 0.95.
    pub fn level(self) -> f64 {
        self.0
    }

    /// The two-sided critical value of the standard normal: 1.959964 at 95%.
    pub fn z(self) -> f64 {
        normal_quantile(1.0 - (1.0 - self.0) / 2.0)
    }

    /// The two-sided critical value of Student's t with `df` degrees of freedom.
    pub fn t(self, df: f64) -> f64 {
        t_quantile(1.0 - (1.0 - self.0) / 2.0, df)
    }
}

impl Default for Confidence {
    fn default() -> Self {
        Confidence::DEFAULT
    }
}

/// P(Z ≤ x) for the standard normal.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// Two-sided p-value of a z statistic.
pub fn two_sided_p(z: f64) -> f64 {
    libm::erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0)
}

/// The x with P(Z ≤ x) = p, for 0 < p < 1: Acklam's rational approximation
/// (relative error below 1.2e-9), polished by one Halley step on the exact CDF.
pub fn normal_quantile(p: f64) -> f64 {
    debug_assert!(p > 0.0 && p < 1.0);
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    };
    // One Halley step: e = Φ(x) − p, u = e·√(2π)·exp(x²/2).
    let e = normal_cdf(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The t with P(T ≤ t) = p for Student's t with `df` > 0 degrees of freedom,
/// 0.5 ≤ p < 1: G. W. Hill's algorithm 396 (CACM 1970), exact for df 1 and 2.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    debug_assert!((0.5..1.0).contains(&p) && df > 0.0);
    // Hill works with the two-tailed probability.
    let p2 = 2.0 * (1.0 - p);
    let n = df;
    if (n - 1.0).abs() < f64::EPSILON {
        let a = p2 * std::f64::consts::FRAC_PI_2;
        return a.cos() / a.sin();
    }
    if (n - 2.0).abs() < f64::EPSILON {
        return (2.0 / (p2 * (2.0 - p2)) - 2.0).sqrt();
    }
    let a = 1.0 / (n - 0.5);
    let b = 48.0 / (a * a);
    let mut c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    let d = ((94.5 / (b + c) - 3.0) / b + 1.0) * (a * std::f64::consts::FRAC_PI_2).sqrt() * n;
    let mut x = d * p2;
    let mut y = x.powf(2.0 / n);
    if y > 0.05 + a {
        // Asymptotic inverse expansion about the normal.
        x = normal_quantile(p2 * 0.5);
        y = x * x;
        if n < 5.0 {
            c += 0.3 * (n - 4.5) * (x + 0.6);
        }
        c += (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = a * y * y;
        y = if y > 0.002 { y.exp() - 1.0 } else { 0.5 * y * y + y };
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0) + 0.5 / (n + 4.0)) * y - 1.0)
            * (n + 1.0)
            / (n + 2.0)
            + 1.0 / y;
    }
    (n * y).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from standard statistical tables.
    #[test]
    fn normal_quantiles_match_the_tables() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(normal_quantile(0.975), 1.959_963_984_540_054));
        assert!(close(normal_quantile(0.95), 1.644_853_626_951_472_2));
        assert!(close(normal_quantile(0.995), 2.575_829_303_548_900_4));
        assert!(close(normal_quantile(0.5), 0.0));
        assert!(close(normal_quantile(0.001), -3.090_232_306_167_813_5));
    }

    #[test]
    fn normal_cdf_matches_the_tables() {
        assert!((normal_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-15);
        assert!((two_sided_p(1.959_963_984_540_054) - 0.05).abs() < 1e-12);
    }

    #[test]
    fn t_quantiles_match_the_tables() {
        // t(0.975; df): 12.706205, 4.302653, 2.570582, 2.228139, 2.042272, 1.983972 (df = 100)
        for (df, t) in [(1.0, 12.706_205), (2.0, 4.302_653), (5.0, 2.570_582), (10.0, 2.228_139), (30.0, 2.042_272), (100.0, 1.983_972)] {
            let got = t_quantile(0.975, df);
            assert!((got - t).abs() < 2e-5, "df {df}: {got} vs {t}");
        }
        // t(0.995; 4) = 4.604095
        assert!((t_quantile(0.995, 4.0) - 4.604_095).abs() < 1e-4);
    }

    #[test]
    fn confidence_must_be_a_probability() {
        for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert!(Confidence::new(bad).is_err());
        }
        assert!((Confidence::new(0.95).unwrap().z() - 1.959_964).abs() < 1e-6);
    }
}
