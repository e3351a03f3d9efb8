//! Several hundred corrupted genome files: each gives an error naming the problem, no panic.

use hynas_searcher::{Genome, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};

/// Paths (as JSON pointers) of every leaf and object field of a genome.
fn fields(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                fields(c, p, out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                fields(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn last_key(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap()
}

fn check(text: &str, expect_any: &[&str], what: &str) {
    match Genome::from_json_str(text) {
        Ok(g) => panic!("{what}: accepted {}", g.to_json()),
        Err(e) => {
            let msg = e.to_string();
            assert!(
                expect_any.iter().any(|w| msg.contains(w)),
                "{what}: error `{msg}` names none of {expect_any:?}\n{text}"
            );
        }
    }
}

#[test]
fn corrupted_genomes_are_rejected_with_a_named_reason() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut cases = 0;
    for space in Space::ALL {
        for _ in 0..25 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            let good = g.to_json();
            let text = good.to_string();
            // Truncated files.
            for _ in 0..3 {
                let cut = rng.gen_range(0..text.len() - 1);
                check(&text[..cut], &["not valid JSON"], "truncated");
                cases += 1;
            }
            let mut ptrs = Vec::new();
            fields(&good, String::new(), &mut ptrs);
            let kernels: Vec<&String> = ptrs.iter().filter(|p| last_key(p) == "kernel").collect();
            let channels: Vec<&String> = ptrs.iter().filter(|p| last_key(p) == "channels").collect();
            let types: Vec<&String> = ptrs.iter().filter(|p| last_key(p) == "type").collect();
            let mut bad = |mutate: &dyn Fn(&mut Value), expect: &[&str], what: &str| {
                let mut v = good.clone();
                mutate(&mut v);
                check(&v.to_string(), expect, what);
                cases += 1;
            };
            // Kernel 4 somewhere.
            let k = kernels[rng.gen_range(0..kernels.len())].clone();
            bad(&|v| *v.pointer_mut(&k).unwrap() = json!(4), &["kernel`: 4 is not one of"], "kernel 4");
            // Negative, off-step, and huge channels.
            let c = channels[rng.gen_range(0..channels.len())].clone();
            bad(&|v| *v.pointer_mut(&c).unwrap() = json!(-16), &["channels`: -16 is not one of"], "negative channels");
            bad(&|v| *v.pointer_mut(&c).unwrap() = json!(18), &["channels`: 18 is not one of"], "off-step channels");
            bad(&|v| *v.pointer_mut(&c).unwrap() = json!("32"), &["channels`"], "channels as a string");
            // Unknown block type.
            if !types.is_empty() {
                let t = types[rng.gen_range(0..types.len())].clone();
                bad(
                    &|v| *v.pointer_mut(&t).unwrap() = json!("transformer_xl"),
                    &["\"transformer_xl\" is not one of"],
                    "unknown type",
                );
            }
            // A missing field.
            let f = ptrs[rng.gen_range(0..ptrs.len())].clone();
            let (parent, key) = f.rsplit_once('/').unwrap();
            let key = key.to_string();
            let parent = parent.to_string();
            bad(
                &|v| {
                    v.pointer_mut(&parent).unwrap_or(&mut Value::Null).as_object_mut().map(|m| m.shift_remove(&key));
                },
                &[&format!("{key}`: missing field"), "has 0 entries"],
                "missing field",
            );
            // An unknown field (a typo).
            bad(&|v| v["stem"]["kernal"] = json!(3), &["stem.kernal`: unknown field"], "typo");
            // No blocks, too many blocks, wrong version, wrong space.
            bad(&|v| v["blocks"] = json!([]), &["blocks`: has 0 entries"], "no blocks");
            bad(
                &|v| {
                    let b = v["blocks"][0].clone();
                    v["blocks"] =
                        json!([b.clone(), b.clone(), b.clone(), b.clone(), b.clone(), b.clone(), b.clone(), b]);
                },
                &["blocks`: has 8 entries"],
                "too many blocks",
            );
            bad(&|v| v["format_version"] = json!(2), &["format_version`: must be 1"], "version");
            bad(&|v| v["space"] = json!("mobilenet"), &["space`: \"mobilenet\" is not one of"], "space");
            bad(&|v| v["blocks"][0]["stride"] = json!(3), &["blocks[0].stride`: 3 is not one of 1, 2"], "stride 3");
        }
    }
    for (text, expect) in [
        ("", "not valid JSON"),
        ("[]", "expected an object"),
        ("{}", "format_version`: missing field"),
        ("null", "expected an object"),
    ] {
        check(text, &[expect], "degenerate");
        cases += 1;
    }
    assert!(cases >= 300, "only {cases} cases");
}

#[test]
fn bad_field_errors_name_the_exact_path() {
    let text = r#"{"format_version":1,"space":"conv_vit",
      "stem":{"kernel":3,"stride":1,"channels":16,"cnn":{"type":"plain"},"pool":{"type":"max","kernel":3}},
      "blocks":[{"stride":2,"patterns":[{"type":"pool_vit","pool":"max","channels":16,"kernel":3,"heads":2,"head_dim":16},
                                        {"type":"cnn_vit","cnn":{"type":"bottleneck","ratio":3},"channels":16,"kernel":3,"heads":2,"head_dim":16}]}]}"#;
    let e = Genome::from_json_str(text).unwrap_err().to_string();
    assert_eq!(e, "genome field `blocks[0].patterns[1].cnn.ratio`: 3 is not one of 1..=2 in steps of 1");
    let fixed = text.replace("\"ratio\":3", "\"ratio\":2");
    Genome::from_json_str(&fixed).unwrap();
}

/// Repeated keys are refused, naming the key; huge or terminal-driving keys are cut and escaped in
/// the error (before: a 10 MB key came back whole, escape codes reached the terminal).
#[test]
fn repeated_huge_and_escaping_keys_give_short_clean_errors() {
    let text = r#"{"format_version":1,"space":"resnet","space":"conv_vit","stem":{}}"#;
    let e = Genome::from_json_str(text).unwrap_err().to_string();
    assert!(e.contains("duplicate key \"space\""), "{e}");
    let nested =
        r#"{"format_version":1,"space":"resnet","stem":{"kernel":3,"kernel":5,"stride":1,"channels":16},"blocks":[]}"#;
    let e = Genome::from_json_str(nested).unwrap_err().to_string();
    assert!(e.contains("duplicate key \"kernel\""), "{e}");
    let huge = format!(r#"{{"format_version":1,"space":"resnet","{}":1}}"#, "k".repeat(10_000_000));
    let e = Genome::from_json_str(&huge).unwrap_err().to_string();
    assert!(e.len() < 400, "{} bytes of error", e.len());
    let esc = r#"{"format_version":1,"space":"resnet","\u001b[2J\u001b[31mred":1}"#;
    let e = Genome::from_json_str(esc).unwrap_err().to_string();
    assert!(!e.contains('\u{1b}') && e.contains("\\u{1b}[2J"), "{e:?}");
    // The CLI shows the same short error.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("g.json");
    std::fs::write(&f, &huge).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_hynas"))
        .args(["inspect", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success() && o.stderr.len() < 4000, "{} bytes on stderr", o.stderr.len());
}
