//! Models built for other tasks than CIFAR-10 (issue 28): one-channel 48x48 images with 20
//! classes and three-channel 64x64 images with 2 classes. For ResNet-8 and seeded random genomes
//! of every space built for each task (within 100k parameters counted for it): f32, the
//! optimised graph on the interpreter, host-compiled code and the rv32imf program in Spike agree
//! with the unoptimised graph to 1e-4; int8, host code and the rv32imc program give the integer
//! interpreter's outputs bit for bit.

use hynas::test_input;
use hynas_codegen::Target;
use hynas_ir::{interpret, interpret_int, DType, IntTensor, Tensor};
use hynas_passes::plan_memory::{plan, Algorithm};
use hynas_passes::quantize::{quantize_model, Calibration};
use hynas_passes::{optimize, Options};
use hynas_runtime::{run_host, run_int_on_spike, run_on_spike, HostModel, RunOptions};
use hynas_searcher::{Genome, Space, Task};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Duration;

const TASKS: [([usize; 3], usize); 2] = [([1, 48, 48], 20), ([3, 64, 64], 2)];

fn check(g: &Genome, task: &Task, seed: u64) {
    let what = format!("{} for {}", g.to_json(), task.text());
    let graph = g.lower_for(task, seed, true).unwrap();
    let dims = g.input_dims_for(task);
    assert_eq!(graph.node(graph.inputs()[0]).shape.dims(), &dims[..], "{what}");
    assert_eq!(graph.node(graph.outputs()[0]).shape.numel(), task.classes, "{what}");
    // f32: interpreter, host, Spike.
    let x = test_input(&dims, seed);
    let reference = interpret(&graph, std::slice::from_ref(&x)).unwrap().remove(0);
    let (opt, p) = optimize(&graph, Options { dump_after: None, disable: &[] }).unwrap();
    let a = interpret(&opt, std::slice::from_ref(&x)).unwrap().remove(0);
    assert!(a.rel_error(&reference) < 1e-4, "optimised interpreter: {what}");
    let b = Tensor::from_vec(reference.dims(), run_host(&opt, &p, &x.data).unwrap()).unwrap();
    assert!(b.rel_error(&reference) < 1e-4, "host: {} for {what}", b.rel_error(&reference));
    let opts = RunOptions { target: Target::Rv32imf, timeout: Duration::from_secs(300), ..Default::default() };
    let c = Tensor::from_vec(reference.dims(), run_on_spike(&opt, &p, &x.data, &opts).unwrap().outputs).unwrap();
    assert!(c.rel_error(&reference) < 1e-4, "spike: {} for {what}", c.rel_error(&reference));
    // int8: integer interpreter, host, Spike (rv32imc).
    let calib: Vec<_> = (0..2).map(|k| test_input(&dims, seed * 7 + k)).collect();
    let q = quantize_model(&graph, &calib, Calibration::MinMax, 2).unwrap();
    let qp = plan(&q, Algorithm::Greedy).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let xi: Vec<i32> = (0..dims.iter().product::<usize>()).map(|_| rng.gen_range(-128..128)).collect();
    let want = interpret_int(&q, &[IntTensor::from_vec(&dims, DType::I8, xi.clone()).unwrap()]).unwrap().remove(0);
    let host = HostModel::new(&q, &qp).unwrap().run_int(&xi.iter().map(|&v| v as i8).collect::<Vec<_>>()).unwrap();
    assert_eq!(host.into_iter().map(i32::from).collect::<Vec<_>>(), want.data, "int8 host: {what}");
    let opts = RunOptions { target: Target::Rv32imc, timeout: Duration::from_secs(300), ..Default::default() };
    assert_eq!(run_int_on_spike(&q, &qp, &xi, 1, &opts).unwrap().int_outputs, want.data, "int8 spike: {what}");
}

#[test]
fn models_built_for_other_tasks_agree_everywhere() {
    for (k, (input, classes)) in TASKS.into_iter().enumerate() {
        let task = Task::new(input, classes).unwrap();
        check(&Genome::Resnet8, &task, 10 + k as u64);
        let mut rng = ChaCha8Rng::seed_from_u64(50 + k as u64);
        for (i, space) in Space::ALL.into_iter().enumerate() {
            let (g, c) = space.sample_valid_for(&task, &mut rng, 100_000).unwrap();
            assert!(c.params <= 100_000);
            check(&g, &task, 100 * k as u64 + i as u64);
        }
    }
}

#[test]
fn the_budget_is_counted_for_the_task_and_bad_tasks_are_refused() {
    // The classifier grows with the classes: ResNet-8's 64 x classes + classes weights.
    let params = |classes| Genome::Resnet8.counts_for(&Task::new([3, 32, 32], classes).unwrap()).unwrap().params;
    assert_eq!(params(20) - params(10), 65 * 10);
    assert_eq!(Genome::Resnet8.counts().unwrap(), Genome::Resnet8.counts_for(&Task::CIFAR10).unwrap());
    for (input, classes) in
        [([0, 32, 32], 10), ([5, 32, 32], 10), ([3, 4, 32], 10), ([3, 32, 32], 1), ([3, 32, 32], 65_536)]
    {
        let e = Task::new(input, classes).unwrap_err().to_string();
        assert!(e.contains("channels must be 1 to 4, sides 8 to 1024 pixels, classes 2 to 65535"), "{e}");
    }
}
