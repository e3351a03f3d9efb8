//! `hynas search`: kill -9 mid-way and resume (nothing lost, nothing evaluated twice, the budget
//! finishes, the same candidates as an uninterrupted run); bad options fail before any work.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{fails, history, hynas, TINY};

/// The body rows (cells trimmed) of the markdown table under the section starting with `title`.
fn table_rows(report: &str, title: &str) -> Vec<Vec<String>> {
    report
        .lines()
        .skip_while(|l| !l.starts_with(title))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| candidate"))
        .map(|l| l.trim_matches('|').split('|').map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn kill_and_resume_loses_nothing_and_repeats_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let killed = tmp.path().join("killed");
    let mut child =
        hynas().args(TINY).arg("--out").arg(&killed).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while history(&killed).len() < 2 {
        assert!(start.elapsed() < Duration::from_secs(600), "no progress");
        assert!(child.try_wait().unwrap().is_none(), "search ended before it could be killed");
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = history(&killed);
    assert!(before.len() >= 2 && before.len() < 4, "{} entries at the kill", before.len());
    let out = hynas().args(TINY).arg("--out").arg(&killed).arg("--resume").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = history(&killed);
    assert_eq!(after.len(), 4, "the budget is finished");
    assert_eq!(&after[..before.len()], &before[..], "entries before the kill are kept as they were");
    // The history is in completion order: a candidate can finish before an older one.
    let mut idx: Vec<i64> = after.iter().map(|e| e["i"].as_i64().unwrap()).collect();
    idx.sort();
    assert_eq!(idx, vec![0, 1, 2, 3], "each candidate exactly once");
    assert!(killed.join("best/model.o").exists());
    // The report counts what the history holds and lists at least one front row and the baseline.
    let report = std::fs::read_to_string(killed.join("report.md")).unwrap();
    let ok = after.iter().filter(|e| e["status"] == "ok").count();
    let failed = after.iter().filter(|e| e["status"] == "failed").count();
    assert!(report.contains(&format!("({ok} ok, {failed} failed)")), "{report}");
    let front_rows = table_rows(&report, "## Pareto front (");
    assert!(front_rows.len() >= 2, "a candidate and the baseline: {report}");
    assert!(report.contains("| resnet8 (baseline) |") && report.contains("proxy training"), "{report}");
    // The resumed search proposed what an uninterrupted one proposes.
    let whole = tmp.path().join("whole");
    let out = hynas().args(TINY).arg("--out").arg(&whole).arg("--retrain-front").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // --retrain-front: one row per distinct front genome, each trained (the best in best/).
    let report = std::fs::read_to_string(whole.join("report.md")).unwrap();
    let front: Vec<_> =
        table_rows(&report, "## Pareto front (").into_iter().filter(|r| r[0] != "resnet8 (baseline)").collect();
    let retrained = table_rows(&report, "## Pareto front, retrained");
    assert!(!retrained.is_empty() && retrained.len() <= front.len(), "{report}");
    let best = report.lines().find(|l| l.starts_with("## Best candidate (")).unwrap();
    let best_i = best.trim_start_matches("## Best candidate (").split(')').next().unwrap();
    for r in &retrained {
        assert!(front.iter().any(|f| f[0].split(' ').next() == Some(&r[0])), "{} is on the front", r[0]);
        assert!(r[2].ends_with('%') && r[2].trim_end_matches('%').parse::<f64>().is_ok(), "{r:?}");
        let weights = if r[0] == best_i { whole.join("best") } else { whole.join("front").join(&r[0]) };
        assert!(weights.join("weights.safetensors").exists(), "weights of {}", r[0]);
    }
    let genomes = |h: &[serde_json::Value]| {
        let mut v: Vec<_> = h.iter().map(|e| (e["i"].as_i64().unwrap(), e["genome"].clone())).collect();
        v.sort_by_key(|(i, _)| *i);
        v
    };
    assert_eq!(genomes(&history(&whole)), genomes(&after));
    // A kill can leave a gap (candidate 1 recorded, candidate 0 still in flight): resuming fills
    // the gap with the candidate the uninterrupted search evaluated there.
    let gap = tmp.path().join("gap");
    std::fs::create_dir_all(&gap).unwrap();
    std::fs::copy(whole.join("search.json"), gap.join("search.json")).unwrap();
    std::fs::copy(whole.join("baseline.json"), gap.join("baseline.json")).unwrap();
    let kept: Vec<String> = history(&whole)
        .iter()
        .filter(|e| matches!(e["i"].as_i64(), Some(1) | Some(2)))
        .map(|e| e.to_string())
        .collect();
    std::fs::write(gap.join("history.jsonl"), kept.join("\n") + "\n").unwrap();
    let out = hynas().args(TINY).arg("--out").arg(&gap).arg("--resume").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let filled = history(&gap);
    let mut idx: Vec<i64> = filled.iter().map(|e| e["i"].as_i64().unwrap()).collect();
    assert_eq!(&idx[..2], &[1, 2], "recorded entries stay first and unchanged");
    idx.sort();
    assert_eq!(idx, vec![0, 1, 2, 3], "the gap is filled, nothing is evaluated twice");
    assert_eq!(genomes(&filled), genomes(&history(&whole)));
}

#[test]
fn bad_options_fail_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = out.to_str().unwrap();
    fails(&["search", "--space", "mobilenet", "--out", o], "unknown space \"mobilenet\"");
    fails(&["search", "--max-params", "100", "--out", o], "no conv_vit genome satisfies the constraints");
    fails(&["search", "--out", "/proc/hynas-cannot-write-here"], "/proc/hynas-cannot-write-here");
    fails(&["search", "--objectives", "val_error,latency", "--out", o], "unknown objective \"latency\"");
    fails(&["search", "--bounds", "1.0", "--out", o], "one positive bound per objective");
    // Parsed by clap through the library's parser: the flag, the value and the choices.
    fails(&["search", "--final-optimizer", "rmsprop", "--out", o], "'rmsprop' for '--final-optimizer");
    fails(&["search", "--final-optimizer", "rmsprop", "--out", o], "choose sgd or adamw");
    // A history from another space.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("search.json"), r#"{"space":"conv_vit","strategy":"evolution","seed":0}"#).unwrap();
    std::fs::write(out.join("history.jsonl"), "").unwrap();
    fails(&["search", "--space", "resnet", "--resume", "--out", o], "space \"conv_vit\" (now \"resnet\")");
    fails(&["search", "--out", o], "already holds a search");
}

/// A record torn by a kill or a full disk (no final newline) is cut off on resume, so the next
/// record starts on its own line and every later resume reads the whole history.
#[test]
fn a_torn_record_is_dropped_on_resume_and_never_glued_to_the_next() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let run = |candidates: &str, extra: &[&str]| {
        // TINY with another --candidates.
        let args: Vec<&str> = TINY.iter().map(|a| if *a == "4" { candidates } else { a }).collect();
        assert_eq!(TINY[1..3], ["--candidates", "4"]);
        let o = hynas().args(args).arg("--out").arg(&out).args(extra).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    run("3", &[]);
    let path = out.join("history.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, format!("{kept}{{\"i\":2,\"genome\":{{\"format_version\":1")).unwrap();
    let err = run("4", &["--resume"]);
    assert!(err.contains("dropped a torn last record"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.ends_with('\n'));
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut idx: Vec<u64> = lines.iter().map(|v| v["i"].as_u64().unwrap()).collect();
    idx.sort();
    assert_eq!(idx, [0, 1, 2, 3], "each index once");
    // And again: the history still reads whole.
    run("5", &["--resume"]);
    assert_eq!(history(&out).len(), 5);
}

/// Two searches on one folder: the second fails at once, naming the first one's pid.
#[test]
fn a_second_search_on_the_same_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let mut first =
        hynas().args(TINY).arg("--out").arg(&out).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    while !out.join("search.json").exists() {
        assert!(start.elapsed() < Duration::from_secs(120), "the first search did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let t = Instant::now();
    let o = hynas().args(TINY).args(["--resume", "--out"]).arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    let still_running = first.try_wait().unwrap().is_none();
    let _ = first.kill();
    let _ = first.wait();
    assert!(still_running, "the first search ended before the second started; the check proves nothing");
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("in use by another hynas search") && err.contains(&format!("pid {}", first.id())), "{err}");
    assert!(t.elapsed() < Duration::from_secs(30), "the refusal should be immediate");
}

/// A baseline over a limit is shown as rejected, with its measured cost and reason, outside the
/// front (before: a "0.00%" row on the front); a failed baseline is evaluated again on resume.
#[test]
fn a_rejected_baseline_is_reported_as_such_and_a_failed_one_is_retried() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let run = |extra: &[&str]| {
        let o = hynas()
            .args(TINY)
            .args(["--max-instructions", "12000000"])
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    run(&[]);
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!report.contains("| resnet8 (baseline)"), "{report}");
    // The line gives the measured figures of baseline.json (ResNet-8 runs ~17M instructions).
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline.json")).unwrap()).unwrap();
    let (ins, ram) = (base["instructions"].as_u64().unwrap(), base["ram_bytes"].as_u64().unwrap());
    assert!(ins > 12_000_000, "{base}");
    let line = report
        .lines()
        .find(|l| l.starts_with(&format!("Baseline ResNet-8: **rejected** (instructions {ins}")))
        .unwrap_or("");
    assert!(
        line.contains(&format!(" > 12000000); measured instructions {ins}")) && line.contains(&format!("RAM {ram} B")),
        "{report}"
    );
    // A baseline that failed (say, a Spike crash) is not kept forever.
    let base = out.join("baseline.json");
    let mut b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    b["status"] = "failed".into();
    b["reason"] = "profile: spike exited with code 139".into();
    std::fs::write(&base, b.to_string()).unwrap();
    let err = run(&["--resume"]);
    assert!(
        err.contains("the ResNet-8 baseline failed earlier (profile: spike exited with code 139); evaluating it again"),
        "{err}"
    );
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&base).unwrap()).unwrap();
    assert_eq!(b["status"], "rejected");
    // The retraining of the best was done before: read, not run again.
    assert!(err.contains("done before"), "{err}");
}

/// kill -9 at random moments of a search, again and again (`HYNAS_KILL_ROUNDS`, default 4 in CI;
/// 20 for the full loop): after each kill the history reads whole (a torn last record at most,
/// cut off on resume), every index at most once; the last run finishes with each index once.
#[test]
fn repeated_kill_9_never_corrupts_the_history() {
    use rand::{Rng, SeedableRng};
    let rounds: usize = std::env::var("HYNAS_KILL_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(4);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let args: Vec<&str> = TINY.iter().map(|a| if *a == "4" { "8" } else { a }).collect();
    let check = |round: usize| {
        let h = hynas::record::read_history(&out.join("history.jsonl"))
            .unwrap_or_else(|e| panic!("round {round}: the history does not read: {e}"));
        let mut idx: Vec<i64> = h.iter().map(|r| r.i).collect();
        idx.sort();
        let n = idx.len();
        idx.dedup();
        assert_eq!(idx.len(), n, "round {round}: an index twice");
        n
    };
    for round in 0..rounds {
        let mut c = hynas();
        c.args(&args).arg("--out").arg(&out).stdout(Stdio::null()).stderr(Stdio::null());
        if out.join("search.json").exists() {
            c.arg("--resume");
        }
        let mut child = c.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.gen_range(200..6000)));
        let _ = child.kill();
        child.wait().unwrap();
        check(round);
    }
    let o = hynas().args(&args).arg("--out").arg(&out).arg("--resume").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(check(rounds), 8);
    assert!(out.join("report.md").exists());
}

/// Unmounts a test tmpfs when dropped.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A search on a full filesystem stops with a clear error (no panic, nothing recorded lost), and
/// once space is freed `--resume` completes it. Uses a small tmpfs; skipped where one cannot be
/// mounted (not root, no mount permission).
#[test]
fn a_full_disk_stops_the_search_cleanly_and_resume_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("cannot mount a tmpfs here: skipped");
        return;
    }
    let _guard = Mounted(mnt.clone());
    // Leave about 12 KB: room for the search's settings and a few records, not for the rest.
    let filler = mnt.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    let mut written = 0;
    while written < 2048 * 1024 - 12 * 1024 {
        use std::io::Write;
        if f.write_all(&chunk).is_err() {
            break;
        }
        written += chunk.len();
    }
    drop(f);
    let out = mnt.join("s");
    let o = hynas().args(TINY).arg("--out").arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "the search fit in 12 KB? {err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let before = history(&out);
    std::fs::remove_file(&filler).unwrap();
    let o = hynas().args(TINY).arg("--out").arg(&out).arg("--resume").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = history(&out);
    assert_eq!(&after[..before.len()], &before[..], "records written before the disk filled are kept");
    let mut idx: Vec<i64> = after.iter().map(|e| e["i"].as_i64().unwrap()).collect();
    idx.sort();
    assert_eq!(idx, [0, 1, 2, 3]);
    assert!(out.join("report.md").exists());
}

#[test]
fn the_pick_the_recipe_and_the_cached_reference_reach_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let run = |name: &str| -> (String, String) {
        let out = tmp.path().join(name);
        let o = hynas()
            .args(TINY)
            .args(["--recipe", "hannah", "--pick", "under:1000000000", "--retrain-top", "2"])
            .arg("--out")
            .arg(&out)
            .env("HYNAS_CACHE_DIR", &cache)
            .env("RUST_LOG", "info")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.success(), "{err}");
        (std::fs::read_to_string(out.join("report.md")).unwrap(), err)
    };
    let (report, log) = run("first");
    assert!(
        report.contains("Picked by `--pick under:1000000000`: the most accurate with at most 1000000000 instructions."),
        "{report}"
    );
    assert!(
        report.contains(
            "(recipe `hannah`) with hannah augmentation (adamw, peak lr 0.01, weight decay 0.00001, batch 256)"
        ),
        "{report}"
    );
    let rows = |r: &str| -> Vec<Vec<String>> {
        table_rows(r, "## ResNet-8 with the same recipe").into_iter().filter(|r| r[0] != "model").collect()
    };
    let reference = rows(&report);
    assert_eq!(reference.len(), 2, "{report}");
    assert_eq!(reference[1][0], "ResNet-8");
    assert!(reference[1][1].ends_with('%') && reference[1][2] != "-", "{reference:?}");
    assert!(report.contains("The best against ResNet-8: "), "{report}");
    assert!(!log.contains("from the cache"), "{log}");
    // --retrain-top 2: the pick (in best/) and the next candidate under the budget (front/<i>/).
    let best = report.lines().find(|l| l.starts_with("## Best candidate (")).unwrap();
    let best_i = best.trim_start_matches("## Best candidate (").split(')').next().unwrap();
    let next = table_rows(&report, "## The next candidates by the pick, retrained");
    assert_eq!(next.len(), 2, "{report}");
    assert_eq!(next.iter().filter(|r| r[0] == best_i).count(), 1, "{report}");
    let other = next.iter().find(|r| r[0] != best_i).unwrap();
    assert!(tmp.path().join("first/front").join(&other[0]).join("weights.safetensors").exists());
    // A second search with the same recipe and data reuses the reference's retraining.
    let (report2, log2) = run("second");
    assert!(log2.contains("reference: ResNet-8 with this recipe from the cache"), "{log2}");
    assert_eq!(rows(&report2)[1], reference[1]);
    assert!(tmp.path().join("second/reference/weights.safetensors").exists());
}

/// The linear-attention space end to end (`--space conv_vit_lin`, the TINY budget; `--quick`
/// takes 3 minutes): every candidate and the winner are conv_vit_lin genomes whose compiled
/// programs hold linear attentions.
#[test]
fn the_linear_attention_space_searches() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("lin");
    let o = hynas()
        .args(TINY)
        // The retrained ResNet-8 reference is tested in the_pick_the_recipe_and_the_cached_reference...
        .args(["--space", "conv_vit_lin", "--max-instructions", "20000000", "--no-reference"])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let h = history(&out);
    let space = |e: &serde_json::Value| e["genome"]["space"].as_str().unwrap_or("").to_string();
    let lin: Vec<_> = h.iter().filter(|e| space(e) == "conv_vit_lin").collect();
    // Rejected candidates (over --quick's instruction limit) do not count against the budget.
    assert_eq!(lin.iter().filter(|e| e["status"] != "rejected").count(), 4, "{h:?}");
    assert!(h.iter().all(|e| ["conv_vit_lin", "resnet8"].contains(&space(e).as_str())), "{h:?}");
    assert!(lin.iter().filter(|e| e["status"] == "ok").count() >= 2, "{h:?}");
    let best = std::fs::read_to_string(out.join("best/genome.json")).unwrap();
    assert!(best.contains("\"conv_vit_lin\""), "{best}");
    let ir = hynas().args(["inspect", out.join("best/genome.json").to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8_lossy(&ir.stdout);
    assert!(ir.status.success() && text.contains("linear_attention"), "{text}");
}

/// Issue 27, items 3 and 4: settings that would fail every candidate are refused before any work,
/// and a resume with settings that change the records is refused, naming each difference.
#[test]
fn bad_settings_fail_first_and_a_changed_search_does_not_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let o = out.to_str().unwrap().to_string();
    // TINY with options replaced or added.
    let with = |set: &[(&'static str, &'static str)]| -> Vec<String> {
        let mut a: Vec<String> = vec!["search".into()];
        let pairs: Vec<(&str, &str)> = TINY[1..].chunks(2).map(|p| (p[0], p[1])).collect();
        for (k, v) in &pairs {
            let v = set.iter().find(|(sk, _)| sk == k).map_or(*v, |(_, sv)| *sv);
            a.extend([k.to_string(), v.to_string()]);
        }
        for (k, v) in set.iter().filter(|(k, _)| !pairs.iter().any(|(pk, _)| pk == k)) {
            a.extend([k.to_string(), v.to_string()]);
        }
        a.extend(["--no-reference".to_string(), "--out".to_string(), o.clone()]);
        a
    };
    let fails_with = |a: Vec<String>, expect: &str| fails(&a.iter().map(String::as_str).collect::<Vec<_>>(), expect);
    fails_with(with(&[("--target", "rv32imc")]), "--target rv32imc has no FPU");
    fails_with(with(&[("--train-subset", "0")]), "at least one image");
    fails_with(with(&[("--final-lr", "nan")]), "must be finite");
    assert!(!out.join("history.jsonl").exists(), "a refused search recorded something");
    let ok = hynas().args(with(&[("--candidates", "1")])).output().unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let before = std::fs::read_to_string(out.join("history.jsonl")).unwrap();
    for (set, expect) in [
        (("--max-instructions", "2000000"), "max_instructions"),
        (("--proxy-epochs", "2"), "proxy.epochs 1 (now 2)"),
        (("--train-subset", "32"), "proxy.train_subset 64 (now 32)"),
        (("--max-params", "20000"), "max_params 30000 (now 20000)"),
        (("--final-epochs", "3"), "final_train.epochs 1 (now 3)"),
    ] {
        let mut a = with(&[("--candidates", "2"), set]);
        a.push("--resume".into());
        fails_with(a, expect);
    }
    // The same settings resume; more candidates are not a difference.
    let mut a = with(&[("--candidates", "2")]);
    a.push("--resume".into());
    let again = hynas().args(&a).output().unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(std::fs::read_to_string(out.join("history.jsonl")).unwrap().starts_with(&before));
}

/// A failure owed to the settings or the machine (here Spike is missing) is no result of a
/// candidate: the search stops at once with it, and once it is fixed `--resume` evaluates what
/// failed so again; failures of candidates stay (issue 27, item 4).
#[test]
fn a_failure_of_the_settings_stops_the_search_and_runs_again_on_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    let t = std::time::Instant::now();
    let o = hynas().args(TINY).arg("--out").arg(&out).env("HYNAS_SPIKE", tmp.path().join("no-spike")).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("failed for the settings or the machine, not the candidate"), "{err}");
    assert!(err.contains("Spike not found") && !err.contains("panicked"), "{err}");
    assert!(t.elapsed() < Duration::from_secs(20), "work went on after the failure");
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline.json")).unwrap()).unwrap();
    assert_eq!((base["status"].as_str(), base["blame"].as_str()), (Some("failed"), Some("settings")), "{base}");
    let before = history(&out);
    assert!(before.len() <= 2, "one task per slot at most: {before:?}");
    for r in &before {
        assert_eq!(r["blame"], "settings", "{r}");
    }
    let o = hynas().args(TINY).arg("--out").arg(&out).arg("--resume").output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    if !before.is_empty() {
        assert!(err.contains(&format!("{} evaluations failed earlier for the settings", before.len())), "{err}");
    }
    let records = hynas::record::read_history(&out.join("history.jsonl")).unwrap();
    let now: Vec<_> = records.iter().filter(|r| !r.blames_settings()).collect();
    let mut idx: Vec<i64> = now.iter().map(|r| r.i).collect();
    idx.sort();
    assert_eq!(idx, [0, 1, 2, 3], "each candidate once, after the fix");
    assert!(now.iter().all(|r| r.instructions.is_some()), "all measured in Spike this time");
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline.json")).unwrap()).unwrap();
    assert_ne!(base["status"], "failed", "{base}");
    assert!(out.join("report.md").exists());
}

/// Issue 26: a search with `--core` scores modelled cycles. Every profiled record's `cycles` are
/// ibex-small's (well above its instructions: Ibex stalls loads, stores and multiplies), the
/// objectives name `cycles`, `--max-latency` rejects by them, and the report names core and clock.
#[test]
fn a_search_with_a_core_optimises_its_modelled_cycles() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ibex");
    let o = hynas()
        .args(TINY)
        .args(["--quantize", "int8", "--target", "rv32imc", "--calibration-data", "data/cifar10-sample"])
        .args(["--core", "ibex-small", "--clock-mhz", "50", "--max-latency", "300", "--no-reference"])
        .args(["--out", out.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search.json")).unwrap()).unwrap();
    assert_eq!(cfg["objectives"], serde_json::json!(["val_error", "cycles", "ram"]), "{cfg}");
    assert_eq!(cfg["evaluation"]["core"]["name"], "ibex-small", "{cfg}");
    // 300 ms at 50 MHz.
    assert_eq!(cfg["evaluation"]["max_cycles"], 15_000_000, "{cfg}");
    let h = history(&out);
    let measured: Vec<_> = h.iter().filter(|e| e["instructions"].is_u64()).collect();
    assert!(measured.len() >= 4, "{h:?}");
    for e in &measured {
        let (c, i) = (e["cycles"].as_f64().unwrap(), e["instructions"].as_f64().unwrap());
        assert!(c > 1.5 * i && c < 3.0 * i, "cycles {c} for {i} instructions: {e}");
        if e["status"] == "rejected" && c > 15e6 {
            assert!(e["reason"].as_str().unwrap().starts_with("cycles "), "{e}");
        }
        if e["status"] == "ok" {
            assert!(c <= 15e6, "{e}");
        }
    }
    // ResNet-8 (68M ibex-small cycles) is over the limit.
    let base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(base["status"], "rejected", "{base}");
    assert!(base["reason"].as_str().unwrap().starts_with("cycles "), "{base}");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("modelled cycles of the core **ibex-small**") && report.contains("at **50 MHz**"),
        "{report}"
    );
    assert!(report.contains("| ibex-small cycles | ms at 50 MHz |"), "{report}");
    assert!(report.contains("Pareto front (validation error, ibex-small cycles, RAM"), "{report}");
    // A core without an FPU takes int8 programs only.
    common::fails(&["search", "--core", "ibex-small"], "--quantize int8 --target rv32imc");
}
