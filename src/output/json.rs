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

pub fn write(reports: &[FileReport], w: &mut dyn Write) -> io::Result<()> {
    let mut all: Vec<(String, usize, usize, Value)> = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let p = r.source.line_col(d.span.start);
            all.push((
                r.source.name.clone(),
                p.line,
                p.column,
                finding(&r.source, d),
            ));
        }
    }
    all.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
    let arr: Vec<Value> = all.into_iter().map(|x| x.3).collect();
    serde_json::to_writer_pretty(&mut *w, &arr)?;
    writeln!(w)
}
