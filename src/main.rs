//! `hynas`: the command line. Parsing and the commands live in the library (`hynas::cli`), the
//! jobs in the library crates.

fn main() -> anyhow::Result<()> {
    hynas::cli::main()
}
