//! Search spaces: sampling, lowering, verification, exact counts, interpretation, mutation.

use hynas_ir::{interpret, verify, Tensor};
use hynas_searcher::{Genome, Space, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn random_input(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

/// 10,000 in-budget genomes per space: each lowers and verifies, and the genome-side counts
/// (params, MACs, every activation's bytes, peak) equal the counts over the lowered IR.
fn ten_thousand(space: Space, seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut interpreted = 0;
    for i in 0..10_000 {
        let (g, c) = space.sample_valid(&mut rng, 100_000).unwrap();
        assert!(c.params <= 100_000);
        let graph = g.lower(i).unwrap_or_else(|e| panic!("{e}: {}", g.to_json()));
        verify(&graph).unwrap();
        assert_eq!(graph.param_count(), c.params, "params of {}", g.to_json());
        assert_eq!(graph.macs(), c.macs, "MACs of {}", g.to_json());
        let st = graph.activation_stats().unwrap();
        assert_eq!(st.bytes, c.activation_bytes, "activations of {}", g.to_json());
        assert_eq!(st.peak, c.peak_activation_bytes);
        // The interpreter on 10 per space (20 in all), spread over the run.
        if i % 1000 == 0 {
            let out = interpret(&graph, &[random_input(i)]).unwrap().remove(0);
            assert_eq!(out.dims(), [1, 10]);
            assert!(out.data.iter().all(|v| v.is_finite()), "{:?}", out.data);
            interpreted += 1;
        }
    }
    assert_eq!(interpreted, 10);
}

#[test]
fn conv_vit_ten_thousand_genomes_lower_verify_and_count_exactly() {
    ten_thousand(Space::ConvVit, 1);
}

#[test]
fn resnet_ten_thousand_genomes_lower_verify_and_count_exactly() {
    ten_thousand(Space::Resnet, 2);
}

#[test]
fn resnet8_matches_mlperf_tiny() {
    let c = Genome::Resnet8.counts().unwrap();
    assert_eq!(c.params, 78_186);
    assert_eq!(c.macs, 12_501_632);
    let g = Genome::Resnet8.lower(0).unwrap();
    assert_eq!(g.param_count(), 78_186);
    let out = interpret(&g, &[random_input(0)]).unwrap().remove(0);
    assert_eq!(out.dims(), [1, 10]);
}

#[test]
fn sampling_is_deterministic_per_seed() {
    for space in Space::ALL {
        let a: Vec<Genome> = (0..20)
            .map(|_| 0)
            .scan(ChaCha8Rng::seed_from_u64(7), |r, _| Some(space.sample_valid(r, 100_000).unwrap().0))
            .collect();
        let b: Vec<Genome> = (0..20)
            .map(|_| 0)
            .scan(ChaCha8Rng::seed_from_u64(7), |r, _| Some(space.sample_valid(r, 100_000).unwrap().0))
            .collect();
        assert_eq!(a, b);
        let l1 = a[0].lower(3).unwrap();
        let l2 = a[0].lower(3).unwrap();
        assert_eq!(hynas_ir::weights::constants(&l1), hynas_ir::weights::constants(&l2));
    }
}

#[test]
fn json_round_trips() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    for space in Space::ALL {
        for _ in 0..500 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            let text = serde_json::to_string_pretty(&g.to_json()).unwrap();
            assert_eq!(Genome::from_json_str(&text).unwrap(), g, "{text}");
        }
    }
    let r8 = Genome::Resnet8.to_json().to_string();
    assert_eq!(Genome::from_json_str(&r8).unwrap(), Genome::Resnet8);
}

/// A mutation changes exactly one active parameter: the chosen one takes its new value, every
/// other parameter present before and after keeps its value.
#[test]
fn mutation_changes_exactly_one_active_parameter() {
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let mut structural = 0;
    for space in Space::ALL {
        for _ in 0..2000 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            let (child, m) = g.mutate(&mut rng).unwrap();
            assert_ne!(child, g);
            assert_ne!(m.from, m.to);
            let (before, after) = (params(&g), params(&child));
            let changed: Vec<_> = before
                .iter()
                .filter_map(|(k, v)| after.iter().find(|(k2, _)| k2 == k).filter(|(_, v2)| v2 != v).map(|_| k.clone()))
                .collect();
            assert_eq!(changed, vec![m.param.clone()], "{} -> {}", g.to_json(), child.to_json());
            if before.len() != after.len() {
                structural += 1;
            }
        }
    }
    assert!(structural > 100, "structural mutations seen: {structural}");
}

/// HANNAH-ITEM's mutation: 10% of conv_vit's 138 slots = 14 draws, of which (active / 138) land
/// on active parameters on average; every slot is distinct, so no more than 14 change.
#[test]
fn fraction_mutation_changes_about_its_share_of_the_active_parameters() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let (mut changes, mut expected, mut n) = (0.0, 0.0, 0.0);
    for _ in 0..2000 {
        let (g, _) = Space::ConvVit.sample_valid(&mut rng, 100_000).unwrap();
        let Some((child, log)) = g.mutate_fraction(0.1, &mut rng) else { continue };
        assert_ne!(child, g);
        assert!(!log.is_empty() && log.len() <= 14, "{} changes", log.len());
        changes += log.len() as f64;
        expected += 14.0 * g.active_params() as f64 / 138.0;
        n += 1.0;
    }
    assert!(n > 1500.0, "most parents get a child: {n}");
    // Conditioned on at least one hit the mean is a little above the unconditioned expectation.
    let ratio = changes / expected;
    assert!((0.95..1.4).contains(&ratio), "changes / expected = {ratio}");
    assert_eq!(hynas_searcher::conv_vit::SLOTS, 138);
    assert!(Genome::Resnet8.mutate_fraction(0.1, &mut rng).is_none());
}

/// The surrogate's encoding: one value per slot (-1 inactive, 0..=1 active), log params, log MACs.
#[test]
fn encoding_has_a_fixed_length_per_space() {
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    for (space, slots) in
        [(Space::ConvVit, hynas_searcher::conv_vit::SLOTS), (Space::Resnet, hynas_searcher::resnet::SLOTS)]
    {
        for _ in 0..200 {
            let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
            let e = g.encode();
            assert_eq!(e.len(), slots + 2);
            let active = e[..slots].iter().filter(|v| **v >= 0.0).count();
            assert_eq!(active, g.active_params(), "{}", g.to_json());
            assert!(e[..slots].iter().all(|v| *v == -1.0 || (0.0..=1.0).contains(v)));
        }
    }
}

fn params(g: &Genome) -> Vec<(String, usize)> {
    match g {
        Genome::ConvVit(c) => c.params().into_iter().map(|(p, _, v)| (format!("{p:?}"), v)).collect(),
        Genome::Resnet(r) => r.params().into_iter().map(|(p, _, v)| (format!("{p:?}"), v)).collect(),
        Genome::Resnet8 | Genome::Probe => vec![],
    }
}

#[test]
fn a_one_by_one_last_feature_map_is_invalid() {
    let text = r#"{"format_version":1,"space":"resnet","stem":{"kernel":3,"stride":2,"channels":16},
        "blocks":[{"stride":2,"layers":[{"channels":16,"kernel":3}]},{"stride":2,"layers":[{"channels":16,"kernel":3}]},
                  {"stride":2,"layers":[{"channels":16,"kernel":3}]},{"stride":2,"layers":[{"channels":16,"kernel":3}]}]}"#;
    let e = Genome::from_json_str(text).unwrap_err().to_string();
    assert!(e.contains("1x1"), "{e}");
}

#[test]
fn sampling_within_budget_is_fast() {
    // Not a timing assertion: counts 10,000 genomes per space so `cargo test` exercises the
    // path `hynas sample` and the search's constraint filter use (see `hynas bench`).
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for space in Space::ALL {
        let within = (0..10_000).filter(|_| space.sample(&mut rng).counts().is_ok_and(|c| c.params <= 100_000)).count();
        assert!(within > 500, "{}: {within} of 10000 within budget", space.name());
    }
}

#[test]
#[ignore]
fn print_acceptance_rate() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    for space in Space::ALL {
        let t = std::time::Instant::now();
        let (mut ok, mut valid) = (0, 0);
        for _ in 0..100_000 {
            if let Ok(c) = space.sample(&mut rng).counts() {
                valid += 1;
                ok += (c.params <= 100_000) as usize;
            }
        }
        println!("{}: {valid} valid, {ok} within budget of 100000 in {:?}", space.name(), t.elapsed());
    }
}
