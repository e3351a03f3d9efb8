//! CIFAR-10 data: the binary release (`data_batch_1..5.bin`, `test_batch.bin`: 1 label byte +
//! 3072 bytes of R, G, B planes) or image folders (`train/<class>/*`, `test/<class>/*`, JPEG or
//! PNG, 32x32). Images are decoded once and kept in memory as u8 CHW planes. A seeded split
//! keeps 10% of the training images for validation (45k/5k on the full set, HANNAH's default);
//! the test set stays separate.

use crate::{augment, TrainError};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

pub const CLASSES: [&str; 10] =
    ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
pub const MEAN: [f32; 3] = [0.4914, 0.4822, 0.4465];
pub const STD: [f32; 3] = [0.2470, 0.2435, 0.2616];
const PIXELS: usize = 32 * 32;
const IMAGE: usize = 3 * PIXELS;

/// Images as u8 CHW planes, one label each.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub images: Vec<u8>,
    pub labels: Vec<u8>,
}

impl Dataset {
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    pub fn image(&self, i: usize) -> &[u8] {
        &self.images[i * IMAGE..(i + 1) * IMAGE]
    }
    fn push(&mut self, img: &[u8], label: u8) {
        self.images.extend_from_slice(img);
        self.labels.push(label);
    }
    fn select(&self, idx: &[usize]) -> Dataset {
        let mut d = Dataset::default();
        for &i in idx {
            d.push(self.image(i), self.labels[i]);
        }
        d
    }

    /// Images per class (indexed by label, [`CLASSES`] order).
    pub fn class_counts(&self) -> [usize; 10] {
        let mut c = [0usize; 10];
        for &l in &self.labels {
            if let Some(n) = c.get_mut(l as usize) {
                *n += 1;
            }
        }
        c
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
        let mut by_class: std::collections::BTreeMap<u8, Vec<usize>> = Default::default();
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
        (0..IMAGE).map(|j| (img[j] as f32 / 255.0 - MEAN[j / PIXELS]) / STD[j / PIXELS]).collect()
    }

    /// A batch as normalised f32 [B, 3, 32, 32] and labels, augmented per `aug` (each image's
    /// parameters from (seed, epoch, its index in this data set): [`crate::augment`]).
    pub fn batch(&self, idx: &[usize], aug: Option<Aug>) -> (Vec<f32>, Vec<i64>) {
        let mut out = Vec::with_capacity(idx.len() * IMAGE);
        for &i in idx {
            let params = match aug {
                Some(a) => a.policy.sample(&mut augment::image_rng(a.seed, a.epoch, i), 32),
                None => augment::Params::default(),
            };
            params.apply(self.image(i), 3, 32, &MEAN, &STD, &mut out);
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
        format!(
            "data: {}, 3x32x32, {} classes ({}); {}, {}, {} images (per class)",
            self.format,
            CLASSES.len(),
            CLASSES.join(", "),
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
        let name = |n: usize| c.iter().position(|&x| x == n).map_or("?", |i| CLASSES[i]);
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
    if bytes.is_empty() || bytes.len() % (IMAGE + 1) != 0 {
        return Err(err(
            path,
            format!("{} bytes is not a whole number of 3073-byte records (truncated?)", bytes.len()),
        ));
    }
    for rec in bytes.chunks_exact(IMAGE + 1) {
        if rec[0] > 9 {
            return Err(err(path, format!("label {} out of range 0..=9", rec[0])));
        }
        into.push(&rec[1..], rec[0]);
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, TrainError> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).map_err(|e| err(dir, e.to_string()))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

/// Class folders of an image-folder split and their label numbers.
fn classes(dir: &Path) -> Result<Vec<(PathBuf, u8)>, TrainError> {
    let dirs: Vec<PathBuf> = sorted_entries(dir)?.into_iter().filter(|p| p.is_dir()).collect();
    if dirs.is_empty() {
        return Err(err(dir, "no class folders"));
    }
    let names: Vec<String> =
        dirs.iter().map(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()).collect();
    let known = names.iter().filter(|n| CLASSES.contains(&n.as_str())).count();
    if known == names.len() {
        return Ok(dirs
            .into_iter()
            .zip(&names)
            .map(|(d, n)| (d, CLASSES.iter().position(|c| c == n).unwrap_or(0) as u8))
            .collect());
    }
    if known > 0 {
        let bad = names.iter().zip(&dirs).find(|(n, _)| !CLASSES.contains(&n.as_str()));
        if let Some((n, d)) = bad {
            return Err(err(d, format!("unknown class folder \"{n}\"; CIFAR-10 classes are {}", CLASSES.join(", "))));
        }
    }
    if names.len() > CLASSES.len() {
        let shown: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
        return Err(err(
            dir,
            format!(
                "{} class folders ({}{}); the models have {} outputs, so at most {} classes",
                names.len(),
                shown.join(", "),
                if names.len() > shown.len() { ", ..." } else { "" },
                CLASSES.len(),
                CLASSES.len()
            ),
        ));
    }
    Ok(dirs.into_iter().enumerate().map(|(i, d)| (d, i as u8)).collect())
}

fn decode(path: &Path) -> Result<Vec<u8>, TrainError> {
    let img = image::open(path).map_err(|e| err(path, format!("cannot decode image: {e}")))?;
    if img.width() != 32 || img.height() != 32 {
        return Err(err(path, format!("image is {}x{}, expected 32x32", img.width(), img.height())));
    }
    let rgb = img.to_rgb8();
    let mut chw = vec![0u8; IMAGE];
    for (i, p) in rgb.pixels().enumerate() {
        for c in 0..3 {
            chw[c * PIXELS + i] = p.0[c];
        }
    }
    Ok(chw)
}

/// The images of an image-folder split, in load order (class folders sorted, files sorted),
/// with their labels; nothing decoded.
fn list_folders(dir: &Path) -> Result<Vec<(PathBuf, u8)>, TrainError> {
    let mut files = Vec::new();
    for (cdir, label) in classes(dir)? {
        for f in sorted_entries(&cdir)? {
            // Sub-folders are skipped; a FIFO, socket or device would block or never end.
            match std::fs::metadata(&f) {
                Ok(m) if m.is_file() => files.push((f, label)),
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(err(&f, "not a regular file (a pipe, socket or device)")),
                Err(e) => return Err(err(&f, e.to_string())),
            }
        }
    }
    if files.is_empty() {
        return Err(err(dir, "no images"));
    }
    Ok(files)
}

/// Decodes `files` on two threads (this machine's cores), order kept.
fn decode_files(files: &[(PathBuf, u8)]) -> Result<Dataset, TrainError> {
    let half = files.len().div_ceil(2);
    let decoded: Vec<Result<Vec<u8>, TrainError>> = std::thread::scope(|s| {
        let parts: Vec<_> = files
            .chunks(half.max(1))
            .map(|ch| s.spawn(move || ch.iter().map(|(f, _)| decode(f)).collect::<Vec<_>>()))
            .collect();
        parts.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let mut d = Dataset::default();
    for ((_, label), img) in files.iter().zip(decoded) {
        d.push(&img?, *label);
    }
    Ok(d)
}

fn read_folders(dir: &Path) -> Result<Dataset, TrainError> {
    decode_files(&list_folders(dir)?)
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
        let mut test = Dataset::default();
        read_binary(&b.join("test_batch.bin"), &mut test)?;
        return Ok(test);
    }
    if image_folders(dir) {
        return read_folders(&dir.join("test"));
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
    let files = list_folders(&dir.join("train"))?;
    let (order, n_val) = split_order(files.len(), seed);
    let head: Vec<(PathBuf, u8)> = order[n_val..].iter().take(n).map(|&i| files[i].clone()).collect();
    decode_files(&head)
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
            .map(|m| m.len() as usize / (IMAGE + 1))
            .sum()
    } else if dir.join("train").is_dir() {
        let mut n = 0;
        for (cdir, _) in classes(&dir.join("train"))? {
            n += sorted_entries(&cdir)?.iter().filter(|f| f.is_file()).count();
        }
        n
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
        let mut train = Dataset::default();
        for i in 1..=5 {
            let p = b.join(format!("data_batch_{i}.bin"));
            if p.exists() {
                read_binary(&p, &mut train)?;
            }
        }
        if train.is_empty() {
            return Err(err(&b, "test_batch.bin found but no data_batch_*.bin"));
        }
        let mut test = Dataset::default();
        read_binary(&b.join("test_batch.bin"), &mut test)?;
        (train, test, "cifar10-binary")
    } else if image_folders(dir) {
        (read_folders(&dir.join("train"))?, read_folders(&dir.join("test"))?, "image-folders")
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
        let mut d = Dataset::default();
        for (label, &n) in counts.iter().enumerate() {
            for k in 0..n {
                d.push(&vec![k as u8; IMAGE], label as u8);
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
        let count = |s: &Dataset, c: u8| s.labels.iter().filter(|&&l| l == c).count();
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
