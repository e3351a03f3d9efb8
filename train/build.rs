//! With the `torch` feature, binaries and tests must find libtorch at run time without
//! LD_LIBRARY_PATH: torch-sys tells its direct dependents where libtorch lives
//! (`DEP_TCH_LIBTORCH_LIB`), and this script bakes that folder into the rpath. `--no-as-needed
//! -ltorch` keeps libtorch.so (and through it libtorch_cuda.so) loaded, so a CUDA build of
//! PyTorch can reach the GPU. Used by hynas-train and by the hynas package (its `build` key).

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir},-L{dir},--no-as-needed,-ltorch,--as-needed");
    }
}
