//! Example data sets in the ImageFolder layout (`train/<class>/*.png`, `test/<class>/*.png`),
//! made on demand rather than committed: three derived from a CIFAR-10 copy (binary or image
//! folders, its training and test splits kept apart) and one synthetic, seeded set that needs
//! no input at all.
//!
//! - `vehicles-animals`: 2 classes at 32x32 (airplane, automobile, ship, truck -> `vehicle`; the
//!   other six -> `animal`).
//! - `gray`: the 10 classes at 32x32, one channel (ITU-R 601 luma, as PIL's `convert("L")`).
//! - `big64`: the first 5 classes (airplane, automobile, bird, cat, deer) upscaled to 64x64
//!   (bilinear).
//! - `synthetic`: 20 classes at 48x48, a shape (disc, square, triangle, cross, ring) times a
//!   texture (solid, horizontal stripes, vertical stripes, checkerboard), at a random place, size
//!   and colours over a noisy background: `per_class` training and `per_class / 4` test images
//!   per class, the same for the same seed.

use crate::data::{self, Dataset};
use crate::TrainError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;

/// Which example data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    VehiclesAnimals,
    Gray,
    Big64,
    Synthetic,
}

impl Example {
    pub const ALL: [Example; 4] = [Example::VehiclesAnimals, Example::Gray, Example::Big64, Example::Synthetic];

    pub fn name(self) -> &'static str {
        match self {
            Example::VehiclesAnimals => "vehicles-animals",
            Example::Gray => "gray",
            Example::Big64 => "big64",
            Example::Synthetic => "synthetic",
        }
    }

    /// Whether it is derived from a CIFAR-10 copy (`--data`).
    pub fn needs_cifar(self) -> bool {
        self != Example::Synthetic
    }
}

/// What was written: images per split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    pub train: usize,
    pub test: usize,
    /// The class names, in label order (sorted, as the loader orders the folders).
    pub classes: Vec<String>,
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> TrainError {
    TrainError::Data { path: path.display().to_string(), msg: e.to_string() }
}

/// Writes example `ex` into `out` (which must not exist yet): from the CIFAR-10 copy in `cifar`
/// for the derived sets, from `seed` and `per_class` for the synthetic one.
pub fn make(ex: Example, cifar: Option<&Path>, out: &Path, seed: u64, per_class: usize) -> Result<Made, TrainError> {
    if out.exists() {
        return Err(io_err(out, "exists already; give a new folder"));
    }
    let made = match (ex, cifar) {
        (Example::Synthetic, _) => {
            if per_class < 4 {
                return Err(io_err(
                    out,
                    format!("{per_class} images per class: at least 4 (a quarter of them for testing)"),
                ));
            }
            synthetic(out, seed, per_class)?
        }
        (_, None) => {
            return Err(io_err(out, format!("the {} example is made from a CIFAR-10 copy (--data)", ex.name())))
        }
        (_, Some(dir)) => derived(ex, dir, out)?,
    };
    Ok(made)
}

/// A derived set: every image of the CIFAR-10 copy mapped (class, pixels) or dropped.
fn derived(ex: Example, dir: &Path, out: &Path) -> Result<Made, TrainError> {
    let cifar = data::load(dir, 0)?;
    if cifar.test.classes.len() != 10 || cifar.test.shape != data::CIFAR_SHAPE {
        return Err(io_err(dir, "not CIFAR-10 (10 classes of 3x32x32 images)"));
    }
    let names: Vec<String> = match ex {
        Example::VehiclesAnimals => vec!["animal".into(), "vehicle".into()],
        Example::Big64 => data::CLASSES[..5].iter().map(|c| c.to_string()).collect(),
        _ => data::CLASSES.iter().map(|c| c.to_string()).collect(),
    };
    // The class an image of CIFAR-10 label `l` goes to, if any.
    let class_of = |l: u16| -> Option<usize> {
        match ex {
            Example::VehiclesAnimals => Some(usize::from([0, 1, 8, 9].contains(&l))),
            Example::Big64 => (l < 5).then_some(l as usize),
            _ => Some(l as usize),
        }
    };
    let mut counts = [0usize; 2];
    for (k, (split, sets)) in
        [("train", vec![&cifar.train, &cifar.val]), ("test", vec![&cifar.test])].into_iter().enumerate()
    {
        for c in &names {
            std::fs::create_dir_all(out.join(split).join(c)).map_err(|e| io_err(out, e))?;
        }
        for d in sets {
            for i in 0..d.len() {
                let Some(c) = class_of(d.labels[i]) else { continue };
                let path = out.join(split).join(&names[c]).join(format!("{:05}.png", counts[k]));
                save(ex, d, i, &path)?;
                counts[k] += 1;
            }
        }
    }
    Ok(Made { train: counts[0], test: counts[1], classes: names })
}

/// Image `i` of `d` (three channels, CHW) saved at `path` as example `ex` has it.
fn save(ex: Example, d: &Dataset, i: usize, path: &Path) -> Result<(), TrainError> {
    let (img, [_, h, w]) = (d.image(i), d.shape);
    let px = |x: usize, y: usize| -> [u8; 3] { std::array::from_fn(|c| img[(c * h + y) * w + x]) };
    let rgb = image::RgbImage::from_fn(w as u32, h as u32, |x, y| image::Rgb(px(x as usize, y as usize)));
    let r = match ex {
        Example::Gray => image::DynamicImage::ImageRgb8(rgb).to_luma8().save(path),
        Example::Big64 => image::imageops::resize(&rgb, 64, 64, image::imageops::FilterType::Triangle).save(path),
        _ => rgb.save(path),
    };
    r.map_err(|e| io_err(path, e))
}

/// The synthetic set (see the module's note).
fn synthetic(out: &Path, seed: u64, per_class: usize) -> Result<Made, TrainError> {
    const SHAPES: [&str; 5] = ["disc", "square", "triangle", "cross", "ring"];
    const TEXTURES: [&str; 4] = ["solid", "hstripes", "vstripes", "checker"];
    let names: Vec<String> = SHAPES.iter().flat_map(|s| TEXTURES.iter().map(move |t| format!("{s}-{t}"))).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut counts = [0usize; 2];
    for (k, (split, n)) in [("train", per_class), ("test", per_class / 4)].into_iter().enumerate() {
        for (c, name) in names.iter().enumerate() {
            let dir = out.join(split).join(name);
            std::fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
            for j in 0..n {
                let path = dir.join(format!("{j:04}.png"));
                draw(c / TEXTURES.len(), c % TEXTURES.len(), &mut rng).save(&path).map_err(|e| io_err(&path, e))?;
                counts[k] += 1;
            }
        }
    }
    let mut classes = names;
    classes.sort();
    Ok(Made { train: counts[0], test: counts[1], classes })
}

/// One 48x48 image of `shape` with `texture`.
fn draw(shape: usize, texture: usize, rng: &mut ChaCha8Rng) -> image::RgbImage {
    const S: f32 = 48.0;
    let r = rng.gen_range(8.0..16.0f32);
    let (cx, cy) = (rng.gen_range(r..S - r), rng.gen_range(r..S - r));
    let period = rng.gen_range(3..6u32);
    let mut colour = || -> [f32; 3] { std::array::from_fn(|_| rng.gen_range(0.0..255.0)) };
    let (bg, fg, fg2) = (colour(), colour(), colour());
    let noise: Vec<f32> = (0..48 * 48 * 3).map(|_| rng.gen_range(-20.0..20.0)).collect();
    image::RgbImage::from_fn(48, 48, |x, y| {
        let (dx, dy) = ((x as f32 + 0.5 - cx) / r, (y as f32 + 0.5 - cy) / r);
        let inside = match shape {
            0 => dx * dx + dy * dy <= 1.0,
            1 => dx.abs().max(dy.abs()) <= 0.8,
            2 => dy <= 0.8 && dy >= -1.0 + 2.0 * dx.abs(),
            3 => (dx.abs() <= 0.3 && dy.abs() <= 1.0) || (dy.abs() <= 0.3 && dx.abs() <= 1.0),
            _ => (0.55..=1.0).contains(&(dx * dx + dy * dy).sqrt()),
        };
        let second = match texture {
            0 => false,
            1 => (y / period) % 2 == 1,
            2 => (x / period) % 2 == 1,
            _ => (x / period + y / period) % 2 == 1,
        };
        let base = if !inside {
            bg
        } else if second {
            fg2
        } else {
            fg
        };
        let i = (y * 48 + x) as usize * 3;
        image::Rgb(std::array::from_fn(|c| (base[c] + noise[i + c]).clamp(0.0, 255.0) as u8))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_set_is_seeded_and_loads_with_its_classes_and_shape() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
        let made = make(Example::Synthetic, None, &a, 5, 8).unwrap();
        assert_eq!((made.train, made.test, made.classes.len()), (160, 40, 20));
        make(Example::Synthetic, None, &b, 5, 8).unwrap();
        make(Example::Synthetic, None, &c, 6, 8).unwrap();
        let read = |d: &Path| std::fs::read(d.join("train/ring-checker/0003.png")).unwrap();
        assert_eq!(read(&a), read(&b));
        assert_ne!(read(&a), read(&c));
        let set = data::load(&a, 0).unwrap();
        assert_eq!(set.test.shape, [3, 48, 48]);
        assert_eq!(set.test.classes.len(), 20);
        assert_eq!(set.test.classes[0], "cross-checker");
        assert_eq!(set.test.class_counts(), vec![2; 20]);
        assert_eq!(set.train.len() + set.val.len(), 160);
        // Not blank: the images vary.
        assert!(set.test.image(0) != set.test.image(1));
        // Refused: an existing folder, too few images, a derived set without CIFAR-10.
        assert!(make(Example::Synthetic, None, &a, 5, 8).unwrap_err().to_string().contains("exists already"));
        assert!(make(Example::Synthetic, None, &tmp.path().join("d"), 5, 3)
            .unwrap_err()
            .to_string()
            .contains("at least 4"));
        let e = make(Example::Gray, None, &tmp.path().join("e"), 0, 8).unwrap_err().to_string();
        assert!(e.contains("made from a CIFAR-10 copy"), "{e}");
    }
}
