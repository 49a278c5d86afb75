//! Output formats. Each writes every finding of every file, in order, to a writer.

mod github;
mod human;
mod json;
pub mod paths;
pub mod sarif;
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
    /// SARIF 2.1.0, for code scanning (GitHub's `upload-sarif`).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`), shown as annotations.
    Github,
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
        Format::Sarif => sarif::write(reports, w),
        Format::Github => github::write(reports, w),
    }
}
