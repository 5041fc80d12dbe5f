//! The fuzz harnesses as a library for the targets in `fuzz_targets/`.
//! The code lives in `harness.rs`, which `tests/hostile.rs` includes too.

mod harness;

pub use harness::*;

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    fn seeds(target: &str) -> Vec<Vec<u8>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("seeds")
            .join(target);
        let mut files: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files.iter().map(|p| fs::read(p).unwrap()).collect()
    }

    /// The seeds reach the renderer: a harness whose every input fails
    /// early would fuzz nothing.
    #[test]
    fn markdown_seeds_render() {
        for (k, s) in seeds("markdown").iter().enumerate() {
            assert!(
                super::markdown_rendered(s),
                "markdown seed {k} did not render"
            );
        }
    }

    #[test]
    fn every_seed_runs() {
        for (target, f) in super::TARGETS {
            for s in seeds(target) {
                f(&s);
            }
        }
    }
}
