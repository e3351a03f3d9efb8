//! hynas with the libtorch training backend loaded (built with `--features torch`). The same CLI
//! as `hynas`; `hynas --backend torch ...` hands over to this binary, so that `hynas` itself
//! starts, and says what is missing, where libtorch cannot be loaded.

fn main() -> anyhow::Result<()> {
    hynas_train_torch::enable();
    hynas::cli::main()
}
