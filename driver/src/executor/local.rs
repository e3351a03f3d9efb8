//! Worker threads in this process: the data set is loaded once and shared; each task runs on its
//! own thread (its training on `proxy.threads` threads), a panic becomes a failed record.

use super::{Executor, Key, Task};
use crate::data::Cifar;
use crate::record::{Evaluation, Record};
use crate::Result;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

pub struct Local {
    eval: Arc<Evaluation>,
    cifar: Arc<Cifar>,
    out: PathBuf,
    slots: usize,
    in_flight: usize,
    tx: mpsc::Sender<(Key, Record)>,
    rx: mpsc::Receiver<(Key, Record)>,
}

impl Local {
    /// `slots` tasks side by side; records of retrainings go into `out`.
    pub fn new(eval: Evaluation, cifar: Arc<Cifar>, out: PathBuf, slots: usize) -> Local {
        let (tx, rx) = mpsc::channel();
        Local { eval: Arc::new(eval), cifar, out, slots: slots.max(1), in_flight: 0, tx, rx }
    }
}

impl Executor for Local {
    fn name(&self) -> &'static str {
        "local"
    }
    fn slots(&self) -> usize {
        self.slots
    }
    fn in_flight(&self) -> usize {
        self.in_flight
    }
    fn adopt(&mut self) -> Result<Vec<Task>> {
        // Threads die with the process that started them: nothing survives to adopt.
        Ok(vec![])
    }
    fn submit(&mut self, task: Task) -> Result<()> {
        let (eval, cifar, out, tx) = (self.eval.clone(), self.cifar.clone(), self.out.clone(), self.tx.clone());
        self.in_flight += 1;
        std::thread::spawn(move || {
            let Task { key, genome } = task;
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                crate::evaluate::run_task(&eval, &cifar, &out, key, &genome)
            }))
            .unwrap_or_else(|_| Record::failed(key.index(), genome, "evaluation panicked"));
            // The receiver lives as long as the executor; a send after it is gone has no one to tell.
            let _ = tx.send((key, r));
        });
        Ok(())
    }
    fn collect(&mut self, wait: Duration) -> Result<Vec<(Key, Record)>> {
        let mut got = Vec::new();
        if self.in_flight == 0 {
            return Ok(got);
        }
        if let Ok(r) = self.rx.recv_timeout(wait) {
            got.push(r);
        }
        got.extend(self.rx.try_iter());
        self.in_flight -= got.len();
        Ok(got)
    }
    fn abort(&mut self) {
        // Threads cannot be stopped from outside; the caller exits and they die with the process.
        self.in_flight = 0;
    }
}
