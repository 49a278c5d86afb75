fn main() -> std::process::ExitCode {
    pmlint::cli::run()
}
