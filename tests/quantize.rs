//! Post-training int8 quantisation of trained models (ResNet-8 of docs/runs/train-resnet8-30 and
//! the conv_vit best of docs/runs/search2-conv_vit) on the bundled CIFAR-10 sample: calibrated on
//! training images, the integer interpreter's predictions on the 200 test images agree with the
//! f32 interpreter's, for every calibration method.

use hynas_ir::{interpret, interpret_int, weights, DType, Graph, IntTensor, Tensor};
use hynas_passes::quantize::{quantize, Calibration};
use hynas_passes::{run_pipeline, Options};
use hynas_searcher::{Genome, INPUT};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The trained model of `dir` (genome.json + weights.safetensors) as the f32 graph quantisation
/// starts from: lowered, weights loaded, the pipeline without `fuse_ops`.
fn trained(dir: &str) -> Graph {
    let d = root().join(dir);
    let g = Genome::load(d.join("genome.json").to_str().unwrap()).unwrap();
    let mut graph = g.lower(0).unwrap();
    weights::load_safetensors(&mut graph, &std::fs::read(d.join("weights.safetensors")).unwrap()).unwrap();
    run_pipeline(&mut graph, Options { verify: true, dump_after: None, disable: &["fuse_ops"] }).unwrap();
    graph
}

fn argmax(v: &[f32]) -> usize {
    v.iter().enumerate().fold((0, f32::NEG_INFINITY), |b, (i, &x)| if x > b.1 { (i, x) } else { b }).0
}

fn predict_int(q: &Graph, x: &Tensor) -> usize {
    let qi = q.node(q.inputs()[0]).quant.clone().unwrap();
    let xi = IntTensor::from_vec(x.dims(), DType::I8, x.data.iter().map(|&v| qi.quantize(v, 0, DType::I8)).collect())
        .unwrap();
    let y = interpret_int(q, &[xi]).unwrap().remove(0);
    // Dequantisation is monotonic: the largest integer is the largest logit.
    y.data.iter().enumerate().fold((0, i32::MIN), |b, (i, &v)| if v > b.1 { (i, v) } else { b }).0
}

#[test]
fn int8_predictions_follow_f32_on_trained_models() {
    let cifar = hynas_train::data::load(&root().join("data/cifar10-sample"), 0).unwrap();
    let img = |d: &hynas_train::data::Dataset, i: usize| Tensor::from_vec(&INPUT, d.normalized(i)).unwrap();
    let calib: Vec<Tensor> = (0..64).map(|i| img(&cifar.train, i)).collect();
    let n = cifar.test.len();
    for dir in ["docs/runs/train-resnet8-30", "docs/runs/search2-conv_vit/best"] {
        let f = trained(dir);
        let float: Vec<usize> =
            (0..n).map(|i| argmax(&interpret(&f, &[img(&cifar.test, i)]).unwrap()[0].data)).collect();
        let acc = |p: &[usize]| p.iter().zip(&cifar.test.labels).filter(|(a, b)| **a == **b as usize).count();
        for cal in [Calibration::MinMax, Calibration::Percentile(99.99), Calibration::Mse] {
            let q = quantize(&f, &calib, cal).unwrap();
            let int: Vec<usize> = (0..n).map(|i| predict_int(&q, &img(&cifar.test, i))).collect();
            let agree = int.iter().zip(&float).filter(|(a, b)| a == b).count();
            eprintln!(
                "{dir} {cal}: f32 {}/{n} correct, int8 {}/{n}, same prediction {agree}/{n}",
                acc(&float),
                acc(&int)
            );
            assert!(agree * 100 >= n * 90, "{dir} {cal}: only {agree}/{n} predictions agree");
            assert!(acc(&int) + n * 3 / 100 >= acc(&float), "{dir} {cal}: int8 {} vs f32 {}", acc(&int), acc(&float));
        }
    }
}
