//! The regression part of the likelihood: the columns that are filtered alongside the data (a
//! constant or drift, then any user regressors) and the cross-products of their innovations,
//! from which the regression coefficients are concentrated out by generalised least squares.
//!
//! For fixed ARMA coefficients the innovations of `y − Xβ` are those of `y` minus those of the
//! columns of `X` times β, and their variances do not depend on β; so the exact likelihood's
//! maximum over β is the GLS estimate from these cross-products, and the profile likelihood
//! over the ARMA coefficients is exact (as for the mean and drift before user regressors).

/// Regression columns stored column by column (`k` columns of `len` values).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Columns {
    pub(crate) data: Vec<f64>,
    pub(crate) k: usize,
    pub(crate) len: usize,
}

impl Columns {
    /// No columns, for series of `len` values.
    pub(crate) fn none(len: usize) -> Self {
        Self {
            data: Vec::new(),
            k: 0,
            len,
        }
    }

    /// Column `j`.
    pub(crate) fn col(&self, j: usize) -> &[f64] {
        &self.data[j * self.len..(j + 1) * self.len]
    }

    /// Appends a column of `len` values.
    pub(crate) fn push(&mut self, col: &[f64]) {
        debug_assert_eq!(col.len(), self.len);
        self.data.extend_from_slice(col);
        self.k += 1;
    }

    pub(crate) fn view(&self) -> Cols<'_> {
        Cols {
            data: &self.data,
            k: self.k,
            len: self.len,
        }
    }

    /// `Σ_j β_j x_j[t]`.
    pub(crate) fn dot_row(&self, t: usize, beta: &[f64]) -> f64 {
        self.view().dot_row(t, beta)
    }
}

/// A borrowed view of [`Columns`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cols<'a> {
    pub(crate) data: &'a [f64],
    pub(crate) k: usize,
    pub(crate) len: usize,
}

impl<'a> Cols<'a> {
    pub(crate) fn col(&self, j: usize) -> &'a [f64] {
        &self.data[j * self.len..(j + 1) * self.len]
    }

    /// `Σ_j β_j x_j[t]`.
    pub(crate) fn dot_row(&self, t: usize, beta: &[f64]) -> f64 {
        (0..self.k)
            .map(|j| beta[j] * self.data[j * self.len + t])
            .sum()
    }
}

/// Cross-products of the standardised innovations of the data (y) and of the regression
/// columns (x), and the log-determinant term.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sums {
    pub(crate) syy: f64,
    /// `Σ v_{x,j} v_y / F` for each column.
    pub(crate) sxy: Vec<f64>,
    /// `Σ v_{x,i} v_{x,j} / F`, k×k row by row (upper triangle while accumulating; full after
    /// [`finish`](Self::finish)).
    pub(crate) sxx: Vec<f64>,
    pub(crate) sumlog: f64,
    pub(crate) n: usize,
    /// Scratch for the GLS solve.
    chol: Vec<f64>,
    beta: Vec<f64>,
}

impl Sums {
    /// Zero sums for `k` columns (buffers kept).
    pub(crate) fn reset(&mut self, k: usize) {
        self.syy = 0.0;
        self.sumlog = 0.0;
        self.n = 0;
        self.sxy.clear();
        self.sxy.resize(k, 0.0);
        self.sxx.clear();
        self.sxx.resize(k * k, 0.0);
    }

    /// Fresh sums for `k` columns.
    pub(crate) fn new(k: usize) -> Self {
        let mut s = Self::default();
        s.reset(k);
        s
    }

    /// Number of regression columns.
    pub(crate) fn k(&self) -> usize {
        self.sxy.len()
    }

    /// Adds one observation with innovations `vy`, `vx` and inverse variance `inv_f` (the
    /// log-determinant term is added by the caller).
    #[inline]
    pub(crate) fn add(&mut self, vy: f64, vx: &[f64], inv_f: f64) {
        self.syy += vy * vy * inv_f;
        let k = vx.len();
        for i in 0..k {
            let a = vx[i] * inv_f;
            self.sxy[i] += a * vy;
            let row = &mut self.sxx[i * k..(i + 1) * k];
            for j in i..k {
                row[j] += a * vx[j];
            }
        }
    }

    /// Fills the lower triangle of `sxx`; marks non-finite sums as an infinite `syy`.
    pub(crate) fn finish(&mut self) {
        let k = self.k();
        for i in 0..k {
            for j in 0..i {
                self.sxx[i * k + j] = self.sxx[j * k + i];
            }
        }
        if !self.sxy.iter().chain(&self.sxx).all(|v| v.is_finite()) {
            self.syy = f64::INFINITY;
        }
    }

    /// GLS coefficients into the scratch buffer. With one column this is `sxy/sxx` (0 when the
    /// column carries no information); with more, a Cholesky solve, NaN when `sxx` is not
    /// positive definite (collinear columns are refused before fitting).
    fn solve(&mut self) {
        let k = self.k();
        self.beta.clear();
        self.beta.extend_from_slice(&self.sxy);
        if k == 1 {
            self.beta[0] = if self.sxx[0] > 0.0 {
                self.sxy[0] / self.sxx[0]
            } else {
                0.0
            };
            return;
        }
        self.chol.clear();
        self.chol.extend_from_slice(&self.sxx);
        if !cholesky_solve(&mut self.chol, &mut self.beta, k) {
            self.beta.fill(f64::NAN);
        }
    }

    /// The GLS coefficients (empty without columns).
    pub(crate) fn beta(&mut self) -> Vec<f64> {
        self.solved().to_vec()
    }

    /// The GLS coefficients, in the sums' scratch buffer (no allocation).
    pub(crate) fn solved(&mut self) -> &[f64] {
        self.solve();
        &self.beta
    }

    /// Residual sum of squares at regression coefficients `beta`.
    pub(crate) fn ssq_at(&self, beta: &[f64]) -> f64 {
        let k = self.k();
        if k == 1 {
            let b = beta[0];
            return self.syy - 2.0 * b * self.sxy[0] + b * b * self.sxx[0];
        }
        let mut ssq = self.syy;
        for i in 0..k {
            let mut q = 0.0;
            for j in 0..k {
                q += self.sxx[i * k + j] * beta[j];
            }
            ssq += beta[i] * (q - 2.0 * self.sxy[i]);
        }
        ssq
    }

    /// `-loglik / n` up to constants, σ² concentrated out: `½(log(ssq/n) + sumlog/n)`.
    pub(crate) fn objective(&self, beta: &[f64]) -> f64 {
        let n = self.n as f64;
        let ssq = self.ssq_at(beta);
        if !(ssq > 0.0) || self.n == 0 {
            return f64::INFINITY;
        }
        0.5 * ((ssq / n).ln() + self.sumlog / n)
    }

    /// The objective with the regression coefficients at their GLS values.
    pub(crate) fn profile(&mut self) -> f64 {
        if self.k() == 0 {
            return self.objective(&[]);
        }
        self.solve();
        let beta = std::mem::take(&mut self.beta);
        let v = self.objective(&beta);
        self.beta = beta;
        v
    }
}

/// Solves `A x = b` in place for a symmetric positive definite k×k `A` (overwritten by its
/// Cholesky factor); `false` if `A` is not numerically positive definite.
pub(crate) fn cholesky_solve(a: &mut [f64], b: &mut [f64], k: usize) -> bool {
    for j in 0..k {
        let mut d = a[j * k + j];
        for l in 0..j {
            d -= a[j * k + l] * a[j * k + l];
        }
        if !(d > 0.0) || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        a[j * k + j] = d;
        for i in (j + 1)..k {
            let mut v = a[i * k + j];
            for l in 0..j {
                v -= a[i * k + l] * a[j * k + l];
            }
            a[i * k + j] = v / d;
        }
    }
    // L z = b, then Lᵀ x = z.
    for i in 0..k {
        let mut v = b[i];
        for l in 0..i {
            v -= a[i * k + l] * b[l];
        }
        b[i] = v / a[i * k + i];
    }
    for i in (0..k).rev() {
        let mut v = b[i];
        for l in (i + 1)..k {
            v -= a[l * k + i] * b[l];
        }
        b[i] = v / a[i * k + i];
    }
    b.iter().all(|v| v.is_finite())
}

/// The first column (in order) that is not identified: zero information of its own
/// (`Err((j, None))`) or, relative to its own information, less than `tol` left once the
/// earlier columns are accounted for (`Err((j, Some(()))`), a linear combination of them).
/// `sxx` is the k×k cross-product matrix.
pub(crate) fn first_dependent(sxx: &[f64], k: usize, tol: f64) -> Result<(), (usize, bool)> {
    let mut l = vec![0.0; k * k];
    for j in 0..k {
        let own = sxx[j * k + j];
        if !(own > 0.0) {
            return Err((j, false));
        }
        let mut d = own;
        for m in 0..j {
            d -= l[j * k + m] * l[j * k + m];
        }
        if !(d > tol * own) {
            return Err((j, true));
        }
        let d = d.sqrt();
        l[j * k + j] = d;
        for i in (j + 1)..k {
            let mut v = sxx[i * k + j];
            for m in 0..j {
                v -= l[i * k + m] * l[j * k + m];
            }
            l[i * k + j] = v / d;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_small_system() {
        // [[4, 2], [2, 3]] x = [2, 1] -> x = [0.5, 0].
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let mut b = vec![2.0, 1.0];
        assert!(cholesky_solve(&mut a, &mut b, 2));
        assert!((b[0] - 0.5).abs() < 1e-15 && b[1].abs() < 1e-15);
        let mut singular = vec![1.0, 2.0, 2.0, 4.0];
        assert!(!cholesky_solve(&mut singular, &mut [1.0, 1.0], 2));
    }

    #[test]
    fn gls_of_two_columns_is_least_squares() {
        // y = 2 + 3 t exactly, columns 1 and t, unit variances: β = (2, 3), ssq = 0.
        let mut s = Sums::new(2);
        for t in 0..10 {
            let t = t as f64;
            s.add(2.0 + 3.0 * t, &[1.0, t], 1.0);
            s.n += 1;
        }
        s.finish();
        let b = s.beta();
        assert!(
            (b[0] - 2.0).abs() < 1e-12 && (b[1] - 3.0).abs() < 1e-12,
            "{b:?}"
        );
        assert!(s.ssq_at(&b).abs() < 1e-9);
    }

    #[test]
    fn dependent_columns_are_found_in_order() {
        // Columns 1, t, 2 + t: the third is a combination of the first two.
        let cols: Vec<[f64; 3]> = (0..8).map(|t| [1.0, t as f64, 2.0 + t as f64]).collect();
        let mut s = Sums::new(3);
        for c in &cols {
            s.add(0.0, c, 1.0);
        }
        s.finish();
        assert_eq!(first_dependent(&s.sxx, 3, 1e-10), Err((2, true)));
        let mut two = Sums::new(2);
        for c in &cols {
            two.add(0.0, &c[..2], 1.0);
        }
        two.finish();
        assert_eq!(first_dependent(&two.sxx, 2, 1e-10), Ok(()));
        assert_eq!(
            first_dependent(&[0.0, 0.0, 0.0, 1.0], 2, 1e-10),
            Err((0, false))
        );
    }
}
