//! Similarity: per-outlet distributions (of terms, or of lexicon hits over categories) in, the
//! Jensen–Shannon divergence between every pair and an ordering of outlets by average-linkage
//! hierarchical clustering out (for the similarity heatmap).

/// Jensen–Shannon divergence in bits (0 = identical, 1 = disjoint) of two distributions given as
/// sparse (index, weight) lists sorted by index; weights need not be normalised.
/// JSD(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M), M = ½(P + Q) (Lin 1991).
pub fn jsd(p: &[(u32, f64)], q: &[(u32, f64)]) -> f64 {
    let (sp, sq): (f64, f64) = (p.iter().map(|x| x.1).sum(), q.iter().map(|x| x.1).sum());
    if sp <= 0.0 || sq <= 0.0 {
        return if sp <= 0.0 && sq <= 0.0 { 0.0 } else { 1.0 };
    }
    let term = |x: f64, m: f64| if x > 0.0 { x * (x / m).log2() } else { 0.0 };
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < p.len() || j < q.len() {
        let (pi, qi) = match (p.get(i), q.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                i += 1;
                j += 1;
                (a.1 / sp, b.1 / sq)
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                i += 1;
                (a.1 / sp, 0.0)
            }
            (Some(a), None) => {
                i += 1;
                (a.1 / sp, 0.0)
            }
            (_, Some(b)) => {
                j += 1;
                (0.0, b.1 / sq)
            }
            (None, None) => unreachable!("loop condition"),
        };
        let m = (pi + qi) / 2.0;
        sum += 0.5 * term(pi, m) + 0.5 * term(qi, m);
    }
    sum.clamp(0.0, 1.0)
}

/// Leaf order of an average-linkage (UPGMA) clustering of a symmetric distance matrix: similar
/// items end up next to each other. Ties merge the pair with the lowest indices first, so the
/// order is deterministic.
pub fn cluster_order(distance: &[Vec<f64>]) -> Vec<usize> {
    let n = distance.len();
    // Each cluster: its members in leaf order.
    let mut clusters: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    let mut d: Vec<Vec<f64>> = distance.to_vec();
    for _ in 1..n {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in 0..n {
            if clusters[i].is_none() {
                continue;
            }
            for j in i + 1..n {
                if clusters[j].is_some() && best.is_none_or(|(b, _, _)| d[i][j] < b) {
                    best = Some((d[i][j], i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let (si, sj) = (clusters[i].as_ref().unwrap().len() as f64, clusters[j].as_ref().unwrap().len() as f64);
        for k in 0..n {
            if k != i && k != j && clusters[k].is_some() {
                let merged = (d[i][k] * si + d[j][k] * sj) / (si + sj);
                d[i][k] = merged;
                d[k][i] = merged;
            }
        }
        let right = clusters[j].take().unwrap();
        clusters[i].as_mut().unwrap().extend(right);
    }
    clusters.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsd_worked_examples() {
        // P = (½, ½, 0), Q = (0, ½, ½): M = (¼, ½, ¼); KL(P‖M) = ½·log2 2 + ½·log2 1 = ½ = KL(Q‖M).
        let p = [(0, 1.0), (1, 1.0)];
        let q = [(1, 5.0), (2, 5.0)];
        assert!((jsd(&p, &q) - 0.5).abs() < 1e-12);
        assert_eq!(jsd(&p, &p), 0.0);
        assert!((jsd(&[(0, 1.0)], &[(1, 1.0)]) - 1.0).abs() < 1e-12, "disjoint");
        assert_eq!(jsd(&[], &[]), 0.0);
        assert!((jsd(&p, &q) - jsd(&q, &p)).abs() < 1e-15, "symmetric");
    }

    #[test]
    fn clusters_put_similar_items_together() {
        // a and c are close, b and d are close, the pairs far apart.
        let d = vec![
            vec![0.0, 0.9, 0.1, 0.8],
            vec![0.9, 0.0, 0.85, 0.2],
            vec![0.1, 0.85, 0.0, 0.9],
            vec![0.8, 0.2, 0.9, 0.0],
        ];
        assert_eq!(cluster_order(&d), vec![0, 2, 1, 3]);
        assert_eq!(cluster_order(&[vec![0.0]]), vec![0]);
        assert!(cluster_order(&[]).is_empty());
    }
}
