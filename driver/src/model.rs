//! What the jobs run: a genome (lowered with seeded or loaded weights) or an imported ONNX model.

use crate::Result;
use hynas_ir::Graph;
use hynas_searcher::{Counts, Genome};

#[derive(Clone, Debug)]
pub enum Model {
    Genome(Genome),
    /// An ONNX file read by `hynas_onnx::import` (weights included).
    Onnx {
        path: String,
        graph: Graph,
    },
}

impl From<Genome> for Model {
    fn from(g: Genome) -> Self {
        Model::Genome(g)
    }
}

impl Model {
    /// `resnet8`, `probe`, a genome JSON file or an ONNX file: the file's content decides (a
    /// genome is JSON, an ONNX model is protobuf).
    pub fn load(arg: &str) -> Result<Self> {
        if matches!(arg, "resnet8" | "probe") {
            return Ok(Model::Genome(Genome::load(arg)?));
        }
        let path = std::path::Path::new(arg);
        let bytes = hynas_ir::files::read_regular(path)
            .map_err(|source| hynas_searcher::SearchError::Io { path: arg.to_string(), source })?;
        if hynas_onnx::looks_like_onnx(&bytes) || path.extension().is_some_and(|e| e == "onnx") {
            let graph = hynas_onnx::import(&bytes)?;
            return Ok(Model::Onnx { path: arg.to_string(), graph });
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| crate::invalid(format!("{arg}: neither a genome (JSON) nor an ONNX model")))?;
        Ok(Model::Genome(Genome::from_json_str(&text)?))
    }

    /// The IR graph: a genome's with weights drawn from `seed`, an ONNX model's as read.
    pub fn graph(&self, seed: u64) -> Result<Graph> {
        match self {
            Model::Genome(g) => Ok(g.lower(seed)?),
            Model::Onnx { graph, .. } => Ok(graph.clone()),
        }
    }

    /// Parameters, MACs and activation sizes (a genome's from its closed forms, an ONNX model's
    /// from its graph).
    pub fn counts(&self) -> Result<Counts> {
        match self {
            Model::Genome(g) => Ok(g.counts()?),
            Model::Onnx { graph, .. } => {
                let stats = graph.activation_stats()?;
                let last_fmap = graph
                    .schedule()?
                    .into_iter()
                    .rev()
                    .map(|id| graph.node(id).shape.dims().to_vec())
                    .find(|d| d.len() == 4 && d[2] > 1)
                    .map_or(1, |d| d[2]);
                Ok(Counts {
                    params: graph.param_count(),
                    macs: graph.macs(),
                    activation_bytes: stats.bytes,
                    peak_activation_bytes: stats.peak,
                    last_fmap,
                })
            }
        }
    }

    pub fn input_dims(&self) -> Vec<usize> {
        match self {
            Model::Genome(g) => g.input_dims().to_vec(),
            Model::Onnx { graph, .. } => {
                graph.inputs().first().map(|&i| graph.node(i).shape.dims().to_vec()).unwrap_or_default()
            }
        }
    }

    /// The genome's space (`conv_vit`, `resnet`, `resnet8`, `probe`) or `onnx`.
    pub fn kind(&self) -> &'static str {
        match self {
            Model::Genome(g) => g.space_name(),
            Model::Onnx { .. } => "onnx",
        }
    }

    pub fn genome(&self) -> Option<&Genome> {
        match self {
            Model::Genome(g) => Some(g),
            Model::Onnx { .. } => None,
        }
    }
}
