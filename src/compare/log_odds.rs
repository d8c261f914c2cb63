//! Log-odds: a term's counts in a target and a reference, and its prior pseudo-count, in; the
//! weighted log-odds ratio with an informative Dirichlet prior out (Monroe, Colaresi & Quinn
//! 2008, Political Analysis 16:372–403, eqs. 16–22).

/// δ, its standard error and z for one term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogOdds {
    pub delta: f64,
    pub se: f64,
    pub z: f64,
}

/// δ_w = ln[(y_wi+α_w)/(n_i+α₀−y_wi−α_w)] − ln[(y_wj+α_w)/(n_j+α₀−y_wj−α_w)]  (eq. 16)
/// σ²(δ_w) ≈ 1/(y_wi+α_w) + 1/(y_wj+α_w)                                       (eq. 20)
/// z_w = δ_w/σ(δ_w)                                                              (eq. 22)
pub fn log_odds(y_i: f64, y_j: f64, n_i: f64, n_j: f64, alpha_w: f64, alpha_0: f64) -> LogOdds {
    let delta = ((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w)).ln()
        - ((y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w)).ln();
    let se = (1.0 / (y_i + alpha_w) + 1.0 / (y_j + alpha_w)).sqrt();
    LogOdds { delta, se, z: delta / se }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_words_worked_from_the_published_formula() {
        // Corpus: outlet A (n_i = 100): martyr 8, killed 2, other 90; B (n_j = 100): killed 10,
        // other 90. α₀ = 200 = N, so α_w = y_w (the corpus count).
        // martyr: δ = ln(16/284) − ln(8/292) = 0.720927, σ² = 1/16 + 1/8, z = 1.664909
        // killed: δ = ln(14/286) − ln(22/278) = −0.480356, σ² = 1/14 + 1/22, z = −1.405035
        // other:  δ = ln(270/30) − ln(270/30) = 0, z = 0
        let cases = [
            ((8.0, 0.0, 8.0), (0.720_927, 1.664_909)),
            ((2.0, 10.0, 12.0), (-0.480_356, -1.405_035)),
            ((90.0, 90.0, 180.0), (0.0, 0.0)),
        ];
        for ((y_i, y_j, alpha_w), (delta, z)) in cases {
            let r = log_odds(y_i, y_j, 100.0, 100.0, alpha_w, 200.0);
            assert!((r.delta - delta).abs() < 1e-5, "δ for y = {y_i}/{y_j}: {}", r.delta);
            assert!((r.z - z).abs() < 1e-5, "z for y = {y_i}/{y_j}: {}", r.z);
        }
    }
}
