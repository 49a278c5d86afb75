//! `--fix` and `--diff`: fixing each document, then writing the file back, printing the fixed
//! standard input, or collecting a unified diff.

use super::error;
use super::inputs::Document;
use crate::diagnostic::Diagnostic;
use crate::fix::file::{write_fixed, Snapshot};
use crate::fix::{fix_document, FixMode};
use crate::source::SourceFile;

/// The state of one `--fix` or `--diff` run over all documents.
pub struct Fixer {
    mode: FixMode,
    /// `--diff`: collect diffs, write nothing.
    diff_only: bool,
    /// The unified diffs of every changed document, in order (`--diff`).
    pub diff: String,
    /// The bytes to print for standard input (`--fix` with `-`): the fixed text, or the text as
    /// read when it could not be fixed.
    pub stdin_text: Option<Vec<u8>>,
    /// Findings fixed (or, with `--diff`, that would be), over all documents.
    pub fixed: usize,
    /// Documents changed (or that would be).
    pub changed: usize,
    /// A fixed file could not be written (exit status 2).
    pub failed: bool,
}

impl Fixer {
    pub fn new(mode: FixMode, diff_only: bool) -> Self {
        Fixer {
            mode,
            diff_only,
            diff: String::new(),
            stdin_text: None,
            fixed: 0,
            changed: 0,
            failed: false,
        }
    }

    /// Fixes one document read as `source` from `snapshot`, linting with `lint`. Returns the
    /// document and findings to report: the fixed text's, or the original's when the fixes
    /// were not written.
    pub fn document(
        &mut self,
        doc: &Document,
        source: SourceFile,
        snapshot: Snapshot,
        lint: &mut impl FnMut(&SourceFile) -> Vec<Diagnostic>,
    ) -> (SourceFile, Vec<Diagnostic>) {
        let is_stdin = matches!(doc, Document::Stdin { .. });
        if !snapshot.is_utf8() {
            // The text was decoded lossily: writing it back would replace the invalid bytes.
            let diagnostics = lint(&source);
            if diagnostics.iter().any(|d| d.fix.is_some()) {
                eprintln!("pmlint: {}: not valid UTF-8; not fixed", source.name);
            }
            if is_stdin && !self.diff_only {
                self.stdin_text = Some(snapshot.bytes);
            }
            return (source, diagnostics);
        }
        let fixed = fix_document(&source, &mut *lint, self.mode);
        let changed = fixed.source.text != source.text;
        if self.diff_only {
            if changed {
                self.diff.push_str(&unified_diff(
                    &source.name,
                    &source.text,
                    &fixed.source.text,
                ));
                self.count(fixed.fixed);
            }
            return (fixed.source, fixed.diagnostics);
        }
        match doc {
            Document::Stdin { .. } => {
                self.stdin_text = Some(snapshot.encode(&fixed.source.text));
            }
            Document::File { path, .. } if changed => {
                if let Err(e) = write_fixed(path, &snapshot, &snapshot.encode(&fixed.source.text)) {
                    error(&format!("{}: {e}", path.display()));
                    self.failed = true;
                    let diagnostics = lint(&source);
                    return (source, diagnostics);
                }
            }
            Document::File { .. } => {}
        }
        if changed {
            self.count(fixed.fixed);
        }
        (fixed.source, fixed.diagnostics)
    }

    fn count(&mut self, fixed: usize) {
        self.fixed += fixed;
        self.changed += 1;
    }

    /// One line for standard error: how many findings were (or would be) fixed in how many
    /// files; `None` when nothing was.
    pub fn summary(&self) -> Option<String> {
        if self.fixed == 0 {
            return None;
        }
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let verb = if self.diff_only { "would fix" } else { "fixed" };
        Some(format!(
            "{verb} {} in {}",
            plural(self.fixed, "finding"),
            plural(self.changed, "file")
        ))
    }
}

/// A unified diff (3 lines of context) from `old` to `new`, both headers naming `name`, so that
/// `patch -p0` applies it from the directory pmlint ran in.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_has_headers_and_only_the_changed_lines_marked() {
        let d = unified_diff("pm.md", "a\nTimeline\nb\n", "a\n## Timeline\nb\n");
        assert!(
            d.starts_with("--- pm.md\n+++ pm.md\n@@ -1,3 +1,3 @@\n"),
            "{d}"
        );
        assert!(d.contains("\n-Timeline\n+## Timeline\n"));
        assert_eq!(d.lines().filter(|l| l.starts_with(['-', '+'])).count(), 4);
    }
}
