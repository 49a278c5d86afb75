//! `--format human`: miette's graphical report, one per finding, then a summary line.

use super::FileReport;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

/// The source of one file as miette reads it, named by its path.
///
/// miette finds a span's line by scanning the text from its start, which costs the whole file
/// per finding in a large file. Here the scan starts at the first context line (found with the
/// file's line index) and line numbers are shifted back, which gives miette's exact result as long
/// as miette breaks lines where the index does. miette breaks them at `\n` (a `\r\n` is one
/// break) but not at a lone `\r`, which ends a line in CommonMark (0.31 §2.1) and in the index:
/// a text holding one is shown with each lone `\r` read as `\n` (same length, same offsets).
struct Named<'a> {
    src: &'a SourceFile,
    text: Cow<'a, str>,
}

impl<'a> Named<'a> {
    fn new(src: &'a SourceFile) -> Self {
        let b = src.text.as_bytes();
        let text = if crate::source::has_lone_cr(b) {
            let mut bytes = b.to_vec();
            for i in 0..bytes.len() {
                if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                    bytes[i] = b'\n';
                }
            }
            // An ASCII byte replaced by an ASCII byte: still UTF-8.
            Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| src.text.clone()))
        } else {
            Cow::Borrowed(src.text.as_str())
        };
        Named { src, text }
    }
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = &*self.text;
        // The first context line (0-based) and the byte where it starts.
        let (base_line, base) = if span.offset() > text.len() {
            (0, 0)
        } else {
            let line = self.src.line_of(span.offset()).saturating_sub(1 + before);
            (line, self.src.line_start(line + 1))
        };
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = text[base..].read_span(&shifted, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.src.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + base).into(), inner.span().len()),
            inner.line() + base_line,
            inner.column(),
            inner.line_count() + base_line,
        )))
    }
}

/// One finding presented as a miette diagnostic.
struct Report<'a, 'n> {
    d: &'a Diagnostic,
    src: &'n Named<'a>,
}

impl fmt::Debug for Report<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Display for Report<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for Report<'_, '_> {}

fn span(src: &SourceFile, s: &crate::source::Span) -> SourceSpan {
    let start = s.start.min(src.text.len());
    let end = s.end.min(src.text.len()).max(start);
    SourceSpan::new(start.into(), end - start)
}

impl miette::Diagnostic for Report<'_, '_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!(
            "{} {}",
            self.d.rule.code, self.d.rule.name
        )))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let src = self.src.src;
        let primary = LabeledSpan::new_primary_with_span(
            self.d.label.as_deref().map(str::to_string),
            span(src, &self.d.span),
        );
        let related =
            self.d.related.iter().map(move |(s, text)| {
                LabeledSpan::new_with_span(Some(text.to_string()), span(src, s))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// The human format, one file at a time: each finding rendered by miette, then a summary line.
pub struct Human {
    handler: GraphicalReportHandler,
    /// Findings by severity (info, warning, error).
    counts: [usize; 3],
    files: usize,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .without_syntax_highlighting()
            .with_width(100);
        Human {
            handler,
            counts: [0; 3],
            files: 0,
        }
    }

    /// Writes the findings of one file.
    pub fn report(&mut self, r: &FileReport, w: &mut dyn Write) -> io::Result<()> {
        self.files += 1;
        if r.diagnostics.is_empty() {
            return Ok(());
        }
        let src = Named::new(&r.source);
        for d in &r.diagnostics {
            self.counts[d.severity as usize] += 1;
            let mut out = String::new();
            let report = Report { d, src: &src };
            self.handler
                .render_report(&mut out, &report)
                .map_err(io::Error::other)?;
            writeln!(w, "{out}")?;
        }
        Ok(())
    }

    /// Writes the summary line.
    pub fn finish(&self, w: &mut dyn Write) -> io::Result<()> {
        let [info, warning, error] = self.counts;
        let files = self.files;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if error + warning + info == 0 {
            writeln!(w, "no findings in {}", plural(files, "file"))
        } else {
            writeln!(
                w,
                "found {}, {}, {} in {}",
                plural(error, "error"),
                plural(warning, "warning"),
                plural(info, "info note"),
                plural(files, "file")
            )
        }
    }
}
