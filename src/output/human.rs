//! `--format human`: miette's graphical report, one per finding, then a summary line.

use super::FileReport;
use crate::diagnostic::Diagnostic;
use crate::rule::Severity;
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;
use std::io::{self, Write};

/// The source of one file as miette reads it, named by its path.
struct Named<'a>(&'a SourceFile);

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.0.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One finding presented as a miette diagnostic.
struct Report<'a> {
    d: &'a Diagnostic,
    src: Named<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for Report<'_> {}

fn span(src: &SourceFile, s: &crate::source::Span) -> SourceSpan {
    let start = s.start.min(src.text.len());
    let end = s.end.min(src.text.len()).max(start);
    SourceSpan::new(start.into(), end - start)
}

impl miette::Diagnostic for Report<'_> {
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
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let src = self.src.0;
        let primary =
            LabeledSpan::new_primary_with_span(self.d.label.clone(), span(src, &self.d.span));
        let related = self
            .d
            .related
            .iter()
            .map(move |(s, text)| LabeledSpan::new_with_span(Some(text.clone()), span(src, s)));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

pub fn write(reports: &[FileReport], color: bool, w: &mut dyn Write) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .without_syntax_highlighting()
        .with_width(100);
    let mut counts = [0usize; 3];
    for r in reports {
        for d in &r.diagnostics {
            counts[d.severity as usize] += 1;
            let mut out = String::new();
            let report = Report {
                d,
                src: Named(&r.source),
            };
            handler
                .render_report(&mut out, &report)
                .map_err(io::Error::other)?;
            writeln!(w, "{out}")?;
        }
    }
    let [info, warning, error] = counts;
    let files = reports.len();
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
