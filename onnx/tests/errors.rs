//! Bad files get errors that name the problem: an unsupported op (its type, node and the list of
//! supported ops), a dynamic input dimension (its name), a tensor that is not float32, a value
//! nothing makes, a truncated or non-ONNX file, a header that claims more data than the file
//! holds (refused before anything of that size is allocated), and uses of supported ops the IR
//! cannot express.

use hynas_onnx::proto::{
    attr_type, data_type, AttributeProto, Dimension, GraphProto, ModelProto, NodeProto, OperatorSetIdProto,
    TensorProto, TensorShapeProto, TypeProto, TypeProtoTensor, ValueInfoProto,
};
use hynas_onnx::{encode, export, import, ExportOptions, OnnxError};
use hynas_searcher::Genome;

fn f32_init(name: &str, dims: &[i64]) -> TensorProto {
    let n: i64 = dims.iter().product();
    TensorProto {
        dims: dims.to_vec(),
        data_type: Some(data_type::FLOAT),
        name: Some(name.into()),
        float_data: (0..n).map(|i| ((i % 7) as f32 - 3.0) * 0.1).collect(),
        ..Default::default()
    }
}

fn ints(name: &str, v: &[i64]) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attr_type::INTS), ints: v.to_vec(), ..Default::default() }
}
fn int(name: &str, v: i64) -> AttributeProto {
    AttributeProto { name: Some(name.into()), r#type: Some(attr_type::INT), i: Some(v), ..Default::default() }
}

fn node(op: &str, name: &str, ins: &[&str], out: &str, attribute: Vec<AttributeProto>) -> NodeProto {
    NodeProto {
        input: ins.iter().map(|s| s.to_string()).collect(),
        output: vec![out.into()],
        name: Some(name.into()),
        op_type: Some(op.into()),
        attribute,
        ..Default::default()
    }
}

fn value(name: &str, elem: i32, dims: &[Dimension]) -> ValueInfoProto {
    ValueInfoProto {
        name: Some(name.into()),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeProtoTensor {
                elem_type: Some(elem),
                shape: Some(TensorShapeProto { dim: dims.to_vec() }),
            }),
        }),
        doc_string: None,
    }
}

fn dim(v: i64) -> Dimension {
    Dimension { dim_value: Some(v), dim_param: None }
}

/// conv 3x3 -> relu -> global average pool -> flatten -> gemm: a model every case below breaks.
fn tiny() -> ModelProto {
    let graph = GraphProto {
        node: vec![
            node("Conv", "conv1", &["x", "w"], "c", vec![ints("pads", &[1, 1, 1, 1]), ints("kernel_shape", &[3, 3])]),
            node("Relu", "relu1", &["c"], "r", vec![]),
            node("GlobalAveragePool", "gap", &["r"], "p", vec![]),
            node("Flatten", "flat", &["p"], "f", vec![int("axis", 1)]),
            node("Gemm", "fc", &["f", "fc.w", "fc.b"], "y", vec![int("transB", 1)]),
        ],
        name: Some("tiny".into()),
        initializer: vec![f32_init("w", &[4, 3, 3, 3]), f32_init("fc.w", &[10, 4]), f32_init("fc.b", &[10])],
        input: vec![value("x", data_type::FLOAT, &[dim(1), dim(3), dim(8), dim(8)])],
        output: vec![value("y", data_type::FLOAT, &[dim(1), dim(10)])],
        ..Default::default()
    };
    ModelProto {
        ir_version: Some(8),
        opset_import: vec![OperatorSetIdProto { domain: Some(String::new()), version: Some(17) }],
        producer_name: Some("test".into()),
        graph: Some(graph),
        ..Default::default()
    }
}

fn err(m: &ModelProto) -> String {
    match import(&encode(m)) {
        Ok(_) => panic!("the model was accepted"),
        Err(e) => e.to_string(),
    }
}

fn edit(f: impl FnOnce(&mut GraphProto)) -> ModelProto {
    let mut m = tiny();
    f(m.graph.as_mut().unwrap());
    m
}

fn has(msg: &str, parts: &[&str]) {
    for p in parts {
        assert!(msg.contains(p), "`{p}` not in: {msg}");
    }
}

#[test]
fn the_tiny_model_imports() {
    let g = import(&encode(&tiny())).unwrap();
    assert_eq!(g.param_count(), 4 * 27 + 40 + 10);
}

#[test]
fn an_unsupported_op_is_named_with_its_node_and_the_supported_list() {
    let m = edit(|g| g.node[1].op_type = Some("LeakyRelu".into()));
    let e = err(&m);
    has(&e, &["unsupported op LeakyRelu", "\"relu1\"", "Conv", "BatchNormalization", "Softmax", "MatMul"]);
    let m = edit(|g| g.node[1].domain = Some("com.microsoft".into()));
    has(&err(&m), &["com.microsoft.Relu", "\"relu1\""]);
}

#[test]
fn a_dynamic_input_dimension_is_named() {
    let m = edit(|g| {
        g.input[0] = value(
            "x",
            data_type::FLOAT,
            &[Dimension { dim_value: None, dim_param: Some("N".into()) }, dim(3), dim(8), dim(8)],
        )
    });
    has(&err(&m), &["input \"x\"", "dynamic dimension \"N\"", "axis 0"]);
    // hynas's own export with a symbolic batch is refused the same way.
    let g = Genome::Resnet8.lower(0).unwrap();
    let bytes = export(&g, &ExportOptions { dynamic_batch: true, ..Default::default() }).unwrap();
    let e = import(&bytes).unwrap_err();
    assert!(matches!(e, OnnxError::DynamicDim { .. }), "{e}");
    has(&e.to_string(), &["\"batch\""]);
    let m = edit(|g| g.input[0].r#type = None);
    has(&err(&m), &["input \"x\"", "no tensor type"]);
    let m = edit(|g| g.input[0].r#type.as_mut().unwrap().tensor_type.as_mut().unwrap().shape = None);
    has(&err(&m), &["input \"x\"", "no shape"]);
}

#[test]
fn a_tensor_that_is_not_float32_is_named() {
    let m = edit(|g| {
        let w = &mut g.initializer[0];
        w.data_type = Some(data_type::DOUBLE);
        w.double_data = w.float_data.iter().map(|&v| v as f64).collect();
        w.float_data.clear();
    });
    has(&err(&m), &["tensor \"w\" is DOUBLE", "float32"]);
    let m = edit(|g| g.input[0] = value("x", data_type::UINT8, &[dim(1), dim(3), dim(8), dim(8)]));
    has(&err(&m), &["tensor \"x\" is UINT8"]);
    let m = edit(|g| g.initializer[2].data_type = Some(10));
    has(&err(&m), &["tensor \"fc.b\" is FLOAT16"]);
}

#[test]
fn a_missing_initializer_is_named_with_its_reader() {
    let m = edit(|g| {
        g.initializer.remove(1);
    });
    let e = import(&encode(&m)).unwrap_err();
    assert!(matches!(e, OnnxError::Missing { .. }), "{e}");
    has(&e.to_string(), &["\"fc.w\"", "node \"fc\""]);
    let m = edit(|g| g.output[0].name = Some("nothing".into()));
    has(&err(&m), &["\"nothing\"", "graph output"]);
}

#[test]
fn truncated_and_foreign_files_are_not_onnx() {
    let bytes = export(&Genome::Resnet8.lower(0).unwrap(), &ExportOptions::default()).unwrap();
    assert!(import(&bytes).is_ok());
    let step = bytes.len() / 97;
    for cut in (0..bytes.len()).step_by(step).chain([bytes.len() - 1, 1, 2, 3]) {
        let e = import(&bytes[..cut]).err().unwrap_or_else(|| panic!("cut at {cut} of {} was accepted", bytes.len()));
        assert!(!e.to_string().is_empty());
    }
    has(&import(&bytes[..bytes.len() / 2]).unwrap_err().to_string(), &["not an ONNX model"]);
    has(&import(b"").unwrap_err().to_string(), &["not an ONNX model"]);
    has(
        &import(include_bytes!("../../examples/genomes/conv_vit_a.json")).unwrap_err().to_string(),
        &["not an ONNX model"],
    );
    let noise: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    assert!(import(&noise).is_err());
}

#[test]
fn a_header_that_claims_more_than_the_file_holds_allocates_nothing() {
    // An initializer of 2^80 elements with a few bytes of data: refused by comparing lengths.
    let m = edit(|g| g.initializer[0].dims = vec![1 << 40, 1 << 40, 4]);
    has(&err(&m), &["tensor \"w\"", "more than 67108864 elements"]);
    let m = edit(|g| g.initializer[0].dims = vec![1 << 30, 1 << 20]);
    has(&err(&m), &["tensor \"w\"", "more than 67108864 elements"]);
    let m = edit(|g| g.initializer[0].dims = vec![1 << 10, 1 << 10]);
    has(&err(&m), &["tensor \"w\"", "need 1048576 elements", "holds 108"]);
    // A length prefix of 4 GiB in front of a few bytes: prost checks it against what remains.
    let mut bytes = vec![0x08, 0x08, 0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f];
    bytes.extend_from_slice(&[0u8; 16]);
    has(&import(&bytes).unwrap_err().to_string(), &["not an ONNX model"]);
    // Raw data of the wrong length.
    let m = edit(|g| {
        let w = &mut g.initializer[1];
        w.raw_data = Some(vec![0u8; 39 * 4]);
        w.float_data.clear();
    });
    has(&err(&m), &["tensor \"fc.w\"", "need 40 elements", "156 bytes"]);
    let m = edit(|g| g.initializer[0].dims = vec![-4, 3, 3, 3]);
    has(&err(&m), &["negative dimension -4"]);
}

#[test]
fn external_data_opsets_and_inputs_are_checked() {
    let m = edit(|g| g.initializer[0].data_location = Some(1));
    has(&err(&m), &["tensor \"w\"", "external file"]);
    let mut m = tiny();
    m.opset_import[0].version = Some(9);
    has(&err(&m), &["opset 9", "11-22"]);
    let mut m = tiny();
    m.opset_import.clear();
    has(&err(&m), &["no version of the default ONNX opset"]);
    let m = edit(|g| g.input.push(value("x2", data_type::FLOAT, &[dim(1)])));
    has(&err(&m), &["one input image", "\"x2\""]);
    let mut m = tiny();
    m.graph = None;
    has(&err(&m), &["no graph"]);
}

#[test]
fn uses_the_ir_cannot_express_name_the_node_and_the_reason() {
    let m = edit(|g| g.node[0].attribute[0] = ints("pads", &[0, 0, 1, 1]));
    has(&err(&m), &["node \"conv1\" (Conv)", "pads [0, 0, 1, 1]"]);
    let m = edit(|g| {
        g.initializer[0] = f32_init("w", &[4, 3, 3, 1]);
        g.node[0].attribute = vec![ints("pads", &[1, 1, 1, 1])];
    });
    has(&err(&m), &["node \"conv1\" (Conv)", "3x1 kernel", "square"]);
    let m = edit(|g| g.node[0].attribute.push(ints("dilations", &[2, 2])));
    has(&err(&m), &["node \"conv1\"", "dilated"]);
    let m = edit(|g| {
        let mut lo = f32_init("lo", &[]);
        lo.float_data = vec![3.0];
        let mut hi = f32_init("hi", &[]);
        hi.float_data = vec![1.0];
        g.initializer.extend([lo, hi]);
        g.node[1] = node("Clip", "clip", &["c", "lo", "hi"], "r", vec![]);
    });
    has(&err(&m), &["\"clip\" (Clip)", "not an interval"]);
    let m = edit(|g| g.node[2] = node("Softmax", "sm", &["r"], "p", vec![int("axis", 1)]));
    has(&err(&m), &["node \"sm\" (Softmax)", "last axis"]);
    let m = edit(|g| g.node[1] = node("Concat", "cat", &["c", "c"], "r", vec![int("axis", 1)]));
    has(&err(&m), &["node \"cat\" (Concat)", "no concat"]);
    let m = edit(|g| g.node[2] = node("ReduceMean", "mean", &["r"], "p", vec![ints("axes", &[1, 2])]));
    has(&err(&m), &["node \"mean\" (ReduceMean)", "over H and W"]);
    let m = edit(|g| g.node[1] = node("Mul", "sq", &["c", "c"], "r", vec![]));
    has(&err(&m), &["node \"sq\" (Mul)", "two computed tensors"]);
}

#[test]
fn a_spatial_mean_is_a_global_average_pool() {
    for keep in [1, 0] {
        let m = edit(|g| {
            g.node[2] = node("ReduceMean", "mean", &["r"], "p", vec![ints("axes", &[-1, 2]), int("keepdims", keep)])
        });
        let g = import(&encode(&m)).unwrap();
        let gap =
            g.node_ids().into_iter().filter(|&i| g.node(i).op().is_some_and(|o| o.name() == "global_avg_pool")).count();
        assert_eq!(gap, 1, "keepdims {keep}");
        let want = import(&encode(&tiny())).unwrap();
        let x = hynas_ir::Tensor::from_vec(&[1, 3, 8, 8], (0..192).map(|i| (i as f32 * 0.37).sin()).collect()).unwrap();
        let a = hynas_ir::interpret(&g, std::slice::from_ref(&x)).unwrap().remove(0);
        let b = hynas_ir::interpret(&want, std::slice::from_ref(&x)).unwrap().remove(0);
        assert_eq!(a.data, b.data, "keepdims {keep}");
    }
}

#[test]
fn clip_at_zero_is_a_relu_and_relu6_a_clip() {
    let m = edit(|g| {
        let mut zero = f32_init("zero", &[]);
        zero.float_data = vec![0.0];
        let mut six = f32_init("six", &[]);
        six.float_data = vec![6.0];
        g.initializer.extend([zero, six]);
        g.node[1] = node("Clip", "relu6", &["c", "zero", "six"], "r", vec![]);
    });
    let g = import(&encode(&m)).unwrap();
    let clip = g.node_ids().into_iter().find_map(|i| match g.node(i).op() {
        Some(hynas_ir::Op::Clip(c)) => Some(*c),
        _ => None,
    });
    assert_eq!(clip, Some(hynas_ir::ops::ClipAttrs { min: 0.0, max: 6.0 }));
    let m = edit(|g| {
        let mut zero = f32_init("zero", &[]);
        zero.float_data = vec![0.0];
        g.initializer.push(zero);
        g.node[1] = node("Clip", "clip", &["c", "zero"], "r", vec![]);
    });
    let g = import(&encode(&m)).unwrap();
    assert!(g.node_ids().into_iter().any(|i| g.node(i).op().is_some_and(|o| o.name() == "relu")));
}

/// ResNet-8 as hynas exports it, with its input declared as `dims`.
fn resnet8_with_input(dims: &[i64]) -> ModelProto {
    use prost::Message;
    let bytes = export(&Genome::Resnet8.lower(0).unwrap(), &ExportOptions::default()).unwrap();
    let mut m = ModelProto::decode(bytes.as_slice()).unwrap();
    let g = m.graph.as_mut().unwrap();
    let d: Vec<Dimension> = dims.iter().map(|&v| dim(v)).collect();
    let name = g.input[0].name.clone().unwrap();
    g.input[0] = value(&name, data_type::FLOAT, &d);
    m
}

#[test]
fn sizes_beyond_the_limits_are_refused_before_anything_of_that_size_exists() {
    // Issue 27, item 1: inputs whose element count overflows or exceeds 2^26.
    for dims in [[1, 3, 1 << 31, 32], [1 << 32, 3, 32, 32], [1, 3, 1 << 62, 1 << 62]] {
        has(&err(&resnet8_with_input(&dims)), &["holds", "at most 67108864 (2^26) per value"]);
    }
    // A first convolution whose result is too large (16 x 4096 x 4096), named by its node.
    let e = err(&resnet8_with_input(&[1, 3, 4096, 4096]));
    has(&e, &["268435456 elements", "at most 67108864"]);
    // Within every per-value limit but with 100000 x 32 images: refused (the flatten no longer
    // fits the classifier, or the activations exceed 2^28 bytes), never allocated.
    assert!(import(&encode(&resnet8_with_input(&[1, 3, 100000, 32]))).is_err());
    // Padding that overflows the padded size.
    let m = edit(|g| g.node[0].attribute[0] = ints("pads", &[1 << 62, 1 << 62, 1 << 62, 1 << 62]));
    assert!(import(&encode(&m)).is_err());
}

#[test]
fn weights_that_make_no_sense_are_refused_naming_the_tensor_or_node() {
    // Issue 27, item 5.
    for (v, word) in [(f32::NAN, "NaN"), (f32::INFINITY, "inf"), (f32::NEG_INFINITY, "-inf")] {
        let m = edit(|g| g.initializer[0].float_data[5] = v);
        has(&err(&m), &["tensor \"w\"", &format!("element 5 is {word}"), "finite"]);
    }
    // A division by a zero constant.
    let m = edit(|g| {
        g.initializer.push(f32_init("zero", &[]));
        g.initializer.last_mut().unwrap().float_data = vec![0.0];
        g.node.insert(1, node("Div", "div0", &["c", "zero"], "c2", vec![]));
        g.node[2].input[0] = "c2".into();
    });
    has(&err(&m), &["\"div0\"", "division by a constant that holds 0"]);
    // A batch norm whose variance plus epsilon is not positive.
    let m = edit(|g| {
        for (n, v) in [("s", 1.0), ("b", 0.0), ("mean", 0.0), ("var", -1.0)] {
            g.initializer.push(f32_init(n, &[4]));
            g.initializer.last_mut().unwrap().float_data = vec![v; 4];
        }
        g.node.insert(1, node("BatchNormalization", "bn0", &["c", "s", "b", "mean", "var"], "c2", vec![]));
        g.node[2].input[0] = "c2".into();
    });
    has(&err(&m), &["\"bn0\"", "variance -1 of channel 0"]);
}

#[test]
fn names_from_the_file_are_cut_and_escaped_and_never_duplicated() {
    // Issue 27, item 6: a terminal escape and a 1 MB name.
    let m = edit(|g| {
        g.node[1].op_type = Some("LeakyRelu".into());
        g.node[1].name = Some("evil\u{1b}]0;title\u{7}".into());
    });
    let e = err(&m);
    assert!(!e.contains('\u{1b}') && !e.contains('\u{7}') && e.contains("evil\\u{1b}"), "{e:?}");
    let m = edit(|g| {
        g.node[1].op_type = Some("LeakyRelu".into());
        g.node[1].name = Some("n".repeat(1 << 20));
    });
    assert!(err(&m).len() < 2000);
    let m = edit(|g| g.output[0].name = Some(format!("\u{1b}[2J{}", "o".repeat(1 << 20))));
    let e = err(&m);
    assert!(e.len() < 2000 && !e.contains('\u{1b}'), "{}", &e[..200.min(e.len())]);
    // Issue 27, item 8: duplicate initializers and values made twice.
    let m = edit(|g| g.initializer.push(f32_init("w", &[4, 3, 3, 3])));
    has(&err(&m), &["two initializers are named \"w\""]);
    let m = edit(|g| g.node[2].output[0] = "r".into());
    has(&err(&m), &["\"r\" is made twice"]);
    let m = edit(|g| g.node[0].attribute.push(ints("pads", &[0, 0, 0, 0])));
    has(&err(&m), &["\"conv1\"", "attribute \"pads\" is given twice"]);
    let mut m = tiny();
    m.opset_import.push(OperatorSetIdProto { domain: Some("ai.onnx".into()), version: Some(13) });
    has(&err(&m), &["imports the default ONNX opset twice"]);
}
