//! `hynas bench --proxy`: how well do cheap proxies rank candidates?
//!
//! A fixed, seeded set of genomes (N valid genomes within the parameter budget, picked at evenly
//! spaced quantiles of MACs from 20 N samples, so they spread over the cost range) is trained at a
//! reference fidelity (HANNAH's: 10 epochs on the 45k training split, AdamW one-cycle, batch 128)
//! and at cheaper fidelities (epochs x training images, same recipe). For each cheap proxy (its
//! final validation accuracy, and its mean training loss over the run, lower = better) the report
//! gives Kendall's tau and Spearman's rho against the reference's validation accuracy, and its
//! core-seconds per candidate.
//!
//! Every training is a file `runs/<genome>-<fidelity>.json` written atomically when it ends;
//! finished ones are read instead of trained, so the benchmark resumes across sessions. Cheap
//! fidelities run first (all genomes), the reference last, so a partial run already ranks.

use crate::record::write_atomic;
use crate::{invalid, io, rank, Result, TrainConfig};
use hynas_searcher::{Genome, Space};
use rand::SeedableRng;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// A training budget: `epochs` over the first `images` training images.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fidelity {
    pub epochs: usize,
    pub images: usize,
}

impl Fidelity {
    /// `EPOCHSxIMAGES`, e.g. `2x30000`.
    pub fn parse(s: &str) -> Result<Fidelity> {
        let bad = || invalid(format!("fidelity `{}`: expected EPOCHSxIMAGES, e.g. 2x30000", crate::util::clip(s)));
        let (e, n) = s.split_once('x').ok_or_else(bad)?;
        let (epochs, images) = (e.parse::<usize>().map_err(|_| bad())?, n.parse::<usize>().map_err(|_| bad())?);
        if epochs == 0 || images == 0 || epochs > 1000 {
            return Err(bad());
        }
        Ok(Fidelity { epochs, images })
    }
    pub fn name(self) -> String {
        format!("{}x{}", self.epochs, self.images)
    }
}

#[derive(Clone, Debug)]
pub struct ProxyBenchOptions {
    pub space: Space,
    pub genomes: usize,
    pub max_params: u64,
    pub max_macs: u64,
    pub seed: u64,
    pub data: PathBuf,
    pub out: PathBuf,
    pub reference: Fidelity,
    pub cheap: Vec<Fidelity>,
    /// The recipe (optimizer, lr, batch, backend, threads); epochs and subset come per fidelity.
    pub recipe: TrainConfig,
    /// Trainings side by side.
    pub parallel: usize,
    /// Only write the report from the trainings on disk; train nothing.
    pub report_only: bool,
}

/// One training of the benchmark (a file in `runs/`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProxyRun {
    pub format_version: u32,
    pub genome: usize,
    pub fidelity: Fidelity,
    pub val_accuracy: f64,
    pub test_accuracy: f64,
    pub mean_train_loss: f64,
    /// Training images actually used (the split may hold fewer than asked).
    pub train_images: usize,
    pub seconds: f64,
    pub threads: usize,
    pub backend: String,
    /// The genome's MACs and parameters (for the table).
    pub macs: u64,
    pub params: u64,
}

/// The seeded genome set (see the module note); genomes above `max_macs` are skipped (the
/// searches' instruction limits keep such candidates out anyway).
pub fn genome_set(space: Space, n: usize, max_params: u64, max_macs: u64, seed: u64) -> Result<Vec<Genome>> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut pool: Vec<(u64, Genome)> = Vec::new();
    for _ in 0..n.max(1) * 200 {
        if pool.len() >= n.max(1) * 20 {
            break;
        }
        let (g, c) = space.sample_valid(&mut rng, max_params)?;
        if c.macs <= max_macs && !pool.iter().any(|(_, x)| *x == g) {
            pool.push((c.macs, g));
        }
    }
    pool.sort_by_key(|(m, _)| *m);
    if pool.len() < n {
        return Err(invalid(format!("only {} distinct genomes found for {n}", pool.len())));
    }
    Ok((0..n).map(|k| pool[k * (pool.len() - 1) / (n - 1).max(1)].1.clone()).collect())
}

fn run_path(out: &Path, genome: usize, f: Fidelity) -> PathBuf {
    out.join("runs").join(format!("{genome}-{}.json", f.name()))
}

fn read_run(p: &Path) -> Option<ProxyRun> {
    serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()
}

/// Trains what is missing (resumable) and returns the markdown report (also written to
/// `report.md`). `on_line` gets a line per finished training.
pub fn run(o: &ProxyBenchOptions, cancel: &crate::Cancel, on_line: impl Fn(&str) + Sync) -> Result<String> {
    let runs = o.out.join("runs");
    std::fs::create_dir_all(&runs).map_err(|e| io(&runs, e))?;
    let genomes = genome_set(o.space, o.genomes, o.max_params, o.max_macs, o.seed)?;
    // The set is fixed by (space, N, budget, seed); a folder of another set is refused.
    let set_path = o.out.join("genomes.jsonl");
    let text: String = genomes.iter().map(|g| format!("{}\n", g.to_json())).collect();
    match std::fs::read_to_string(&set_path) {
        Ok(old) if old != text => {
            return Err(invalid(format!(
                "{} holds another genome set (other --space, --genomes, --seed, --max-params or --max-macs); use another --out",
                o.out.display()
            )))
        }
        Ok(_) => {}
        Err(_) => write_atomic(&set_path, text.as_bytes())?,
    }
    let cifar = crate::jobs::load_data(&o.data, o.seed)?;
    let mut fids = o.cheap.clone();
    fids.push(o.reference);
    for f in &fids {
        if f.images > cifar.train.len() {
            return Err(invalid(format!(
                "fidelity {} asks for {} training images; {} has {}",
                f.name(),
                f.images,
                o.data.display(),
                cifar.train.len()
            )));
        }
    }
    // Work list: cheap fidelities first, then the reference; finished runs skipped.
    let todo: Vec<(usize, Fidelity)> = if o.report_only {
        Vec::new()
    } else {
        fids.iter()
            .flat_map(|&f| (0..genomes.len()).map(move |g| (g, f)))
            .filter(|&(g, f)| read_run(&run_path(&o.out, g, f)).is_none())
            .collect()
    };
    let queue = Mutex::new(todo.into_iter());
    let failure: Mutex<Option<crate::DriverError>> = Mutex::new(None);
    let threads = o.recipe.threads.unwrap_or(1);
    std::thread::scope(|s| {
        for _ in 0..o.parallel.max(1) {
            s.spawn(|| loop {
                if cancel.stopping() || failure.lock().map_or(true, |f| f.is_some()) {
                    return;
                }
                let Some((g, f)) = queue.lock().ok().and_then(|mut q| q.next()) else { return };
                let genome = &genomes[g];
                let cfg = TrainConfig {
                    epochs: f.epochs,
                    train_subset: Some(f.images),
                    seed: o.seed,
                    progress: false,
                    ..o.recipe.clone()
                };
                let t = Instant::now();
                let res = (|| -> Result<ProxyRun> {
                    let counts = genome.counts()?;
                    let mut graph = genome.lower(o.seed)?;
                    let r = hynas_train::train(&mut graph, &cifar, &cfg)?;
                    Ok(ProxyRun {
                        format_version: 1,
                        genome: g,
                        fidelity: f,
                        val_accuracy: r.epochs.last().map_or(0.0, |e| e.val_accuracy),
                        test_accuracy: r.test_accuracy,
                        mean_train_loss: r.mean_train_loss,
                        train_images: r.train_images,
                        seconds: t.elapsed().as_secs_f64(),
                        threads,
                        backend: cfg.backend.name().into(),
                        macs: counts.macs,
                        params: counts.params,
                    })
                })();
                match res.and_then(|r| {
                    let p = run_path(&o.out, g, f);
                    write_atomic(&p, serde_json::to_string_pretty(&r).unwrap_or_default().as_bytes())?;
                    Ok(r)
                }) {
                    Ok(r) => on_line(&format!(
                        "genome {g:>2} at {:>9}: val {:.2}%, mean train loss {:.4}, {:.0} s",
                        f.name(),
                        100.0 * r.val_accuracy,
                        r.mean_train_loss,
                        r.seconds
                    )),
                    Err(e) => {
                        if let Ok(mut slot) = failure.lock() {
                            slot.get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let md = report(o, &genomes)?;
    let p = o.out.join("report.md");
    std::fs::write(&p, &md).map_err(|e| io(&p, e))?;
    Ok(md)
}

/// The table from the runs on disk (complete or not).
pub fn report(o: &ProxyBenchOptions, genomes: &[Genome]) -> Result<String> {
    let get = |f: Fidelity| -> Vec<Option<ProxyRun>> {
        (0..genomes.len()).map(|g| read_run(&run_path(&o.out, g, f))).collect()
    };
    let reference = get(o.reference);
    let n_ref = reference.iter().flatten().count();
    // The backend and threads the trainings on disk used (not this call's flags: --report-only).
    let any = o.cheap.iter().chain(std::iter::once(&o.reference)).find_map(|&f| get(f).into_iter().flatten().next());
    let (backend, threads) = any.map_or((o.recipe.backend.name().to_string(), o.recipe.threads.unwrap_or(1)), |r| {
        (r.backend.clone(), r.threads)
    });
    let mut md = format!(
        "# Proxy quality, space `{}`\n\n{} genomes (seed {}, within {} parameters and {} MACs, spread over MACs); reference: {} epochs on {} images ({} of {} trained); recipe {} lr {} batch {}, {} on {}, {} thread(s) per training. tau/rho: Kendall/Spearman against the reference's validation accuracy, over the genomes both have.\n\n| proxy | genomes | Kendall tau | Spearman rho | core-s per candidate |\n|---|---|---|---|---|\n",
        o.space.name(),
        genomes.len(),
        o.seed,
        o.max_params,
        o.max_macs,
        o.reference.epochs,
        o.reference.images,
        n_ref,
        genomes.len(),
        o.recipe.optimizer.name(),
        o.recipe.max_lr,
        o.recipe.batch,
        backend,
        o.recipe.device,
        threads
    );
    let fmt = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.3}"));
    for &f in o.cheap.iter().chain(std::iter::once(&o.reference)) {
        let runs = get(f);
        let pairs: Vec<(f64, &ProxyRun)> =
            reference.iter().zip(&runs).filter_map(|(r, c)| Some((r.as_ref()?.val_accuracy, c.as_ref()?))).collect();
        let refv: Vec<f64> = pairs.iter().map(|p| p.0).collect();
        let acc: Vec<f64> = pairs.iter().map(|p| p.1.val_accuracy).collect();
        let loss: Vec<f64> = pairs.iter().map(|p| -p.1.mean_train_loss).collect();
        let done: Vec<&ProxyRun> = runs.iter().flatten().collect();
        let cost = done.iter().map(|r| r.seconds * r.threads as f64).sum::<f64>() / done.len().max(1) as f64;
        for (what, v) in [("val accuracy", &acc), ("mean training loss", &loss)] {
            md += &format!(
                "| {} epochs x {} images, {what} | {} | {} | {} | {:.0} |\n",
                f.epochs,
                f.images,
                pairs.len(),
                fmt(rank::kendall(&refv, v)),
                fmt(rank::spearman(&refv, v)),
                cost
            );
        }
    }
    // Zero-cost and learned predictors of the reference, leave-one-out over the genomes that
    // have one: a model that sees the other genomes' reference accuracies predicts this one's.
    let with_ref: Vec<(usize, f64)> =
        reference.iter().enumerate().filter_map(|(g, r)| Some((g, r.as_ref()?.val_accuracy))).collect();
    let refv: Vec<f64> = with_ref.iter().map(|p| p.1).collect();
    let feats: Vec<Vec<f64>> = with_ref.iter().map(|&(g, _)| genomes[g].encode()).collect();
    let zero_cost = [("log parameters (zero-cost)", 2usize), ("log MACs (zero-cost)", 1usize)];
    for (what, from_end) in zero_cost {
        let v: Vec<f64> = feats.iter().map(|f| f[f.len() - from_end]).collect();
        md += &format!(
            "| {what} | {} | {} | {} | 0 |\n",
            v.len(),
            fmt(rank::kendall(&refv, &v)),
            fmt(rank::spearman(&refv, &v))
        );
    }
    let loo = |x: &[Vec<f64>]| hynas_searcher::predictor::Gp::fit_loo(x, &refv).map(|(_, p)| p);
    if let Some(p) = loo(&feats) {
        md += &format!(
            "| Gaussian process on the genome encoding, leave-one-out | {} | {} | {} | 0 |\n",
            p.len(),
            fmt(rank::kendall(&refv, &p)),
            fmt(rank::spearman(&refv, &p))
        );
    }
    // The same with the cheapest proxy's accuracy as a feature (a predictor with one cheap run).
    if let Some(&f) = o.cheap.first() {
        let runs = get(f);
        let rows: Vec<Option<Vec<f64>>> = with_ref
            .iter()
            .zip(&feats)
            .map(|(&(g, _), x)| {
                let acc = runs[g].as_ref()?.val_accuracy;
                // Weighted like 10 features: the measurement should count more than one slot.
                Some(x.iter().copied().chain(std::iter::repeat_n(acc, 10)).collect())
            })
            .collect();
        if let Some(rows) = rows.into_iter().collect::<Option<Vec<_>>>() {
            let done: Vec<&ProxyRun> = runs.iter().flatten().collect();
            let cost = done.iter().map(|r| r.seconds * r.threads as f64).sum::<f64>() / done.len().max(1) as f64;
            if let Some(p) = loo(&rows) {
                md += &format!(
                    "| Gaussian process on the genome encoding + {} val accuracy, leave-one-out | {} | {} | {} | {cost:.0} |\n",
                    f.name(),
                    p.len(),
                    fmt(rank::kendall(&refv, &p)),
                    fmt(rank::spearman(&refv, &p))
                );
            }
        }
    }
    md += "\n| genome | params | MACs |";
    let all: Vec<Fidelity> = o.cheap.iter().copied().chain(std::iter::once(o.reference)).collect();
    for f in &all {
        md += &format!(" val {} |", f.name());
    }
    md += "\n|---|---|---|";
    md += &"---|".repeat(all.len());
    md += "\n";
    for (g, genome) in genomes.iter().enumerate() {
        let c = genome.counts()?;
        md += &format!("| {g} | {} | {} |", c.params, c.macs);
        for &f in &all {
            md += &match read_run(&run_path(&o.out, g, f)) {
                Some(r) => format!(" {:.2}% |", 100.0 * r.val_accuracy),
                None => " - |".into(),
            };
        }
        md += "\n";
    }
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fidelities_parse_and_bad_ones_are_named() {
        assert_eq!(Fidelity::parse("2x30000").unwrap(), Fidelity { epochs: 2, images: 30000 });
        for bad in ["", "2", "x3", "0x100", "2x0", "2x-1", "1.5x10", "2x30000x1"] {
            let e = Fidelity::parse(bad).unwrap_err().to_string();
            assert!(e.contains("EPOCHSxIMAGES"), "{bad}: {e}");
        }
    }

    #[test]
    fn the_genome_set_is_seeded_distinct_and_spread_over_macs() {
        let a = genome_set(Space::ConvVit, 12, 100_000, 15_000_000, 3).unwrap();
        assert_eq!(a, genome_set(Space::ConvVit, 12, 100_000, 15_000_000, 3).unwrap());
        let macs: Vec<u64> = a.iter().map(|g| g.counts().unwrap().macs).collect();
        assert!(macs.windows(2).all(|w| w[0] <= w[1]), "{macs:?}");
        assert!(macs[11] > 4 * macs[0] && macs[11] <= 15_000_000, "{macs:?}");
        for (i, g) in a.iter().enumerate() {
            assert!(!a[..i].contains(g));
        }
    }
}
