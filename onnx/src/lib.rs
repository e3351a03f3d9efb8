//! hynas-onnx: ONNX in and out.
//!
//! [`export`] writes an IR graph as an ONNX model (opset 17, float32, NCHW; attention as MatMul,
//! Softmax, Transpose and Reshape; names taken from the IR), or an int8 graph in QDQ form. [`import`] reads an ONNX model into
//! an IR graph that then goes through the same passes, code generation, planner and Spike profile
//! as a genome: initializers and `Constant` nodes are resolved, shape arithmetic on constants is
//! folded, shapes are inferred by the IR as nodes are added, and every refusal names what it
//! refuses (op type and node, dynamic dimension, element type, missing value, broken file).

mod export;
mod export_qdq;
mod fold;
mod import;
pub mod proto;

pub use export::{export, to_proto, ExportOptions, OPSET};
pub use import::{import, SUPPORTED_OPS};

use hynas_ir::IrError;

#[derive(Debug, thiserror::Error)]
pub enum OnnxError {
    /// The bytes are not an ONNX model (not protobuf, truncated, or no graph).
    #[error("not an ONNX model: {0}")]
    NotOnnx(String),
    /// An op hynas does not map to its IR.
    #[error("unsupported op {op_type} (node \"{node}\"); hynas reads {}", SUPPORTED_OPS.join(", "))]
    UnsupportedOp { op_type: String, node: String },
    /// A supported op used in a way the IR cannot express.
    #[error("node \"{node}\" ({op_type}): {msg}")]
    Node { node: String, op_type: String, msg: String },
    /// A graph input with a symbolic or missing dimension.
    #[error(
        "input \"{input}\" has a dynamic dimension {dim} (axis {axis}); hynas compiles static shapes: \
         export the model with a fixed input shape"
    )]
    DynamicDim { input: String, dim: String, axis: usize },
    /// A tensor of an element type hynas does not compute with.
    #[error("tensor \"{name}\" is {dtype}; hynas computes in float32 (int64 only for shapes and axes)")]
    DType { name: String, dtype: String },
    /// A value that is read but made by nothing.
    #[error("\"{name}\" (read by node \"{node}\") is not made by any node, graph input or initializer")]
    Missing { name: String, node: String },
    /// A tensor whose data does not fit its header.
    #[error("tensor \"{name}\": {msg}")]
    Tensor { name: String, msg: String },
    /// Anything else wrong with the model as a whole.
    #[error("{0}")]
    Model(String),
    /// The IR refused what the import built.
    #[error(transparent)]
    Ir(#[from] IrError),
    /// A graph that cannot be written as ONNX.
    #[error("export: {0}")]
    Export(String),
}

pub type Result<T> = std::result::Result<T, OnnxError>;

impl OnnxError {
    /// The error with every text that may come from the file cut and its control characters
    /// escaped (names at most 80 characters, messages 400).
    pub fn clipped(self) -> Self {
        use hynas_ir::text::{clip, clip_n};
        let m = |s: String| clip_n(&s, 400);
        match self {
            OnnxError::NotOnnx(s) => OnnxError::NotOnnx(m(s)),
            OnnxError::UnsupportedOp { op_type, node } => {
                OnnxError::UnsupportedOp { op_type: clip(&op_type), node: clip(&node) }
            }
            OnnxError::Node { node, op_type, msg } => {
                OnnxError::Node { node: clip(&node), op_type: clip(&op_type), msg: m(msg) }
            }
            OnnxError::DynamicDim { input, dim, axis } => {
                OnnxError::DynamicDim { input: clip(&input), dim: clip(&dim), axis }
            }
            OnnxError::DType { name, dtype } => OnnxError::DType { name: clip(&name), dtype: clip(&dtype) },
            OnnxError::Missing { name, node } => OnnxError::Missing { name: clip(&name), node: clip(&node) },
            OnnxError::Tensor { name, msg } => OnnxError::Tensor { name: clip(&name), msg: m(msg) },
            OnnxError::Model(s) => OnnxError::Model(m(s)),
            OnnxError::Ir(hynas_ir::IrError::Shape { node, op, msg }) => {
                OnnxError::Ir(hynas_ir::IrError::Shape { node: clip(&node), op, msg: m(msg) })
            }
            OnnxError::Ir(e) => OnnxError::Model(m(e.to_string())),
            OnnxError::Export(s) => OnnxError::Export(m(s)),
        }
    }
}

/// The file bytes of a model.
pub fn encode(m: &proto::ModelProto) -> Vec<u8> {
    prost::Message::encode_to_vec(m)
}

/// Whether `bytes` look like an ONNX model rather than a genome's JSON: a ModelProto starts with
/// its first field's key, and writers put `ir_version` (field 1, a varint: byte 0x08) first.
pub fn looks_like_onnx(bytes: &[u8]) -> bool {
    bytes.first() == Some(&0x08)
}
