//! Image data: CIFAR-10's binary release (`data_batch_1..5.bin`, `test_batch.bin`: 1 label byte +
//! 3072 bytes of R, G, B planes) or image folders in torchvision's ImageFolder layout
//! (`train/<class>/*`, `test/<class>/*`; JPEG, PNG or BMP; the classes and their order are the
//! folder names, sorted, and both splits must have the same ones; every image of one size).
//! Images are decoded once and kept in memory as u8 CHW planes (three channels). A seeded split
//! keeps 10% of the training images for validation (45k/5k on the full CIFAR-10, HANNAH's
//! default); the test set stays separate.
//!
//! Everything wrong with a folder is an error naming the file or class before any training: an
//! empty class folder, a single class, a class in one split only, more than 65,535 classes, an
//! image that does not decode, has no pixels, or differs in size from the first.

use crate::{augment, TrainError};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

/// CIFAR-10's classes, in label order (the binary release's labels).
pub const CLASSES: [&str; 10] =
    ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
pub const MEAN: [f32; 3] = [0.4914, 0.4822, 0.4465];
pub const STD: [f32; 3] = [0.2470, 0.2435, 0.2616];
/// CIFAR-10's image shape (channels, height, width).
pub const CIFAR_SHAPE: [usize; 3] = [3, 32, 32];
/// The most classes a data set may have (labels are u16).
pub const MAX_CLASSES: usize = 65_535;

/// Images as u8 CHW planes of one shape, one label each (an index into the class names).
#[derive(Clone, Debug)]
pub struct Dataset {
    pub images: Vec<u8>,
    pub labels: Vec<u16>,
    /// Channels, height, width of every image.
    pub shape: [usize; 3],
    /// The class names, in label order.
    pub classes: Vec<String>,
}

impl Dataset {
    /// An empty data set of images of `shape` and the given classes.
    pub fn new(shape: [usize; 3], classes: Vec<String>) -> Self {
        Dataset { images: Vec::new(), labels: Vec::new(), shape, classes }
    }
    /// An empty data set shaped like CIFAR-10.
    pub fn cifar10() -> Self {
        Self::new(CIFAR_SHAPE, CLASSES.iter().map(|c| c.to_string()).collect())
    }
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// Values of one image (channels x height x width).
    pub fn image_len(&self) -> usize {
        self.shape.iter().product()
    }
    pub fn image(&self, i: usize) -> &[u8] {
        let n = self.image_len();
        &self.images[i * n..(i + 1) * n]
    }
    fn push(&mut self, img: &[u8], label: u16) {
        self.images.extend_from_slice(img);
        self.labels.push(label);
    }
    fn select(&self, idx: &[usize]) -> Dataset {
        let mut d = Dataset::new(self.shape, self.classes.clone());
        for &i in idx {
            d.push(self.image(i), self.labels[i]);
        }
        d
    }

    /// Images per class (indexed by label).
    pub fn class_counts(&self) -> Vec<usize> {
        let mut c = vec![0usize; self.classes.len()];
        for &l in &self.labels {
            if let Some(n) = c.get_mut(l as usize) {
                *n += 1;
            }
        }
        c
    }

    /// An error unless the images are `shape` and the classes at most `outputs` (what a model
    /// built for `shape` with `outputs` logits can learn).
    pub fn check_fits(&self, shape: [usize; 3], outputs: usize) -> Result<(), TrainError> {
        let [c, h, w] = self.shape;
        if self.shape != shape || self.classes.len() > outputs {
            return Err(TrainError::DataMismatch(format!(
                "the data set is {c}x{h}x{w} with {} classes; the model is built for {}x{}x{} inputs and at most {outputs} classes",
                self.classes.len(),
                shape[0],
                shape[1],
                shape[2]
            )));
        }
        Ok(())
    }

    /// A seeded, class-balanced subset of `n` images (all of them when `n` is at least the
    /// length): each class's images in a seeded order, taken one class after the other (classes
    /// by label) until `n`, so that every class has `n / classes` or one more while it has
    /// images. "The first `n`" of a folder-ordered set would be one class only (the JPEG test set
    /// starts with 1,000 airplanes).
    /// Returns the subset and the indices of its images in `self`.
    pub fn balanced_subset(&self, n: usize, seed: u64) -> (Dataset, Vec<usize>) {
        if n >= self.len() {
            return (self.clone(), (0..self.len()).collect());
        }
        let mut by_class: std::collections::BTreeMap<u16, Vec<usize>> = Default::default();
        for (i, &l) in self.labels.iter().enumerate() {
            by_class.entry(l).or_default().push(i);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut queues: Vec<std::collections::VecDeque<usize>> = by_class
            .into_values()
            .map(|mut v| {
                v.shuffle(&mut rng);
                v.into()
            })
            .collect();
        let mut idx = Vec::with_capacity(n);
        while idx.len() < n {
            for q in queues.iter_mut() {
                if idx.len() < n {
                    if let Some(i) = q.pop_front() {
                        idx.push(i);
                    }
                }
            }
        }
        (self.select(&idx), idx)
    }

    /// One normalised image (CIFAR-10 mean/std) as f32 CHW.
    pub fn normalized(&self, i: usize) -> Vec<f32> {
        let img = self.image(i);
        let plane = self.shape[1] * self.shape[2];
        img.iter().enumerate().map(|(j, &v)| (v as f32 / 255.0 - MEAN[j / plane]) / STD[j / plane]).collect()
    }

    /// A batch as normalised f32 [B, C, H, W] and labels, augmented per `aug` (each image's
    /// parameters from (seed, epoch, its index in this data set): [`crate::augment`]).
    pub fn batch(&self, idx: &[usize], aug: Option<Aug>) -> (Vec<f32>, Vec<i64>) {
        let [c, size, _] = self.shape;
        let mut out = Vec::with_capacity(idx.len() * self.image_len());
        for &i in idx {
            let params = match aug {
                Some(a) => a.policy.sample(&mut augment::image_rng(a.seed, a.epoch, i), size),
                None => augment::Params::default(),
            };
            params.apply(self.image(i), c, size, &MEAN, &STD, &mut out);
        }
        (out, idx.iter().map(|&i| self.labels[i] as i64).collect())
    }
}

/// How a batch is augmented: the policy and the (seed, epoch) its images' parameters come from.
#[derive(Clone, Copy, Debug)]
pub struct Aug {
    pub policy: augment::Policy,
    pub seed: u64,
    pub epoch: usize,
}

/// Train / validation / test splits.
#[derive(Clone, Debug)]
pub struct Cifar {
    pub train: Dataset,
    pub val: Dataset,
    pub test: Dataset,
    pub format: &'static str,
}

impl Cifar {
    /// One line for the log: the format, the image shape, and the images of each split, in total
    /// and per class.
    pub fn summary(&self) -> String {
        let split = |name: &str, d: &Dataset| {
            let per: Vec<String> = d.class_counts().iter().map(|n| n.to_string()).collect();
            format!("{name} {} ({})", d.len(), per.join("/"))
        };
        let [c, h, w] = self.test.shape;
        format!(
            "data: {}, {c}x{h}x{w}, {} classes ({}); {}, {}, {} images (per class)",
            self.format,
            self.test.classes.len(),
            self.test.classes.join(", "),
            split("train", &self.train),
            split("validation", &self.val),
            split("test", &self.test)
        )
    }

    /// A warning when the training split's classes are strongly imbalanced: a class without
    /// images, or the largest class more than twice the smallest.
    pub fn imbalance(&self) -> Option<String> {
        let c = self.train.class_counts();
        let (min, max) = (c.iter().copied().min().unwrap_or(0), c.iter().copied().max().unwrap_or(0));
        let name = |n: usize| c.iter().position(|&x| x == n).map_or("?", |i| self.train.classes[i].as_str());
        if max == 0 {
            return None;
        }
        if min == 0 {
            return Some(format!("the training split has no {} images", name(0)));
        }
        (max > 2 * min).then(|| {
            format!(
                "the training split's classes are imbalanced: {} {} images, {} {} ({:.1}x); accuracy favours the larger classes",
                name(max),
                max,
                name(min),
                min,
                max as f64 / min as f64
            )
        })
    }
}

fn err(path: &Path, msg: impl Into<String>) -> TrainError {
    TrainError::Data { path: path.display().to_string(), msg: msg.into() }
}

fn read_binary(path: &Path, into: &mut Dataset) -> Result<(), TrainError> {
    // Only regular files: a FIFO or device would block the read forever.
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(err(path, "not a regular file")),
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| err(path, e.to_string()))?;
    let image = into.image_len();
    if bytes.is_empty() || bytes.len() % (image + 1) != 0 {
        return Err(err(
            path,
            format!("{} bytes is not a whole number of {}-byte records (truncated?)", bytes.len(), image + 1),
        ));
    }
    for rec in bytes.chunks_exact(image + 1) {
        if rec[0] as usize >= into.classes.len() {
            return Err(err(path, format!("label {} out of range 0..={}", rec[0], into.classes.len() - 1)));
        }
        into.push(&rec[1..], rec[0] as u16);
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, TrainError> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

/// The class folders of an image-folder split, sorted by name (torchvision's order: a class's
/// label is its index), with their names.
fn classes(dir: &Path) -> Result<Vec<(PathBuf, String)>, TrainError> {
    let dirs: Vec<PathBuf> = sorted_entries(dir)?.into_iter().filter(|p| p.is_dir()).collect();
    let named: Vec<(PathBuf, String)> = dirs
        .into_iter()
        .map(|d| {
            let n = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (d, n)
        })
        .collect();
    match named.len() {
        0 => Err(err(dir, "no class folders")),
        1 => Err(err(
            dir,
            format!("one class folder only (\"{}\"): a classifier needs at least two classes", named[0].1),
        )),
        n if n > MAX_CLASSES => Err(err(dir, format!("{n} class folders; at most {MAX_CLASSES} classes"))),
        _ => Ok(named),
    }
}

/// The size of the image at `path` (read from its header, not decoded).
fn image_size(path: &Path) -> Result<(u32, u32), TrainError> {
    image::image_dimensions(path).map_err(|e| err(path, format!("cannot read image: {e}")))
}

/// Decodes the image at `path` as `shape` (three channels), u8 CHW.
fn decode(path: &Path, shape: [usize; 3]) -> Result<Vec<u8>, TrainError> {
    let img = image::open(path).map_err(|e| err(path, format!("cannot decode image: {e}")))?;
    let [_, h, w] = shape;
    if (img.width() as usize, img.height() as usize) != (w, h) {
        return Err(err(path, format!("image is {}x{}, the data set's images are {w}x{h}", img.width(), img.height())));
    }
    let rgb = img.to_rgb8();
    let plane = w * h;
    let mut chw = vec![0u8; 3 * plane];
    for (i, p) in rgb.pixels().enumerate() {
        for c in 0..3 {
            chw[c * plane + i] = p.0[c];
        }
    }
    Ok(chw)
}

/// An image-folder split: its images in load order (class folders sorted, files sorted) with
/// their labels, nothing decoded; the class names; the image shape (of the first image, every
/// other checked against it when decoded).
struct Listing {
    files: Vec<(PathBuf, u16)>,
    classes: Vec<String>,
    shape: [usize; 3],
}

/// Lists an image-folder split (see [`Listing`]).
fn list_folders(dir: &Path) -> Result<Listing, TrainError> {
    let mut files = Vec::new();
    let found = classes(dir)?;
    for (label, (cdir, name)) in found.iter().enumerate() {
        let before = files.len();
        for f in sorted_entries(cdir)? {
            // Sub-folders are skipped; a FIFO, socket or device would block or never end.
            match std::fs::metadata(&f) {
                Ok(m) if m.is_file() => files.push((f, label as u16)),
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(err(&f, "not a regular file (a pipe, socket or device)")),
                Err(e) => return Err(err(&f, e.to_string())),
            }
        }
        if files.len() == before {
            return Err(err(cdir, format!("class \"{name}\" has no images")));
        }
    }
    let (w, h) = image_size(&files[0].0)?;
    if w == 0 || h == 0 {
        return Err(err(&files[0].0, format!("image is {w}x{h}: no pixels")));
    }
    let classes = found.into_iter().map(|(_, n)| n).collect();
    Ok(Listing { files, classes, shape: [3, h as usize, w as usize] })
}

/// Decodes `files` on two threads (this machine's cores), order kept, into a data set of
/// `shape` and `classes`.
fn decode_files(files: &[(PathBuf, u16)], shape: [usize; 3], classes: Vec<String>) -> Result<Dataset, TrainError> {
    let half = files.len().div_ceil(2);
    let decoded: Vec<Result<Vec<u8>, TrainError>> = std::thread::scope(|s| {
        let parts: Vec<_> = files
            .chunks(half.max(1))
            .map(|ch| s.spawn(move || ch.iter().map(|(f, _)| decode(f, shape)).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut d = Dataset::new(shape, classes);
    for ((_, label), img) in files.iter().zip(decoded) {
        d.push(&img?, *label);
    }
    Ok(d)
}

/// Both splits of image folders under `dir`, listed and checked against each other (the same
/// classes, images of one size) before anything is decoded.
fn list_splits(dir: &Path) -> Result<(Listing, Listing), TrainError> {
    let (train, test) = (list_folders(&dir.join("train"))?, list_folders(&dir.join("test"))?);
    for (a, b, split) in [(&train, &test, "test"), (&test, &train, "train")] {
        if let Some(c) = a.classes.iter().find(|c| !b.classes.contains(c)) {
            return Err(err(&dir.join(split), format!("class \"{c}\" is missing here (the other split has it)")));
        }
    }
    if train.shape != test.shape {
        let ([_, h, w], [_, th, tw]) = (train.shape, test.shape);
        return Err(err(&test.files[0].0, format!("image is {tw}x{th}, the training images are {w}x{h}")));
    }
    Ok((train, test))
}

/// Where the binary release is in `dir`, if it is one.
fn binary_dir(dir: &Path) -> Option<PathBuf> {
    [dir.to_path_buf(), dir.join("cifar-10-batches-bin")].into_iter().find(|d| d.join("test_batch.bin").exists())
}

/// Whether `dir` holds `train/` and `test/` image folders.
fn image_folders(dir: &Path) -> bool {
    dir.join("train").is_dir() && dir.join("test").is_dir()
}

/// The seeded order [`load`] splits `len` training images in: the first `n_val` of `order` are
/// the validation split, the rest the training split.
fn split_order(len: usize, seed: u64) -> (Vec<usize>, usize) {
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    (order, len / 10)
}

/// The test split of `dir` alone, as [`load`] gives it, without reading the training images
/// (what evaluation needs).
pub fn load_test(dir: &Path) -> Result<Dataset, TrainError> {
    if !dir.is_dir() {
        return Err(err(dir, "no such folder"));
    }
    if let Some(b) = binary_dir(dir) {
        let mut test = Dataset::cifar10();
        read_binary(&b.join("test_batch.bin"), &mut test)?;
        return Ok(test);
    }
    if image_folders(dir) {
        let (_, test) = list_splits(dir)?;
        return decode_files(&test.files, test.shape, test.classes);
    }
    load(dir, 0).map(|c| c.test)
}

/// The first `n` images of the training split [`load`]`(dir, seed)` makes, decoding only those
/// from image folders (calibration needs a few hundred of 45,000).
pub fn load_train_head(dir: &Path, seed: u64, n: usize) -> Result<Dataset, TrainError> {
    if !dir.is_dir() {
        return Err(err(dir, "no such folder"));
    }
    if binary_dir(dir).is_some() || !image_folders(dir) {
        let train = load(dir, seed)?.train;
        let k = n.min(train.len());
        return Ok(train.select(&(0..k).collect::<Vec<_>>()));
    }
    let (train, _) = list_splits(dir)?;
    let (order, n_val) = split_order(train.files.len(), seed);
    let head: Vec<(PathBuf, u16)> = order[n_val..].iter().take(n).map(|&i| train.files[i].clone()).collect();
    decode_files(&head, train.shape, train.classes)
}

/// The size of the training split [`load`] makes of `dir`, counted without decoding anything
/// (file sizes of binary batches, files in image folders): for checking options before work.
pub fn train_split_len(dir: &Path) -> Result<usize, TrainError> {
    if !dir.is_dir() {
        return Err(err(dir, "no such folder"));
    }
    let all = if let Some(b) = binary_dir(dir) {
        (1..=5)
            .filter_map(|i| std::fs::metadata(b.join(format!("data_batch_{i}.bin"))).ok())
            .map(|m| m.len() as usize / (CIFAR_SHAPE.iter().product::<usize>() + 1))
            .sum()
    } else if dir.join("train").is_dir() {
        list_folders(&dir.join("train"))?.files.len()
    } else {
        return Err(err(
            dir,
            "no CIFAR-10 here: expected data_batch_*.bin + test_batch.bin, or train/ and test/ image folders",
        ));
    };
    Ok(all - all / 10)
}

/// Loads CIFAR-10 from `dir` (binary batches or image folders, detected) and splits it.
pub fn load(dir: &Path, seed: u64) -> Result<Cifar, TrainError> {
    if !dir.is_dir() {
        return Err(err(dir, "no such folder"));
    }
    let (all, test, format) = if let Some(b) = binary_dir(dir) {
        let mut train = Dataset::cifar10();
        for i in 1..=5 {
            let p = b.join(format!("data_batch_{i}.bin"));
            if p.exists() {
                read_binary(&p, &mut train)?;
            }
        }
        if train.is_empty() {
            return Err(err(&b, "test_batch.bin found but no data_batch_*.bin"));
        }
        let mut test = Dataset::cifar10();
        read_binary(&b.join("test_batch.bin"), &mut test)?;
        (train, test, "cifar10-binary")
    } else if image_folders(dir) {
        let (train, test) = list_splits(dir)?;
        let (tr, te) = (
            decode_files(&train.files, train.shape, train.classes)?,
            decode_files(&test.files, test.shape, test.classes)?,
        );
        (tr, te, "image-folders")
    } else {
        return Err(err(
            dir,
            "no CIFAR-10 here: expected data_batch_*.bin + test_batch.bin, or train/ and test/ image folders",
        ));
    };
    let (order, n_val) = split_order(all.len(), seed);
    Ok(Cifar { val: all.select(&order[..n_val]), train: all.select(&order[n_val..]), test, format })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labelled(counts: &[usize]) -> Dataset {
        let mut d = Dataset::cifar10();
        d.classes.truncate(counts.len());
        for (label, &n) in counts.iter().enumerate() {
            for k in 0..n {
                d.push(&vec![k as u8; d.image_len()], label as u16);
            }
        }
        d
    }

    #[test]
    fn the_summary_counts_each_class_and_imbalance_is_warned() {
        let cifar = |train: &[usize]| Cifar {
            train: labelled(train),
            val: labelled(&[1; 10]),
            test: labelled(&[2; 10]),
            format: "image-folders",
        };
        let c = cifar(&[5, 5, 5, 5, 5, 5, 5, 5, 5, 6]);
        let s = c.summary();
        assert!(s.contains("train 51 (5/5/5/5/5/5/5/5/5/6)") && s.contains("test 20 (2/2/"), "{s}");
        assert_eq!(c.imbalance(), None);
        let w = cifar(&[5, 5, 11, 5, 5, 5, 5, 5, 5, 5]).imbalance().unwrap();
        assert!(w.contains("bird 11 images, airplane 5 (2.2x)"), "{w}");
        let w = cifar(&[5, 5, 5, 0, 5, 5, 5, 5, 5, 5]).imbalance().unwrap();
        assert!(w.contains("no cat images"), "{w}");
    }

    #[test]
    fn balanced_subsets_take_every_class_in_turn_and_are_seeded() {
        // Folder order: 50 of class 0 first; the first 12 would all be class 0.
        let d = labelled(&[50, 30, 5]);
        let count = |s: &Dataset, c: u16| s.labels.iter().filter(|&&l| l == c).count();
        let (s, idx) = d.balanced_subset(12, 0);
        assert_eq!((count(&s, 0), count(&s, 1), count(&s, 2)), (4, 4, 4));
        assert_eq!(idx.len(), 12);
        for (k, &i) in idx.iter().enumerate() {
            assert_eq!((s.labels[k], s.image(k)), (d.labels[i], d.image(i)), "subset image {k} is not image {i}");
        }
        // A class that runs out leaves its share to the others.
        let (s, _) = d.balanced_subset(20, 0);
        assert_eq!((count(&s, 0), count(&s, 1), count(&s, 2)), (8, 7, 5));
        // The same seed, the same images; another seed, others; all of them when n >= len.
        assert_eq!(d.balanced_subset(12, 0).1, idx);
        assert_ne!(d.balanced_subset(12, 1).1, idx);
        assert_eq!(d.balanced_subset(1000, 0).1, (0..85).collect::<Vec<_>>());
    }
}
