//! Images: every image-like construct in the document (Markdown inline and reference images, HTML
//! `<img>`, and the malformed forms that render as text), with source spans, and the link
//! reference definitions that reference images point to.

use super::image_syntax::{
    classify_target, remote_url, scan_images, target_problems, ImageSyntax, ImageSyntaxKind,
    MalformedImage, NotDirectKind,
};
use super::Postmortem;
use crate::parse::BlockKind;
use crate::source::{SourceFile, Span};
use std::collections::{HashMap, HashSet};

/// One image-like construct.
#[derive(Debug, Clone)]
pub struct Image {
    pub syntax: ImageSyntax,
    /// Source span of the whole construct.
    pub span: Span,
    /// Source span of the target, if any.
    pub target_span: Option<Span>,
    /// 1-based line where it starts.
    pub line: usize,
    /// For reference images: the definition the label resolves to (index into
    /// [`Postmortem::definitions`]).
    pub definition: Option<usize>,
    /// What PM404 reads: [`super::image_syntax::target_placeholder`] of the resolved target
    /// ([`Image::resolved_target`]); None without a target.
    pub placeholder: Option<&'static str>,
    /// What PM403 reads: [`super::image_syntax::target_not_direct`] of the resolved target;
    /// empty without a target. Both are found at once ([`target_problems`]).
    pub not_direct: Vec<(NotDirectKind, Option<String>)>,
}

impl Image {
    /// The target and its span: written on the image, or on its reference definition.
    pub fn resolved_target<'p>(&'p self, pm: &'p Postmortem) -> Option<(&'p str, Span)> {
        if let Some(d) = self.definition.map(|i| &pm.definitions[i]) {
            return Some((&d.target, d.target_span.clone()));
        }
        let t = self.syntax.target.as_deref()?;
        Some((t, self.target_span.clone().unwrap_or(self.span.clone())))
    }
}

/// An absolute `http`/`https` image URL and where it is written (PM406 checks it over the network).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTarget {
    /// The URL as [`remote_url`] gives it: entities and escapes processed, no `#fragment`.
    pub url: String,
    /// Source span of the target (on the reference definition for reference images).
    pub span: Span,
}

/// The web image URLs of the document, in document order, one per place written: a reference
/// definition used by several images counts once. Left out: malformed images (PM401 reports them),
/// except `!(url)` and Markdown images inside HTML blocks, whose one clean target would still be
/// wrong once the syntax is corrected (PM402 reads the same ones); and targets that PM403 (a web
/// page) or PM404 (a template placeholder) already recognise, which fetching would only report again.
pub fn remote_targets(pm: &Postmortem) -> Vec<RemoteTarget> {
    let mut out: Vec<RemoteTarget> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for img in &pm.images {
        if let ImageSyntaxKind::Malformed(m) = img.syntax.kind {
            if !matches!(
                m,
                MalformedImage::MissingAltBrackets | MalformedImage::MarkdownInHtmlBlock
            ) {
                continue;
            }
        }
        let Some((target, span)) = img.resolved_target(pm) else {
            continue;
        };
        if !classify_target(target).is_empty() {
            continue;
        }
        let Some(url) = remote_url(target) else {
            continue;
        };
        if seen.insert((span.start, span.end)) {
            out.push(RemoteTarget { url, span });
        }
    }
    out
}

/// A link reference definition, `[label]: target` (CommonMark §4.7).
#[derive(Debug, Clone)]
pub struct Definition {
    /// Normalised label: case-folded, inner whitespace collapsed.
    pub label: String,
    pub target: String,
    /// Source span of the target.
    pub target_span: Span,
}

/// A definition line: the specification of [`definition_in`], which reads it by hand (the
/// tests compare them; the regex's compilation and captures cost more than the lines it reads).
#[cfg(test)]
static DEFINITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^ {0,3}\[([^\]]+)\]:[ \t]*(?:<([^>\n]*)>|(\S+))").unwrap()
});

/// The label and target ranges of the match of `DEFINITION` (kept for the tests) in `text`, if
/// any: up to three spaces, `[`, a label of one or more characters up to the first `]` (it holds
/// none), `]:`, spaces and tabs, then `<…>` (no `>` nor line feed inside) or else the run of
/// characters other than white space (`\S+`, Unicode `White_Space` as [`char::is_whitespace`]
/// has it). Every part has one reading: the regex backtracks into none of them.
fn definition_in(text: &str) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    let spaces = b.iter().take_while(|&&c| c == b' ').count();
    if spaces > 3 || b.get(spaces) != Some(&b'[') {
        return None;
    }
    let label_start = spaces + 1;
    let close = label_start + memchr::memchr(b']', &b[label_start..])?;
    if close == label_start || b.get(close + 1) != Some(&b':') {
        return None;
    }
    let mut at = close + 2;
    while matches!(b.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    if b.get(at) == Some(&b'<') {
        if let Some(k) = memchr::memchr2(b'>', b'\n', &b[at + 1..]) {
            if b[at + 1 + k] == b'>' {
                return Some((label_start..close, at + 1..at + 1 + k));
            }
        }
    }
    let rest = &text[at..];
    let len = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(rest.len(), |(k, _)| k);
    (len > 0).then_some((label_start..close, at..at + len))
}

/// Normalises a reference label as CommonMark matches them (case-insensitive, whitespace collapsed).
pub fn normalize_label(label: &str) -> String {
    // Most labels are one ASCII word: lowered as they are (the split and join cost more than
    // the rest of a definition's reading).
    if label.bytes().all(|c| c.is_ascii_graphic()) {
        return label.to_ascii_lowercase();
    }
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reference definitions on lines outside code blocks.
pub fn definitions(pm: &Postmortem) -> Vec<Definition> {
    // In source order (footnote blocks come last in block order).
    let mut code: Vec<Span> = pm
        .markdown
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code)
        .map(|b| b.span.clone())
        .collect();
    code.sort_by_key(|s| s.start);
    definitions_in(pm.source, &code)
}

/// Whether byte `at` lies in one of the spans of `code` (code blocks, sorted by start; an empty
/// span counts as its first byte). `next` is the first span that may still hold it: the caller
/// asks in increasing order of `at` and keeps `next` between calls.
fn in_code(code: &[Span], next: &mut usize, at: usize) -> bool {
    while *next < code.len() && code[*next].end.max(code[*next].start + 1) <= at {
        *next += 1;
    }
    code[*next..]
        .iter()
        .take_while(|c| c.start <= at)
        .any(|c| at < c.end.max(c.start + 1))
}

/// The definitions of `source` on lines that start outside the spans of `code` (code blocks,
/// sorted by start).
fn definitions_in(source: &SourceFile, code: &[Span]) -> Vec<Definition> {
    definitions_on(source, code, definition_lines(source))
}

/// The definitions of `source` on the lines `spans` (in order) that start outside the spans of
/// `code` (code blocks, sorted by start).
fn definitions_on(
    source: &SourceFile,
    code: &[Span],
    spans: impl Iterator<Item = Span>,
) -> Vec<Definition> {
    let mut out = Vec::new();
    // One pointer walks the code blocks alongside the lines.
    let mut next_code = 0;
    for span in spans {
        if in_code(code, &mut next_code, span.start) {
            continue;
        }
        let line = &source.text[span.clone()];
        if let Some((label, target)) = definition_in(line) {
            out.push(Definition {
                label: normalize_label(&line[label]),
                target: line[target.clone()].to_string(),
                target_span: span.start + target.start..span.start + target.end,
            });
        }
    }
    out
}

/// The spans (without their line ending, as [`SourceFile::line_span`] gives them) of the lines
/// of `source` that may hold a definition, in order: those starting with up to three spaces and
/// `[`, and holding `]:` (the label's closing bracket and colon, in every match). Each line's
/// first byte is read straight from the source's line starts, and only a line starting with `[`
/// or a space is read further: definitions 973 k -> 671 k instructions over 200 generated
/// files, FAST build (a `memchr` pass over the `[`s of the text cost more: links are many).
fn definition_lines(source: &SourceFile) -> impl Iterator<Item = Span> + '_ {
    let b = source.text.as_bytes();
    let len = b.len();
    let starts = source.line_starts_of_lines(0..len, 1, source.line_of(len));
    std::iter::once(0)
        .chain(starts.iter().copied())
        .filter(move |&s| matches!(b.get(s), Some(b'[' | b' ')))
        .filter_map(move |s| {
            let spaces = b[s..].iter().take(3).take_while(|&&c| c == b' ').count();
            if b.get(s + spaces) != Some(&b'[') {
                return None;
            }
            let p = s + spaces;
            // The line ends at its first `\n` or `\r` (CommonMark 0.31 §2.1).
            let end = memchr::memchr2(b'\n', b'\r', &b[p..]).map_or(len, |k| p + k);
            memchr::memmem::find(&b[p..end.max(p)], b"]:").map(|_| s..end)
        })
}

/// Scans every paragraph, heading, table row and HTML block (code is never read).
pub fn build(pm: &Postmortem) -> Vec<Image> {
    // The first definition of each label wins (CommonMark §4.7).
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    for (i, d) in pm.definitions.iter().enumerate() {
        by_label.entry(d.label.as_str()).or_insert(i);
    }
    let mut out = Vec::new();
    // Every construct scan_images reports starts at a `!` or at an `<img` tag (`img` in either
    // ASCII case), or (in an HTML block) is a link `[…](…)`: a `<` that opens another tag
    // (`<li>`, `<br>`) reports nothing. The first such mark (a `!` or an `<img`) at or after an
    // offset is kept with the offset it was searched from: it stays the answer for every later
    // block that starts before it, so a stretch of blocks without a mark costs one search (most
    // blocks hold none), and no list of every mark is made. Blocks come in source order (but
    // for footnotes, last: searched again).
    let text = pm.source.text.as_bytes();
    let mut mark: Option<(usize, usize)> = None;
    let mut next_mark = |from: usize| -> usize {
        if let Some((searched, found)) = mark {
            if searched <= from && from <= found {
                return found;
            }
        }
        let mut at = from;
        let found = loop {
            let Some(k) = memchr::memchr2(b'!', b'<', &text[at..]) else {
                break text.len();
            };
            let p = at + k;
            if text[p] == b'!'
                || text
                    .get(p + 1..p + 4)
                    .is_some_and(|t| t.eq_ignore_ascii_case(b"img"))
            {
                break p;
            }
            at = p + 1;
        };
        mark = Some((from, found));
        found
    };
    for block in &pm.markdown.blocks {
        let in_html = match block.kind {
            BlockKind::Html => true,
            BlockKind::Paragraph | BlockKind::Heading { .. } | BlockKind::TableRow { .. } => false,
            BlockKind::Code | BlockKind::ThematicBreak => continue,
        };
        if block.lines.is_empty() {
            continue;
        }
        // Every construct scan_images reports starts at a `!` or a `<`, or (in an HTML block,
        // where comments are blanked) is a link `[…](…)`: most prose blocks have none.
        let may_hold = |l: &crate::parse::BlockLine| {
            let raw = l.raw().as_bytes();
            if in_html {
                memchr::memchr3(b'!', b'<', b'[', raw).is_some()
            } else {
                memchr::memchr2(b'!', b'<', raw).is_some()
            }
        };
        // First the source from the first line to the end of the last at once: each line's
        // `raw` is its source bytes, some blanked to spaces, so a source without those bytes
        // has no line with one (a block of several lines costs one search, not one per line).
        let (first, last) = (&block.lines[0], &block.lines[block.lines.len() - 1]);
        let source = pm
            .source
            .text
            .as_bytes()
            .get(first.start..last.start + last.raw().len());
        // No mark from the first line's start to the last line's end (nor, in an HTML block,
        // a `[`).
        let ruled_out = source.is_some_and(|src| {
            next_mark(first.start) >= first.start + src.len()
                && !(in_html && memchr::memchr(b'[', src).is_some())
        });
        if ruled_out || !block.lines.iter().any(may_hold) {
            continue;
        }
        // Join the block's lines, remembering where each starts in the joined text and source.
        // Sized for the lines and their line feeds: no growth on the way.
        let mut joined = String::with_capacity(block.lines.iter().map(|l| l.raw().len() + 1).sum());
        // (joined offset, source offset, line)
        let mut starts: Vec<(usize, usize, usize)> = Vec::with_capacity(block.lines.len());
        for l in &block.lines {
            starts.push((joined.len(), l.start, l.line));
            joined.push_str(l.raw());
            joined.push('\n');
        }
        let to_source = |off: usize| -> (usize, usize) {
            let i = starts.partition_point(|s| s.0 <= off).saturating_sub(1);
            let (j, s, line) = starts[i];
            (s + (off - j), line)
        };
        for syn in scan_images(&joined, in_html) {
            let (start, line) = to_source(syn.range.start);
            let (end, _) = to_source(syn.range.end.saturating_sub(1));
            let target_span = syn
                .target_range
                .as_ref()
                .map(|r| to_source(r.start).0..to_source(r.end.saturating_sub(1)).0 + 1);
            let definition = match &syn.kind {
                ImageSyntaxKind::Reference { label } => by_label.get(label.as_str()).copied(),
                _ => None,
            };
            // The resolved target ([`Image::resolved_target`]).
            let target = match definition {
                Some(d) => Some(pm.definitions[d].target.as_str()),
                None => syn.target.as_deref(),
            };
            let (placeholder, not_direct) = target.map(target_problems).unwrap_or_default();
            out.push(Image {
                span: start..end + 1,
                target_span,
                line,
                definition,
                placeholder,
                not_direct,
                syntax: syn,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`definitions_in`] with the lines chosen as before [`definition_lines`]: every line's
    /// first bytes tested, from the line starts the source keeps.
    fn definitions_line_by_line(source: &SourceFile, code: &[Span]) -> Vec<Definition> {
        let bytes = source.text.as_bytes();
        let spans = (1..=source.line_count()).filter_map(|line| {
            let line_start = source.line_start(line);
            let head = &bytes[line_start.min(bytes.len())..];
            let spaces = head.iter().take(3).take_while(|&&c| c == b' ').count();
            if head.get(spaces) != Some(&b'[') {
                return None;
            }
            let span = source.line_span(line);
            memchr::memmem::find(&bytes[span.clone()], b"]:").map(|_| span)
        });
        definitions_on(source, code, spans)
    }

    #[test]
    fn labels_normalise_as_split_and_joined() {
        let pieces = [
            "a", "B", "\u{c9}", "\u{e9}", " ", "\t", "\u{a0}", "-", "1", "\u{130}",
        ];
        for t in crate::test_texts::random(&pieces, 30_000, 6, 3) {
            let want = t
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            assert_eq!(normalize_label(&t), want, "{t:?}");
        }
    }

    #[test]
    fn definitions_are_found_as_line_by_line() {
        let pieces = [
            "\n",
            "\n",
            "\r\n",
            "\r",
            " ",
            "  ",
            "   ",
            "    ",
            "[",
            "]",
            "]:",
            ":",
            "[a]: b",
            "[x]:<y z>",
            "\t",
            "a",
            "\u{e9}",
            "\u{2003}",
            "![i][a]",
            "[[",
            "\n[l]: /p.png\n",
        ];
        let key = |d: &Definition| (d.label.clone(), d.target.clone(), d.target_span.clone());
        let mut found = 0;
        for (k, t) in crate::test_texts::random(&pieces, 40_000, 16, 7)
            .into_iter()
            .enumerate()
        {
            let source = SourceFile::new("t.md", t.as_str());
            // Code spans: none, or one or two from offsets picked by the text's number.
            let n = t.len();
            let (a, b) = (k % (n + 1), (k * 7) % (n + 1));
            let code: Vec<Span> = match k % 3 {
                0 => Vec::new(),
                1 => std::iter::once(a..b.max(a)).collect(),
                _ => vec![0..a, a..n],
            };
            let want: Vec<_> = definitions_line_by_line(&source, &code)
                .iter()
                .map(key)
                .collect();
            let got: Vec<_> = definitions_in(&source, &code).iter().map(key).collect();
            assert_eq!(got, want, "{t:?} {code:?}");
            found += got.len();
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn definitions_are_read_as_the_regex_reads_them() {
        let pieces = [
            " ",
            "  ",
            "[",
            "]",
            "]:",
            ":",
            "<",
            ">",
            "a",
            "\t",
            "\n",
            "\u{a0}",
            "\u{e9}",
            "x y",
            "![",
            "label",
            "https://x/a.png",
            "\"t\"",
            "\u{2003}",
        ];
        for t in crate::test_texts::random(&pieces, 60_000, 10, 21) {
            let want = DEFINITION.captures(&t).map(|c| {
                let target = c.get(2).or_else(|| c.get(3)).expect("one alternative");
                (c.get(1).expect("label").range(), target.range())
            });
            assert_eq!(definition_in(&t), want, "{t:?}");
        }
    }
}
