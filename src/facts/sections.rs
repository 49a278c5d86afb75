//! Sections: where each part of the postmortem starts and ends, whatever form its title takes.
//!
//! Titles come from ATX, setext and HTML `<h1>`–`<h6>` headings, and from lines that are only a
//! title: plain lines, bold-only lines and all-caps lines inside paragraphs, and list-item labels.
//! Those pseudo-titles count only when they match one of the profile's aliases, and not when they
//! label a part of the section they stand in ("Root Cause:" inside "Issue Summary").

use super::ascii_regex::AsciiRegex;
use super::time::scan_times;
use super::word;
use super::{Cursor, TitleForm};
use crate::parse::{Block, BlockKind, Markdown};
use crate::profile::Profile;
use crate::source::Span;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// Profile section ids, shared: most titles hold the ids of one alias of the profile.
pub type Ids = Arc<[String]>;

/// One section of the document.
#[derive(Debug, Clone)]
pub struct Section {
    /// The title as written, markup removed, trimmed.
    pub title: String,
    /// Profile section ids this title satisfies (two for "Root Cause and Resolution"; none for a
    /// heading the profile does not know). Shared with the profile's [`AliasTable`] (a title
    /// that is one alias holds that alias's ids, without a copy).
    pub ids: Ids,
    /// Heading level 1..=6; pseudo-titles take the level of the sections around them.
    pub level: u8,
    pub form: TitleForm,
    /// Source span of the title text.
    pub title_span: Span,
    /// 1-based line of the title.
    pub title_line: usize,
    /// Where the title is (its block and line index).
    pub title_at: Cursor,
    /// First body position (inclusive) and end (exclusive): up to the next title of the same or
    /// a higher level (a lower or equal level number).
    pub body: std::ops::Range<Cursor>,
    /// The title line itself carries content after a separator ("Root Cause: a pool limit").
    /// Only for a known section (non-empty [`Section::ids`]); false for the others.
    pub inline_content: bool,
    /// Index (in the document's sections) of the section this one is a part of, if any: a
    /// sub-section inside another's body whose ids are that section's own or its fields
    /// ("### Root Cause" under "## Root Cause and Resolution", "### Impact" under
    /// "## Issue Summary", "### What went well" under "## Lessons Learned"), a section whose
    /// heading level puts it under a known section (not the document's title), or a section right
    /// after another at the same level, with a different title and only ids of that one
    /// ("## Root Cause and Resolution" then "## Root Cause" and "## Resolution"; "## What went
    /// well" then "## What went wrong"). Sections that are parts do not count as repeats (PM105)
    /// nor for the order (PM104).
    pub part_of: Option<usize>,
}

impl Section {
    /// Whether the section satisfies profile section `id`.
    pub fn is(&self, id: &str) -> bool {
        self.ids.iter().any(|i| i == id)
    }
    /// Whether this is a section of the document in its own right: known to the profile, not
    /// a part of another section ([`Section::part_of`]) and not a list-item label (a
    /// "- **Resolution:**" item in the timeline is a step of the timeline). PM104 and PM105 read
    /// only these.
    pub fn is_principal(&self) -> bool {
        !self.ids.is_empty() && self.part_of.is_none() && self.form != TitleForm::ListLabel
    }
    /// Whether the title is a Markdown or HTML heading (not a plain, bold or label line).
    pub fn is_heading(&self) -> bool {
        matches!(
            self.form,
            TitleForm::Atx | TitleForm::Setext | TitleForm::Html
        )
    }
}

static NUMBERING: AsciiRegex = AsciiRegex::new(
    r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)]|[a-h][.)]|(?:step|part|section|chapter) (?:\d+|[ivx]+)[.:)]?)\s+",
);
/// Parenthetical and bracketed parts: what [`normalize_title`] drops (by hand), for its tests.
#[cfg(test)]
static PARENS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"\([^)]*\)?|\[[^\]]*\]?").unwrap());
/// A separator between a title and what follows it: the specification of [`separator_in`]
/// (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static SEPARATOR: AsciiRegex = AsciiRegex::new(r"\s*(?::|\s[-–—|]\s)");

/// The first match of [`SEPARATOR`] in `text`, found by hand (the regex's fixed cost was over a
/// thousand instructions per title). A match is the white space before a separator character:
/// `:`, or `-`, `–`, `—`, `|` with white space (`\s`, Unicode `White_Space` as
/// [`char::is_whitespace`] has it) on both sides; and after a dash, its one white-space
/// character. A white-space run ends at a non-white-space character, so the match of an earlier
/// separator character starts earlier: the leftmost match is the first separator character's.
fn separator_in(text: &str) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    // Every separator character is `:`, `|`, `-` or starts with the byte E2 (`–`, `—`). A title
    // is short: one pass without branches per byte tests it (two `memchr` calls cost more).
    let marks = |c: u8| matches!(c, b':' | b'|' | b'-' | 0xE2);
    let none = if b.len() <= 64 {
        !b.iter().fold(false, |a, &c| a | marks(c))
    } else {
        memchr::memchr3(b':', b'|', b'-', b).is_none() && memchr::memchr(0xE2, b).is_none()
    };
    if none {
        return None;
    }
    if text.is_ascii() {
        // The same, byte by byte (the ASCII white space of `\s` is these six bytes).
        let white = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
        let at = b.iter().enumerate().position(|(i, &c)| {
            c == b':'
                || (matches!(c, b'-' | b'|')
                    && i > 0
                    && white(b[i - 1])
                    && b.get(i + 1).is_some_and(|&n| white(n)))
        })?;
        let start = text[..at].trim_end_matches(char::is_whitespace).len();
        return Some(start..at + 1 + usize::from(b[at] != b':'));
    }
    let mut prev_white = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            ':' => Some(i + 1),
            '-' | '–' | '—' | '|' if prev_white => chars
                .peek()
                .filter(|(_, n)| n.is_whitespace())
                .map(|&(k, n)| k + n.len_utf8()),
            _ => None,
        };
        if let Some(end) = end {
            let start = text[..i].trim_end_matches(char::is_whitespace).len();
            return Some(start..end);
        }
        prev_white = c.is_whitespace();
    }
    None
}
/// An HTML heading: the specification of [`html_headings`] (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static HTML_HEADING: AsciiRegex = AsciiRegex::new(r"(?is)<h([1-6])(?:\s[^>]*)?>(.*?)</h[1-6]\s*>");

/// The matches of [`HTML_HEADING`] in `raw`, in order, found by hand (the regex's captures cost
/// thousands of instructions per line): `found(level, inner)` for each, with the heading's level
/// (group 1) and the byte range of its text (group 2). A match starts at `<h` or `<H` and a
/// digit 1–6; the opening tag ends right there with `>`, or goes on from one white-space
/// character (`\s`: Unicode `White_Space`, as [`char::is_whitespace`] has it) to the first `>`
/// (`[^>]*` cannot pass one); the text then runs to the first closing tag (`.*?` is lazy): `</h`
/// or `</H`, a digit 1–6, white space and `>`. A start without such tags holds no match, and the
/// search goes on after it; after a match it goes on from the match's end, as `captures_iter`
/// does.
fn html_headings(raw: &str, mut found: impl FnMut(u8, std::ops::Range<usize>)) {
    let b = raw.as_bytes();
    let tag = |i: usize| {
        matches!(b.get(i), Some(b'h' | b'H')) && matches!(b.get(i + 1), Some(b'1'..=b'6'))
    };
    // What the searches of earlier starts found, for the later ones (starts only grow): the
    // first `>` at or after `gt.0` is at `gt.1` (`None`: there is none), and no closing tag
    // starts at or after `no_close`. Without them a line of many openings and no `>` or no
    // closing tag was read to its end once per opening: quadratic in its length (a 400 KB line
    // of `<h2>` took 75 s).
    let mut gt: (usize, Option<usize>) = (usize::MAX, None);
    let mut no_close = b.len();
    let mut from = 0;
    'starts: while let Some(k) = memchr::memchr(b'<', &b[from..]) {
        let s = from + k;
        from = s + 1;
        if !tag(s + 1) {
            continue;
        }
        let open_end = match b.get(s + 3) {
            Some(b'>') => s + 3,
            Some(_) if raw[s + 3..].chars().next().is_some_and(char::is_whitespace) => {
                let q = s + 3;
                if !(gt.0 <= q && gt.1.is_none_or(|at| q <= at)) {
                    gt = (q, memchr::memchr(b'>', &b[q..]).map(|j| q + j));
                }
                match gt.1 {
                    Some(at) => at,
                    None => continue,
                }
            }
            _ => continue,
        };
        let inner = open_end + 1;
        let mut p = inner;
        let limit = no_close.max(inner);
        while let Some(j) = memchr::memchr(b'<', &b[p..limit]) {
            let c = p + j;
            p = c + 1;
            if b.get(c + 1) != Some(&b'/') || !tag(c + 2) {
                continue;
            }
            let rest = &raw[c + 4..];
            let after = rest.trim_start_matches(char::is_whitespace);
            if after.starts_with('>') {
                found(b[s + 2] - b'0', inner..c);
                from = c + 4 + (rest.len() - after.len()) + 1;
                continue 'starts;
            }
        }
        no_close = no_close.min(inner);
    }
}

/// Normalises a title for alias matching: lowercase, parentheticals and bracketed parts removed,
/// `&` read as `and`, leading numbering removed, emoji and punctuation other than `' - / ;` dropped,
/// whitespace collapsed, trailing colons and full stops trimmed.
/// `"2. Timeline (all times UTC):"` → `"timeline"`; `"🔥 Root Cause & Resolution"` → `"root cause and resolution"`.
pub fn normalize_title(title: &str) -> String {
    // Numbering written with `.` or `)` inside or after it ("iv. Timeline", "b) Impact",
    // "1.2 Timeline") is read on the raw title: the steps below drop `.` and `)`.
    let (title, numbered) = match strip_marked_numbering(title) {
        Some(rest) => (rest, false),
        None => (title, true),
    };
    if title.is_ascii() {
        return normalize_ascii_title(title.as_bytes(), numbered);
    }
    let lower = title.to_lowercase();
    // One pass: `&` read as " and ", a parenthetical or bracketed part (to its closing bracket,
    // else to the end) and every character not kept are separators, and separators
    // collapse to one space between words.
    let mut collapsed = String::with_capacity(lower.len() + 8);
    let mut space = false;
    let push = |out: &mut String, c: char, space: &mut bool| {
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push(if c == '’' { '\'' } else { c });
    };
    let mut chars = lower.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' | '[' => {
                let close = if c == '(' { ')' } else { ']' };
                for d in chars.by_ref() {
                    if d == close {
                        break;
                    }
                }
                space = true;
            }
            '&' => {
                space = true;
                for a in "and".chars() {
                    push(&mut collapsed, a, &mut space);
                }
                space = true;
            }
            c if c.is_alphanumeric()
                || matches!(c, '\'' | '’' | '-' | '/' | ';' | ':' | '–' | '—' | '|') =>
            {
                push(&mut collapsed, c, &mut space);
            }
            _ => space = true,
        }
    }
    let unnumbered = if !numbered {
        &collapsed
    } else if collapsed.is_ascii() {
        strip_numbering(&collapsed)
    } else {
        // `\d` is any Unicode decimal digit: the regex decides.
        // Anchored at the start and never empty: at most one match, as `replace` would take.
        return trim_title(&NUMBERING.replace_all(&collapsed, |_| String::new()));
    };
    trim_title(unnumbered)
}

/// [`normalize_title`] for an ASCII title, byte by byte (profiles' aliases and most headings):
/// the same steps, where lowering, `is_alphanumeric` and the kept punctuation are the ASCII ones.
/// `numbered`: whether leading numbering may still be there to remove ([`strip_numbering`]).
fn normalize_ascii_title(title: &[u8], numbered: bool) -> String {
    // Bytes first (pushing a byte is cheaper than pushing a `char`), made a string once.
    let mut out: Vec<u8> = Vec::with_capacity(title.len() + 8);
    let mut space = false;
    let mut i = 0;
    while i < title.len() {
        let c = title[i].to_ascii_lowercase();
        i += 1;
        if c.is_ascii_alphanumeric() || matches!(c, b'\'' | b'-' | b'/' | b';' | b':' | b'|') {
            if space && !out.is_empty() {
                out.push(b' ');
            }
            space = false;
            out.push(c);
            continue;
        }
        match c {
            b'(' | b'[' => {
                let close = if c == b'(' { b')' } else { b']' };
                i = memchr::memchr(close, &title[i..]).map_or(title.len(), |k| i + k + 1);
            }
            b'&' => {
                if !out.is_empty() {
                    out.push(b' ');
                }
                out.extend_from_slice(b"and");
            }
            _ => {}
        }
        space = true;
    }
    let mut collapsed = String::from_utf8(out).expect("ASCII bytes");
    let unnumbered = if numbered {
        strip_numbering(&collapsed)
    } else {
        &collapsed
    };
    let kept = trim_title_str(unnumbered);
    // `kept` is a part of `collapsed`: cut `collapsed` down to it, without a new string.
    let start = kept.as_ptr() as usize - collapsed.as_ptr() as usize;
    let end = start + kept.len();
    collapsed.truncate(end);
    collapsed.drain(..start);
    collapsed
}

fn trim_title(t: &str) -> String {
    trim_title_str(t).to_string()
}

fn trim_title_str(t: &str) -> &str {
    t.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | ';' | '-' | '–' | '—' | '|' | '/')
    })
}

/// The rest of a raw title after leading numbering that only its `.` or `)` marks as numbering,
/// or `None` when the title does not start so. Numbering is the first word (after any leading
/// characters that [`normalize_title`] drops, such as emoji or `#`), followed by white space and
/// more text: numbers with dots inside ("1.2", "1.2.", "3.1)"), or a Roman numeral of `i`, `v`,
/// `x` or one letter `a`–`h` ending in `.` or `)` ("iv.", "b)"), ASCII case ignored. Plain
/// numbers ("2", "2.", "2)") are left to [`strip_numbering`], which reads them after the title is
/// collapsed, as [`NUMBERING`] does.
fn strip_marked_numbering(title: &str) -> Option<&str> {
    let start = title
        .find(|c: char| c.is_alphanumeric() || matches!(c, '(' | '[' | '&'))
        .unwrap_or(title.len());
    let rest = &title[start..];
    let end = rest.find(char::is_whitespace)?;
    let w = &rest.as_bytes()[..end];
    let after = rest[end..].trim_start();
    if after.is_empty() {
        return None;
    }
    let marked = matches!(w.last(), Some(b'.' | b')'));
    let body = if marked { &w[..w.len() - 1] } else { w };
    let numeral = !body.is_empty()
        && marked
        && (body
            .iter()
            .all(|c| matches!(c.to_ascii_lowercase(), b'i' | b'v' | b'x'))
            || (body.len() == 1 && (b'a'..=b'h').contains(&body[0].to_ascii_lowercase())));
    // Digit runs joined by single dots, at least one dot inside.
    let dotted = body.contains(&b'.')
        && body
            .split(|&c| c == b'.')
            .all(|part| !part.is_empty() && part.iter().all(u8::is_ascii_digit));
    (numeral || dotted).then_some(after)
}

/// [`NUMBERING`] removed from the start of an ASCII title whose words are separated by single
/// spaces: the pattern matches only whole words ("2.", "iv)", "b.", "step 3:") followed by a
/// space, so each alternative is a test of the first word (two for "step 3").
fn strip_numbering(t: &str) -> &str {
    let Some((first, rest)) = t.split_once(' ') else {
        return t;
    };
    let digits = |w: &[u8]| w.iter().take_while(|b| b.is_ascii_digit()).count();
    let romans = |w: &[u8]| {
        w.iter()
            .take_while(|b| matches!(b, b'i' | b'v' | b'x'))
            .count()
    };
    let w = first.as_bytes();
    // \d+(?:\.\d+)*[.)]?
    let number = {
        let mut i = digits(w);
        let mut ok = i > 0;
        while ok && w.get(i) == Some(&b'.') && digits(&w[i + 1..]) > 0 {
            i += 1 + digits(&w[i + 1..]);
        }
        if matches!(w.get(i), Some(b'.' | b')')) {
            i += 1;
        }
        ok &= i == w.len();
        ok
    };
    // [ivx]+[.)] and [a-h][.)]
    let marked = |n: usize| n > 0 && n + 1 == w.len() && matches!(w[n], b'.' | b')');
    let letter = w.len() == 2 && (b'a'..=b'h').contains(&w[0]);
    if number || marked(romans(w)) || (letter && marked(1)) {
        return rest;
    }
    // (?:step|part|section|chapter) (?:\d+|[ivx]+)[.:)]?
    if matches!(first, "step" | "part" | "section" | "chapter") {
        let Some((second, rest)) = rest.split_once(' ') else {
            return t;
        };
        let v = second.as_bytes();
        let n = digits(v).max(romans(v));
        let end = n + usize::from(matches!(v.get(n), Some(b'.' | b':' | b')')));
        if n > 0 && end == v.len() {
            return rest;
        }
    }
    t
}

/// A title as shown in messages: whitespace collapsed, leading `#`s and trailing `: ; . ,` removed.
pub fn display_title(title: &str) -> String {
    let collapsed = collapse_whitespace(title, |_| false);
    let shown = collapsed
        .trim_start_matches('#')
        .trim_end_matches(|c: char| matches!(c, ':' | ';' | '.' | ',') || c.is_whitespace())
        .trim();
    if shown.len() == collapsed.len() {
        return collapsed;
    }
    shown.to_string()
}

/// [`display_title`] of an owned title, which is returned as it is when nothing would change:
/// an ASCII title whose words are joined by single spaces (no other white space, none at either
/// end), without a leading `#` or a trailing `: ; . ,`.
fn display_title_owned(title: String) -> String {
    let b = title.as_bytes();
    // One pass, eight bytes at a time: ASCII, no white space but single spaces, none first.
    // (`load8` pads with zeros, which pass.) `after_space`: bit 7 of the first byte's lane set
    // when the byte before the chunk is a space, or the chunk starts the title.
    let mut after_space = HIGH & 0xFF;
    let mut single_spaced = true;
    let mut i = 0;
    while single_spaced && i < b.len() {
        let v = load8(b, i);
        i += 8;
        let spaces = bytes_eq(v & !HIGH, b' ');
        single_spaced = v & HIGH == 0
            && bytes_in(v & !HIGH, b'\t', b'\r') == 0
            && spaces & (spaces << 8 | after_space) == 0;
        after_space = spaces >> 56;
    }
    let shown = single_spaced
        && b.first().is_some_and(|&c| c != b'#')
        && b.last()
            .is_some_and(|&c| !matches!(c, b':' | b';' | b'.' | b',' | b' '));
    if shown {
        return title;
    }
    display_title(&title)
}

/// The words of `text` (runs of characters that are neither white space nor `sep`) joined by
/// single spaces ([`word::join_words`]).
fn collapse_whitespace(text: &str, sep: impl Fn(char) -> bool) -> String {
    word::join_words(text, sep)
}

/// Profile aliases in normalised form, with the ids each satisfies. Built once per profile
/// ([`Profile::aliases`]).
#[derive(Debug, Clone)]
pub struct AliasTable {
    entries: Vec<(String, Ids)>,
    /// No ids, shared (an empty `Arc<[String]>` is an allocation of its own).
    no_ids: Ids,
    /// Normalised alias → index of its first entry.
    index: HashMap<String, usize, BuildHasherDefault<WordHash>>,
    /// Normalised alias → index of its last entry.
    last_index: HashMap<String, usize, BuildHasherDefault<WordHash>>,
    /// Length in bytes of the longest normalised alias: no longer prefix of a title is looked
    /// up in [`AliasTable::last_index`].
    longest: usize,
    /// Every word of every normalised alias, and "and" (see [`AliasTable::could_match`]).
    words: HashSet<Box<[u8]>, BuildHasherDefault<WordHash>>,
    /// For each start of a word ([`start_slot`]), bit `n` set when some word of
    /// [`AliasTable::words`] with that start is `n` bytes long (bit 63: 63 or more): a word of
    /// another start and length is not in the set, without hashing it.
    word_shapes: Box<[u64; 1024]>,
    /// The words of [`AliasTable::words`] by [`start_slot`]: the few an ASCII word can be,
    /// compared without hashing it.
    slot_words: Vec<Vec<Box<[u8]>>>,
    /// The ASCII words of [`AliasTable::words`] of at most eight bytes, as [`word_key`]s, each
    /// at its [`ShortWords::slot`] or the one after: one or two compares test a word.
    short_words: ShortWords,
    required: Vec<String>,
    /// This table's number among the tables built by the process, which names it in [`MEMO`].
    id: u64,
}

/// [`AliasTable::lookup`]'s results on this thread, for the table it last served: documents
/// repeat their own and each other's titles ("## Timeline", "**Root Cause:**", a template's
/// headings), and a lookup is a function of the table and the title alone. Titles of at most
/// [`MEMO_TITLE_MAX`] bytes; at most [`MEMO_MAX`] of each kind (strict, loose), emptied when
/// full, so a document of many distinct titles costs a bounded map.
struct Memo {
    table: u64,
    /// Strict, then loose lookups: title → ids.
    titles: [HashMap<Box<str>, Ids, BuildHasherDefault<WordHash>>; 2],
}

const MEMO_MAX: usize = 512;
const MEMO_TITLE_MAX: usize = 120;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo {
        table: 0,
        titles: Default::default(),
    });
}

/// The number of the next [`AliasTable`] built (from 1; 0 names none in [`MEMO`]).
static NEXT_TABLE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Whether word `w` (letters and digits, ASCII letters in either case) may be numbering that
/// [`normalize_title`] removes, as word number `n` of a title (from 0) after a first word that
/// is "step", "part", "section" or "chapter" when `step`, and after words that are all digits
/// when `dotted`: digits, `i`/`v`/`x` numerals or one letter `a`–`h` first ("2", "iv.", "b)");
/// digits after digits ("1.2"); digits or `i`/`v`/`x` numerals second after such a word.
/// Digits are those of any script ([`is_number`]).
fn numbering(w: &[u8], n: usize, step: bool, dotted: bool) -> bool {
    let digits = is_number(w);
    let numeral = !w.is_empty()
        && w.iter()
            .all(|c| matches!(c.to_ascii_lowercase(), b'i' | b'v' | b'x'));
    match n {
        0 => {
            digits
                || numeral
                || (w.len() == 1 && (b'a'..=b'h').contains(&w[0].to_ascii_lowercase()))
        }
        1 if step => digits || numeral,
        _ => dotted && digits,
    }
}

/// Whether word `w` (UTF-8) is a number that [`NUMBERING`]'s `\d+` may match: ASCII digits,
/// or digits of another script ("٣", "१२"), since the regex crate's `\d` is Unicode's decimal
/// digit. A non-ASCII word is tested with `char::is_numeric`, which takes in every decimal
/// digit and a few more numbers: never false where `\d+` matches, as [`AliasTable::could_match`]
/// needs.
fn is_number(w: &[u8]) -> bool {
    if w.iter().all(u8::is_ascii_digit) {
        return !w.is_empty();
    }
    !w.is_ascii() && std::str::from_utf8(w).is_ok_and(|w| w.chars().all(char::is_numeric))
}

/// Whether word `w` is "step", "part", "section" or "chapter" (ASCII case ignored), which
/// numbering may follow.
fn is_step_word(w: &[u8]) -> bool {
    matches!(w.len(), 4 | 7)
        && ["step", "part", "section", "chapter"]
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s.as_bytes()))
}

/// The hash of [`AliasTable`]'s maps and of [`MEMO`] (words of the profile's aliases, normalised
/// aliases, titles of the document): eight bytes at a step, each added to the state and
/// multiplied by an odd constant (the step of FxHash, rustc's hasher; its finish rotates the
/// well-mixed high bits down to the low bits that pick a bucket). Cheaper on a title than the
/// default SipHash or a hash of one byte at a step, whose loop ended on a mispredicted branch.
#[derive(Default)]
struct WordHash(u64);

/// [`WordHash`]'s multiplier (rustc-hash 2's).
const WORD_HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHash {
    fn add(&mut self, v: u64) {
        self.0 = self.0.wrapping_add(v).wrapping_mul(WORD_HASH_K);
    }
}

impl Hasher for WordHash {
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        // The last one to seven bytes: their last eight when there are eight (overlapping the
        // chunk before), else two overlapping four-byte reads, or three single bytes.
        let tail = match rest.len() {
            0 => return self.add(n as u64),
            _ if n >= 8 => u64::from_le_bytes(bytes[n - 8..].try_into().expect("eight bytes")),
            4.. => {
                let four = |at: usize| {
                    u64::from(u32::from_le_bytes(
                        rest[at..at + 4].try_into().expect("four bytes"),
                    ))
                };
                four(0) | four(rest.len() - 4) << 32
            }
            k => u64::from(rest[0]) | u64::from(rest[k / 2]) << 8 | u64::from(rest[k - 1]) << 16,
        };
        self.add(tail);
        self.add(n as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// The bit of a [`AliasTable::word_shapes`] entry for a word of `len` bytes.
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

/// The slot in [`AliasTable::word_shapes`] of a (non-empty, lowered) word: its first two bytes
/// (0 for a one-byte word), five bits each (distinct for the letters `a`–`z`).
fn start_slot(w: &[u8]) -> usize {
    usize::from(w[0] & 31) << 5 | usize::from(w.get(1).map_or(0, |c| c & 31))
}

/// Eight bytes with every byte 1.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of every byte.
const HIGH: u64 = ONES * 0x80;

/// Bit 7 of each byte of `v7` (every byte below 0x80) set where the byte is in `lo..=hi`
/// (`lo` at least 1, `hi` below 0x80): no sum carries into the next byte.
fn bytes_in(v7: u64, lo: u8, hi: u8) -> u64 {
    v7.wrapping_add(ONES * u64::from(0x80 - lo))
        & !v7.wrapping_add(ONES * u64::from(0x7F - hi))
        & HIGH
}

/// Bit 7 of each byte of `v` set where the byte is an ASCII letter or digit.
fn alnum_bytes(v: u64) -> u64 {
    let v7 = v & !HIGH;
    (bytes_in(v7, b'0', b'9') | bytes_in(v7 | (ONES * 0x20), b'a', b'z')) & !v & HIGH
}

/// Bit 7 of each byte of `v7` (every byte below 0x80) set where the byte is `c`.
fn bytes_eq(v7: u64, c: u8) -> u64 {
    !(v7 ^ (ONES * u64::from(c))).wrapping_add(ONES * 0x7F) & HIGH
}

/// The eight bytes of `b` from `i` (little-endian: byte `i` lowest), zeros past its end.
fn load8(b: &[u8], i: usize) -> u64 {
    if let Some(s) = b.get(i..i + 8) {
        return u64::from_le_bytes(s.try_into().expect("eight bytes"));
    }
    if b.len() >= 8 {
        // The last eight bytes, shifted down to start at `i`.
        let last = u64::from_le_bytes(b[b.len() - 8..].try_into().expect("eight bytes"));
        // At the end (`i == b.len()`) the shift is 64: nothing is left.
        return last.checked_shr(8 * (i + 8 - b.len()) as u32).unwrap_or(0);
    }
    b[i.min(b.len())..]
        .iter()
        .rev()
        .fold(0, |v, &c| v << 8 | u64::from(c))
}

/// A word of one to eight ASCII letters and digits as one number: its bytes lowered,
/// little-endian, zeros after it. `v` holds the word from its low byte on, `len` its length.
fn word_key(v: u64, len: usize) -> u64 {
    let mask = u64::MAX >> (64 - 8 * len);
    (v | (ONES * 0x20)) & mask
}

/// [`word_key`] of a lowered word of one to eight ASCII letters and digits.
fn key_of(w: &[u8]) -> u64 {
    word_key(load8(w, 0), w.len())
}

/// A set of [`word_key`]s: each key at its slot (`key * mul`'s top bits) or the slot after,
/// the multiplier chosen so that every key fits so.
#[derive(Debug, Clone)]
struct ShortWords {
    keys: Box<[u64]>,
    mul: u64,
    shift: u32,
}

impl ShortWords {
    /// The set of the ASCII words of `words` of at most eight bytes. Empty (and never used:
    /// see [`AliasTable::could_match`]) if no multiplier places them.
    fn new<'w>(words: impl IntoIterator<Item = &'w Box<[u8]>>) -> Self {
        let keys: Vec<u64> = words
            .into_iter()
            .filter(|w| (1..=8).contains(&w.len()) && w.is_ascii())
            .map(|w| key_of(w))
            .collect();
        let mut bits = (keys.len() * 4)
            .max(64)
            .next_power_of_two()
            .trailing_zeros();
        let mut mul: u64 = 0x9E37_79B9_7F4A_7C15;
        while bits <= 16 {
            for _ in 0..64 {
                let shift = 64 - bits;
                let mut table = vec![0u64; 1 << bits];
                let fits = keys.iter().all(|&k| {
                    let h = (k.wrapping_mul(mul) >> shift) as usize;
                    let next = (h + 1) & (table.len() - 1);
                    if table[h] == 0 || table[h] == k {
                        table[h] = k;
                    } else if table[next] == 0 || table[next] == k {
                        table[next] = k;
                    } else {
                        return false;
                    }
                    true
                });
                if fits {
                    return ShortWords {
                        keys: table.into(),
                        mul,
                        shift,
                    };
                }
                // The next odd multiplier (xorshift).
                mul ^= mul << 13;
                mul ^= mul >> 7;
                mul ^= mul << 17;
                mul |= 1;
            }
            bits += 1;
        }
        ShortWords {
            keys: Box::new([]),
            mul: 0,
            shift: 0,
        }
    }

    /// Whether `key` (a [`word_key`], never 0) is in the set: one load and compare per slot,
    /// no branch on which.
    fn contains(&self, key: u64) -> bool {
        let h = (key.wrapping_mul(self.mul) >> self.shift) as usize;
        let mask = self.keys.len() - 1;
        (self.keys[h] == key) | (self.keys[(h + 1) & mask] == key)
    }
}

impl Profile {
    /// The profile's section titles in matching form, built on first use.
    pub fn aliases(&self) -> &AliasTable {
        self.alias_table.0.get_or_init(|| AliasTable::new(self))
    }
}

impl AliasTable {
    pub fn new(profile: &Profile) -> Self {
        let mut entries = Vec::new();
        for c in &profile.combined {
            let ids = Ids::from(c.covers.as_slice());
            for a in c.aliases.iter().chain(&c.title) {
                entries.push((normalize_title(a), ids.clone()));
            }
        }
        for s in &profile.sections {
            let ids = Ids::from([s.id.clone()]);
            for a in s.aliases.iter().chain(std::iter::once(&s.title)) {
                entries.push((normalize_title(a), ids.clone()));
            }
        }
        let mut index: HashMap<String, usize, BuildHasherDefault<WordHash>> = HashMap::default();
        let mut words: HashSet<Box<[u8]>, BuildHasherDefault<WordHash>> =
            ["and", "step", "part", "section", "chapter"]
                .into_iter()
                .map(|w| w.as_bytes().into())
                .collect();
        let mut last_index: HashMap<String, usize, BuildHasherDefault<WordHash>> =
            HashMap::default();
        for (i, (alias, _)) in entries.iter().enumerate() {
            index.entry(alias.clone()).or_insert(i);
            last_index.insert(alias.clone(), i);
            words.extend(
                alias
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| w.as_bytes().into()),
            );
        }
        let mut word_shapes = Box::new([0u64; 1024]);
        let mut slot_words: Vec<Vec<Box<[u8]>>> = vec![Vec::new(); 1024];
        for w in &words {
            word_shapes[start_slot(w)] |= length_bit(w.len());
            slot_words[start_slot(w)].push(w.clone());
        }
        let required = profile
            .sections
            .iter()
            .filter(|s| s.required)
            .map(|s| s.id.clone())
            .collect();
        let short_words = ShortWords::new(&words);
        let longest = entries.iter().map(|(a, _)| a.len()).max().unwrap_or(0);
        AliasTable {
            longest,
            entries,
            no_ids: Ids::from([]),
            index,
            last_index,
            words,
            word_shapes,
            short_words,
            slot_words,
            required,
            id: NEXT_TABLE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// A quick test that `title` may match an alias exactly (as a pseudo-title must): every
    /// word (run of letters and digits) outside parentheses and brackets is a word of some
    /// alias or "and", or may be numbering ([`numbering`] says which words may be). Never false for a title that [`AliasTable::lookup`] matches with
    /// `loose == false`: [`normalize_title`] keeps every word outside brackets (lowered; the
    /// punctuation it keeps is no letter or digit) but the numbering it removes, which is only
    /// such leading words, and each part of a matching title is an alias, whose words are in
    /// the table. Most prose lines fail at their first or second word, and a timeline line
    /// at the first word after its time ("2024-03-08 09:58 alert fired" at `alert`), without
    /// the cost of [`normalize_title`].
    pub fn could_match(&self, title: &str) -> bool {
        // One pass, byte by byte over ASCII (where `char::is_alphanumeric` is
        // `u8::is_ascii_alphanumeric`), without reading the whole title first: most lines fail
        // at their first or second word. A word of ASCII letters and digits ended by an ASCII
        // byte is tested as written ([`AliasTable::known_ascii_word`]); a word that meets a
        // non-ASCII byte is read char by char ([`AliasTable::known_word`]); a non-ASCII
        // character that is no letter or digit (`—`, `✓`, an emoji) separates words as
        // punctuation does. A bracketed part is skipped to its closing bracket.
        let b = title.as_bytes();
        let mut i = 0;
        let mut n = 0;
        let mut step = false;
        let mut dotted = true;
        while i < b.len() {
            let c = b[i];
            if c.is_ascii_alphanumeric() || c >= 0x80 {
                let start = i;
                // The word's end, eight bytes at a time (`c` is a letter or digit, or the
                // first byte of a non-ASCII character, where the word ends at once).
                let v = load8(b, i);
                let len = ((!alnum_bytes(v) & HIGH).trailing_zeros() / 8) as usize;
                i += len;
                if len == 8 {
                    loop {
                        let more =
                            ((!alnum_bytes(load8(b, i)) & HIGH).trailing_zeros() / 8) as usize;
                        i += more;
                        if more < 8 {
                            break;
                        }
                    }
                }
                let known = if i > start && b.get(i).is_none_or(|&d| d < 0x80) {
                    if i - start <= 8 && self.short_words.mul != 0 {
                        self.known_short_word(v, i - start, n, &mut step, &mut dotted)
                    } else {
                        let w = &b[start..i];
                        let known = self.known_ascii_word(w, n, step, dotted);
                        step = n == 0 && is_step_word(w);
                        dotted &= w.iter().all(u8::is_ascii_digit);
                        known
                    }
                } else {
                    let rest = &title[start..];
                    let len = rest
                        .char_indices()
                        .find(|&(_, ch)| !ch.is_alphanumeric())
                        .map_or(rest.len(), |(k, _)| k);
                    if len == 0 {
                        // A non-ASCII character that is no letter or digit.
                        i = start + rest.chars().next().map_or(1, char::len_utf8);
                        continue;
                    }
                    i = start + len;
                    self.known_word(&rest[..len], n, &mut step, &mut dotted)
                };
                if !known {
                    return false;
                }
                n += 1;
                continue;
            }
            i += 1;
            let close = match c {
                b'(' => b')',
                b'[' => b']',
                _ => continue,
            };
            i = memchr::memchr(close, &b[i..]).map_or(b.len(), |k| i + k + 1);
        }
        true
    }

    /// [`AliasTable::could_match`]'s test of a word of `len` (1 to 8) ASCII letters and digits
    /// as its word number `n`, held in the low bytes of `v`: [`AliasTable::known_ascii_word`]
    /// and the updates of `step` and `dotted` after it, on the whole word at once (no branch
    /// per byte).
    fn known_short_word(
        &self,
        v: u64,
        len: usize,
        n: usize,
        step: &mut bool,
        dotted: &mut bool,
    ) -> bool {
        let key = word_key(v, len);
        let high = HIGH & (u64::MAX >> (64 - 8 * len));
        // The word's bytes are letters and digits: `key` is the word lowered, below 0x80.
        let digits = bytes_in(key, b'0', b'9') & high == high;
        let numeral =
            (bytes_eq(key, b'i') | bytes_eq(key, b'v') | bytes_eq(key, b'x')) & high == high;
        let letter = (len == 1) & (b'a'..=b'h').contains(&(key as u8));
        let first = n == 0;
        let second = (n == 1) & *step;
        let numbering = (first & (digits | numeral | letter))
            | (second & (digits | numeral))
            | (!first & !second & *dotted & digits);
        let known = self.short_words.contains(key) | numbering;
        *step = first
            & ((key == u64::from_le_bytes(*b"step\0\0\0\0"))
                | (key == u64::from_le_bytes(*b"part\0\0\0\0"))
                | (key == u64::from_le_bytes(*b"section\0"))
                | (key == u64::from_le_bytes(*b"chapter\0")));
        *dotted &= digits;
        known
    }

    /// [`AliasTable::could_match`]'s test of word `word` (letters and digits, some not ASCII)
    /// as its word number `n`: lowered char by char (`str::to_lowercase` would write a final
    /// sigma as `ς`), then a word of some alias or numbering; `step` and `dotted` are updated
    /// for the next word. Out of line: most words are ASCII.
    #[cold]
    #[inline(never)]
    fn known_word(&self, word: &str, n: usize, step: &mut bool, dotted: &mut bool) -> bool {
        // Lowered on the stack when it fits (most words), else into a new string.
        let mut buf = [0u8; 64];
        let mut len = 0;
        let mut fits = true;
        for c in word.chars().flat_map(char::to_lowercase) {
            let width = c.len_utf8();
            if len + width > buf.len() {
                fits = false;
                break;
            }
            c.encode_utf8(&mut buf[len..]);
            len += width;
        }
        let lower: String;
        let w: &[u8] = if fits {
            &buf[..len]
        } else {
            lower = word.chars().flat_map(char::to_lowercase).collect();
            lower.as_bytes()
        };
        let known = self.listed(w) || numbering(w, n, *step, *dotted);
        *step = n == 0 && is_step_word(w);
        *dotted &= is_number(w);
        known
    }

    /// Whether lowered word `w` is a word of some alias (or "and", "step" …).
    fn listed(&self, w: &[u8]) -> bool {
        !w.is_empty()
            && self.word_shapes[start_slot(w)] & length_bit(w.len()) != 0
            && self.words.contains(w)
    }

    /// Whether word `w` (ASCII letters and digits in either case) is known to
    /// [`AliasTable::could_match`] as its word number `n` (from 0), after a first word that is
    /// "step", "part" … when `step`. The word's shape is tested first on the word as written
    /// ([`start_slot`] reads the low five bits, the same for both cases of a letter); only a
    /// word that passes it is compared with the table's words of its slot.
    fn known_ascii_word(&self, w: &[u8], n: usize, step: bool, dotted: bool) -> bool {
        let slot = start_slot(w);
        // The table's words are lowered (`eq_ignore_ascii_case` with one is equality with the
        // lowered ASCII word).
        if self.word_shapes[slot] & length_bit(w.len()) != 0
            && self.slot_words[slot]
                .iter()
                .any(|x| x.eq_ignore_ascii_case(w))
        {
            return true;
        }
        numbering(w, n, step, dotted)
    }

    /// Whether the profile requires section `id`.
    pub fn is_required(&self, id: &str) -> bool {
        self.required.iter().any(|r| r == id)
    }

    fn exact(&self, norm: &str) -> Option<&Ids> {
        self.index.get(norm).map(|&i| &self.entries[i].1)
    }

    /// Ids matched by a title. `loose` (for real headings) also accepts the part before a
    /// separator ("Timeline: March 8" → timeline) and a multi-word alias followed by more words
    /// ("Timeline of the outage").
    pub fn lookup(&self, title: &str, loose: bool) -> Ids {
        if title.len() > MEMO_TITLE_MAX {
            return self.normalised_lookup(title, loose);
        }
        let kind = usize::from(loose);
        let memo = |f: &mut dyn FnMut(&mut Memo) -> Option<Ids>| {
            MEMO.with(|m| {
                let mut m = m.borrow_mut();
                if m.table != self.id {
                    m.table = self.id;
                    m.titles.iter_mut().for_each(HashMap::clear);
                }
                f(&mut m)
            })
        };
        if let Some(ids) = memo(&mut |m| m.titles[kind].get(title).cloned()) {
            return ids;
        }
        let ids = self.normalised_lookup(title, loose);
        memo(&mut |m| {
            let titles = &mut m.titles[kind];
            if titles.len() >= MEMO_MAX {
                titles.clear();
            }
            titles.insert(title.into(), ids.clone());
            None
        });
        ids
    }

    /// [`AliasTable::lookup`] without [`MEMO`]: `title` normalised and matched.
    fn normalised_lookup(&self, title: &str, loose: bool) -> Ids {
        let norm = normalize_title(title);
        // The separators read as spaces, whitespace collapsed. A normalised title's words are
        // already joined by single spaces, with none at either end: without a separator it is
        // its own collapsed form.
        let separators = |c: char| matches!(c, ':' | '–' | '—' | '|');
        let b = norm.as_bytes();
        let plain: Cow<str> = if memchr::memchr2(b':', b'|', b).is_none()
            && (norm.is_ascii() || !norm.contains(['–', '—']))
        {
            Cow::Borrowed(&norm)
        } else {
            Cow::Owned(collapse_whitespace(&norm, separators))
        };
        let plain: &str = &plain;
        if let Some(ids) = self.whole(plain, loose) {
            return ids;
        }
        if !loose {
            return self.no_ids.clone();
        }
        // "Timeline: March 8" — the part before a separator.
        if let Some(m) = separator_in(&norm) {
            if let Some(ids) = self.exact(norm[..m.start].trim()) {
                return ids.clone();
            }
        }
        // "Detailed Resolution and Recovery", "Issue Synopsis" — a qualifier in front.
        // The match starts the title and is never empty: removing it changes the title.
        if let Some(end) = qualifier_end(plain) {
            if let Some(ids) = self.whole(&plain[end..], loose) {
                return ids;
            }
        }
        // "Timeline of the outage", "Root Cause Analysis of the 502s": an alias, then more words
        // (any multi-word alias; a one-word alias only before "of", "for", "during", "in").
        // Such an alias is `plain` up to one of its spaces: the longest that qualifies, and of
        // equal aliases the last entry (as `max_by_key` over the entries took it). Only the
        // spaces within the longest alias's length are tried: hashing the prefix at every space
        // of a long title was quadratic in its length (a 400 KB heading of times took 4 s).
        let window = &plain.as_bytes()[..plain.len().min(self.longest + 1)];
        memchr::memrchr_iter(b' ', window)
            .find_map(|sp| {
                let a = &plain[..sp];
                let &last = self.last_index.get(a)?;
                (a.contains(' ') || ONE_WORD_TAIL.is_match(&plain[sp..]))
                    .then(|| self.entries[last].1.clone())
            })
            .unwrap_or_else(|| self.no_ids.clone())
    }

    /// A whole normalised title: an alias, or parts joined by "and" / "/" that are aliases
    /// ("Impact and Root Cause"; for headings, the first part is enough).
    fn whole(&self, plain: &str, loose: bool) -> Option<Ids> {
        if let Some(ids) = self.exact(plain) {
            return Some(ids.clone());
        }
        // Without " and " or "/" the title is one part.
        if !plain.contains('/') && !plain.contains(" and ") {
            return None;
        }
        let parts: Vec<&str> = plain
            .split(" and ")
            .flat_map(|p| p.split('/'))
            .map(str::trim)
            .collect();
        if parts.len() < 2 {
            return None;
        }
        let found: Vec<Option<&Ids>> = parts.iter().map(|p| self.exact(p)).collect();
        if !(found.iter().all(Option::is_some) || (loose && found[0].is_some())) {
            return None;
        }
        let mut ids: Vec<String> = Vec::new();
        for id in found.into_iter().flatten().flat_map(|ids| ids.iter()) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        Some(ids.into())
    }
}

/// A qualifier in front of a title: the specification of [`qualifier_end`] (the tests compare
/// them).
#[cfg_attr(not(test), allow(dead_code))]
static QUALIFIER: AsciiRegex = AsciiRegex::new(
    r"^(?:(?:detailed|brief|full|final|short|quick|overall|complete|the|our|incident|outage|issue|problem|postmortem|technical|immediate|future)\s+)+",
);
/// The words of [`QUALIFIER`]; none is a prefix of another.
const QUALIFIER_WORDS: &[&str] = &[
    "detailed",
    "brief",
    "full",
    "final",
    "short",
    "quick",
    "overall",
    "complete",
    "the",
    "our",
    "incident",
    "outage",
    "issue",
    "problem",
    "postmortem",
    "technical",
    "immediate",
    "future",
];

/// The end of the match of [`QUALIFIER`] in `text`, if any, found by hand (the regex's fixed
/// cost was thousands of instructions per heading): words of [`QUALIFIER_WORDS`], each followed
/// by white space (`\s` is Unicode `White_Space`, as `str::trim_start` reads it), as many as
/// there are. No word is a prefix of another, so at most one word fits at each step and the
/// greedy regex takes exactly these steps.
fn qualifier_end(text: &str) -> Option<usize> {
    let mut end = None;
    let mut pos = 0;
    // The first bytes compared first: most titles start with no qualifier.
    while let Some(w) = QUALIFIER_WORDS
        .iter()
        .find(|w| text.as_bytes().get(pos) == w.as_bytes().first() && text[pos..].starts_with(**w))
    {
        let after = &text[pos + w.len()..];
        let space = after.len() - after.trim_start().len();
        if space == 0 {
            break;
        }
        pos += w.len() + space;
        end = Some(pos);
    }
    end
}

static ONE_WORD_TAIL: AsciiRegex = AsciiRegex::new(r"^ (?:of|for|during|in|on)\b");

/// A title found in the document before scoping.
struct Candidate {
    title: String,
    ids: Ids,
    level: Option<u8>,
    form: TitleForm,
    span: Span,
    line: usize,
    at: Cursor,
    /// For pseudo-titles that state a level (`##Title`), that level.
    hint: Option<u8>,
}

/// Whether a heading title carries content after a separator ("Issue Summary: checkout failed
/// for 20% of users"): at least two words after the first `:` or ` - `.
fn has_inline_content(title: &str) -> bool {
    separator_in(title).is_some_and(|m| title[m.end..].split_whitespace().count() >= 2)
}

/// Builds the sections of a document, in order.
pub fn build(md: &Markdown, profile: &Profile) -> Vec<Section> {
    let aliases = profile.aliases();
    let candidates = candidates(md, aliases);
    let mut sections: Vec<Section> = Vec::with_capacity(candidates.len());
    for cand in candidates {
        let level = match cand.level {
            Some(l) => l,
            None => {
                // A pseudo-title: skip it when it labels a part of the section it stands in.
                let enclosing = sections.last();
                if let Some(e) = enclosing {
                    // A label for a part of the section it stands in ("Root Cause:" in the
                    // summary) — but a combined title ("Root Cause and Resolution") is a section.
                    let is_part =
                        cand.ids.len() == 1 && cand.ids.iter().all(|id| part_of(profile, e, id));
                    // Inside the timeline, a label followed by timed entries groups them
                    // ("Detection:" then "- 14:00 alert fired").
                    let timeline_label =
                        e.is("timeline") && next_line_starts_with_time(md, cand.at);
                    if !e.ids.is_empty() && (is_part || timeline_label) {
                        continue;
                    }
                }
                match enclosing {
                    _ if cand.hint.is_some() => cand.hint.unwrap_or(2),
                    Some(e) if e.ids.is_empty() && e.is_heading() => (e.level + 1).min(6),
                    Some(e) => e.level,
                    None => 2,
                }
            }
        };
        sections.push(Section {
            // Read only for known sections (PM103): not looked for in the others.
            inline_content: !cand.ids.is_empty() && has_inline_content(&cand.title),
            title: display_title_owned(cand.title),
            ids: cand.ids,
            level,
            form: cand.form,
            title_span: cand.span,
            title_line: cand.line,
            title_at: cand.at,
            body: Cursor::default()..Cursor::default(),
            part_of: None,
        });
    }
    // Scope: each body runs from after its title to the next title of the same or higher level,
    // or to the next known section that is not a part of it (authors often write
    // `#### Root Cause` under `### Timeline`).
    let end_of_doc = Cursor {
        block: md.blocks.len(),
        line: 0,
    };
    for i in 0..sections.len() {
        let start = after_title(md, sections[i].title_at);
        let end = sections[i + 1..]
            .iter()
            .find(|s| s.level <= sections[i].level || ends_known_section(profile, &sections[i], s))
            .map_or(end_of_doc, |s| s.title_at);
        sections[i].body = start..end.max(start);
    }
    part_owners(profile, &mut sections);
    sections
}

/// The section that section `j` is a part of (see [`Section::part_of`]); earlier sections'
/// `part_of` must be set already.
fn part_owners(profile: &Profile, sections: &mut [Section]) {
    // The document's title: its only level-1 heading, first.
    let doc_title =
        |k: usize| k == 0 && sections[0].level == 1 && !sections[1..].iter().any(|x| x.level == 1);
    let title_k0 = !sections.is_empty() && doc_title(0);
    // Known sections whose body is still open at the current title (nearest last).
    let mut open: Vec<usize> = Vec::new();
    // Monotonic stacks: nearest earlier section of a strictly lower level, and of a lower or
    // equal level (one pass, so the whole computation stays linear in sections).
    let mut lower: Vec<usize> = Vec::new();
    let mut lower_or_equal: Vec<usize> = Vec::new();
    let mut prev_lower: Vec<Option<usize>> = vec![None; sections.len()];
    for j in 0..sections.len() {
        let level = sections[j].level;
        while lower.last().is_some_and(|&k| sections[k].level >= level) {
            lower.pop();
        }
        prev_lower[j] = lower.last().copied();
        while lower_or_equal
            .last()
            .is_some_and(|&k| sections[k].level > level)
        {
            lower_or_equal.pop();
        }
        let prev_le = lower_or_equal.last().copied();
        let at = sections[j].title_at;
        open.retain(|&i| sections[i].body.start <= at && at < sections[i].body.end);
        let owner = if sections[j].ids.is_empty() {
            None
        } else if let Some(&i) = open.last() {
            // Inside the body of the nearest known section that contains it.
            sections[j]
                .ids
                .iter()
                .all(|id| part_of(profile, &sections[i], id))
                .then_some(i)
        } else {
            // Under a known section by heading level, even where the body was cut short ("### Actions
            // taken" under "## Timeline"); the document's title aside.
            let mut by_level = None;
            let mut k = prev_lower[j];
            while let Some(kk) = k {
                if !(sections[kk].ids.is_empty() || kk == 0 && title_k0) {
                    by_level = Some(kk);
                    break;
                }
                k = prev_lower[kk];
            }
            by_level.or_else(|| {
                // Right after another section at the same level (its sub-sections and same-level
                // parts may come between).
                let prev = prev_le?;
                let head = match sections[prev].part_of {
                    Some(h) if sections[h].level == sections[prev].level => h,
                    _ => prev,
                };
                let (h, s) = (&sections[head], &sections[j]);
                // The titles are compared last: normalising them is the costly part.
                let same_title = || normalize_title(&h.title) == normalize_title(&s.title);
                (h.level == s.level && s.ids.iter().all(|id| h.ids.contains(id)) && !same_title())
                    .then_some(head)
            })
        };
        sections[j].part_of = owner;
        if !sections[j].ids.is_empty() {
            open.push(j);
        }
        lower.push(j);
        lower_or_equal.push(j);
    }
}

/// Whether `next` names a known section that is not `current` itself nor one of its parts.
fn ends_known_section(profile: &Profile, current: &Section, next: &Section) -> bool {
    !current.ids.is_empty()
        && !next.ids.is_empty()
        && !next.ids.iter().all(|id| part_of(profile, current, id))
}

/// Whether section id `id` is `section` itself or one of the parts its profile spec lists.
fn part_of(profile: &Profile, section: &Section, id: &String) -> bool {
    section.ids.contains(id)
        || section
            .ids
            .iter()
            .any(|sid| profile.section(sid).is_some_and(|s| s.fields.contains(id)))
}

/// Whether the first non-blank line after `at` starts with a time of day.
fn next_line_starts_with_time(md: &Markdown, at: Cursor) -> bool {
    let next = md.blocks[at.block]
        .lines
        .iter()
        .skip(at.line + 1)
        .chain(
            md.blocks[at.block + 1..]
                .iter()
                .flat_map(|b| b.lines.iter()),
        )
        .find(|l| !l.text().trim().is_empty());
    next.is_some_and(|l| {
        scan_times(l.text()).first().is_some_and(|m| {
            l.text()[..m.range.start]
                .chars()
                .all(|c| !c.is_alphanumeric())
        })
    })
}

/// The position right after the title line at `at`.
fn after_title(md: &Markdown, at: Cursor) -> Cursor {
    let block = &md.blocks[at.block];
    if matches!(block.kind, BlockKind::Heading { .. }) || at.line + 1 >= block.lines.len() {
        Cursor {
            block: at.block + 1,
            line: 0,
        }
    } else {
        Cursor {
            block: at.block,
            line: at.line + 1,
        }
    }
}

/// For each list item: whether it has child items, and the first line of its last block (for
/// "a label with a body of its own"); computed once, when a list-item label is first seen.
struct ItemShapes {
    has_child: Vec<bool>,
    last_block_line: Vec<usize>,
}

impl ItemShapes {
    fn new(md: &Markdown) -> Self {
        let mut has_child = vec![false; md.items.len()];
        for it in &md.items {
            if let Some(p) = it.parent {
                has_child[p] = true;
            }
        }
        let mut last_block_line = vec![0; md.items.len()];
        for b in &md.blocks {
            if let Some(i) = b.item {
                last_block_line[i] = last_block_line[i].max(b.first_line());
            }
        }
        ItemShapes {
            has_child,
            last_block_line,
        }
    }
}

fn candidates(md: &Markdown, aliases: &AliasTable) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(16);
    let mut shapes: Option<ItemShapes> = None;
    for (bi, block) in md.blocks.iter().enumerate() {
        match block.kind {
            BlockKind::Heading { level, setext } => {
                let Some(first) = block.lines.first() else {
                    continue;
                };
                let title = match &block.lines[..] {
                    [only] => trim(only.text()).to_string(),
                    lines => lines
                        .iter()
                        .map(|l| l.text().trim())
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                // One content span for a heading of one line (nearly all): its start and end.
                let span = match &block.lines[..] {
                    [only] => only.content_span(),
                    [.., last] => first.content_span().start..last.content_span().end,
                    [] => continue,
                };
                out.push(Candidate {
                    ids: aliases.lookup(&title, true),
                    title,
                    level: Some(level),
                    form: if setext {
                        TitleForm::Setext
                    } else {
                        TitleForm::Atx
                    },
                    span,
                    line: first.line,
                    at: Cursor { block: bi, line: 0 },
                    hint: None,
                });
            }
            BlockKind::Html => {
                for (li, line) in block.lines.iter().enumerate() {
                    // Every match starts with `<h` or `<H` and a digit 1–6 (no other character
                    // folds to `h`): a line without one holds none.
                    if !holds_html_heading_start(line.raw().as_bytes()) {
                        continue;
                    }
                    html_headings(line.raw(), |level, inner| {
                        let title = line.text()[inner.clone()].trim().to_string();
                        out.push(Candidate {
                            ids: aliases.lookup(&title, true),
                            title,
                            level: Some(level),
                            form: TitleForm::Html,
                            span: line.start + inner.start..line.start + inner.end,
                            line: line.line,
                            at: Cursor {
                                block: bi,
                                line: li,
                            },
                            hint: None,
                        });
                    });
                }
            }
            BlockKind::Paragraph => {
                // A line in a block quote is quoted text (a chat log's "what happened?"), not a
                // title: the whole paragraph is passed over.
                if block.in_quote {
                    continue;
                }
                // Only the first line of a list item's first paragraph can be a label: the
                // other lines of an item's paragraph are not read.
                let lines = match block.item {
                    Some(_) => &block.lines[..block.lines.len().min(1)],
                    None => &block.lines[..],
                };
                for (li, line) in lines.iter().enumerate() {
                    if let Some(c) = pseudo_title(md, block, bi, li, line, aliases, &mut shapes) {
                        out.push(c);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `raw` holds `<h` or `<H` followed by a digit 1–6, which starts every
/// [`HTML_HEADING`] match.
fn holds_html_heading_start(raw: &[u8]) -> bool {
    memchr::memchr_iter(b'<', raw).any(|i| {
        matches!(raw.get(i + 1), Some(b'h' | b'H')) && matches!(raw.get(i + 2), Some(b'1'..=b'6'))
    })
}

/// `str::trim` of `s`, byte by byte at ASCII ends: white space is `char::is_whitespace`, whose
/// ASCII characters are the bytes `\t`–`\r` and space; a non-ASCII byte at either end of what
/// those leave may belong to other white space, and the line is then trimmed by `str::trim`.
fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let white = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c);
    // Masked lines often start or end with runs of spaces (blanked markup, a blanked link
    // destination or image): passed over eight at a time first.
    let spaces = |i: usize| {
        b.get(i..i + 8).is_some_and(|w| {
            u64::from_le_bytes(w.try_into().expect("eight bytes")) == ONES * u64::from(b' ')
        })
    };
    let mut start = 0;
    while spaces(start) {
        start += 8;
    }
    while start < b.len() && white(b[start]) {
        start += 1;
    }
    let mut end = b.len();
    while end >= start + 8 && spaces(end - 8) {
        end -= 8;
    }
    while end > start && white(b[end - 1]) {
        end -= 1;
    }
    if b[start..end].first().is_some_and(|&c| c >= 0x80)
        || b[start..end].last().is_some_and(|&c| c >= 0x80)
    {
        return s.trim();
    }
    &s[start..end]
}

/// Whether a paragraph line (trimmed, as written) is bold: `**…**` or `__…__`, a colon after
/// the closing marks allowed.
fn is_bold(raw: &str) -> bool {
    if !(raw.starts_with("**") || raw.starts_with("__")) {
        return false;
    }
    let end = raw.trim_end_matches(':').trim_end();
    end.ends_with("**") || end.ends_with("__")
}

/// Whether a list item's first line (trimmed, as written) looks like a label: bold, or ending
/// in a colon.
fn is_labelled(raw: &str) -> bool {
    is_bold(raw) || raw.ends_with(':')
}

/// A paragraph line that is only a title known to the profile.
fn pseudo_title(
    md: &Markdown,
    block: &Block,
    bi: usize,
    li: usize,
    line: &crate::parse::BlockLine,
    aliases: &AliasTable,
    shapes: &mut Option<ItemShapes>,
) -> Option<Candidate> {
    // A line of more than 120 bytes that starts and ends with a visible ASCII byte is as long
    // trimmed: too long for a title, ruled out before trimming.
    let text = line.text();
    let t = text.as_bytes();
    let visible = |c: u8| c > b' ' && c < 0x7F;
    if t.len() > 120 && visible(t[0]) && visible(t[t.len() - 1]) {
        return None;
    }
    let in_item = block.item.is_some();
    if in_item {
        // Only the first line of a list item's first paragraph can be a label (the caller
        // passes no other line of an item's paragraph).
        let item = &md.items[block.item?];
        if li != 0 || item.line != line.line {
            return None;
        }
        // A list item is a label only when it looks like one (bold, or ending in a colon; see
        // below): tested before the title is matched, which most items (timeline entries,
        // action items) then need not be.
        if !is_labelled(trim(line.raw())) {
            return None;
        }
    }
    // Trimmed after the list-item tests, which rule out most items without it.
    let title = trim(text);
    if title.is_empty() || title.len() > 120 {
        return None;
    }
    if !aliases.could_match(title) {
        return None;
    }
    let ids = aliases.lookup(title, false);
    if ids.is_empty() {
        return None;
    }
    // Paragraph lines start at the paragraph's own column, after any list marker.
    let raw = trim(line.raw());
    let bold = is_bold(raw);
    let hashes = raw.bytes().take_while(|&b| b == b'#').count();
    // At least three letters, all upper case.
    let (mut letters, mut upper) = (0, true);
    for c in title.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper &= c.is_uppercase();
    }
    let caps = letters >= 3 && upper;
    if in_item {
        // A list item is a section label only when it looks like one (bold, or ending in a
        // colon) and has a body of its own; a bare list of section names is a table of contents.
        let id = block.item?;
        let labelled = bold || raw.ends_with(':');
        // Only the sections a profile requires are worth a label's promotion to a title;
        // "**What Went Well:**" inside a reflections list is structure, not a missing heading.
        let required = ids.iter().any(|id| aliases.is_required(id));
        if !required {
            return None;
        }
        let shapes = shapes.get_or_insert_with(|| ItemShapes::new(md));
        let has_body = block.lines.len() > li + 1
            || shapes.has_child[id]
            || shapes.last_block_line[id] > line.line;
        if !labelled || !has_body {
            return None;
        }
    }
    let form = if (1..=6).contains(&hashes) {
        TitleForm::HashWithoutSpace
    } else if in_item {
        TitleForm::ListLabel
    } else if bold {
        TitleForm::Bold
    } else if caps {
        TitleForm::AllCaps
    } else {
        TitleForm::Plain
    };
    Some(Candidate {
        title: title.trim_start_matches('#').trim().to_string(),
        ids,
        level: None,
        form,
        span: line.content_span(),
        line: line.line,
        at: Cursor {
            block: bi,
            line: li,
        },
        hint: (form == TitleForm::HashWithoutSpace).then_some(hashes as u8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_normalise() {
        assert_eq!(normalize_title("2. Timeline (all times UTC):"), "timeline");
        assert_eq!(
            normalize_title("🔥 Root Cause & Resolution"),
            "root cause and resolution"
        );
        assert_eq!(normalize_title("**Issue Summary:**"), "issue summary");
        assert_eq!(normalize_title("How'd We Do?"), "how'd we do");
        assert_eq!(normalize_title("TL;DR"), "tl;dr");
        // Numbering that `.` or `)` marks, read before they are dropped.
        assert_eq!(normalize_title("iv. Timeline"), "timeline");
        assert_eq!(normalize_title("b) Impact"), "impact");
        assert_eq!(normalize_title("1.2 Root Cause"), "root cause");
        assert_eq!(normalize_title("🔥 3.1) Résolution"), "résolution");
        assert_eq!(normalize_title("1. 5 Whys"), "5 whys");
        assert_eq!(normalize_title("e.g. Timeline"), "e g timeline");
        assert_eq!(normalize_title("iv."), "iv");
    }

    /// `normalize_title` as it was written with regexes: the reference for the one-pass version.
    fn normalize_title_reference(title: &str) -> String {
        // Numbering marked by `.` or `)` ("iv.", "b)", "1.2"), read before punctuation goes.
        static MARKED_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(
                r"^[^\p{Alphabetic}\p{N}(\[&]*(?:[0-9]+(?:\.[0-9]+)+[.)]?|(?i:[ivx]+|[a-h])[.)])\s+((?s)\S.*)$",
            )
            .unwrap()
        });
        let (title, numbered) = match MARKED_RE.captures(title) {
            Some(c) => (c.get(1).unwrap().as_str(), false),
            None => (title, true),
        };
        let lower = title.to_lowercase().replace('&', " and ");
        let no_parens = PARENS.replace_all(&lower, " ");
        let kept: String = no_parens
            .chars()
            .map(|c| {
                if c.is_alphanumeric()
                    || matches!(c, '\'' | '’' | '-' | '/' | ';' | ':' | '–' | '—' | '|')
                {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let collapsed = kept
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('’', "'");
        // Compiled once: this reference runs tens of thousands of times in one test.
        static NUMBERING_RE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(NUMBERING.as_str()).unwrap());
        let unnumbered = if numbered {
            NUMBERING_RE.replace(&collapsed, "")
        } else {
            collapsed.as_str().into()
        };
        unnumbered
            .trim_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | ';' | '-' | '–' | '—' | '|' | '/')
            })
            .to_string()
    }

    #[test]
    fn title_patterns_match_as_the_regex_crate_does() {
        use crate::facts::ascii_regex::check::agrees_with_regex_crate;
        agrees_with_regex_crate(
            &NUMBERING,
            &["2. timeline", "iv) x", "step 3: a", "1.2.3 b"],
        );
        agrees_with_regex_crate(
            &SEPARATOR,
            &["timeline: march 8", "impact - users", "a | b"],
        );
        let qualified = [
            "detailed root cause",
            "the our issue  x",
            "the\u{a0}\u{2003}incident timeline",
            "theincident",
            "the incident",
            "the incident ",
            "issues and fixes",
            "final the",
            " the timeline",
            "",
            "quick  brief\tfull summary",
        ];
        agrees_with_regex_crate(&QUALIFIER, &qualified);
        let qualifier = regex::Regex::new(QUALIFIER.as_str()).unwrap();
        for t in qualified {
            assert_eq!(
                qualifier_end(t),
                qualifier.find(t).map(|m| m.end()),
                "{t:?}"
            );
        }
        agrees_with_regex_crate(&ONE_WORD_TAIL, &[" of the outage", " only", " in"]);
        agrees_with_regex_crate(
            &HTML_HEADING,
            &["<h2 id=x>Time\nline</h2 >", "<H3>Impact</h3><h1>x</h1>"],
        );
    }

    #[test]
    fn titles_normalise_as_the_regexes_did() {
        let pieces = [
            "1",
            "2",
            "10",
            ".",
            ")",
            "(",
            "]",
            "[",
            ":",
            "i",
            "v",
            "x",
            "iv",
            "b",
            "h",
            "z",
            "step",
            "Part",
            "section",
            "CHAPTER",
            " ",
            "  ",
            "\t",
            "&",
            "’",
            "'",
            "-",
            "–",
            "|",
            "/",
            ";",
            "Timeline",
            "root cause",
            "é",
            "🔥",
            "٣",
            "Σ",
            "\u{a0}",
            ",",
            "a",
        ];
        for t in crate::test_texts::random(&pieces, 60_000, 10, 9) {
            assert_eq!(normalize_title(&t), normalize_title_reference(&t), "{t:?}");
        }
    }

    #[test]
    fn aliases_match_exactly_or_loosely_for_headings() {
        let p = Profile::built_in("default").unwrap();
        let t = AliasTable::new(&p);
        assert_eq!(
            *t.lookup("Root Cause and Resolution:", false),
            ["root-cause", "resolution"]
        );
        assert_eq!(*t.lookup("Timeline (PST)", false), ["timeline"]);
        assert!(t.lookup("Timeline of the outage day", false).is_empty());
        assert_eq!(*t.lookup("Timeline: March 8", true), ["timeline"]);
        assert_eq!(
            *t.lookup("Corrective and Preventative Measures for next time", true),
            ["action-items"]
        );
        assert!(t.lookup("Postmortem: Web Stack Outage", true).is_empty());
    }

    /// An alias followed by more words is found however long the rest (only prefixes up to
    /// the longest alias are looked up), and a long title of other words matches nothing.
    #[test]
    fn an_alias_before_a_long_tail_is_found() {
        let p = Profile::built_in("default").unwrap();
        let t = AliasTable::new(&p);
        for n in [1, 10, 1_000, 20_000] {
            let tail = " 14:00".repeat(n);
            assert_eq!(
                *t.lookup(&format!("Corrective and Preventative Measures{tail}"), true),
                ["action-items"],
                "{n}"
            );
            assert_eq!(
                *t.lookup(&format!("Timeline of the outage{tail}"), true),
                ["timeline"],
                "{n}"
            );
            assert!(t.lookup(&format!("Outage{tail}"), true).is_empty(), "{n}");
        }
    }

    #[test]
    fn memoised_lookups_are_the_lookups() {
        let tables: Vec<(Profile, AliasTable)> = Profile::built_in_names()
            .map(|name| {
                let p = Profile::built_in(name).unwrap();
                let t = AliasTable::new(&p);
                (p, t)
            })
            .collect();
        let mut titles: Vec<String> = tables
            .iter()
            .flat_map(|(p, _)| {
                p.sections
                    .iter()
                    .flat_map(|s| s.aliases.iter().chain(std::iter::once(&s.title)))
            })
            .flat_map(|a| {
                [
                    a.clone(),
                    a.to_uppercase(),
                    format!("{a}:"),
                    format!("{a} x"),
                ]
            })
            .collect();
        titles.extend(
            [
                "Root Cause & Resolution",
                "",
                "2. Timeline",
                "Caf\u{e9}",
                "Notes",
            ]
            .map(String::from),
        );
        // Each table in turn, each title twice (the second from the memo), and the tables
        // again: a table's memo never answers for another.
        for _ in 0..2 {
            for (_, t) in &tables {
                for title in &titles {
                    for loose in [false, true] {
                        let want = t.normalised_lookup(title, loose);
                        assert_eq!(t.lookup(title, loose), want, "{title:?} {loose}");
                        assert_eq!(t.lookup(title, loose), want, "{title:?} {loose}");
                    }
                }
            }
        }
    }

    #[test]
    fn html_headings_are_found_as_the_regex_finds_them() {
        let re = regex::Regex::new(HTML_HEADING.as_str()).unwrap();
        let pieces = [
            "<h2>",
            "</h2>",
            "<H3 ",
            "</H1 >",
            "<h7>",
            "</h",
            "<h",
            "2",
            ">",
            "x",
            " ",
            "\u{a0}",
            "é",
            "<",
            "/",
            "\u{2003}>",
            "id=a",
        ];
        // Short texts, and long ones where later openings reuse what earlier ones found.
        let texts = crate::test_texts::random(&pieces, 40_000, 8, 11)
            .into_iter()
            .chain(crate::test_texts::random(&pieces, 10_000, 60, 12));
        for t in texts {
            let mut got = Vec::new();
            html_headings(&t, |level, inner| got.push((level, inner)));
            let want: Vec<_> = re
                .captures_iter(&t)
                .map(|c| {
                    let level = c[1].parse::<u8>().unwrap();
                    (level, c.get(2).unwrap().range())
                })
                .collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn separators_are_found_as_the_regex_finds_them() {
        let re = regex::Regex::new(SEPARATOR.as_str()).unwrap();
        let pieces = [
            "a", ":", " ", "  ", "-", "–", "—", "|", "\u{a0}", "\t", "é", "x y", "—:", "\n",
        ];
        for t in crate::test_texts::random(&pieces, 40_000, 8, 7) {
            assert_eq!(separator_in(&t), re.find(&t).map(|m| m.range()), "{t:?}");
        }
    }

    #[test]
    fn could_match_is_never_false_where_lookup_matches() {
        let p = Profile::built_in("default").unwrap();
        let t = AliasTable::new(&p);
        let pieces = [
            "Root",
            "Cause",
            "and",
            "Resolution",
            "Timeline",
            "Impact",
            "Summary",
            "Lessons",
            "Learned",
            "Action",
            "Items",
            "2",
            "10",
            "iv",
            "b",
            "Step",
            "part",
            "3",
            ":",
            ".",
            ")",
            "(x)",
            "[y]",
            " ",
            "  ",
            "/",
            "&",
            "-",
            "#",
            "**",
            "\u{a0}",
            "é",
            "2024",
            // Numbers in other scripts: the numbering pattern's `\d` is Unicode's.
            "\u{663}",
            "\u{967}\u{968}",
        ];
        let mut matched = 0;
        // Pieces with and without a space after them.
        let spaced: Vec<String> = pieces.iter().map(|p| format!("{p} ")).collect();
        let pieces: Vec<&str> = pieces
            .iter()
            .copied()
            .chain(spaced.iter().map(String::as_str))
            .collect();
        for title in crate::test_texts::random(&pieces, 100_000, 7, 11) {
            if !t.lookup(&title, false).is_empty() {
                matched += 1;
                assert!(t.could_match(&title), "{title:?}");
            }
        }
        assert!(matched > 100, "{matched}");
    }

    #[test]
    fn lines_trim_as_str_trim_does() {
        let pieces = [
            "a", "é", " ", "\t", "\x0b", "\u{a0}", "\u{2003}", "\u{85}", "→", "\r\n",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 6, 3) {
            assert_eq!(trim(&t), t.trim(), "{t:?}");
        }
    }

    #[test]
    fn owned_titles_display_as_borrowed_ones_do() {
        for t in [
            "",
            "Timeline",
            "Root Cause:",
            "## Impact",
            " Impact",
            "Impact ",
            "Root  Cause",
            "Root\tCause",
            "Lessons Learned.",
            "Summary, brief",
            "Caf\u{e9}:",
            "#",
            ":",
            // Eight bytes at a time: double spaces, tabs and non-ASCII bytes on either side of
            // a chunk's end.
            "Root Cause and Resolution",
            "abcdefg  hij",
            "abcdefgh  ij",
            "abcdefg \u{a0}",
            "abcdefghijklmno\u{e9}",
            "abcdefghijklmnop\tq",
            "Lessons Learned ",
            "Lessons  Learned and more",
        ] {
            assert_eq!(
                display_title_owned(t.to_string()),
                display_title(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn collapsing_is_splitting_and_joining() {
        let sep = |c: char| matches!(c, ':' | '–' | '—' | '|');
        for t in [
            "",
            "  ",
            "Timeline",
            " Root  Cause:\tand\x0b\x0cResolution \r\n",
            "Impact|Scope – more—x",
            "a\u{a0}b\u{2003} c ",
            "::a::b::",
        ] {
            let words = |f: &dyn Fn(char) -> bool| {
                t.split(|c: char| c.is_whitespace() || f(c))
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            assert_eq!(collapse_whitespace(t, sep), words(&sep), "{t:?}");
            assert_eq!(
                collapse_whitespace(t, |_| false),
                words(&|_| false),
                "{t:?}"
            );
        }
    }

    /// [`AliasTable::could_match`] as it was written before its one pass: char by char, each
    /// word lowered and looked up.
    fn could_match_reference(t: &AliasTable, title: &str) -> bool {
        let mut n = 0;
        let mut step = false;
        let mut dotted = true;
        let mut known_word = |word: &str| {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            let w = lower.as_bytes();
            let known = t.listed(w) || numbering(w, n, step, dotted);
            step = n == 0 && is_step_word(w);
            dotted &= is_number(w);
            n += 1;
            known
        };
        let mut word_start: Option<usize> = None;
        let mut skip_to: Option<char> = None;
        for (i, c) in title.char_indices() {
            if let Some(close) = skip_to {
                if c == close {
                    skip_to = None;
                }
                continue;
            }
            if c.is_alphanumeric() {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                if !known_word(&title[start..i]) {
                    return false;
                }
            }
            match c {
                '(' => skip_to = Some(')'),
                '[' => skip_to = Some(']'),
                _ => {}
            }
        }
        word_start.is_none_or(|start| known_word(&title[start..]))
    }

    #[test]
    fn eight_byte_loads_read_the_bytes_then_zeros() {
        let b = b"abcdefghijk\xe2\x80";
        for len in 0..=b.len() {
            for i in 0..=len {
                let want = (0..8).fold(0u64, |v, k| {
                    v | u64::from(b[..len].get(i + k).copied().unwrap_or(0)) << (8 * k)
                });
                assert_eq!(load8(&b[..len], i), want, "{len} {i}");
            }
        }
    }

    #[test]
    fn could_match_is_the_char_by_char_test() {
        let p = Profile::built_in("default").unwrap();
        let t = AliasTable::new(&p);
        let pieces = [
            "Root",
            "Cause",
            "and",
            "Timeline",
            "Impact",
            "Summary",
            "Learned",
            "2",
            "iv",
            "b",
            "Step",
            "3",
            ":",
            ")",
            "(",
            "[",
            "]",
            "(x)",
            " ",
            "/",
            "-",
            "\u{a0}",
            "é",
            "É",
            "ï",
            "—",
            "✓",
            "🚀",
            "→",
            "Σ",
            "İ",
            "café",
            "Naïve",
            "Résumé",
            "ß",
            "٣",
            "Ⅳ",
            "\u{212a}",
            "STEP",
            "Chapter",
            "section",
            "Part",
            "xiv",
            "IV",
            "h",
            "I",
            "Resolution",
            "Lessons",
            "Contributing",
            "Factors",
            "Postmortem",
            "12345678",
            "123456789",
            "abcdefgh",
            "TimeLine",
            "Items",
            "Action",
            "What",
            "went",
            "well",
            "the",
            "a",
            "Z",
            "@",
            "`",
            "{",
            "_",
            "\x7f",
            "\t",
            ".",
        ];
        let mut trues = 0;
        for title in crate::test_texts::random(&pieces, 100_000, 6, 13) {
            let want = could_match_reference(&t, &title);
            assert_eq!(t.could_match(&title), want, "{title:?}");
            trues += usize::from(want);
        }
        assert!(trues > 1_000, "{trues}");
    }

    #[test]
    fn could_match_is_the_same_for_ascii_titles() {
        let p = Profile::built_in("default").unwrap();
        let t = AliasTable::new(&p);
        let titles = [
            "Root Cause and Resolution:",
            "2. Timeline (all times UTC)",
            "Timeline (unclosed",
            "Timeline [draft] of",
            "iv) Impact",
            "step 3: Root Cause",
            "The engineer restarted the server",
            "Lessons Learned / What went well",
            "a) b) Summary",
            "(Summary) zzz",
            "Summary]x(",
            "Timelin\u{e9}",
            "Summary (na\u{ef}ve) Impact",
            "Impact \u{2014} Summary",
            "",
            "  ",
        ];
        let mut trues = 0;
        for title in titles {
            // A no-break space is no letter or digit: a separator, as the end of the title is,
            // and it takes `title` off the ASCII path.
            let other = format!("{title}\u{a0}");
            assert_eq!(t.could_match(title), t.could_match(&other), "{title:?}");
            trues += usize::from(t.could_match(title));
        }
        assert!(trues >= 5 && trues < titles.len());
    }
}
