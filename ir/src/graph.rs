//! The graph: a petgraph `StableGraph` wrapped in our own type. Edges carry the operand slot, so
//! operands keep their order; no petgraph type leaks into the public API.

use crate::ops::Op;
use crate::{DType, IntTensor, IrError, Quant, Shape, Tensor};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::BinaryHeap;

/// A node handle. Stable across removals of other nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    fn ix(self) -> NodeIndex {
        NodeIndex::new(self.0 as usize)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A graph input (the image).
    Input,
    /// Constant data; `trainable` marks learned parameters (weights, biases, BN gamma/beta) as
    /// opposed to statistics (BN running mean/var).
    Const {
        data: Tensor,
        trainable: bool,
    },
    /// Integer constant data of a quantised graph (the node's dtype and quant describe it).
    IntConst {
        data: IntTensor,
        trainable: bool,
    },
    Op(Op),
}

/// A value of the graph: what makes it (input, constant, op) and its type: shape, element type
/// and, for an integer value, its quantisation parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    pub shape: Shape,
    pub dtype: DType,
    pub quant: Option<Quant>,
}

impl Node {
    fn new(name: &str, kind: NodeKind, shape: Shape) -> Self {
        Node { name: name.into(), kind, shape, dtype: DType::F32, quant: None }
    }

    /// The value's type as printed: `f32[1,16,32,32]`, `i8[1,16,32,32] q(s=2.3e-2,zp=-128)`.
    pub fn type_text(&self) -> String {
        match &self.quant {
            Some(q) => format!("{}{} {q}", self.dtype, self.shape),
            None => format!("{}{}", self.dtype, self.shape),
        }
    }

    /// Bytes of the value.
    pub fn bytes(&self) -> usize {
        self.shape.bytes(self.dtype)
    }

    pub fn int_data(&self) -> Option<&IntTensor> {
        match &self.kind {
            NodeKind::IntConst { data, .. } => Some(data),
            _ => None,
        }
    }

    pub fn op(&self) -> Option<&Op> {
        match &self.kind {
            NodeKind::Op(op) => Some(op),
            _ => None,
        }
    }
    pub fn const_data(&self) -> Option<&Tensor> {
        match &self.kind {
            NodeKind::Const { data, .. } => Some(data),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Graph {
    g: StableDiGraph<Node, usize>,
    inputs: Vec<NodeId>,
    outputs: Vec<NodeId>,
}

impl Graph {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, node: Node) -> NodeId {
        NodeId(self.g.add_node(node).index() as u32)
    }

    pub fn add_input(&mut self, name: &str, dims: &[usize]) -> NodeId {
        let id = self.push(Node::new(name, NodeKind::Input, Shape::new(dims)));
        self.inputs.push(id);
        id
    }

    pub fn add_const(&mut self, name: &str, data: Tensor, trainable: bool) -> NodeId {
        let shape = data.shape.clone();
        self.push(Node::new(name, NodeKind::Const { data, trainable }, shape))
    }

    /// Adds an integer constant with its quantisation parameters.
    pub fn add_int_const(&mut self, name: &str, data: IntTensor, quant: Quant, trainable: bool) -> NodeId {
        let (shape, dtype) = (data.shape.clone(), data.dtype);
        let mut node = Node::new(name, NodeKind::IntConst { data, trainable }, shape);
        node.dtype = dtype;
        node.quant = Some(quant);
        self.push(node)
    }

    /// Sets the element type and quantisation parameters of an input or op value (the quantise
    /// pass); the verifier checks them against the op's integer rules.
    pub fn set_type(&mut self, id: NodeId, dtype: DType, quant: Option<Quant>) -> Result<(), IrError> {
        let n = self.node_mut(id).ok_or(IrError::NoSuchNode(id.0))?;
        match &quant {
            Some(q) => q.check(dtype, &n.shape).map_err(|m| IrError::Verify(format!("node \"{}\": {m}", n.name)))?,
            None if dtype.is_int() => {
                return Err(IrError::Verify(format!("node \"{}\": {dtype} without quantisation parameters", n.name)))
            }
            None => {}
        }
        n.dtype = dtype;
        n.quant = quant;
        Ok(())
    }

    /// Adds an op node, inferring its shape; fails naming the op when operands do not fit.
    pub fn add_op(&mut self, name: &str, op: Op, operands: &[NodeId]) -> Result<NodeId, IrError> {
        let shapes = operands.iter().map(|&o| self.try_node(o).map(|n| &n.shape)).collect::<Result<Vec<_>, _>>()?;
        let shape = op.infer_shape(&shapes).and_then(|s| s.check_size().map(|()| s)).map_err(|msg| IrError::Shape {
            node: name.to_string(),
            op: op.name(),
            msg,
        })?;
        let id = self.push(Node::new(name, NodeKind::Op(op), shape));
        for (slot, &o) in operands.iter().enumerate() {
            self.g.add_edge(o.ix(), id.ix(), slot);
        }
        Ok(id)
    }

    pub fn set_outputs(&mut self, outs: &[NodeId]) {
        self.outputs = outs.to_vec();
    }
    pub fn inputs(&self) -> &[NodeId] {
        &self.inputs
    }
    pub fn outputs(&self) -> &[NodeId] {
        &self.outputs
    }

    pub fn contains(&self, id: NodeId) -> bool {
        self.g.contains_node(id.ix())
    }

    pub fn try_node(&self, id: NodeId) -> Result<&Node, IrError> {
        self.g.node_weight(id.ix()).ok_or(IrError::NoSuchNode(id.0))
    }

    /// The node behind a handle. Handles come from this graph, so a miss is a caller bug.
    pub fn node(&self, id: NodeId) -> &Node {
        // Invariant: ids are only produced by this graph and removed nodes are not revisited.
        self.g.node_weight(id.ix()).expect("node id from this graph")
    }

    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.g.node_weight_mut(id.ix())
    }

    /// Operands in slot order.
    pub fn operands(&self, id: NodeId) -> Vec<NodeId> {
        let mut e: Vec<(usize, NodeId)> = self
            .g
            .edges_directed(id.ix(), Direction::Incoming)
            .map(|e| (*e.weight(), NodeId(e.source().index() as u32)))
            .collect();
        e.sort();
        e.into_iter().map(|(_, n)| n).collect()
    }

    /// Nodes that use `id`, sorted, each once.
    pub fn users(&self, id: NodeId) -> Vec<NodeId> {
        let mut u: Vec<NodeId> =
            self.g.neighbors_directed(id.ix(), Direction::Outgoing).map(|n| NodeId(n.index() as u32)).collect();
        u.sort();
        u.dedup();
        u
    }

    /// Every node id in ascending order.
    pub fn node_ids(&self) -> Vec<NodeId> {
        let mut v: Vec<NodeId> = self.g.node_indices().map(|n| NodeId(n.index() as u32)).collect();
        v.sort();
        v
    }

    pub fn node_count(&self) -> usize {
        self.g.node_count()
    }

    /// Deterministic topological order (Kahn's algorithm, smallest id first). Fails on a cycle.
    pub fn topo_order(&self) -> Result<Vec<NodeId>, IrError> {
        let ids = self.node_ids();
        let mut indeg: std::collections::HashMap<NodeId, usize> =
            ids.iter().map(|&i| (i, self.g.edges_directed(i.ix(), Direction::Incoming).count())).collect();
        let mut ready: BinaryHeap<std::cmp::Reverse<NodeId>> =
            ids.iter().filter(|i| indeg[i] == 0).map(|&i| std::cmp::Reverse(i)).collect();
        let mut order = Vec::with_capacity(ids.len());
        while let Some(std::cmp::Reverse(n)) = ready.pop() {
            order.push(n);
            for e in self.g.edges_directed(n.ix(), Direction::Outgoing) {
                let t = NodeId(e.target().index() as u32);
                if let Some(d) = indeg.get_mut(&t) {
                    *d -= 1;
                    if *d == 0 {
                        ready.push(std::cmp::Reverse(t));
                    }
                }
            }
        }
        if order.len() != ids.len() {
            return Err(IrError::Verify("graph has a cycle".into()));
        }
        Ok(order)
    }

    /// Op nodes in execution order.
    pub fn schedule(&self) -> Result<Vec<NodeId>, IrError> {
        Ok(self.topo_order()?.into_iter().filter(|&n| self.node(n).op().is_some()).collect())
    }

    /// Points every use of `old` (operands and graph outputs) at `new`.
    pub fn replace_all_uses(&mut self, old: NodeId, new: NodeId) {
        let uses: Vec<(NodeIndex, usize)> =
            self.g.edges_directed(old.ix(), Direction::Outgoing).map(|e| (e.target(), *e.weight())).collect();
        for (t, slot) in uses {
            if let Some(e) = self.g.find_edge(old.ix(), t) {
                self.g.remove_edge(e);
            }
            self.g.add_edge(new.ix(), t, slot);
        }
        for o in &mut self.outputs {
            if *o == old {
                *o = new;
            }
        }
    }

    /// Replaces a node's op and operands in place (keeping its id and users); re-infers its shape,
    /// which must not change.
    pub fn rewrite_op(&mut self, id: NodeId, op: Op, operands: &[NodeId]) -> Result<(), IrError> {
        let name = self.try_node(id)?.name.clone();
        let shapes = operands.iter().map(|&o| self.try_node(o).map(|n| &n.shape)).collect::<Result<Vec<_>, _>>()?;
        let shape = op.infer_shape(&shapes).map_err(|msg| IrError::Shape { node: name.clone(), op: op.name(), msg })?;
        if shape != self.node(id).shape {
            return Err(IrError::Shape { node: name, op: op.name(), msg: format!("rewrite changes shape to {shape}") });
        }
        let old: Vec<_> = self.g.edges_directed(id.ix(), Direction::Incoming).map(|e| e.id()).collect();
        for e in old {
            self.g.remove_edge(e);
        }
        for (slot, &o) in operands.iter().enumerate() {
            self.g.add_edge(o.ix(), id.ix(), slot);
        }
        if let Some(n) = self.g.node_weight_mut(id.ix()) {
            n.kind = NodeKind::Op(op);
        }
        Ok(())
    }

    pub fn remove_node(&mut self, id: NodeId) {
        self.g.remove_node(id.ix());
        self.inputs.retain(|&i| i != id);
    }

    /// Learned parameter count (PyTorch's `numel` over `requires_grad` tensors).
    pub fn param_count(&self) -> u64 {
        self.node_ids()
            .into_iter()
            .map(|i| match &self.node(i).kind {
                NodeKind::Const { data, trainable: true } => data.data.len() as u64,
                NodeKind::IntConst { data, trainable: true } => data.data.len() as u64,
                _ => 0,
            })
            .sum()
    }

    /// Total multiply-accumulates of one inference.
    pub fn macs(&self) -> u64 {
        self.node_ids()
            .into_iter()
            .filter_map(|i| {
                let n = self.node(i);
                let op = n.op()?;
                let ins: Vec<&Shape> = self.operands(i).into_iter().map(|o| &self.node(o).shape).collect();
                Some(op.macs(&ins, &n.shape))
            })
            .sum()
    }
}
