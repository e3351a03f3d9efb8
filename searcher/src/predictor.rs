//! A Gaussian-process surrogate for predictor-guided proposals: it predicts a candidate's
//! objectives from its genome (see [`crate::Genome::encode`]) before anything is trained.
//!
//! Features are standardised per dimension; the kernel is a squared exponential on the mean
//! squared feature distance, k(a, b) = exp(-|a - b|^2 / (2 l^2 d)), plus noise s^2 on the
//! diagonal, on standardised targets. The length scale l and the noise s^2 are chosen on a small
//! grid by the closed-form leave-one-out error (Rasmussen & Williams 5.4.2):
//! mu_-i = y_i - [K^-1 y]_i / [K^-1]_ii. Solving is a Cholesky factorisation: O(n^3), fine for the
//! few hundred results a search has (callers pass the most recent ones).

/// Length scales and noise levels tried.
const LENGTHS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];
const NOISES: [f64; 4] = [1e-3, 1e-2, 0.1, 0.3];

/// A fitted model.
#[derive(Clone, Debug)]
pub struct Gp {
    x: Vec<Vec<f64>>,
    mean: Vec<f64>,
    scale: Vec<f64>,
    alpha: Vec<f64>,
    length: f64,
    y_mean: f64,
    y_std: f64,
}

fn standardise(x: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
    let d = x.first().map_or(0, Vec::len);
    let n = x.len().max(1) as f64;
    let mean: Vec<f64> = (0..d).map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n).collect();
    let scale: Vec<f64> = (0..d)
        .map(|j| {
            let v = x.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n;
            if v > 1e-12 {
                v.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    (mean, scale)
}

fn kernel(a: &[f64], b: &[f64], length: f64) -> f64 {
    let d = a.len().max(1) as f64;
    let s: f64 = a.iter().zip(b).map(|(x, y)| (x - y).powi(2)).sum();
    (-s / (2.0 * length * length * d)).exp()
}

/// Lower-triangular Cholesky factor of a symmetric positive definite matrix (row-major).
fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// The inverse of A = L L^T.
fn inverse(l: &[f64], n: usize) -> Vec<f64> {
    // L^-1 by forward substitution, then A^-1 = L^-T L^-1.
    let mut li = vec![0.0; n * n];
    for c in 0..n {
        for i in c..n {
            let mut s = if i == c { 1.0 } else { 0.0 };
            for k in c..i {
                s -= l[i * n + k] * li[k * n + c];
            }
            li[i * n + c] = s / l[i * n + i];
        }
    }
    let mut inv = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (i..n).map(|k| li[k * n + i] * li[k * n + j]).sum();
            inv[i * n + j] = s;
            inv[j * n + i] = s;
        }
    }
    inv
}

/// For one (length, noise): K^-1 and the leave-one-out predictions (standardised units).
fn loo_at(z: &[Vec<f64>], y: &[f64], length: f64, noise: f64) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = z.len();
    let mut k = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            k[i * n + j] = kernel(&z[i], &z[j], length) + if i == j { noise } else { 0.0 };
        }
    }
    let inv = inverse(&cholesky(&k, n)?, n);
    let alpha: Vec<f64> = (0..n).map(|i| (0..n).map(|j| inv[i * n + j] * y[j]).sum()).collect();
    let loo = (0..n).map(|i| y[i] - alpha[i] / inv[i * n + i]).collect();
    Some((alpha, loo))
}

impl Gp {
    /// Fits on `x` (rows of equal length) and `y`; hyperparameters by leave-one-out error.
    /// `None` with fewer than 3 points, unequal rows or non-finite values.
    pub fn fit(x: &[Vec<f64>], y: &[f64]) -> Option<Gp> {
        Self::fit_loo(x, y).map(|(g, _)| g)
    }

    /// As [`Gp::fit`], also returning the leave-one-out prediction of each point (in `y`'s
    /// units) under the chosen hyperparameters.
    pub fn fit_loo(x: &[Vec<f64>], y: &[f64]) -> Option<(Gp, Vec<f64>)> {
        let n = x.len();
        let d = x.first()?.len();
        if n < 3 || y.len() != n || x.iter().any(|r| r.len() != d || r.iter().any(|v| !v.is_finite())) {
            return None;
        }
        if y.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let (mean, scale) = standardise(x);
        let z: Vec<Vec<f64>> =
            x.iter().map(|r| r.iter().zip(&mean).zip(&scale).map(|((v, m), s)| (v - m) / s).collect()).collect();
        let y_mean = y.iter().sum::<f64>() / n as f64;
        let var = y.iter().map(|v| (v - y_mean).powi(2)).sum::<f64>() / n as f64;
        let y_std = if var > 1e-24 { var.sqrt() } else { 1.0 };
        let ys: Vec<f64> = y.iter().map(|v| (v - y_mean) / y_std).collect();
        let mut best: Option<(f64, f64, Vec<f64>, Vec<f64>)> = None;
        for &length in &LENGTHS {
            for &noise in &NOISES {
                let Some((alpha, loo)) = loo_at(&z, &ys, length, noise) else { continue };
                let err: f64 = loo.iter().zip(&ys).map(|(p, t)| (p - t).powi(2)).sum();
                if err.is_finite() && best.as_ref().is_none_or(|b| err < b.0) {
                    best = Some((err, length, alpha, loo));
                }
            }
        }
        let (_, length, alpha, loo) = best?;
        let loo = loo.iter().map(|v| v * y_std + y_mean).collect();
        Some((Gp { x: z, mean, scale, alpha, length, y_mean, y_std }, loo))
    }

    /// The posterior mean at `x`.
    pub fn predict(&self, x: &[f64]) -> f64 {
        let z: Vec<f64> = x.iter().zip(&self.mean).zip(&self.scale).map(|((v, m), s)| (v - m) / s).collect();
        let s: f64 = self.x.iter().zip(&self.alpha).map(|(r, a)| a * kernel(r, &z, self.length)).sum();
        s * self.y_std + self.y_mean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_smooth_function_and_its_loo_is_honest() {
        // y = sin(x0) + 0.5 x1 on a grid; the held-out points are predicted closely.
        let x: Vec<Vec<f64>> = (0..30).map(|i| vec![i as f64 * 0.2, (i % 5) as f64]).collect();
        let f = |r: &[f64]| r[0].sin() + 0.5 * r[1];
        let y: Vec<f64> = x.iter().map(|r| f(r)).collect();
        let (gp, loo) = Gp::fit_loo(&x, &y).unwrap();
        let loo_err = loo.iter().zip(&y).map(|(p, t)| (p - t).abs()).fold(0.0, f64::max);
        assert!(loo_err < 0.3, "leave-one-out error {loo_err}");
        for t in [vec![1.1, 2.0], vec![3.3, 1.0]] {
            assert!((gp.predict(&t) - f(&t)).abs() < 0.1, "{t:?}: {} vs {}", gp.predict(&t), f(&t));
        }
    }

    #[test]
    fn refuses_what_it_cannot_fit() {
        assert!(Gp::fit(&[vec![1.0], vec![2.0]], &[1.0, 2.0]).is_none(), "two points");
        assert!(Gp::fit(&[vec![1.0], vec![2.0], vec![f64::NAN]], &[1.0, 2.0, 3.0]).is_none());
        assert!(Gp::fit(&[vec![1.0], vec![2.0, 1.0], vec![3.0]], &[1.0, 2.0, 3.0]).is_none());
        // Constant targets and repeated points stay finite.
        let gp = Gp::fit(&[vec![1.0], vec![1.0], vec![1.0]], &[2.0, 2.0, 2.0]).unwrap();
        assert!((gp.predict(&[1.0]) - 2.0).abs() < 1e-6);
    }
}
