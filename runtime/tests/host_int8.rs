//! Integer models compiled for the host (MCJIT) against the integer reference interpreter, bit
//! for bit: ResNet-8 and seeded random genomes of both spaces, quantised on random images.

use hynas_ir::{interpret_int, DType, IntTensor, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_runtime::HostModel;
use hynas_searcher::{Genome, Space, INPUT};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn image(seed: u64) -> Tensor {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n: usize = INPUT.iter().product();
    Tensor::from_vec(&INPUT, (0..n).map(|_| rng.gen_range(-1.0..1.0)).collect()).unwrap()
}

fn check(g: &Genome, seed: u64) {
    let graph = g.lower_with(seed, true).unwrap();
    let calib: Vec<Tensor> = (0..2).map(|k| image(seed * 10 + k)).collect();
    let q = quantize_model(&graph, &calib, Calibration::MinMax, 2).unwrap();
    let p = plan(&q, Algorithm::HillClimb { iterations: 200, seed: 0 }).unwrap();
    let m = HostModel::new(&q, &p).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xABC);
    let n: usize = INPUT.iter().product();
    for _ in 0..2 {
        let x: Vec<i32> = (0..n).map(|_| rng.gen_range(-128..128)).collect();
        let want = interpret_int(&q, &[IntTensor::from_vec(&INPUT, DType::I8, x.clone()).unwrap()]).unwrap().remove(0);
        let got = m.run_int(&x.iter().map(|&v| v as i8).collect::<Vec<_>>()).unwrap();
        let got: Vec<i32> = got.into_iter().map(i32::from).collect();
        assert_eq!(got, want.data, "{}", g.to_json());
        // Not a degenerate comparison: the ten logits differ.
        assert!(want.data.iter().any(|&v| v != want.data[0]), "{}: constant output {:?}", g.to_json(), want.data);
    }
}

#[test]
fn int8_host_code_matches_the_integer_interpreter() {
    check(&Genome::Resnet8, 0);
    let mut rng = ChaCha8Rng::seed_from_u64(78);
    for (i, space) in Space::ALL.into_iter().cycle().take(16).enumerate() {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        check(&g, i as u64 + 1);
    }
}

/// On a host with a SIMD unit the int8 convolutions are the vector flavour (its schedule names
/// the lanes), and one compiled model run from two threads at once (each call with its own
/// arena) gives what it gives alone.
#[test]
fn int8_host_code_is_vectorised_and_runs_on_threads() {
    let graph = Genome::Resnet8.lower_with(3, true).unwrap();
    let q = quantize_model(&graph, &[image(30), image(31)], Calibration::MinMax, 2).unwrap();
    let p = plan(&q, Algorithm::Greedy).unwrap();
    let opts = hynas_codegen::Options { target: hynas_codegen::Target::Host, arena_param: true, ..Default::default() };
    let c = hynas_codegen::compile(&q, &p, &opts, false).unwrap();
    assert!(c.header.contains("void *arena"), "{}", c.header);
    let convs: Vec<&str> = c.kernels.iter().filter(|k| k.op.contains("conv2d")).map(|k| k.schedule.as_str()).collect();
    assert!(convs.len() >= 7, "{convs:?}");
    let (lanes, _) = hynas_codegen::host_simd();
    if lanes > 1 {
        assert!(convs.iter().all(|s| s.contains(&format!("{lanes} lanes"))), "{convs:?}");
    }
    let m = HostModel::new(&q, &p).unwrap();
    let n: usize = INPUT.iter().product();
    let inputs: Vec<Vec<i8>> = (0..8)
        .map(|s| {
            let mut rng = ChaCha8Rng::seed_from_u64(s);
            (0..n).map(|_| rng.gen_range(-128..128) as i8).collect()
        })
        .collect();
    let alone: Vec<Vec<i8>> = inputs.iter().map(|x| m.run_int(x).unwrap()).collect();
    let r = m.runner();
    let together: Vec<Vec<i8>> = std::thread::scope(|s| {
        let hs: Vec<_> = inputs
            .chunks(4)
            .map(|c| s.spawn(move || c.iter().map(|x| r.run_int(x).unwrap()).collect::<Vec<_>>()))
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(alone, together);
    assert!(alone.iter().any(|o| o != &alone[0]), "every input gave the same logits");
}
