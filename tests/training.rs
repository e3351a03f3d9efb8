//! Training: after a few real training steps on the bundled CIFAR-10 sample, each backend's
//! eval-mode logits, the interpreter on the exported IR and the Spike program agree (resnet8 and
//! four seeded random genomes of conv_vit and resnet, two of conv_vit_lin, for flex and, in a
//! `--features torch` build, for torch);
//! bad data is reported with the file's name.

use hynas::data;
use hynas_ir::{interpret, Tensor};
use hynas_passes::{optimize, Options};
use hynas_runtime::{run_many_on_spike, RunOptions};
use hynas_searcher::{Genome, Space};
use hynas_train::{train_keep, Backend, TrainConfig};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cifar10-sample")
}

fn consistent(g: &Genome, cifar: &data::Cifar, seed: u64, backend: Backend) {
    let mut graph = g.lower(seed).unwrap();
    let before = hynas_ir::weights::constants(&graph);
    let cfg = TrainConfig {
        batch: 16,
        train_subset: Some(64),
        max_steps: Some(4),
        epochs: 1,
        seed,
        backend,
        threads: Some(2),
        ..Default::default()
    };
    let (report, trained) = train_keep(&mut graph, cifar, &cfg).unwrap();
    assert!(report.epochs[0].train_loss.is_finite());
    assert_eq!(report.images_stepped, 64, "4 steps of 16");
    assert!(report.step_seconds > 0.0);
    assert_ne!(before, hynas_ir::weights::constants(&graph), "training changed nothing");
    let n = 2;
    let x: Vec<f32> = (0..n).flat_map(|i| cifar.test.normalized(i)).collect();
    let burn = trained.logits(&x, n).unwrap();
    let (opt, plan) = optimize(&graph, Options::default()).unwrap();
    let prof = run_many_on_spike(&opt, &plan, &x, n, &RunOptions::default()).unwrap();
    for i in 0..n {
        let xi = Tensor::from_vec(&[1, 3, 32, 32], x[i * 3072..(i + 1) * 3072].to_vec()).unwrap();
        let r = interpret(&graph, &[xi]).unwrap().remove(0);
        let b = Tensor::from_vec(&[1, 10], burn[i * 10..(i + 1) * 10].to_vec()).unwrap();
        let s = Tensor::from_vec(&[1, 10], prof.outputs[i * 10..(i + 1) * 10].to_vec()).unwrap();
        let what = g.to_json().to_string();
        assert!(b.rel_error(&r) < 1e-4, "{backend} vs interpreter {} for {what}", b.rel_error(&r));
        assert!(s.rel_error(&r) < 1e-4, "spike vs interpreter {} for {what}", s.rel_error(&r));
    }
}

fn backend_interpreter_and_spike_agree(backend: Backend) {
    let cifar = data::load(&sample(), 0).unwrap();
    assert_eq!((cifar.train.len(), cifar.val.len(), cifar.test.len()), (900, 100, 200));
    consistent(&Genome::Resnet8, &cifar, 1, backend);
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    for (i, space) in [Space::ConvVit, Space::Resnet].repeat(4).into_iter().chain([Space::ConvVitLin; 2]).enumerate() {
        let (g, _) = space.sample_valid(&mut rng, 100_000).unwrap();
        consistent(&g, &cifar, 10 + i as u64, backend);
    }
}

#[test]
fn flex_interpreter_and_spike_agree_after_training() {
    backend_interpreter_and_spike_agree(Backend::Flex);
}

#[cfg(feature = "torch")]
#[test]
fn torch_interpreter_and_spike_agree_after_training() {
    hynas_train_torch::enable();
    backend_interpreter_and_spike_agree(Backend::Torch);
}

/// Writes CIFAR-10 binary batches from a data set (1 label byte + 3072 bytes, R/G/B planes).
fn write_binary(path: &Path, ds: &data::Dataset) {
    let mut b = Vec::new();
    for i in 0..ds.len() {
        b.push(u8::try_from(ds.labels[i]).unwrap());
        b.extend_from_slice(ds.image(i));
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn binary_batches_and_image_folders_load_the_same_images() {
    let folders = data::load(&sample(), 3).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Rebuild the whole training set (train + val) in the binary format, in two batches.
    let mut all = folders.train.clone();
    all.images.extend_from_slice(&folders.val.images);
    all.labels.extend_from_slice(&folders.val.labels);
    write_binary(&dir.path().join("data_batch_1.bin"), &all);
    write_binary(&dir.path().join("test_batch.bin"), &folders.test);
    let bin = data::load(dir.path(), 3).unwrap();
    assert_eq!(bin.format, "cifar10-binary");
    assert_eq!(bin.test.images, folders.test.images);
    assert_eq!(bin.test.labels, folders.test.labels);
    assert_eq!(bin.train.len() + bin.val.len(), 1000);
}

fn expect_data_error(dir: &Path, needle: &str) {
    let e = data::load(dir, 0).unwrap_err().to_string();
    assert!(e.contains(needle), "`{e}` does not name `{needle}`");
}

#[test]
fn bad_data_is_reported_with_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    expect_data_error(&root.join("missing"), "missing: no such folder");
    expect_data_error(root, "no CIFAR-10 here");
    // Image folders: copy two classes of the sample, then damage them.
    let mk = |name: &str| {
        let d = root.join(name);
        for split in ["train", "test"] {
            for class in ["cat", "dog"] {
                let to = d.join(split).join(class);
                std::fs::create_dir_all(&to).unwrap();
                for f in std::fs::read_dir(sample().join(split).join(class)).unwrap().take(3) {
                    let f = f.unwrap().path();
                    std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
                }
            }
        }
        d
    };
    let corrupt = mk("corrupt");
    let bad = corrupt.join("train/cat/broken.jpg");
    std::fs::write(&bad, b"\xff\xd8\xff\xe0 not really a jpeg").unwrap();
    expect_data_error(&corrupt, "broken.jpg: cannot decode image");
    // Mixed image sizes: the file, its size and the data set's.
    let big = mk("big");
    image::RgbImage::new(64, 48).save(big.join("test/dog/large.png")).unwrap();
    expect_data_error(&big, "large.png: image is 64x48, the data set's images are 32x32");
    let first = mk("first");
    image::RgbImage::new(64, 48).save(first.join("test/cat/0.png")).unwrap();
    expect_data_error(&first, "0.png: image is 64x48, the training images are 32x32");
    // An empty class folder, a class in one split only, a single class.
    let empty = mk("empty");
    std::fs::create_dir_all(empty.join("train/spaceship")).unwrap();
    expect_data_error(&empty, "spaceship: class \"spaceship\" has no images");
    let one_split = mk("one_split");
    std::fs::create_dir_all(one_split.join("train/spaceship")).unwrap();
    image::RgbImage::new(32, 32).save(one_split.join("train/spaceship/a.png")).unwrap();
    expect_data_error(&one_split, "test: class \"spaceship\" is missing here");
    let single = mk("single");
    std::fs::remove_dir_all(single.join("train/dog")).unwrap();
    expect_data_error(&single, "one class folder only (\"cat\")");
    // An image without pixels (a PNG whose header says 0 x 0): named.
    let zero = mk("zero");
    let png = zero.join("train/cat/0-zero.png");
    image::RgbImage::new(32, 32).save(&png).unwrap();
    let mut bytes = std::fs::read(&png).unwrap();
    bytes[16..24].copy_from_slice(&[0; 8]);
    std::fs::write(&png, &bytes).unwrap();
    expect_data_error(&zero, "0-zero.png:");
    // Any class names and count (the folders', sorted): 11 classes load; the models of the
    // spaces (10 outputs) refuse them by name.
    let many = root.join("many");
    for split in ["train", "test"] {
        for c in 0..11 {
            let d = many.join(split).join(format!("kind{c:02}"));
            std::fs::create_dir_all(&d).unwrap();
            image::RgbImage::new(32, 32).save(d.join("a.png")).unwrap();
        }
    }
    let m = data::load(&many, 0).unwrap();
    assert_eq!(m.test.classes.len(), 11);
    assert_eq!((m.test.classes[0].as_str(), m.test.classes[10].as_str()), ("kind00", "kind10"));
    assert_eq!(m.test.labels, (0..11).collect::<Vec<u16>>());
    let e = m.test.check_fits([3, 32, 32], 10).unwrap_err().to_string();
    assert!(e.contains("3x32x32 with 11 classes") && e.contains("at most 10 classes"), "{e}");
    // More than 65,535 classes: refused before any image is read.
    let huge = root.join("huge");
    for c in 0..65_536 {
        std::fs::create_dir_all(huge.join("train").join(format!("{c:05}"))).unwrap();
    }
    std::fs::create_dir_all(huge.join("test")).unwrap();
    expect_data_error(&huge, "65536 class folders; at most 65535 classes");
    // A FIFO where a batch file should be: an error, not a read that blocks forever.
    let fifo = root.join("fifo");
    std::fs::create_dir_all(&fifo).unwrap();
    std::fs::write(fifo.join("data_batch_1.bin"), vec![1u8; 3073]).unwrap();
    let made = std::process::Command::new("mkfifo").arg(fifo.join("test_batch.bin")).status();
    if made.is_ok_and(|s| s.success()) {
        expect_data_error(&fifo, "test_batch.bin: not a regular file");
        // ... and among the images of a class folder (issue 27, item 8).
        let piped = mk("piped");
        assert!(std::process::Command::new("mkfifo").arg(piped.join("test/dog/zz.png")).status().unwrap().success());
        expect_data_error(&piped, "zz.png: not a regular file");
    } else {
        eprintln!("SKIPPED: the FIFO case (mkfifo unavailable)");
    }
    // Binary batches: a truncated record.
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("data_batch_1.bin"), vec![1u8; 3073 * 2]).unwrap();
    std::fs::write(bin.join("test_batch.bin"), vec![1u8; 3073 + 100]).unwrap();
    expect_data_error(&bin, "test_batch.bin: 3173 bytes is not a whole number of 3073-byte records");
    std::fs::write(bin.join("test_batch.bin"), [vec![12u8], vec![0u8; 3072]].concat()).unwrap();
    expect_data_error(&bin, "test_batch.bin: label 12 out of range");
}

/// Evaluation reads the test split alone and calibration the head of the training split: the
/// same images, labels and order as the whole load gives (binary batches are read whole anyway).
#[test]
fn partial_loads_give_what_the_whole_load_gives() {
    let dir = sample();
    let whole = data::load(&dir, 0).unwrap();
    let test = data::load_test(&dir).unwrap();
    assert_eq!((test.images.len(), &test.labels), (whole.test.images.len(), &whole.test.labels));
    assert!(test.images == whole.test.images);
    for (seed, n) in [(0, 16), (7, 5), (0, 1_000_000)] {
        let whole = data::load(&dir, seed).unwrap();
        let head = data::load_train_head(&dir, seed, n).unwrap();
        let k = n.min(whole.train.len());
        assert_eq!(head.len(), k);
        assert_eq!(head.labels[..], whole.train.labels[..k]);
        assert!(head.images[..] == whole.train.images[..k * 3072]);
    }
}
