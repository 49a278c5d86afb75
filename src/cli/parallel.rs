//! Linting many documents on several threads, with results in the order of the documents.

use super::inputs::Document;
use crate::config::Effective;
use crate::lint::lint;
use crate::output::{FileReport, Format};
use crate::rule::Severity;
use rayon::prelude::*;
use std::sync::Arc;

/// What became of one document.
pub enum Outcome {
    /// Linted: its findings and source.
    Linted(FileReport),
    /// Linted, and its output already rendered ([`crate::output::render_alone`]), with the
    /// highest severity among its findings.
    Rendered {
        output: Vec<u8>,
        worst: Option<Severity>,
    },
    /// Not linted, and that is not an error: a note for standard error (a binary file found
    /// while walking a directory).
    Skipped(String),
    /// Not linted: a one-line error naming the document (unreadable, or binary when named).
    Failed(String),
}

/// Reads and lints one document, and renders its output in `format` when that depends on the
/// document alone.
fn lint_one(doc: &Document, effective: &Effective, format: Format) -> Outcome {
    // Not `read_snapshot`: linting needs neither the modification time nor a second copy of
    // the bytes.
    match doc.read() {
        Ok(Some(source)) => {
            let diagnostics = lint(&source, doc.disk_path(), &effective.settings);
            let report = FileReport {
                source,
                diagnostics,
            };
            match crate::output::render_alone(format, &report) {
                Some(output) => Outcome::Rendered {
                    output,
                    worst: report.diagnostics.iter().map(|d| d.severity).max(),
                },
                None => Outcome::Linted(report),
            }
        }
        Ok(None) => Outcome::Skipped(format!(
            "{}: skipped: binary file (contains NUL bytes)",
            doc.display_name()
        )),
        Err(e) => Outcome::Failed(e),
    }
}

/// Lints `docs` on rayon's global pool (`RAYON_NUM_THREADS` threads, else one per CPU) and
/// hands each outcome to `sink` in the order of `docs`, with whether it is the last of its chunk.
/// Reports in a `format` that [`crate::output::render_alone`] renders come rendered.
/// Documents are processed `chunk` at a time, so that only one chunk's sources are held at once
/// whatever the number of files.
pub fn lint_in_order(
    docs: &[(Document, Arc<Effective>)],
    chunk: usize,
    format: Format,
    mut sink: impl FnMut(Outcome, bool),
) {
    for part in docs.chunks(chunk.max(1)) {
        // One document needs no thread pool (starting one costs more than a small file).
        if let [(doc, effective)] = part {
            sink(lint_one(doc, effective, format), true);
            continue;
        }
        let outcomes: Vec<Outcome> = part
            .par_iter()
            .map(|(doc, effective)| lint_one(doc, effective, format))
            .collect();
        let last = outcomes.len().saturating_sub(1);
        for (i, outcome) in outcomes.into_iter().enumerate() {
            sink(outcome, i == last);
        }
    }
}
