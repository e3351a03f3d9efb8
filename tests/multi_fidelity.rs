//! Multi-fidelity search (`--fidelity`, successive halving) with predictor-guided proposals
//! (`--predictor gp`) and HANNAH-ITEM's mutation: the same records whatever the timing, each
//! (candidate, rung) trained once, a kill -9 while a promotion trains resumes to exactly what an
//! uninterrupted run records; bad ladders and predictor options fail before any work.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;
use common::{fails, hynas};

/// 6 candidates; rung 0 trains 1 epoch on 64 images, rung 1 1 epoch on 300, rung 2 2 on 300;
/// eta 2: 3 promotions to rung 1, 1 to rung 2. From candidate 4 on, candidates come in predictor
/// rounds (12 children sampled from the view of the round's first candidate, the best 2
/// predicted trained).
const MF: &[&str] = &[
    "search",
    "--candidates",
    "6",
    "--population",
    "4",
    "--predictor",
    "gp",
    "--predictor-sample",
    "12",
    "--predictor-train",
    "2",
    "--mutation",
    "fraction:0.1",
    "--tournament",
    "2",
    "--fidelity",
    "1x64,1x300,2x300",
    "--eta",
    "2",
    "--batch",
    "32",
    "--final-epochs",
    "1",
    "--max-params",
    "30000",
    "--max-instructions",
    "10000000",
    "--seed",
    "7",
];

type Records = BTreeMap<(i64, u64), (String, String, Option<f64>)>;

/// (candidate, rung) -> (genome, status, val accuracy), from history.jsonl; panics on a repeat.
fn records(dir: &std::path::Path) -> Records {
    let mut m = BTreeMap::new();
    for l in std::fs::read_to_string(dir.join("history.jsonl")).unwrap_or_default().lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(l) else { continue };
        let key = (v["i"].as_i64().unwrap(), v["rung"].as_u64().unwrap_or(0));
        let val = (v["genome"].to_string(), v["status"].to_string(), v["val_accuracy"].as_f64());
        assert!(m.insert(key, val).is_none(), "{key:?} recorded twice");
    }
    m
}

#[test]
fn a_kill_during_a_promotion_resumes_to_what_an_uninterrupted_search_records() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = tmp.path().join("whole");
    let out = hynas().args(MF).arg("--out").arg(&whole).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let w = records(&whole);
    let per_rung = |m: &BTreeMap<(i64, u64), _>, r: u64| m.keys().filter(|k| k.1 == r).count();
    // 6 candidates counted (rejected ones, over 10M instructions, are not), 3 promoted to rung 1,
    // 1 to rung 2.
    let counted = w.iter().filter(|(k, v)| k.0 >= 0 && k.1 == 0 && v.1 != "\"rejected\"").count();
    assert_eq!((counted, per_rung(&w, 1), per_rung(&w, 2)), (6, 3, 1), "{w:?}");
    assert!(per_rung(&w, 0) >= 6);
    // A promoted candidate keeps its genome; the most accurate rung-1 result goes to rung 2.
    for (&(i, r), v) in &w {
        if r > 0 {
            assert_eq!(w[&(i, r - 1)].0, v.0, "candidate {i} rung {r}");
        }
    }
    let report = std::fs::read_to_string(whole.join("report.md")).unwrap();
    assert!(report.contains("## Fidelity ladder"), "{report}");
    // The predictor chose candidates 4 and 5 and recorded what it expected of them.
    let predicted: Vec<i64> = std::fs::read_to_string(whole.join("history.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["predicted_val_accuracy"].is_f64())
        .map(|v| v["i"].as_i64().unwrap())
        .collect();
    // Every candidate after the first --population (4) was chosen by the predictor.
    let mut predicted = predicted;
    predicted.sort();
    let after: Vec<i64> = w.keys().filter(|k| k.1 == 0 && k.0 >= 4).map(|k| k.0).collect();
    assert!(!after.is_empty());
    assert_eq!(predicted, after);
    assert!(report.contains("Predictor: Gaussian process, rounds of 12 children sampled and 2 trained"), "{report}");
    assert!(report.contains("## Pareto front (validation error, instructions, RAM, rung 2)"), "{report}");
    let top = w.keys().find(|k| k.1 == 2).unwrap().0;
    assert!(report.contains(&format!("## Best candidate ({top})")), "the best comes from the top rung: {report}");

    // Kill -9 while the first promotion trains, then resume.
    let killed = tmp.path().join("killed");
    let mut child =
        hynas().args(MF).arg("--out").arg(&killed).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    let mut promoted = None;
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        assert!(start.elapsed() < Duration::from_secs(600), "no promotion");
        if let Some(p) = line.find(" at rung 1: promoted") {
            let i: i64 = line[..p].rsplit(' ').next().unwrap().parse().unwrap();
            child.kill().unwrap(); // SIGKILL, while the promotion trains
            promoted = Some(i);
            break;
        }
    }
    child.wait().unwrap();
    let i = promoted.expect("the search promoted a candidate");
    let before = records(&killed);
    assert!(!before.contains_key(&(i, 1)), "the promotion was in flight at the kill");
    let out = hynas().args(MF).arg("--out").arg(&killed).arg("--resume").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = records(&killed);
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k:?} kept as it was");
    }
    assert_eq!(after, w, "the resumed search records what the uninterrupted one did");
}

#[test]
fn bad_ladders_fail_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let o = tmp.path().join("s");
    let o = o.to_str().unwrap();
    fails(&["search", "--fidelity", "", "--out", o], "the fidelity ladder is empty");
    fails(&["search", "--fidelity", " , ", "--out", o], "the fidelity ladder is empty");
    fails(&["search", "--fidelity", "2x100,1x100", "--out", o], "rung 1x100 does not cost more than rung 2x100");
    fails(&["search", "--fidelity", "1x64,2x1e3", "--out", o], "rung \"2x1e3\" is not EPOCHSxIMAGES");
    fails(&["search", "--fidelity", "0x64", "--out", o], "rung \"0x64\" is not EPOCHSxIMAGES");
    // The bundled sample has 1000 training images, 900 after the validation split.
    fails(&["search", "--fidelity", "1x64,2x901", "--out", o], "rung 2x901 asks for 901 training images");
    fails(&["search", "--fidelity", "1x64,2x128", "--eta", "1", "--out", o], "--eta");
    fails(&["search", "--fidelity", "1x64", "--proxy-epochs", "2", "--out", o], "cannot be used with");
    fails(
        &["search", "--predictor", "gp", "--predictor-sample", "10", "--predictor-train", "20", "--out", o],
        "--predictor-train 20 > --predictor-sample 10",
    );
    fails(&["search", "--predictor", "none", "--predictor-train", "2", "--out", o], "need --predictor gp");
    fails(&["search", "--predictor", "forest", "--out", o], "invalid value 'forest'");
    fails(&["search", "--mutation", "fraction:0", "--out", o], "unknown mutation \"fraction:0\"");
    fails(&["search", "--mutation", "two", "--out", o], "unknown mutation \"two\"");
    fails(&["search", "--quick", "--preset", "hannah-item", "--out", o], "--quick is --preset quick");
    assert!(!std::path::Path::new(o).join("history.jsonl").exists());
}

/// The default preset on the bundled sample: its 2 epochs on 30,000 images are capped at the
/// 900-image training split (rather than refused), and search.json records the settings that
/// decide the tasks.
#[test]
fn the_default_preset_caps_its_ladder_at_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("d");
    let o = hynas()
        .args(["search", "--candidates", "2", "--final-epochs", "1", "--max-params", "30000", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search.json")).unwrap()).unwrap();
    let ladder = &cfg["evaluation"]["ladder"];
    assert_eq!(ladder, &serde_json::json!([{"epochs": 2, "images": 900}]));
    assert_eq!((cfg["proxy_epochs"].as_u64(), cfg["proxy_subset"].as_u64()), (Some(2), Some(900)));
    assert_eq!(cfg["schedule"], "fidelity one rung, predictor gp 50/20");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("proxy: 2 epoch(s) on 900 training images"), "{report}");
}
