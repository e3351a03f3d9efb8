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
        let (fused, plan) = optimize(&graph, Options { dump_after: None, disable: &[] }).unwrap();
        let (_, plain) = optimize(&graph, Options { dump_after: None, disable: &["fuse_attention"] }).unwrap();
        for id in fused.node_ids() {
            let op = fused.node(id).op();
            assert!(!matches!(op, Some(Op::Softmax | Op::Transpose(_))), "an attention was left unfused");
        }
        let scratch =
            hynas_codegen::stack_scratch_bytes(&fused, hynas_codegen::Schedules::Tuned, hynas_codegen::Target::Rv32imf);
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

/// conv_vit_lin on seeded genomes: each ReLU before a linear attention is folded into its
/// projection, every linear attention costs exactly 2 N d (d + 1) MACs per head (the IR's count,
/// the genome's closed-form count and this formula agree), and its kernel's scratch stays
/// d + 2N + 4d words, never N x N.
#[test]
fn linear_attention_is_counted_exactly_and_needs_no_token_square() {
    use hynas_searcher::{ConvVitGenome, Genome};
    let mut rng = ChaCha8Rng::seed_from_u64(78);
    let (mut lin_macs, mut soft_macs, mut attentions) = (0u64, 0u64, 0);
    for _ in 0..40 {
        let (g, counts) = Space::ConvVitLin.sample_valid(&mut rng, 100_000).unwrap();
        let graph = g.lower(0).unwrap();
        assert_eq!(graph.macs(), counts.macs, "IR and closed-form MACs differ for {}", g.to_json());
        let (opt, _) = optimize(&graph, Options { dump_after: None, disable: &[] }).unwrap();
        let mut worst_scratch = 0;
        for id in opt.node_ids() {
            let n = opt.node(id);
            assert!(!matches!(n.op(), Some(Op::Relu | Op::Softmax | Op::Attention)), "{}: {}", n.name, g.to_json());
            if let Some(Op::LinearAttention(_)) = n.op() {
                attentions += 1;
                let d = n.shape.dims();
                let (heads, c, t) = (d[1], d[2], d[3]);
                let ins: Vec<_> = opt.operands(id).iter().map(|&o| opt.node(o).shape.clone()).collect();
                let refs: Vec<_> = ins.iter().collect();
                let macs = n.op().unwrap().macs(&refs, &n.shape);
                assert_eq!(macs, (2 * heads * t * c * (c + 1)) as u64);
                worst_scratch = worst_scratch.max((c + 2 * t + 4 * c) * 4);
                lin_macs += macs;
                soft_macs += (2 * heads * c * t * t) as u64;
            }
        }
        assert!(
            hynas_codegen::stack_scratch_bytes(&opt, hynas_codegen::Schedules::Tuned, hynas_codegen::Target::Rv32imf)
                <= worst_scratch
        );
        // The same genome with softmax attention has the same parameters.
        let Genome::ConvVit(c) = &g else { panic!("not a conv_vit genome") };
        let soft = Genome::ConvVit(ConvVitGenome { linear: false, ..c.clone() });
        assert_eq!(soft.counts().unwrap().params, counts.params);
    }
    assert!(attentions > 0);
    println!(
        "{attentions} linear attentions: {lin_macs} MACs, {soft_macs} as softmax attention ({:.2}x)",
        soft_macs as f64 / lin_macs as f64
    );
}
