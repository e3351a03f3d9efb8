//! Data augmentation with torchvision's semantics, seeded per (seed, epoch, image).
//!
//! A [`Policy`] names which transforms run: `none`, `crop-flip` (random crop 32 with padding 4 and
//! a horizontal flip, the SGD recipe's) or `hannah` (HANNAH's final-training augmentation,
//! `experiments/pub_samos25/augmentation/cifar_augment.yaml`): in this order
//! 1. RandomHorizontalFlip, p 0.5;
//! 2. RandomAffine(degrees 15, translate (0.1, 0.1), scale (0.9, 1.1), shear 5), applied with
//!    p 0.5: bilinear, zero fill (torchvision's tensor path: `_get_inverse_affine_matrix` about the
//!    image centre, `grid_sample(align_corners=False)`, the fill blended by a sampled mask);
//! 3. RandomCrop 32 with padding 4 (zero fill);
//! 4. RandomErasing p 0.5 (area 0.02-0.33 of the image, aspect 0.3-3.3 drawn log-uniformly, up to
//!    10 tries, value 0).
//!
//! Steps 1-3 work on pixels in [0, 1] (a zero is black), as torchvision's transforms before
//! `ToTensor`/`Normalize`; erasing runs after normalisation, as it does in torchvision pipelines, so
//! an erased patch holds the data set's mean colour.
//!
//! Sampling ([`Policy::sample`]) is separate from applying ([`Params::apply`]): tests compare the
//! application with reference formulas (and torchvision) on fixed parameters, and the parameters
//! of an image depend only on (seed, epoch, image index) ([`image_rng`]), so a parallel loader and
//! a resumed training see the same augmented images.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Which augmentation a training applies. In records: `false` (none), `true` (crop-flip, the
/// meaning of the older boolean) or the policy's name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Spelling", into = "Spelling")]
pub enum Policy {
    #[default]
    None,
    /// Random crop with padding 4 and a horizontal flip.
    CropFlip,
    /// HANNAH's final-training augmentation (module docs).
    Hannah,
}

impl Policy {
    pub const NAMES: &'static str = "none, crop-flip or hannah";

    pub fn parse(s: &str) -> Result<Policy, String> {
        match s {
            "none" => Ok(Policy::None),
            "crop-flip" => Ok(Policy::CropFlip),
            "hannah" => Ok(Policy::Hannah),
            _ => Err(format!("unknown augmentation `{s}`: expected {}", Policy::NAMES)),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::CropFlip => "crop-flip",
            Policy::Hannah => "hannah",
        }
    }

    pub fn is_none(self) -> bool {
        self == Policy::None
    }

    /// Draws one image's parameters (`size`: the square image's side).
    pub fn sample(self, rng: &mut ChaCha8Rng, size: usize) -> Params {
        let mut p = Params::default();
        match self {
            Policy::None => {}
            Policy::CropFlip => {
                // The order of draws is kept from the first crop-and-flip implementation.
                p.crop = Some((rng.gen_range(-4i32..=4), rng.gen_range(-4i32..=4)));
                p.flip = rng.gen_bool(0.5);
            }
            Policy::Hannah => {
                p.flip = rng.gen_bool(0.5);
                if rng.gen_bool(0.5) {
                    let max_t = 0.1 * size as f64;
                    p.affine = Some(Affine {
                        angle: rng.gen_range(-15.0..=15.0),
                        tx: rng.gen_range(-max_t..=max_t).round(),
                        ty: rng.gen_range(-max_t..=max_t).round(),
                        scale: rng.gen_range(0.9..=1.1),
                        shear_x: rng.gen_range(-5.0..=5.0),
                    });
                }
                p.crop = Some((rng.gen_range(-4i32..=4), rng.gen_range(-4i32..=4)));
                if rng.gen_bool(0.5) {
                    p.erase = erasing(rng, size, size);
                }
            }
        }
        p
    }
}

/// How a policy is written in records.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Spelling {
    Bool(bool),
    Name(String),
}

impl TryFrom<Spelling> for Policy {
    type Error = String;
    fn try_from(s: Spelling) -> Result<Policy, String> {
        match s {
            Spelling::Bool(false) => Ok(Policy::None),
            Spelling::Bool(true) => Ok(Policy::CropFlip),
            Spelling::Name(n) => Policy::parse(&n),
        }
    }
}

impl From<Policy> for Spelling {
    fn from(p: Policy) -> Spelling {
        match p {
            Policy::None => Spelling::Bool(false),
            Policy::CropFlip => Spelling::Bool(true),
            Policy::Hannah => Spelling::Name(p.name().into()),
        }
    }
}

/// The seeded generator of one image's augmentation in one epoch.
pub fn image_rng(seed: u64, epoch: usize, image: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(mix(mix(seed ^ 0x6175_676d_656e_7421, epoch as u64), image as u64))
}

/// A 64-bit mix (splitmix64's finaliser over the sum): distinct streams for nearby inputs.
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.wrapping_add(b.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// torchvision's `RandomAffine` parameters of one image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    /// Degrees, clockwise (`F.affine` on a tensor: 90 is `torch.rot90(img, -1, [1, 2])`).
    pub angle: f64,
    /// Pixels (whole numbers, as torchvision rounds them).
    pub tx: f64,
    pub ty: f64,
    pub scale: f64,
    /// Degrees along x.
    pub shear_x: f64,
}

impl Affine {
    /// torchvision's `_get_inverse_affine_matrix` with the centre at (0, 0), as `F.affine` calls it
    /// for tensors: maps an output position (relative to the image centre) to the input position
    /// it samples.
    pub fn inverse_matrix(&self) -> [f64; 6] {
        let rot = self.angle.to_radians();
        let (sx, sy) = (self.shear_x.to_radians(), 0.0f64);
        let a = (rot - sy).cos() / sy.cos();
        let b = -(rot - sy).cos() * sx.tan() / sy.cos() - rot.sin();
        let c = (rot - sy).sin() / sy.cos();
        let d = -(rot - sy).sin() * sx.tan() / sy.cos() + rot.cos();
        let mut m = [d, -b, 0.0, -c, a, 0.0].map(|v| v / self.scale);
        m[2] += m[0] * -self.tx + m[1] * -self.ty;
        m[5] += m[3] * -self.tx + m[4] * -self.ty;
        m
    }
}

/// One image's augmentation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    pub flip: bool,
    pub affine: Option<Affine>,
    /// Offsets (dy, dx) of the crop window in the padded image minus the padding: the output pixel
    /// (y, x) reads the input pixel (y + dy, x + dx), zero outside.
    pub crop: Option<(i32, i32)>,
    /// Erased rectangle (top, left, height, width).
    pub erase: Option<(usize, usize, usize, usize)>,
}

/// torchvision's `RandomErasing.get_params` (scale 0.02-0.33, ratio 0.3-3.3): up to 10 tries for a
/// rectangle that fits; `None` when none did (the image stays whole).
fn erasing(rng: &mut ChaCha8Rng, h: usize, w: usize) -> Option<(usize, usize, usize, usize)> {
    let area = (h * w) as f64;
    let (lo, hi) = (0.3f64.ln(), 3.3f64.ln());
    for _ in 0..10 {
        let erase_area = area * rng.gen_range(0.02..=0.33);
        let aspect = rng.gen_range(lo..=hi).exp();
        let eh = (erase_area * aspect).sqrt().round() as usize;
        let ew = (erase_area / aspect).sqrt().round() as usize;
        if !(eh < h && ew < w) {
            continue;
        }
        let i = rng.gen_range(0..=h - eh);
        let j = rng.gen_range(0..=w - ew);
        return Some((i, j, eh, ew));
    }
    None
}

/// Bilinear sample of one plane at input position (px, py) in pixel coordinates (pixel centres at
/// whole numbers); corners outside the plane count as zero (`grid_sample`, padding zeros).
/// `None` for the plane samples the constant-one mask torchvision appends when a fill is given.
fn bilinear(plane: Option<&[f32]>, w: usize, h: usize, px: f64, py: f64) -> f32 {
    let (x0, y0) = (px.floor(), py.floor());
    let (fx, fy) = ((px - x0) as f32, (py - y0) as f32);
    let at = |x: f64, y: f64| -> f32 {
        if x >= 0.0 && y >= 0.0 && (x as usize) < w && (y as usize) < h {
            plane.map_or(1.0, |p| p[y as usize * w + x as usize])
        } else {
            0.0
        }
    };
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
    top * (1.0 - fy) + bottom * fy
}

impl Params {
    /// Augments one u8 CHW image of `channels` x `size` x `size` into normalised f32 CHW
    /// (`(v / 255 - mean[c]) / std[c]`), appended to `out`.
    pub fn apply(&self, img: &[u8], channels: usize, size: usize, mean: &[f32], std: &[f32], out: &mut Vec<f32>) {
        let plane = size * size;
        let mut x: Vec<f32> = img.iter().map(|&v| v as f32 / 255.0).collect();
        if self.flip {
            for row in x.chunks_mut(size) {
                row.reverse();
            }
        }
        if let Some(a) = &self.affine {
            let m = a.inverse_matrix();
            let half = size as f64 * 0.5;
            let mut y = vec![0.0f32; x.len()];
            for oy in 0..size {
                for ox in 0..size {
                    // Output pixel centre relative to the image centre, mapped to the input, then
                    // back to pixel coordinates (align_corners=False).
                    let (cx, cy) = (ox as f64 + 0.5 - half, oy as f64 + 0.5 - half);
                    let ix = m[0] * cx + m[1] * cy + m[2] + half - 0.5;
                    let iy = m[3] * cx + m[4] * cy + m[5] + half - 0.5;
                    // RandomAffine's fill (0) goes through a sampled mask of ones: near the
                    // border a pixel is its bilinear sample times the mask's, as torchvision does.
                    let mask = bilinear(None, size, size, ix, iy);
                    for c in 0..channels {
                        let v = bilinear(Some(&x[c * plane..(c + 1) * plane]), size, size, ix, iy);
                        y[c * plane + oy * size + ox] = v * mask;
                    }
                }
            }
            x = y;
        }
        let start = out.len();
        let (dy, dx) = self.crop.unwrap_or((0, 0));
        for c in 0..channels {
            for yy in 0..size as i32 {
                for xx in 0..size as i32 {
                    let (sy, sx) = (yy + dy, xx + dx);
                    let v = if (0..size as i32).contains(&sy) && (0..size as i32).contains(&sx) {
                        x[c * plane + sy as usize * size + sx as usize]
                    } else {
                        0.0
                    };
                    out.push((v - mean[c]) / std[c]);
                }
            }
        }
        if let Some((i, j, eh, ew)) = self.erase {
            for c in 0..channels {
                for r in i..i + eh {
                    let row = start + c * plane + r * size;
                    out[row + j..row + j + ew].fill(0.0);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(size: usize) -> Vec<u8> {
        (0..3 * size * size).map(|i| ((i * 37) % 251) as u8).collect()
    }

    fn plain(img: &[u8]) -> Vec<f32> {
        img.iter().map(|&v| v as f32 / 255.0).collect()
    }

    const M: [f32; 3] = [0.0; 3];
    const S: [f32; 3] = [1.0; 3];

    #[test]
    fn identity_parameters_change_nothing() {
        let img = ramp(8);
        let mut out = vec![];
        Params::default().apply(&img, 3, 8, &M, &S, &mut out);
        assert_eq!(out, plain(&img));
        let id = Affine { angle: 0.0, tx: 0.0, ty: 0.0, scale: 1.0, shear_x: 0.0 };
        let mut out2 = vec![];
        Params { affine: Some(id), ..Default::default() }.apply(&img, 3, 8, &M, &S, &mut out2);
        for (a, b) in out2.iter().zip(plain(&img)) {
            assert!((a - b).abs() < 1e-6);
        }
    }

    #[test]
    fn flip_crop_and_erase_follow_their_formulas() {
        let img = ramp(6);
        let x = plain(&img);
        let p = Params { flip: true, crop: Some((1, -2)), erase: Some((2, 1, 3, 2)), affine: None };
        let mut out = vec![];
        p.apply(&img, 3, 6, &M, &S, &mut out);
        for c in 0..3 {
            for y in 0..6i32 {
                for xx in 0..6i32 {
                    let (sy, sx) = (y + 1, xx - 2);
                    let mut want = if (0..6).contains(&sy) && (0..6).contains(&sx) {
                        x[c * 36 + sy as usize * 6 + (5 - sx as usize)]
                    } else {
                        0.0
                    };
                    if (2..5).contains(&y) && (1..3).contains(&xx) {
                        want = 0.0;
                    }
                    assert_eq!(out[c * 36 + y as usize * 6 + xx as usize], want, "c {c} y {y} x {xx}");
                }
            }
        }
    }

    #[test]
    fn affine_translation_and_rotation_match_the_geometry() {
        let img = ramp(8);
        let x = plain(&img);
        // A whole-pixel translation moves the image: out(y, x) = in(y - ty, x - tx).
        let t = Affine { angle: 0.0, tx: 2.0, ty: -1.0, scale: 1.0, shear_x: 0.0 };
        let mut out = vec![];
        Params { affine: Some(t), ..Default::default() }.apply(&img, 3, 8, &M, &S, &mut out);
        for c in 0..3 {
            for y in 0..8i32 {
                for xx in 0..8i32 {
                    let (sy, sx) = (y + 1, xx - 2);
                    let want = if (0..8).contains(&sy) && (0..8).contains(&sx) {
                        x[c * 64 + sy as usize * 8 + sx as usize]
                    } else {
                        0.0
                    };
                    assert!((out[c * 64 + y as usize * 8 + xx as usize] - want).abs() < 1e-6);
                }
            }
        }
        // 90 degrees (clockwise) is torch.rot90(img, -1, [1, 2]) on a square image:
        // out(y, x) = in(n - 1 - x, y).
        let r = Affine { angle: 90.0, tx: 0.0, ty: 0.0, scale: 1.0, shear_x: 0.0 };
        let mut out = vec![];
        Params { affine: Some(r), ..Default::default() }.apply(&img, 3, 8, &M, &S, &mut out);
        for c in 0..3 {
            for y in 0..8 {
                for xx in 0..8 {
                    let want = x[c * 64 + (7 - xx) * 8 + y];
                    assert!((out[c * 64 + y * 8 + xx] - want).abs() < 1e-5, "c {c} y {y} x {xx}");
                }
            }
        }
        // Scale 2 about the centre samples half-way points: bilinear means of neighbours.
        let s = Affine { angle: 0.0, tx: 0.0, ty: 0.0, scale: 2.0, shear_x: 0.0 };
        let mut out = vec![];
        Params { affine: Some(s), ..Default::default() }.apply(&img, 3, 8, &M, &S, &mut out);
        // Output pixel 4 (centre offset 0.5) reads input position 0.25 + 3.5 = 3.75.
        let (px, py) = (3.75f32, 3.75f32);
        let v = |yy: usize, xx: usize| x[yy * 8 + xx];
        let want = (v(3, 3) * (1.0 - 0.75) + v(3, 4) * 0.75) * (1.0 - (py - 3.0))
            + (v(4, 3) * (1.0 - 0.75) + v(4, 4) * 0.75) * (py - 3.0);
        assert!((out[4 * 8 + 4] - want).abs() < 1e-6, "{} vs {want} at {px}", out[36]);
    }

    #[test]
    fn normalisation_uses_mean_and_std_and_erasing_writes_the_mean() {
        let img = vec![255u8; 3 * 16];
        let (mean, std) = ([0.5f32, 0.25, 0.0], [0.5f32, 0.25, 2.0]);
        let p = Params { erase: Some((0, 0, 1, 1)), ..Default::default() };
        let mut out = vec![];
        p.apply(&img, 3, 4, &mean, &std, &mut out);
        assert_eq!(out[0], 0.0);
        assert_eq!(out[1], 1.0);
        assert_eq!(out[16], 0.0);
        assert_eq!(out[17], 3.0);
        assert_eq!(out[33], 0.5);
    }

    #[test]
    fn sampling_is_seeded_per_image_and_within_torchvision_ranges() {
        let a = Policy::Hannah.sample(&mut image_rng(3, 7, 11), 32);
        assert_eq!(a, Policy::Hannah.sample(&mut image_rng(3, 7, 11), 32));
        assert_ne!(a, Policy::Hannah.sample(&mut image_rng(3, 7, 12), 32));
        assert_ne!(a, Policy::Hannah.sample(&mut image_rng(3, 8, 11), 32));
        let (mut flips, mut affines, mut erases) = (0, 0, 0);
        for i in 0..4000 {
            let p = Policy::Hannah.sample(&mut image_rng(1, 0, i), 32);
            flips += p.flip as usize;
            if let Some(a) = p.affine {
                affines += 1;
                assert!(a.angle.abs() <= 15.0 && a.shear_x.abs() <= 5.0 && (0.9..=1.1).contains(&a.scale));
                assert!(a.tx.abs() <= 3.0 && a.ty.abs() <= 3.0 && a.tx.fract() == 0.0);
            }
            let (dy, dx) = p.crop.unwrap_or((9, 9));
            assert!(dy.abs() <= 4 && dx.abs() <= 4);
            if let Some((i, j, h, w)) = p.erase {
                erases += 1;
                assert!(i + h <= 32 && j + w <= 32 && h < 32 && w < 32 && h * w >= 9 && h * w <= 400);
            }
        }
        for (n, what) in [(flips, "flips"), (affines, "affines"), (erases, "erasings")] {
            assert!((1800..2200).contains(&n), "{what}: {n} of 4000");
        }
        assert_eq!(Policy::None.sample(&mut image_rng(0, 0, 0), 32), Params::default());
        for name in ["none", "crop-flip", "hannah"] {
            assert_eq!(Policy::parse(name).map(Policy::name), Ok(name));
        }
        assert!(Policy::parse("autoaugment").unwrap_err().contains("crop-flip"));
        for p in [Policy::None, Policy::CropFlip, Policy::Hannah] {
            let j = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Policy>(&j).unwrap(), p, "{j}");
        }
        assert_eq!(serde_json::from_str::<Policy>("true").unwrap(), Policy::CropFlip);
        assert!(serde_json::from_str::<Policy>("\"mixup\"").is_err());
    }
}
