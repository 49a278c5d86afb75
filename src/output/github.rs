//! `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
//! on the pull request's changed lines.
//!
//! One line per finding: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`
//! (`::warning` for warnings, `::notice` for info). Lines and columns are 1-based and count
//! characters; `endColumn` is exclusive, as in the JSON output. Escaping follows
//! `@actions/core`'s `command.ts`: in the message, `%` → `%25`, CR → `%0D`, LF → `%0A`; in
//! property values, also `:` → `%3A` and `,` → `%2C`.

use super::paths::relative;
use super::FileReport;
use crate::rule::Severity;
use std::io::{self, Write};

/// Escapes the data (message) part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The command for a severity: `error`, `warning` or `notice`.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Writes the annotations of one file.
pub fn report(r: &FileReport, w: &mut dyn Write) -> io::Result<()> {
    {
        let file = escape_property(&relative(&r.source.name));
        for d in &r.diagnostics {
            let start = r.source.line_col(d.span.start);
            let end = r.source.line_col(d.span.end.max(d.span.start));
            writeln!(
                w,
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
                escape_data(&d.message),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_actions_core() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("dir,x/a:b%.md"), "dir%2Cx/a%3Ab%25.md");
    }
}
