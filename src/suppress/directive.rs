//! Suppression directives: `<!-- pmlint-… -->` HTML comments found in a document.
//!
//! Comments are looked for in the source text of every block except code blocks, and outside code
//! spans (CommonMark §6.1): a directive shown as code is an example, not a directive. HTML
//! comments follow CommonMark §6.6 (`<!--` … `-->`, `<!-->` and `<!--->` included).

use crate::parse::{BlockKind, Markdown};
use crate::registry;
use crate::rule::RuleMeta;
use crate::source::{SourceFile, Span};

/// What a directive does (the word after `pmlint-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `pmlint-disable`: from its line until a matching `pmlint-enable` or the end of the file.
    Disable,
    /// `pmlint-enable`: ends a `pmlint-disable` range.
    Enable,
    /// `pmlint-disable-next-line`: the line after the comment.
    DisableNextLine,
    /// `pmlint-disable-line`: the line(s) the comment is on.
    DisableLine,
    /// `pmlint-disable-file`: the whole file, wherever the comment is.
    DisableFile,
}

impl Kind {
    /// The directive word as written in a comment (`pmlint-disable-next-line`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Disable => "pmlint-disable",
            Kind::Enable => "pmlint-enable",
            Kind::DisableNextLine => "pmlint-disable-next-line",
            Kind::DisableLine => "pmlint-disable-line",
            Kind::DisableFile => "pmlint-disable-file",
        }
    }

    fn parse(word: &str) -> Option<Kind> {
        [
            Kind::Disable,
            Kind::Enable,
            Kind::DisableNextLine,
            Kind::DisableLine,
            Kind::DisableFile,
        ]
        .into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(word))
    }
}

/// One rule selector written in a directive: a code, a name or a family, as on the command line.
#[derive(Debug, Clone)]
pub struct Selector {
    /// The text as written (`PM301`, `timeline-out-of-order`, `PM3`).
    pub text: String,
    /// Its bytes in the source.
    pub span: Span,
    /// The rules it names; empty when it names no rule (PM003).
    pub rules: Vec<&'static RuleMeta>,
}

impl Selector {
    /// Whether it names the rule with `code`.
    pub fn covers(&self, code: &str) -> bool {
        self.rules.iter().any(|m| m.code == code)
    }
}

/// One `<!-- pmlint-… -->` comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: Kind,
    /// The whole comment, `<!--` to `-->`, in source bytes.
    pub span: Span,
    /// 1-based lines of the comment's start and end.
    pub first_line: usize,
    pub last_line: usize,
    /// The rules named; empty means every rule.
    pub selectors: Vec<Selector>,
}

/// The searcher for `<!--`, built once (`memmem::find` builds one on each call).
static COMMENT_OPEN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"<!--"));

/// Every directive of the document, in source order.
pub fn directives(source: &SourceFile, markdown: &Markdown) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    // Every directive is an HTML comment, which [`html_comments`] finds only at a `<!--` of the
    // source: without one anywhere (most documents) there is none, and no block need be scanned.
    if COMMENT_OPEN.find(source.text.as_bytes()).is_none() {
        return out;
    }
    for block in &markdown.blocks {
        if block.kind == BlockKind::Code {
            continue;
        }
        let start = block.span.start.min(source.text.len());
        let end = block.span.end.clamp(start, source.text.len());
        let is_html = block.kind == BlockKind::Html;
        for comment in html_comments(&source.text[start..end], is_html) {
            let span = start + comment.start..start + comment.end;
            if out.iter().any(|d| d.span.start == span.start) {
                continue;
            }
            if let Some(d) = parse_comment(source, span) {
                out.push(d);
            }
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// Byte ranges of the HTML comments of `text`, skipping code spans and backslash escapes unless
/// `html` (the text of an HTML block, where backticks and backslashes are literal).
fn html_comments(text: &str, html: bool) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !html => i += 2,
            b'`' if !html => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                i = closing_backticks(bytes, i + run, run).unwrap_or(i + run);
            }
            b'<' if bytes[i..].starts_with(b"<!--") => {
                let body = i + 4;
                // `<!-->` and `<!--->` are complete (empty) comments.
                let close = if bytes[body..].starts_with(b">") {
                    Some(body + 1)
                } else if bytes[body..].starts_with(b"->") {
                    Some(body + 2)
                } else {
                    find(bytes, body, b"-->").map(|at| at + 3)
                };
                match close {
                    Some(end) => {
                        out.push(i..end);
                        i = end;
                    }
                    None => break,
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The end of the code span whose opening run of `run` backticks ends at `from`: just past a
/// closing run of exactly `run` backticks. None when there is none (the run is literal text).
fn closing_backticks(bytes: &[u8], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == b'`' {
            let n = bytes[j..].iter().take_while(|&&b| b == b'`').count();
            if n == run {
                return Some(j + n);
            }
            j += n;
        } else {
            j += 1;
        }
    }
    None
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack.get(from..)?, needle).map(|p| from + p)
}

/// Reads the comment at `span` as a directive: `<!-- pmlint-KIND [SELECTOR …] [-- reason] -->`,
/// selectors separated by spaces or commas. None for any other comment.
fn parse_comment(source: &SourceFile, span: Span) -> Option<Directive> {
    let text = &source.text[span.clone()];
    let body_start = span.start + 4;
    let body = text.get(4..text.len().saturating_sub(3)).unwrap_or("");
    let mut words = tokens(body).into_iter();
    let (_, kind_word) = words.next()?;
    if !kind_word
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("pmlint-"))
    {
        return None;
    }
    let kind = Kind::parse(kind_word)?;
    let selectors = words
        .take_while(|(_, w)| *w != "--")
        .map(|(at, w)| Selector {
            text: w.to_string(),
            span: body_start + at..body_start + at + w.len(),
            rules: registry::select(w).unwrap_or_default(),
        })
        .collect();
    Some(Directive {
        kind,
        span: span.clone(),
        first_line: source.line_of(span.start),
        last_line: source.line_of(span.end.saturating_sub(1).max(span.start)),
        selectors,
    })
}

/// Words of `body` split on whitespace and commas, with their byte offsets.
fn tokens(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in body.char_indices() {
        let sep = c.is_whitespace() || c == ',';
        match (sep, start) {
            (true, Some(s)) => {
                out.push((s, &body[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &body[s..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    fn of(text: &str) -> Vec<Directive> {
        let src = SourceFile::new("t.md", text);
        directives(&src, &parse(&src))
    }

    fn codes(d: &Directive) -> Vec<&str> {
        d.selectors.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn every_kind_with_codes_names_and_separators() {
        let ds = of(
            "<!-- pmlint-disable PM301, timeline-entry-without-time -->\n\n\
             text <!-- pmlint-disable-line PM4 -->\n\n\
             <!--pmlint-disable-next-line PM401,PM402-->\n\n\
             <!-- pmlint-enable -->\n\n\
             <!-- pmlint-disable-file -->\n",
        );
        let kinds: Vec<_> = ds.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Disable,
                Kind::DisableLine,
                Kind::DisableNextLine,
                Kind::Enable,
                Kind::DisableFile
            ]
        );
        assert_eq!(codes(&ds[0]), ["PM301", "timeline-entry-without-time"]);
        assert_eq!(ds[0].selectors[1].rules[0].code, "PM302");
        let family = crate::registry::RULES
            .iter()
            .filter(|r| r.meta.code.starts_with("PM4"))
            .count();
        assert_eq!(ds[1].selectors[0].rules.len(), family, "PM4 is a family");
        assert_eq!(ds[1].first_line, 3);
        assert_eq!(codes(&ds[2]), ["PM401", "PM402"]);
        assert!(ds[3].selectors.is_empty() && ds[4].selectors.is_empty());
    }

    #[test]
    fn selector_spans_point_at_the_code_and_unknown_codes_name_no_rule() {
        let text = "<!-- pmlint-disable-next-line PM999 -->\n";
        let ds = of(text);
        let s = &ds[0].selectors[0];
        assert_eq!(&text[s.span.clone()], "PM999");
        assert!(s.rules.is_empty());
        assert_eq!(&text[ds[0].span.clone()], text.trim_end());
    }

    #[test]
    fn a_reason_after_double_dash_is_not_a_code() {
        let ds = of("<!-- pmlint-disable-next-line PM301 -- the log really is out of order -->\n");
        assert_eq!(codes(&ds[0]), ["PM301"]);
    }

    #[test]
    fn comments_in_code_are_not_directives() {
        let ds = of("```\n<!-- pmlint-disable-file -->\n```\n\n\
             Use `<!-- pmlint-disable-file -->` to silence a file.\n\n    \
             <!-- pmlint-disable-file -->\n");
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn other_comments_and_near_misses_are_not_directives() {
        let ds = of(
            "<!-- expect: PM301 -->\n\n<!-- pmlint-disabled PM301 -->\n\n\
             <!-- pmlint -->\n\n<!-- -->\n\n<!---->\n\nnot \\<!-- pmlint-disable-file -->\n",
        );
        assert!(ds.is_empty(), "{ds:?}");
    }

    #[test]
    fn multi_line_comments_span_their_lines() {
        let ds = of("<!--\n  pmlint-disable-line\n  PM301\n-->\n");
        assert_eq!((ds[0].first_line, ds[0].last_line), (1, 4));
        assert_eq!(codes(&ds[0]), ["PM301"]);
    }

    #[test]
    fn directives_in_lists_tables_and_quotes_are_found() {
        let ds = of("- item <!-- pmlint-disable-line PM302 -->\n\n\
             | a | b <!-- pmlint-disable-line PM303 --> |\n|---|---|\n| 1 | 2 |\n\n\
             > quoted <!-- pmlint-disable-line PM304 -->\n");
        assert_eq!(ds.len(), 3, "{ds:?}");
        assert_eq!(codes(&ds[2]), ["PM304"]);
    }
}
