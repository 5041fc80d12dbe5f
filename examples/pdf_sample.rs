//! Renders the PDF engine's sample document to a file, for looking at it:
//! `cargo run --release --example pdf_sample -- out.pdf [rows]` (with `rows`,
//! the schedule has that many tasks instead).

use std::time::Instant;

use migplan::pdf::{render_pdf, sample};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "pdf_sample.pdf".to_string());
    let doc = match args.next().and_then(|n| n.parse().ok()) {
        Some(rows) => sample::large(rows),
        None => sample::document(),
    };
    let started = Instant::now();
    match render_pdf(&doc) {
        Ok(bytes) => {
            let took = started.elapsed();
            if let Err(e) = std::fs::write(&path, &bytes) {
                eprintln!("error: {path}: {e}");
                std::process::exit(2);
            }
            eprintln!("wrote {path}: {} bytes in {took:.2?}", bytes.len());
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
