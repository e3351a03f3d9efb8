//! hynas-searcher: the search spaces (HANNAH's `conv_vit` and `resnet`, plus the fixed MLPerf
//! Tiny ResNet-8), genomes as human-editable JSON, validation with errors that name the field,
//! seeded sampling and one-parameter mutation, exact counts, and lowering to the IR.

pub mod builder;
pub mod conv_vit;
pub mod count;
pub mod domain;
pub mod lower;
pub mod predictor;
pub mod resnet;
pub mod strategy;
pub mod strict_json;

pub use conv_vit::ConvVitGenome;
pub use count::Counts;
pub use resnet::ResnetGenome;

use builder::NetBuilder;
use domain::Obj;
use hynas_ir::Graph;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// Genome JSON format version written and accepted.
pub const FORMAT_VERSION: u64 = 1;
/// CIFAR-10 input of one image.
pub const INPUT: [usize; 4] = [1, 3, 32, 32];
pub const CLASSES: usize = 10;

/// What a model is built for: its input (channels, height, width) and its classes (logits).
/// The spaces build every architecture for a task, as HANNAH builds conv_vit from the data set's
/// input shape and class count; the parameter budget counts the model for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Task {
    pub input: [usize; 3],
    pub classes: usize,
}

impl Task {
    /// CIFAR-10: 3x32x32 images, 10 classes.
    pub const CIFAR10: Task = Task { input: [INPUT[1], INPUT[2], INPUT[3]], classes: CLASSES };

    /// A task, checked: 1 to 4 channels, sides of 8 to 1024 pixels, 2 to 65,535 classes.
    pub fn new(input: [usize; 3], classes: usize) -> Result<Task, SearchError> {
        let [c, h, w] = input;
        if !(1..=4).contains(&c)
            || !(8..=1024).contains(&h)
            || !(8..=1024).contains(&w)
            || !(2..=65_535).contains(&classes)
        {
            return Err(SearchError::Invalid(format!(
                "a model for {c}x{h}x{w} inputs and {classes} classes: channels must be 1 to 4, sides 8 to 1024 pixels, classes 2 to 65535"
            )));
        }
        Ok(Task { input, classes })
    }

    /// The input's dims with a batch of one (NCHW).
    pub fn input_dims(&self) -> [usize; 4] {
        let [c, h, w] = self.input;
        [1, c, h, w]
    }

    /// "CxHxW, N classes".
    pub fn text(&self) -> String {
        let [c, h, w] = self.input;
        format!("{c}x{h}x{w}, {} classes", self.classes)
    }
}

impl Default for Task {
    fn default() -> Self {
        Task::CIFAR10
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("genome field `{field}`: {msg}")]
    Genome { field: String, msg: String },
    #[error("genome is not valid JSON: {0}")]
    Json(String),
    #[error("invalid architecture: {0}")]
    Shape(String),
    #[error("invalid genome: {0}")]
    Invalid(String),
    #[error("{0}")]
    Budget(String),
    /// No genome of the space fits the parameter budget (`max_params`) in `tries` samples.
    #[error("no valid {space} genome within {max_params} parameters in {tries} samples; raise the parameter budget")]
    ParamBudget { space: &'static str, max_params: u64, tries: usize },
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error(transparent)]
    Ir(#[from] hynas_ir::IrError),
}

impl SearchError {
    /// A genome error; the field path and message are cut and control characters escaped, since
    /// both can echo input.
    pub fn genome(field: &str, msg: impl Into<String>) -> Self {
        let msg: String = msg.into();
        let msg = strict_json::clip_n(&msg, 300);
        SearchError::Genome { field: strict_json::clip(field), msg }
    }
}

/// The search spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    ConvVit,
    /// conv_vit with ReLU linear attention (HANNAH's `use_lin_attn`).
    ConvVitLin,
    Resnet,
}

impl Space {
    pub fn name(self) -> &'static str {
        match self {
            Space::ConvVit => "conv_vit",
            Space::ConvVitLin => "conv_vit_lin",
            Space::Resnet => "resnet",
        }
    }

    /// Every space, in a stable order.
    pub const ALL: [Space; 3] = [Space::ConvVit, Space::ConvVitLin, Space::Resnet];

    pub fn parse(s: &str) -> Result<Self, SearchError> {
        match s {
            "conv_vit" => Ok(Space::ConvVit),
            "conv_vit_lin" => Ok(Space::ConvVitLin),
            "resnet" => Ok(Space::Resnet),
            other => {
                Err(SearchError::Invalid(format!("unknown space \"{other}\"; choose conv_vit, conv_vit_lin or resnet")))
            }
        }
    }

    /// One genome drawn uniformly per parameter (it may be invalid or over budget).
    pub fn sample(self, rng: &mut ChaCha8Rng) -> Genome {
        match self {
            Space::ConvVit => Genome::ConvVit(ConvVitGenome::sample(rng, false)),
            Space::ConvVitLin => Genome::ConvVit(ConvVitGenome::sample(rng, true)),
            Space::Resnet => Genome::Resnet(ResnetGenome::sample(rng)),
        }
    }

    /// Rejection sampling: the next valid genome within `max_params` (for CIFAR-10).
    pub fn sample_valid(self, rng: &mut ChaCha8Rng, max_params: u64) -> Result<(Genome, Counts), SearchError> {
        self.sample_valid_for(&Task::CIFAR10, rng, max_params)
    }

    /// Rejection sampling: the next genome valid for `task` within `max_params` (counted for it).
    pub fn sample_valid_for(
        self,
        task: &Task,
        rng: &mut ChaCha8Rng,
        max_params: u64,
    ) -> Result<(Genome, Counts), SearchError> {
        const TRIES: usize = 100_000;
        for _ in 0..TRIES {
            let g = self.sample(rng);
            if let Ok(c) = g.counts_for(task) {
                if c.params <= max_params {
                    return Ok((g, c));
                }
            }
        }
        Err(SearchError::ParamBudget { space: self.name(), max_params, tries: TRIES })
    }
}

/// An architecture: a genome of one of the spaces, or the fixed ResNet-8 baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Genome {
    ConvVit(ConvVitGenome),
    Resnet(ResnetGenome),
    Resnet8,
    /// The compiler comparison model: conv 3x3 16->16 (pad 1, bias, ReLU) on 1x16x32x32, then
    /// dense 16384 -> 10 with bias; 2,523,136 MACs.
    Probe,
}

/// A mutated parameter (for logs): its name, old and new value.
#[derive(Clone, Debug)]
pub struct Mutation {
    pub param: String,
    pub from: usize,
    pub to: usize,
}

impl Genome {
    pub fn space_name(&self) -> &'static str {
        match self {
            Genome::ConvVit(g) if g.linear => "conv_vit_lin",
            Genome::ConvVit(_) => "conv_vit",
            Genome::Resnet(_) => "resnet",
            Genome::Resnet8 => "resnet8",
            Genome::Probe => "probe",
        }
    }

    /// Parses and validates genome JSON; errors name the offending field and the allowed values.
    pub fn from_json_str(text: &str) -> Result<Self, SearchError> {
        let v: Value = strict_json::from_str(text).map_err(|e| SearchError::Json(e.to_string()))?;
        Self::from_json(&v)
    }

    pub fn from_json(v: &Value) -> Result<Self, SearchError> {
        let root = Obj::root(v)?;
        match root.get("format_version")?.as_u64() {
            Some(FORMAT_VERSION) => {}
            _ => return Err(root.err("format_version", format!("must be {FORMAT_VERSION}"))),
        }
        let space = root.get("space")?;
        let g = match space.as_str() {
            Some(name @ ("conv_vit" | "conv_vit_lin")) => {
                root.only(&["format_version", "space", "stem", "blocks"])?;
                Genome::ConvVit(ConvVitGenome::from_json(&root, name == "conv_vit_lin")?)
            }
            Some("resnet") => {
                root.only(&["format_version", "space", "stem", "blocks"])?;
                Genome::Resnet(ResnetGenome::from_json(&root)?)
            }
            Some("resnet8") => {
                root.only(&["format_version", "space"])?;
                Genome::Resnet8
            }
            Some("probe") => {
                root.only(&["format_version", "space"])?;
                Genome::Probe
            }
            _ => {
                return Err(root.err(
                    "space",
                    format!("{space} is not one of \"conv_vit\", \"conv_vit_lin\", \"resnet\", \"resnet8\", \"probe\""),
                ))
            }
        };
        g.counts()?;
        Ok(g)
    }

    /// `resnet8`, `probe`, or the path of a genome JSON file.
    pub fn load(arg: &str) -> Result<Self, SearchError> {
        match arg {
            "resnet8" => return Ok(Genome::Resnet8),
            "probe" => return Ok(Genome::Probe),
            _ => {}
        }
        let bytes = hynas_ir::files::read_regular(std::path::Path::new(arg))
            .map_err(|source| SearchError::Io { path: arg.to_string(), source })?;
        let text = String::from_utf8(bytes).map_err(|_| SearchError::Json(format!("{arg} is not UTF-8 text")))?;
        Self::from_json_str(&text)
    }

    pub fn to_json(&self) -> Value {
        let mut v = json!({"format_version": FORMAT_VERSION, "space": self.space_name()});
        let body = match self {
            Genome::ConvVit(g) => g.to_json(),
            Genome::Resnet(g) => g.to_json(),
            Genome::Resnet8 | Genome::Probe => json!({}),
        };
        if let (Value::Object(m), Value::Object(b)) = (&mut v, body) {
            m.extend(b);
        }
        v
    }

    fn build<B: NetBuilder>(&self, b: &mut B, task: &Task) -> Result<B::V, SearchError> {
        let input = task.input_dims();
        match self {
            Genome::ConvVit(g) => g.build(b, &input, task.classes),
            Genome::Resnet(g) => g.build(b, &input, task.classes),
            Genome::Resnet8 => resnet::build_resnet8(b, &input, task.classes),
            Genome::Probe => build_probe(b),
        }
    }

    /// Exact counts from the genome alone (for CIFAR-10); fails when the architecture is
    /// invalid (shapes that do not fit, or a last feature map of 1x1).
    pub fn counts(&self) -> Result<Counts, SearchError> {
        self.counts_for(&Task::CIFAR10)
    }

    /// As [`Genome::counts`], the model built for `task`.
    pub fn counts_for(&self, task: &Task) -> Result<Counts, SearchError> {
        let mut b = count::CountBuilder::new();
        let last = self.build(&mut b, task)?;
        let fmap = b.dims(last)[2];
        if fmap <= 1 {
            return Err(SearchError::Invalid(format!(
                "the last feature map is {fmap}x{fmap}; it must stay larger than 1x1 (use fewer stride-2 stages)"
            )));
        }
        Ok(b.finish(fmap))
    }

    /// The IR graph with weights drawn from `seed` (PyTorch's default init).
    pub fn lower(&self, seed: u64) -> Result<Graph, SearchError> {
        self.lower_with(seed, false)
    }

    /// As [`Genome::lower`]; `random_batch_norm` also draws BN statistics and affine parameters.
    pub fn lower_with(&self, seed: u64, random_batch_norm: bool) -> Result<Graph, SearchError> {
        self.lower_for(&Task::CIFAR10, seed, random_batch_norm)
    }

    /// As [`Genome::lower_with`], the model built for `task`.
    pub fn lower_for(&self, task: &Task, seed: u64, random_batch_norm: bool) -> Result<Graph, SearchError> {
        use rand::SeedableRng;
        self.counts_for(task)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut b = lower::IrBuilder::new(&mut rng, random_batch_norm);
        self.build(&mut b, task)?;
        Ok(b.graph)
    }

    /// A copy with exactly one active parameter changed (chosen uniformly). The child may be
    /// invalid or over budget; the caller decides what to do with it. `None` for ResNet-8.
    pub fn mutate<G: Rng>(&self, rng: &mut G) -> Option<(Genome, Mutation)> {
        fn pick<P: Copy + std::fmt::Debug, G: Rng>(
            params: &[(P, domain::Domain, usize)],
            rng: &mut G,
        ) -> Option<(P, usize, usize)> {
            let movable: Vec<_> = params.iter().filter(|(_, d, _)| d.values().len() > 1).collect();
            let &&(p, d, v) = movable.get(rng.gen_range(0..movable.len().max(1)))?;
            Some((p, v, d.mutate(v, rng)?))
        }
        let (child, param, from, to) = match self {
            Genome::ConvVit(g) => {
                let (p, from, to) = pick(&g.params(), rng)?;
                let mut c = g.clone();
                c.set(p, to, rng);
                (Genome::ConvVit(c), format!("{p:?}"), from, to)
            }
            Genome::Resnet(g) => {
                let (p, from, to) = pick(&g.params(), rng)?;
                let mut c = g.clone();
                c.set(p, to, rng);
                (Genome::Resnet(c), format!("{p:?}"), from, to)
            }
            Genome::Resnet8 | Genome::Probe => return None,
        };
        Some((child, Mutation { param, from, to }))
    }

    /// HANNAH-ITEM's mutation: `fraction` of all the space's parameter slots, active or not
    /// (conv_vit: 138, so 10% is 14), drawn without replacement; each draw that lands on an
    /// active parameter changes one (drawn uniformly, applied one after another, so a change of
    /// depth or block count takes effect for the next). Slots without a value here (blocks or
    /// patterns beyond the current depth) change nothing: hynas keeps no hidden values for them,
    /// and parts that become active are sampled fresh. `None` when no draw lands on an active
    /// parameter (the caller draws again) and for ResNet-8.
    pub fn mutate_fraction<G: Rng>(&self, fraction: f64, rng: &mut G) -> Option<(Genome, Vec<Mutation>)> {
        let total = match self {
            Genome::ConvVit(_) => conv_vit::SLOTS,
            Genome::Resnet(_) => resnet::SLOTS,
            Genome::Resnet8 | Genome::Probe => return None,
        };
        let k = ((fraction * total as f64).round() as usize).clamp(1, total);
        let active = self.active_params().min(total);
        let drawn = rand::seq::index::sample(rng, total, k);
        let hits = drawn.iter().filter(|&s| s < active).count();
        let mut g = self.clone();
        let mut log = Vec::new();
        for _ in 0..hits {
            if let Some((c, m)) = g.mutate(rng) {
                g = c;
                log.push(m);
            }
        }
        (!log.is_empty() && g != *self).then_some((g, log))
    }

    /// A fixed-length description for the surrogate models: per parameter slot of the space
    /// (see [`conv_vit::SLOTS`]) the value's position in its domain scaled to 0..=1, -1 when the
    /// slot is inactive; then log parameters and log MACs. Empty for ResNet-8 and the probe.
    pub fn encode(&self) -> Vec<f64> {
        fn enc<P: Copy>(params: Vec<(P, domain::Domain, usize)>, slot: impl Fn(P) -> usize, n: usize) -> Vec<f64> {
            let mut v = vec![-1.0; n];
            for (p, d, x) in params {
                let vals = d.values();
                let pos = vals.iter().position(|&y| y == x).unwrap_or(0);
                if let Some(s) = v.get_mut(slot(p)) {
                    *s = pos as f64 / (vals.len().max(2) - 1) as f64;
                }
            }
            v
        }
        let mut v = match self {
            Genome::ConvVit(g) => enc(g.params(), conv_vit::Param::slot, conv_vit::SLOTS),
            Genome::Resnet(g) => enc(g.params(), resnet::Param::slot, resnet::SLOTS),
            Genome::Resnet8 | Genome::Probe => return vec![],
        };
        if let Ok(c) = self.counts() {
            v.push((c.params.max(1) as f64).ln());
            v.push((c.macs.max(1) as f64).ln());
        }
        v
    }

    /// Number of active parameters (0 for ResNet-8).
    pub fn active_params(&self) -> usize {
        match self {
            Genome::ConvVit(g) => g.params().len(),
            Genome::Resnet(g) => g.params().len(),
            Genome::Resnet8 | Genome::Probe => 0,
        }
    }

    /// The input shape (NCHW) of this architecture (for CIFAR-10).
    pub fn input_dims(&self) -> [usize; 4] {
        self.input_dims_for(&Task::CIFAR10)
    }

    /// The input shape (NCHW) of this architecture built for `task`.
    pub fn input_dims_for(&self, task: &Task) -> [usize; 4] {
        match self {
            Genome::Probe => PROBE_INPUT,
            _ => task.input_dims(),
        }
    }
}

pub const PROBE_INPUT: [usize; 4] = [1, 16, 32, 32];

fn build_probe<B: NetBuilder>(b: &mut B) -> Result<B::V, SearchError> {
    let x = b.input(&PROBE_INPUT);
    let y = b.conv(&"conv", x, 16, 3, 1, 1, 1, true)?;
    let y = b.relu(&"conv.relu", y)?;
    let f = b.reshape(&"flatten", y, &[1, 16 * 32 * 32])?;
    let o = b.linear(&"fc", f, 10, true)?;
    b.output(o);
    Ok(y)
}
