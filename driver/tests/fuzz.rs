//! Seeded mutation fuzzing of everything hynas reads from disk: genome JSON, weights
//! (safetensors) and search histories. Byte-level mutations (flip, insert, delete, truncate,
//! duplicate a span, splice in JSON punctuation) and structure-level ones (drop, add or repeat a
//! key, replace a value with another JSON type, huge numbers and strings, deep nesting) of valid
//! files; every case must end in Ok or a clear error, never a panic, and the whole run must stay
//! within its time. ONNX models (the fixtures and hynas's own exports of every space) get byte-level
//! and protobuf-level mutations (dimensions, attributes, weights, names, op types, nodes); what
//! imports must have finite weights and go through the pass pipeline. `HYNAS_FUZZ_CASES` (default
//! 2,000 per file kind) and `HYNAS_FUZZ_SEED` make longer or other runs; `proptest` cases for the
//! genome parser and the history reader are below.

use hynas_driver::record::{self, Record, Status};
use hynas_searcher::{Genome, Space};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn cases() -> usize {
    std::env::var("HYNAS_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
}

fn seed() -> u64 {
    std::env::var("HYNAS_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(7)
}

const PUNCT: &[&[u8]] = &[b"{", b"}", b"[", b"]", b",", b":", b"\"", b"\\", b"-", b"1e999", b"null", b"\xff", b"\0"];

/// One byte-level mutation.
fn mutate_bytes(rng: &mut ChaCha8Rng, b: &mut Vec<u8>) {
    if b.is_empty() {
        b.push(rng.gen());
        return;
    }
    let i = rng.gen_range(0..b.len());
    match rng.gen_range(0..7) {
        0 => b[i] ^= 1 << rng.gen_range(0..8),
        1 => b.insert(i, rng.gen()),
        2 => {
            b.remove(i);
        }
        3 => b.truncate(i),
        4 => {
            let j = rng.gen_range(i..b.len().min(i + 64) + 1).min(b.len());
            let span = b[i..j].to_vec();
            b.splice(i..i, span);
        }
        5 => {
            let p = PUNCT.choose(rng).copied().unwrap_or(b"{");
            b.splice(i..i, p.iter().copied());
        }
        _ => b[i] = rng.gen(),
    }
}

fn random_value(rng: &mut ChaCha8Rng, depth: usize) -> Value {
    match rng.gen_range(0..if depth > 3 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.gen::<bool>()),
        2 => json!(rng.gen::<i64>()),
        3 => json!(rng.gen_range(-1e300..1e300)),
        4 => json!(u64::MAX),
        5 => json!("x".repeat(rng.gen_range(0..3) * 1000)),
        6 => Value::Array((0..rng.gen_range(0..4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let mut m = serde_json::Map::new();
            for k in 0..rng.gen_range(0..4) {
                m.insert(format!("k{k}"), random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Every (parent, key) path of objects in `v`, as JSON pointers.
fn object_paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            out.push(at.clone());
            for (k, x) in m {
                object_paths(x, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                object_paths(x, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// One structure-level mutation of a JSON document; returns text (a repeated key can only be
/// written as text).
fn mutate_structure(rng: &mut ChaCha8Rng, v: &Value) -> String {
    let mut v = v.clone();
    let mut paths = Vec::new();
    object_paths(&v, String::new(), &mut paths);
    let Some(p) = paths.choose(rng).cloned() else { return v.to_string() };
    let Some(Value::Object(m)) = v.pointer_mut(&p) else { return v.to_string() };
    let keys: Vec<String> = m.keys().cloned().collect();
    match rng.gen_range(0..6) {
        0 if !keys.is_empty() => {
            let k = keys.choose(rng).cloned().unwrap_or_default();
            m.remove(&k);
        }
        1 if !keys.is_empty() => {
            let k = keys.choose(rng).cloned().unwrap_or_default();
            m.insert(k, random_value(rng, 0));
        }
        2 => {
            m.insert(format!("extra{}", rng.gen::<u16>()), random_value(rng, 0));
        }
        3 if !keys.is_empty() => {
            // Repeat a key with another value.
            let k = keys.choose(rng).cloned().unwrap_or_default();
            let text = v.to_string();
            let needle = format!("\"{k}\":");
            if let Some(at) = text.find(&needle) {
                return format!("{}\"{k}\":{},{}", &text[..at], random_value(rng, 0), &text[at..]);
            }
            return text;
        }
        4 => {
            // Deep nesting.
            let depth = rng.gen_range(100..3000);
            let k = keys.choose(rng).cloned().unwrap_or_else(|| "x".into());
            let text = v.to_string();
            let needle = format!("\"{k}\":");
            if let Some(at) = text.find(&needle) {
                let open = "[".repeat(depth);
                let close = "]".repeat(depth);
                return format!("{}\"{k}\":{open}1{close},{}", &text[..at], &text[at..]);
            }
            return text;
        }
        _ => {
            let k = keys.choose(rng).cloned().unwrap_or_else(|| "x".into());
            m.insert(k, json!("\u{1b}[2J".repeat(rng.gen_range(1..4))));
        }
    }
    v.to_string()
}

fn valid_genomes(rng: &mut ChaCha8Rng) -> Vec<Value> {
    let mut v = Vec::new();
    for space in Space::ALL {
        for _ in 0..5 {
            if let Ok((g, _)) = space.sample_valid(rng, 100_000) {
                v.push(g.to_json());
            }
        }
    }
    v
}

/// Runs `f` on each case, checking the total time and that nothing panics (a panic fails the
/// test with the case that caused it).
fn each_case(name: &str, n: usize, budget: Duration, mut f: impl FnMut(usize) -> String) {
    let start = Instant::now();
    for k in 0..n {
        let shown = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(k)));
        if let Err(p) = shown {
            let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("{name} case {k} (seed {}) panicked: {msg:?}", seed());
        }
        assert!(start.elapsed() < budget, "{name}: {k} cases took {:?} (a hang?)", start.elapsed());
    }
}

#[test]
fn mutated_genomes_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(seed());
    let seeds = valid_genomes(&mut rng);
    let (mut ok, mut errs) = (0, 0);
    each_case("genome", cases(), Duration::from_secs(60), |_| {
        let base = seeds.choose(&mut rng).cloned().unwrap_or(Value::Null);
        let text = if rng.gen_bool(0.5) {
            let mut b = base.to_string().into_bytes();
            for _ in 0..rng.gen_range(1..4) {
                mutate_bytes(&mut rng, &mut b);
            }
            String::from_utf8_lossy(&b).into_owned()
        } else {
            mutate_structure(&mut rng, &base)
        };
        match Genome::from_json_str(&text) {
            Ok(g) => {
                ok += 1;
                // What parses also counts and lowers without a panic.
                let _ = g.counts();
            }
            Err(e) => {
                errs += 1;
                let m = e.to_string();
                assert!(m.len() < 2000 && !m.contains('\u{1b}'), "unbounded or raw error: {}", &m[..m.len().min(200)]);
            }
        }
        text
    });
    assert!(errs > cases() / 4, "{errs} errors, {ok} ok: the mutations hardly break anything");
}

#[test]
fn mutated_weights_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ 1);
    let graph = Genome::Resnet8.lower(0).unwrap();
    let valid = hynas_ir::weights::to_safetensors(&graph).unwrap();
    let (mut ok, mut errs) = (0, 0);
    each_case("weights", cases(), Duration::from_secs(60), |_| {
        let mut b = valid.clone();
        // Mutations near the front hit the header (JSON), the rest hit the data.
        for _ in 0..rng.gen_range(1..4) {
            if rng.gen_bool(0.7) {
                let head = b.len().min(2048);
                let mut front = b[..head].to_vec();
                mutate_bytes(&mut rng, &mut front);
                b.splice(..head, front);
            } else {
                mutate_bytes(&mut rng, &mut b);
            }
        }
        let mut g = graph.clone();
        match hynas_ir::weights::load_safetensors(&mut g, &b) {
            Ok(()) => ok += 1,
            Err(e) => {
                errs += 1;
                assert!(e.to_string().len() < 2000);
            }
        }
        String::new()
    });
    assert!(errs > 0 && ok + errs == cases());
}

/// ONNX models to mutate: the PyTorch-exported fixtures and hynas's exports of each space.
fn valid_onnx(rng: &mut ChaCha8Rng) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/onnx");
    let mut v: Vec<Vec<u8>> = ["resnet8", "hybrid_a", "hybrid_b", "genome_a", "genome_b"]
        .iter()
        .map(|n| std::fs::read(dir.join(format!("{n}.onnx"))).unwrap())
        .collect();
    for space in Space::ALL {
        let (g, _) = space.sample_valid(rng, 100_000).unwrap();
        let opts = hynas_onnx::ExportOptions::default();
        v.push(hynas_onnx::export(&g.lower(rng.gen()).unwrap(), &opts).unwrap());
    }
    v
}

/// One protobuf-level mutation of an ONNX model: a dimension, attribute, weight, name, op type or
/// node changed to something odd.
fn mutate_onnx(rng: &mut ChaCha8Rng, m: &mut hynas_onnx::proto::ModelProto) {
    const ODD: &[i64] = &[0, -1, 1, 2, 3, 7, 1 << 20, 1 << 31, 1 << 32, 1 << 62, i64::MAX, i64::MIN];
    const OPS: &[&str] = &["Conv", "Relu", "Add", "MatMul", "Pad", "Slice", "Div", "Softmax", "Reshape", "Gemm"];
    let odd =
        |rng: &mut ChaCha8Rng| if rng.gen_bool(0.5) { *ODD.choose(rng).unwrap_or(&0) } else { rng.gen_range(-4..70) };
    let Some(g) = m.graph.as_mut() else { return };
    match rng.gen_range(0..10) {
        0 => {
            if let Some(d) = g
                .input
                .iter_mut()
                .flat_map(|i| i.r#type.iter_mut())
                .flat_map(|t| t.tensor_type.iter_mut())
                .flat_map(|t| t.shape.iter_mut())
                .flat_map(|s| s.dim.iter_mut())
                .collect::<Vec<_>>()
                .choose_mut(rng)
            {
                d.dim_value = Some(odd(rng));
            }
        }
        1 => {
            if let Some(t) = g.initializer.choose_mut(rng) {
                if let Some(d) = t.dims.choose_mut(rng) {
                    *d = odd(rng);
                } else {
                    t.dims.push(odd(rng));
                }
            }
        }
        2 => {
            if let Some(a) = g.node.iter_mut().flat_map(|n| n.attribute.iter_mut()).collect::<Vec<_>>().choose_mut(rng)
            {
                let v = odd(rng);
                a.i = a.i.map(|_| v);
                if let Some(x) = a.ints.choose_mut(rng) {
                    *x = v;
                }
                if rng.gen_bool(0.2) {
                    a.f = Some([f32::NAN, f32::INFINITY, -1.0, 0.0, 1e30][rng.gen_range(0..5)]);
                }
            }
        }
        3 => {
            if let Some(t) =
                g.initializer.iter_mut().filter(|t| t.data_type == Some(1)).collect::<Vec<_>>().choose_mut(rng)
            {
                let bad = [f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -1.0, 1e38][rng.gen_range(0..6)];
                if let Some(raw) = t.raw_data.as_mut().filter(|r| r.len() >= 4) {
                    let i = rng.gen_range(0..raw.len() / 4) * 4;
                    raw[i..i + 4].copy_from_slice(&bad.to_le_bytes());
                } else if let Some(x) = t.float_data.choose_mut(rng) {
                    *x = bad;
                }
            }
        }
        4 => {
            if let Some(n) = g.node.choose_mut(rng) {
                n.name = Some(if rng.gen_bool(0.5) { "\u{1b}]0;pwned\u{7}".into() } else { "x".repeat(1 << 16) });
                if rng.gen_bool(0.5) {
                    n.op_type = Some(format!("{}Fuzz", n.op_type.clone().unwrap_or_default()));
                }
            }
        }
        5 => {
            if let Some(n) = g.node.choose_mut(rng) {
                n.op_type = Some(OPS.choose(rng).unwrap_or(&"Relu").to_string());
            }
        }
        6 => {
            if !g.node.is_empty() {
                let i = rng.gen_range(0..g.node.len());
                if rng.gen_bool(0.5) {
                    g.node.remove(i);
                } else {
                    let n = g.node[i].clone();
                    g.node.insert(rng.gen_range(0..=g.node.len()), n);
                }
            }
        }
        7 => {
            if let Some(n) = g.node.choose_mut(rng) {
                n.input.shuffle(rng);
                if rng.gen_bool(0.3) {
                    n.input.push(String::new());
                }
            }
        }
        8 => {
            if let Some(t) = g.initializer.choose(rng).cloned() {
                g.initializer.push(t);
            }
        }
        _ => {
            if let Some(o) = m.opset_import.first_mut() {
                o.version = Some(rng.gen_range(0..30));
            }
        }
    }
}

/// What an imported model promises: finite weights, and it optimises and plans without a panic.
fn check_imported(g: &hynas_ir::Graph) {
    for id in g.node_ids() {
        if let Some(t) = g.node(id).const_data() {
            assert!(t.data.iter().all(|v| v.is_finite()), "accepted a non-finite weight in {}", g.node(id).name);
        }
    }
    let _ = hynas_passes::optimize(g, Default::default());
}

#[test]
fn mutated_onnx_files_never_panic() {
    use prost::Message;
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ 3);
    let seeds = valid_onnx(&mut rng);
    let (mut ok, mut errs) = (0, 0);
    each_case("onnx", cases(), Duration::from_secs(600), |_| {
        let base = seeds.choose(&mut rng).cloned().unwrap_or_default();
        let bytes = match (rng.gen_bool(0.3), hynas_onnx::proto::ModelProto::decode(base.as_slice())) {
            (false, Ok(mut m)) => {
                for _ in 0..rng.gen_range(1..3) {
                    mutate_onnx(&mut rng, &mut m);
                }
                hynas_onnx::encode(&m)
            }
            _ => {
                let mut b = base;
                for _ in 0..rng.gen_range(1..4) {
                    mutate_bytes(&mut rng, &mut b);
                }
                b
            }
        };
        match hynas_onnx::import(&bytes) {
            Ok(g) => {
                ok += 1;
                check_imported(&g);
            }
            Err(e) => {
                errs += 1;
                let m = e.to_string();
                assert!(m.len() < 2000 && !m.contains('\u{1b}'), "unbounded or raw error: {}", &m[..m.len().min(200)]);
            }
        }
        String::new()
    });
    eprintln!("onnx: {ok} imported, {errs} refused");
    assert!(errs > cases() / 4 && ok > 0, "{errs} errors, {ok} ok");
}

fn valid_history(rng: &mut ChaCha8Rng) -> Vec<String> {
    valid_genomes(rng)
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let mut r = Record::new(i as i64, Genome::from_json(&g).unwrap(), Status::Ok);
            r.val_accuracy = Some(0.5);
            r.instructions = Some(1_000_000 + i as u64);
            r.to_line()
        })
        .collect()
}

#[test]
fn mutated_histories_never_panic() {
    let mut rng = ChaCha8Rng::seed_from_u64(seed() ^ 2);
    let lines = valid_history(&mut rng);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("history.jsonl");
    let (mut ok, mut errs) = (0, 0);
    each_case("history", cases(), Duration::from_secs(60), |_| {
        let mut ls = lines.clone();
        let k = rng.gen_range(0..ls.len());
        ls[k] = if rng.gen_bool(0.5) {
            let mut b = ls[k].clone().into_bytes();
            for _ in 0..rng.gen_range(1..4) {
                mutate_bytes(&mut rng, &mut b);
            }
            String::from_utf8_lossy(&b).into_owned()
        } else {
            let v: Value = serde_json::from_str(&ls[k]).unwrap();
            mutate_structure(&mut rng, &v)
        };
        let mut text = ls.join("\n");
        if rng.gen_bool(0.8) {
            text.push('\n');
        }
        std::fs::write(&path, &text).unwrap();
        match record::read_history(&path) {
            Ok(h) => {
                ok += 1;
                assert!(h.len() <= ls.len());
            }
            Err(e) => {
                errs += 1;
                let m = e.to_string();
                assert!(m.contains("history.jsonl line ") && m.len() < 2000, "{}", &m[..m.len().min(300)]);
            }
        }
        // Repairing and reading again never panics either.
        let _ = record::repair_history(&path);
        let _ = record::read_history(&path);
        text
    });
    assert!(errs > cases() / 4, "{errs} errors, {ok} ok");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text at all: the genome parser answers, it does not panic.
    #[test]
    fn genome_parser_takes_any_text(text in ".{0,400}") {
        let _ = Genome::from_json_str(&text);
    }

    /// Any JSON-ish text: the same.
    #[test]
    fn genome_parser_takes_any_jsonish_text(text in r#"[{}\[\]:,"a-z0-9_.\- ]{0,300}"#) {
        let _ = Genome::from_json_str(&text);
    }

    /// Any history line: a record or an error naming the line.
    #[test]
    fn history_reader_takes_any_line(line in ".{0,400}") {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("history.jsonl");
        std::fs::write(&path, format!("{line}\n")).unwrap();
        if let Err(e) = record::read_history(&path) {
            prop_assert!(e.to_string().contains("line 1"));
        }
    }
}
