//! The verifier runs after every pass in every build. CI runs this file in the release profile
//! too (`scripts/test.sh`, `HYNAS_RELEASE_TEST=1`), where `debug_assertions` is off: a pass that
//! leaves a broken graph is caught there as well, named in the error. It also prints what the
//! verifier costs next to the passes on the bench models.

use hynas_ir::{Graph, IrError, Op, Shape};
use hynas_passes::{run_passes, run_pipeline, Options, Pass, PassError, PIPELINE};
use hynas_searcher::{Genome, Space};
use rand::SeedableRng;

/// A pass with a bug: it gives the first convolution a shape its operands do not give.
struct Corrupt;

impl Pass for Corrupt {
    fn name(&self) -> &'static str {
        "corrupt"
    }
    fn run(&self, graph: &mut Graph) -> Result<bool, IrError> {
        let conv = graph.node_ids().into_iter().find(|&id| matches!(graph.node(id).op(), Some(Op::Conv2d(_))));
        if let Some(n) = conv.and_then(|id| graph.node_mut(id)) {
            n.shape = Shape::new(&[1, 2, 3, 4]);
        }
        Ok(true)
    }
}

#[test]
fn a_pass_that_breaks_the_graph_is_caught_in_every_build() {
    let debug = cfg!(debug_assertions);
    if std::env::var_os("HYNAS_RELEASE_TEST").is_some() {
        assert!(!debug, "HYNAS_RELEASE_TEST is set: run this with --release");
    }
    let mut g = Genome::Resnet8.lower(0).unwrap();
    let mut passes: Vec<&dyn Pass> = PIPELINE.to_vec();
    passes.insert(2, &Corrupt);
    let err = run_passes(&mut g, &passes, Options::default()).unwrap_err();
    assert!(matches!(err, PassError::Verify { pass: "corrupt", .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("after pass corrupt is invalid (verifier: node") && msg.contains("stored shape [1,2,3,4]"),
        "{msg}"
    );
    eprintln!("{} build: {msg}", if debug { "debug" } else { "release" });
}

#[test]
fn what_the_verifier_costs_next_to_the_passes() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let mut models = vec![("resnet8".to_string(), Genome::Resnet8)];
    for space in Space::ALL {
        models.push((space.name().to_string(), space.sample_valid(&mut rng, 100_000).unwrap().0));
    }
    for (name, g) in models {
        let mut graph = g.lower(0).unwrap();
        let s = run_pipeline(&mut graph, Options::default()).unwrap();
        assert!(s.rounds >= 1 && s.verify > std::time::Duration::ZERO, "{s:?}");
        eprintln!(
            "{name}: {} nodes, {} rounds, passes {:.3} ms, verifier {:.3} ms ({:.1}% of the passes)",
            graph.node_ids().len(),
            s.rounds,
            s.passes.as_secs_f64() * 1e3,
            s.verify.as_secs_f64() * 1e3,
            100.0 * s.verify.as_secs_f64() / s.passes.as_secs_f64().max(1e-9)
        );
    }
}
