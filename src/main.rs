//! The `migplan` binary: parse the command line, run the command, exit with
//! its code (0 ok, 1 the plan has errors, 2 usage or I/O problems).

mod cli;

/// mimalloc instead of the system allocator: a build of 10,000 tasks
/// makes ~8 million allocations across its threads (docs/decisions.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A bug must never surface as Rust's exit code 101 with a backtrace
    // aimed at developers: say what happened and exit 2.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "migplan: internal error: {info}\nThis is a bug in migplan; please report it with the plan that caused it."
        );
    }));
    let code = std::panic::catch_unwind(cli::run).unwrap_or(migplan::cmd::Exit::Usage);
    std::process::exit(code as i32);
}
