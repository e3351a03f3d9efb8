//! `hynas`: the command line. Thin by design: every job lives in a library crate.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use hynas_searcher::{Genome, Space};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::io::Write;

#[derive(Parser)]
#[command(name = "hynas", version, about = "Find and deploy tiny hybrid CNN-ViT image classifiers on RISC-V")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Print valid genomes of a search space within a parameter budget, one JSON per line.
    Sample {
        /// Search space: conv_vit or resnet.
        #[arg(long, default_value = "conv_vit")]
        space: String,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, default_value_t = 1)]
        count: usize,
        #[arg(long, default_value_t = 100_000)]
        max_params: u64,
    },
    /// Print parameters, MACs, peak activation bytes and the IR of a genome (or `resnet8`).
    Inspect {
        /// A genome JSON file, or `resnet8`.
        model: String,
        #[arg(long)]
        json: bool,
        /// Seed of the (untrained) weights.
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
}

fn main() -> Result<()> {
    match Cli::parse().cmd {
        Cmd::Sample { space, seed, count, max_params } => {
            let space = Space::parse(&space)?;
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for _ in 0..count {
                let (g, _) = space.sample_valid(&mut rng, max_params)?;
                writeln!(out, "{}", serde_json::to_string(&g.to_json())?)?;
            }
        }
        Cmd::Inspect { model, json, seed } => {
            let g = Genome::load(&model).with_context(|| format!("loading {model}"))?;
            let counts = g.counts()?;
            let graph = g.lower(seed)?;
            hynas_ir::verify(&graph)?;
            let ir = hynas_ir::print(&graph);
            if json {
                let v = serde_json::json!({
                    "space": g.space_name(),
                    "params": counts.params,
                    "macs": counts.macs,
                    "peak_activation_bytes": counts.peak_activation_bytes,
                    "last_feature_map": counts.last_fmap,
                    "genome": g.to_json(),
                    "ir": ir,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                println!("model: {model} (space {})", g.space_name());
                println!("params: {}", counts.params);
                println!("MACs: {}", counts.macs);
                println!("peak activation bytes: {}", counts.peak_activation_bytes);
                println!("last feature map: {0}x{0}", counts.last_fmap);
                println!();
                print!("{ir}");
            }
        }
    }
    Ok(())
}
