//! `--format short`: `path:line:column: CODE message` (editors' errorformat).

use super::FileReport;
use std::io::{self, Write};

/// Writes the findings of one file.
pub fn report(r: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    for d in &r.diagnostics {
        let p = r.source.line_col(d.span.start);
        writeln!(
            w,
            "{}:{}:{}: {} {}",
            r.source.name, p.line, p.column, d.rule.code, d.message
        )?;
    }
    Ok(())
}
