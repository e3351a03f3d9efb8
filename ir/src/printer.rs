//! Deterministic text form: one line per node in topological order, renumbered densely.
//! `%3 = conv2d(%0, %w1, %w2) {k=3,s=1,p=1,g=1} : f32[1,16,32,32]  # stem.conv`

use crate::graph::{Graph, NodeId, NodeKind};
use std::collections::HashMap;
use std::fmt::Write;

pub fn print(graph: &Graph) -> String {
    let order = match graph.topo_order() {
        Ok(o) => o,
        Err(e) => return format!("<invalid graph: {e}>\n"),
    };
    let mut names: HashMap<NodeId, String> = HashMap::new();
    let mut out = String::new();
    for (i, &id) in order.iter().enumerate() {
        let n = graph.node(id);
        let name = match n.kind {
            NodeKind::Const { .. } | NodeKind::IntConst { .. } => format!("%w{i}"),
            _ => format!("%{i}"),
        };
        let line = match &n.kind {
            NodeKind::Input => format!("{name} = input \"{}\" : {}", n.name, n.type_text()),
            NodeKind::Const { trainable, .. } | NodeKind::IntConst { trainable, .. } => {
                let stat = if *trainable { "" } else { " (stat)" };
                format!("{name} = const \"{}\"{stat} : {}", n.name, n.type_text())
            }
            NodeKind::Op(op) => {
                let args: Vec<&str> =
                    graph.operands(id).iter().map(|o| names.get(o).map_or("?", |s| s.as_str())).collect();
                let attrs = op.attrs_text();
                let attrs = if attrs.is_empty() { String::new() } else { format!(" {{{attrs}}}") };
                format!("{name} = {}({}){attrs} : {}  # {}", op.name(), args.join(", "), n.type_text(), n.name)
            }
        };
        let _ = writeln!(out, "{line}");
        names.insert(id, name);
    }
    let outs: Vec<&str> = graph.outputs().iter().map(|o| names.get(o).map_or("?", |s| s.as_str())).collect();
    let _ = writeln!(out, "return {}", outs.join(", "));
    out
}
