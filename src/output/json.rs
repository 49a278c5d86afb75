//! `--format json`: the array of findings in `shared/spec/PRODUCT.md` ("JSON output").
//!
//! `line`/`column` are 1-based, columns count characters; `end_line`/`end_column` point just past
//! the last character of the span (exclusive end, as in SARIF 2.1.0 §3.30.7 and ruff).

use super::FileReport;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::source::SourceFile;
use serde_json::{json, Value};
use std::io::{self, Write};

fn finding(src: &SourceFile, d: &Diagnostic) -> Value {
    let start = src.line_col(d.span.start);
    let end = src.line_col(d.span.end.max(d.span.start));
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "applicability": match f.applicability { Applicability::Safe => "safe", Applicability::Unsafe => "unsafe" },
            "edits": f.edits.iter().map(|e| {
                let (s, t) = (src.line_col(e.span.start), src.line_col(e.span.end));
                json!({"line": s.line, "column": s.column, "end_line": t.line, "end_column": t.column, "replacement": e.replacement})
            }).collect::<Vec<_>>(),
        })
    });
    json!({
        "path": src.name,
        "code": d.rule.code,
        "rule": d.rule.name,
        "severity": d.severity.as_str(),
        "message": d.message,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "help": d.help,
        "fix": fix,
    })
}

/// The JSON array, one file at a time. Files come in path order and each file's findings in
/// position order, so the array is sorted by path, line and column without holding it whole. The
/// bytes are those of `serde_json::to_writer_pretty` on the whole array.
#[derive(Default)]
pub struct Json {
    empty: bool,
}

impl Json {
    pub fn new() -> Self {
        Json { empty: true }
    }

    /// Writes the findings of one file.
    pub fn report(&mut self, r: &FileReport, w: &mut dyn Write) -> io::Result<()> {
        for d in &r.diagnostics {
            let text = serde_json::to_string_pretty(&finding(&r.source, d))?;
            w.write_all(if self.empty { b"[\n" } else { b",\n" })?;
            self.empty = false;
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    w.write_all(b"\n")?;
                }
                write!(w, "  {line}")?;
            }
        }
        Ok(())
    }

    /// Closes the array.
    pub fn finish(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.empty {
            writeln!(w, "[]")
        } else {
            writeln!(w, "\n]")
        }
    }
}
