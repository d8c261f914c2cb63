//! Statistics helpers: z-scores in, two-sided normal p-values and Benjamini–Hochberg q-values out;
//! percentiles of bootstrap replicates.

/// Complementary error function, Numerical Recipes' `erfcc` (Press et al. 2007, §6.2), fractional
/// error below 1.2e-7 everywhere: ample for p-values reported to three significant digits.
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// Two-sided p-value of a standard-normal z: P(|Z| ≥ |z|) = erfc(|z|/√2).
pub fn two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0)
}

/// Benjamini–Hochberg (1995) adjusted p-values (q-values), in the input order:
/// q_(i) = min_{k ≥ i} (m / k) p_(k), capped at 1.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(b.cmp(&a)));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank_from_top, &i) in order.iter().enumerate() {
        let k = m - rank_from_top; // rank of p[i] in ascending order, 1-based
        running = running.min(p[i] * m as f64 / k as f64);
        q[i] = running;
    }
    q
}

/// The `prob` quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan 1996, definition 7: R's and NumPy's default).
pub fn quantile_sorted(sorted: &[f64], prob: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * prob;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_tail_probabilities_match_tables() {
        // Values from standard normal tables: P(|Z| >= z).
        let cases = [(0.0, 1.0), (1.0, 0.317_310_5), (1.959_964, 0.05), (2.575_829, 0.01), (3.290_527, 0.001), (-1.0, 0.317_310_5)];
        for (z, p) in cases {
            assert!((two_sided_p(z) - p).abs() < 1e-6, "z={z}: {} vs {p}", two_sided_p(z));
        }
    }

    #[test]
    fn bh_matches_worked_example() {
        // Worked by hand: m = 5, sorted p = .01 .02 .03 .04 .20
        // raw m/k·p = .05 .05 .05 .05 .20; cumulative minimum from the top leaves them unchanged.
        let q = benjamini_hochberg(&[0.04, 0.01, 0.20, 0.03, 0.02]);
        let want = [0.05, 0.05, 0.20, 0.05, 0.05];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        // Monotonicity step: p = .01 .04 .045 → m/k·p = .03 .06 .045 → q = .03 .045 .045
        let q = benjamini_hochberg(&[0.045, 0.01, 0.04]);
        let want = [0.045, 0.03, 0.045];
        for (a, b) in q.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{q:?}");
        }
        assert!(benjamini_hochberg(&[]).is_empty());
    }

    #[test]
    fn type7_quantiles() {
        let x = [1.0, 2.0, 3.0, 4.0];
        // h = 3p: p=.5 → 1.5 → 2.5 ; p=.025 → .075 → 1.075 ; p=.975 → 2.925 → 3.925
        assert_eq!(quantile_sorted(&x, 0.5), 2.5);
        assert!((quantile_sorted(&x, 0.025) - 1.075).abs() < 1e-12);
        assert!((quantile_sorted(&x, 0.975) - 3.925).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.975), 7.0);
    }
}
