//! Blanking of inline Markdown markup, byte for byte.
//!
//! Fact extractors search block text for times, titles and durations. Instead of re-rendering
//! inline Markdown (and losing source positions), markup is overwritten with ASCII spaces of the
//! same byte length, so a byte offset in the blanked text is the same offset in the source line.
//! Whole characters are always replaced, so the result stays valid UTF-8.

#[cfg(test)]
use regex::Regex;
#[cfg(test)]
use std::sync::LazyLock;

/// Overwrites `range` of `buf` with spaces, keeping newlines (so line splitting still works).
fn blank(buf: &mut [u8], range: std::ops::Range<usize>) {
    // A select rather than a branch: the loop is vectorised.
    for b in &mut buf[range] {
        *b = if *b == b'\n' { b'\n' } else { b' ' };
    }
}

/// Blanks code spans (CommonMark §6.1: a backtick string and the next backtick string of the same
/// length) including their backticks, and HTML comments `<!-- … -->`. Text inside code spans is
/// not read as a time, title or image, with two exceptions where only the backticks are blanked:
/// headings (`keep_all`; a heading's text is its title however it is styled) and spans holding
/// nothing but a date or time (`` `2020-09-01 23:16` `` starting a timeline entry).
#[cfg(test)]
pub fn blank_code_and_comments(buf: &mut [u8], keep_all: bool) {
    let seen = ByteSet::of(buf);
    blank_code_and_comments_with(buf, keep_all, &seen);
}

/// Whether [`blank_code_and_comments_with`] may blank anything in a buffer whose bytes are among
/// `seen`: a code span needs a backtick, a comment `<!--` a `<` and a `!`. False for most
/// blocks whose only `<` are tags (an HTML block's `<li>`s, a `<br>`), which are then neither
/// searched nor copied.
pub fn may_hold_code_or_comment(seen: &ByteSet) -> bool {
    seen.has(b'`') | (seen.has(b'<') & seen.has(b'!'))
}

/// [`blank_code_and_comments`] with the bytes of `buf` already known (`seen` may hold more than
/// `buf` does, never less).
pub fn blank_code_and_comments_with(buf: &mut [u8], keep_all: bool, seen: &ByteSet) {
    // Only an escape, a backtick or a `<` starts anything here: the search is for those that
    // occur (one fewer byte to look for without escapes, the usual case). A `<` starts
    // something only as `<!--`: without a `!` in the buffer it is not looked for (the tags of
    // an HTML block were each a stop of the search that blanked nothing).
    let starts = if seen.has(b'!') {
        Needles::present(seen, b"\\`<")
    } else {
        Needles::present(seen, b"\\`")
    };
    // Once no closing run of length n exists after offset p, none exists after any later offset:
    // `no_close[n]` remembers the earliest such p, so each length is searched to the end once.
    // (Pairs `(n, p)`: a length is recorded at most once, as later offsets are all past `p`.)
    let mut no_close: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < buf.len() {
        let Some(skip) = starts.find(&buf[i..]) else {
            break;
        };
        i += skip;
        match buf[i] {
            b'\\' => i += 2,
            b'`' => {
                let start = i;
                while i < buf.len() && buf[i] == b'`' {
                    i += 1;
                }
                let n = i - start;
                if no_close.iter().any(|&(len, p)| len == n && p <= i) {
                    continue;
                }
                let mut j = i;
                let mut close = None;
                while let Some(next) = memchr::memchr(b'`', &buf[j..]) {
                    let s = j + next;
                    j = s;
                    while j < buf.len() && buf[j] == b'`' {
                        j += 1;
                    }
                    if j - s == n {
                        close = Some(j);
                        break;
                    }
                }
                if close.is_none() {
                    no_close.push((n, i));
                }
                if let Some(end) = close {
                    let content = &buf[start + n..end - n];
                    if keep_all || is_timestamp(content) {
                        blank(buf, start..start + n);
                        blank(buf, end - n..end);
                    } else {
                        blank(buf, start..end);
                    }
                    i = end;
                }
            }
            b'<' if buf[i..].starts_with(b"<!--") => {
                let end = memchr::memmem::find(&buf[i + 4..], b"-->")
                    .map_or(buf.len(), |p| i + 4 + p + 3);
                blank(buf, i..end);
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// What [`is_timestamp`] matches by hand (the tests check it against this).
#[cfg(test)]
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]?)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|Z|UTC|GMT|[A-Z]{2,4}))?\s*$").unwrap()
});

/// Whether a code span's content is only a time, optionally with an ISO date and a zone: the
/// whole content matches
/// `\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]?)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|Z|UTC|GMT|[A-Z]{2,4}))?\s*`
/// (`\s` is Unicode `White_Space`, as `char::is_whitespace`). Matched by hand: each part is
/// decided by the next byte, so no backtracking is needed (a time starts with a digit, so a
/// `T` or space after the date always belongs to it; a zone never ends in a space, so trailing
/// spaces are trimmed first).
fn is_timestamp(content: &[u8]) -> bool {
    // Every match holds the `:` after the hour (most code spans, names and commands, do not).
    if memchr::memchr(b':', content).is_none() {
        return false;
    }
    let Ok(s) = std::str::from_utf8(content) else {
        return false;
    };
    let b = s.trim().as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let mut i = 0;
    // A date: four digits then `-` can start nothing else.
    if digits(0, 4) && b.get(4) == Some(&b'-') {
        if !(digits(5, 2) && b.get(7) == Some(&b'-') && digits(8, 2)) {
            return false;
        }
        i = 10 + usize::from(matches!(b.get(10), Some(b'T' | b' ')));
    }
    // The hour (one or two digits), `:`, the minutes, and optional seconds.
    let hour = if digits(i, 2) {
        2
    } else {
        usize::from(digits(i, 1))
    };
    if hour == 0 || b.get(i + hour) != Some(&b':') || !digits(i + hour + 1, 2) {
        return false;
    }
    i += hour + 3;
    if b.get(i) == Some(&b':') && digits(i + 1, 2) {
        i += 3;
    }
    // An optional zone after optional spaces (`s` was trimmed, so the rest ends in no space).
    let zone = s.trim()[i..].trim_start().as_bytes();
    match zone {
        [] | [b'Z'] => true,
        _ if (2..=4).contains(&zone.len()) && zone.iter().all(u8::is_ascii_uppercase) => true,
        [b'A' | b'a' | b'P' | b'p', rest @ ..] => {
            let rest = rest.strip_prefix(b".").unwrap_or(rest);
            match rest {
                [b'M' | b'm', tail @ ..] => tail.is_empty() || tail == b".",
                _ => false,
            }
        }
        _ => false,
    }
}

// The markup regexes: [`blank_markup_with`] matches them by hand; the tests check it against
// them.
#[cfg(test)]
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<(?:https?|ftp|mailto):[^<>\s]*>")
        .unwrap()
});
#[cfg(test)]
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!\[[^\]\n]*\]\([^)\n]*\)?|!\[[^\]\n]*\](?:\[[^\]\n]*\])?|!\([^)\n]*\)").unwrap()
});
#[cfg(test)]
static LINK_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\([^)\s]*(?:\s+(?:\x22[^\x22]*\x22|'[^']*'))?\)|\]\[[^\]\n]*\]").unwrap()
});
#[cfg(test)]
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+").unwrap()
});

/// The byte values [`ByteSet`] tracks: those the masking steps test for. Each has its bit (its
/// index here) in a set.
const TRACKED: &[u8; 16] = b"\n`<\\:/.wW!]*|[~_";

/// For each byte value, its bit in a [`ByteSet`] (0 for a byte that is not tracked).
static CLASS: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < TRACKED.len() {
        table[TRACKED[i] as usize] = 1 << i;
        i += 1;
    }
    table
};

/// Which of the [`TRACKED`] byte values occur in a buffer: one pass, so that each masking step
/// can be skipped when the bytes it looks for are absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteSet(u16);

impl ByteSet {
    /// The tracked bytes of `buf`: each byte's bit from a table, ORed together eight bytes at a
    /// time, the last eight again (ORing a byte twice changes nothing), so that no loop runs
    /// over a remainder of varying length (whose exit no branch predicts), except in a buffer
    /// shorter than eight bytes.
    #[inline]
    pub fn of(buf: &[u8]) -> Self {
        let class = |b: u8| CLASS[usize::from(b)];
        let word = |w: &[u8; 8]| {
            (class(w[0]) | class(w[1]) | class(w[2]) | class(w[3]))
                | (class(w[4]) | class(w[5]) | class(w[6]) | class(w[7]))
        };
        let (words, rest) = buf.as_chunks::<8>();
        let mut set = words.iter().fold(0, |set, w| set | word(w));
        match buf.last_chunk::<8>() {
            Some(last) => set |= word(last),
            None => set |= rest.iter().fold(0, |set, &b| set | class(b)),
        }
        ByteSet(set)
    }

    /// Whether `b` occurs; `b` must be one of [`TRACKED`] (panics otherwise in a debug build; an
    /// untracked byte reads as absent).
    #[inline]
    pub fn has(&self, b: u8) -> bool {
        debug_assert!(CLASS[usize::from(b)] != 0, "untracked byte {b:#x}");
        self.0 & CLASS[usize::from(b)] != 0
    }

    /// Whether any of `bytes` is in the set: every byte tested, no early exit (whether and where
    /// one is found is what no branch predicts; the tests of a constant list are unrolled).
    #[inline]
    fn any(&self, bytes: &[u8]) -> bool {
        bytes.iter().fold(false, |found, &b| found | self.has(b))
    }
}

/// Blanks everything that is markup rather than prose: HTML tags and autolinks, images (whole),
/// link brackets and destinations (the link text stays), bare URLs, emphasis and strikethrough
/// delimiters, table pipes and backslashes of escapes. Call after [`blank_code_and_comments`].
#[cfg(test)]
pub fn blank_markup(buf: &mut [u8]) {
    let seen = ByteSet::of(buf);
    blank_markup_with(buf, &seen);
}

/// Blanks everything that is markup rather than prose (HTML tags and autolinks, images (whole),
/// link brackets and destinations (the link text stays), bare URLs, emphasis and strikethrough
/// delimiters, table pipes and backslashes of escapes), with the bytes of `buf` already known (`seen` may hold more than `buf` does,
/// never less).
pub fn blank_markup_with(buf: &mut [u8], seen: &ByteSet) {
    blank_matches_only(buf, seen);
    if !seen.any(DELIMITERS) {
        return;
    }
    blank_delimiters(buf, seen);
}

/// Up to three bytes, searched for with the one `memchr` call that covers them (a search for
/// fewer bytes is the cheaper).
struct Needles {
    bytes: [u8; 3],
    len: usize,
}

impl Needles {
    /// Those of `candidates` (at most three) that `seen` holds.
    fn present(seen: &ByteSet, candidates: &[u8]) -> Needles {
        debug_assert!(candidates.len() <= 3);
        // No branch on what is present: each candidate is written at the next place and counted
        // if present (an absent one is overwritten by the next, or left past `len`).
        let mut needles = Needles {
            bytes: [0; 3],
            len: 0,
        };
        for &b in candidates {
            needles.bytes[needles.len] = b;
            needles.len += usize::from(seen.has(b));
        }
        needles
    }

    /// Offset of the first of the bytes in `hay`.
    fn find(&self, hay: &[u8]) -> Option<usize> {
        let [a, b, c] = self.bytes;
        match self.len {
            0 => None,
            1 => memchr::memchr(a, hay),
            2 => memchr::memchr2(a, b, hay),
            _ => memchr::memchr3(a, b, c, hay),
        }
    }
}

/// Whether [`blank_markup_with`] may blank anything in a buffer whose bytes are among `seen`:
/// false exactly when none of the bytes that start its patterns occurs (the tests it makes
/// before each pattern), so that the caller can skip it and the copy it would write into.
pub fn may_blank(seen: &ByteSet) -> bool {
    // `&` and `|` of the tests, not `&&` and `||`: no branch on what the block holds.
    let colons = seen.has(b':') & seen.has(b'/');
    let dots = seen.has(b'.') & (seen.has(b'w') | seen.has(b'W'));
    colons | dots | seen.any(b"<!]*|[~_\\")
}

/// The last pass of [`blank_markup_with`]: emphasis and strikethrough delimiters, table pipes,
/// `[` and the backslashes of escapes. Each byte is judged by its neighbours as they were before
/// this pass (blanking only turns delimiters into spaces, which changes no other judgement:
/// neither is alphanumeric, and a `~` run is blanked whole).
///
/// `~ _ \` (the rarer ones, judged by their neighbours) first, at each one found; then `* | [`,
/// always blanked, in one pass with no branch per byte (the compiler vectorises it), after the
/// `\` that a `*` or `[` may follow has been judged.
fn blank_delimiters(buf: &mut [u8], seen: &ByteSet) {
    let judged = Needles::present(seen, b"~_\\");
    if judged.len > 0 {
        let mut from = 0;
        while let Some(o) = judged.find(&buf[from..]) {
            blank_delimiter_at(buf, from + o);
            from += o + 1;
        }
    }
    if seen.any(b"*|[") {
        blank_always(buf);
    }
}

/// Blanks every `*`, `|` and `[` of `buf` ([`in_overlapping_runs`]: the byte loop's scalar
/// remainder, which mispredicted its exit, is not run; blanking a byte twice changes nothing).
fn blank_always(buf: &mut [u8]) {
    in_overlapping_runs(buf, |run| run.iter_mut().for_each(blank_always_at));
}

/// Calls `f` on runs of `buf` that cover it, each a multiple of 32 bytes long (else, in a buffer
/// shorter than 32 bytes, of 8), the last run overlapping the one before it: the vectorised
/// loop that `f` compiles to runs whole, and its scalar remainder (up to 31 bytes one by one,
/// whose exit no branch predicts) never. For an `f` that does the same when run twice over a
/// byte. A buffer shorter than 8 bytes is passed whole.
#[inline]
fn in_overlapping_runs(buf: &mut [u8], mut f: impl FnMut(&mut [u8])) {
    let len = buf.len();
    let step = if len >= 32 { 32 } else { 8 };
    if len < step {
        f(buf);
        return;
    }
    f(&mut buf[..len - len % step]);
    if !len.is_multiple_of(step) {
        f(&mut buf[len - step..]);
    }
}

/// Blanks `b` if it is a `*`, `|` or `[`.
#[inline]
fn blank_always_at(b: &mut u8) {
    let always = (*b == b'*') | (*b == b'|') | (*b == b'[');
    *b = if always { b' ' } else { *b };
}

/// One step of [`blank_delimiters`]: blanks the byte at `i` if it is a `~`, `_` or `\` to blank
/// there.
#[inline]
fn blank_delimiter_at(buf: &mut [u8], i: usize) {
    let len = buf.len();
    match buf[i] {
        // A run of two or more (GFM strikethrough's `~~`) is blanked whole at its first `~`:
        // blanking one byte at a time would leave the second `~` with a blank before it.
        b'~' if i + 1 < len && buf[i + 1] == b'~' => {
            let mut j = i;
            while j < len && buf[j] == b'~' {
                buf[j] = b' ';
                j += 1;
            }
        }
        b'_' => {
            let before = i == 0 || !buf[i - 1].is_ascii_alphanumeric();
            let after = i + 1 >= len || !buf[i + 1].is_ascii_alphanumeric();
            if before || after {
                buf[i] = b' ';
            }
        }
        b'\\' if i + 1 < len && buf[i + 1].is_ascii_punctuation() => buf[i] = b' ',
        _ => {}
    }
}

/// The bytes [`blank_delimiters`] may blank: `* | [ ~ _ \`.
const DELIMITERS: &[u8] = b"*|[~_\\";

/// The tags, autolinks, images, link tails and bare URLs of [`blank_markup_with`]: each pattern
/// in turn over the whole block, as `Regex::find_iter` then blanking would (a later pattern sees
/// the spaces an earlier one wrote).
fn blank_matches_only(buf: &mut [u8], seen: &ByteSet) {
    if seen.has(b'<') {
        blank_matches(buf, b'<', tag_at);
    }
    if seen.has(b'!') {
        blank_matches(buf, b'!', image_at);
    }
    if seen.has(b']') {
        blank_matches(buf, b']', link_tail_at);
    }
    // A scheme's `://` needs a `/`, and `www.` a `w` or `W`: without them, no `:` or `.` starts
    // a URL.
    let colons = seen.has(b':') && seen.has(b'/');
    let dots = seen.has(b'.') && (seen.has(b'w') || seen.has(b'W'));
    if colons || dots {
        blank_urls(buf, colons, dots);
    }
}

/// Blanks the leftmost non-overlapping matches of a pattern, as `find_iter` finds them: a match
/// may start only at a `first` byte, `at(buf, i, memo)` is the end of the match starting at
/// `i`, if any. The next `first` byte is searched for after the last match (blanking writes only
/// inside the match, so the bytes after it are as they were before this pattern ran). One
/// [`Memo`] serves the pattern's starts, which come in increasing order.
fn blank_matches(buf: &mut [u8], first: u8, at: fn(&[u8], usize, &mut Memo) -> Option<usize>) {
    let mut from = 0;
    let mut memo = Memo::default();
    while let Some(o) = memchr::memchr(first, &buf[from..]) {
        let i = from + o;
        match at(buf, i, &mut memo) {
            Some(end) => {
                blank(buf, i..end);
                from = end;
            }
            None => from = i + 1,
        }
        if from >= buf.len() {
            break;
        }
    }
}

/// What the searches made from earlier starts of one pattern found, for the later starts of
/// [`blank_matches`]. A search whose answer lies ahead of a later start gives that start the
/// same answer, so it is not made again: without this, a line of many starts that each search
/// to its end for a byte that never comes (`![![![…` for an image's `]`, `[]([](…` for a link's
/// `)`) was read once per start, in time quadratic in its length (a 100 KB line took 6 s, a
/// 400 KB one 80 s; the benchmark's pathological lines measure it).
///
/// Blanking a match writes only before the next start, so what is remembered about the bytes
/// from that start on stays true.
#[derive(Default)]
struct Memo {
    /// For `]` (slot 0) and `)` (slot 1): `(from, at)`, the first of that byte or `\n` at or
    /// after `from` is at `at` (`buf.len()` if there is none).
    next: [Option<(usize, usize)>; 2],
    /// `(from, stop, end)`: a link destination (`[^)\s]*`) starting anywhere in `from..=stop`
    /// stops at `stop`, and the link tail then ends at `end` (or does not match).
    tail: Option<(usize, usize, Option<usize>)>,
}

impl Memo {
    /// The first `stop` (`]` or `)`) or `\n` at or after byte `j` of `buf`: its offset, or
    /// `buf.len()` if there is none; `None` when `j` is past the end.
    fn next(&mut self, buf: &[u8], stop: u8, j: usize) -> Option<usize> {
        debug_assert!(stop == b']' || stop == b')');
        let slot = &mut self.next[usize::from(stop == b')')];
        if let Some((from, at)) = *slot {
            if from <= j && j <= at {
                return Some(at);
            }
        }
        let at = j + memchr::memchr2(stop, b'\n', buf.get(j..)?).unwrap_or(buf.len() - j);
        *slot = Some((j, at));
        Some(at)
    }

    /// The end of `[^<stop>\n]*<stop>` from byte `j` of `buf`, where the first `stop` or
    /// newline decides.
    fn closed(&mut self, buf: &[u8], stop: u8, j: usize) -> Option<usize> {
        let at = self.next(buf, stop, j)?;
        (buf.get(at) == Some(&stop)).then_some(at + 1)
    }
}

/// Byte length of the character starting at `i` of the UTF-8 buffer `buf`.
#[inline]
fn char_len(buf: &[u8], i: usize) -> usize {
    match buf[i] {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The character starting at byte `i` of the UTF-8 buffer `buf`.
fn char_at(buf: &[u8], i: usize) -> Option<char> {
    buf.get(i)?;
    let end = (i + char_len(buf, i)).min(buf.len());
    std::str::from_utf8(&buf[i..end]).ok()?.chars().next()
}

/// The byte length of the `\s` (Unicode `White_Space`, as `char::is_whitespace`) character at
/// `i`, if there is one.
#[inline]
fn space_at(buf: &[u8], i: usize) -> Option<usize> {
    let b = *buf.get(i)?;
    if b < 0x80 {
        return matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r').then_some(1);
    }
    char_at(buf, i)
        .filter(|c| c.is_whitespace())
        .map(char::len_utf8)
}

/// TAG at a `<` (out of line, as IMAGE: few blocks hold a `<` or `!`): `</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`, else
/// `<(?:https?|ftp|mailto):[^<>\s]*>`. The end of the match, if any.
#[inline(never)]
fn tag_at(buf: &[u8], i: usize, _: &mut Memo) -> Option<usize> {
    let at = |j: usize, c: u8| buf.get(j) == Some(&c);
    let mut j = i + 1 + usize::from(at(i + 1, b'/'));
    if buf.get(j).is_some_and(u8::is_ascii_alphabetic) {
        j += 1;
        while buf
            .get(j)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'-')
        {
            j += 1;
        }
        if let Some(n) = space_at(buf, j) {
            // `[^<>]*` runs to the first `<` or `>`: the tag closes there or not at all.
            let k = j + n;
            if let Some(o) = memchr::memchr2(b'<', b'>', &buf[k..]) {
                if buf[k + o] == b'>' {
                    return Some(k + o + 1);
                }
            }
        } else if at(j, b'/') && at(j + 1, b'>') {
            return Some(j + 2);
        } else if at(j, b'>') {
            return Some(j + 1);
        }
    }
    // An autolink: the scheme as written (no case folding), then `:`.
    let rest = &buf[i + 1..];
    let scheme = [&b"https"[..], b"http", b"ftp", b"mailto"]
        .into_iter()
        .find(|s| rest.starts_with(s) && rest.get(s.len()) == Some(&b':'))?;
    let mut k = i + 1 + scheme.len() + 1;
    while k < buf.len() {
        match buf[k] {
            b'>' => return Some(k + 1),
            b'<' => return None,
            _ => match space_at(buf, k) {
                Some(_) => return None,
                None => k += char_len(buf, k),
            },
        }
    }
    None
}

/// IMAGE at a `!`: `!\[[^\]\n]*\]\([^)\n]*\)?`, else `!\[[^\]\n]*\](?:\[[^\]\n]*\])?`, else
/// `!\([^)\n]*\)`. The end of the match, if any.
#[inline(never)]
fn image_at(buf: &[u8], i: usize, memo: &mut Memo) -> Option<usize> {
    match buf.get(i + 1) {
        Some(b'[') => {
            let k = memo.closed(buf, b']', i + 2)?;
            match buf.get(k) {
                Some(b'(') => {
                    let o = memo.next(buf, b')', k + 1)?;
                    Some(if buf.get(o) == Some(&b')') { o + 1 } else { o })
                }
                Some(b'[') => Some(memo.closed(buf, b']', k + 1).unwrap_or(k)),
                _ => Some(k),
            }
        }
        Some(b'(') => memo.closed(buf, b')', i + 2),
        _ => None,
    }
}

/// LINK_TAIL at a `]`: `\]\([^)\s]*(?:\s+(?:"[^"]*"|'[^']*'))?\)`, else `\]\[[^\]\n]*\]`. The
/// end of the match, if any.
fn link_tail_at(buf: &[u8], i: usize, memo: &mut Memo) -> Option<usize> {
    match buf.get(i + 1) {
        Some(b'(') => {
            if let Some((from, stop, end)) = memo.tail {
                if from <= i + 2 && i + 2 <= stop {
                    return end;
                }
            }
            // The destination runs to a `)` or a space (`[^)\s]*`). Most destinations are printable
            // ASCII up to their `)`: one search for it (in a bounded window, so that many `](`
            // without one stay linear) and one branch-free test that no byte before it is a
            // space, a control or non-ASCII byte (which the loop below would have to decide)
            // find the `)` the loop would stop at.
            let mut j = i + 2;
            let window = &buf[j..buf.len().min(j + 256)];
            if let Some(o) = memchr::memchr(b')', window) {
                // High bit set for a byte <= 0x20 (it wraps) or >= 0x80.
                let odd = window[..o]
                    .iter()
                    .fold(0u8, |acc, &b| acc | b | b.wrapping_sub(0x21))
                    & 0x80;
                if odd == 0 {
                    return Some(j + o + 1);
                }
            }
            while let Some(&b) = buf.get(j) {
                if b < 0x80 {
                    if b == b')' || matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r') {
                        break;
                    }
                    j += 1;
                } else if space_at(buf, j).is_some() {
                    break;
                } else {
                    j += char_len(buf, j);
                }
            }
            let end = tail_end(buf, j);
            memo.tail = Some((i + 2, j, end));
            end
        }
        Some(b'[') => {
            let o = memchr::memchr2(b']', b'\n', &buf[i + 2..])?;
            (buf[i + 2 + o] == b']').then_some(i + 2 + o + 1)
        }
        _ => None,
    }
}

/// The end of a link tail whose destination stopped at byte `stop` (at a `)`, a space or the
/// end): after the `)`, or after an optional title (spaces, a quoted string, then `)`).
fn tail_end(buf: &[u8], stop: usize) -> Option<usize> {
    if buf.get(stop) == Some(&b')') {
        return Some(stop + 1);
    }
    let mut k = stop;
    while let Some(n) = space_at(buf, k) {
        k += n;
    }
    if k == stop {
        return None;
    }
    let q = *buf.get(k).filter(|&&q| q == b'"' || q == b'\'')?;
    let close = k + 1 + memchr::memchr(q, &buf[k + 1..])?;
    (buf.get(close + 1) == Some(&b')')).then_some(close + 2)
}

/// Blanks bare URLs, as `(?i)\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+` finds
/// them (the `s` of `https` may be `ſ`, which matches it without regard to case). A match
/// starts at a scheme written right before a `://`, or at a `www` right before a `.`.
///
/// `colons` and `dots`: whether a `://` and a `www.` may occur in `buf` (false only when one
/// cannot).
fn blank_urls(buf: &mut [u8], colons: bool, dots: bool) {
    let ci = |buf: &[u8], j: usize, w: &[u8]| {
        buf.get(j..j + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    };
    // Each possible start with the start of its body: a scheme right before a `://` (the body
    // follows the `://`), or a `www` right before a `.` (the body follows the `.`). One pass
    // over the `:` and `.` bytes; a start lies before the `:` or `.` that found it and after any
    // found earlier, so the starts come in order.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    // The bytes to look at: `:` and `.`, or only the one that may start a URL here (a search
    // for one byte is the cheaper).
    let view: &[u8] = buf;
    let mut visit = |p: usize| {
        if view[p] == b'.' {
            if p >= 3 && ci(view, p - 3, b"www") {
                starts.push((p - 3, p + 1));
            }
            return;
        }
        let q = p;
        if view.get(q + 1..q + 3) != Some(b"//") {
            return;
        }
        let s_len = match q.checked_sub(1).map(|k| view[k]) {
            Some(b's' | b'S') => 1,
            Some(0xBF) if q >= 2 && view[q - 2] == 0xC5 => 2,
            _ => 0,
        };
        let http = q.checked_sub(4 + s_len).filter(|&h| ci(view, h, b"http"));
        let ftp = q
            .checked_sub(3)
            .filter(|&f| s_len == 0 && ci(view, f, b"ftp"));
        if let Some(h) = http.or(ftp) {
            starts.push((h, q + 3));
        }
    };
    // Only a `.` right after a `w` or `W` can end a `www`: the `.` are visited only if a
    // branch-free test finds such a pair (prose has `.` and `w` everywhere, `www.` rarely).
    if colons {
        memchr::memchr_iter(b':', view).for_each(&mut visit);
    }
    if dots && has_w_dot(view) {
        memchr::memchr_iter(b'.', view).for_each(&mut visit);
    }
    if !starts.is_empty() {
        blank_url_bodies(buf, starts);
    }
}

/// The last step of [`blank_urls`]: blanks the URLs from `starts` (found in any order), out of
/// line (few blocks hold one).
#[inline(never)]
fn blank_url_bodies(buf: &mut [u8], mut starts: Vec<(usize, usize)>) {
    starts.sort_unstable();
    let mut from = 0;
    for (i, body) in starts {
        if i < from || !word_boundary_before(buf, i) {
            continue;
        }
        let mut end = body;
        while end < buf.len()
            && !matches!(buf[end], b'<' | b'>' | b'(' | b')' | b'[' | b']')
            && space_at(buf, end).is_none()
        {
            end += char_len(buf, end);
        }
        if end > body {
            blank(buf, i..end);
            from = end;
        }
    }
}

/// Whether some `.` in `buf` comes right after a `w` or `W`: one pass with no branch per byte
/// (the compiler vectorises it), and no scalar remainder.
fn has_w_dot(buf: &[u8]) -> bool {
    let Some(n) = buf.len().checked_sub(1) else {
        return false;
    };
    // Byte `i` of `before` comes right before byte `i` of `at`; the pairs in runs of 32 (of 8
    // when fewer), the last run overlapping the one before it, as in `in_overlapping_runs`.
    let (before, at) = (&buf[..n], &buf[1..]);
    let step = if n >= 32 { 32 } else { 8 };
    if n < step {
        return w_dots(before, at) != 0;
    }
    let whole = n - n % step;
    (w_dots(&before[..whole], &at[..whole]) | w_dots(&before[n - step..], &at[n - step..])) != 0
}

/// Nonzero if some byte of `before` is a `w` or `W` and the byte at the same index of `at` a `.`
/// (no branch per pair: vectorised).
#[inline]
fn w_dots(before: &[u8], at: &[u8]) -> u8 {
    before
        .iter()
        .zip(at)
        .fold(0, |found, (&w, &d)| found | w_dot(w, d))
}

/// 1 if `w` is a `w` or `W` and `d` a `.`, else 0.
#[inline]
fn w_dot(w: u8, d: u8) -> u8 {
    u8::from(w | 0x20 == b'w') & u8::from(d == b'.')
}

/// Whether `\b` holds before byte `i`, which starts a word character: the character before is
/// not one (Unicode `\w`, as the regex crate defines it).
fn word_boundary_before(buf: &[u8], i: usize) -> bool {
    let mut s = i;
    while s > 0 {
        s -= 1;
        if buf[s] & 0xC0 != 0x80 {
            return !char_at(buf, s).is_some_and(crate::facts::word::is_word_char);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(s: &str) -> String {
        let mut b = s.as_bytes().to_vec();
        blank_code_and_comments(&mut b, false);
        blank_markup(&mut b);
        String::from_utf8(b).unwrap()
    }

    /// The markup regexes as `blank_markup_with` ran them: the reference for the hand matchers.
    fn blank_markup_reference(buf: &mut [u8]) {
        for re in [&*TAG, &*IMAGE, &*LINK_TAIL, &*URL] {
            let text = std::str::from_utf8(buf).unwrap();
            let ranges: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            for r in ranges {
                blank(buf, r);
            }
        }
    }

    #[test]
    fn is_timestamp_matches_what_the_regex_did() {
        let pieces = [
            "",
            " ",
            "\u{a0}",
            "1",
            "12",
            "123",
            "2020",
            "2020-09-01",
            "-",
            ":",
            "00",
            "T",
            "Z",
            "UTC",
            "GMT",
            "PDT",
            "ABCDE",
            "AB",
            "am",
            "a.m.",
            "P.M",
            "pm.",
            "x",
            "\t",
            ":30",
            "1:",
            "9:05",
            "23:16",
            ":59",
            "10:000",
            "2020-9-01",
        ];
        let mut cases = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    cases.push(format!("{a}{b}{c}"));
                    cases.push(format!("{a} {b} {c}"));
                }
            }
        }
        for case in cases {
            assert_eq!(
                is_timestamp(case.as_bytes()),
                TIMESTAMP.is_match(&case),
                "{case:?}"
            );
        }
    }

    #[test]
    fn hand_matchers_blank_what_the_regexes_did() {
        let pieces = [
            "<",
            ">",
            "</",
            "<a",
            "<B ",
            "<img src='x'>",
            "<br/>",
            "<x-y>",
            "<https://a.b>",
            "<http:x>",
            "<mailto:a@b>",
            "<ftp:",
            "<HTTP:",
            "!",
            "[",
            "]",
            "(",
            ")",
            "![",
            "](",
            "][",
            "!(",
            "\"",
            "'",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{a0}",
            "\u{b}",
            "http",
            "https",
            "HTTPS",
            "httpſ",
            "ftp",
            "FTP",
            "www.",
            "WWW.",
            "wWw.",
            "://",
            "x",
            "é",
            "_",
            "a",
            "1",
            "/",
            ".",
            ":",
            "h",
            "w",
            "🚀",
        ];
        let changed = assert_blanks_as_the_regexes(&pieces, 100_000, 13, 21);
        assert!(changed > 20_000, "{changed}");
    }

    /// Checks [`blank_matches_only`] against the regexes on `n` texts of up to `max` of
    /// `pieces` (seeded by `seed`); returns how many texts the regexes changed.
    fn assert_blanks_as_the_regexes(pieces: &[&str], n: usize, max: u64, seed: u64) -> usize {
        let mut changed = 0;
        for t in crate::test_texts::random(pieces, n, max, seed) {
            let mut want = t.clone().into_bytes();
            blank_markup_reference(&mut want);
            let mut got = t.clone().into_bytes();
            let seen = ByteSet::of(&got);
            blank_matches_only(&mut got, &seen);
            changed += usize::from(want != t.as_bytes());
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&want),
                "{t:?}"
            );
        }
        changed
    }

    /// Long lines of many pattern starts, where [`Memo`] answers later starts from earlier
    /// searches: the same blanking as the regexes.
    #[test]
    fn remembered_searches_blank_what_the_regexes_did() {
        let pieces = [
            "!", "[", "]", "(", ")", "![", "](", "[](", "](<", "!(", " ", "\n", "\"", "'", "x",
            "é", "\u{a0}", "<", ">",
        ];
        let changed = assert_blanks_as_the_regexes(&pieces, 20_000, 81, 77);
        assert!(changed > 10_000, "{changed}");
    }

    #[test]
    fn delimiters_are_blanked_as_the_byte_loop_did() {
        // Each byte judged by its neighbours as written (`orig`), not as blanked so far.
        fn reference(buf: &mut [u8]) {
            let orig = buf.to_vec();
            let len = buf.len();
            for i in 0..len {
                match orig[i] {
                    b'*' | b'|' | b'[' => buf[i] = b' ',
                    b'~' if (i + 1 < len && orig[i + 1] == b'~')
                        || (i > 0 && orig[i - 1] == b'~') =>
                    {
                        buf[i] = b' '
                    }
                    b'_' => {
                        let before = i == 0 || !orig[i - 1].is_ascii_alphanumeric();
                        let after = i + 1 >= len || !orig[i + 1].is_ascii_alphanumeric();
                        if before || after {
                            buf[i] = b' ';
                        }
                    }
                    b'\\' if i + 1 < len && orig[i + 1].is_ascii_punctuation() => buf[i] = b' ',
                    _ => {}
                }
            }
        }
        let alphabet = b"*|[~_\\ax1 .Z@`{\xc3\xa9\x7f\n";
        let mut x: u64 = 5;
        for n in 0..50_000 {
            let mut t = Vec::new();
            // Short blocks and, one time in four, blocks past the byte-by-byte limit.
            let len = if n % 4 == 0 { x % 300 + 1 } else { x % 12 + 1 };
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            let (mut a, mut b) = (t.clone(), t.clone());
            blank_delimiters(&mut a, &ByteSet::of(&t));
            reference(&mut b);
            assert_eq!(a, b, "{:?}", String::from_utf8_lossy(&t));
        }
    }

    #[test]
    fn byte_set_holds_the_tracked_bytes_a_byte_loop_finds() {
        let pieces = [
            "a", "\n", "`", "<", "\\", ":", "/", ".", "w", "W", "!", "]", "*", "|",
        ];
        let more = ["[", "~", "_", "é", "🚀", "0123456789", " "];
        let all: Vec<&str> = pieces.iter().chain(more.iter()).copied().collect();
        for t in crate::test_texts::random(&all, 20_000, 30, 13) {
            let set = ByteSet::of(t.as_bytes());
            for &b in TRACKED {
                assert_eq!(set.has(b), t.as_bytes().contains(&b), "{t:?} {b:#x}");
            }
        }
    }

    #[test]
    fn blank_always_blanks_what_the_byte_loop_did() {
        let pieces = ["*", "|", "[", "a", " ", "é", "🚀", "\n", "**", "| x |"];
        let mut texts = crate::test_texts::random(&pieces, 30_000, 60, 17);
        texts.extend((0..=100).map(|n| "*a|[é".chars().cycle().take(n).collect::<String>()));
        for t in texts {
            let mut got = t.clone().into_bytes();
            blank_always(&mut got);
            let want: Vec<u8> = t
                .bytes()
                .map(|b| {
                    if matches!(b, b'*' | b'|' | b'[') {
                        b' '
                    } else {
                        b
                    }
                })
                .collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn has_w_dot_finds_a_dot_after_w_as_a_search_would() {
        let alphabet = ["w", "W", ".", "a", " ", "v", "V"];
        for t in crate::test_texts::random(&alphabet, 20_000, 70, 9) {
            let t = t.as_bytes();
            let want = t.windows(2).any(|p| matches!(p, [b'w' | b'W', b'.']));
            assert_eq!(has_w_dot(t), want, "{:?}", String::from_utf8_lossy(t));
        }
    }

    #[test]
    fn strikethrough_tildes_are_blanked_in_pairs_and_a_lone_tilde_is_kept() {
        let m = masked("was ~~down~~ for ~5 minutes, ~~~ fence-like");
        assert_eq!(m.matches('~').count(), 1, "{m:?}");
        assert!(m.contains("~5 minutes"), "{m:?}");
        assert!(m.contains(" down "), "{m:?}");
    }

    #[test]
    fn lengths_are_kept_and_markup_is_blanked() {
        let s = "- **14:00 UTC:** see `sleep 10:00` <b>x</b> [doc](http://a/b) ![i](p.png) é_x_";
        let m = masked(s);
        assert_eq!(m.len(), s.len());
        assert!(m.contains("14:00 UTC:"));
        assert!(!m.contains("10:00"));
        assert!(m.contains("doc"));
        assert!(!m.contains("http"));
        assert!(!m.contains("p.png"));
        assert!(m.contains("é x"));
    }

    #[test]
    fn timestamp_code_spans_and_headings_keep_their_text() {
        assert!(masked("- `2020-09-01 23:16` Issue").contains("2020-09-01 23:16"));
        assert!(!masked("run `sleep 10:00` now").contains("10:00"));
        let mut b = b"## `Timeline:`".to_vec();
        blank_code_and_comments(&mut b, true);
        assert_eq!(String::from_utf8(b).unwrap(), "##  Timeline: ");
    }

    /// The byte set gates of code and comment blanking ([`may_hold_code_or_comment`], no `<`
    /// searched for without a `!`) change nothing: the same bytes as with every byte taken as
    /// present, on generated texts of tags, comments, code spans, escapes and non-ASCII text.
    #[test]
    fn code_and_comment_gates_change_nothing() {
        let pieces = [
            "<", "!", "<!--", "-->", "<li>", "</li>", "`", "``", "\\", "\\`", "\\<", "x", " ",
            "\n", "10:00", "é", "—", "🚀", "<br>", "!--", "-", "a`b`c",
        ];
        let mut changed = 0;
        for text in crate::test_texts::random(&pieces, 30_000, 24, 17) {
            for keep_all in [false, true] {
                let mut all = text.as_bytes().to_vec();
                blank_code_and_comments_with(&mut all, keep_all, &ByteSet(u16::MAX));
                let mut gated = text.as_bytes().to_vec();
                let seen = ByteSet::of(&gated);
                if may_hold_code_or_comment(&seen) {
                    blank_code_and_comments_with(&mut gated, keep_all, &seen);
                }
                assert_eq!(gated, all, "{text:?}");
                changed += usize::from(all != text.as_bytes());
            }
        }
        assert!(changed > 10_000, "{changed}");
    }

    #[test]
    fn comments_and_unclosed_backticks() {
        assert_eq!(
            masked("a <!-- expect: PM301 --> b").trim(),
            "a                        b".trim()
        );
        assert_eq!(masked("a ``b"), "a ``b");
    }
}
