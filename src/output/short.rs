//! `--format short`: `path:line:column: CODE message` (editors' errorformat).

use super::FileReport;
use std::io::{self, Write};

/// Writes the findings of one file, built in `out` (emptied first; kept by the caller from one
/// file to the next) and written with one call (the formatting machinery and a write per field
/// cost more than the line itself).
pub fn report(r: &FileReport, out: &mut Vec<u8>, w: &mut dyn Write) -> io::Result<()> {
    out.clear();
    append(r, out);
    w.write_all(out)
}

/// Appends the lines of one file's findings to `out`.
pub fn append(r: &FileReport, out: &mut Vec<u8>) {
    out.reserve(r.diagnostics.len() * (r.source.name.len() + 80));
    for d in &r.diagnostics {
        let p = r.source.line_col(d.span.start);
        out.extend_from_slice(r.source.name.as_bytes());
        out.push(b':');
        push_decimal(out, p.line);
        out.push(b':');
        push_decimal(out, p.column);
        out.extend_from_slice(b": ");
        out.extend_from_slice(d.rule.code.as_bytes());
        out.push(b' ');
        out.extend_from_slice(d.message.as_bytes());
        out.push(b'\n');
    }
}

/// Appends `n` in decimal, as `{}` formats it.
fn push_decimal(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_display() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }
}
