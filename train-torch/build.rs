//! With the `torch` feature, the programs that load libtorch must find it at run time without
//! LD_LIBRARY_PATH: torch-sys tells its direct dependents where libtorch lives
//! (`DEP_TCH_LIBTORCH_LIB`), and this script bakes that folder into their rpath, only for the
//! `hynas-torch` binary and the tests (the `hynas` binary never links libtorch, so it starts
//! without it and hands `--backend torch` over to `hynas-torch`). `--no-as-needed -ltorch` keeps
//! libtorch.so (and through it libtorch_cuda.so) loaded, so a CUDA build of PyTorch can reach
//! the GPU. Used by hynas-train-torch and by the hynas package (its `build` key).

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(dir) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        let arg = format!("-Wl,-rpath,{dir},-L{dir},--no-as-needed,-ltorch,--as-needed");
        if std::env::var("CARGO_PKG_NAME").as_deref() == Ok("hynas") {
            println!("cargo:rustc-link-arg-bin=hynas-torch={arg}");
            println!("cargo:rustc-link-arg-tests={arg}");
        } else {
            // hynas-train-torch links nothing but its unit tests.
            println!("cargo:rustc-link-arg={arg}");
        }
        // Where `hynas` checks for libtorch before handing over to `hynas-torch`.
        println!("cargo:rustc-env=HYNAS_LIBTORCH_LIB={dir}");
    }
}
