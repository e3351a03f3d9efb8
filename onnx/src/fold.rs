//! Constant tensors of an imported model and the ops hynas evaluates on them at import time.
//!
//! Exporters leave shape arithmetic in the graph (`Shape -> Gather -> Unsqueeze -> Concat ->
//! Reshape`, PyTorch without constant folding) and sometimes weight transforms (`Transpose` of an
//! initializer). Whatever only reads constants is computed here, so the IR never sees it:
//! Identity, Reshape, Flatten, Unsqueeze, Squeeze, Concat, Gather, Slice, Cast, Transpose, Neg and
//! the broadcasting Add, Sub, Mul, Div. Float and int64 elements only.

use crate::proto::{data_type, TensorProto};
use crate::OnnxError;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Data {
    F(Vec<f32>),
    I(Vec<i64>),
}

/// A constant tensor (row-major).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Const {
    pub dims: Vec<usize>,
    pub data: Data,
}

type R<T> = std::result::Result<T, String>;

fn numel(dims: &[usize]) -> usize {
    dims.iter().product()
}

impl Const {
    pub fn f(dims: Vec<usize>, v: Vec<f32>) -> Self {
        Const { dims, data: Data::F(v) }
    }
    pub fn i(dims: Vec<usize>, v: Vec<i64>) -> Self {
        Const { dims, data: Data::I(v) }
    }
    pub fn len(&self) -> usize {
        match &self.data {
            Data::F(v) => v.len(),
            Data::I(v) => v.len(),
        }
    }
    pub fn floats(&self) -> Vec<f32> {
        match &self.data {
            Data::F(v) => v.clone(),
            Data::I(v) => v.iter().map(|&x| x as f32).collect(),
        }
    }
    pub fn ints(&self) -> R<Vec<i64>> {
        match &self.data {
            Data::I(v) => Ok(v.clone()),
            Data::F(_) => Err("expected an int64 tensor, found float32".into()),
        }
    }
    /// Elements gathered by flat indices (same element type).
    fn pick(&self, idx: impl Iterator<Item = usize>) -> Data {
        match &self.data {
            Data::F(v) => Data::F(idx.map(|i| v[i]).collect()),
            Data::I(v) => Data::I(idx.map(|i| v[i]).collect()),
        }
    }
    fn with_dims(&self, dims: Vec<usize>) -> Const {
        Const { dims, data: self.data.clone() }
    }

    /// Decodes an initializer or a `Constant`'s tensor; checks the data against the header
    /// before anything of the header's size is allocated.
    pub fn from_proto(t: &TensorProto, name: &str) -> Result<Const, OnnxError> {
        let err = |msg: String| OnnxError::Tensor { name: name.to_string(), msg };
        if t.data_location == Some(1) || !t.external_data.is_empty() {
            return Err(err(
                "its data is stored in an external file; save the model with its data inside (onnx.save(..., \
                 save_as_external_data=False))"
                    .into(),
            ));
        }
        let mut dims = Vec::with_capacity(t.dims.len().min(8));
        let mut n: usize = 1;
        for &d in &t.dims {
            let d = usize::try_from(d).map_err(|_| err(format!("negative dimension {d} in {:?}", t.dims)))?;
            n = n.checked_mul(d).filter(|&n| n <= hynas_ir::MAX_ELEMENTS).ok_or_else(|| {
                err(format!("dimensions {:?} hold more than {} elements", t.dims, hynas_ir::MAX_ELEMENTS))
            })?;
            dims.push(d);
        }
        let ty = t.data_type.unwrap_or(0);
        let raw = t.raw_data.as_deref();
        let wrong = |have: usize, unit: &str| {
            err(format!("dimensions {:?} need {n} elements, the data holds {have} {unit}", t.dims))
        };
        match ty {
            data_type::FLOAT => {
                let v = match raw {
                    Some(b) if b.len() == n.saturating_mul(4) => {
                        b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
                    }
                    Some(b) => return Err(wrong(b.len(), "bytes (4 per float)")),
                    None if t.float_data.len() == n => t.float_data.clone(),
                    None => return Err(wrong(t.float_data.len(), "floats")),
                };
                Ok(Const::f(dims, v))
            }
            data_type::INT64 | data_type::INT32 => {
                let size = if ty == data_type::INT64 { 8 } else { 4 };
                let v = match raw {
                    Some(b) if b.len() == n.saturating_mul(size) => b
                        .chunks_exact(size)
                        .map(|c| match c {
                            [a, b, c, d] => i32::from_le_bytes([*a, *b, *c, *d]) as i64,
                            c => {
                                let mut a = [0u8; 8];
                                a.copy_from_slice(c);
                                i64::from_le_bytes(a)
                            }
                        })
                        .collect(),
                    Some(b) => return Err(wrong(b.len(), "bytes")),
                    None if ty == data_type::INT64 && t.int64_data.len() == n => t.int64_data.clone(),
                    None if ty == data_type::INT32 && t.int32_data.len() == n => {
                        t.int32_data.iter().map(|&x| x as i64).collect()
                    }
                    None => return Err(wrong(t.int64_data.len().max(t.int32_data.len()), "integers")),
                };
                Ok(Const::i(dims, v))
            }
            other => Err(OnnxError::DType { name: name.to_string(), dtype: data_type::name(other).to_string() }),
        }
    }
}

/// Normalises a possibly negative axis of a rank-`rank` tensor.
pub(crate) fn axis(a: i64, rank: usize) -> R<usize> {
    let r = rank as i64;
    if a < -r || a >= r {
        return Err(format!("axis {a} is outside a rank-{rank} tensor"));
    }
    Ok(if a < 0 { (a + r) as usize } else { a as usize })
}

/// Reshape's target: `0` copies the input's size (unless `allowzero`), one `-1` is inferred.
pub(crate) fn reshape_dims(input: &[usize], target: &[i64], allowzero: bool) -> R<Vec<usize>> {
    let mut out = Vec::with_capacity(target.len());
    let mut infer = None;
    for (i, &t) in target.iter().enumerate() {
        match t {
            0 if !allowzero => out.push(*input.get(i).ok_or_else(|| format!("shape {target:?}: no axis {i} to copy"))?),
            -1 if infer.is_none() => {
                infer = Some(i);
                out.push(1);
            }
            t if t >= 0 => out.push(t as usize),
            _ => return Err(format!("shape {target:?} is not a valid reshape target")),
        }
    }
    let n = numel(input);
    if let Some(i) = infer {
        let rest = numel(&out);
        if rest == 0 || !n.is_multiple_of(rest) {
            return Err(format!("cannot reshape {input:?} to {target:?}"));
        }
        out[i] = n / rest;
    }
    if numel(&out) != n {
        return Err(format!("cannot reshape {input:?} ({n} elements) to {out:?}"));
    }
    Ok(out)
}

pub(crate) fn unsqueeze_dims(dims: &[usize], axes: &[i64]) -> R<Vec<usize>> {
    let r = dims.len() + axes.len();
    let mut ax: Vec<usize> = axes.iter().map(|&a| axis(a, r)).collect::<R<_>>()?;
    ax.sort_unstable();
    if ax.windows(2).any(|w| w[0] == w[1]) {
        return Err(format!("repeated axis in {axes:?}"));
    }
    let mut src = dims.iter();
    Ok((0..r).map(|i| if ax.contains(&i) { 1 } else { src.next().copied().unwrap_or(1) }).collect())
}

pub(crate) fn squeeze_dims(dims: &[usize], axes: Option<&[i64]>) -> R<Vec<usize>> {
    match axes {
        None => Ok(dims.iter().copied().filter(|&d| d != 1).collect()),
        Some(a) => {
            let ax: Vec<usize> = a.iter().map(|&x| axis(x, dims.len())).collect::<R<_>>()?;
            if let Some(&i) = ax.iter().find(|&&i| dims[i] != 1) {
                return Err(format!("cannot squeeze axis {i} of size {}", dims[i]));
            }
            Ok(dims.iter().enumerate().filter(|(i, _)| !ax.contains(i)).map(|(_, &d)| d).collect())
        }
    }
}

/// Row-major strides.
fn strides(dims: &[usize]) -> Vec<usize> {
    let mut s = vec![1; dims.len()];
    for i in (0..dims.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * dims[i + 1];
    }
    s
}

/// numpy broadcasting of two shapes.
pub(crate) fn broadcast(a: &[usize], b: &[usize]) -> R<Vec<usize>> {
    let r = a.len().max(b.len());
    let get = |d: &[usize], i: usize| if i + d.len() >= r { d[i + d.len() - r] } else { 1 };
    (0..r)
        .map(|i| match (get(a, i), get(b, i)) {
            (x, y) if x == y => Ok(x),
            (1, y) => Ok(y),
            (x, 1) => Ok(x),
            _ => Err(format!("shapes {a:?} and {b:?} do not broadcast")),
        })
        .collect()
}

/// Flat index into a tensor of `dims` broadcast to `out` dims, for each output element.
fn bcast_index(dims: &[usize], out: &[usize]) -> Vec<usize> {
    let r = out.len();
    let st = strides(dims);
    let mut eff = vec![0; r];
    for i in 0..dims.len() {
        let o = i + r - dims.len();
        eff[o] = if dims[i] == 1 { 0 } else { st[i] };
    }
    let os = strides(out);
    (0..numel(out)).map(|flat| (0..r).map(|k| (flat / os[k]) % out[k].max(1) * eff[k]).sum()).collect()
}

fn binary(op: &str, a: &Const, b: &Const) -> R<Const> {
    let dims = broadcast(&a.dims, &b.dims)?;
    let (ia, ib) = (bcast_index(&a.dims, &dims), bcast_index(&b.dims, &dims));
    let data = match (&a.data, &b.data) {
        (Data::I(x), Data::I(y)) => Data::I(
            ia.iter()
                .zip(&ib)
                .map(|(&i, &j)| match op {
                    "Add" => Ok(x[i].wrapping_add(y[j])),
                    "Sub" => Ok(x[i].wrapping_sub(y[j])),
                    "Mul" => Ok(x[i].wrapping_mul(y[j])),
                    _ => x[i].checked_div(y[j]).ok_or_else(|| "integer division by zero".to_string()),
                })
                .collect::<R<_>>()?,
        ),
        (Data::F(x), Data::F(y)) => Data::F(
            ia.iter()
                .zip(&ib)
                .map(|(&i, &j)| match op {
                    "Add" => x[i] + y[j],
                    "Sub" => x[i] - y[j],
                    "Mul" => x[i] * y[j],
                    _ => x[i] / y[j],
                })
                .collect(),
        ),
        _ => return Err("operands of different element types".into()),
    };
    Ok(Const { dims, data })
}

pub(crate) fn transpose(c: &Const, perm: &[usize]) -> R<Const> {
    let r = c.dims.len();
    let mut seen = vec![false; r];
    if perm.len() != r || perm.iter().any(|&p| p >= r || std::mem::replace(&mut seen[p], true)) {
        return Err(format!("perm {perm:?} is not a permutation of {r} axes"));
    }
    let dims: Vec<usize> = perm.iter().map(|&p| c.dims[p]).collect();
    let (st, os) = (strides(&c.dims), strides(&dims));
    let idx = (0..c.len()).map(|flat| (0..r).map(|k| (flat / os[k]) % dims[k] * st[perm[k]]).sum());
    Ok(Const { data: c.pick(idx), dims })
}

/// Integer attribute lists given to [`fold`].
pub(crate) struct FoldAttrs<'a> {
    pub int: &'a dyn Fn(&str) -> Option<i64>,
    pub ints: &'a dyn Fn(&str) -> Option<Vec<i64>>,
    pub opset: i64,
}

/// Evaluates `op` on constant inputs (`None` for an absent optional input); `Ok(None)` when the
/// op is not one hynas folds.
pub(crate) fn fold(op: &str, ins: &[Option<&Const>], at: &FoldAttrs) -> R<Option<Const>> {
    let need = |i: usize| ins.get(i).copied().flatten().ok_or_else(|| format!("input {i} is missing"));
    Ok(Some(match op {
        "Identity" | "Dropout" => need(0)?.clone(),
        "Neg" => {
            let c = need(0)?;
            match &c.data {
                Data::F(v) => Const::f(c.dims.clone(), v.iter().map(|x| -x).collect()),
                Data::I(v) => Const::i(c.dims.clone(), v.iter().map(|x| x.wrapping_neg()).collect()),
            }
        }
        "Add" | "Sub" | "Mul" | "Div" => binary(op, need(0)?, need(1)?)?,
        "Reshape" => {
            let c = need(0)?;
            c.with_dims(reshape_dims(&c.dims, &need(1)?.ints()?, (at.int)("allowzero") == Some(1))?)
        }
        "Flatten" => {
            let c = need(0)?;
            let a = axis((at.int)("axis").unwrap_or(1), c.dims.len() + 1)?;
            c.with_dims(vec![numel(&c.dims[..a]), numel(&c.dims[a..])])
        }
        "Unsqueeze" => {
            let c = need(0)?;
            let axes = if at.opset >= 13 { need(1)?.ints()? } else { (at.ints)("axes").unwrap_or_default() };
            c.with_dims(unsqueeze_dims(&c.dims, &axes)?)
        }
        "Squeeze" => {
            let c = need(0)?;
            let axes = if at.opset >= 13 {
                ins.get(1).copied().flatten().map(|a| a.ints()).transpose()?
            } else {
                (at.ints)("axes")
            };
            c.with_dims(squeeze_dims(&c.dims, axes.as_deref())?)
        }
        "Transpose" => {
            let c = need(0)?;
            let perm = match (at.ints)("perm") {
                Some(p) => p.iter().map(|&x| axis(x, c.dims.len())).collect::<R<Vec<_>>>()?,
                None => (0..c.dims.len()).rev().collect(),
            };
            transpose(c, &perm)?
        }
        "Cast" => {
            let c = need(0)?;
            match (at.int)("to").map(|t| t as i32) {
                Some(data_type::FLOAT) => Const::f(c.dims.clone(), c.floats()),
                Some(data_type::INT64) | Some(data_type::INT32) => match &c.data {
                    Data::I(v) => Const::i(c.dims.clone(), v.clone()),
                    Data::F(v) => Const::i(c.dims.clone(), v.iter().map(|&x| x as i64).collect()),
                },
                Some(t) => {
                    return Err(format!("Cast to {} (hynas folds casts to FLOAT and INT64)", data_type::name(t)))
                }
                None => return Err("Cast without `to`".into()),
            }
        }
        "Concat" => {
            let parts: Vec<&Const> =
                ins.iter().map(|c| c.ok_or_else(|| "a missing input".to_string())).collect::<R<_>>()?;
            let first = parts.first().ok_or("no inputs")?;
            let r = first.dims.len();
            let a = axis((at.int)("axis").ok_or("Concat without `axis`")?, r)?;
            let mut dims = first.dims.clone();
            dims[a] = 0;
            for p in &parts {
                if p.dims.len() != r || (0..r).any(|k| k != a && p.dims[k] != first.dims[k]) {
                    return Err(format!("cannot concatenate {:?} and {:?} on axis {a}", first.dims, p.dims));
                }
                dims[a] += p.dims[a];
            }
            let outer = numel(&dims[..a]);
            let mut f = Vec::new();
            let mut i = Vec::new();
            for o in 0..outer {
                for p in &parts {
                    let chunk = numel(&p.dims[a..]);
                    match &p.data {
                        Data::F(v) => f.extend_from_slice(&v[o * chunk..(o + 1) * chunk]),
                        Data::I(v) => i.extend_from_slice(&v[o * chunk..(o + 1) * chunk]),
                    }
                }
            }
            match (f.is_empty(), i.is_empty()) {
                (_, true) => Const::f(dims, f),
                (true, false) => Const::i(dims, i),
                _ => return Err("Concat of float and int64 tensors".into()),
            }
        }
        "Gather" => {
            let (c, idx) = (need(0)?, need(1)?);
            let r = c.dims.len();
            let a = axis((at.int)("axis").unwrap_or(0), r)?;
            let ids: Vec<usize> = idx
                .ints()?
                .iter()
                .map(|&k| axis(k, c.dims[a]).map_err(|_| format!("index {k} outside axis of size {}", c.dims[a])))
                .collect::<R<_>>()?;
            let (outer, inner) = (numel(&c.dims[..a]), numel(&c.dims[a + 1..]));
            let flat = (0..outer)
                .flat_map(|o| ids.iter().flat_map(move |&k| (0..inner).map(move |j| (o * c.dims[a] + k) * inner + j)));
            let mut dims = c.dims[..a].to_vec();
            dims.extend_from_slice(&idx.dims);
            dims.extend_from_slice(&c.dims[a + 1..]);
            Const { data: c.pick(flat), dims }
        }
        "Slice" => {
            let c = need(0)?;
            let (starts, ends) = (need(1)?.ints()?, need(2)?.ints()?);
            let r = c.dims.len();
            let axes = match ins.get(3).copied().flatten() {
                Some(a) => a.ints()?.iter().map(|&x| axis(x, r)).collect::<R<Vec<_>>>()?,
                None => (0..starts.len()).collect(),
            };
            let steps = match ins.get(4).copied().flatten() {
                Some(s) => s.ints()?,
                None => vec![1; starts.len()],
            };
            if starts.len() != ends.len() || axes.len() != starts.len() || steps.len() != starts.len() {
                return Err("starts, ends, axes and steps differ in length".into());
            }
            // Per axis, the selected indices.
            let mut sel: Vec<Vec<usize>> = c.dims.iter().map(|&d| (0..d).collect()).collect();
            for k in 0..axes.len() {
                let d = c.dims[axes[k]] as i64;
                let step = steps[k];
                if step <= 0 {
                    return Err("Slice with a step <= 0 (hynas folds forward slices)".into());
                }
                let clampi = |v: i64| if v < 0 { (v + d).max(0) } else { v.min(d) };
                let (s, e) = (clampi(starts[k]), clampi(ends[k]));
                sel[axes[k]] = (s..e).step_by(step as usize).map(|v| v as usize).collect();
            }
            let dims: Vec<usize> = sel.iter().map(Vec::len).collect();
            let st = strides(&c.dims);
            let os = strides(&dims);
            let flat = (0..numel(&dims)).map(|f| (0..r).map(|k| sel[k][(f / os[k]) % dims[k]] * st[k]).sum());
            Const { data: c.pick(flat), dims }
        }
        _ => return Ok(None),
    }))
}
