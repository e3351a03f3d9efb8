//! `hynas search`: its options, and how they combine with a preset (whose values live in
//! `hynas_driver::options::Preset`) into the driver's `SearchOptions`.

use super::{
    cores, milliseconds, parse, CoreArgs, DistillArgs, Form, PredictorKind, QuantArgs, SlurmArgs, TrainerArgs, BAR,
};
use anyhow::{bail, Context, Result};
use hynas_codegen::Target;
use hynas_driver::options::Preset;
use hynas_driver::record::{Evaluation, Rung};
use hynas_driver::search::{search, ExecutorChoice, Objective, PredictorConfig, SearchOptions};
use hynas_driver::{Optimizer, TrainConfig};
use hynas_searcher::strategy::{EvolutionConfig, MutationKind, Strategy};
use hynas_searcher::Space;
use hynas_train::{Overrides, Recipe};
use std::path::PathBuf;
use std::time::Duration;

fn preset(s: &str) -> std::result::Result<Preset, String> {
    Preset::parse(s).map_err(|e| e.to_string())
}

#[derive(clap::Args)]
pub struct SearchArgs {
    /// conv_vit, conv_vit_lin or resnet.
    #[arg(long, default_value = "conv_vit", value_parser = parse::space)]
    space: Space,
    /// evolution (aging evolution), random, or pareto (NSGA-II selection).
    #[arg(long, default_value = "evolution", value_parser = parse::strategy)]
    strategy: Strategy,
    /// Candidates to evaluate.
    #[arg(long)]
    candidates: Option<usize>,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[arg(long, default_value_t = 100_000)]
    max_params: u64,
    #[arg(long)]
    max_ram: Option<usize>,
    #[arg(long)]
    max_rom: Option<usize>,
    #[arg(long)]
    max_instructions: Option<u64>,
    /// At most this many cycles of --core per inference.
    #[arg(long, requires = "core")]
    max_cycles: Option<u64>,
    /// At most this many milliseconds per inference on --core at --clock-mhz.
    #[arg(long, requires = "core", value_parser = milliseconds)]
    max_latency: Option<f64>,
    /// Comma-separated: val_error, instructions, cycles, ram [default: val_error,instructions,ram;
    /// with --core val_error,cycles,ram].
    #[arg(long)]
    objectives: Option<String>,
    /// One bound per objective, comma-separated [default: 1.0,50000000,262144; with --core
    /// 1.0,150000000,262144].
    #[arg(long)]
    bounds: Option<String>,
    /// Model the cycles of this core: the latency objective (`cycles`), --max-cycles,
    /// --max-latency and the pick's budget use them; the report names the core and clock.
    #[command(flatten)]
    core_args: CoreArgs,
    #[arg(long)]
    #[arg(value_parser = clap::value_parser!(u32).range(1..=100_000))]
    population: Option<u32>,
    #[arg(long)]
    #[arg(value_parser = clap::value_parser!(u32).range(1..=100_000))]
    tournament: Option<u32>,
    #[arg(long, default_value = "data/cifar10-sample")]
    data: PathBuf,
    #[arg(long, default_value = "out/search")]
    pub(super) out: PathBuf,
    #[arg(long)]
    resume: bool,
    /// Proxy training epochs per candidate.
    #[arg(long)]
    proxy_epochs: Option<usize>,
    /// Proxy training on the first N training images.
    #[arg(long)]
    train_subset: Option<usize>,
    /// Multi-fidelity search: a ladder of proxy trainings, cheapest first, comma-separated
    /// EPOCHSxIMAGES (e.g. 1x10000,2x30000; IMAGES may be `all`). Every candidate is trained
    /// at the first rung; the best 1/--eta of each rung are trained again at the next
    /// (successive halving); the front and the best come from the highest rung reached.
    /// Replaces --proxy-epochs and --train-subset.
    #[arg(long, conflicts_with_all = ["proxy_epochs", "train_subset"])]
    fidelity: Option<String>,
    /// Promotion rate of --fidelity: the best 1/eta of each rung go up.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(2..=100))]
    eta: u32,
    #[arg(long, default_value_t = 128)]
    batch: usize,
    /// Epochs of the final training of the best candidate (with augmentation).
    #[arg(long)]
    final_epochs: Option<usize>,
    /// Optimiser of the final training: sgd (Nesterov) or adamw [default: sgd, or the recipe's].
    #[arg(long, value_parser = parse::optimizer)]
    final_optimizer: Option<Optimizer>,
    /// The recipe of the final trainings (best, --retrain-front, the ResNet-8 reference):
    /// sgd (the default; SGD Nesterov, crop + flip) or hannah (HANNAH's final training:
    /// batch 256, AdamW one-cycle max_lr 0.01, flip/affine/crop/erasing, 100 epochs unless
    /// --final-epochs). The --final-* options override single settings.
    #[arg(long, value_parser = Recipe::parse)]
    recipe: Option<Recipe>,
    /// Distil the final trainings from a teacher.
    #[command(flatten)]
    distill: DistillArgs,
    /// Which candidate the report names best and retrains: baseline (the most accurate with at
    /// most ResNet-8's instructions and RAM; the default), max-accuracy, under:INSTRUCTIONS or
    /// knee (of the accuracy-instructions front).
    #[arg(long, default_value = "baseline", value_parser = hynas_driver::pick::Pick::parse)]
    pick: hynas_driver::pick::Pick,
    /// Retrain this many candidates with the final recipe: the pick into best/, then the next
    /// most accurate within the pick's budget into front/<candidate>/.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    retrain_top: u32,
    /// Skip the reference retraining of ResNet-8 with the final recipe (cached across searches
    /// per recipe and data in ~/.cache/hynas/reference or $HYNAS_CACHE_DIR/reference).
    #[arg(long)]
    no_reference: bool,
    /// Peak learning rate of the final training [default: 0.1 for sgd, 0.001 for adamw].
    #[arg(long)]
    final_lr: Option<f64>,
    /// Weight decay of the final training [default: 5e-4 for sgd, 1e-5 for adamw].
    #[arg(long)]
    final_weight_decay: Option<f64>,
    /// Candidates evaluated side by side, one training thread each.
    #[arg(long, default_value_t = 2)]
    parallel: usize,
    /// Also retrain every other Pareto-front candidate with the final recipe (into
    /// front/<candidate>/) and list their test accuracies in the report.
    #[arg(long)]
    retrain_front: bool,
    #[arg(long, default_value = "rv32imf", value_parser = parse::target)]
    target: Target,
    /// Small preset for the bundled sample: 8 candidates, population 4, 4 proxy epochs of
    /// batch 32, at most 20M instructions, 8 final epochs; about 2 minutes on 2 cores.
    /// The same as --preset quick.
    #[arg(long)]
    quick: bool,
    /// Settings in one word (options given explicitly win). cpu (the default, for one CPU
    /// machine, chosen by `hynas bench --proxy`: of the proxies measured, 2 epochs on 30k
    /// images ranks best, tau 0.76 against HANNAH's 10 epochs on 45k; cheaper ones misrank
    /// the larger models): 40 candidates at 2 epochs on 30,000 images (capped at the data's
    /// training split), predictor gp 50/20, one-parameter mutation, 30 final epochs.
    /// hannah-item (HANNAH at its ITEM commit, for a cluster or GPU): 500 candidates,
    /// population 20, sample 10, eps 0.1, mutation fraction:0.1, predictor gp 50/20, 10
    /// epochs on 45000 images (AdamW one-cycle), 100 final epochs. quick: see --quick.
    #[arg(long, value_parser = preset)]
    preset: Option<Preset>,
    /// Predictor-guided proposals: none, or gp (a Gaussian process on the genome, params and
    /// MACs, fitted on the results so far): each round samples --predictor-sample children and
    /// trains the --predictor-train best predicted.
    #[arg(long, value_enum)]
    predictor: Option<PredictorKind>,
    /// Children sampled per predictor round [preset: 50].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    predictor_sample: Option<u32>,
    /// Children trained per predictor round, the best predicted [preset: 20].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    predictor_train: Option<u32>,
    /// How a parent becomes a child: one (one active parameter) or fraction:F (a fraction F
    /// of all parameter slots, active or not; HANNAH-ITEM: fraction:0.1) [preset: one].
    #[arg(long)]
    mutation: Option<String>,
    #[command(flatten)]
    pub(super) trainer: TrainerArgs,
    #[command(flatten)]
    slurm: SlurmArgs,
    #[command(flatten)]
    quant: QuantArgs,
}

/// Runs `hynas search`.
pub fn run(a: SearchArgs) -> Result<()> {
    let SearchArgs {
        space,
        strategy,
        candidates,
        seed,
        max_params,
        max_ram,
        max_rom,
        max_instructions,
        max_cycles,
        max_latency,
        objectives,
        bounds,
        core_args,
        population,
        tournament,
        data,
        out,
        resume,
        proxy_epochs,
        train_subset,
        fidelity,
        eta,
        batch,
        final_epochs,
        final_optimizer,
        recipe,
        distill,
        pick: pick_rule,
        retrain_top,
        no_reference,
        final_lr,
        final_weight_decay,
        parallel,
        retrain_front,
        target,
        quick,
        preset,
        predictor,
        predictor_sample,
        predictor_train,
        mutation,
        trainer,
        slurm,
        quant,
    } = a;
    let core = core_args.choice();
    if let (Some(c), Some(core)) = (&core, core_args.core()?) {
        // A core without an FPU runs integer programs for an integer target only.
        if !core.fpu && (quant.quantize != Form::Int8 || target.has_fpu()) {
            bail!("--core {} has no FPU: search int8 models for it (--quantize int8 --target rv32imc)", c.name);
        }
    }
    let (default_objectives, default_bounds) = match core {
        Some(_) => ("val_error,cycles,ram", "1.0,150000000,262144"),
        None => ("val_error,instructions,ram", "1.0,50000000,262144"),
    };
    let objectives = objectives
        .as_deref()
        .unwrap_or(default_objectives)
        .split(',')
        .map(|s| Objective::parse(s.trim()))
        .collect::<Result<Vec<_>, _>>()?;
    // --max-latency in cycles at the clock (the tighter of it and --max-cycles).
    let max_cycles = match (max_cycles, max_latency, &core) {
        (m, Some(ms), Some(c)) => {
            let from_ms = (ms * c.clock_mhz * 1e3).floor() as u64;
            Some(m.map_or(from_ms, |m| m.min(from_ms)))
        }
        (m, _, _) => m,
    };
    let bounds = bounds
        .as_deref()
        .unwrap_or(default_bounds)
        .split(',')
        .map(|s| s.trim().parse::<f64>().with_context(|| format!("--bounds: \"{s}\" is not a number")))
        .collect::<Result<Vec<_>>>()?;
    let preset = match (quick, preset) {
        (true, Some(p)) if p != Preset::Quick => {
            bail!("--quick is --preset quick; it cannot go with --preset {}", p.name())
        }
        (true, _) => Preset::Quick,
        (false, p) => p.unwrap_or(Preset::Cpu),
    };
    let mutation = match &mutation {
        Some(m) => MutationKind::parse(m)?,
        None => preset.mutation(),
    };
    let evolution = EvolutionConfig {
        population: population.map_or(preset.population(), |p| p as usize),
        tournament: tournament.map_or(preset.tournament(), |t| t as usize),
        random_prob: 0.1,
        mutation,
    };
    let predictor = match predictor {
        Some(PredictorKind::None) => None,
        Some(PredictorKind::Gp) => Some(PredictorConfig { sample: 50, train: 20 }),
        None => preset.predictor(),
    }
    .map(|p| PredictorConfig {
        sample: predictor_sample.map_or(p.sample, |v| v as usize),
        train: predictor_train.map_or(p.train, |v| v as usize),
    });
    if let Some(p) = predictor {
        if p.train > p.sample {
            bail!(
                "--predictor-train {} > --predictor-sample {}: a round cannot train more children than it samples",
                p.train,
                p.sample
            );
        }
    } else if predictor_sample.is_some() || predictor_train.is_some() {
        bail!("--predictor-sample and --predictor-train need --predictor gp");
    }
    let ladder = match &fidelity {
        Some(f) => Rung::parse_ladder(f).map_err(|e| anyhow::anyhow!("--fidelity: {e}"))?,
        // An explicit single-rung proxy replaces the preset's ladder.
        None if proxy_epochs.is_some() || train_subset.is_some() => vec![],
        None => {
            // Capped at the training split, so the default runs on any data set.
            let split = if preset == Preset::Cpu { hynas_train::data::train_split_len(&data)? } else { 0 };
            preset.ladder(split)
        }
    };
    let mut proxy = TrainConfig {
        epochs: ladder.first().map_or(proxy_epochs.unwrap_or(preset.proxy_epochs()), |r| r.epochs),
        batch: preset.proxy_batch(batch),
        train_subset: ladder.first().map_or(train_subset, |r| r.images),
        seed,
        ..Default::default()
    };
    // Each worker trains on its share of the cores (measured: two one-thread trainings
    // side by side beat one two-thread training, for flex and for torch).
    // On a cluster, each job trains on the CPUs it asked for.
    let executor = slurm.executor(parallel.max(1));
    let per_task = match &executor {
        ExecutorChoice::Slurm(so) => so.cpus as usize,
        ExecutorChoice::Local => (cores() / parallel.max(1)).max(1),
    };
    trainer.apply(&mut proxy, Some(per_task))?;
    // The final recipe: sgd unless --recipe, the preset's epochs unless the recipe has
    // its own (hannah: 100), the --final-* options over single settings.
    let base = TrainConfig {
        train_subset: None,
        progress: true,
        // The final training runs alone: all cores unless told otherwise.
        threads: trainer.threads.map(usize::from),
        ..proxy.clone()
    };
    let mut final_train = recipe.unwrap_or(Recipe::Sgd).apply(base.clone());
    if recipe.is_none() {
        // The default of earlier versions: the SGD recipe at the proxy's batch.
        (final_train.batch, final_train.recipe) = (base.batch, None);
    }
    if recipe != Some(Recipe::Hannah) || preset == Preset::Quick {
        final_train.epochs = preset.final_epochs();
    }
    final_train = final_train.with(Overrides {
        optimizer: final_optimizer,
        epochs: final_epochs,
        max_lr: final_lr,
        weight_decay: final_weight_decay,
        ..Default::default()
    });
    let teacher = match distill.load()? {
        Some((d, _)) => {
            final_train.distill = Some(d);
            let t = distill.teacher.clone().unwrap_or_default();
            // Jobs run from other folders: files by their absolute paths.
            let model =
                if std::path::Path::new(&t).exists() { std::path::absolute(&t)?.display().to_string() } else { t };
            let weights = distill.teacher_weights.as_ref().map(std::path::absolute).transpose()?;
            Some(hynas_driver::record::Teacher { model, weights })
        }
        None => None,
    };
    hynas_train::check_config(&final_train).context("the final recipe")?;
    if proxy.epochs == 0 || final_train.epochs == 0 || proxy.batch == 0 {
        bail!("--proxy-epochs, --final-epochs and --batch must be at least 1");
    }
    // Jobs run from other folders: the data set by its absolute path.
    let data = std::path::absolute(&data).with_context(|| format!("--data {}", data.display()))?;
    let o = SearchOptions {
        space,
        strategy,
        evolution,
        candidates: candidates.unwrap_or(preset.candidates()),
        objectives,
        bounds,
        // The quick demo picks up where an earlier run in the same folder stopped.
        resume: resume || (preset.resumes_by_itself() && out.join("search.json").exists()),
        out,
        eval: Evaluation {
            seed,
            max_params,
            max_ram,
            max_rom,
            max_instructions: max_instructions.or(preset.max_instructions()),
            data,
            target,
            spike_timeout_s: 300.0,
            proxy,
            final_train,
            ladder,
            quantize: quant.search_spec()?,
            teacher,
            core,
            max_cycles,
        },
        parallel: parallel.max(1),
        retrain_front,
        eta: eta as usize,
        predictor,
        executor,
        pick: pick_rule,
        retrain_top: retrain_top as usize,
        reference: !no_reference,
    };
    let cancel = hynas_driver::Cancel::new();
    let on_signal = cancel.clone();
    let _ = ctrlc::set_handler(move || match on_signal.request() {
        1 => eprintln!("\nstopping after the candidates in flight are recorded (Ctrl-C again to abort them)"),
        2 => eprintln!("\naborting the candidates in flight (cluster jobs are cancelled)"),
        _ => std::process::exit(130),
    });
    let bar = indicatif::ProgressBar::new(o.candidates as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("candidates [{bar:30}] {pos}/{len}  {msg}  elapsed {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_secs(1));
    if let Ok(mut b) = BAR.lock() {
        *b = Some(bar.clone());
    }
    let r = search(&o, &cancel, |p| {
        bar.set_position(p.done as u64);
        let eta = p.eta.as_secs();
        bar.set_message(format!(
            "best {:.2}%  ETA {}h{:02}m{:02}s",
            100.0 * p.best,
            eta / 3600,
            eta / 60 % 60,
            eta % 60
        ));
        if p.done >= p.total {
            // The final retraining shows its own bar.
            bar.finish_and_clear();
        }
    });
    bar.finish_and_clear();
    if let Ok(mut b) = BAR.lock() {
        *b = None;
    }
    let r = r?;
    match r.report {
        Some(p) => outln!("{} candidates evaluated; report: {}", r.evaluated, p.display()),
        None => {
            outln!("stopped after {} candidates; continue with the same command plus --resume", r.evaluated)
        }
    }
    Ok(())
}
