//! The end of a search, first half: the final retrainings (the picked candidate into `best/`,
//! the next by the pick or with `--retrain-front` the rest of the Pareto front into
//! `front/<i>/`, and the ResNet-8 reference) as tasks on the search's executor. `report.rs`
//! then writes the plots and `report.md` from what they return.
//!
//! A retraining's record is kept in `results/best-<i>.json` / `results/front-<i>.json`; one that
//! is complete (status ok, the same recipe and genome, weights on disk) is read instead of run
//! again, so a finish interrupted here loses only the trainings in flight.

use crate::executor::{Executor, Key, Task};
use crate::layout::{result_path, retrain_dir};
use crate::options::{Objective, SearchOptions};
use crate::pick::Picked;
use crate::record::{self, Record, Status};
use crate::util::pct;
use crate::{invalid, io, Cancel, Result};
use hynas_searcher::strategy;
use std::collections::BTreeMap;
use std::time::Duration;

/// Indices (into `history`, one record per candidate at the highest rung it reached) of the ok
/// entries on the Pareto front of (val_error, instructions, ram). In a multi-fidelity search only
/// candidates at the highest rung any candidate reached compete (accuracies of different rungs
/// are not comparable); a candidate that reused another's result is that candidate.
pub fn front(history: &[Record]) -> Vec<usize> {
    let ok = top_rung(history);
    let objs = [Objective::ValError, Objective::Instructions, Objective::Ram];
    let pts: Vec<Vec<f64>> = ok.iter().map(|&i| objs.iter().map(|x| x.value(&history[i])).collect()).collect();
    let ranks = strategy::pareto_ranks(&pts);
    ok.into_iter().zip(ranks).filter(|(_, r)| *r == 0).map(|(i, _)| i).collect()
}

/// Indices of the ok records at the highest rung reached, reused ones left out.
pub(crate) fn top_rung(history: &[Record]) -> Vec<usize> {
    let eligible = |e: &Record| e.status == Status::Ok && e.reused_from.is_none();
    let top = history.iter().filter(|e| eligible(e)).map(|e| e.rung).max().unwrap_or(0);
    (0..history.len()).filter(|&i| eligible(&history[i]) && history[i].rung == top).collect()
}

/// A retraining done earlier under the same recipe, if its files are all there.
fn done_before(o: &SearchOptions, task: &Task) -> Option<Record> {
    let r = record::read_record(&result_path(&o.out, task.key)).ok()??;
    let dir = retrain_dir(&o.out, task.key);
    let complete = r.status == Status::Ok
        && r.recipe.as_ref() == Some(&o.eval.final_train)
        && r.genome == task.genome
        && ["weights.safetensors", "model.o", "model.h"].iter().all(|f| dir.join(f).exists());
    complete.then_some(r)
}

/// Runs `tasks` on `exec` (at most its slots at once) and returns their records; each record
/// is kept in `results/`. `None` when cancelled.
fn run_tasks(
    o: &SearchOptions,
    exec: &mut dyn Executor,
    tasks: Vec<Task>,
    cancel: &Cancel,
) -> Result<Option<BTreeMap<Key, Record>>> {
    let mut got = BTreeMap::new();
    let mut todo = Vec::new();
    for t in tasks {
        match done_before(o, &t) {
            Some(r) => {
                tracing::info!("{}: done before, {} test accuracy", t.key, pct(r.test_accuracy));
                got.insert(t.key, r);
            }
            None => todo.push(t),
        }
    }
    todo.reverse();
    let mut flying = 0usize;
    while !todo.is_empty() || flying > 0 {
        if cancel.aborting() {
            exec.abort();
            return Ok(None);
        }
        while flying < exec.slots() && !cancel.stopping() {
            let Some(t) = todo.pop() else { break };
            tracing::info!(
                "{} for {} epochs ({}, lr {}, weight decay {}) on the {} executor",
                t.key,
                o.eval.final_train.epochs,
                o.eval.final_train.optimizer.name(),
                o.eval.final_train.max_lr,
                o.eval.final_train.weight_decay,
                exec.name()
            );
            exec.submit(t)?;
            flying += 1;
        }
        if flying == 0 {
            return Ok(None);
        }
        for (key, r) in exec.collect(Duration::from_secs(1))? {
            flying -= 1;
            let rp = result_path(&o.out, key);
            if !rp.exists() {
                record::write_atomic(&rp, format!("{}\n", r.to_line()).as_bytes())?;
            }
            got.insert(key, r);
        }
    }
    Ok(Some(got))
}

/// What the retrainings give the report.
pub struct Retrained {
    /// The pick among the candidates (`history` indices).
    pub picked: Picked,
    /// The Pareto front (`history` indices).
    pub front: Vec<usize>,
    /// Every retraining's record by its task key.
    pub records: BTreeMap<Key, Record>,
}

impl Retrained {
    /// The record of the picked candidate's retraining.
    pub fn best(&self, history: &[Record]) -> Option<&Record> {
        let i = usize::try_from(history.get(self.picked.index)?.i).ok()?;
        self.records.get(&Key::Best(i))
    }
}

/// Retrains the picked candidate, the next ones and the reference; `None` when cancelled on the
/// way. Fails when the picked candidate's retraining failed.
pub fn retrain(
    o: &SearchOptions,
    exec: &mut dyn Executor,
    history: &[Record],
    baseline: &Record,
    cancel: &Cancel,
) -> Result<Option<Retrained>> {
    let results = o.out.join("results");
    std::fs::create_dir_all(&results).map_err(|e| io(&results, e))?;
    let picked = crate::pick::pick(o.pick, history, &top_rung(history), Some(baseline), &o.eval.latency_unit())
        .ok_or_else(|| invalid("no candidate was evaluated successfully; see history.jsonl"))?;
    let best = &history[picked.index];
    let fr = front(history);
    let best_i = usize::try_from(best.i).map_err(|_| invalid("the best record has no candidate index"))?;
    let mut tasks = vec![Task { key: Key::Best(best_i), genome: best.genome.clone() }];
    // The next by the pick (--retrain-top), then the front (--retrain-front); a genome is retrained
    // once (the best's in best/, the others' in front/<i>/).
    let mut seen = vec![&best.genome];
    let by_pick = crate::pick::top(o.pick, history, &top_rung(history), Some(baseline), o.retrain_top);
    let on_front = if o.retrain_front { fr.clone() } else { vec![] };
    for k in by_pick.into_iter().skip(1).chain(on_front) {
        let e = &history[k];
        if seen.contains(&&e.genome) {
            continue;
        }
        seen.push(&e.genome);
        if let Ok(i) = usize::try_from(e.i) {
            tasks.push(Task { key: Key::Front(i), genome: e.genome.clone() });
        }
    }
    if o.reference {
        crate::reference::restore(o)?;
        tasks.push(Task { key: Key::Reference, genome: hynas_searcher::Genome::Resnet8 });
    }
    let Some(records) = run_tasks(o, exec, tasks, cancel)? else { return Ok(None) };
    if let Some(r) = records.get(&Key::Reference) {
        crate::reference::keep(o, r);
    }
    let Some(tr) = records.get(&Key::Best(best_i)) else { return Ok(None) };
    if tr.status != Status::Ok {
        return Err(invalid(format!(
            "the retraining of the best candidate {} failed: {}",
            best.i,
            tr.reason.as_deref().unwrap_or("no reason")
        )));
    }
    Ok(Some(Retrained { picked, front: fr, records }))
}
