//! Element types in the IR: an int8 graph (TFLite's scheme) verifies, prints its types, sizes its
//! buffers in bytes of its type and round-trips its weights; each typing rule rejects what
//! breaks it with a message naming it.

use hynas_ir::ops::{Conv2dAttrs, Pool2dAttrs, PoolKind, ReshapeAttrs};
use hynas_ir::weights::{load_safetensors, to_safetensors};
use hynas_ir::{interpret, print, verify, DType, Graph, IntTensor, NodeId, Op, Quant, Tensor};

struct Int8Conv {
    g: Graph,
    x: NodeId,
    w: NodeId,
    b: NodeId,
    y: NodeId,
    r: NodeId,
}

/// input i8[1,2,4,4] -> conv 3x3 (3 out channels, per-channel weights, i32 bias) -> relu ->
/// max pool -> reshape.
fn int8_conv() -> Int8Conv {
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 2, 4, 4]);
    g.set_type(x, DType::I8, Some(Quant::per_tensor(0.05, -3))).unwrap();
    let wq: Vec<i32> = (0..3 * 2 * 9).map(|v| (v * 37 % 255) - 127).collect();
    let w = g.add_int_const(
        "conv.weight",
        IntTensor::from_vec(&[3, 2, 3, 3], DType::I8, wq).unwrap(),
        Quant::per_channel(vec![0.01, 0.02, 0.04], 0),
        true,
    );
    let b = g.add_int_const(
        "conv.bias",
        IntTensor::from_vec(&[3], DType::I32, vec![100, -2000, 70_000]).unwrap(),
        Quant::per_channel(vec![0.05 * 0.01, 0.05 * 0.02, 0.05 * 0.04], 0),
        true,
    );
    let conv = Op::Conv2d(Conv2dAttrs { kernel: 3, stride: 1, padding: 1, groups: 1, has_bias: true });
    let y = g.add_op("conv", conv, &[x, w, b]).unwrap();
    g.set_type(y, DType::I8, Some(Quant::per_tensor(0.1, 5))).unwrap();
    let r = g.add_op("relu", Op::Relu, &[y]).unwrap();
    g.set_type(r, DType::I8, Some(Quant::per_tensor(0.1, 5))).unwrap();
    let pool = Op::Pool2d(Pool2dAttrs { kind: PoolKind::Max, kernel: 2, stride: 2, padding: 0 });
    let p = g.add_op("pool", pool, &[r]).unwrap();
    g.set_type(p, DType::I8, Some(Quant::per_tensor(0.1, 5))).unwrap();
    let f = g.add_op("flat", Op::Reshape(ReshapeAttrs { shape: vec![1, 12] }), &[p]).unwrap();
    g.set_type(f, DType::I8, Some(Quant::per_tensor(0.1, 5))).unwrap();
    g.set_outputs(&[f]);
    Int8Conv { g, x, w, b, y, r }
}

#[test]
fn an_int8_graph_verifies_prints_and_sizes_in_bytes() {
    let m = int8_conv();
    verify(&m.g).unwrap();
    let text = print(&m.g);
    assert!(text.contains("%0 = input \"x\" : i8[1,2,4,4] q(s=5e-2,zp=-3)"), "{text}");
    assert!(text.contains("const \"conv.weight\" : i8[3,2,3,3] q(axis=0,s=1e-2..4e-2)"), "{text}");
    assert!(text.contains("const \"conv.bias\" : i32[3] q(axis=0,"), "{text}");
    assert!(text.contains(": i8[1,3,4,4] q(s=1e-1,zp=5)  # conv"), "{text}");
    // Buffers in bytes of their type: the i8 input is 32 bytes, not 128.
    let stats = m.g.activation_stats().unwrap();
    assert_eq!(stats.bytes, vec![32, 48, 48, 12, 12]);
    assert_eq!(m.g.node(m.w).bytes(), 54);
    assert_eq!(m.g.node(m.b).bytes(), 12);
    assert_eq!(m.g.param_count(), 54 + 3);
    // The f32 interpreter says it does not evaluate integer graphs, naming a value.
    let x = Tensor::zeros(&[1, 2, 4, 4]);
    let e = interpret(&m.g, &[x]).unwrap_err().to_string();
    assert!(e.contains("evaluates f32 graphs") && e.contains("i8[1,2,4,4]"), "{e}");
}

#[test]
fn integer_weights_round_trip_through_safetensors() {
    let m = int8_conv();
    let bytes = to_safetensors(&m.g).unwrap();
    let mut g2 = int8_conv().g;
    // Different values and scales in the target: the load replaces them.
    if let Some(n) = g2.node_mut(m.w) {
        n.quant = Some(Quant::per_channel(vec![1.0; 3], 0));
        if let hynas_ir::NodeKind::IntConst { data, .. } = &mut n.kind {
            data.data.iter_mut().for_each(|v| *v = 0);
        }
    }
    load_safetensors(&mut g2, &bytes).unwrap();
    assert_eq!(g2.node(m.w), m.g.node(m.w));
    assert_eq!(g2.node(m.b), m.g.node(m.b));
    assert_eq!(print(&g2), print(&m.g));
    // A file whose integer tensor has the wrong type is refused, naming it.
    let mut g3 = int8_conv().g;
    g3.node_mut(m.b).unwrap().dtype = DType::I16;
    let e = load_safetensors(&mut g3, &bytes).unwrap_err().to_string();
    assert!(e.contains("conv.bias") && e.contains("I32"), "{e}");
}

/// Breaks one thing of the int8 graph and expects the verifier's message to contain `want`.
fn rejects(want: &str, edit: impl FnOnce(&mut Int8Conv)) {
    let mut m = int8_conv();
    edit(&mut m);
    let e = verify(&m.g).unwrap_err().to_string();
    assert!(e.contains(want), "wanted {want:?}: {e}");
}

#[test]
fn each_typing_rule_rejects_what_breaks_it() {
    rejects("conv2d mixes f32 and integer values", |m| {
        let n = m.g.node_mut(m.x).unwrap();
        (n.dtype, n.quant) = (DType::F32, None);
    });
    rejects("i8 value without quantisation parameters", |m| m.g.node_mut(m.y).unwrap().quant = None);
    rejects("an f32 value carries quantisation parameters", |m| {
        let n = m.g.node_mut(m.y).unwrap();
        n.dtype = DType::F32;
    });
    rejects("the weights of conv2d must be i8 per output channel", |m| {
        m.g.node_mut(m.w).unwrap().quant = Some(Quant::per_tensor(0.01, 0));
    });
    rejects("bias scale", |m| m.g.node_mut(m.b).unwrap().quant = Some(Quant::per_channel(vec![0.1; 3], 0)));
    rejects("the bias of conv2d must be i32", |m| {
        let n = m.g.node_mut(m.b).unwrap();
        n.dtype = DType::I8;
        if let hynas_ir::NodeKind::IntConst { data, .. } = &mut n.kind {
            (data.dtype, data.data) = (DType::I8, vec![1, 2, 3]);
        }
    });
    rejects("relu must keep its input's quantisation parameters", |m| {
        m.g.node_mut(m.r).unwrap().quant = Some(Quant::per_tensor(0.2, 5));
    });
    rejects("the result of conv2d must be i8 per tensor, not i16", |m| m.g.node_mut(m.y).unwrap().dtype = DType::I16);
    rejects("constant value 300 is outside i8's range", |m| {
        if let hynas_ir::NodeKind::IntConst { data, .. } = &mut m.g.node_mut(m.w).unwrap().kind {
            data.data[4] = 300;
        }
    });
    rejects("zero point 999 is outside i8's range", |m| {
        m.g.node_mut(m.y).unwrap().quant = Some(Quant::per_tensor(0.1, 999));
    });
    // set_type checks too.
    let mut m = int8_conv();
    let e = m.g.set_type(m.y, DType::I8, None).unwrap_err().to_string();
    assert!(e.contains("without quantisation parameters"), "{e}");
    let e = m.g.set_type(m.w, DType::I8, Some(Quant::per_channel(vec![1.0; 2], 0))).unwrap_err().to_string();
    assert!(e.contains("2 scales for the 3 indices of axis 0"), "{e}");
}

#[test]
fn ops_without_an_integer_form_are_named() {
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 4]);
    g.set_type(x, DType::I8, Some(Quant::per_tensor(0.1, 0))).unwrap();
    let y = g.add_op("scale", Op::MulScalar(-0.5), &[x]).unwrap();
    g.set_type(y, DType::I8, Some(Quant::per_tensor(0.1, 0))).unwrap();
    g.set_outputs(&[y]);
    let e = verify(&g).unwrap_err().to_string();
    assert!(e.contains("mul by -0.5 has no integer form"), "{e}");
    let mut g = Graph::new();
    let x = g.add_input("x", &[1, 4]);
    g.set_type(x, DType::I8, Some(Quant::per_tensor(0.1, 0))).unwrap();
    let y = g.add_op("softmax", Op::Softmax, &[x]).unwrap();
    g.set_type(y, DType::I8, Some(Quant::per_tensor(0.1, 0))).unwrap();
    g.set_outputs(&[y]);
    let e = verify(&g).unwrap_err().to_string();
    assert!(e.contains("softmax gives i8 with scale 1/256"), "{e}");
    g.set_type(y, DType::I8, Some(hynas_ir::ops::softmax_out_quant())).unwrap();
    verify(&g).unwrap();
}

/// The verifier refuses every fused kernel codegen cannot compile (issue 25, item 2): an f32 add
/// anchor, integer chains without an integer kernel, a `requant` step where it means nothing. (A
/// fused kernel anchoring another, or an op that anchors no kernel, cannot be written: the
/// anchor is an `Anchor`.)
#[test]
fn fused_kernels_that_cannot_compile_are_refused_by_the_verifier() {
    use hynas_ir::ops::{Anchor, ClipAttrs, Epilogue, FusedAttrs};
    let conv = Anchor::Conv2d(Conv2dAttrs { kernel: 3, stride: 1, padding: 1, groups: 1, has_bias: true });
    let pool = Anchor::Pool2d(Pool2dAttrs { kind: PoolKind::Max, kernel: 1, stride: 1, padding: 0 });
    // `aq`: the chain starts by requantising to the anchor's own parameters.
    let fused = |anchor: &Anchor, epilogue: &[Epilogue], aq: bool| {
        let requant = aq.then(|| Epilogue::Requant(Quant::per_tensor(0.1, 5)));
        let epilogue = requant.into_iter().chain(epilogue.iter().cloned()).collect();
        Op::Fused(FusedAttrs { anchor: anchor.clone(), epilogue })
    };
    // f32: a conv on x with weights and bias, and a second value of the conv's shape.
    let f32_case = |op: Op, add_operands: bool| -> Result<(), String> {
        let mut g = Graph::new();
        let x = g.add_input("x", &[1, 2, 4, 4]);
        let other = g.add_input("other", &[1, 3, 4, 4]);
        let w = g.add_const("w", Tensor::zeros(&[3, 2, 3, 3]), true);
        let b = g.add_const("b", Tensor::zeros(&[3]), true);
        let operands = if add_operands { vec![other, other] } else { vec![x, w, b, other] };
        let n = if let Op::Fused(f) = &op { f.anchor.num_operands() + f.extra_operands() } else { 0 };
        let y = g.add_op("k", op, &operands[..n]).map_err(|e| e.to_string())?;
        g.set_outputs(&[y]);
        verify(&g).map_err(|e| e.to_string())
    };
    let all = [Epilogue::Relu, Epilogue::Add, Epilogue::Mul(0.5), Epilogue::Clip(ClipAttrs { min: 0.0, max: 6.0 })];
    f32_case(fused(&conv, &all, false), false).unwrap();
    let e = f32_case(fused(&Anchor::Add, &[Epilogue::Relu], false), true).unwrap_err();
    assert!(e.contains("add cannot anchor a fused f32 kernel"), "{e}");
    let e = f32_case(fused(&conv, &[Epilogue::Relu], true), false).unwrap_err();
    assert!(e.contains("an f32 fused kernel has a requant epilogue"), "{e}");

    // Integer: the int8 conv graph; the conv's result and its ReLU are i8 values of one shape.
    let int_case = |op: Op, pooled: bool| -> Result<(), String> {
        let mut m = int8_conv();
        let anchor_in = if pooled { vec![m.y] } else { vec![m.x, m.w, m.b] };
        let extras = if let Op::Fused(f) = &op { f.extra_operands() } else { 0 };
        let operands: Vec<NodeId> = anchor_in.into_iter().chain(std::iter::repeat_n(m.r, extras)).collect();
        let y = m.g.add_op("k", op, &operands).map_err(|e| e.to_string())?;
        m.g.set_type(y, DType::I8, Some(Quant::per_tensor(0.1, 5))).map_err(|e| e.to_string())?;
        m.g.set_outputs(&[y]);
        verify(&m.g).map_err(|e| e.to_string())
    };
    int_case(fused(&conv, &[Epilogue::Relu], false), false).unwrap();
    int_case(fused(&conv, &[Epilogue::Relu, Epilogue::Add, Epilogue::Relu], true), false).unwrap();
    int_case(fused(&pool, &[Epilogue::Relu], false), true).unwrap();
    for (op, pooled, want) in [
        (fused(&conv, &[Epilogue::Mul(2.0)], false), false, "mul(2) epilogue has no integer form"),
        (fused(&conv, &[Epilogue::Clip(ClipAttrs { min: 0.0, max: 6.0 })], false), false, "clip epilogue"),
        (fused(&conv, &[Epilogue::Add, Epilogue::Add], true), false, "takes one add epilogue"),
        (fused(&conv, &[Epilogue::Add], false), false, "needs the anchor's parameters first"),
        (fused(&conv, &[Epilogue::Relu], true), false, "requant epilogue is for a fused add only"),
        (
            fused(&conv, &[Epilogue::Relu, Epilogue::Add, Epilogue::Relu], false),
            false,
            "needs the anchor's parameters first",
        ),
        (fused(&conv, &[Epilogue::Add, Epilogue::Relu, Epilogue::Relu], true), false, "Relu out of place"),
        (fused(&conv, &[Epilogue::Add, Epilogue::Requant(Quant::per_tensor(0.1, 5))], true), false, "Requant(Quant"),
        (fused(&pool, &[Epilogue::Add], true), true, "fused add after max_pool2d has no kernel"),
    ] {
        let e = int_case(op, pooled).unwrap_err();
        assert!(e.contains(want), "{want}: {e}");
    }
}
