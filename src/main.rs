// The allocator: a run on one small file makes about 300,000 allocations (most of them while
// compiling regexes), and glibc's malloc spent about a third of that run's instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // The release build aborts on a panic (`panic = "abort"` in Cargo.toml), which would end the
    // process by SIGABRT: after the usual message, exit with 101 as an unwinding panic does.
    #[cfg(panic = "abort")]
    {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            report(info);
            std::process::exit(101);
        }));
    }
    pmlint::cli::run()
}
