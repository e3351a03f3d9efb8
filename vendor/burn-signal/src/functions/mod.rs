mod blackman_window;
mod fft;
mod hamming_window;
mod hann_window;
mod stft;

pub use blackman_window::*;
pub use fft::*;
pub use hamming_window::*;
pub use hann_window::*;
pub use stft::*;
