//! Attention fusion on seeded random conv_vit genomes: the fusion fires on every attention and the
//! planned arena never grows (the fused kernel adds at most 8 KiB of stack scratch; the printed
//! ratios include it).

use hynas_ir::Op;
use hynas_passes::{optimize, Options};
use hynas_searcher::Space;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[test]
fn fused_attention_never_costs_memory() {
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    let (mut ratios, mut with_attention) = (Vec::new(), 0);
    for _ in 0..60 {
        let (g, _) = Space::ConvVit.sample_valid(&mut rng, 100_000).unwrap();
        let graph = g.lower(0).unwrap();
        let (fused, plan) = optimize(&graph, Options { verify: true, dump_after: None, disable: &[] }).unwrap();
        let (_, plain) =
            optimize(&graph, Options { verify: true, dump_after: None, disable: &["fuse_attention"] }).unwrap();
        for id in fused.node_ids() {
            let op = fused.node(id).op();
            assert!(!matches!(op, Some(Op::Softmax | Op::Transpose(_))), "an attention was left unfused");
        }
        let scratch = hynas_codegen::stack_scratch_bytes(&fused, hynas_codegen::Schedules::Tuned);
        if scratch > 0 {
            with_attention += 1;
        }
        assert!(plan.arena_bytes <= plain.arena_bytes, "{}: arena grew", g.to_json());
        let total = plan.arena_bytes + scratch;
        ratios.push(total as f64 / plain.arena_bytes as f64);
    }
    ratios.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{with_attention}/60 genomes with attention; (arena + scratch) / unfused arena: {} below 0.9, min {:.3} median {:.3} max {:.3}",
        ratios.iter().filter(|&&r| r < 0.9).count(),
        ratios[0],
        ratios[ratios.len() / 2],
        ratios[ratios.len() - 1]
    );
    assert!(with_attention > 0);
}
