//! Timeline entries, from list items, table rows, HTML `<li>`/`<tr>`/`<p>` lines, sub-headings and
//! paragraph lines of the timeline section, with date lines carried forward and the zone declared
//! once honoured; then each timed entry is placed on one time axis (dates, midnight crossings,
//! 12-hour readings), which is where out-of-order entries are found.

use super::ascii_regex::folds_to_ascii;
use super::caseless::Caseless;
use super::time::{
    first_time, first_zone, holds_time, scan_dates, scan_zones, ClockTime, DateMention,
    PartialDate, TimeMention, Zone,
};
use super::word::{self, is_word_char, WordSet, WordStarts};
use super::{Postmortem, Prose};
use crate::parse::{BlockKind, BlockLine, ItemId, Markdown};
use crate::source::Span;
use regex::Regex;
use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// A backward jump larger than this (in seconds) with no new date is read as crossing midnight
/// (PM301 in `shared/spec/PRODUCT.md`).
pub const MIDNIGHT_THRESHOLD: i64 = 12 * 3600;
/// Year assumed for dates written without one when no earlier date gives it; any fixed year keeps
/// comparisons consistent.
pub const DEFAULT_YEAR: i32 = 2000;

/// How an entry is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryForm {
    ListItem,
    TableRow,
    /// An `<li>`, `<tr>` or `<p>` line inside an HTML block.
    Html,
    /// A line of a paragraph (PM304).
    ParagraphLine,
    /// A heading under the timeline's title that starts with a time.
    Heading,
}

/// One event of the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The time of day written on the entry, if any.
    pub time: Option<ClockTime>,
    /// The date written on the entry, else the last date line or dated entry before it (with the
    /// year filled in from an earlier date when it is missing).
    pub date: Option<PartialDate>,
    /// Whether `date` is written on the entry itself or on a date line right before it
    /// (a carried date may roll over midnight; an explicit one may not).
    pub date_explicit: bool,
    /// The zone written on the entry, else the zone the timeline declares.
    pub zone: Option<Zone>,
    /// Whether `zone` is written on the entry itself.
    pub zone_explicit: bool,
    /// Source span of the time (or of the entry's first line when it has no time).
    pub time_span: Span,
    /// Source span of the entry's first line (its visible text).
    pub span: Span,
    /// 1-based line of the entry.
    pub line: usize,
    /// The entry's text (markup removed, whitespace collapsed).
    pub text: String,
    pub form: EntryForm,
    /// The entry records the resolution: restored, resolved, back to normal, mitigated, outage ends.
    pub resolution: bool,
    /// The entry has a date but no time of day ("2021-12-10 | advisory published").
    pub date_only: bool,
    /// Position on the timeline's axis, in seconds (local clock of the entry; [`Entry::seconds_until`] converts to UTC):
    /// days from the date (or from inferred midnight crossings) plus the time of day, read as PM
    /// where a 12-hour time without AM/PM must mean PM. `None` for entries without a time.
    pub at: Option<i64>,
}

impl Entry {
    /// UTC offset of the entry's zone in seconds, when known.
    pub fn offset(&self) -> Option<i64> {
        self.zone
            .as_ref()
            .and_then(|z| z.offset_minutes)
            .map(|m| i64::from(m) * 60)
    }

    /// Seconds from `self` to `later` on the axis, in UTC when both zones are known.
    pub fn seconds_until(&self, later: &Entry) -> Option<i64> {
        let (a, b) = (self.at?, later.at?);
        Some(match (self.offset(), later.offset()) {
            (Some(x), Some(y)) => (b - y) - (a - x),
            _ => b - a,
        })
    }
}

/// The entries of one timeline section.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// Index of the section in [`Postmortem::sections`].
    pub section: usize,
    pub entries: Vec<Entry>,
    /// A zone declared for the whole timeline ("Timeline (all times UTC)", "Time (UTC)" column,
    /// "- Timezone: PST").
    pub declared_zone: Option<Zone>,
    /// The timeline says it lists the newest entry first.
    pub newest_first: bool,
    /// Entries earlier than the entry before them (in the declared direction): (index, index of
    /// the previous timed entry) into `entries`.
    pub out_of_order: Vec<(usize, usize)>,
}

impl Timeline {
    /// Timed entries in chronological order of writing: (first, last) honouring newest-first.
    pub fn first_and_last(&self) -> Option<(&Entry, &Entry)> {
        let mut timed = self.entries.iter().filter(|e| e.time.is_some());
        let a = timed.next()?;
        let b = timed.next_back().unwrap_or(a);
        Some(if self.newest_first { (b, a) } else { (a, b) })
    }
}

/// [`RESOLUTION`]'s pattern (lower case; see [`Caseless`]).
const RESOLUTION_PATTERN: &str = r"\b(?:restored|resolved|back to normal|back online|back up|back to service|recovered|recovery complete|mitigated|mitigation complete|fully operational|fully functional|functioning normally|normal operations?|operational again|returned to normal|resumed|up and running|running normally|working (?:again|normally)|accessible again|200 ok|(?:outage|incident|impact) (?:ends?|ended|over)|end of (?:outage|impact|incident)|services? (?:is |was )?(?:available|up|back)(?: again)?|(?:site|website|application|app|service|server)s? (?:is|was|were|are) back)\b";
static RESOLUTION: Caseless = Caseless::new(RESOLUTION_PATTERN);

/// [`RESOLUTION`]'s alternation written out: every phrase it matches (between word boundaries).
#[cfg(test)]
fn resolution_phrases() -> Vec<String> {
    let mut out = resolution_phrases_to_find();
    for service in ["service", "services"] {
        for verb in ["", "is ", "was "] {
            for state in ["available", "up", "back"] {
                out.push(format!("{service} {verb}{state} again"));
            }
        }
        for verb in ["is", "was"] {
            out.push(format!("{service} {verb} back"));
        }
    }
    out
}

/// The phrases of [`RESOLUTION`] to look for: every phrase it matches (between word boundaries)
/// but those that are another one and ` again` ("service is back again"), each once. Where one
/// of those left out stands between word boundaries, so does the shorter one (the space after it
/// is no word character): only whether some phrase is found matters.
fn resolution_phrases_to_find() -> Vec<String> {
    let mut out: Vec<String> = [
        "restored",
        "resolved",
        "back to normal",
        "back online",
        "back up",
        "back to service",
        "recovered",
        "recovery complete",
        "mitigated",
        "mitigation complete",
        "fully operational",
        "fully functional",
        "functioning normally",
        "normal operation",
        "normal operations",
        "operational again",
        "returned to normal",
        "resumed",
        "up and running",
        "running normally",
        "working again",
        "working normally",
        "accessible again",
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    for what in ["outage", "incident", "impact"] {
        for how in ["end", "ends", "ended", "over"] {
            out.push(format!("{what} {how}"));
        }
        out.push(format!("end of {what}"));
    }
    for service in ["service", "services"] {
        for verb in ["", "is ", "was "] {
            for state in ["available", "up", "back"] {
                out.push(format!("{service} {verb}{state}"));
            }
        }
    }
    for thing in ["site", "website", "application", "app", "service", "server"] {
        for plural in ["", "s"] {
            for verb in ["is", "was", "were", "are"] {
                // `service(s) is/was back` are above.
                if thing != "service" || !matches!(verb, "is" | "was") {
                    out.push(format!("{thing}{plural} {verb} back"));
                }
            }
        }
    }
    out
}

/// The phrases of [`RESOLUTION`] to look for ([`resolution_phrases_to_find`]: fewer share a
/// first pair of letters, which `se` starts some fifty of) but `200 ok`, found at word starts,
/// then `ok` (the word start of `200 ok`), and the index of `ok`.
static RESOLUTION_PHRASES: LazyLock<(WordSet, usize)> = LazyLock::new(|| {
    let mut phrases: Vec<&'static str> = resolution_phrases_to_find()
        .into_iter()
        .map(|p| &*Box::leak(p.into_boxed_str()))
        .collect();
    phrases.push("ok");
    (WordSet::new(&phrases), phrases.len() - 1)
});

/// Whether [`RESOLUTION`] matches `text`, without the regex where it can: the regex matches
/// exactly where one of its phrases ([`resolution_phrases_to_find`] or `200 ok`) stands between word
/// boundaries in any ASCII case. A phrase at a word boundary starts where [`WordSet`] looks (its
/// first byte is an ASCII letter after no ASCII word character; for `200 ok`, its `ok`, after
/// a space: [`is_resolution_phrase`]), and both boundaries are
/// checked with Unicode `\w` as the regex's `\b` is. Text holding `ſ` or the Kelvin sign, which
/// the regex also matches to `s` and `k`, goes to the regex.
fn is_resolution(text: &str) -> bool {
    if folds_to_ascii(text) {
        return RESOLUTION.is_match(text);
    }
    let (phrases, ok) = &*RESOLUTION_PHRASES;
    let mut found = false;
    phrases.find(text, |i, r| {
        found = found || is_resolution_phrase(text, i == *ok, r);
    });
    found
}

/// [`is_resolution`] of `text` given all its word starts (`starts`, [`word::word_starts`]): the
/// phrases are looked for at those starts ([`WordSet::find_at`]) instead of finding them again.
fn is_resolution_at(text: &str, starts: &[WordStarts]) -> bool {
    if folds_to_ascii(text) {
        return RESOLUTION.is_match(text);
    }
    let (phrases, ok) = &*RESOLUTION_PHRASES;
    let mut found = false;
    phrases.find_at(text, starts, |i, r| {
        found = found || is_resolution_phrase(text, i == *ok, r);
    });
    found
}

/// Whether the phrase [`RESOLUTION_PHRASES`] found at `r` of `text` is one the regex matches:
/// bounded, and for `ok` (`is_ok`) the end of `200 ok`. `200 ok` stands after a space, so its
/// `ok` is a word start where it is found.
fn is_resolution_phrase(text: &str, is_ok: bool, r: std::ops::Range<usize>) -> bool {
    if !is_ok {
        return is_bounded(text, r);
    }
    r.start >= 4
        && &text.as_bytes()[r.start - 4..r.start] == b"200 "
        && is_bounded(text, r.start - 4..r.end)
}

/// Whether nothing glues the phrase at `r` of `text` to a word before or after it: no Unicode
/// `\w` character on either side (the regex's `\b`).
fn is_bounded(text: &str, r: std::ops::Range<usize>) -> bool {
    !text[..r.start]
        .chars()
        .next_back()
        .is_some_and(is_word_char)
        && !text[r.end..].chars().next().is_some_and(is_word_char)
}

/// Whether `text` may hold a match of [`NEWEST_FIRST`]: every alternative holds `most recent `,
/// `newest `, `latest ` or `reverse` (in any ASCII case, or with `ſ` for an `s`).
fn may_say_newest_first(text: &str) -> bool {
    folds_to_ascii(text) || holds_newest_first_word(text)
}

/// Whether `text` holds `most recent `, `newest `, `latest ` or `reverse` in any ASCII case: one
/// pass that looks at the bytes that start one of them (`m`, `n`, `l`, `r`), rather than a
/// search per word (a title or a header row is short: setting up four searches costs more than
/// reading it once).
fn holds_newest_first_word(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len()).any(|i| {
        let w: &[u8] = match b[i] | 0x20 {
            b'm' => b"most recent ",
            b'n' => b"newest ",
            b'l' => b"latest ",
            b'r' => b"reverse",
            _ => return false,
        };
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    })
}

/// `text.trim()`, byte by byte while the ends are ASCII (`str::trim` decodes every character it
/// looks at): ASCII white space is dropped from both ends, and where a non-ASCII byte is reached
/// (which may start a white-space character) the rest is left to `str::trim`.
fn trim_quickly(text: &str) -> &str {
    // ASCII white space as `char::is_whitespace` has it: `\t`..`\r` and the space.
    let not_space = |c: &u8| !matches!(*c, b' ' | b'\t'..=b'\r');
    let b = text.as_bytes();
    let start = b.iter().position(not_space).unwrap_or(b.len());
    let end = b[start..]
        .iter()
        .rposition(not_space)
        .map_or(start, |k| start + k + 1);
    let t = &text[start..end];
    if t.as_bytes().first().is_some_and(|c| *c >= 0x80)
        || t.as_bytes().last().is_some_and(|c| *c >= 0x80)
    {
        return t.trim();
    }
    t
}

/// `text` with its runs of whitespace collapsed to one space and trimmed.
fn collapse_whitespace(text: &str) -> String {
    if is_collapsed(text) {
        return text.to_string();
    }
    collapse_into_new(text)
}

/// Whether `text` has no whitespace (as `char::is_whitespace` says) but single spaces between
/// words, and none at either end: what [`collapse_whitespace`] would give back unchanged.
///
/// Eight bytes at a time: in a word `x`, the spaces are the zero bytes of `x ^ 0x20…` (found
/// exactly: a byte `v` is zero when neither `(v & 0x7F) + 0x7F` nor `v` sets its top bit), two
/// spaces in a row are a space flag with a space flag one byte before it (the last byte of the
/// word before carried in). A word holding a control byte (below 0x20: `(v & 0x7F) + 0x60` and
/// `v` leave the top bit clear) or a non-ASCII byte is looked at byte by byte
/// ([`is_collapsed_at`]). No addition carries into the next byte.
fn is_collapsed(text: &str) -> bool {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const TOP: u64 = 0x8080_8080_8080_8080;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let b = text.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    // 0x80 when the byte before the word is a space.
    let mut carry = 0u64;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let y = x ^ SPACES;
        let space = !((y & LOW7).wrapping_add(LOW7) | y | LOW7);
        if space & ((space << 8) | carry) != 0 {
            return false;
        }
        carry = space >> 56;
        let control = !((x & LOW7).wrapping_add(0x6060_6060_6060_6060) | x) & TOP;
        if (control | (x & TOP)) != 0 && (base..base + 8).any(|i| !is_collapsed_at(text, i)) {
            return false;
        }
        base += 8;
    }
    let mut after_space = carry != 0;
    for (k, &c) in chunks.remainder().iter().enumerate() {
        if c == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            continue;
        }
        after_space = false;
        if !is_collapsed_at(text, base + k) {
            return false;
        }
    }
    true
}

/// Whether byte `i` of `text` is not whitespace other than a space: not `\t`..`\r`, and not
/// the first byte of a non-ASCII whitespace character (whose first byte is `C2` for U+0085 and
/// U+00A0, `E1` for U+1680, `E2` for U+2000..U+205F, `E3` for U+3000; only those are decoded).
fn is_collapsed_at(text: &str, i: usize) -> bool {
    match text.as_bytes()[i] {
        b'\t'..=b'\r' => false,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => !text[i..].chars().next().is_some_and(char::is_whitespace),
        _ => true,
    }
}

/// [`collapse_whitespace`] of a text that is not already collapsed: [`collapse_ascii`] for ASCII
/// text (the usual entry, whose blanked markup left runs of spaces), else [`word::join_words`].
fn collapse_into_new(text: &str) -> String {
    collapse_ascii(text).unwrap_or_else(|| word::join_words(text, |_| false))
}

/// [`collapse_whitespace`] of ASCII `text`, `None` when it holds a non-ASCII byte. One pass:
/// each byte is written (a white-space byte as a space) at the end of what is kept, and kept
/// unless it is white space after white space (or at the start); a space kept last is dropped.
/// (ASCII white space, as `char::is_whitespace` has it, is `\t`..`\r` and the space.) Eight
/// bytes that need none of this (no control byte, no space after white space) are copied whole:
/// the usual entry has only a few runs of spaces, where its markup was blanked.
fn collapse_ascii(text: &str) -> Option<String> {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const TOP: u64 = 0x8080_8080_8080_8080;
    const SPACES: u64 = 0x2020_2020_2020_2020;
    let b = text.as_bytes();
    let mut out = vec![0u8; b.len()];
    let (mut n, mut prev_space, mut high) = (0, true, 0u8);
    // Eight bytes at a time: a word with no control byte (`(v & 0x7F) + 0x60` and `v` leave the
    // top bit clear) and no space after white space (or at the start; spaces found as in
    // [`is_collapsed`]) is kept whole, any other byte by byte. No addition carries into the next
    // byte.
    let mut chunks = b.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        high |= u8::from(x & TOP != 0) << 7;
        let y = x ^ SPACES;
        let space = !((y & LOW7).wrapping_add(LOW7) | y | LOW7);
        let control = !((x & LOW7).wrapping_add(0x6060_6060_6060_6060) | x) & TOP;
        let carry = if prev_space { 0x80 } else { 0 };
        if control == 0 && space & ((space << 8) | carry) == 0 {
            out[n..n + 8].copy_from_slice(chunk);
            n += 8;
            prev_space = space >> 63 != 0;
        } else {
            for &c in chunk {
                keep_collapsed(&mut out, c, &mut n, &mut prev_space);
            }
        }
    }
    for &c in chunks.remainder() {
        high |= c;
        keep_collapsed(&mut out, c, &mut n, &mut prev_space);
    }
    if high >= 0x80 {
        return None;
    }
    // A run of white space at the end kept its first byte, last.
    n -= usize::from(n > 0 && prev_space);
    out.truncate(n);
    String::from_utf8(out).ok()
}

/// One byte of [`collapse_ascii`]: `c` is written at `out[*n]` (a white-space byte as a space)
/// and kept unless it is white space after white space.
#[inline(always)]
fn keep_collapsed(out: &mut [u8], c: u8, n: &mut usize, prev_space: &mut bool) {
    let space = c == b' ' || c.wrapping_sub(b'\t') < 5;
    out[*n] = if space { b' ' } else { c };
    *n += usize::from(!(space && *prev_space));
    *prev_space = space;
}

static NEWEST_FIRST: Caseless = Caseless::new(
    r"most recent (?:first|on top|at the top)|newest (?:first|on top)|latest (?:first|on top)|reverse[- ]chronological|in reverse order",
);
static DATE_LINE_FILLER: Caseless = Caseless::new(
    r"\b(?:on|all|times?|are|is|in|day|date|the|of|at|timeline|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun|st|nd|rd|th)\b|\d",
);
static ZONE_LINE_FILLER: Caseless = Caseless::new(
    r"\b(?:time ?zones?|zones?|all|times?|are|is|in|shown|given|listed|the|used|timeline|note)\b",
);
/// Lead-in words that may come before an entry's time ("At 12:05", "Around 9:00").
const LEAD_IN_WORDS: &[&str] = &[
    "at",
    "around",
    "about",
    "approx",
    "approximately",
    "by",
    "circa",
    "on",
];

/// Whether `before` (what precedes a time on its line) is only punctuation and lead-in words:
/// `(?i)^\W*(?:(?:at|around|about|approx\.?|approximately|by|circa|~|on|-|—|–|•)\s*)*\W*$`,
/// matched by hand (a `\W` costs more to compile than the whole scan of a timeline).
fn is_lead_in(before: &str) -> bool {
    // Word runs, and what separates each from the one before.
    let mut runs: Vec<(&str, &str)> = Vec::new();
    let mut rest = before;
    loop {
        let sep_len = rest.len() - super::word::trim_start_non_word(rest).len();
        let (sep, after) = rest.split_at(sep_len);
        if after.is_empty() {
            break;
        }
        let word_len = after.len() - after.trim_start_matches(super::word::is_word_char).len();
        runs.push((sep, &after[..word_len]));
        rest = &after[word_len..];
    }
    let mut prev_approx = false;
    for (i, (sep, run)) in runs.iter().enumerate() {
        if i > 0 {
            // Between two words only spaces and `~ - — – •`, and the period of "approx.".
            let sep = if prev_approx {
                sep.strip_prefix('.').unwrap_or(sep)
            } else {
                sep
            };
            if !sep
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '~' | '-' | '—' | '–' | '•'))
            {
                return false;
            }
        }
        // A run of word characters is lead-in words written together ("at" + "about").
        match lead_in_words(run) {
            Some(ends_approx) => prev_approx = ends_approx,
            None => return false,
        }
    }
    true
}

/// Whether `run` is one or more [`LEAD_IN_WORDS`] written together; `Some(true)` when one such
/// reading ends with "approx".
fn lead_in_words(run: &str) -> Option<bool> {
    let b = run.as_bytes();
    // reach[i]: `b[..i]` splits into lead-in words; ends[i]: one split ends with "approx".
    let mut reach = vec![false; b.len() + 1];
    let mut ends = vec![false; b.len() + 1];
    reach[0] = true;
    for i in 0..b.len() {
        if !reach[i] {
            continue;
        }
        for w in LEAD_IN_WORDS {
            let j = i + w.len();
            if b.get(i..j)
                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
            {
                reach[j] = true;
                ends[j] |= *w == "approx";
            }
        }
    }
    reach[b.len()].then_some(ends[b.len()])
}

static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:[-+*•]|\d{1,2}[.)])\s+").unwrap());

/// The hash of the maps keyed by source offsets and item indices below: one multiplication
/// (Fibonacci hashing, high half folded into the low bits that pick the bucket) instead of
/// SipHash. The keys come from the document's structure; a collision costs only time.
#[derive(Default)]
struct IntHash(u64);

impl Hasher for IntHash {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A map keyed by a source offset or an [`ItemId`].
type IntMap<V> = HashMap<usize, V, BuildHasherDefault<IntHash>>;

/// Builds one [`Timeline`] per timeline section: [`build_scanned`] of [`scan`].
pub fn build(pm: &Postmortem) -> Vec<Timeline> {
    build_scanned(pm, scan(pm))
}

/// The first times of a timeline section's lines, scanned before its entries are read
/// ([`timed_items`]), with its timed items. Opaque: only [`build_scanned`] reads it.
pub(crate) struct Scanned {
    /// Index of the section in [`Postmortem::sections`].
    section: usize,
    times: LineTimes,
    timed_items: IntMap<bool>,
}

/// The scans of [`Scanned`] for each timeline section of `pm`, in order.
///
/// Apart from [`build_scanned`] so that a batch of documents can be scanned first, then built:
/// the time scanner's code then stays in the instruction cache from one document to the next,
/// and so does the entry builder's (interleaved, they evicted each other: the timeline stage's
/// instruction-cache misses 131 k -> 109 k over 200 generated files, FAST build).
pub(crate) fn scan(pm: &Postmortem) -> Vec<Scanned> {
    pm.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is("timeline"))
        .map(|(i, s)| {
            let mut times = LineTimes::new(s.title_line);
            let timed_items = timed_items(pm, s, &mut times);
            Scanned {
                section: i,
                times,
                timed_items,
            }
        })
        .collect()
}

/// One [`Timeline`] per timeline section of `pm`, from [`scan`] of `pm`.
pub(crate) fn build_scanned(pm: &Postmortem, scanned: Vec<Scanned>) -> Vec<Timeline> {
    scanned.into_iter().map(|s| build_one(pm, s)).collect()
}

/// A zone or a newest-first order declared by a line that is not an event.
fn declarations(text: &str) -> (Option<Zone>, bool) {
    (
        first_zone(text).map(|(_, z)| z),
        may_say_newest_first(text) && NEWEST_FIRST.is_match(text),
    )
}

/// [`DATE_LINE_FILLER`]'s words: every whole word it removes (its `\d` removes no letter).
const DATE_LINE_WORDS: &[&str] = &[
    "on",
    "all",
    "time",
    "times",
    "are",
    "is",
    "in",
    "day",
    "date",
    "the",
    "of",
    "at",
    "timeline",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "st",
    "nd",
    "rd",
    "th",
];
/// [`ZONE_LINE_FILLER`]'s words (`time zone` is the words `time` and `zone`).
const ZONE_LINE_WORDS: &[&str] = &[
    "timezone",
    "timezones",
    "time",
    "times",
    "zone",
    "zones",
    "all",
    "are",
    "is",
    "in",
    "shown",
    "given",
    "listed",
    "the",
    "used",
    "timeline",
    "note",
];

/// Blanks `ranges` of `text` and counts the letters left after removing `filler` words
/// (`words` spells them out).
///
/// By hand where it can: a filler word starts and ends at word boundaries and holds only letters,
/// so it is a whole run of word characters; letters are word characters. The letters left are
/// those of the runs that are not filler words, in any ASCII case (text holding `ſ` or the Kelvin
/// sign goes to the regex). `tests::letters_left_agrees_with_the_regex` checks it.
fn letters_left(
    text: &str,
    ranges: impl Iterator<Item = std::ops::Range<usize>>,
    filler: &Caseless,
    words: &[&str],
) -> usize {
    let mut rest = text.to_string();
    for r in ranges {
        if r.end <= rest.len() && rest.is_char_boundary(r.start) && rest.is_char_boundary(r.end) {
            rest.replace_range(r.clone(), &" ".repeat(r.len()));
        }
    }
    if !folds_to_ascii(&rest) {
        return rest
            .split(|c: char| !is_word_char(c))
            .filter(|run| !words.iter().any(|w| run.eq_ignore_ascii_case(w)))
            .map(|run| run.chars().filter(|c| c.is_alphabetic()).count())
            .sum();
    }
    letters_left_by_regex(&rest, filler)
}

/// [`letters_left`] after the blanking, with the regex.
fn letters_left_by_regex(rest: &str, filler: &Caseless) -> usize {
    let (re, rest) = filler.on(rest);
    re.replace_all(&rest, " ")
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
}

/// A line that holds only a date (and perhaps a zone), or a short sentence ending in `:` that
/// introduces the day ("Events of Sunday, May 24th, 2020:"): it sets the date of the entries after it.
fn date_line(text: &str) -> Option<PartialDate> {
    date_line_with(text, &scan_dates(text), || holds_time(text))
}

/// [`date_line`], with whether `text` holds a time answered by `has_time` (asked only when the
/// text holds a date).
fn date_line_with(
    text: &str,
    dates: &[DateMention],
    has_time: impl FnOnce() -> bool,
) -> Option<PartialDate> {
    let first = dates.first()?;
    if has_time() {
        return None;
    }
    let ranges = dates
        .iter()
        .map(|d| d.range.clone())
        .chain(scan_zones(text).into_iter().map(|(r, _)| r));
    let left = letters_left(text, ranges, &DATE_LINE_FILLER, DATE_LINE_WORDS);
    let introduces = text.trim_end().ends_with(':') && text.split_whitespace().count() <= 12;
    (left < 3 || introduces).then_some(first.date)
}

/// A line that only declares a zone ("- **Timezone:** PST", "All times are in UTC").
fn zone_line(text: &str) -> Option<Zone> {
    let zones = scan_zones(text);
    let (_, zone) = zones.first()?.clone();
    if holds_time(text) {
        return None;
    }
    let ranges = zones.into_iter().map(|(r, _)| r);
    (letters_left(text, ranges, &ZONE_LINE_FILLER, ZONE_LINE_WORDS) < 3).then_some(zone)
}

/// [`leading_time_in`], scanning `text` for its first time.
#[cfg(test)]
fn leading_time(text: &str) -> Option<TimeMention> {
    leading_time_in(text, super::time::scan_times(text).into_iter().next())
}

/// The time mention that starts the line `text`, given its first time mention `first`
/// ([`super::time::scan_times`]): `first` when only punctuation, a list marker or a lead-in word ("At",
/// "Around", "~") comes before it. At the start of an entry, military time without a colon
/// followed by a separator ("0900 - first report") is a time too.
fn leading_time_in(text: &str, first: Option<TimeMention>) -> Option<TimeMention> {
    if let Some(m) = first {
        if is_lead_in(strip_list_marker(&text[..m.range.start])) {
            return Some(m);
        }
    }
    let digits = military_at_start(text)?;
    let (hour, minute) = (
        text[digits.start..digits.start + 2].parse::<u8>().ok()?,
        text[digits.start + 2..digits.end].parse::<u8>().ok()?,
    );
    (hour < 24 && minute < 60).then(|| TimeMention {
        range: digits.clone(),
        time_range: digits,
        time: ClockTime {
            hour,
            minute,
            second: 0,
            meridiem: super::time::Meridiem::None,
            zero_padded: true,
        },
        date: None,
        zone: None,
    })
}

/// `before` without the list marker it starts with, as `LIST_MARKER.replace(before, "")`
/// gives it, by hand: `\s*`, then `-`, `+`, `*`, `•` or one or two digits and `.` or `)`, then
/// `\s+` (each part starts with what the part before cannot take, so there is one reading).
/// `\d` is any Unicode decimal digit: a non-ASCII numeric character where a digit may stand
/// sends `before` to the regex.
fn strip_list_marker(before: &str) -> &str {
    let t = before.trim_start();
    let mut chars = t.chars();
    let after = match chars.next() {
        Some('-' | '+' | '*' | '•') => chars.as_str(),
        _ => {
            if t.chars().take(2).any(|c| !c.is_ascii() && c.is_numeric()) {
                return match LIST_MARKER.find(before) {
                    Some(m) => &before[m.end()..],
                    None => before,
                };
            }
            let n = t.bytes().take(2).take_while(u8::is_ascii_digit).count();
            match t[n..].strip_prefix(['.', ')']) {
                Some(rest) if n > 0 => rest,
                _ => return before,
            }
        }
    };
    let rest = after.trim_start();
    if rest.len() < after.len() {
        rest
    } else {
        before
    }
}

/// The four digits of `MILITARY` (the tests' reference) at the start of `text` (`0900 - first report`), by hand: the
/// class before them and the spaces after take all they can and cannot take a digit or a
/// separator. Four `\d` that are not all ASCII digits give `None`, as reading their hour and
/// minute as ASCII numbers would.
fn military_at_start(text: &str) -> Option<std::ops::Range<usize>> {
    let t =
        text.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '*' | '+' | '•'));
    let start = text.len() - t.len();
    if !t.as_bytes().get(..4)?.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = t[4..].trim_start();
    let rest = rest.strip_prefix(['-', '–', '—', ':'])?;
    rest.starts_with(char::is_whitespace)
        .then_some(start..start + 4)
}

/// The reference for [`military_at_start`].
#[cfg(test)]
static MILITARY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s\-*+•]*(\d{4})\s*(?:-|–|—|:)\s").unwrap());

/// The first time mention of each line of the timeline section ([`first_time`]), scanned once:
/// the timed-items pass, entries and date lines all ask about the same lines (some 36,000 asks
/// for 16,000 lines per 1,000 files), and only about their first time (whether there is one, and
/// which).
///
/// A line is told by its source offset. Its answer is kept at its source line number, less
/// `base` (a vector indexed by line, not a hash map: the lines of a section are consecutive
/// source lines, one block line each in the usual document). A line whose slot holds another
/// line (two block lines on one source line) or that comes before `base` is kept in `other`.
struct LineTimes {
    /// The source line number (1-based) of slot 0: the section's title line.
    base: usize,
    /// The source offset of the line each slot answers for (`usize::MAX`: none yet).
    starts: Vec<usize>,
    /// The first time mention of the line of each slot.
    times: Vec<Option<TimeMention>>,
    /// The lines without a slot of their own, by source offset.
    other: IntMap<Option<TimeMention>>,
    /// How many lines have been scanned.
    scanned: usize,
}

impl LineTimes {
    /// Answers for the lines of the section titled on source line `base` (1-based).
    fn new(base: usize) -> LineTimes {
        // Room for a usual timeline's lines up front.
        LineTimes {
            base,
            starts: Vec::with_capacity(64),
            times: Vec::with_capacity(64),
            other: IntMap::default(),
            scanned: 0,
        }
    }

    /// The line's first time mention (`scan_times(line.text()).first()`).
    fn of(&mut self, line: &BlockLine) -> &Option<TimeMention> {
        if let Some(i) = line.line.checked_sub(self.base) {
            if i >= self.starts.len() {
                // Doubled, not one slot per line: the lines come in order.
                let n = (i + 1).max(2 * self.starts.len()).max(64);
                self.starts.resize(n, usize::MAX);
                self.times.resize(n, None);
            }
            if self.starts[i] == usize::MAX {
                self.starts[i] = line.start;
                self.times[i] = first_time(line.text());
                self.scanned += 1;
            }
            if self.starts[i] == line.start {
                return &self.times[i];
            }
        }
        let scanned = &mut self.scanned;
        self.other.entry(line.start).or_insert_with(|| {
            *scanned += 1;
            first_time(line.text())
        })
    }

    /// Whether the line holds a time.
    fn holds_time(&mut self, line: &BlockLine) -> bool {
        self.of(line).is_some()
    }

    /// [`date_line`] for the line, its times scanned once: a line with a time is no date line
    /// (so its dates need not be read).
    fn date_line(&mut self, line: &BlockLine) -> Option<PartialDate> {
        if self.holds_time(line) {
            return None;
        }
        date_line_with(line.text(), &scan_dates(line.text()), || false)
    }

    fn first(&mut self, line: &BlockLine) -> Option<TimeMention> {
        self.of(line).clone()
    }
}

/// Where entries are being read: the current date and zone.
struct State<'p> {
    date: Option<PartialDate>,
    date_fresh: bool,
    zone: Option<Zone>,
    /// The document's markdown and prose: an entry's resolution phrases are found at the word
    /// starts the prose recorded for its line ([`Prose::word_starts_of`]).
    markdown: &'p Markdown,
    prose: &'p Prose,
}

impl State<'_> {
    /// A date line or dated entry: the year comes from the previous date when missing.
    fn set_date(&mut self, mut d: PartialDate) -> PartialDate {
        if d.year.is_none() {
            d.year = self.date.and_then(|c| c.year);
        }
        self.date = Some(d);
        d
    }

    fn date_line(&mut self, d: PartialDate) {
        self.set_date(d);
        self.date_fresh = true;
    }

    /// The entry on `line` with time mention `m` and text `text` (borrowed only as the text of
    /// `line`, trimmed or not; owned when it is made of more).
    fn entry(
        &mut self,
        line: &BlockLine,
        m: Option<TimeMention>,
        form: EntryForm,
        text: Cow<'_, str>,
    ) -> Entry {
        let span = line.content_span();
        let (time, time_span, date, zone) = match m {
            Some(m) => (
                Some(m.time),
                line.start + m.time_range.start..line.start + m.time_range.end,
                m.date,
                m.zone,
            ),
            // "2021-12-10 | Vulnerability published": a day is the entry's granularity.
            None => (
                None,
                span.clone(),
                scan_dates(&text).first().map(|d| d.date),
                None,
            ),
        };
        let date_only = time.is_none() && date.is_some();
        let date_explicit = date.is_some() || self.date_fresh;
        let date = match date {
            Some(d) => Some(self.set_date(d)),
            None => self.date,
        };
        self.date_fresh = false;
        // Collapsed first, so that a phrase with a run of white space in it ("back to  normal") is
        // found.
        let borrowed = matches!(text, Cow::Borrowed(_));
        let collapsed = is_collapsed(&text);
        let text = if collapsed {
            text.into_owned()
        } else {
            collapse_into_new(&text)
        };
        // The text of the line itself, trimmed (the usual entry): its phrases are those of the
        // line, found at the line's word starts (trimmed white space starts no word and is no
        // word character for the boundaries). A borrowed text is the line's text, trimmed or
        // not: when it is collapsed it has no white space at either end, so it is the trimmed
        // line.
        let line_starts = ((borrowed && collapsed)
            || (text.len() <= line.text().len() && text == trim_quickly(line.text())))
        .then(|| self.prose.word_starts_of(self.markdown, line))
        .flatten();
        let resolution = match line_starts {
            Some(starts) => is_resolution_at(line.text(), starts),
            None => is_resolution(&text),
        };
        Entry {
            time,
            date,
            date_explicit,
            zone_explicit: zone.is_some(),
            zone: zone.or_else(|| self.zone.clone()),
            time_span,
            span,
            line: line.line,
            resolution,
            text,
            form,
            date_only,
            at: None,
        }
    }

    /// A zone declared before any entry applies to the whole timeline.
    fn declare_zone(&mut self, declared: &mut Option<Zone>, z: Zone, any_entries: bool) {
        if !any_entries {
            declared.get_or_insert(z.clone());
            self.zone.get_or_insert(z);
        }
    }
}

fn build_one(pm: &Postmortem, scanned: Scanned) -> Timeline {
    let Scanned {
        section: index,
        mut times,
        timed_items,
    } = scanned;
    let section = &pm.sections[index];
    let (mut declared_zone, mut newest_first) = declarations(&section.title);
    let mut state = State {
        date: None,
        date_fresh: false,
        zone: declared_zone.clone(),
        markdown: &pm.markdown,
        prose: &pm.prose,
    };
    // An entry per line scanned so far is room for most timelines: growing a vector of entries
    // copies them all.
    let mut entries: Vec<Entry> = Vec::with_capacity(times.scanned + 4);
    let mut item_is_entry: IntMap<bool> = IntMap::with_capacity_and_hasher(32, Default::default());
    let mut seen_item: IntMap<bool> = IntMap::with_capacity_and_hasher(32, Default::default());
    // After an entry written as a heading or paragraph line, untimed list items are its details.
    let mut detail_owner = false;
    // Block index of the last paragraph that held an entry.
    let mut last_para: Option<usize> = None;

    let mut under_entry = UnderEntry::default();
    for (bi, block) in pm.body_blocks(section) {
        let lines = pm.block_lines_between(bi, section.body.start, section.body.end);
        let Some(first) = lines.first() else {
            continue;
        };
        match block.kind {
            BlockKind::Code | BlockKind::ThematicBreak => {}
            BlockKind::Heading { .. } => {
                // Sub-headings are date lines ("### March 8, 2024") or, with a time, entries
                // whose details follow ("#### 00:20").
                detail_owner = false;
                if let Some(m) = leading_time_in(first.text(), times.first(first)) {
                    entries.push(state.entry(
                        first,
                        Some(m),
                        EntryForm::Heading,
                        Cow::Borrowed(first.text()),
                    ));
                    detail_owner = true;
                } else if let Some(d) = times.date_line(first) {
                    state.date_line(d);
                }
            }
            BlockKind::TableRow { header } => {
                if header {
                    let (z, nf) = declarations(first.text());
                    newest_first |= nf;
                    if let Some(z) = z {
                        state.declare_zone(&mut declared_zone, z, !entries.is_empty());
                    }
                } else if let Some(d) = times.date_line(first) {
                    state.date_line(d);
                } else if !first.text().trim().is_empty() {
                    let m = times.first(first);
                    entries.push(state.entry(
                        first,
                        m,
                        EntryForm::TableRow,
                        Cow::Borrowed(first.text()),
                    ));
                }
            }
            BlockKind::Html => html_entries(lines, &mut state, &mut entries, &mut times),
            BlockKind::Paragraph => match block.item {
                Some(item) => {
                    if seen_item.insert(item, true).is_some()
                        || pm.markdown.items[item].line != first.line
                    {
                        continue; // later paragraphs of an item continue its entry
                    }
                    let parent_entry = under_entry.get(pm, item, &item_is_entry);
                    let own: String = match lines {
                        [only] => only.text().trim().to_string(),
                        _ => lines
                            .iter()
                            .map(|l| l.text().trim())
                            .collect::<Vec<_>>()
                            .join(" "),
                    };
                    // `0900 - …` is a time only at the start of an entry.
                    let mut m = times
                        .first(first)
                        .or_else(|| leading_time_in(first.text(), None));
                    let mut at_line = first;
                    if m.is_none() {
                        // "* actions taken" then, in the item's next paragraph, "2:40 PM …".
                        let later = pm.markdown.blocks[bi + 1..]
                            .iter()
                            .take_while(|b| b.item == Some(item))
                            .filter_map(|b| b.lines.first())
                            .find_map(|l| {
                                leading_time_in(l.text(), times.first(l)).map(|t| (l, t))
                            });
                        if let Some((l, t)) = later {
                            at_line = l;
                            m = Some(t);
                        }
                    }
                    if m.is_none() {
                        if let Some(d) = date_line(&own) {
                            state.date_line(d);
                            continue;
                        }
                        if let Some(z) = zone_line(&own) {
                            state.declare_zone(&mut declared_zone, z, !entries.is_empty());
                            continue;
                        }
                        let is_group = timed_items.get(&item).copied().unwrap_or(false);
                        if parent_entry || is_group || detail_owner {
                            continue; // a detail of its entry, or a group label over timed items
                        }
                    } else {
                        detail_owner = false;
                    }
                    item_is_entry.insert(item, true);
                    entries.push(state.entry(at_line, m, EntryForm::ListItem, Cow::Owned(own)));
                }
                None => {
                    for l in lines {
                        let t = l.text().trim();
                        if t.is_empty() {
                            continue;
                        }
                        if let Some(m) = leading_time_in(l.text(), times.first(l)) {
                            entries.push(state.entry(
                                l,
                                Some(m),
                                EntryForm::ParagraphLine,
                                Cow::Borrowed(t),
                            ));
                            detail_owner = true;
                            last_para = Some(bi);
                        } else if let Some(d) = date_line(t) {
                            state.date_line(d);
                        } else if last_para != Some(bi) {
                            let (z, nf) = declarations(t);
                            newest_first |= nf;
                            if let Some(z) = z {
                                state.declare_zone(&mut declared_zone, z, !entries.is_empty());
                            }
                        }
                    }
                }
            },
        }
    }
    // An untimed entry right after one that ends in ':' ("the log said:") is what it quotes.
    let mut keep = vec![true; entries.len()];
    for i in 1..entries.len() {
        if entries[i].time.is_none()
            && !entries[i].date_only
            && entries[i - 1].text.trim_end().ends_with(':')
        {
            keep[i] = false;
        }
    }
    let mut it = keep.into_iter();
    entries.retain(|_| it.next().unwrap_or(true));
    let threshold = pm
        .profile
        .option_set("PM301", "midnight-threshold-hours")
        .map_or(MIDNIGHT_THRESHOLD, |h| h.clamp(1, 24) * 3600);
    let out_of_order = place(&mut entries, newest_first, threshold);
    Timeline {
        section: index,
        entries,
        declared_zone,
        newest_first,
        out_of_order,
    }
}

/// Items in the section that have a time on their first line, propagated to every ancestor.
///
/// The same pass scans (into `times`) every line whose times [`build_one`] always asks for:
/// the first line of each heading and table row (not a header row), and every line with text
/// of a paragraph outside a list. The scanner then runs over all of them in one burst, its code
/// staying in the instruction cache, instead of once between the entry-building steps of each
/// line; every scan is one `build_one` would make (the lines are the same, only the order
/// differs).
fn timed_items(pm: &Postmortem, section: &super::Section, times: &mut LineTimes) -> IntMap<bool> {
    let mut map = IntMap::default();
    let mut prev: Option<&crate::parse::Block> = None;
    for (block, line) in pm.body_lines(section) {
        // The first line of the block inside the section (the block's `first` in `build_one`).
        let first = !prev.is_some_and(|p| std::ptr::eq(p, block));
        prev = Some(block);
        match (block.kind, block.item) {
            (BlockKind::Paragraph, Some(item))
                if pm.markdown.items[item].line == line.line && times.holds_time(line) =>
            {
                // Ancestors already marked have their own ancestors marked: stop there.
                for a in ancestors(pm, item) {
                    if map.insert(a, true).is_some() {
                        break;
                    }
                }
            }
            (BlockKind::Paragraph, None) if !line.text().trim().is_empty() => {
                times.of(line);
            }
            (BlockKind::Heading { .. } | BlockKind::TableRow { header: false }, _) if first => {
                times.of(line);
            }
            _ => {}
        }
    }
    map
}

/// Whether an ancestor of an item is a timeline entry, remembered per item so that deep nesting
/// costs O(1) per item. Valid because an item's entry status is settled (when its first paragraph
/// is read) before any of its descendants is read.
#[derive(Default)]
struct UnderEntry(IntMap<bool>);

impl UnderEntry {
    fn get(&mut self, pm: &Postmortem, item: ItemId, is_entry: &IntMap<bool>) -> bool {
        let entry = |i: ItemId| is_entry.get(&i).copied().unwrap_or(false);
        let items = &pm.markdown.items;
        // Walk up to the first ancestor whose answer is known; `down` is then the answer for
        // its child (known answer, or that ancestor itself is an entry).
        let mut chain = Vec::new();
        let mut p = items[item].parent;
        let mut down = false;
        while let Some(a) = p {
            if let Some(&known) = self.0.get(&a) {
                down = known || entry(a);
                break;
            }
            chain.push(a);
            p = items[a].parent;
        }
        // Fill in the way back down, from the topmost ancestor to the parent.
        for &a in chain.iter().rev() {
            self.0.insert(a, down);
            down = down || entry(a);
        }
        down
    }
}

fn ancestors<'p>(pm: &'p Postmortem, item: ItemId) -> impl Iterator<Item = ItemId> + 'p {
    std::iter::successors(pm.markdown.items[item].parent, move |&p| {
        pm.markdown.items[p].parent
    })
}

/// The tags [`item_tags`] finds (its tests' reference).
#[cfg(test)]
static HTML_ITEM_TAG: Caseless = Caseless::new(r"<(/?)(li|tr|th|ul|ol|table)\b[^>]*>");

/// The matches of [`HTML_ITEM_TAG`] in `raw`, left to right, by hand: each `<`, an optional
/// `/`, a tag name of the pattern in any ASCII case (the first that fits, as the regex tries
/// them), no word character after it (`\b`), then everything to the next `>`; the search goes on
/// after a match, else after the `<`. Yields the tag's range, its lower-case name and whether it
/// closes. (The names hold no `s` or `k`, so Unicode case folding adds nothing.)
fn item_tags(raw: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &'static str, bool)> + '_ {
    let b = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(k) = memchr::memchr(b'<', &b[pos..]) {
            let lt = pos + k;
            pos = lt + 1;
            let closing = b.get(lt + 1) == Some(&b'/');
            let n = lt + 1 + usize::from(closing);
            let rest = &raw[n..];
            let Some(name) = ["li", "tr", "th", "ul", "ol", "table"]
                .into_iter()
                .find(|w| {
                    rest.as_bytes()
                        .get(..w.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
                        && !rest[w.len()..].starts_with(is_word_char)
                })
            else {
                continue;
            };
            let Some(gt) = memchr::memchr(b'>', &b[n + name.len()..]) else {
                continue;
            };
            let end = n + name.len() + gt + 1;
            pos = end;
            return Some((lt..end, name, closing));
        }
        pos = b.len();
        None
    })
}

/// Entries of an HTML block. An `<li>` or `<tr>` with a time is an entry and items nested in it
/// are its details; one with neither a time nor a timed item inside is an entry without time;
/// header rows (`<th>`) are declarations. Lines outside any item (`<p>14:05 …</p>`, or Markdown
/// lines CommonMark kept inside the block) are entries when they start with a time.
fn html_entries(
    lines: &[BlockLine],
    state: &mut State,
    entries: &mut Vec<Entry>,
    times: &mut LineTimes,
) {
    struct Item {
        line: usize,
        text: String,
        parent: Option<usize>,
        first_text_line: Option<usize>,
        header: bool,
    }
    let mut items: Vec<Item> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut loose: Vec<(usize, String)> = Vec::new();
    for (li, l) in lines.iter().enumerate() {
        let mut pos = 0;
        for (m, name, closing) in item_tags(l.raw()) {
            // Text before a tag belongs to the item open before it.
            attach(&mut items, &stack, &l.text()[pos..m.start], li, &mut loose);
            pos = m.end;
            match (name, closing) {
                ("li" | "tr", false) => {
                    items.push(Item {
                        line: li,
                        text: String::new(),
                        parent: stack.last().copied(),
                        first_text_line: None,
                        header: false,
                    });
                    stack.push(items.len() - 1);
                }
                ("li" | "tr", true) => {
                    stack.pop();
                }
                ("th", false) => {
                    if let Some(&i) = stack.last() {
                        items[i].header = true;
                    }
                }
                _ => {}
            }
        }
        attach(
            &mut items,
            &stack,
            &l.text()[pos.min(l.text().len())..],
            li,
            &mut loose,
        );
    }
    fn attach(
        items: &mut [Item],
        stack: &[usize],
        seg: &str,
        line: usize,
        loose: &mut Vec<(usize, String)>,
    ) {
        if seg.trim().is_empty() {
            return;
        }
        match stack.last() {
            Some(&i) => {
                items[i].first_text_line.get_or_insert(line);
                // One space between segments (the text is collapsed later).
                if !items[i].text.is_empty() {
                    items[i].text.push(' ');
                }
                items[i].text.push_str(seg.trim());
            }
            None => loose.push((line, seg.to_string())),
        }
    }
    // An item written on one line alone (`<li>14:05 …</li>`) holds the trimmed text of that
    // line: it holds a time when the line does, and the line's times (scanned once) are those its
    // entry reads. (White space around a text changes none of its times.)
    let timed: Vec<bool> = items
        .iter()
        .map(|it| {
            let line = &lines[it.first_text_line.unwrap_or(it.line)];
            if it.text == line.text().trim() {
                times.holds_time(line)
            } else {
                holds_time(&it.text)
            }
        })
        .collect();
    let mut has_timed_child = vec![false; items.len()];
    for (i, it) in items.iter().enumerate() {
        if timed[i] {
            let mut p = it.parent;
            while let Some(pi) = p {
                has_timed_child[pi] = true;
                p = items[pi].parent;
            }
        }
    }
    // Items and loose lines, in line order.
    let mut order: Vec<(usize, Option<usize>)> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.first_text_line.unwrap_or(it.line), Some(i)))
        .collect();
    order.extend(loose.iter().map(|(l, _)| (*l, None)));
    order.sort_by_key(|(l, i)| (*l, i.is_none()));
    let mut is_entry = vec![false; items.len()];
    let mut loose_done: std::collections::HashSet<usize, BuildHasherDefault<IntHash>> =
        std::collections::HashSet::default();
    for (line_idx, item) in order {
        let line = &lines[line_idx];
        let Some(i) = item else {
            if loose_done.insert(line_idx) {
                if let Some(m) = leading_time_in(line.text(), times.first(line)) {
                    entries.push(state.entry(
                        line,
                        Some(m),
                        EntryForm::Html,
                        Cow::Borrowed(line.text()),
                    ));
                } else if let Some(d) = times.date_line(line) {
                    state.date_line(d);
                }
            }
            continue;
        };
        let it = &items[i];
        if std::iter::successors(it.parent, |&p| items[p].parent).any(|p| is_entry[p]) {
            continue;
        }
        let text = collapse_whitespace(&it.text);
        if it.header {
            if let (Some(z), _) = declarations(&text) {
                state.zone.get_or_insert(z);
            }
        } else if timed[i] {
            is_entry[i] = true;
            let m = times.first(line);
            entries.push(state.entry(line, m, EntryForm::Html, Cow::Owned(text)));
        } else if let Some(d) = date_line(&text) {
            state.date_line(d);
        } else if zone_line(&text).is_none() && !has_timed_child[i] && !text.is_empty() {
            is_entry[i] = true;
            entries.push(state.entry(line, None, EntryForm::Html, Cow::Owned(text)));
        }
    }
}

/// Places every timed entry on one axis and returns the entries that go back in time.
///
/// Dates are honoured (a date line or a date on the entry); without a new date, a backward jump of
/// more than `midnight_threshold` seconds (default [`MIDNIGHT_THRESHOLD`]; PM301's
/// `midnight-threshold-hours`) is read as crossing midnight. A 12-hour time written without
/// AM/PM ("1:00") is read as PM when the timeline is already past noon, or when PM is the closer
/// reading ("11:30" then "1:00"). Entries with known zones are compared in UTC. With
/// `newest_first`, every rule runs in the other direction.
fn place(
    entries: &mut [Entry],
    newest_first: bool,
    midnight_threshold: i64,
) -> Vec<(usize, usize)> {
    let dir: i64 = if newest_first { -1 } else { 1 };
    let mut out = Vec::new();
    let mut prev: Option<usize> = None;
    let mut day_shift: i64 = 0;
    let mut prev_date: Option<i64> = None;
    for i in 0..entries.len() {
        let Some(t) = entries[i].time else { continue };
        let date = entries[i]
            .date
            .and_then(|d| d.to_naive(DEFAULT_YEAR))
            .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)));
        if date != prev_date {
            day_shift = 0;
        }
        let base = (date.unwrap_or(0) + day_shift) * DAY;
        let mut tod = i64::from(t.seconds_of_day());
        let Some(p) = prev else {
            entries[i].at = Some(base + tod);
            prev = Some(i);
            prev_date = date;
            continue;
        };
        let p_at = entries[p].at.expect("placed");
        let (p_off, off) = match (entries[p].offset(), entries[i].offset()) {
            (Some(a), Some(b)) => (a, b),
            _ => (0, 0),
        };
        // Step from the previous entry in the timeline's direction; positive is in order.
        let step = |tod: i64| ((base + tod - off) - (p_at - p_off)) * dir;
        if t.is_ambiguous_12h() && t.hour < 12 {
            let (s0, s1) = (step(tod), step(tod + 12 * 3600));
            let afternoon = dir > 0 && p_at.rem_euclid(DAY) >= 12 * 3600 && s1 >= -3600;
            if afternoon || (s0 < 0 && s1 >= 0 && s1 < -s0) {
                tod += 12 * 3600;
            }
        }
        let mut at = base + tod;
        let back = -step(tod);
        if back > 0 {
            let same_day = date == prev_date;
            if back > midnight_threshold && same_day && !entries[i].date_explicit {
                day_shift += dir;
                at += dir * DAY;
            } else {
                out.push((i, p));
            }
        }
        entries[i].at = Some(at);
        prev = Some(i);
        prev_date = date;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_and_zone_lines() {
        assert!(date_line("March 8, 2024").is_some());
        assert!(date_line("2015-10-21 (all times UTC)").is_some());
        assert!(date_line("These events took place on Sunday, May 24th, 2020:").is_some());
        assert!(date_line("On March 8, 2024 the site went down for everyone").is_none());
        assert!(date_line("March 8, 2024 14:00").is_none());
        assert_eq!(
            zone_line("Timezone: PST").map(|z| z.name),
            Some("PST".into())
        );
        assert!(zone_line("the UTC deploy finished at noon").is_none());
    }

    #[test]
    fn lead_ins_agree_with_the_regex_they_replace() {
        let re = Regex::new(
            r"(?i)^\W*(?:(?:at|around|about|approx\.?|approximately|by|circa|~|on|-|—|–|•)\s*)*\W*$",
        )
        .unwrap();
        let pieces = [
            "at",
            "AT",
            "around",
            "about",
            "approx",
            "approx.",
            "approximately",
            "by",
            "circa",
            "on",
            "~",
            "-",
            "—",
            "–",
            "•",
            " ",
            "  ",
            "\t",
            ".",
            ",",
            ":",
            "*",
            "x",
            "1",
            "é",
            "atby",
            "on.",
            "(",
            "\u{a0}",
            "_",
            "\u{301}",
        ];
        let mut x: u64 = 5;
        for _ in 0..50_000 {
            let mut t = String::new();
            for _ in 0..(x % 7) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            assert_eq!(is_lead_in(&t), re.is_match(&t), "{t:?}");
        }
    }

    #[test]
    fn resolution_agrees_with_the_regex() {
        let re = Regex::new(&format!("(?i){}", RESOLUTION_PATTERN)).unwrap();
        let mut pieces: Vec<String> = resolution_phrases();
        pieces.extend(
            [
                "200 ok", "200 OK", "200 oK", " ", "  ", "x", "é", "_", "1", ".", "S", "BACK",
                "Restored", "ſ", "\u{212a}", "bac", "back ", "services", "end", "of ", "up",
                "again", "is ", "Service ", "Outage ", "over", "-", "app", "s",
            ]
            .iter()
            .map(ToString::to_string),
        );
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        for t in crate::test_texts::random(&pieces, 60_000, 5, 7) {
            assert_eq!(is_resolution(&t), re.is_match(&t), "{t:?}");
            let mut starts = Vec::new();
            word::word_starts(&t, &mut starts);
            assert_eq!(is_resolution_at(&t, &starts), re.is_match(&t), "{t:?}");
        }
        for t in [
            "Service restored",
            "the site is back!",
            "200 OK",
            "a200 ok",
            "restoredx",
        ] {
            assert_eq!(is_resolution(t), re.is_match(t), "{t:?}");
        }
    }

    #[test]
    fn newest_first_prefilter_never_rules_out_a_match() {
        let pieces = [
            "most recent ",
            "Most Recent",
            "first",
            "on top",
            "at the top",
            "newest ",
            "NEWEST",
            "latest ",
            "reverse",
            "Reverse",
            "-",
            " ",
            "chronological",
            "in ",
            "order",
            "ſ",
            "moſt recent ",
            "x",
        ];
        for t in crate::test_texts::random(&pieces, 30_000, 5, 7) {
            if NEWEST_FIRST.is_match(&t) {
                assert!(may_say_newest_first(&t), "{t:?}");
            }
            let searched = ["most recent ", "newest ", "latest ", "reverse"]
                .iter()
                .any(|w| super::super::time::contains_ignore_ascii_case(&t, w));
            assert_eq!(holds_newest_first_word(&t), searched, "{t:?}");
        }
    }

    #[test]
    fn letters_left_agrees_with_the_regex() {
        let mut pieces: Vec<&str> = DATE_LINE_WORDS.to_vec();
        pieces.extend(ZONE_LINE_WORDS);
        pieces.extend([
            " ",
            "  ",
            "time zone",
            "time zones",
            "ON",
            "Monday",
            "x",
            "é",
            "_",
            "1",
            "2",
            "-",
            ".",
            "ſ",
            "\u{212a}",
            "٣",
            "ab",
            "zonex",
            "timex",
        ]);
        let mut hits = 0;
        for t in crate::test_texts::random(&pieces, 60_000, 6, 7) {
            for (filler, words) in [
                (&DATE_LINE_FILLER, DATE_LINE_WORDS),
                (&ZONE_LINE_FILLER, ZONE_LINE_WORDS),
            ] {
                let want = letters_left_by_regex(&t, filler);
                hits += usize::from(want < t.chars().filter(|c| c.is_alphabetic()).count());
                assert_eq!(
                    letters_left(&t, std::iter::empty(), filler, words),
                    want,
                    "{t:?}"
                );
            }
        }
        assert!(hits > 1000, "{hits}");
    }

    #[test]
    fn item_tags_agree_with_the_regex() {
        let pieces = [
            "<", ">", "/", "li", "LI", "tr", "Th", "ul", "ol", "table", "tbody", "x", " ", "é",
            "_", "1", "<li>", "</tr>", "a=\"b\"",
        ];
        let mut hits = 0;
        for t in crate::test_texts::random(&pieces, 60_000, 8, 7) {
            let (re, raw) = HTML_ITEM_TAG.on(&t);
            let want: Vec<_> = re
                .captures_iter(&raw)
                .map(|c| {
                    let name = c[2].to_ascii_lowercase();
                    (c.get(0).unwrap().range(), name, &c[1] == "/")
                })
                .collect();
            hits += want.len();
            let got: Vec<_> = item_tags(&t)
                .map(|(r, n, closing)| (r, n.to_string(), closing))
                .collect();
            assert_eq!(got, want, "{t:?}");
        }
        assert!(hits > 1000, "{hits}");
    }

    #[test]
    fn whitespace_collapses_as_split_and_join() {
        for t in [
            "",
            " ",
            "a",
            " a  b\tc \u{a0}d ",
            "\u{2003}x\ny  ",
            "\x0b a\x0c\rb\x1c c ",
            "a b c",
            "ab\tc",
            "a\nb",
            "\ta",
            "a ",
            "a  b",
            "a \x0bb",
            "a\u{a0}b",
            "a \u{2028}b",
            "a\u{3000}",
            "\u{85}a",
            "a\u{1680}b",
            "a\u{205f}b",
            "a\u{202f}b",
            "caf\u{e9} \u{2192} na\u{ef}ve \u{1f680}",
            "\u{2192}  x",
            "x \u{2192}",
        ] {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(t), want, "{t:?}");
            assert_eq!(is_collapsed(t), want == t, "{t:?}");
        }
        let pieces = [
            " ",
            "  ",
            "\t",
            "\n",
            "\x0b",
            "\x01",
            "\x1f",
            "a",
            "word",
            "é",
            "\u{a0}",
            "\u{85}",
            "\u{2192}",
            "\u{2003}",
            "\u{3000}",
            "\u{1680}",
            "\u{1f680}",
            "x y",
            "\x7f",
            "12:05",
        ];
        for t in crate::test_texts::random(&pieces, 50_000, 30, 11) {
            let want = t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_collapsed(&t), want == t, "{t:?}");
            assert_eq!(collapse_whitespace(&t), want, "{t:?}");
            assert_eq!(collapse_into_new(&t), want, "{t:?}");
            assert_eq!(trim_quickly(&t), t.trim(), "{t:?}");
            assert_eq!(collapse_ascii(&t).is_some(), t.is_ascii(), "{t:?}");
        }
    }

    #[test]
    fn list_markers_and_military_times_agree_with_the_regexes() {
        let pieces = [
            " ", "\t", "\u{a0}", "-", "+", "*", "•", "1", "12", "0900", "2359", "٣", "१", ".", ")",
            ":", "–", "—", "x", "At", "é",
        ];
        for t in crate::test_texts::random(&pieces, 100_000, 7, 7) {
            let want = LIST_MARKER.replace(&t, "");
            assert_eq!(strip_list_marker(&t), want, "{t:?}");
            let want = MILITARY.captures(&t).and_then(|c| {
                let d = c.get(1).unwrap();
                d.as_str().is_ascii().then(|| d.range())
            });
            assert_eq!(military_at_start(&t), want, "{t:?}");
        }
    }

    #[test]
    fn leading_times_allow_lead_in_words() {
        assert!(leading_time("At 12:05 AM: alert").is_some());
        assert!(leading_time("- 14:00 UTC - alert").is_some());
        assert!(leading_time("~ 14:00 alert").is_some());
        assert!(leading_time("The site was down from 14:00 to 15:00").is_none());
        // Four non-ASCII decimal digits: `MILITARY` matched them and slicing their hour at byte 2
        // panicked (main at 41abc04); they are no time.
        assert!(leading_time("०१२३ - alert 1234 fired").is_none());
        assert!(leading_time("0900 - first report").is_some());
    }

    #[test]
    fn line_times_answer_for_each_line() {
        let texts = [
            "14:05 UTC alert",
            "no time",
            "2024-03-08 09:58: paged",
            "noon: x",
        ];
        // (source line, source offset, text): lines in order, out of order, two on one source
        // line, one before the title's line, one far after it.
        let lines: Vec<BlockLine> = [
            (10, 100, 0),
            (12, 140, 2),
            (11, 120, 1),
            (12, 150, 3),
            (3, 20, 2),
            (400, 9000, 0),
        ]
        .into_iter()
        .map(|(line, start, t)| BlockLine::new(line, start, texts[t], texts[t]))
        .collect();
        let mut times = LineTimes::new(10);
        for _ in 0..2 {
            for l in &lines {
                assert_eq!(times.of(l), &first_time(l.text()), "{:?}", l.text());
            }
        }
        assert_eq!(times.scanned, lines.len());
    }
}
