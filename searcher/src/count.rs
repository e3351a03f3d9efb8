//! Closed-form counts from the network description alone: trainable parameters as PyTorch
//! counts them (conv/linear weights and biases, BN gamma and beta), MACs (conv, linear,
//! matmul), the bytes of every activation and the naive peak (see `hynas_ir::stats`).

use crate::builder::{Name, NetBuilder, R};
use crate::SearchError;
use hynas_ir::ops::conv::out_dim;
use hynas_ir::ops::PoolKind;
use hynas_ir::stats;

/// Figures of one architecture.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub params: u64,
    pub macs: u64,
    /// Bytes of every activation in execution order, the input first.
    #[serde(skip)]
    pub activation_bytes: Vec<usize>,
    pub peak_activation_bytes: usize,
    /// Spatial size (H) of the last feature map before the classifier.
    pub last_fmap: usize,
}

/// Shape of a value: rank and up to four dimensions (kept inline to avoid allocations).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct D {
    rank: usize,
    d: [usize; 4],
}

impl D {
    fn new(dims: &[usize]) -> Self {
        let mut d = [1; 4];
        d[..dims.len()].copy_from_slice(dims);
        D { rank: dims.len(), d }
    }
    fn as_slice(&self) -> &[usize] {
        &self.d[..self.rank]
    }
    fn numel(&self) -> usize {
        self.as_slice().iter().product()
    }
}

impl std::ops::Index<usize> for D {
    type Output = usize;
    fn index(&self, i: usize) -> &usize {
        &self.d[i]
    }
}

#[derive(Default)]
pub struct CountBuilder {
    dims: Vec<D>,
    /// Last step reading each value (its own step when unread).
    last_use: Vec<usize>,
    outputs: Vec<usize>,
    params: u64,
    macs: u64,
}

fn bad(name: Name, msg: String) -> SearchError {
    SearchError::Shape(format!("{name}: {msg}"))
}

impl CountBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, dims: D, reads: &[usize]) -> usize {
        let step = self.dims.len();
        for &r in reads {
            self.last_use[r] = step;
        }
        self.dims.push(dims);
        self.last_use.push(step);
        step
    }

    fn window(&self, name: Name, x: usize, k: usize, s: usize, p: usize) -> R<(usize, usize)> {
        let d = &self.dims[x];
        match (out_dim(d[2], k, s, p), out_dim(d[3], k, s, p)) {
            (Some(h), Some(w)) => Ok((h, w)),
            _ => Err(bad(name, format!("window k={k} does not fit {:?}", d.as_slice()))),
        }
    }

    pub fn finish(self, last_fmap: usize) -> Counts {
        let bytes: Vec<usize> = self.dims.iter().map(|d| d.numel() * 4).collect();
        let end = bytes.len().saturating_sub(1);
        let lifetimes: Vec<stats::Lifetime> = (0..bytes.len())
            .map(|i| stats::Lifetime {
                bytes: bytes[i],
                first: i,
                last: if self.outputs.contains(&i) { end } else { self.last_use[i] },
            })
            .collect();
        let peak = stats::peak_bytes(&lifetimes);
        Counts { params: self.params, macs: self.macs, activation_bytes: bytes, peak_activation_bytes: peak, last_fmap }
    }
}

impl NetBuilder for CountBuilder {
    type V = usize;

    fn input(&mut self, dims: &[usize]) -> usize {
        self.push(D::new(dims), &[])
    }
    fn dims(&self, v: usize) -> Vec<usize> {
        self.dims[v].as_slice().to_vec()
    }
    fn conv(
        &mut self,
        name: Name,
        x: usize,
        c_out: usize,
        k: usize,
        s: usize,
        p: usize,
        groups: usize,
        bias: bool,
    ) -> R<usize> {
        let c_in = self.dims[x][1];
        if groups == 0 || !c_in.is_multiple_of(groups) || !c_out.is_multiple_of(groups) || c_out == 0 {
            return Err(bad(name, format!("groups {groups} do not divide {c_in} -> {c_out} channels")));
        }
        let (h, w) = self.window(name, x, k, s, p)?;
        let taps = (c_in / groups * k * k) as u64;
        self.params += c_out as u64 * taps + if bias { c_out as u64 } else { 0 };
        let n = self.dims[x][0];
        self.macs += (n * c_out * h * w) as u64 * taps;
        Ok(self.push(D::new(&[n, c_out, h, w]), &[x]))
    }
    fn batch_norm(&mut self, _: Name, x: usize) -> R<usize> {
        self.params += 2 * self.dims[x][1] as u64;
        Ok(self.push(self.dims[x], &[x]))
    }
    fn relu(&mut self, _: Name, x: usize) -> R<usize> {
        Ok(self.push(self.dims[x], &[x]))
    }
    fn add(&mut self, name: Name, a: usize, b: usize) -> R<usize> {
        if self.dims[a] != self.dims[b] {
            return Err(bad(
                name,
                format!("cannot add {:?} and {:?}", self.dims[a].as_slice(), self.dims[b].as_slice()),
            ));
        }
        Ok(self.push(self.dims[a], &[a, b]))
    }
    fn mul_scalar(&mut self, _: Name, x: usize, _: f32) -> R<usize> {
        Ok(self.push(self.dims[x], &[x]))
    }
    fn pool(&mut self, name: Name, x: usize, _: PoolKind, k: usize, s: usize, p: usize) -> R<usize> {
        let (h, w) = self.window(name, x, k, s, p)?;
        let d = &self.dims[x];
        Ok(self.push(D::new(&[d[0], d[1], h, w]), &[x]))
    }
    fn global_avg_pool(&mut self, _: Name, x: usize) -> R<usize> {
        let d = &self.dims[x];
        Ok(self.push(D::new(&[d[0], d[1], 1, 1]), &[x]))
    }
    fn reshape(&mut self, name: Name, x: usize, dims: &[usize]) -> R<usize> {
        if dims.len() > 4 || dims.iter().product::<usize>() != self.dims[x].numel() {
            return Err(bad(name, format!("cannot reshape {:?} to {dims:?}", self.dims[x].as_slice())));
        }
        Ok(self.push(D::new(dims), &[x]))
    }
    fn transpose(&mut self, _: Name, x: usize, perm: &[usize]) -> R<usize> {
        let src = self.dims[x];
        let mut d = src;
        for (i, &p) in perm.iter().enumerate() {
            d.d[i] = src[p];
        }
        Ok(self.push(d, &[x]))
    }
    fn matmul(&mut self, name: Name, a: usize, b: usize) -> R<usize> {
        let (ad, bd) = (self.dims[a], self.dims[b]);
        let r = ad.rank;
        if bd.rank != r || r < 2 || ad[r - 1] != bd[r - 2] || ad.d[..r - 2] != bd.d[..r - 2] {
            return Err(bad(name, format!("cannot multiply {:?} by {:?}", ad.as_slice(), bd.as_slice())));
        }
        let mut out = ad;
        out.d[r - 1] = bd[r - 1];
        self.macs += (out.numel() * ad[r - 1]) as u64;
        Ok(self.push(out, &[a, b]))
    }
    fn softmax(&mut self, _: Name, x: usize) -> R<usize> {
        Ok(self.push(self.dims[x], &[x]))
    }
    fn linear_attention(&mut self, name: Name, q: usize, k: usize, v: usize) -> R<usize> {
        let d = self.dims[q];
        let r = d.rank;
        if r < 2 || self.dims[k] != d || self.dims[v] != d {
            return Err(bad(name, "linear attention needs q, k, v of one shape".to_string()));
        }
        // Per head: [v; 1] k^T and KV q, (d + 1) x d x N each.
        let (c, n) = (d[r - 2], d[r - 1]);
        let heads = d.numel() / (c * n).max(1);
        self.macs += 2 * (heads * n * c * (c + 1)) as u64;
        Ok(self.push(d, &[q, k, v]))
    }
    fn linear(&mut self, _: Name, x: usize, out: usize, bias: bool) -> R<usize> {
        let d = self.dims[x];
        let (n, fin) = (d[0], d[1]);
        self.params += (out * fin) as u64 + if bias { out as u64 } else { 0 };
        self.macs += (n * out * fin) as u64;
        Ok(self.push(D::new(&[n, out]), &[x]))
    }
    fn output(&mut self, v: usize) {
        self.outputs.push(v);
    }
}
