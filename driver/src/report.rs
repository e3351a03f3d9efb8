//! The end of a search, second half: the plots and `report.md`, from the search's records and
//! the final retrainings (`retrain.rs`).

use crate::executor::Key;
use crate::options::{Objective, SearchOptions};
use crate::record::{Record, Status};
use crate::retrain::Retrained;
use crate::util::{clip_n, opt, pct};
use crate::{invalid, io, Result};
use std::path::PathBuf;

/// Writes the plots and `report.md` (`executor`: the executor's name); returns the report's path.
pub fn write(
    o: &SearchOptions,
    executor: &str,
    history: &[Record],
    all: &[Record],
    baseline: &Record,
    retrained: &Retrained,
    utilisation: Option<f64>,
) -> Result<PathBuf> {
    let ok: Vec<&Record> = history.iter().filter(|e| e.status == Status::Ok).collect();
    let (picked, fr) = (&retrained.picked, &retrained.front);
    let best = &history[picked.index];
    let tr = retrained.best(history).ok_or_else(|| invalid("the picked candidate was not retrained"))?;
    let retrained = &retrained.records;
    let fmt_data = tr.data.clone();
    // Plots.
    let pts = |key: Objective| -> Vec<(f64, f64, String, bool)> {
        ok.iter()
            .map(|e| {
                let on_front = fr.iter().any(|&i| history[i].i == e.i);
                let x = match key {
                    Objective::Instructions => e.instructions.unwrap_or(0) as f64,
                    _ => e.ram_bytes.unwrap_or(0) as f64,
                };
                (x, 100.0 * e.val_accuracy.unwrap_or(0.0), e.i.to_string(), on_front)
            })
            .collect()
    };
    // A rejected or failed baseline has no accuracy to plot.
    let base = |key: Objective| {
        (baseline.status == Status::Ok).then(|| {
            let x = match key {
                Objective::Instructions => baseline.instructions.unwrap_or(0) as f64,
                _ => baseline.ram_bytes.unwrap_or(0) as f64,
            };
            (x, 100.0 * baseline.val_accuracy.unwrap_or(0.0))
        })
    };
    let svg1 = crate::plot::scatter(
        "Accuracy vs instructions",
        "instructions per inference (Spike)",
        "proxy validation accuracy (%)",
        &pts(Objective::Instructions),
        base(Objective::Instructions),
    );
    let svg2 = crate::plot::scatter(
        "Accuracy vs RAM",
        "RAM bytes (arena + data + stack)",
        "proxy validation accuracy (%)",
        &pts(Objective::Ram),
        base(Objective::Ram),
    );
    for (name, svg) in [("accuracy_vs_instructions.svg", svg1), ("accuracy_vs_ram.svg", svg2)] {
        let p = o.out.join(name);
        std::fs::write(&p, svg).map_err(|e| io(&p, e))?;
    }
    // Report.
    // Evolution may propose a genome again; the report names the earlier evaluation so two rows
    // of the front with the same numbers are not mistaken for two networks.
    let label = |e: &Record| match ok.iter().find(|x| x.genome == e.genome && x.i != e.i) {
        Some(first) if first.i < e.i => format!("{} (genome of {})", e.i, first.i),
        _ => e.i.to_string(),
    };
    let core = o.eval.core.as_ref();
    // With a core: its modelled cycles and the time at its clock after the instructions.
    let cyc = |e: &Record| {
        core.map_or(String::new(), |c| {
            format!(" {} | {} |", opt(e.cycles), e.cycles.map_or("-".into(), |x| format!("{:.2}", c.ms(x))))
        })
    };
    let row = |name: String, e: &Record| {
        format!(
            "| {name} | {} | {} |{} {} | {} | {} | {} |\n",
            pct(e.val_accuracy),
            opt(e.instructions),
            cyc(e),
            opt(e.ram_bytes),
            opt(e.rom_bytes),
            opt(e.params),
            opt(e.macs)
        )
    };
    let e = &o.eval;
    let (train_images, data_text) = match &fmt_data {
        Some(d) => (e.proxy.train_subset.unwrap_or(d.train).min(d.train).to_string(), d.text()),
        None => (e.proxy.train_subset.map_or("all".into(), |n| n.to_string()), "?".into()),
    };
    let mut md = format!(
        "# hynas search report\n\nSpace `{}`, strategy `{:?}`, seed {}, {} candidates evaluated ({} ok, {} failed), {} more rejected after profiling (compiled and run in Spike, over a limit, not trained); proxy: {}, data `{}` ({}); executor `{}`.\n\n",
        o.space.name(),
        o.strategy,
        e.seed,
        history.iter().filter(|e| e.status != Status::Rejected).count(),
        ok.len(),
        history.iter().filter(|e| e.status == Status::Failed).count(),
        history.iter().filter(|e| e.status == Status::Rejected).count(),
        if e.ladder.len() > 1 {
            let l: Vec<String> = e.ladder.iter().map(|r| r.to_string()).collect();
            format!("a fidelity ladder of {} (epochs x images; see below)", l.join(", "))
        } else {
            format!("{} epoch(s) on {train_images} training images", e.proxy.epochs)
        },
        e.data.display(),
        data_text,
        executor
    );
    if let Some(q) = &e.quantize {
        md += &format!(
            "Candidates are measured and scored in their deployed form, **int8** (TFLite's scheme, post-training quantisation calibrated with `{}` on {} training images): instructions, RAM and ROM of the int8 program, validation and test accuracy of the int8 model (the f32 model's in `val_accuracy_f32` / `test_accuracy_f32` of history.jsonl).\n\n",
            q.calibration, q.images
        );
    }
    if let Some(c) = core {
        md += &format!(
            "Latency is the modelled cycles of the core **{}** (its timing table applied to Spike's per-instruction counts; `hynas bench --core {} --rtl` checks the model against RTL simulation) at **{} MHz**: the objective `cycles`, `--max-cycles` and the pick's budget use them.\n\n",
            c.name, c.name, c.clock_mhz
        );
    }
    let at = match history.get(fr.first().copied().unwrap_or(usize::MAX)) {
        Some(r) if e.ladder.len() > 1 => format!(", rung {}", r.rung),
        _ => String::new(),
    };
    md += &format!("## Pareto front (validation error, {}, RAM{at})\n\n", e.latency_unit());
    md += &match core {
        Some(c) => format!(
            "| candidate | val accuracy | instructions | {} cycles | ms at {} MHz | RAM B | ROM B | params | MACs |\n|---|---|---|---|---|---|---|---|---|\n",
            c.name, c.clock_mhz
        ),
        None => "| candidate | val accuracy | instructions | RAM B | ROM B | params | MACs |\n|---|---|---|---|---|---|---|\n".into(),
    };
    for &i in fr {
        md += &row(label(&history[i]), &history[i]);
    }
    if baseline.status == Status::Ok {
        md += &row("resnet8 (baseline)".into(), baseline);
        md += "\n";
    } else {
        // Not a point of the front: it was not trained (or not measured).
        md += &format!(
            "\nBaseline ResNet-8: **{}** ({}); measured instructions {}, RAM {} B, ROM {} B, params {}.\n\n",
            baseline.status.name(),
            clip_n(baseline.reason.as_deref().unwrap_or("no reason"), 300),
            opt(baseline.instructions),
            opt(baseline.ram_bytes),
            opt(baseline.rom_bytes),
            opt(baseline.params)
        );
    }
    let cfg = &e.final_train;
    if retrained.keys().any(|k| matches!(k, Key::Front(_))) {
        md += &format!(
            "## {}, retrained ({} epochs, the recipe below; instructions and RAM as profiled in the search)\n\n| candidate | proxy val accuracy | test accuracy | instructions | RAM B | params |\n|---|---|---|---|---|---|\n",
            if o.retrain_front { "Pareto front" } else { "The next candidates by the pick" },
            cfg.epochs
        );
        for (key, r) in retrained {
            if *key == Key::Reference {
                continue;
            }
            let i = key.index();
            let Some(e) = history.iter().find(|h| h.i == i) else { continue };
            let test = match r.status {
                Status::Ok => pct(r.test_accuracy),
                _ => format!("failed: {}", clip_n(r.reason.as_deref().unwrap_or(""), 120)),
            };
            md += &format!(
                "| {i} | {} | {test} | {} | {} | {} |\n",
                pct(e.val_accuracy),
                opt(e.instructions),
                opt(e.ram_bytes),
                opt(e.params)
            );
        }
        md += "\nWeights of the other points: `front/<candidate>/weights.safetensors`.\n\n";
    }
    let ipm = tr.instructions.unwrap_or(0) as f64 / tr.macs.unwrap_or(1).max(1) as f64;
    md += &format!(
        "## Best candidate ({}), retrained\n\nPicked by `--pick {}`: {}{}.\n\n{} epochs{} with {} augmentation ({}, peak lr {}, weight decay {}, batch {}{}): test accuracy {} on {} test images; {} instructions ({:.3} per MAC){}, ROM {} B, RAM {} B. Files: `best/genome.json`, `best/weights.safetensors`, `best/model.o`, `best/model.h`.\n\n",
        best.i,
        pick_name(o.pick),
        o.pick.describe(&o.eval.latency_unit()),
        picked.fallback.as_ref().map_or(String::new(), |f| format!(" (**none qualified**: {f}; the most accurate instead)")),
        cfg.epochs,
        cfg.recipe.map_or(String::new(), |r| format!(" (recipe `{}`)", r.name())),
        cfg.augment.name(),
        cfg.optimizer.name(),
        cfg.max_lr,
        cfg.weight_decay,
        cfg.batch,
        cfg.distill.as_ref().map_or(String::new(), |d| format!(
            "; distilled from {} with alpha {} and temperature {}",
            d.teacher, d.alpha, d.temperature
        )),
        match tr.test_accuracy_f32 {
            Some(f) => format!("**{}** (int8; the f32 model: {})", pct(tr.test_accuracy), pct(Some(f))),
            None => format!("**{}**", pct(tr.test_accuracy)),
        },
        fmt_data.as_ref().map_or("?".into(), |d| d.test.to_string()),
        opt(tr.instructions),
        ipm,
        core.map_or(String::new(), |c| format!(
            ", {} {} cycles ({:.2} ms at {} MHz)",
            opt(tr.cycles),
            c.name,
            c.ms(tr.cycles.unwrap_or(0)),
            c.clock_mhz
        )),
        opt(tr.rom_bytes),
        opt(tr.ram_bytes)
    );
    md += &reference_section(o, retrained.get(&Key::Reference), tr);
    let mean = |f: &dyn Fn(&Record) -> Option<f64>| {
        let v: Vec<f64> = ok.iter().filter(|e| e.reused_from.is_none() && e.rung == 0).filter_map(|e| f(e)).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let threads =
        e.proxy.threads.map_or("all cores".to_string(), |n| format!("{n} thread{}", if n == 1 { "" } else { "s" }));
    let setup = format!("training with {} on {}, {threads} per training", e.proxy.backend, e.proxy.device);
    md += &format!(
        "## Seconds per candidate (mean over ok candidates)\n\nconstraint check {:.3} ms, compile {:.2} s, Spike {:.2} s, proxy training {:.2} s, in all {:.2} s ({}){}.\n\n",
        1e3 * mean(&|e| Some(e.timings.constraints)),
        mean(&|e| e.timings.compile),
        mean(&|e| e.timings.spike),
        mean(&|e| e.timings.train),
        mean(&|e| Some(e.timings.total)),
        match (executor, o.parallel.max(1)) {
            ("local", 1) => format!("one worker: compile, Spike and training one after the other; {setup}"),
            ("local", n) => format!(
                "{n} workers take candidates from a queue, so one compiles and runs in Spike while the others train; {setup}"
            ),
            (name, n) => format!("{n} {name} jobs in flight, one per candidate; {setup}"),
        },
        utilisation.map_or(String::new(), |u| format!("; slots were busy {:.1}% of the last run's search loop", 100.0 * u))
    );
    md += &fidelity_section(o, history, all);
    if history.iter().any(|e| e.job.is_some()) {
        md += "## Cluster jobs (queue wait next to run time)\n\n| candidate | status | job | attempt | node | queue wait s | evaluation s | job s |\n|---|---|---|---|---|---|---|---|\n";
        for e in history {
            let j = e.job.as_ref();
            md += &format!(
                "| {} | {} | {} | {} | {} | {} | {:.1} | {} |\n",
                e.i,
                e.status.name(),
                opt(j.and_then(|j| j.id.clone())),
                opt(j.map(|j| j.attempt)),
                opt(j.and_then(|j| j.node.clone())),
                e.timings.queue_wait.map_or("-".into(), |q| format!("{q:.1}")),
                e.timings.total,
                j.and_then(|j| j.seconds).map_or("-".into(), |s| format!("{s:.1}"))
            );
        }
        let waits: Vec<f64> = history.iter().filter_map(|e| e.timings.queue_wait).collect();
        if !waits.is_empty() {
            md += &format!(
                "\nMean queue wait {:.1} s over {} jobs.\n\n",
                waits.iter().sum::<f64>() / waits.len() as f64,
                waits.len()
            );
        }
    }
    md += "![accuracy vs instructions](accuracy_vs_instructions.svg)\n![accuracy vs RAM](accuracy_vs_ram.svg)\n";
    let rp = o.out.join("report.md");
    std::fs::write(&rp, md).map_err(|e| io(&rp, e))?;
    Ok(rp)
}

fn pick_name(p: crate::pick::Pick) -> String {
    match p {
        crate::pick::Pick::Baseline => "baseline".into(),
        crate::pick::Pick::MaxAccuracy => "max-accuracy".into(),
        crate::pick::Pick::Under(n) => format!("under:{n}"),
        crate::pick::Pick::Knee => "knee".into(),
    }
}

/// The best against ResNet-8 retrained with the same recipe.
fn reference_section(o: &SearchOptions, reference: Option<&Record>, best: &Record) -> String {
    let Some(r) = reference else {
        return if o.reference {
            String::new()
        } else {
            "ResNet-8 was not retrained with this recipe (`--no-reference`).\n\n".into()
        };
    };
    if r.status != Status::Ok {
        return format!(
            "## ResNet-8 with the same recipe\n\nIts retraining failed: {}.\n\n",
            clip_n(r.reason.as_deref().unwrap_or("no reason"), 300)
        );
    }
    let d = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:+.2} points", 100.0 * (a - b)),
        _ => "-".into(),
    };
    let ratio = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(a), Some(b)) if b > 0 => format!("{:.2}x", a as f64 / b as f64),
        _ => "-".into(),
    };
    format!(
        "## ResNet-8 with the same recipe\n\n| model | test accuracy | instructions | RAM B | ROM B | params |\n|---|---|---|---|---|---|\n| best ({}) | {} | {} | {} | {} | {} |\n| ResNet-8 | {} | {} | {} | {} | {} |\n\nThe best against ResNet-8: {} test accuracy at {} its instructions and {} its RAM (`reference/`).\n\n",
        best.i,
        pct(best.test_accuracy),
        opt(best.instructions),
        opt(best.ram_bytes),
        opt(best.rom_bytes),
        opt(best.params),
        pct(r.test_accuracy),
        opt(r.instructions),
        opt(r.ram_bytes),
        opt(r.rom_bytes),
        opt(r.params),
        d(best.test_accuracy, r.test_accuracy),
        ratio(best.instructions, r.instructions),
        ratio(best.ram_bytes, r.ram_bytes)
    )
}

/// The multi-fidelity part of the report: per rung, what was trained and what it cost; and the
/// candidates whose genome was evaluated before (not trained again).
fn fidelity_section(o: &SearchOptions, history: &[Record], all: &[Record]) -> String {
    let mut md = String::new();
    let ev = &o.eval;
    let threads = ev.proxy.threads.unwrap_or(1).max(1) as f64;
    if ev.ladder.len() > 1 {
        md += &format!(
            "## Fidelity ladder (successive halving, the best 1/{} of each rung promoted)\n\n| rung | recipe | trained | ok | mean training s | training core-s |\n|---|---|---|---|---|---|\n",
            o.eta
        );
        for (r, rung) in ev.ladder.iter().enumerate() {
            // Trained at this rung: not rejected before training, not a reused result.
            let recs: Vec<&Record> =
                all.iter().filter(|e| e.rung == r && e.reused_from.is_none() && e.status != Status::Rejected).collect();
            let secs: Vec<f64> = recs.iter().filter_map(|e| e.timings.train).collect();
            md += &format!(
                "| {r} | {} epoch(s) on {} images | {} | {} | {:.1} | {:.0} |\n",
                rung.epochs,
                rung.images.map_or("all".into(), |n| n.to_string()),
                recs.len(),
                recs.iter().filter(|e| e.status == Status::Ok).count(),
                secs.iter().sum::<f64>() / secs.len().max(1) as f64,
                secs.iter().sum::<f64>() * threads
            );
        }
        md += "\nThe front and the best candidate come from the highest rung reached.\n\n";
    }
    // How well the surrogate ranked what it chose (rung-0 accuracy, the fidelity it was fitted on).
    let pairs: Vec<(f64, f64)> = all
        .iter()
        .filter(|e| e.rung == 0 && e.status == Status::Ok)
        .filter_map(|e| Some((e.predicted_val_accuracy?, e.val_accuracy?)))
        .collect();
    if let Some(p) = o.predictor {
        let (pred, meas): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
        md += &format!(
            "Predictor: Gaussian process, rounds of {} children sampled and {} trained; on the {} candidates it chose, Kendall tau {} between predicted and measured rung-0 validation accuracy. Mutation: {}.\n\n",
            p.sample,
            p.train,
            pairs.len(),
            crate::rank::kendall(&pred, &meas).map_or("-".into(), |t| format!("{t:.3}")),
            o.evolution.mutation.name()
        );
    }
    let reused: Vec<String> =
        history.iter().filter_map(|e| e.reused_from.map(|j| format!("{} (genome of {j})", e.i))).collect();
    if !reused.is_empty() {
        md += &format!(
            "Proposed again, not trained again (the earlier result reused): candidates {}.\n\n",
            reused.join(", ")
        );
    }
    md
}
