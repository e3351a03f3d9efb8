//! Rank correlations for judging proxies: Kendall's tau-b and Spearman's rho (average ranks for
//! ties), as scipy.stats computes them.

/// Ranks 1..=n, ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    (va > 0.0 && vb > 0.0).then(|| cov / (va * vb).sqrt())
}

/// Spearman's rho; `None` for fewer than 2 points or a constant series.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.len() < 2 {
        return None;
    }
    pearson(&ranks(a), &ranks(b))
}

/// Kendall's tau-b; `None` for fewer than 2 points or a constant series.
pub fn kendall(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.len() < 2 {
        return None;
    }
    let (mut conc, mut disc, mut ties_a, mut ties_b) = (0i64, 0i64, 0i64, 0i64);
    for i in 0..a.len() {
        for j in i + 1..a.len() {
            let (da, db) = (a[i] - a[j], b[i] - b[j]);
            if da == 0.0 && db == 0.0 {
                continue;
            } else if da == 0.0 {
                ties_a += 1;
            } else if db == 0.0 {
                ties_b += 1;
            } else if (da > 0.0) == (db > 0.0) {
                conc += 1;
            } else {
                disc += 1;
            }
        }
    }
    let denom = (((conc + disc + ties_a) * (conc + disc + ties_b)) as f64).sqrt();
    (denom > 0.0).then(|| (conc - disc) as f64 / denom)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_scipy_on_small_cases() {
        let a = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(kendall(&a, &a), Some(1.0));
        assert_eq!(spearman(&a, &[5.0, 4.0, 3.0, 2.0, 1.0]), Some(-1.0));
        // scipy.stats.kendalltau([1,2,3,4,5],[3,1,2,5,4]) = 0.4; spearmanr = 0.6
        let b = [3.0, 1.0, 2.0, 5.0, 4.0];
        assert!((kendall(&a, &b).unwrap() - 0.4).abs() < 1e-12);
        assert!((spearman(&a, &b).unwrap() - 0.6).abs() < 1e-12);
        // With ties: kendalltau([1,2,2,3],[1,3,2,4]) = 0.9128709291752769;
        // spearmanr = 0.9486832980505138
        let (c, d) = ([1.0, 2.0, 2.0, 3.0], [1.0, 3.0, 2.0, 4.0]);
        assert!((kendall(&c, &d).unwrap() - 0.912_870_929_175_276_9).abs() < 1e-12);
        assert!((spearman(&c, &d).unwrap() - 0.948_683_298_050_513_8).abs() < 1e-12);
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
        assert_eq!(kendall(&a, &[1.0; 5]), None);
        assert_eq!(spearman(&[1.0], &[1.0]), None);
    }
}
