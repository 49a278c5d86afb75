//! Output formats. Each writes every finding of every file, in order, to a writer.

mod human;
mod json;
mod short;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::io::{self, Write};

/// The findings of one document, with its source for positions and snippets.
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

/// `--format` values (the contract in `shared/spec/PRODUCT.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report: snippet, labels and help.
    Human,
    /// `path:line:column: CODE message`, one line per finding.
    Short,
    /// A JSON array of findings.
    Json,
}

/// Writes `reports` (already in path order) in `format`; `color` applies to `human` only.
pub fn write(
    format: Format,
    reports: &[FileReport],
    color: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => human::write(reports, color, w),
        Format::Short => short::write(reports, w),
        Format::Json => json::write(reports, w),
    }
}
