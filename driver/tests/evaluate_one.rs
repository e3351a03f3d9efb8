//! The library evaluates one candidate on its own, without the CLI or a search: a sampled
//! conv_vit genome is compiled, run in Spike and proxy-trained on the bundled sample; the same
//! call with a limit it cannot meet gives a rejected record, and a bad target a failed one.

use hynas_driver::evaluate::{evaluate, symbolic_ok};
use hynas_driver::record::{Evaluation, Record, Status};
use hynas_driver::{data, TrainConfig};
use hynas_searcher::Space;
use rand::SeedableRng;

fn settings() -> Evaluation {
    Evaluation {
        seed: 3,
        max_params: 30_000,
        max_ram: None,
        max_rom: None,
        max_instructions: None,
        data: concat!(env!("CARGO_MANIFEST_DIR"), "/../data/cifar10-sample").into(),
        target: hynas_codegen::Target::Rv32imf,
        spike_timeout_s: 300.0,
        proxy: TrainConfig { epochs: 1, batch: 32, train_subset: Some(64), threads: Some(1), ..Default::default() },
        final_train: TrainConfig::default(),
        ladder: vec![],
        quantize: None,
        teacher: None,
        core: None,
        max_cycles: None,
    }
}

#[test]
fn one_candidate_is_evaluated_through_the_public_api() {
    let ev = settings();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let (g, _) = Space::ConvVit.sample_valid(&mut rng, ev.max_params).unwrap();
    assert!(symbolic_ok(&ev, &g));
    let cifar = data::load(&ev.data, ev.seed).unwrap();
    let r = evaluate(&ev, &cifar, 0, &g);
    assert_eq!(r.status, Status::Ok, "{r:?}");
    let acc = r.val_accuracy.unwrap();
    assert!((0.0..=1.0).contains(&acc));
    assert!(r.instructions.unwrap() > r.macs.unwrap(), "{r:?}");
    assert!(r.ram_bytes.unwrap() > 0 && r.rom_bytes.unwrap() > 4 * r.params.unwrap());
    assert!(r.timings.train.is_some() && r.timings.total > 0.0);
    // The record survives its own file format, to the last bit of every number (serde_json's
    // float_roundtrip: without it a value can come back 1 ulp off, and a resumed search could
    // score a candidate differently from the run that recorded it).
    assert_eq!(Record::parse(&r.to_line(), "here").unwrap(), r);
    // Deterministic: the same call gives the same record, timings aside.
    assert_eq!(evaluate(&ev, &cifar, 0, &g).without_run_details(), r.without_run_details());

    // A measured limit it cannot meet: profiled, not trained.
    let tight = Evaluation { max_instructions: Some(r.instructions.unwrap() - 1), ..ev.clone() };
    let rej = evaluate(&tight, &cifar, 0, &g);
    assert_eq!(rej.status, Status::Rejected);
    assert!(rej.reason.as_deref().unwrap().starts_with("instructions "), "{rej:?}");
    assert!(rej.val_accuracy.is_none() && rej.timings.train.is_none());

    // The target is typed: an unknown one in a settings file is refused when it is read, naming it.
    let mut v = serde_json::to_value(&ev).unwrap();
    assert_eq!(v["target"], "rv32imf");
    v["target"] = "z80".into();
    let e = serde_json::from_value::<Evaluation>(v).unwrap_err().to_string();
    assert!(e.contains("unknown target \"z80\""), "{e}");
}
