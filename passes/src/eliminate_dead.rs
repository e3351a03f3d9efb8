//! Dead-node elimination: removes every node from which no graph output is reachable
//! (a backward walk over operands from the outputs). Graph inputs are kept.

use crate::Pass;
use hynas_ir::{Graph, IrError};
use std::collections::HashSet;

pub struct EliminateDead;

impl Pass for EliminateDead {
    fn name(&self) -> &'static str {
        "eliminate_dead"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let mut live: HashSet<_> = graph.inputs().iter().copied().collect();
        let mut stack: Vec<_> = graph.outputs().to_vec();
        while let Some(n) = stack.pop() {
            if live.insert(n) || graph.outputs().contains(&n) {
                stack.extend(graph.operands(n).into_iter().filter(|o| !live.contains(o)));
            }
        }
        let dead: Vec<_> = graph.node_ids().into_iter().filter(|n| !live.contains(n)).collect();
        for &n in &dead {
            graph.remove_node(n);
        }
        Ok(!dead.is_empty())
    }
}
