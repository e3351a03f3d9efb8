//! Which task a search runs next: a new candidate, or a candidate promoted to the next rung of
//! the fidelity ladder (successive halving inside the evolutionary loop).
//!
//! The tasks form one sequence, and task t is decided from a fixed view: the results of tasks
//! `0..t+1-par` (par = tasks in flight at once), never from whatever happened to finish first.
//! So the sequence, every proposal and every promotion are a pure function of the results, and
//! a resumed search rebuilds the sequence by replaying this rule over its history.
//!
//! Promotion (asynchronous successive halving made deterministic): the ok results of rung r are
//! taken in sequence order, one per distinct genome; after the p-th of them, while fewer than
//! floor(p / eta) have been promoted, the best one not yet promoted is, best meaning the lowest
//! non-domination rank over the search objectives, then the lowest validation error, then the
//! earlier candidate. Each promotion is an event appended to one list; events are run in list
//! order, before any new candidate, as soon as the view of a task contains them. Once the
//! budget of new candidates is reached, the last events are taken as the results arrive (the
//! first event not yet run is the same whatever the timing, since the list only grows), and the
//! search ends when every task is done and no event is left.

use crate::key::Key;
use crate::options::Objective;
use crate::record::{Record, Status};
use hynas_searcher::strategy;
use std::collections::{BTreeMap, BTreeSet};

/// What the next task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Propose and evaluate candidate i.
    New(usize),
    /// Train a candidate at a higher rung (`Key::Rung`).
    Promote(Key),
    /// Not decidable until more tasks finish.
    Wait,
    /// Nothing left to run.
    Finished,
}

/// One ok result of a rung, as promotion ranks it.
struct Entry {
    candidate: usize,
    objectives: Vec<f64>,
}

/// The task sequence of a search and the promotion state over its finished prefix.
pub struct Plan {
    par: usize,
    eta: usize,
    rungs: usize,
    budget: usize,
    objectives: Vec<Objective>,
    seq: Vec<Key>,
    /// Length of the sequence's prefix whose results are all in and processed.
    processed: usize,
    /// Promotions, in the order they were triggered.
    events: Vec<Key>,
    /// `events.len()` after processing each prefix length (`events_at[0] = 0`).
    events_at: Vec<usize>,
    /// Events already in the sequence (they are run in list order).
    next_event: usize,
    /// Per rung below the top: its ok results, one per genome, in sequence order.
    lists: Vec<Vec<Entry>>,
    seen: Vec<BTreeSet<String>>,
    promoted: Vec<BTreeSet<usize>>,
    new_count: usize,
}

impl Plan {
    /// `budget`: candidates to evaluate (rejected ones not counted); `eta`: each rung promotes
    /// the best 1/eta of its results.
    pub fn new(par: usize, eta: usize, rungs: usize, budget: usize, objectives: Vec<Objective>) -> Plan {
        let below = rungs.saturating_sub(1);
        Plan {
            par: par.max(1),
            eta: eta.max(2),
            rungs: rungs.max(1),
            budget,
            objectives,
            seq: Vec::new(),
            processed: 0,
            events: Vec::new(),
            events_at: vec![0],
            next_event: 0,
            lists: (0..below).map(|_| Vec::new()).collect(),
            seen: (0..below).map(|_| BTreeSet::new()).collect(),
            promoted: (0..below).map(|_| BTreeSet::new()).collect(),
            new_count: 0,
        }
    }

    /// The tasks decided so far.
    pub fn seq(&self) -> &[Key] {
        &self.seq
    }

    /// The view of the next task: the tasks whose results it may use.
    pub fn view(&self) -> &[Key] {
        &self.seq[..(self.seq.len() + 1).saturating_sub(self.par).min(self.seq.len())]
    }

    /// Takes in the results that extend the finished prefix.
    fn advance(&mut self, done: &BTreeMap<Key, Record>) {
        while let Some(r) = self.seq.get(self.processed).and_then(|k| done.get(k)) {
            let rung = self.seq[self.processed].rung();
            if rung + 1 < self.rungs && r.status == Status::Ok && self.seen[rung].insert(r.genome.to_json().to_string())
            {
                let candidate = usize::try_from(r.i).unwrap_or(usize::MAX);
                let objectives = self.objectives.iter().map(|o| o.value(r)).collect();
                self.lists[rung].push(Entry { candidate, objectives });
                while self.promoted[rung].len() < self.lists[rung].len() / self.eta {
                    let Some(c) = self.best_unpromoted(rung) else { break };
                    self.promoted[rung].insert(c);
                    self.events.push(Key::Rung(c, rung + 1));
                }
            }
            self.processed += 1;
            self.events_at.push(self.events.len());
        }
    }

    /// The best result of `rung` not promoted yet (see the module note).
    fn best_unpromoted(&self, rung: usize) -> Option<usize> {
        let list = &self.lists[rung];
        let pts: Vec<Vec<f64>> = list.iter().map(|e| e.objectives.clone()).collect();
        let val = self.objectives.iter().position(|o| *o == Objective::ValError);
        strategy::preference_order(&pts, val, |k| list[k].candidate)
            .into_iter()
            .map(|k| list[k].candidate)
            .find(|c| !self.promoted[rung].contains(c))
    }

    /// Decides the next task (task `seq().len()`) from the results in `done`.
    pub fn next(&mut self, done: &BTreeMap<Key, Record>) -> Next {
        self.advance(done);
        let t = self.seq.len();
        let cut = (t + 1).saturating_sub(self.par);
        if self.processed < cut {
            return Next::Wait;
        }
        if self.next_event < self.events_at[cut] {
            return Next::Promote(self.events[self.next_event]);
        }
        let (mut ok, mut unknown) = (0, 0);
        for k in self.seq.iter().filter(|k| matches!(k, Key::Candidate(_))) {
            match done.get(k) {
                Some(r) if r.status != Status::Rejected => ok += 1,
                Some(_) => {}
                None => unknown += 1,
            }
        }
        if ok + unknown < self.budget {
            return Next::New(self.new_count);
        }
        if ok < self.budget {
            return Next::Wait; // whether another candidate is needed depends on results in flight
        }
        if self.next_event < self.events.len() {
            Next::Promote(self.events[self.next_event])
        } else if self.processed == t {
            Next::Finished
        } else {
            Next::Wait
        }
    }

    /// Appends the task `next` decided.
    pub fn push(&mut self, key: Key) {
        match key {
            Key::Candidate(_) => self.new_count += 1,
            Key::Rung(..) => self.next_event += 1,
            _ => {}
        }
        self.seq.push(key);
    }

    /// Promotions triggered so far per rung (index r: promoted from rung r to r+1).
    pub fn promoted(&self) -> Vec<usize> {
        self.promoted.iter().map(BTreeSet::len).collect()
    }
}

/// Per candidate, in index order: its result at the highest rung it reached with status ok
/// (or its rung-0 record when none is ok), among the tasks `keys` (a view or the whole
/// sequence).
pub fn latest<'a>(keys: &[Key], done: &'a BTreeMap<Key, Record>) -> Vec<&'a Record> {
    let mut by: BTreeMap<usize, &Record> = BTreeMap::new();
    for k in keys {
        let Some(r) = done.get(k) else { continue };
        match *k {
            Key::Candidate(i) => {
                by.insert(i, r);
            }
            Key::Rung(i, _)
                if r.status == Status::Ok && by.get(&i).is_some_and(|b| b.status != Status::Ok || b.rung < r.rung) =>
            {
                by.insert(i, r);
            }
            _ => {}
        }
    }
    by.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hynas_searcher::{Genome, Space};
    use rand::SeedableRng;

    fn rec(i: usize, rung: usize, acc: f64, g: &Genome) -> Record {
        let mut r = Record::new(i as i64, g.clone(), Status::Ok);
        r.val_accuracy = Some(acc);
        r.instructions = Some(1000);
        r.ram_bytes = Some(1000);
        r.rung = rung;
        r
    }

    fn genomes(n: usize) -> Vec<Genome> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut v: Vec<Genome> = Vec::new();
        while v.len() < n {
            let g = Space::ConvVit.sample(&mut rng);
            if !v.contains(&g) {
                v.push(g);
            }
        }
        v
    }

    /// Runs a plan to the end with tasks finishing in the order `finish` picks among those in
    /// flight; returns the sequence.
    fn simulate(par: usize, finish: impl Fn(usize) -> usize) -> Vec<Key> {
        let gs = genomes(40);
        let acc = |i: usize, r: usize| ((i * 37) % 11) as f64 / 20.0 + 0.05 * r as f64;
        let mut plan = Plan::new(par, 3, 3, 12, vec![Objective::ValError]);
        let mut done = BTreeMap::new();
        let mut flying: Vec<Key> = Vec::new();
        loop {
            while flying.len() < par {
                match plan.next(&done) {
                    Next::New(i) => {
                        plan.push(Key::Candidate(i));
                        flying.push(Key::Candidate(i));
                    }
                    Next::Promote(k) => {
                        plan.push(k);
                        flying.push(k);
                    }
                    Next::Wait | Next::Finished => break,
                }
            }
            if flying.is_empty() {
                assert_eq!(plan.next(&done), Next::Finished);
                return plan.seq().to_vec();
            }
            let k = flying.remove(finish(flying.len()) % flying.len());
            let i = k.index() as usize;
            done.insert(k, rec(i, k.rung(), acc(i, k.rung()), &gs[i]));
        }
    }

    #[test]
    fn the_sequence_does_not_depend_on_timing() {
        for par in [1, 2, 3] {
            let a = simulate(par, |_| 0);
            let b = simulate(par, |n| n - 1);
            assert_eq!(a, b, "par {par}");
            let new = a.iter().filter(|k| matches!(k, Key::Candidate(_))).count();
            let r1 = a.iter().filter(|k| k.rung() == 1).count();
            let r2 = a.iter().filter(|k| k.rung() == 2).count();
            // 12 candidates, the best third promoted to rung 1, a third of those to rung 2.
            assert_eq!((new, r1, r2), (12, 4, 1), "par {par}: {a:?}");
            // Each (candidate, rung) once.
            let set: BTreeSet<Key> = a.iter().copied().collect();
            assert_eq!(set.len(), a.len());
        }
    }

    #[test]
    fn promotes_the_most_accurate_and_skips_duplicate_genomes() {
        let gs = genomes(6);
        let mut plan = Plan::new(1, 2, 2, 6, vec![Objective::ValError]);
        let mut done = BTreeMap::new();
        let accs = [0.3, 0.6, 0.5, 0.6, 0.2, 0.9];
        loop {
            let k = match plan.next(&done) {
                Next::New(i) => Key::Candidate(i),
                Next::Promote(k) => k,
                Next::Finished => break,
                Next::Wait => panic!("one slot, every result in: nothing to wait for"),
            };
            plan.push(k);
            let i = k.index() as usize;
            // Candidate 3 repeats candidate 1's genome: it is not ranked again.
            let g = if i == 3 { &gs[1] } else { &gs[i] };
            let acc = if k.rung() == 0 { accs[i] } else { accs[i] + 0.1 };
            done.insert(k, rec(i, k.rung(), acc, g));
        }
        // floor(p/2) promotions after the p-th distinct result: candidate 1 (0.6 of {0.3, 0.6})
        // right after it, then candidate 2 (0.5, the best left of {0.3, 0.5, 0.2}) after the 4th
        // distinct result; candidate 5 (0.9) is the 5th: no third promotion.
        use Key::{Candidate as C, Rung as R};
        assert_eq!(plan.seq(), &[C(0), C(1), R(1, 1), C(2), C(3), C(4), R(2, 1), C(5)]);
        assert_eq!(plan.promoted(), vec![2]);
        let best: Vec<(i64, usize)> = latest(plan.seq(), &done).iter().map(|r| (r.i, r.rung)).collect();
        assert_eq!(best, vec![(0, 0), (1, 1), (2, 1), (3, 0), (4, 0), (5, 0)]);
    }

    #[test]
    fn one_rung_is_the_plain_loop() {
        let gs = genomes(5);
        let mut plan = Plan::new(2, 3, 1, 5, vec![Objective::ValError]);
        let mut done = BTreeMap::new();
        assert_eq!(plan.next(&done), Next::New(0));
        plan.push(Key::Candidate(0));
        assert_eq!(plan.next(&done), Next::New(1));
        plan.push(Key::Candidate(1));
        // Candidate 2 sees candidate 0's result: it waits for it.
        assert_eq!(plan.next(&done), Next::Wait);
        done.insert(Key::Candidate(1), rec(1, 0, 0.5, &gs[1]));
        assert_eq!(plan.next(&done), Next::Wait);
        done.insert(Key::Candidate(0), rec(0, 0, 0.5, &gs[0]));
        assert_eq!(plan.next(&done), Next::New(2));
    }
}
