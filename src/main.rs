// The allocator: a run on one small file makes about 300,000 allocations (most of them while
// compiling regexes), and glibc's malloc spent about a third of that run's instructions on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pmlint::cli::run()
}
