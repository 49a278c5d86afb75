//! Image-like constructs in Markdown text, and what is wrong with their targets.
//!
//! This module is the fact layer behind the PM4 rules:
//!
//! * [`scan_images`] finds every construct in the text of **one block** that renders as an image, or that the
//!   author plainly meant as one but that will not render (PM401).
//! * [`scan_reference_definitions`] lists the link reference definitions of a whole document, so the caller can
//!   tell whether a [`ImageSyntaxKind::Reference`] label is defined (PM401).
//! * [`classify_target`] says whether a target is a web page rather than an image (PM403) or a template
//!   placeholder (PM404); [`local_path`] turns a relative target into the path to look for on disk (PM402);
//!   [`is_generic_alt`] spots alt text that describes nothing (PM405).
//!
//! What renders follows CommonMark 0.31.2: §2.4 (backslash escapes), §6.3 (links: link text, link destination,
//! link title, the "look for link or image" algorithm of §6.3/appendix), §6.4 (images), §6.5 (autolinks),
//! §6.6 (raw HTML) and §4.7 (link reference definitions). Code spans are expected to be blanked to spaces by the
//! caller already. All byte ranges index the `text` passed in and always fall on `char` boundaries; nothing
//! here panics on any input. Scans are built to be linear in the input: brackets are matched with a stack,
//! parentheses byte by byte within a budget of twice the text and past it through precomputed tables, searches for closing delimiters (`-->`, quotes) are memoised and
//! strings are cut only for the constructs returned. The tests run adversarial inputs of 100k repetitions.

use super::ascii_regex::AsciiRegex;
use super::caseless::Caseless;
use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

// ---------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------

/// Where an image-like construct was written and how.
///
/// All ranges are byte offsets into the `text` given to [`scan_images`], on `char` boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSyntax {
    /// Byte range of the whole construct: from the `!` (or `<` of `<img`, or `[` of a link in an HTML block)
    /// through the closing `)`, `]` or `>`. For a target CommonMark rejects it runs to the end of what was
    /// taken as the target (for [`MalformedImage::UnclosedTarget`], the end of the unbroken run of
    /// non-space characters), but stops before any `![` or `<img` in it.
    pub range: Range<usize>,
    /// Byte range of the target text (the destination without `<…>`, or the `src` value without quotes),
    /// when there is one.
    pub target_range: Option<Range<usize>>,
    /// Alt text exactly as written between the brackets (or the `alt` attribute value of an `<img>`);
    /// `""` when there is none.
    pub alt: String,
    /// The destination as written (backslash escapes and entities not processed; angle brackets, and spaces
    /// just inside them, removed), `None` when absent.
    pub target: Option<String>,
    /// What kind of construct it is.
    pub kind: ImageSyntaxKind,
}

/// The kind of an [`ImageSyntax`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageSyntaxKind {
    /// `![alt](target "title")` that CommonMark renders as an image (CommonMark §6.4 with an inline link
    /// destination, §6.3).
    Inline,
    /// `![alt][label]`, `![alt][]` or `![label]` followed by nothing that makes it a link. `label` is the
    /// normalised label (Unicode lower-cased, `ß` folded to `ss`, inner whitespace collapsed, trimmed), the
    /// same normalisation as [`scan_reference_definitions`]. The caller decides whether the label is defined;
    /// an undefined label is a PM401 finding.
    Reference {
        /// Normalised label.
        label: String,
    },
    /// `<img … src="…">` (any attribute order, single/double/no quotes, case-insensitive tag and attribute
    /// names). `target` is the `src` value as written (`None` when there is no `src`), `alt` the `alt` value.
    HtmlImg,
    /// Will not render as an image; the payload says why.
    Malformed(MalformedImage),
}

/// Why an image-like construct will not render as an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MalformedImage {
    /// `!(url)`: the `[]` of `![]` is missing. Only reported when the parenthesised text is a valid
    /// destination that ends in an image extension, or that looks like a URL (`scheme://`, `www.`,
    /// `data:image/`) when the `!` does not follow a word or sentence punctuation. So `Wow!(really)` and
    /// `We are back!(https://status.acme.io)` are left alone, while `!(https://…)` on its own is reported.
    MissingAltBrackets,
    /// `![alt]()`, `![alt](<>)`, `![alt](< >)`, `![]` or `![][]`: there is no target, and no reference label
    /// can be meant
    /// (an empty label is never a label). A non-empty `![alt]` with nothing after it is returned as
    /// [`ImageSyntaxKind::Reference`] instead, for the caller to check against the definitions.
    NoTarget,
    /// `![alt](url…` whose `(` never closes (an unbalanced `(` in the destination, no `)` before the line
    /// ends, an unclosed `<…` or title), or whose destination is followed by something that is neither a
    /// title nor `)`. E.g. `![Logo](https://a/b.png](https://c/d.jpg)`: the nested parentheses balance, so
    /// the outer one is left open.
    UnclosedTarget,
    /// `![alt]([https://…` or `![alt]([[https://…`: a Markdown link was pasted as the destination.
    TargetStartsWithBracket,
    /// The destination contains `](`: two links pasted into one.
    NestedLinkInTarget,
    /// `![alt](my image.png)`: an unescaped space outside `<…>` ends the destination, so CommonMark does not
    /// parse the image. Reported when a `)` follows on the same line with no bracket, parenthesis or angle
    /// bracket before it; the target is everything up to the `)` (less a trailing quoted title).
    SpaceInTarget,
    /// `![alt] (https://…)`: a space between `]` and `(`. CommonMark then reads `![alt]` as a (usually
    /// undefined) shortcut reference followed by literal text. Only reported when the parenthesised text
    /// looks like a URL or an image path, as for [`MalformedImage::MissingAltBrackets`].
    SpaceBeforeTarget,
    /// Markdown image syntax (any `![…]…` form), or a Markdown link whose destination ends in an image
    /// extension, inside an HTML block, where Markdown is not rendered and the text shows literally
    /// (CommonMark §4.6).
    MarkdownInHtmlBlock,
}

/// What is wrong with an image target, if anything. One target may have several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetProblem {
    /// PM403: the URL serves a web page, not an image. `fixed` is the direct-image URL when one can be
    /// derived safely: only for a GitHub `/blob/` URL that is the whole target and is not also a placeholder,
    /// as the same URL with `?raw=true` appended (`&raw=true` when a query exists, inserted before any
    /// `#fragment`).
    NotDirect {
        /// Which kind of page.
        kind: NotDirectKind,
        /// The direct URL, when it can be derived safely.
        fixed: Option<String>,
    },
    /// PM404: a placeholder left from a template. `what` names it for the message, e.g.
    /// ``"template GitHub path `username/repository`"``.
    Placeholder {
        /// Short description of the placeholder.
        what: &'static str,
    },
}

/// The kind of web page an image URL points at (PM403).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotDirectKind {
    /// `https://github.com/OWNER/REPO/blob/REF/path` without `raw=true` (or `raw=1`) in the query.
    GithubBlob,
    /// `google.TLD/url?…`: a Google search result redirect.
    GoogleRedirect,
    /// `google.TLD/imgres?…`, `google.TLD/search?…tbm=isch` (or `udm=2`), `images.google.TLD/…`.
    GoogleImageSearch,
    /// `drive.google.com/…` other than `/uc` and `/thumbnail`; `docs.google.com/…` other than export or
    /// published-drawing URLs.
    GoogleDrive,
    /// `dropbox.com/s/…` or `/scl/…` without `raw=1` or `dl=1`.
    Dropbox,
    /// `imgur.com/ID`, `imgur.com/a/ID`, `imgur.com/gallery/ID`, `imgur.com/t/…` (`i.imgur.com/ID.png` is
    /// direct).
    ImgurPage,
}

// ---------------------------------------------------------------------------------------------------------
// Scanner
// ---------------------------------------------------------------------------------------------------------

/// Every image-like construct in `text`, left to right, non-overlapping.
///
/// `text` is the source of ONE block (a paragraph, heading, table row, or an HTML block's raw text), with code
/// spans already blanked to spaces. It may span several lines.
///
/// Markdown text (`in_html_block == false`) is read as CommonMark does (§6.3 "look for link or image"):
/// brackets are matched with a stack (backslash-escaped `\[`, `\]`, `\!` never count), an image needs
/// `](` immediately after its text, a destination is either `<…>` on one line or a run of non-space,
/// non-control characters with balanced unescaped parentheses, an optional title follows after whitespace,
/// and whitespace between the parts may include one line ending. Raw HTML tags, comments and autolinks
/// (§6.5, §6.6) are skipped as units, so brackets inside attribute values never count; `<img>` tags among them
/// are reported as [`ImageSyntaxKind::HtmlImg`]. Link destinations are skipped too, so an image inside link
/// text (`[![badge](b.svg)](https://x)`) is found once, and nothing inside a URL is mistaken for an image.
/// An image nested inside another image's alt text is not reported separately (it is part of the alt).
///
/// An image whose `(…)` CommonMark rejects is reported as [`ImageSyntaxKind::Malformed`], and the text after
/// its `]` is then read again, as CommonMark does. So `![a](![b](c.png)` gives a malformed `![a](` and the
/// image `![b](c.png)`. The ranges never overlap: something that starts inside an earlier reported range is
/// dropped, and a failed image whose alt text already holds a reported construct is not reported itself,
/// because that inner construct does render. `<img>` tags that CommonMark's raw-HTML rules reject (e.g.
/// `src=a.png?w=1` unquoted with `=`) are still read, the way a browser reads them. Declarations
/// (`<!DOCTYPE …>`) follow cmark-gfm and comrak (uppercase name and whitespace), not CommonMark 0.31.
///
/// With `in_html_block == true` the text is the raw content of an HTML block, where Markdown is not
/// rendered: every `![…]…` form and every Markdown link `[text](url)` whose URL ends in an image extension
/// (`.png .jpg .jpeg .gif .svg .webp .avif .bmp`, ignoring `?query` and `#fragment`) is reported as
/// [`MalformedImage::MarkdownInHtmlBlock`] (with its alt and target filled in), while `<img>` tags are
/// [`ImageSyntaxKind::HtmlImg`]. `!(url)` is reported as [`MalformedImage::MissingAltBrackets`] in both
/// modes, because it is broken either way.
#[must_use]
pub fn scan_images(text: &str, in_html_block: bool) -> Vec<ImageSyntax> {
    let b = text.as_bytes();
    let worth_scanning = b
        .iter()
        .any(|&c| c == b'!' || c == b'<' || (in_html_block && c == b']'));
    // The position tables are `u32`; a single block of 4 GiB is not Markdown anyone renders.
    if !worth_scanning || b.len() >= NONE as usize {
        return Vec::new();
    }
    Scanner::new(text, in_html_block).run()
}

/// "No match" marker in the parenthesis table.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Opener {
    pos: usize,
    image: bool,
    /// Push order; link openers pushed before the latest link was made are inactive (links may not
    /// contain links, §6.3), without touching every opener on the stack.
    seq: usize,
}

/// A construct found so far; strings are only cut out at the end, for the constructs that survive (an
/// image in alt text is dropped when the outer image closes), which keeps deep nesting linear.
#[derive(Debug, Clone)]
struct Found {
    range: Range<usize>,
    alt: Range<usize>,
    target: Option<Range<usize>>,
    kind: ImageSyntaxKind,
}

/// A parsed link destination: `inner` is the destination text (without `<>`), `end` the byte after it
/// (after the `>` for the angle form).
#[derive(Debug, Clone)]
struct Dest {
    inner: Range<usize>,
    end: usize,
}

/// The result of parsing the `(…)` after `]` (CommonMark §6.3, inline link).
#[derive(Debug, Clone)]
enum Tail {
    /// Parsed; `dest` is `None` for `()`; `end` is the byte after `)`.
    Ok { dest: Option<Dest>, end: usize },
    /// The destination, a title or the `)` never closes.
    Unclosed { dest: Option<Dest> },
    /// A destination followed by whitespace and then something that is neither a title nor `)`.
    Trailing { dest: Dest },
}

#[derive(Debug, Default, Clone, Copy)]
struct FindCache {
    searched_from: usize,
    found: Option<usize>,
    valid: bool,
}

const FIND_COMMENT_END: usize = 0;
const FIND_PI_END: usize = 1;
const FIND_CDATA_END: usize = 2;
const FIND_GT: usize = 3;
const FIND_DQUOTE: usize = 4;
const FIND_SQUOTE: usize = 5;
const NEEDLES: [&[u8]; 6] = [b"-->", b"?>", b"]]>", b">", b"\"", b"'"];

#[derive(Debug, Default)]
struct ImgAttrs {
    src: Option<Range<usize>>,
    alt: Option<Range<usize>>,
}

struct HtmlTag {
    end: usize,
    img: Option<ImgAttrs>,
}

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    html: bool,
    /// The position tables, built when a destination is first read past [`Scanner::direct_budget`]
    /// (most blocks scanned hold none: a `!` or a `<` that starts no image).
    tables: Option<Tables>,
    /// Bytes that destinations may still be read directly, byte by byte ([`Scanner::direct_destination`]),
    /// before the tables are built: twice the text and a little more, so the direct reads stay linear in
    /// the text (many destinations in one run of text would otherwise each read to its end).
    direct_budget: usize,
    finds: [FindCache; 6],
    out: Vec<Found>,
    /// Openers with a smaller `seq` that are links are inactive.
    link_barrier: usize,
    next_seq: usize,
}

fn is_space_or_control(c: u8) -> bool {
    c <= 0x20 || c == 0x7f
}

fn is_html_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() == 1 {
        return hay.iter().position(|&c| c == needle[0]);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Position tables over a scanned text, for [`Scanner::destination`].
struct Tables {
    /// `run_end[j]`: first position `>= j` holding an ASCII space/control byte (or `len`).
    run_end: Vec<u32>,
    /// `next_special[j]`: first position `>= j` holding `(`, `)`, `\` or an ASCII space/control byte.
    next_special: Vec<u32>,
    /// For each `(`: its matching `)` within the same whitespace-free run, or [`NONE`].
    paren_match: Vec<u32>,
}

impl Tables {
    fn new(b: &[u8]) -> Self {
        let n = b.len();
        // `n < u32::MAX` is checked by the caller, so every position fits.
        let n32 = n as u32;
        let mut run_end = vec![n32; n + 1];
        let mut next_special = vec![n32; n + 1];
        for j in (0..n).rev() {
            let c = b[j];
            let sp = is_space_or_control(c);
            run_end[j] = if sp { j as u32 } else { run_end[j + 1] };
            next_special[j] = if sp || matches!(c, b'(' | b')' | b'\\') {
                j as u32
            } else {
                next_special[j + 1]
            };
        }
        let mut paren_match = vec![NONE; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut j = 0;
        while j < n {
            let c = b[j];
            if is_space_or_control(c) {
                stack.clear();
            } else if c == b'\\' && j + 1 < n && b[j + 1].is_ascii_punctuation() {
                j += 2;
                continue;
            } else if c == b'(' {
                stack.push(j as u32);
            } else if c == b')' {
                if let Some(o) = stack.pop() {
                    paren_match[o as usize] = j as u32;
                }
            }
            j += 1;
        }
        Tables {
            run_end,
            next_special,
            paren_match,
        }
    }
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, html: bool) -> Self {
        Scanner {
            text,
            b: text.as_bytes(),
            html,
            tables: None,
            direct_budget: 2 * text.len() + 64,
            finds: [FindCache::default(); 6],
            out: Vec::new(),
            link_barrier: 0,
            next_seq: 0,
        }
    }

    fn slice(&self, r: Range<usize>) -> &'a str {
        self.text.get(r).unwrap_or("")
    }

    /// First occurrence of `NEEDLES[which]` at or after `from`, memoised so that repeated failing searches
    /// stay linear overall.
    fn find(&mut self, which: usize, from: usize) -> Option<usize> {
        let cache = self.finds[which];
        if cache.valid && from >= cache.searched_from && cache.found.is_none_or(|f| f >= from) {
            return cache.found;
        }
        let found = self
            .b
            .get(from..)
            .and_then(|hay| find_bytes(hay, NEEDLES[which]))
            .map(|k| k + from);
        self.finds[which] = FindCache {
            searched_from: from,
            found,
            valid: true,
        };
        found
    }

    fn run(mut self) -> Vec<ImageSyntax> {
        let n = self.b.len();
        let mut openers: Vec<Opener> = Vec::new();
        let mut pos = 0;
        // Only `\`, `!`, `[`, `]` and `<` start anything below (every other byte moves `pos` on
        // by one): the next of `! [ ]` and the next of `< \`, each found by a search from `from`
        // and kept while `from <= pos <= next` (it is then the first at or after `pos`), so the
        // bytes between are skipped at once and each byte is searched about once.
        let b = self.b;
        let search = |set: usize, from: usize| {
            let hay = &b[from..];
            let k = if set == 0 {
                memchr::memchr3(b'!', b'[', b']', hay)
            } else {
                memchr::memchr2(b'<', b'\\', hay)
            };
            k.map_or(n, |k| from + k)
        };
        let mut next = [search(0, 0), search(1, 0)];
        let mut from = [0, 0];
        while pos < n {
            for set in 0..2 {
                if pos < from[set] || next[set] < pos {
                    (from[set], next[set]) = (pos, search(set, pos));
                }
            }
            pos = next[0].min(next[1]);
            if pos >= n {
                break;
            }
            let c = self.b[pos];
            pos = match c {
                b'\\' => {
                    if pos + 1 < n && self.b[pos + 1].is_ascii_punctuation() {
                        pos + 2
                    } else {
                        pos + 1
                    }
                }
                b'!' if pos + 1 < n && self.b[pos + 1] == b'[' => {
                    openers.push(self.opener(pos, true));
                    pos + 2
                }
                b'!' if pos + 1 < n && self.b[pos + 1] == b'(' => self.missing_alt(pos),
                b'[' => {
                    openers.push(self.opener(pos, false));
                    pos + 1
                }
                b']' => self.close_bracket(pos, &mut openers),
                b'<' => self.html_at(pos),
                _ => pos + 1,
            };
        }
        let text = self.text;
        let cut = |r: Range<usize>| text.get(r).unwrap_or("").to_string();
        self.out
            .into_iter()
            .map(|f| ImageSyntax {
                alt: cut(f.alt),
                target: f.target.clone().map(cut),
                target_range: f.target,
                range: f.range,
                kind: f.kind,
            })
            .collect()
    }

    fn opener(&mut self, pos: usize, image: bool) -> Opener {
        self.next_seq += 1;
        Opener {
            pos,
            image,
            seq: self.next_seq,
        }
    }

    /// Records a construct, dropping anything recorded earlier inside it (an image in alt text). A construct
    /// that starts inside the previous one (possible after a malformed image, whose text is scanned again as
    /// CommonMark does) is not recorded, so the output never overlaps.
    fn record(
        &mut self,
        range: Range<usize>,
        alt: Range<usize>,
        target: Option<Range<usize>>,
        kind: ImageSyntaxKind,
    ) {
        while self
            .out
            .last()
            .is_some_and(|o| o.range.start >= range.start)
        {
            self.out.pop();
        }
        if self.out.last().is_some_and(|o| o.range.end > range.start) {
            return;
        }
        let kind = match kind {
            ImageSyntaxKind::HtmlImg
            | ImageSyntaxKind::Malformed(MalformedImage::MissingAltBrackets) => kind,
            _ if self.html => ImageSyntaxKind::Malformed(MalformedImage::MarkdownInHtmlBlock),
            _ => kind,
        };
        self.out.push(Found {
            range,
            alt,
            target,
            kind,
        });
    }

    // ---- whitespace, destination, title (CommonMark §6.3) ----

    /// Skips spaces and tabs, including at most one line ending.
    fn skip_ws(&self, mut p: usize) -> usize {
        let b = self.b;
        let n = b.len();
        while p < n && matches!(b[p], b' ' | b'\t') {
            p += 1;
        }
        if p < n && matches!(b[p], b'\n' | b'\r') {
            p += if b[p] == b'\r' && p + 1 < n && b[p + 1] == b'\n' {
                2
            } else {
                1
            };
            while p < n && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
        }
        p
    }

    /// Parses a link destination starting at `p` (which is not whitespace). `Err` carries what was read
    /// when the destination cannot be valid (an unclosed `<` or an unbalanced `(`).
    fn destination(&mut self, p: usize) -> Result<Dest, Dest> {
        let b = self.b;
        let n = b.len();
        if b[p] == b'<' {
            let mut q = p + 1;
            while q < n {
                match b[q] {
                    b'\\' if q + 1 < n && b[q + 1].is_ascii_punctuation() => q += 2,
                    b'>' => {
                        // Spaces just inside `<…>` are dropped, as comrak does.
                        let mut s = p + 1;
                        let mut e = q;
                        while s < e && matches!(b[s], b' ' | b'\t') {
                            s += 1;
                        }
                        while e > s && matches!(b[e - 1], b' ' | b'\t') {
                            e -= 1;
                        }
                        return Ok(Dest {
                            inner: s..e,
                            end: q + 1,
                        });
                    }
                    b'<' | b'\n' | b'\r' => break,
                    _ => q += 1,
                }
            }
            let q = q.min(n);
            return Err(Dest {
                inner: p + 1..q,
                end: q,
            });
        }
        if self.tables.is_none() {
            if let Some(d) = self.direct_destination(p) {
                return d;
            }
        }
        self.table_destination(p)
    }

    /// [`Scanner::destination`] of a destination that does not start with `<`, read byte by byte from
    /// `p` (the position tables are not built): the run of bytes up to white space or a control byte,
    /// or up to a `)` outside parentheses opened in it; `Err` when a `(` in it is left open. Backslash
    /// escapes are skipped from `p` on (as the tables read them: `p` follows a `(` and white space, never
    /// the middle of an escape). `None` when [`Scanner::direct_budget`] runs out first (the caller then
    /// reads the tables, which are linear in the text however many destinations there are).
    fn direct_destination(&mut self, p: usize) -> Option<Result<Dest, Dest>> {
        let b = self.b;
        let n = b.len();
        let limit = n.min(p + self.direct_budget);
        let mut depth = 0usize;
        let mut q = p;
        while q < limit {
            match b[q] {
                c if is_space_or_control(c) => break,
                b'\\' => {
                    q += if q + 1 < n && b[q + 1].is_ascii_punctuation() {
                        2
                    } else {
                        1
                    };
                    continue;
                }
                b'(' => depth += 1,
                b')' if depth == 0 => {
                    self.direct_budget -= q - p;
                    return Some(Ok(Dest {
                        inner: p..q,
                        end: q,
                    }));
                }
                b')' => depth -= 1,
                _ => {}
            }
            q += 1;
        }
        let e = q.min(n);
        if e < n && !is_space_or_control(b[e]) {
            // The budget ran out before the run's end.
            self.direct_budget = 0;
            return None;
        }
        self.direct_budget = self.direct_budget.saturating_sub(e - p);
        let d = Dest {
            inner: p..e,
            end: e,
        };
        Some(if depth == 0 { Ok(d) } else { Err(d) })
    }

    /// [`Scanner::destination`] of a destination that does not start with `<`, through the position
    /// tables (built on first use).
    fn table_destination(&mut self, p: usize) -> Result<Dest, Dest> {
        let b = self.b;
        let n = b.len();
        let t = self.tables.get_or_insert_with(|| Tables::new(b));
        let mut q = p;
        loop {
            let k = t.next_special[q.min(n)] as usize;
            if k >= n {
                return Ok(Dest {
                    inner: p..n,
                    end: n,
                });
            }
            match b[k] {
                b'\\' => {
                    q = if k + 1 < n && b[k + 1].is_ascii_punctuation() {
                        k + 2
                    } else {
                        k + 1
                    }
                }
                b'(' => {
                    let m = t.paren_match[k];
                    if m == NONE {
                        let e = t.run_end[k] as usize;
                        return Err(Dest {
                            inner: p..e,
                            end: e,
                        });
                    }
                    q = m as usize + 1;
                }
                _ => {
                    return Ok(Dest {
                        inner: p..k,
                        end: k,
                    })
                }
            }
        }
    }

    /// Parses a link title starting at `t`; returns the byte after its closing delimiter.
    fn title(&mut self, t: usize) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let close = match b.get(t)? {
            b'"' => b'"',
            b'\'' => b'\'',
            b'(' => b')',
            _ => return None,
        };
        let mut q = t + 1;
        while q < n {
            let c = b[q];
            if c == b'\\' && q + 1 < n && b[q + 1].is_ascii_punctuation() {
                q += 2;
                continue;
            }
            if c == close {
                return Some(q + 1);
            }
            if close == b')' && c == b'(' {
                return None;
            }
            if matches!(c, b'\n' | b'\r') {
                // A title may not contain a blank line.
                let mut r = q + 1;
                if c == b'\r' && r < n && b[r] == b'\n' {
                    r += 1;
                }
                while r < n && matches!(b[r], b' ' | b'\t') {
                    r += 1;
                }
                if r >= n || matches!(b[r], b'\n' | b'\r') {
                    return None;
                }
                q = r;
                continue;
            }
            q += 1;
        }
        None
    }

    /// Parses `(destination "title")` where `b[open] == b'('`.
    fn inline_tail(&mut self, open: usize) -> Tail {
        let b = self.b;
        let n = b.len();
        let p = self.skip_ws(open + 1);
        if p >= n || matches!(b[p], b'\n' | b'\r') {
            return Tail::Unclosed { dest: None };
        }
        if b[p] == b')' {
            return Tail::Ok {
                dest: None,
                end: p + 1,
            };
        }
        let dest = match self.destination(p) {
            Ok(d) => d,
            Err(d) => return Tail::Unclosed { dest: Some(d) },
        };
        let q = dest.end;
        let r = self.skip_ws(q);
        if r < n && b[r] == b')' {
            return Tail::Ok {
                dest: Some(dest),
                end: r + 1,
            };
        }
        if r < n && r > q && matches!(b[r], b'"' | b'\'' | b'(') {
            if let Some(t_end) = self.title(r) {
                let s = self.skip_ws(t_end);
                if s < n && b[s] == b')' {
                    return Tail::Ok {
                        dest: Some(dest),
                        end: s + 1,
                    };
                }
            }
            return Tail::Unclosed { dest: Some(dest) };
        }
        if r >= n || b[q..r].iter().any(|&c| matches!(c, b'\n' | b'\r')) {
            // The line ends after the destination with no `)`: the `(` is left open.
            return Tail::Unclosed { dest: Some(dest) };
        }
        Tail::Trailing { dest }
    }

    // ---- brackets ----

    fn close_bracket(&mut self, c: usize, openers: &mut Vec<Opener>) -> usize {
        let Some(op) = openers.pop() else {
            return c + 1;
        };
        if op.image {
            self.close_image(op.pos, c)
        } else if op.seq <= self.link_barrier {
            c + 1
        } else {
            self.close_link(op.pos, c)
        }
    }

    fn close_link(&mut self, i: usize, c: usize) -> usize {
        if self.b.get(c + 1) != Some(&b'(') {
            return c + 1;
        }
        let Tail::Ok { dest, end } = self.inline_tail(c + 1) else {
            return c + 1;
        };
        // Links may not contain links (§6.3): earlier link openers become inactive.
        self.link_barrier = self.next_seq;
        if self.html {
            if let Some(d) = dest {
                if has_image_extension(self.slice(d.inner.clone())) {
                    self.record(
                        i..end,
                        i + 1..c,
                        Some(d.inner),
                        ImageSyntaxKind::Malformed(MalformedImage::MarkdownInHtmlBlock),
                    );
                }
            }
        }
        end
    }

    fn close_image(&mut self, i: usize, c: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let alt = i + 2..c;
        // Inline: `![alt](…)`.
        if c + 1 < n && b[c + 1] == b'(' {
            return self.inline_image(i, c);
        }
        // Full or collapsed reference: `![alt][label]`, `![alt][]`.
        if c + 1 < n && b[c + 1] == b'[' {
            if let Some(l) = self.label_end(c + 1) {
                let label = self.slice(c + 2..l);
                if is_valid_label(label) {
                    self.record(
                        i..l + 1,
                        alt,
                        None,
                        ImageSyntaxKind::Reference {
                            label: normalize_label(label),
                        },
                    );
                    return l + 1;
                }
                if l == c + 2 {
                    // Collapsed `[]`: the alt is the label.
                    let alt_text = self.slice(alt.clone());
                    if is_blank(alt_text) {
                        self.record(i..l + 1, alt, None, malformed(MalformedImage::NoTarget));
                        return l + 1;
                    }
                    if is_valid_label(alt_text) {
                        let label = normalize_label(alt_text);
                        self.record(i..l + 1, alt, None, ImageSyntaxKind::Reference { label });
                        return l + 1;
                    }
                    return c + 1;
                }
            }
        }
        // Shortcut: `![label]`.
        let alt_text = self.slice(alt.clone());
        if is_blank(alt_text) {
            self.record(i..c + 1, alt, None, malformed(MalformedImage::NoTarget));
            return c + 1;
        }
        if !is_valid_label(alt_text) {
            // Cannot be a reference: literal text, whatever is inside stays reported.
            return c + 1;
        }
        // `![alt] (https://…)`.
        let mut k = c + 1;
        while k < n && matches!(b[k], b' ' | b'\t') {
            k += 1;
        }
        if k > c + 1 && k < n && b[k] == b'(' {
            if let Tail::Ok { dest: Some(d), end } = self.inline_tail(k) {
                if looks_like_image_url(self.slice(d.inner.clone())) {
                    self.record(
                        i..end,
                        alt,
                        Some(d.inner),
                        malformed(MalformedImage::SpaceBeforeTarget),
                    );
                    return end;
                }
            }
        }
        let label = normalize_label(alt_text);
        self.record(i..c + 1, alt, None, ImageSyntaxKind::Reference { label });
        c + 1
    }

    /// Records an image whose `(…)` CommonMark does not accept. Its text is then read again as CommonMark does,
    /// so the range stops before any `![` or `<img` after the `(` (an image there still renders and is
    /// reported on its own); and nothing is recorded when a construct was already found in the alt text (it
    /// renders, the outer brackets are literal text, and the output must not overlap).
    fn record_failed(
        &mut self,
        i: usize,
        c: usize,
        end: usize,
        target: Option<Range<usize>>,
        kind: MalformedImage,
    ) {
        if self.out.last().is_some_and(|o| o.range.start >= i) {
            return;
        }
        let cut = self.nested_image_start(c + 1, end).unwrap_or(end);
        let target = target
            .map(|t| t.start..t.end.min(cut))
            .filter(|t| t.start < t.end);
        self.record(i..cut, i + 2..c, target, malformed(kind));
    }

    /// First `![` or `<img` (case-insensitive) in `from..end`.
    fn nested_image_start(&self, from: usize, end: usize) -> Option<usize> {
        let hay = self.b.get(from..end)?;
        hay.windows(2)
            .enumerate()
            .find(|&(k, w)| {
                w == b"!["
                    || (w[0] == b'<'
                        && hay
                            .get(k + 1..k + 4)
                            .is_some_and(|t| t.eq_ignore_ascii_case(b"img")))
            })
            .map(|(k, _)| from + k)
    }

    fn inline_image(&mut self, i: usize, c: usize) -> usize {
        let alt = i + 2..c;
        match self.inline_tail(c + 1) {
            Tail::Ok { dest, end } => {
                let dest = dest.filter(|d| !is_blank(self.slice(d.inner.clone())));
                let kind = match &dest {
                    None => malformed(MalformedImage::NoTarget),
                    Some(d) => {
                        let t = self.slice(d.inner.clone());
                        if t.starts_with('[') {
                            malformed(MalformedImage::TargetStartsWithBracket)
                        } else if t.contains("](") {
                            malformed(MalformedImage::NestedLinkInTarget)
                        } else {
                            ImageSyntaxKind::Inline
                        }
                    }
                };
                self.record(i..end, alt, dest.map(|d| d.inner), kind);
                end
            }
            Tail::Unclosed { dest } => {
                let end = dest.as_ref().map_or(c + 2, |d| d.end);
                let kind = match &dest {
                    Some(d) if self.slice(d.inner.clone()).starts_with('[') => {
                        MalformedImage::TargetStartsWithBracket
                    }
                    _ => MalformedImage::UnclosedTarget,
                };
                let target = dest.map(|d| d.inner).filter(|r| !r.is_empty());
                self.record_failed(i, c, end, target, kind);
                // Not an image for CommonMark: what follows `]` is read again as text (§6.3).
                c + 1
            }
            Tail::Trailing { dest } => {
                let t = self.slice(dest.inner.clone());
                let (range_end, target, kind) = if t.starts_with('[') {
                    (
                        dest.end,
                        dest.inner,
                        MalformedImage::TargetStartsWithBracket,
                    )
                } else if t.contains("](") {
                    (dest.end, dest.inner, MalformedImage::NestedLinkInTarget)
                } else if let Some((target, close)) = self.space_target(dest.inner.start) {
                    (close + 1, target, MalformedImage::SpaceInTarget)
                } else {
                    (dest.end, dest.inner, MalformedImage::UnclosedTarget)
                };
                self.record_failed(i, c, range_end, Some(target), kind);
                c + 1
            }
        }
    }

    /// For `![alt](my image.png)`: from `p`, the `)` on the same line, if the text before it is a plain path
    /// with spaces (no brackets, parentheses or angle brackets). Returns the target range (less a trailing
    /// quoted title) and the position of `)`.
    fn space_target(&self, p: usize) -> Option<(Range<usize>, usize)> {
        let b = self.b;
        let mut k = p;
        while k < b.len() {
            match b[k] {
                b')' => break,
                b'\n' | b'\r' | b'[' | b']' | b'(' | b'<' | b'>' => return None,
                _ => k += 1,
            }
        }
        if k >= b.len() {
            return None;
        }
        let mut body = self.slice(p..k).trim_end();
        if let Some(q) = body.chars().last().filter(|&q| q == '"' || q == '\'') {
            let inner = &body[..body.len() - 1];
            if let Some(idx) = inner.rfind(q) {
                if inner[..idx].ends_with([' ', '\t']) {
                    body = inner[..idx].trim_end();
                }
            }
        }
        if !body.contains([' ', '\t']) {
            return None;
        }
        Some((p..p + body.len(), k))
    }

    /// End (the `]`) of a link label starting with `[` at `open`: no unescaped `[` inside, at most 999
    /// characters (CommonMark §4.7).
    fn label_end(&self, open: usize) -> Option<usize> {
        let b = self.b;
        let mut q = open + 1;
        let mut chars = 0usize;
        while q < b.len() && chars <= 999 {
            match b[q] {
                b'\\' if q + 1 < b.len() && b[q + 1].is_ascii_punctuation() => {
                    q += 2;
                    chars += 2;
                    continue;
                }
                b'[' => return None,
                b']' => return Some(q),
                c if (c & 0xC0) != 0x80 => chars += 1,
                _ => {}
            }
            q += 1;
        }
        None
    }

    /// `!(url)` with no `[]`.
    fn missing_alt(&mut self, pos: usize) -> usize {
        // `We are back!(https://status.acme.io)` is an exclamation, not an image: after a word or sentence
        // punctuation only an image file name counts.
        let after_word = self.text[..pos].chars().next_back().is_some_and(|ch| {
            ch.is_alphanumeric() || matches!(ch, '.' | ',' | ';' | ':' | '!' | '?' | ')')
        });
        if let Tail::Ok { dest: Some(d), end } = self.inline_tail(pos + 1) {
            let t = self.slice(d.inner.clone());
            let meant = if after_word {
                has_image_extension(t)
            } else {
                looks_like_image_url(t)
            };
            if meant {
                self.record(
                    pos..end,
                    pos..pos,
                    Some(d.inner),
                    malformed(MalformedImage::MissingAltBrackets),
                );
                return end;
            }
        }
        pos + 1
    }

    // ---- raw HTML (CommonMark §6.6) and autolinks (§6.5) ----

    /// At `<`: skips a tag, comment, processing instruction, declaration, CDATA section or autolink,
    /// recording `<img>` tags. Returns the next scan position.
    fn html_at(&mut self, i: usize) -> usize {
        match self.html_tag(i) {
            Some(tag) => {
                if let Some(attrs) = tag.img {
                    let alt = attrs.alt.unwrap_or(i..i);
                    self.record(i..tag.end, alt, attrs.src, ImageSyntaxKind::HtmlImg);
                }
                tag.end
            }
            None => i + 1,
        }
    }

    fn html_tag(&mut self, i: usize) -> Option<HtmlTag> {
        let b = self.b;
        let n = b.len();
        let rest = &b[i..];
        let plain = |end: usize| Some(HtmlTag { end, img: None });
        // The second byte first: most `<` open or close a tag.
        let second = rest.get(1).copied();
        let bang = second == Some(b'!');
        if bang && rest.starts_with(b"<!--") {
            if rest[4..].starts_with(b">") {
                return plain(i + 5);
            }
            if rest[4..].starts_with(b"->") {
                return plain(i + 6);
            }
            let e = self.find(FIND_COMMENT_END, i + 4)?;
            return plain(e + 3);
        }
        if bang && rest.starts_with(b"<![CDATA[") {
            let e = self.find(FIND_CDATA_END, i + 9)?;
            return plain(e + 3);
        }
        if bang && rest.get(2).is_some_and(|c| c.is_ascii_uppercase()) {
            // A declaration as cmark-gfm and comrak read it: `<!` uppercase letters, whitespace, then to `>`.
            let mut j = i + 2;
            while j < n && b[j].is_ascii_uppercase() {
                j += 1;
            }
            if j >= n || !is_html_ws(b[j]) {
                return None;
            }
            let e = self.find(FIND_GT, j)?;
            return plain(e + 1);
        }
        if second == Some(b'?') {
            let e = self.find(FIND_PI_END, i + 2)?;
            return plain(e + 2);
        }
        if second == Some(b'/') {
            let mut j = i + 2;
            if !b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
                return None;
            }
            while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
                j += 1;
            }
            while j < n && is_html_ws(b[j]) {
                j += 1;
            }
            return if b.get(j) == Some(&b'>') {
                plain(j + 1)
            } else {
                None
            };
        }
        if rest.get(1).is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut j = i + 1;
            while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
                j += 1;
            }
            let is_img = b[i + 1..j].eq_ignore_ascii_case(b"img");
            let mut attrs = ImgAttrs::default();
            if let Some(end) = self.attributes_strict(j, is_img, &mut attrs) {
                return Some(HtmlTag {
                    end,
                    img: is_img.then_some(attrs),
                });
            }
            if is_img && (j >= n || is_html_ws(b[j]) || matches!(b[j], b'/' | b'>')) {
                let mut attrs = ImgAttrs::default();
                if let Some(end) = self.attributes_lenient(j, &mut attrs) {
                    return Some(HtmlTag {
                        end,
                        img: Some(attrs),
                    });
                }
            }
            // Fall through: `<scheme:…>` autolinks start with a letter too.
        }
        let s = self.text.get(i..)?;
        let m = AUTOLINK_URI.find(s).or_else(|| AUTOLINK_EMAIL.find(s))?;
        plain(i + m.end())
    }

    fn note_attr(&self, attrs: &mut ImgAttrs, name: Range<usize>, value: Range<usize>) {
        let name = &self.b[name];
        if name.eq_ignore_ascii_case(b"src") && attrs.src.is_none() {
            attrs.src = Some(value);
        } else if name.eq_ignore_ascii_case(b"alt") && attrs.alt.is_none() {
            attrs.alt = Some(value);
        }
    }

    /// Attributes of an open tag as CommonMark §6.6 defines them; returns the byte after `>`.
    fn attributes_strict(
        &mut self,
        mut j: usize,
        want: bool,
        attrs: &mut ImgAttrs,
    ) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        loop {
            let ws_start = j;
            while j < n && is_html_ws(b[j]) {
                j += 1;
            }
            if j >= n {
                return None;
            }
            if b[j] == b'>' {
                return Some(j + 1);
            }
            if b[j] == b'/' {
                return (b.get(j + 1) == Some(&b'>')).then_some(j + 2);
            }
            if j == ws_start || !(b[j].is_ascii_alphabetic() || matches!(b[j], b'_' | b':')) {
                return None;
            }
            let ns = j;
            j += 1;
            while j < n
                && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'.' | b':' | b'-'))
            {
                j += 1;
            }
            let name = ns..j;
            let mut k = j;
            while k < n && is_html_ws(b[k]) {
                k += 1;
            }
            if k < n && b[k] == b'=' {
                k += 1;
                while k < n && is_html_ws(b[k]) {
                    k += 1;
                }
                let (value, after) = self.attr_value(k, true)?;
                if want {
                    self.note_attr(attrs, name, value);
                }
                j = after;
            }
        }
    }

    /// Attributes of an `<img>` tag read the way a browser would, for tags CommonMark rejects
    /// (e.g. `src=https://x/a.png?a=1` unquoted with `=`).
    fn attributes_lenient(&mut self, mut j: usize, attrs: &mut ImgAttrs) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        loop {
            while j < n && is_html_ws(b[j]) {
                j += 1;
            }
            if j >= n {
                return None;
            }
            match b[j] {
                b'>' => return Some(j + 1),
                // A new tag starts: this one is not closed (also keeps the scan linear).
                b'<' => return None,
                b'/' | b'"' | b'\'' | b'=' => {
                    j += 1;
                    continue;
                }
                _ => {}
            }
            let ns = j;
            while j < n
                && !is_html_ws(b[j])
                && !matches!(b[j], b'/' | b'>' | b'=' | b'"' | b'\'' | b'<')
            {
                j += 1;
            }
            let name = ns..j;
            let mut k = j;
            while k < n && is_html_ws(b[k]) {
                k += 1;
            }
            if k < n && b[k] == b'=' {
                k += 1;
                while k < n && is_html_ws(b[k]) {
                    k += 1;
                }
                let (value, after) = self.attr_value(k, false)?;
                self.note_attr(attrs, name, value);
                j = after;
            }
        }
    }

    /// An attribute value at `k`: quoted, or unquoted (strictly per CommonMark, or up to whitespace/`>`).
    fn attr_value(&mut self, k: usize, strict: bool) -> Option<(Range<usize>, usize)> {
        let b = self.b;
        let n = b.len();
        match b.get(k)? {
            b'"' => {
                let e = self.find(FIND_DQUOTE, k + 1)?;
                Some((k + 1..e, e + 1))
            }
            b'\'' => {
                let e = self.find(FIND_SQUOTE, k + 1)?;
                Some((k + 1..e, e + 1))
            }
            _ => {
                let s = k;
                let mut k = k;
                while k < n
                    && !is_html_ws(b[k])
                    && b[k] != b'>'
                    && b[k] != b'<'
                    && !(strict && matches!(b[k], b'"' | b'\'' | b'=' | b'<' | b'`'))
                {
                    k += 1;
                }
                (k > s).then_some((s..k, k))
            }
        }
    }
}

fn malformed(m: MalformedImage) -> ImageSyntaxKind {
    ImageSyntaxKind::Malformed(m)
}

static AUTOLINK_URI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\x00-\x20<>]*>").expect("valid regex")
});
static AUTOLINK_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)*>",
    )
    .expect("valid regex")
});
static URL_LIKE: Caseless = Caseless::new(r"^(?:[a-z][a-z0-9+.\-]*://|www\.|data:image/)");

/// A target that is plainly meant as an image: a URL, `www.…`, a data URI or an image file name.
fn looks_like_image_url(s: &str) -> bool {
    URL_LIKE.is_match(s) || has_image_extension(s)
}

/// Whether the path part of `s` (before `?` and `#`) ends in an image extension.
fn has_image_extension(s: &str) -> bool {
    let path = s
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let Some(dot) = path.rfind('.') else {
        return false;
    };
    let ext = &path[dot + 1..];
    ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "bmp"]
        .iter()
        .any(|e| ext.eq_ignore_ascii_case(e))
}

// ---------------------------------------------------------------------------------------------------------
// Reference labels and definitions (CommonMark §4.7)
// ---------------------------------------------------------------------------------------------------------

/// A link label: at least one non-whitespace character, no unescaped brackets, at most 999 characters.
/// Only spaces, tabs and line endings (or nothing).
fn is_blank(s: &str) -> bool {
    s.bytes().all(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

/// One pass with early exits, so that nested alt texts cost O(1) each.
fn is_valid_label(s: &str) -> bool {
    let b = s.as_bytes();
    let mut chars = 0usize;
    let mut blank = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if (c & 0xC0) != 0x80 {
            chars += 1;
            if chars > 999 {
                return false;
            }
        }
        match c {
            b'\\' if i + 1 < b.len() && b[i + 1].is_ascii_punctuation() => {
                blank = false;
                chars += 1;
                i += 2;
                continue;
            }
            b'[' | b']' => return false,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => blank = false,
        }
        i += 1;
    }
    !blank
}

/// Label normalisation (§4.7 "matching"): trim, collapse internal spaces/tabs/line endings to one space,
/// Unicode lower-case with `ß` folded to `ss` (an approximation of Unicode case folding).
fn normalize_label(s: &str) -> String {
    let collapsed = s
        .split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    collapsed.to_lowercase().replace('ß', "ss")
}

/// Reference definitions `[label]: destination` in a whole document, as normalised labels (the same
/// normalisation as [`ImageSyntaxKind::Reference`]), in document order, each label once.
///
/// A definition is a line indented at most 3 spaces (after any `>` block-quote markers) that starts with a
/// label, then `:`, then a destination on the same line or the next non-blank line. Lines inside fenced code
/// blocks are ignored. This is deliberately lenient: it does not check that the definition starts a
/// paragraph, nor that the rest of the line is a valid destination and title, nor labels that span lines, so it
/// may list a label CommonMark would not define (which only suppresses a PM401 "undefined label" finding).
#[must_use]
pub fn scan_reference_definitions(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut fence: Option<(char, usize)> = None;
    for (idx, line) in lines.iter().enumerate() {
        let mut l: &str = line;
        loop {
            let ind = leading_spaces(l);
            if ind <= 3 && l[ind..].starts_with('>') {
                l = &l[ind + 1..];
                l = l.strip_prefix(' ').unwrap_or(l);
            } else {
                break;
            }
        }
        let ind = leading_spaces(l);
        if ind > 3 {
            continue;
        }
        let t = &l[ind..];
        if let Some((ch, len)) = fence {
            let run = t.chars().take_while(|&c| c == ch).count();
            if run >= len && t[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        for ch in ['`', '~'] {
            let run = t.chars().take_while(|&c| c == ch).count();
            if run >= 3 {
                fence = Some((ch, run));
            }
        }
        if fence.is_some() {
            continue;
        }
        let Some(rest) = t.strip_prefix('[') else {
            continue;
        };
        let rb = rest.as_bytes();
        let mut k = 0;
        let mut close = None;
        while k < rb.len() {
            match rb[k] {
                b'\\' if k + 1 < rb.len() && rb[k + 1].is_ascii_punctuation() => k += 2,
                b'[' => break,
                b']' => {
                    close = Some(k);
                    break;
                }
                _ => k += 1,
            }
        }
        let Some(close) = close else {
            continue;
        };
        let label = &rest[..close];
        let Some(after) = rest[close + 1..].strip_prefix(':') else {
            continue;
        };
        if !is_valid_label(label) {
            continue;
        }
        let has_dest = !after.trim().is_empty()
            || lines
                .get(idx + 1)
                .is_some_and(|next| !next.trim().is_empty());
        if !has_dest {
            continue;
        }
        let norm = normalize_label(label);
        if seen.insert(norm.clone()) {
            out.push(norm);
        }
    }
    out
}

fn leading_spaces(s: &str) -> usize {
    s.bytes().take_while(|&c| c == b' ').count()
}

// ---------------------------------------------------------------------------------------------------------
// Target classification
// ---------------------------------------------------------------------------------------------------------

struct UrlParts<'a> {
    host: Cow<'a, str>,
    path: &'a str,
    query: Option<Cow<'a, str>>,
}

/// The number of bytes of the scheme that starts `s` (`^[A-Za-z][A-Za-z0-9+.\-]*`) when a `:`
/// follows it.
fn scheme_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let n = 1 + b[1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    (b.get(n) == Some(&b':')).then_some(n)
}

/// The end of the match of `^[A-Za-z][A-Za-z0-9+.\-]*://` in `s` (a scheme and `://`): the
/// scheme's characters exclude `:`, so the match ends after its longest run or nowhere.
fn scheme_slashes_end(s: &str) -> Option<usize> {
    let n = scheme_len(s)?;
    s[n..].starts_with("://").then_some(n + 3)
}

/// Whether `^[A-Za-z][A-Za-z0-9+.\-]+:` matches `s`: a scheme of two or more characters and `:`.
fn scheme_any(s: &str) -> bool {
    scheme_len(s).is_some_and(|n| n >= 2)
}

/// Whether `haystack` holds `needle` (ASCII, lower case, not empty) without regard to ASCII case.
/// Only the positions whose byte is the needle's first (in either case) are compared.
#[cfg_attr(not(test), allow(dead_code))]
fn contains_ascii_caseless(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(last) = h.len().checked_sub(n.len()) else {
        return false;
    };
    let first = n[0];
    (0..=last)
        .any(|i| h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n))
}
/// Whether `s` may match [`BARE_HOST`]: each match holds one of these words, and `(?i)` matches
/// their letters (none is `k` or `s`) to ASCII letters only. Each word holds a `.`, at the
/// offset given: only the text around each `.` of `s` is compared.
fn may_be_bare_host(s: &str) -> bool {
    const WORDS: [(&str, usize); 6] = [
        ("www.", 3),
        ("github.com", 6),
        ("google.", 6),
        ("dropbox.com", 7),
        ("imgur.com", 5),
        ("example.", 7),
    ];
    let b = s.as_bytes();
    memchr::memchr_iter(b'.', b).any(|dot| {
        WORDS.iter().any(|&(w, at)| {
            dot.checked_sub(at)
                .and_then(|start| b.get(start..start + w.len()))
                .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
        })
    })
}

/// Scheme-less targets that are plainly meant as URLs (`www.…`, or a host this module knows).
static BARE_HOST: Caseless = Caseless::new(
    r"^(?:www\.[^/\s?#]+|(?:[a-z0-9\-]+\.)*(?:github\.com|google\.[a-z.]{2,6}|dropbox\.com|imgur\.com|example\.(?:com|org|net)))(?:[/?#]|$)",
);
/// A Google search host: the specification of [`is_google_host`] (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static GOOGLE_HOST: AsciiRegex =
    AsciiRegex::new(r"^(?:www\.)?google\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})$");
/// The Google image-search host: the specification of [`is_images_google_host`].
#[cfg_attr(not(test), allow(dead_code))]
static IMAGES_GOOGLE_HOST: AsciiRegex =
    AsciiRegex::new(r"^images\.google\.(?:com|co\.[a-z]{2}|com\.[a-z]{2}|[a-z]{2})$");
/// The specification of [`template_words`]' first answer (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static PATH_TO: Caseless = Caseless::new(r"(?:^|[/\\])path[/\\]to(?:[/\\]|$)");
static INSERT_NAME: Caseless = Caseless::new(r"(?:^|[/\\])insert[_\-]");
static YOUR_IMAGE: Caseless = Caseless::new(r"your[_\-]?(?:image|img|picture|photo|screenshot)");
/// Alt text that names no content, matched on the lowered alt text; every match starts with
/// `i`, `a`, `p` or `s`.
static GENERIC_ALT: AsciiRegex = AsciiRegex::new(
    r"^(?:(?:image|images|img|screenshot|screen[ _\-]?shot|alt|alt[ _\-]?text|picture|photo|pic)(?:[ _\-]?\d{1,3})?(?:\.(?:png|jpe?g|gif|webp|svg))?|screen[ _\-]?shot[ _\-]\d{4}-\d{2}-\d{2}.*)$",
);

/// Whole targets that are placeholders (compared lower-cased and trimmed).
const PLACEHOLDER_TARGETS: &[&str] = &[
    "url",
    "link",
    "image_url",
    "image-url",
    "imageurl",
    "img_url",
    "img-url",
    "image_link",
    "image-link",
    "image_path",
    "image-path",
    "path_to_image",
    "link_to_image",
    "url_here",
    "link_here",
    "#",
    "...",
    "…",
    "todo",
    "tbd",
];

/// GitHub owners that only appear in templates.
const PLACEHOLDER_OWNERS: &[&str] = &[
    "username",
    "your-username",
    "yourusername",
    "your_username",
    "<username>",
    "{username}",
    "[username]",
    "user-name",
    "your-github-username",
    "yourgithubusername",
    "github-username",
    "your-name",
    "yourname",
];

/// Splits an absolute URL (any `scheme://`, `//host`, or a scheme-less `www.…`/known host) into lower-cased
/// host, path and query (with `&amp;` read as `&`). `None` for relative targets.
fn split_url(s: &str) -> Option<UrlParts<'_>> {
    let rest = if let Some(end) = scheme_slashes_end(s) {
        &s[end..]
    } else if let Some(r) = s.strip_prefix("//") {
        r
    } else if may_be_bare_host(s) && BARE_HOST.is_match(s) {
        s
    } else {
        return None;
    };
    let auth_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host
    } else {
        host.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.');
    // Lowered: a new string only when there is an upper-case letter.
    let host = if host.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(host.to_ascii_lowercase())
    } else {
        Cow::Borrowed(host)
    };
    let remain = &rest[auth_end..];
    let path_end = remain.find(['?', '#']).unwrap_or(remain.len());
    let path = &remain[..path_end];
    let query = remain[path_end..].strip_prefix('?').map(|q| {
        let q = q.split('#').next().unwrap_or("");
        if q.contains("&amp;") {
            Cow::Owned(q.replace("&amp;", "&"))
        } else {
            Cow::Borrowed(q)
        }
    });
    Some(UrlParts { host, path, query })
}

/// The end of [`GOOGLE_HOST`] and [`IMAGES_GOOGLE_HOST`] after `google.`, by hand (the regex's
/// fixed cost was thousands of instructions per URL): `com`, `co.` or `com.` and two letters
/// `a`–`z`, or two such letters, to the end.
fn is_google_tld(rest: &str) -> bool {
    let two = |s: &[u8]| s.len() == 2 && s.iter().all(u8::is_ascii_lowercase);
    let b = rest.as_bytes();
    rest == "com"
        || b.strip_prefix(b"co.").is_some_and(two)
        || b.strip_prefix(b"com.").is_some_and(two)
        || two(b)
}

/// Whether [`GOOGLE_HOST`] matches `host`: `google.` (after an optional `www.`) and a
/// [`is_google_tld`] ending.
fn is_google_host(host: &str) -> bool {
    let h = host.strip_prefix("www.").unwrap_or(host);
    h.strip_prefix("google.").is_some_and(is_google_tld)
}

/// Whether [`IMAGES_GOOGLE_HOST`] matches `host`: `images.google.` and a [`is_google_tld`]
/// ending.
fn is_images_google_host(host: &str) -> bool {
    host.strip_prefix("images.google.")
        .is_some_and(is_google_tld)
}

fn host_is(host: &str, base: &str) -> bool {
    host == base
        || host
            .strip_suffix(base)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

fn has_param(query: Option<&str>, name: &str, values: &[&str]) -> bool {
    query.is_some_and(|q| {
        q.split('&').any(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            k.eq_ignore_ascii_case(name) && values.iter().any(|x| v.eq_ignore_ascii_case(x))
        })
    })
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

fn not_direct(url: &str) -> Option<NotDirectKind> {
    not_direct_in(&split_url(url)?)
}

/// [`not_direct`] of a URL already split ([`split_url`]).
fn not_direct_in(u: &UrlParts<'_>) -> Option<NotDirectKind> {
    let host: &str = &u.host;
    let path = u.path;
    let q = u.query.as_deref();
    if host == "github.com" || host == "www.github.com" {
        let segs = segments(path);
        if segs.len() >= 5 && segs[2] == "blob" && !has_param(q, "raw", &["true", "1"]) {
            return Some(NotDirectKind::GithubBlob);
        }
        return None;
    }
    // Both Google patterns name `google.`, which the lowered host must then hold.
    let google = host.contains("google.");
    if google && is_google_host(host) {
        if path == "/url" {
            return Some(NotDirectKind::GoogleRedirect);
        }
        if path.starts_with("/imgres")
            || (path == "/search"
                && (has_param(q, "tbm", &["isch"]) || has_param(q, "udm", &["2"])))
        {
            return Some(NotDirectKind::GoogleImageSearch);
        }
        return None;
    }
    if google && is_images_google_host(host) {
        return Some(NotDirectKind::GoogleImageSearch);
    }
    if host == "drive.google.com" {
        let direct = path.starts_with("/uc") || path.starts_with("/thumbnail");
        return (!direct).then_some(NotDirectKind::GoogleDrive);
    }
    if host == "docs.google.com" {
        let direct =
            path.contains("/export") || (path.starts_with("/drawings/") && path.contains("/pub"));
        return (!direct).then_some(NotDirectKind::GoogleDrive);
    }
    if host == "dropbox.com" || host == "www.dropbox.com" {
        let share = path.starts_with("/s/") || path.starts_with("/scl/");
        let direct = has_param(q, "raw", &["1"]) || has_param(q, "dl", &["1"]);
        return (share && !direct).then_some(NotDirectKind::Dropbox);
    }
    if matches!(host, "imgur.com" | "www.imgur.com" | "m.imgur.com") {
        let page = match segments(path).as_slice() {
            ["a" | "gallery" | "t", _, ..] => true,
            [id] => !id.contains('.'),
            _ => false,
        };
        return page.then_some(NotDirectKind::ImgurPage);
    }
    None
}

fn placeholder(piece: &str) -> Option<&'static str> {
    placeholder_in(piece, split_url(piece).as_ref())
}

/// [`placeholder`] of `piece`, whose [`split_url`] is `url`.
fn placeholder_in(piece: &str, url: Option<&UrlParts<'_>>) -> Option<&'static str> {
    let trimmed = piece.trim();
    // Lowered and compared: an ASCII piece without a new string (a non-ASCII one may lower to
    // ASCII, as the Kelvin sign does to `k`, or be `…`).
    let listed = if trimmed.is_ascii() {
        PLACEHOLDER_TARGETS
            .iter()
            .any(|t| trimmed.eq_ignore_ascii_case(t))
    } else {
        PLACEHOLDER_TARGETS.contains(&trimmed.to_lowercase().as_str())
    };
    if listed {
        return Some("placeholder target");
    }
    if let Some(u) = url {
        let host: &str = &u.host;
        if ["example.com", "example.org", "example.net"]
            .iter()
            .any(|base| host_is(host, base))
        {
            return Some("example domain");
        }
        if matches!(
            host,
            "github.com" | "www.github.com" | "raw.githubusercontent.com"
        ) {
            if let Some(owner) = segments(u.path).first() {
                let owner = percent_decode(owner).to_lowercase();
                if PLACEHOLDER_OWNERS.contains(&owner.as_str()) {
                    return Some("template GitHub path `username/repository`");
                }
            }
        }
    }
    // Each pattern is tried only on text holding a word that all its matches hold (`(?i)`
    // matches the letters of `path`, `ert` and `your` to ASCII letters only); `PATH_TO` is
    // matched whole, in the same pass ([`template_words`]).
    let (path_to, ert, your) = template_words(piece);
    if path_to {
        return Some("template path `path/to/…`");
    }
    if ert && INSERT_NAME.is_match(piece) {
        return Some("template name `insert_…`");
    }
    if your && YOUR_IMAGE.is_match(piece) {
        return Some("template name `your-image…`");
    }
    None
}

/// In one pass over `piece`: whether [`PATH_TO`] matches it, and whether it holds `ert` and
/// `your` (ASCII, either case: [`contains_ascii_caseless`]). `PATH_TO` is matched by hand: `path`,
/// a separator (`/` or `\`) and `to`, in either ASCII case (`(?i)` matches their letters to
/// ASCII letters only), at the start or after a separator, and followed by a separator or the
/// end.
fn template_words(piece: &str) -> (bool, bool, bool) {
    let b = piece.as_bytes();
    let sep = |c: u8| c == b'/' || c == b'\\';
    let at = |i: usize, w: &[u8]| {
        b.get(i..i + w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w))
    };
    let (mut path_to, mut ert, mut your) = (false, false, false);
    for i in 0..b.len() {
        // `| 0x20` lowers an ASCII letter; only `P`, `E` and `Y` join `p`, `e` and `y`.
        match b[i] | 0x20 {
            b'p' => {
                path_to |= (i == 0 || sep(b[i - 1]))
                    && at(i, b"path")
                    && b.get(i + 4).is_some_and(|&c| sep(c))
                    && at(i + 5, b"to")
                    && b.get(i + 7).is_none_or(|&c| sep(c));
            }
            b'e' => ert |= at(i, b"ert"),
            b'y' => your |= at(i, b"your"),
            _ => {}
        }
    }
    (path_to, ert, your)
}

/// `?raw=true` / `&raw=true` added to a GitHub blob URL, before any fragment. `None` when the URL already has
/// a `raw` parameter with another value.
fn github_raw_fix(url: &str) -> Option<String> {
    let (base, frag) = match url.find('#') {
        Some(k) => (&url[..k], &url[k..]),
        None => (url, ""),
    };
    let fixed = match base.split_once('?') {
        None => format!("{base}?raw=true{frag}"),
        Some((_, q)) => {
            if q.split('&').any(|kv| {
                kv.split('=')
                    .next()
                    .is_some_and(|k| k.eq_ignore_ascii_case("raw"))
            }) {
                return None;
            }
            if q.is_empty() {
                format!("{base}raw=true{frag}")
            } else {
                format!("{base}&raw=true{frag}")
            }
        }
    };
    Some(fixed)
}

/// What is wrong with an image target (PM403 web pages, PM404 placeholders), in that order; empty when
/// nothing is.
///
/// The target is taken as written (angle brackets already removed). A malformed target that holds two
/// pasted links (it starts with `[` or contains `](`) is split at `](` and each URL in it is classified, so
/// `[[https://github.com/username/repository/blob/main/a.png](https://…)]` still yields the blob and the
/// placeholder; duplicates are removed, and no fix is offered for such targets. At most one
/// [`TargetProblem::Placeholder`] is returned. A GitHub blob URL that is also a placeholder gets no fix
/// (the "fixed" URL would be just as broken).
#[must_use]
pub fn classify_target(target: &str) -> Vec<TargetProblem> {
    let t = target.trim();
    let split: Vec<&str>;
    let pieces: &[&str] = if is_one_piece(t) {
        std::slice::from_ref(&t)
    } else {
        // Two pasted links: the pieces between `](`.
        split = t
            .split("](")
            .map(|p| {
                p.trim_matches(|c: char| {
                    matches!(c, '[' | ']' | '(' | ')' | '<' | '>') || c.is_whitespace()
                })
            })
            .filter(|p| !p.is_empty())
            .collect();
        &split
    };
    let clean = pieces.len() == 1 && pieces[0] == t && !t.contains(char::is_whitespace);
    let what = pieces.iter().find_map(|p| placeholder(p));
    let mut out: Vec<TargetProblem> = Vec::new();
    for p in pieces {
        if let Some(kind) = not_direct(p) {
            let problem = TargetProblem::NotDirect {
                kind,
                fixed: blob_fix(p, kind, clean && what.is_none()),
            };
            if !out.contains(&problem) {
                out.push(problem);
            }
        }
    }
    if let Some(what) = what {
        out.push(TargetProblem::Placeholder { what });
    }
    out
}

/// Whether the trimmed target `t` is one piece: it neither starts with `[` nor holds `](` (two
/// pasted links, which [`classify_target`] splits).
fn is_one_piece(t: &str) -> bool {
    !(t.starts_with('[') || t.contains("]("))
}

/// The fix [`classify_target`] offers for a not-direct URL: `?raw=true` for a GitHub blob URL
/// when `fixable` (the whole target, no white space, not a placeholder).
fn blob_fix(url: &str, kind: NotDirectKind, fixable: bool) -> Option<String> {
    if fixable && kind == NotDirectKind::GithubBlob {
        github_raw_fix(url)
    } else {
        None
    }
}

/// The [`TargetProblem::Placeholder`] of [`classify_target`], alone (what PM404 reads): the
/// same pieces, without classifying the URLs.
#[must_use]
pub fn target_placeholder(target: &str) -> Option<&'static str> {
    let t = target.trim();
    if is_one_piece(t) {
        return placeholder(t);
    }
    classify_target(target).into_iter().find_map(|p| match p {
        TargetProblem::Placeholder { what } => Some(what),
        TargetProblem::NotDirect { .. } => None,
    })
}

/// The [`TargetProblem::NotDirect`] problems of [`classify_target`], alone (what PM403 reads),
/// as (kind, fix). For a target of one piece the placeholder test is made only for a GitHub
/// blob URL, whose fix depends on it.
#[must_use]
pub fn target_not_direct(target: &str) -> Vec<(NotDirectKind, Option<String>)> {
    let t = target.trim();
    if !is_one_piece(t) {
        return classify_target(target)
            .into_iter()
            .filter_map(|p| match p {
                TargetProblem::NotDirect { kind, fixed } => Some((kind, fixed)),
                TargetProblem::Placeholder { .. } => None,
            })
            .collect();
    }
    let Some(kind) = not_direct(t) else {
        return Vec::new();
    };
    let fixable = kind == NotDirectKind::GithubBlob
        && !t.contains(char::is_whitespace)
        && placeholder(t).is_none();
    vec![(kind, blob_fix(t, kind, fixable))]
}

/// What PM404 and PM403 read of one target, at once: ([`target_placeholder`],
/// [`target_not_direct`]). A target of one piece is split as a URL ([`split_url`]) once for both.
#[must_use]
pub fn target_problems(
    target: &str,
) -> (Option<&'static str>, Vec<(NotDirectKind, Option<String>)>) {
    let t = target.trim();
    if !is_one_piece(t) {
        return (target_placeholder(target), target_not_direct(target));
    }
    let url = split_url(t);
    let what = placeholder_in(t, url.as_ref());
    let not_direct = match url.as_ref().and_then(not_direct_in) {
        None => Vec::new(),
        Some(kind) => {
            let fixable = kind == NotDirectKind::GithubBlob
                && !t.contains(char::is_whitespace)
                && what.is_none();
            vec![(kind, blob_fix(t, kind, fixable))]
        }
    };
    (what, not_direct)
}

/// True for alt text that describes nothing: empty, or (case-insensitive, trimmed, surrounding quotes and
/// `*`/`_` emphasis and trailing punctuation ignored) `image`, `images`, `img`, `screenshot`, `alt text`,
/// `alt`, `picture`, `photo`, `pic`, optionally numbered (`image 2`, `img1`) or with an image extension
/// (`image.png`), and macOS default names (`Screenshot 2024-03-08 at 10.20.00`).
#[must_use]
pub fn is_generic_alt(alt: &str) -> bool {
    let s = alt
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '*' | '_' | '`') || c.is_whitespace());
    let s = s
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .trim();
    if s.is_empty() {
        return true;
    }
    if s.is_ascii() {
        // Lowered, an ASCII text stays ASCII: matched by hand, without a new string.
        return generic_ascii_alt(s.as_bytes());
    }
    let lower = s.to_lowercase();
    // Exact: every alternative of `GENERIC_ALT` starts with one of these letters.
    matches!(lower.as_bytes().first(), Some(b'i' | b'a' | b'p' | b's'))
        && GENERIC_ALT.is_match(&lower)
}

/// The names [`GENERIC_ALT`]'s first alternative starts with, spelt out (`screen[ _\-]?shot`,
/// `alt[ _\-]?text`).
const GENERIC_NAMES: &[&[u8]] = &[
    b"image",
    b"images",
    b"img",
    b"screenshot",
    b"screen shot",
    b"screen_shot",
    b"screen-shot",
    b"alt",
    b"alttext",
    b"alt text",
    b"alt_text",
    b"alt-text",
    b"picture",
    b"photo",
    b"pic",
];

/// Whether [`GENERIC_ALT`] matches ASCII text `s` lowered (`s` is compared without regard to
/// ASCII case: every byte the regex names is a lower-case letter, a digit, or punctuation). Its
/// first alternative: a name of [`GENERIC_NAMES`], then `(?:[ _\-]?\d{1,3})?`, then
/// `(?:\.(?:png|jpe?g|gif|webp|svg))?`, to the end (each name tried: each of those two parts
/// has one reading); its second: `screen[ _\-]?shot[ _\-]\d{4}-\d{2}-\d{2}` and no line feed
/// after it (`.*$`, without `(?s)`, ends at the text's end).
fn generic_ascii_alt(s: &[u8]) -> bool {
    if !matches!(
        s.first().map(u8::to_ascii_lowercase),
        Some(b'i' | b'a' | b'p' | b's')
    ) {
        return false;
    }
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let tail = |mut r: &[u8]| {
        if let [b' ' | b'_' | b'-', d, ..] = r {
            if d.is_ascii_digit() {
                r = &r[1..];
            }
        }
        let n = digits(r);
        if n > 3 {
            return false;
        }
        r = &r[n..];
        match r {
            [] => true,
            [b'.', ext @ ..] => [&b"png"[..], b"jpg", b"jpeg", b"gif", b"webp", b"svg"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e)),
            _ => false,
        }
    };
    let starts = |w: &[u8]| s.len() >= w.len() && s[..w.len()].eq_ignore_ascii_case(w);
    if GENERIC_NAMES
        .iter()
        .any(|w| starts(w) && tail(&s[w.len()..]))
    {
        return true;
    }
    // `screen[ _\-]?shot[ _\-]\d{4}-\d{2}-\d{2}.*$`
    [
        &b"screenshot"[..],
        b"screen shot",
        b"screen_shot",
        b"screen-shot",
    ]
    .iter()
    .any(|w| {
        if !starts(w) {
            return false;
        }
        let r = &s[w.len()..];
        let date = |r: &[u8]| -> Option<usize> {
            if !matches!(r.first(), Some(b' ' | b'_' | b'-')) {
                return None;
            }
            let mut at = 1;
            for (k, want) in [4, 2, 2].into_iter().enumerate() {
                if k > 0 {
                    if r.get(at) != Some(&b'-') {
                        return None;
                    }
                    at += 1;
                }
                if r.len() < at + want || digits(&r[at..at + want]) != want {
                    return None;
                }
                at += want;
            }
            Some(at)
        };
        date(r).is_some_and(|end| !r[end..].contains(&b'\n'))
    })
}

/// For a relative target: the path to check on disk, relative to the document (or to the repository root
/// when it starts with `/`; the caller decides). Backslash escapes (`\(`) and the common HTML entities
/// (`&amp;`, `&#32;`, …) are processed as CommonMark does for destinations, `?query` and `#fragment` are
/// removed, then `%XX` sequences are percent-decoded (invalid UTF-8 is replaced lossily).
///
/// `None` for absolute URLs (any `scheme:` of two or more characters — `http:`, `https:`, `data:`, `mailto:`,
/// `file:` — or `//host`), anchors-only (`#x`) and empty targets, and for malformed targets that embed a URL
/// (anything containing `://`, such as `[[https://…](https://…)]`): no file on disk is meant there, and
/// PM401 already reports them. A single-letter "scheme" (`C:\…`) is treated as a path.
#[must_use]
pub fn local_path(target: &str) -> Option<String> {
    let t = target.trim();
    if t.is_empty()
        || t.starts_with('#')
        || t.starts_with("//")
        || t.contains("://")
        || scheme_any(t)
    {
        return None;
    }
    let cut = t.find(['?', '#']).unwrap_or(t.len());
    let raw = &t[..cut];
    // Without `\`, `&` and `%` there is nothing to process: one copy, not three.
    if memchr::memchr3(b'\\', b'&', b'%', raw.as_bytes()).is_none() {
        return (!raw.is_empty()).then(|| raw.to_string());
    }
    let path = decode_entities(&unescape_backslashes(raw));
    let path = percent_decode(&path);
    (!path.is_empty()).then_some(path)
}

/// For an absolute web target: the `http`/`https` URL a browser would fetch, for the network check (PM406).
/// Backslash escapes and the common HTML entities are processed as for [`local_path`], the `#fragment`
/// (never sent to a server) is removed, and a scheme-relative `//host/…` is read as `https://host/…`
/// (GitHub, where postmortems are read, serves its pages over HTTPS). Percent-encoding is left as written.
///
/// `None` for every other target: relative paths (PM402 checks them), `data:`, `file:`, `ftp:` and any
/// other scheme (never fetched), targets with whitespace or a second pasted link (PM401 reports them).
#[must_use]
pub fn remote_url(target: &str) -> Option<String> {
    let t = decode_entities(&unescape_backslashes(target.trim()));
    if t.contains(char::is_whitespace) || t.contains("](") || t.starts_with('[') {
        return None;
    }
    let t = t.split('#').next().unwrap_or_default();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        t.to_string()
    } else if t.starts_with("//") && t.len() > 2 {
        format!("https:{t}")
    } else {
        return None;
    };
    let host = url.split_once("//").map_or("", |(_, rest)| rest);
    (!host.is_empty()).then_some(url)
}

fn unescape_backslashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let tail = &rest[k..];
        let decoded = tail.find(';').filter(|&e| e <= 10).and_then(|e| {
            let name = &tail[1..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse::<u32>().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((ch, e + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_scans_match_the_regexes() {
        let slashes = Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]*://").unwrap();
        let any = Regex::new(r"^[A-Za-z][A-Za-z0-9+.\-]+:").unwrap();
        for t in [
            "https://x",
            "h://x",
            "h:",
            "ht:",
            "C:\\x",
            "a+b.c-d://",
            "a b://",
            "1a://",
            "://",
            "",
            "é://",
            "https:/x",
            "mailto:me",
            "data:image/png",
            "x.png",
            "ab:cd://",
        ] {
            assert_eq!(
                scheme_slashes_end(t),
                slashes.find(t).map(|m| m.end()),
                "{t:?}"
            );
            assert_eq!(scheme_any(t), any.is_match(t), "{t:?}");
        }
    }

    #[test]
    fn direct_destinations_are_the_table_destinations() {
        let pieces = [
            "(", ")", "\\", "\\(", "\\)", "\\\\", "a", "b.png", " ", "\t", "\n", "\r", "\u{7f}",
            "![a](", "](", "[", "]", "<", ">", "é", "\"t\"", "'", "!",
        ];
        let key = |d: &Result<Dest, Dest>| match d {
            Ok(d) => (true, d.inner.clone(), d.end),
            Err(d) => (false, d.inner.clone(), d.end),
        };
        for t in crate::test_texts::random(&pieces, 40_000, 14, 11) {
            for p in 1..t.len() {
                let b = t.as_bytes();
                if b[p - 1] != b'(' || b[p] == b'<' || is_space_or_control(b[p]) {
                    continue;
                }
                let direct = Scanner::new(&t, false).direct_destination(p);
                let table = Scanner::new(&t, false).table_destination(p);
                let direct = direct.expect("the whole budget for one destination");
                assert_eq!(key(&direct), key(&table), "{t:?} at {p}");
            }
            // The whole scan, with the budget and with the tables alone.
            for html in [false, true] {
                let mut tables_only = Scanner::new(&t, html);
                tables_only.direct_budget = 0;
                let with_budget = Scanner::new(&t, html).run();
                let tables_only = tables_only.run();
                assert_eq!(with_budget, tables_only, "{t:?}");
            }
        }
    }

    #[test]
    fn placeholder_prefilters_pass_every_match() {
        let pieces = [
            "www.x.org/a.png",
            "WWW.Example.COM",
            "cdn.GitHub.com/a",
            "google.de?q",
            "sub.dropbox.com",
            "imgur.com",
            "example.net#x",
            "a/Path\\to/b",
            "path/to",
            "INSERT-name.png",
            "/inſert_x",
            "your_screenshot.png",
            "YOURIMG",
            "your-image",
            "other.png",
        ];
        for p in pieces {
            assert!(!BARE_HOST.is_match(p) || may_be_bare_host(p), "{p:?}");
            assert!(
                !PATH_TO.is_match(p) || contains_ascii_caseless(p, "path"),
                "{p:?}"
            );
            assert!(
                !INSERT_NAME.is_match(p) || contains_ascii_caseless(p, "ert"),
                "{p:?}"
            );
            assert!(
                !YOUR_IMAGE.is_match(p) || contains_ascii_caseless(p, "your"),
                "{p:?}"
            );
        }
        for p in ["www.x.org/a.png", "path/to", "/inſert_x", "your-image"] {
            assert!(
                BARE_HOST.is_match(p)
                    || PATH_TO.is_match(p)
                    || INSERT_NAME.is_match(p)
                    || YOUR_IMAGE.is_match(p),
                "{p:?}"
            );
        }
    }

    #[test]
    fn template_words_are_found_as_the_regex_and_the_scans_find_them() {
        let pieces = [
            "path", "PATH", "Path", "/", "\\", "to", "TO", "tO", "x", "p", "ath", "your", "YOUR",
            "ert", "ERT", "ins", "e", "y", "\u{17f}", "\u{212a}", ".png", "-", "_", " ",
        ];
        for t in crate::test_texts::random(&pieces, 60_000, 9, 29) {
            assert_eq!(
                template_words(&t),
                (
                    PATH_TO.is_match(&t),
                    contains_ascii_caseless(&t, "ert"),
                    contains_ascii_caseless(&t, "your")
                ),
                "{t:?}"
            );
        }
    }

    #[test]
    fn nothing_is_reported_without_a_bang_or_an_img_tag() {
        // What images::build relies on to skip a block: every construct starts at a `!` or an
        // `<img` (either case), or in an HTML block is a link `[…](…)`.
        let pieces = [
            "<",
            "img",
            "IMG",
            "<Img src=a.png>",
            "<li>",
            "</li>",
            "<a href=\"x.png\">",
            "[a](b.png)",
            "[",
            "]",
            "(",
            ")",
            "x.png",
            " ",
            "\n",
            "<http://x/a.png>",
            "<br/>",
            "<!--",
            "-->",
            "!",
            "<im",
            "g src=b.png>",
            "<?x?>",
            "<![CDATA[",
            "]]>",
            "\"",
            "'",
            "=",
        ];
        for t in crate::test_texts::random(&pieces, 40_000, 10, 23) {
            let lower = t.to_ascii_lowercase();
            if t.contains('!') || lower.contains("<img") {
                continue;
            }
            assert_eq!(scan_images(&t, false), Vec::new(), "{t:?}");
            if !t.contains('[') {
                assert_eq!(scan_images(&t, true), Vec::new(), "{t:?}");
            }
        }
    }

    #[test]
    fn generic_alts_match_as_the_regex_does() {
        let re = Regex::new(GENERIC_ALT.as_str()).unwrap();
        let pieces = [
            "image",
            "IMAGES",
            "img",
            "Screen",
            "shot",
            "screenshot",
            "alt",
            "Text",
            "picture",
            "photo",
            "pic",
            "s",
            " ",
            "_",
            "-",
            "1",
            "23",
            "2024",
            "-03",
            "-08",
            ".",
            ".png",
            ".JPEG",
            ".jpg",
            ".webp",
            ".svg",
            ".gif",
            "x",
            "\n",
            "at 10.20",
            "\u{e9}",
            "\u{663}",
        ];
        for t in crate::test_texts::random(&pieces, 60_000, 8, 3) {
            let lower = t.to_lowercase();
            let want = re.is_match(&lower);
            if t.is_ascii() {
                assert_eq!(generic_ascii_alt(t.as_bytes()), want, "{t:?}");
            }
        }
        for t in crate::test_texts::random(&pieces, 20_000, 8, 9) {
            // The whole test, against the regex on the text trimmed as it trims.
            let s = t.trim().trim_matches(|c: char| {
                matches!(c, '"' | '\'' | '*' | '_' | '`') || c.is_whitespace()
            });
            let s = s
                .trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
                .trim();
            let want = s.is_empty() || re.is_match(&s.to_lowercase());
            assert_eq!(is_generic_alt(&t), want, "{t:?}");
        }
    }

    #[test]
    fn target_problems_are_the_placeholder_and_the_web_pages() {
        let pieces = [
            "https://",
            "http://",
            "//",
            "github.com/",
            "www.",
            "raw.githubusercontent.com/",
            "username/",
            "acme/",
            "repo/",
            "blob/",
            "main/",
            "a.png",
            "?raw=true",
            "?raw=1",
            "&amp;",
            "google.com/",
            "url",
            "imgres",
            "search?tbm=isch",
            "drive.google.com/",
            "docs.google.com/",
            "dropbox.com/",
            "s/",
            "imgur.com/",
            "a/",
            "gallery/",
            "example.com",
            "path/to/",
            "your-image",
            "insert_",
            " ",
            "[",
            "](",
            ")",
            "<",
            ">",
            "#",
            "TODO",
            "\u{2026}",
            "%20",
            "images/",
            "x",
            ".",
            "/",
        ];
        for t in crate::test_texts::random(&pieces, 40_000, 8, 13) {
            assert_eq!(
                target_problems(&t),
                (target_placeholder(&t), target_not_direct(&t)),
                "{t:?}"
            );
        }
    }

    #[test]
    fn local_paths_without_escapes_are_copied() {
        let pieces = [
            "a", "/", "\\", "\\(", "&amp;", "&#32;", "&", "%20", "%", "%zz", "?q", "#f", " ",
            "\u{e9}", ".",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 8, 17) {
            let slow = {
                let t = t.trim();
                if t.is_empty()
                    || t.starts_with('#')
                    || t.starts_with("//")
                    || t.contains("://")
                    || scheme_any(t)
                {
                    None
                } else {
                    let cut = t.find(['?', '#']).unwrap_or(t.len());
                    let path = percent_decode(&decode_entities(&unescape_backslashes(&t[..cut])));
                    (!path.is_empty()).then_some(path)
                }
            };
            assert_eq!(local_path(&t), slow, "{t:?}");
        }
    }

    fn scan(text: &str) -> Vec<ImageSyntax> {
        scan_images(text, false)
    }

    fn one(text: &str) -> ImageSyntax {
        let found = scan(text);
        assert_eq!(
            found.len(),
            1,
            "expected one construct in {text:?}, got {found:#?}"
        );
        found.into_iter().next().unwrap()
    }

    fn one_html(text: &str) -> ImageSyntax {
        let found = scan_images(text, true);
        assert_eq!(
            found.len(),
            1,
            "expected one construct in {text:?}, got {found:#?}"
        );
        found.into_iter().next().unwrap()
    }

    fn bad(m: MalformedImage) -> ImageSyntaxKind {
        ImageSyntaxKind::Malformed(m)
    }

    fn reference(label: &str) -> ImageSyntaxKind {
        ImageSyntaxKind::Reference {
            label: label.to_string(),
        }
    }

    /// Every range is consistent with the text: slices work, target_range matches target.
    fn check_ranges(text: &str, found: &[ImageSyntax]) {
        let mut last_end = 0;
        for f in found {
            assert!(
                f.range.start >= last_end,
                "overlap or disorder in {found:#?}"
            );
            last_end = f.range.end;
            assert!(text.get(f.range.clone()).is_some());
            match (&f.target_range, &f.target) {
                (Some(r), Some(t)) => assert_eq!(&text[r.clone()], t),
                (None, None) => {}
                other => panic!("target and target_range disagree: {other:?}"),
            }
        }
    }

    // ---- Inline images ----

    #[test]
    fn inline_image_with_ranges() {
        let text = "See ![Error rate graph](img/errors.png) above.";
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(
            &text[f.range.clone()],
            "![Error rate graph](img/errors.png)"
        );
        assert_eq!(f.alt, "Error rate graph");
        assert_eq!(f.target.as_deref(), Some("img/errors.png"));
        assert_eq!(&text[f.target_range.clone().unwrap()], "img/errors.png");
    }

    #[test]
    fn inline_image_titles_and_angle_destinations() {
        for text in [
            r#"![a](pics/x.png "Latency")"#,
            "![a](pics/x.png 'Latency')",
            "![a](pics/x.png (Latency))",
            "![a](pics/x.png\n  \"Latency\")",
        ] {
            let f = one(text);
            assert_eq!(f.kind, ImageSyntaxKind::Inline, "{text}");
            assert_eq!(f.target.as_deref(), Some("pics/x.png"), "{text}");
            assert_eq!(f.range, 0..text.len(), "{text}");
        }
        let text = "![a](<my pics/load graph.png> \"t\")";
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some("my pics/load graph.png"));
    }

    #[test]
    fn inline_image_destination_on_next_line() {
        let text = "The pager went off:\n![On-call meme](\nhttps://media.acme-cdn.net/pager.gif)\nand then";
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(
            f.target.as_deref(),
            Some("https://media.acme-cdn.net/pager.gif")
        );
    }

    #[test]
    fn inline_image_with_balanced_and_escaped_parens() {
        let f = one("![w](https://wiki.acme.io/File:Load_(peak).png)");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(
            f.target.as_deref(),
            Some("https://wiki.acme.io/File:Load_(peak).png")
        );
        let f = one(r"![w](shots/run\(1\).png)");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some(r"shots/run\(1\).png"));
    }

    #[test]
    fn bang_inside_a_word_still_starts_an_image() {
        let text = "Hello![wave](hand.png)";
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.range, 5..text.len());
    }

    #[test]
    fn image_inside_link_is_one_inline_image() {
        let text = "[![build status](https://ci.acme.dev/badge.svg)](https://ci.acme.dev/run/42)";
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some("https://ci.acme.dev/badge.svg"));
        assert_eq!(f.alt, "build status");
    }

    #[test]
    fn image_inside_alt_is_not_reported_twice() {
        let f = one("![outer ![inner](in.png) text](out.png)");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some("out.png"));
    }

    #[test]
    fn html_img_inside_alt_is_part_of_the_image() {
        let text =
            r#"![<img src="/cover.jpg" width="100"/>](https://files.acme-cdn.net/cover.jpg)"#;
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.alt, r#"<img src="/cover.jpg" width="100"/>"#);
    }

    #[test]
    fn several_images_left_to_right() {
        let text = "![one](1.png) and ![two](2.png)\n| x | ![three](3.png) |";
        let found = scan(text);
        check_ranges(text, &found);
        let targets: Vec<_> = found.iter().map(|f| f.target.clone().unwrap()).collect();
        assert_eq!(targets, ["1.png", "2.png", "3.png"]);
    }

    #[test]
    fn escaped_bracket_in_alt() {
        let f = one(r"![a\]b](c.png)");
        assert_eq!(f.alt, r"a\]b");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
    }

    // ---- Not images ----

    #[test]
    fn false_positives() {
        for text in [
            "[not an image](diagram.png)",
            "Wow! [the dashboard](https://grafana.acme.io)",
            "This is !important for us.",
            r"\![escaped](x.png)",
            r"!\[escaped](x.png)",
            "Wow!(really) it worked",
            "(what a day!)",
            "a < b and c > d",
            "[x](https://files.acme.io/!(a.png))",
            "<https://files.acme.io/![x](y.png)>",
            "<!-- ![old](old.png) -->",
            r#"<a title="![x](y.png)">z</a>"#,
            "![a [b](c.png)",
            "![unclosed alt",
            "!",
            "![",
        ] {
            let found = scan(text);
            // `![a [b](c.png)` holds a link, `[b](c.png)`, not an image.
            assert!(found.is_empty(), "{text:?} gave {found:#?}");
        }
    }

    #[test]
    fn shortcut_whose_text_has_brackets_is_literal_but_inner_image_counts() {
        let f = one("![see ![inner](in.png) here]");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some("in.png"));
    }

    // ---- Malformed forms from the seeds ----

    #[test]
    fn target_starting_with_double_bracket() {
        let text = "![Outage overview]([[https://github.com/username/repository/blob/main/image.png](https://github.com/acme/ops/blob/master/pm/overview.jpg)])";
        let f = one(text);
        assert_eq!(f.kind, bad(MalformedImage::TargetStartsWithBracket));
        assert_eq!(f.range, 0..text.len());
        assert_eq!(
            f.target.as_deref(),
            Some("[[https://github.com/username/repository/blob/main/image.png](https://github.com/acme/ops/blob/master/pm/overview.jpg)]")
        );
        assert_eq!(f.alt, "Outage overview");
    }

    #[test]
    fn target_starting_with_single_bracket() {
        let f = one("![Alt]([https://img.acme.io/a.png)");
        assert_eq!(f.kind, bad(MalformedImage::TargetStartsWithBracket));
        let f = one("![Alt]([https://img.acme.io/a.png](https://img.acme.io/b.png)");
        assert_eq!(f.kind, bad(MalformedImage::TargetStartsWithBracket));
    }

    #[test]
    fn target_never_closing() {
        let line = "![Team Logo](https://github.com/username/repository/blob/main/image.png](https://github.com/acme/ops/blob/master/pm/logo.jpg)";
        let text = format!("{line}\n\nhttps://example.org/next");
        let f = one(&text);
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        assert_eq!(f.range, 0..line.len());
        assert_eq!(
            f.target.as_deref(),
            Some("https://github.com/username/repository/blob/main/image.png](https://github.com/acme/ops/blob/master/pm/logo.jpg)")
        );
    }

    #[test]
    fn other_unclosed_targets() {
        let f = one("![a](shots/x.png");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        assert_eq!(f.target.as_deref(), Some("shots/x.png"));
        let f = one("![a](");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        assert_eq!(f.target, None);
        let f = one("![a](<shots/x.png)");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        let f = one("![a](x.png \"title never ends)");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        let f = one("![a](\n\nx.png)");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
        let f = one("![a](x(1.png)");
        assert_eq!(f.kind, bad(MalformedImage::UnclosedTarget));
    }

    #[test]
    fn missing_alt_brackets() {
        let text = "Thanks for reading.\n!(https://www.google.com/url?sa=i&url=https%3A%2F%2Fblog.acme.io%2Fpm&psig=AbC123&ust=1)";
        let f = one(text);
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));
        assert_eq!(f.alt, "");
        assert!(f
            .target
            .as_deref()
            .unwrap()
            .starts_with("https://www.google.com/url?"));
        assert_eq!(f.range.end, text.len());
        let f = one("!(diagrams/flow.svg)");
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));
        let f = one("!(www.acme.io/pic)");
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));
        let f = one("We are back!(https://cdn.acme.io/party.gif)");
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));
        let f = one("| 10:20 | !(https://cdn.acme.io/graph) |");
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));
        assert!(scan("We are back!(https://status.acme.io)").is_empty());
        assert!(scan("Really?!(https://status.acme.io)").is_empty());
    }

    #[test]
    fn nested_link_in_target() {
        let f = one("![a](https://img.acme.io/a.png](https://img.acme.io/b.png))");
        assert_eq!(f.kind, bad(MalformedImage::NestedLinkInTarget));
        assert_eq!(
            f.target.as_deref(),
            Some("https://img.acme.io/a.png](https://img.acme.io/b.png)")
        );
    }

    #[test]
    fn space_in_target() {
        let text = "![Error page](my screenshot.png) next";
        let f = one(text);
        assert_eq!(f.kind, bad(MalformedImage::SpaceInTarget));
        assert_eq!(f.target.as_deref(), Some("my screenshot.png"));
        assert_eq!(&text[f.range.clone()], "![Error page](my screenshot.png)");
        let f = one("![e](my shot.png \"Title\")");
        assert_eq!(f.kind, bad(MalformedImage::SpaceInTarget));
        assert_eq!(f.target.as_deref(), Some("my shot.png"));
    }

    #[test]
    fn space_in_target_does_not_swallow_a_following_image() {
        let text = "![a](x.png ![b](y.png)";
        let found = scan(text);
        check_ranges(text, &found);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].kind, bad(MalformedImage::UnclosedTarget));
        assert_eq!(found[1].kind, ImageSyntaxKind::Inline);
        assert_eq!(found[1].target.as_deref(), Some("y.png"));
    }

    #[test]
    fn text_after_a_rejected_image_is_read_again() {
        let text = "![a](![b](c.png)";
        let found = scan(text);
        check_ranges(text, &found);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].kind, bad(MalformedImage::UnclosedTarget));
        assert_eq!(&text[found[0].range.clone()], "![a](");
        assert_eq!(found[0].target, None);
        assert_eq!(found[1].kind, ImageSyntaxKind::Inline);
        assert_eq!(found[1].target.as_deref(), Some("c.png"));

        // The rejected outer image is literal text; the inner one renders.
        let f = one("![see ![x](a.png) here](bad url");
        assert_eq!(f.kind, ImageSyntaxKind::Inline);
        assert_eq!(f.target.as_deref(), Some("a.png"));

        // `[` inside a rejected destination opens a link, as in CommonMark.
        let text = "![a](x.png [b](https://acme.io) c";
        let found = scan(text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].kind, bad(MalformedImage::UnclosedTarget));
    }

    #[test]
    fn declarations_and_processing_instructions_are_skipped() {
        assert!(scan("<!DOCTYPE html ![a](b.png)> <?php ![a](b.png) ?>").is_empty());
        // Not a declaration for cmark-gfm: lowercase, no whitespace.
        let f = one("<!b.png![a](c.png)>");
        assert_eq!(f.target.as_deref(), Some("c.png"));
    }

    #[test]
    fn space_before_target() {
        let f = one("![Dashboard] (https://grafana.acme.io/d.png)");
        assert_eq!(f.kind, bad(MalformedImage::SpaceBeforeTarget));
        assert_eq!(f.target.as_deref(), Some("https://grafana.acme.io/d.png"));
        // Not a URL: a shortcut reference followed by prose.
        let f = one("![logo] (see below)");
        assert_eq!(f.kind, reference("logo"));
    }

    #[test]
    fn no_target() {
        for text in [
            "![alt]()",
            "![alt](<>)",
            "![alt](< >)",
            "![]",
            "![ ]",
            "![][]",
            "![](  )",
        ] {
            let f = one(text);
            assert_eq!(f.kind, bad(MalformedImage::NoTarget), "{text}");
            assert_eq!(f.target, None, "{text}");
            assert_eq!(f.range, 0..text.len(), "{text}");
        }
    }

    // ---- References ----

    #[test]
    fn reference_forms() {
        let found = scan("![Sql1]\n![1] ");
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].kind, reference("1"));

        let f = one("![Graph][Foo \n  Bar]");
        assert_eq!(f.kind, reference("foo bar"));
        assert_eq!(f.alt, "Graph");
        let f = one("![Foo][]");
        assert_eq!(f.kind, reference("foo"));
        assert_eq!(f.range, 0..8);
        let f = one("![Straße]");
        assert_eq!(f.kind, reference("strasse"));
        // A whitespace-only second label is not a label: shortcut on the alt.
        let f = one("![Shot]]");
        assert_eq!(f.kind, reference("shot"));
        assert_eq!(f.range, 0..7);
        let f = one("![Foo][ ]");
        assert_eq!(f.kind, reference("foo"));
        assert_eq!(f.range, 0..6);
    }

    // ---- HTML ----

    #[test]
    fn html_img_forms() {
        let text = r#"<p align="center"><img src="img/outage.png" alt="Outage"></p>"#;
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::HtmlImg);
        assert_eq!(f.target.as_deref(), Some("img/outage.png"));
        assert_eq!(f.alt, "Outage");
        assert_eq!(
            &text[f.range.clone()],
            r#"<img src="img/outage.png" alt="Outage">"#
        );

        let f = one("<IMG ALT='Chart' SRC='c.png'/>");
        assert_eq!(f.kind, ImageSyntaxKind::HtmlImg);
        assert_eq!(f.target.as_deref(), Some("c.png"));
        assert_eq!(f.alt, "Chart");

        let f = one("<img src=c.png width=100% height=100% />");
        assert_eq!(f.target.as_deref(), Some("c.png"));

        let f = one("<img\n  width=\"300\"\n  src=\"https://cdn.acme.io/p.gif\"\n>");
        assert_eq!(f.target.as_deref(), Some("https://cdn.acme.io/p.gif"));

        // Not valid CommonMark raw HTML (`=` in an unquoted value); read leniently.
        let f = one("<img src=https://cdn.acme.io/p.png?w=1&h=2>");
        assert_eq!(f.kind, ImageSyntaxKind::HtmlImg);
        assert_eq!(
            f.target.as_deref(),
            Some("https://cdn.acme.io/p.png?w=1&h=2")
        );

        let f = one(r#"<img alt="no source">"#);
        assert_eq!(f.target, None);
        assert_eq!(f.alt, "no source");

        assert!(scan("<image src=x.png>").is_empty());
        assert!(scan("<img src=\"x.png\"").is_empty());
    }

    #[test]
    fn html_img_in_a_paragraph_and_a_link() {
        let text = r#"Step 2 <a href="https://imgur.com/AbC"><img src="https://i.imgur.com/AbC.gif" title="x" /></a> done"#;
        let f = one(text);
        assert_eq!(f.kind, ImageSyntaxKind::HtmlImg);
        assert_eq!(f.target.as_deref(), Some("https://i.imgur.com/AbC.gif"));
    }

    #[test]
    fn markdown_in_html_block() {
        let text = "<h1>Postmortem: Checkout Outage</h1>\n[Checkout outage banner.jpg](https://github.com/acme/ops/blob/main/pm/Checkout%20Outage.jpg?raw=true)";
        let f = one_html(text);
        assert_eq!(f.kind, bad(MalformedImage::MarkdownInHtmlBlock));
        assert_eq!(f.alt, "Checkout outage banner.jpg");
        assert_eq!(
            f.target.as_deref(),
            Some("https://github.com/acme/ops/blob/main/pm/Checkout%20Outage.jpg?raw=true")
        );
        assert!(text[f.range.clone()].starts_with("[Checkout"));

        let f = one_html("<div>\n![graph](g.png)\n</div>");
        assert_eq!(f.kind, bad(MalformedImage::MarkdownInHtmlBlock));
        assert_eq!(f.target.as_deref(), Some("g.png"));

        let f = one_html("<div>![ref shot]</div>");
        assert_eq!(f.kind, bad(MalformedImage::MarkdownInHtmlBlock));

        let f = one_html("<div>![x]([https://a.io/b.png)</div>");
        assert_eq!(f.kind, bad(MalformedImage::MarkdownInHtmlBlock));

        let f = one_html(r#"<p><img src="a.png"></p>"#);
        assert_eq!(f.kind, ImageSyntaxKind::HtmlImg);

        let f = one_html("<div>\n!(https://cdn.acme.io/a.png)\n</div>");
        assert_eq!(f.kind, bad(MalformedImage::MissingAltBrackets));

        // A link to a page is fine; a badge inside a link is reported once.
        assert!(scan_images("<div>[docs](https://acme.io/docs)</div>", true).is_empty());
        let f = one_html("<p>[![ci](https://ci.acme.dev/b.svg)](https://ci.acme.dev)</p>");
        assert_eq!(f.target.as_deref(), Some("https://ci.acme.dev/b.svg"));
        let f = one_html("<p>[![ci](b.svg)](big.png)</p>");
        assert_eq!(f.target.as_deref(), Some("big.png"));
        let f = one_html("<p>[shot](s.JPEG#frag)</p>");
        assert_eq!(f.kind, bad(MalformedImage::MarkdownInHtmlBlock));

        // Outside an HTML block the same link is fine.
        assert!(scan("[Checkout outage banner.jpg](https://acme.io/a.jpg)").is_empty());
    }

    // ---- Robustness ----

    #[test]
    fn multibyte_text_is_sliced_on_char_boundaries() {
        let text = "🔥 Ça ![Ça marche 🚀](résumé/图表.png \"标题\") 🎉 !(https://例子.测试/图.png) ![日本](語 語.png)";
        let found = scan(text);
        check_ranges(text, &found);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].alt, "Ça marche 🚀");
        assert_eq!(found[0].target.as_deref(), Some("résumé/图表.png"));
        assert_eq!(found[1].kind, bad(MalformedImage::MissingAltBrackets));
        assert_eq!(found[2].kind, bad(MalformedImage::SpaceInTarget));
        assert_eq!(found[2].target.as_deref(), Some("語 語.png"));
    }

    #[test]
    fn never_panics_on_any_prefix_or_suffix() {
        let samples = [
            "🔥![Ça 🚀](résumé/图.png \"t\") <img src='é.png' alt=\"ü\"> !(https://x/ü.png)",
            "![a](<b\\>c> 'd\\'e') [![x](y.svg)](z) <!-- é --> <?pi é?> <![CDATA[é]]> <!DOC é>",
            "![Alt]([[https://github.com/username/repository/blob/main/image.png](https://h/x.jpg)])",
            "\\![é]\\(x) ![]]()[[[(((<<<>>>)))]]] ![é][é] ![é][] ![é] (https://é.png)",
            "<img\r\nsrc=\"a.png\"\r\n> ![a](\r\nb.png\r\n\"t\")",
        ];
        for s in samples {
            for (i, _) in s.char_indices() {
                for html in [false, true] {
                    let head = &s[..i];
                    let tail = &s[i..];
                    check_ranges(head, &scan_images(head, html));
                    check_ranges(tail, &scan_images(tail, html));
                }
            }
        }
    }

    #[test]
    fn never_panics_on_pseudo_random_input() {
        let alphabet = [
            "!", "[", "]", "(", ")", "<", ">", "\\", "\"", "'", " ", "\n", "img", "src=", "a",
            ".png", "é", "🚀", "://", "`", "-->", "<!--", "=", "/", "\r",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for html in [false, true] {
                check_ranges(&s, &scan_images(&s, html));
            }
            for f in scan_images(&s, false) {
                if let Some(t) = &f.target {
                    let _ = classify_target(t);
                    let _ = local_path(t);
                }
                let _ = is_generic_alt(&f.alt);
            }
        }
    }

    /// Inputs built to make a careless scanner quadratic (unclosed brackets, parentheses, tags,
    /// comments and quotes, 100,000 times over) are scanned to the end with well-formed results:
    /// every range inside the text, on character boundaries, in order and not overlapping, each
    /// target inside its construct. That the scans stay linear is measured by the benchmark's
    /// pathological lines (`cargo bench --bench throughput -- --only pathological`), not timed
    /// here: a timed test fails on a loaded machine.
    #[test]
    fn pathological_inputs_give_well_formed_results() {
        let n = 100_000;
        let inputs = [
            "[](".repeat(n),
            "![a](".repeat(n),
            "![".repeat(n),
            "[".repeat(n) + &"]".repeat(n),
            "(".repeat(n),
            "![a](x".to_string() + &"(".repeat(n),
            "![a](".to_string() + &"()".repeat(n),
            "[](()".repeat(n),
            "<a b=\"".repeat(n),
            "<!--".repeat(n),
            "<?".repeat(n),
            "<!X".repeat(n),
            "<img src='".repeat(n),
            "](<".repeat(n),
            "](x \"".repeat(n),
            "![a](x (".repeat(n),
            "!(".repeat(n),
            "![a]".repeat(n),
            "![a][".repeat(n),
        ];
        for input in &inputs {
            for html in [false, true] {
                let mut end = 0;
                for image in scan_images(input, html) {
                    let r = image.range.clone();
                    assert!(end <= r.start && r.start < r.end && r.end <= input.len());
                    assert!(input.is_char_boundary(r.start) && input.is_char_boundary(r.end));
                    if let Some(t) = &image.target_range {
                        assert!(r.start <= t.start && t.start <= t.end && t.end <= r.end);
                    }
                    end = r.end;
                }
            }
        }
        assert_eq!(
            scan_reference_definitions(&"[a]: b\n".repeat(n)),
            vec!["a".to_string()]
        );
    }

    // ---- Reference definitions ----

    #[test]
    fn reference_definitions() {
        let doc = "# Incident\n\n![Sql1]\n\n[Sql1]: https://files.acme.io/sql1.png\n   [Foo  Bar]: <img/fb.png> \"t\"\n    [indented]: x.png\n> [quoted]: q.png\n[next line]:\n  https://acme.io/n.png\n[dangling]:\n\n[sql1]: https://dup.png\n```\n[fenced]: f.png\n```\n~~~~\n[tilde]: t.png\n~~~~\n[not a def] : x.png\n[a]b]: x\n";
        assert_eq!(
            scan_reference_definitions(doc),
            ["sql1", "foo bar", "quoted", "next line"]
        );
        assert!(scan_reference_definitions("").is_empty());
    }

    // ---- classify_target ----

    fn not_direct_kind(t: &str) -> Option<NotDirectKind> {
        classify_target(t).into_iter().find_map(|p| match p {
            TargetProblem::NotDirect { kind, .. } => Some(kind),
            _ => None,
        })
    }

    fn fix(t: &str) -> Option<String> {
        classify_target(t).into_iter().find_map(|p| match p {
            TargetProblem::NotDirect { fixed, .. } => fixed,
            _ => None,
        })
    }

    fn placeholder_of(t: &str) -> Option<&'static str> {
        classify_target(t).into_iter().find_map(|p| match p {
            TargetProblem::Placeholder { what } => Some(what),
            _ => None,
        })
    }

    #[test]
    fn google_hosts_are_matched_as_the_regexes_match_them() {
        let google = regex::Regex::new(GOOGLE_HOST.as_str()).unwrap();
        let images = regex::Regex::new(IMAGES_GOOGLE_HOST.as_str()).unwrap();
        for h in [
            "google.com",
            "www.google.com",
            "www.google.de",
            "google.co.uk",
            "google.com.au",
            "google.comx",
            "google.c",
            "google.co.u",
            "google.co.uk.",
            "google.de",
            "google.DE",
            "www.www.google.com",
            "images.google.com",
            "images.google.co.jp",
            "images.google.fr",
            "images.google.",
            "images.google.com.br",
            "mail.google.com",
            "google.é",
            "",
        ] {
            assert_eq!(is_google_host(h), google.is_match(h), "{h:?}");
            assert_eq!(is_images_google_host(h), images.is_match(h), "{h:?}");
        }
    }

    #[test]
    fn lean_classifiers_agree_with_classify_target() {
        let targets = [
            "",
            "  ",
            "images/graph-3.png",
            "path/to/your-image.png",
            "https://github.com/acme/ops/blob/main/pm/graph.png",
            "https://github.com/username/repository/blob/main/a.png",
            "https://github.com/acme/ops/blob/main/a.png?raw=false#x",
            "https://github.com/acme/ops/blob/main/a b.png",
            "[[https://github.com/username/repository/blob/main/a.png](https://imgur.com/abc)]",
            "https://www.google.com/url?q=x",
            "https://images.google.de/x",
            "https://drive.google.com/file/d/1/view",
            "https://www.dropbox.com/s/abc/a.png?dl=0",
            "https://imgur.com/gallery/abc",
            "https://example.com/a.png",
            "WWW.Example.COM/a.png",
            "www.github.com/acme/ops/blob/main/x/y.png",
            "LINK",
            "lin\u{212a}",
            "…",
            "url_here",
            "insert_screenshot.png",
            "/inſert_x.png",
            "your_image.png",
            "https://raw.githubusercontent.com/username/repo/main/a.png",
            "cdn.imgur.com.example.org/a.png",
            "x](y",
        ];
        for t in targets {
            assert_eq!(
                target_placeholder(t),
                classify_target(t).into_iter().find_map(|p| match p {
                    TargetProblem::Placeholder { what } => Some(what),
                    _ => None,
                }),
                "{t:?}"
            );
            assert_eq!(
                target_not_direct(t),
                classify_target(t)
                    .into_iter()
                    .filter_map(|p| match p {
                        TargetProblem::NotDirect { kind, fixed } => Some((kind, fixed)),
                        _ => None,
                    })
                    .collect::<Vec<_>>(),
                "{t:?}"
            );
        }
    }

    #[test]
    fn bare_hosts_and_caseless_words_are_found_as_by_windows() {
        let words = [
            "www.",
            "github.com",
            "google.",
            "dropbox.com",
            "imgur.com",
            "example.",
        ];
        let by_windows = |h: &str, n: &str| {
            h.as_bytes()
                .windows(n.len())
                .any(|w| w.eq_ignore_ascii_case(n.as_bytes()))
        };
        for h in [
            "",
            ".",
            "www",
            "www.",
            "WwW.x",
            "a.github.com",
            "GOOGLE.",
            "xexample.",
            "imgur.co",
            "dropbox.com/",
            "path/to",
            "PATH",
            "ert",
            "yOuR",
            "é.www.",
        ] {
            assert_eq!(
                may_be_bare_host(h),
                words.iter().any(|w| by_windows(h, w)),
                "{h:?}"
            );
            for n in ["path", "ert", "your", "www."] {
                assert_eq!(
                    contains_ascii_caseless(h, n),
                    by_windows(h, n),
                    "{h:?} {n:?}"
                );
            }
        }
    }

    #[test]
    fn github_blob_urls() {
        use NotDirectKind::GithubBlob;
        let t = "https://github.com/acme/ops/blob/main/pm/graph.png";
        assert_eq!(
            classify_target(t),
            [TargetProblem::NotDirect {
                kind: GithubBlob,
                fixed: Some(format!("{t}?raw=true"))
            }]
        );
        assert_eq!(
            fix("https://github.com/acme/ops/blob/main/g.png?plain=1").as_deref(),
            Some("https://github.com/acme/ops/blob/main/g.png?plain=1&raw=true")
        );
        assert_eq!(
            fix("https://github.com/acme/ops/blob/main/g.png#top").as_deref(),
            Some("https://github.com/acme/ops/blob/main/g.png?raw=true#top")
        );
        assert_eq!(
            not_direct_kind("github.com/acme/ops/blob/main/g.png"),
            Some(GithubBlob)
        );
        assert_eq!(
            not_direct_kind("https://github.com/acme/ops/blob/main/g.png?raw=false"),
            Some(GithubBlob)
        );
        assert_eq!(
            fix("https://github.com/acme/ops/blob/main/g.png?raw=false"),
            None
        );
        for ok in [
            "https://github.com/acme/ops/blob/main/g.png?raw=true",
            "https://github.com/acme/ops/blob/main/g.png?a=1&raw=true",
            "https://github.com/acme/ops/raw/main/g.png",
            "https://raw.githubusercontent.com/acme/ops/main/g.png",
            "https://user-images.githubusercontent.com/1/2-3.png",
            "https://github.com/acme/ops/assets/1/abc-def",
            "https://github.com/user-attachments/assets/abc-def",
            "https://github.com/acme/ops",
        ] {
            assert!(classify_target(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn google_urls() {
        use NotDirectKind::*;
        assert_eq!(
            not_direct_kind("https://www.google.com/url?sa=i&url=https%3A%2F%2Fa.io&psig=x"),
            Some(GoogleRedirect)
        );
        assert_eq!(
            not_direct_kind("https://google.co.uk/url?q=x"),
            Some(GoogleRedirect)
        );
        assert_eq!(
            not_direct_kind("www.google.com/url?q=x"),
            Some(GoogleRedirect)
        );
        assert_eq!(
            not_direct_kind("https://www.google.com/imgres?imgurl=https://a.io/b.png"),
            Some(GoogleImageSearch)
        );
        assert_eq!(
            not_direct_kind("https://www.google.de/search?q=outage&tbm=isch"),
            Some(GoogleImageSearch)
        );
        assert_eq!(
            not_direct_kind("https://www.google.com/search?q=outage&udm=2"),
            Some(GoogleImageSearch)
        );
        assert_eq!(
            not_direct_kind("https://images.google.com/x"),
            Some(GoogleImageSearch)
        );
        assert_eq!(
            not_direct_kind("https://drive.google.com/file/d/1AbC/view?usp=sharing"),
            Some(GoogleDrive)
        );
        assert_eq!(
            not_direct_kind("https://drive.google.com/open?id=1AbC"),
            Some(GoogleDrive)
        );
        assert_eq!(
            not_direct_kind("https://docs.google.com/document/d/1AbC/edit"),
            Some(GoogleDrive)
        );
        for ok in [
            "https://www.google.com/search?q=outage",
            "https://drive.google.com/uc?export=view&id=1AbC",
            "https://drive.google.com/thumbnail?id=1AbC",
            "https://lh3.googleusercontent.com/abc=w600",
            "https://docs.google.com/drawings/d/1AbC/export/png",
            "https://encrypted-tbn0.gstatic.com/images?q=tbn:AbC&s",
            "https://www.googleapis.com/url?x",
        ] {
            assert!(classify_target(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn dropbox_and_imgur_urls() {
        use NotDirectKind::*;
        assert_eq!(
            not_direct_kind("https://www.dropbox.com/s/abc/graph.png?dl=0"),
            Some(Dropbox)
        );
        assert_eq!(
            not_direct_kind("https://www.dropbox.com/scl/fi/abc/graph.png?rlkey=x&dl=0"),
            Some(Dropbox)
        );
        assert_eq!(
            not_direct_kind("https://dropbox.com/s/abc/graph.png"),
            Some(Dropbox)
        );
        assert_eq!(not_direct_kind("https://imgur.com/AbC123"), Some(ImgurPage));
        assert_eq!(
            not_direct_kind("https://imgur.com/a/AbC123"),
            Some(ImgurPage)
        );
        assert_eq!(
            not_direct_kind("https://imgur.com/gallery/AbC123"),
            Some(ImgurPage)
        );
        for ok in [
            "https://www.dropbox.com/s/abc/graph.png?raw=1",
            "https://www.dropbox.com/s/abc/graph.png?dl=1",
            "https://www.dropbox.com/s/abc/graph.png?dl=0&amp;raw=1",
            "https://dl.dropboxusercontent.com/s/abc/graph.png",
            "https://i.imgur.com/AbC123.png",
            "http://i.imgur.com/AbC123.jpg",
        ] {
            assert!(classify_target(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn placeholders() {
        for t in [
            "https://example.com/outage.png",
            "http://img.example.org/x.png",
            "example.net/a.png",
            "https://github.com/username/repository/raw/main/image.png",
            "https://github.com/your-username/ops/raw/main/a.png",
            "https://github.com/yourusername/ops/raw/main/a.png",
            "https://github.com/<username>/ops/raw/main/a.png",
            "https://raw.githubusercontent.com/username/repo/main/a.png",
            "path/to/image.png",
            "/path/to/diagram.svg",
            "./images/path/to/x.png",
            "insert_funny_shipwreck_diagram.jpg",
            "images/Insert-Graph-Here.png",
            "your-image-here.png",
            "assets/your_image.jpg",
            "url",
            "URL",
            "link",
            "image_url",
            "#",
            "...",
        ] {
            assert!(placeholder_of(t).is_some(), "{t}");
        }
        for t in [
            "image.png",
            "images/outage.png",
            "https://examples.com/a.png",
            "https://notexample.com/a.png",
            "https://github.com/acme/ops/raw/main/insert.png",
            "url.png",
            "links/a.png",
            "docs/inserts/x.png",
        ] {
            assert_eq!(placeholder_of(t), None, "{t}");
        }
    }

    #[test]
    fn placeholder_blob_gets_no_fix_and_both_problems() {
        let t = "https://github.com/username/repository/blob/main/image.png";
        assert_eq!(
            classify_target(t),
            [
                TargetProblem::NotDirect {
                    kind: NotDirectKind::GithubBlob,
                    fixed: None
                },
                TargetProblem::Placeholder {
                    what: "template GitHub path `username/repository`"
                }
            ]
        );
    }

    #[test]
    fn malformed_targets_are_split_into_urls() {
        let t = "[[https://github.com/username/repository/blob/main/image.png](https://github.com/acme/ops/blob/master/pm/x.jpg)]";
        assert_eq!(
            classify_target(t),
            [
                TargetProblem::NotDirect {
                    kind: NotDirectKind::GithubBlob,
                    fixed: None
                },
                TargetProblem::Placeholder {
                    what: "template GitHub path `username/repository`"
                }
            ]
        );
        let t = "https://github.com/acme/ops/blob/main/a.png](https://www.google.com/url?q=1)";
        assert_eq!(
            classify_target(t),
            [
                TargetProblem::NotDirect {
                    kind: NotDirectKind::GithubBlob,
                    fixed: None
                },
                TargetProblem::NotDirect {
                    kind: NotDirectKind::GoogleRedirect,
                    fixed: None
                }
            ]
        );
    }

    #[test]
    fn ordinary_targets_have_no_problem() {
        for t in [
            "",
            "img/a.png",
            "https://media.giphy.com/media/AbC/giphy.gif",
            "https://user-images.githubusercontent.com/1/a.png",
            "https://cdn-images-1.medium.com/max/1600/1*AbC.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "日本/図.png",
        ] {
            assert!(classify_target(t).is_empty(), "{t}");
        }
    }

    // ---- is_generic_alt ----

    #[test]
    fn generic_alt_text() {
        for alt in [
            "",
            "  ",
            "image",
            "Image",
            "IMAGES",
            "img",
            "Screenshot",
            "alt text",
            "Alt Text",
            "alt",
            "picture",
            "photo",
            "image.",
            "Image:",
            "\"image\"",
            "**Screenshot**",
            "image 1",
            "img2",
            "image.png",
            "Screenshot 2024-03-08 at 10.20.00",
            "Screen Shot 2019-03-06 at 12.33.42 PM",
        ] {
            assert!(is_generic_alt(alt), "{alt:?}");
        }
        for alt in [
            "Error rate during the outage",
            "Images of the load balancer",
            "imagery",
            "altitude",
            "photo of the rack",
            "Sql1",
            "🚀",
        ] {
            assert!(!is_generic_alt(alt), "{alt:?}");
        }
    }

    // ---- local_path ----

    #[test]
    fn local_paths() {
        assert_eq!(local_path("img/a.png").as_deref(), Some("img/a.png"));
        assert_eq!(
            local_path("./img/a%20b.png?raw=true#x").as_deref(),
            Some("./img/a b.png")
        );
        assert_eq!(
            local_path(" ../Pictures/shot.png ").as_deref(),
            Some("../Pictures/shot.png")
        );
        assert_eq!(local_path("/docs/a.png").as_deref(), Some("/docs/a.png"));
        assert_eq!(
            local_path(r"shots/run\(1\).png").as_deref(),
            Some("shots/run(1).png")
        );
        assert_eq!(local_path("a&amp;b.png").as_deref(), Some("a&b.png"));
        assert_eq!(local_path("caf%C3%A9.png").as_deref(), Some("café.png"));
        assert_eq!(local_path("bad%FF.png").as_deref(), Some("bad\u{FFFD}.png"));
        assert_eq!(local_path("100%.png").as_deref(), Some("100%.png"));
        assert_eq!(local_path("a%2").as_deref(), Some("a%2"));
        assert_eq!(local_path("图表.png").as_deref(), Some("图表.png"));
        assert_eq!(
            local_path(r"C:\shots\a.png").as_deref(),
            Some(r"C:\shots\a.png")
        );
        for t in [
            "",
            "  ",
            "#section",
            "?x=1",
            "https://a.io/x.png",
            "http://a.io/x.png",
            "HTTPS://A.IO/X.PNG",
            "//cdn.a.io/x.png",
            "data:image/png;base64,AAAA",
            "mailto:ops@acme.io",
            "file:///tmp/x.png",
            "[[https://a.io/x.png](https://b.io/y.png)]",
            "https://a.io/x.png](https://b.io/y.png)",
        ] {
            assert_eq!(local_path(t), None, "{t:?}");
        }
    }

    #[test]
    fn remote_urls() {
        assert_eq!(
            remote_url(" https://a.io/x.png#frag ").as_deref(),
            Some("https://a.io/x.png")
        );
        assert_eq!(
            remote_url("HTTP://A.IO/X.PNG").as_deref(),
            Some("HTTP://A.IO/X.PNG")
        );
        assert_eq!(
            remote_url("//cdn.a.io/x.png").as_deref(),
            Some("https://cdn.a.io/x.png")
        );
        assert_eq!(
            remote_url("https://a.io/x.png?a=1&amp;b=2").as_deref(),
            Some("https://a.io/x.png?a=1&b=2")
        );
        assert_eq!(
            remote_url(r"https://a.io/x\_y.png").as_deref(),
            Some("https://a.io/x_y.png")
        );
        for t in [
            "",
            "x.png",
            "/img/x.png",
            "#x",
            "//",
            "https://",
            "data:image/png;base64,AAAA",
            "file:///tmp/x.png",
            "ftp://a.io/x.png",
            "javascript:alert(1)",
            "https://a.io/my image.png",
            "[https://a.io/x.png](https://b.io/y.png)",
            "https://a.io/x.png](https://b.io/y.png)",
            "éééééééééé",
        ] {
            assert_eq!(remote_url(t), None, "{t:?}");
        }
    }
}
