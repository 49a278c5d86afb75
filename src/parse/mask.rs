//! Blanking of inline Markdown markup, byte for byte.
//!
//! Fact extractors search block text for times, titles and durations. Instead of re-rendering
//! inline Markdown (and losing source positions), markup is overwritten with ASCII spaces of the
//! same byte length, so a byte offset in the blanked text is the same offset in the source line.
//! Whole characters are always replaced, so the result stays valid UTF-8.

use regex::Regex;
use std::sync::LazyLock;

/// Overwrites `range` of `buf` with spaces, keeping newlines (so line splitting still works).
fn blank(buf: &mut [u8], range: std::ops::Range<usize>) {
    for b in &mut buf[range] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Blanks code spans (CommonMark §6.1: a backtick string and the next backtick string of the same
/// length) including their backticks, and HTML comments `<!-- … -->`. Text inside code spans is
/// not read as a time, title or image, with two exceptions where only the backticks are blanked:
/// headings (`keep_all`; a heading's text is its title however it is styled) and spans holding
/// nothing but a date or time (`` `2020-09-01 23:16` `` starting a timeline entry).
pub fn blank_code_and_comments(buf: &mut [u8], keep_all: bool) {
    // Once no closing run of length n exists after offset p, none exists after any later offset:
    // `no_close[n]` remembers the earliest such p, so each length is searched to the end once.
    let mut no_close: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut i = 0;
    while i < buf.len() {
        // Only an escape, a backtick or a `<` starts anything here.
        let Some(skip) = memchr::memchr3(b'\\', b'`', b'<', &buf[i..]) else {
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
                if no_close.get(&n).is_some_and(|&p| p <= i) {
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
                    no_close.insert(n, i);
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

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]?)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?|Z|UTC|GMT|[A-Z]{2,4}))?\s*$").unwrap()
});

/// Whether a code span's content is only a time, optionally with an ISO date and a zone.
fn is_timestamp(content: &[u8]) -> bool {
    std::str::from_utf8(content).is_ok_and(|s| TIMESTAMP.is_match(s))
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<(?:https?|ftp|mailto):[^<>\s]*>")
        .unwrap()
});
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"!\[[^\]\n]*\]\([^)\n]*\)?|!\[[^\]\n]*\](?:\[[^\]\n]*\])?|!\([^)\n]*\)").unwrap()
});
static LINK_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\]\([^)\s]*(?:\s+(?:\x22[^\x22]*\x22|'[^']*'))?\)|\]\[[^\]\n]*\]").unwrap()
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?|ftp)://[^\s<>()\[\]]+|\bwww\.[^\s<>()\[\]]+").unwrap()
});

/// The bytes the last step of [`blank_markup_with`] may blank: `* | [ ~ _ \\`.
static MARKUP_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    let bytes = b"*|[~_\\";
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// Which byte values occur in a buffer: one pass, so that each masking step can be skipped when
/// the bytes it looks for are absent.
pub struct ByteSet([bool; 256]);

impl ByteSet {
    pub fn of(buf: &[u8]) -> Self {
        let mut set = [false; 256];
        for &b in buf {
            set[usize::from(b)] = true;
        }
        ByteSet(set)
    }

    pub fn has(&self, b: u8) -> bool {
        self.0[usize::from(b)]
    }

    fn any(&self, bytes: &[u8]) -> bool {
        bytes.iter().any(|&b| self.has(b))
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
    // Each regex runs only when the bytes its matches must start with are present: `<` and a
    // letter or `/` (TAG), `![` or `!(` (IMAGE), `](` or `][` (LINK_TAIL), `://` or `www.` in
    // any case (URL). Blanking only writes spaces, which none of these hold, so what is absent
    // from `buf` now is absent after each regex too.
    let has = |needle: &[u8]| memchr::memmem::find(buf, needle).is_some();
    let tag = seen.has(b'<')
        && memchr::memchr_iter(b'<', buf).any(|i| {
            buf.get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'/')
        });
    let image = seen.has(b'!') && (has(b"![") || has(b"!("));
    let link_tail = seen.has(b']') && (has(b"](") || has(b"]["));
    let url = (seen.has(b':') && has(b"://"))
        || (seen.any(b"wW")
            && memchr::memchr2_iter(b'w', b'W', buf).any(|i| {
                buf.get(i..i + 4)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"www."))
            }));
    let mut ranges = Vec::new();
    for (re, needed) in [
        (&*TAG, tag),
        (&*IMAGE, image),
        (&*LINK_TAIL, link_tail),
        (&*URL, url),
    ] {
        if !needed {
            continue;
        }
        // Blanking replaces whole characters with spaces, so the buffer stays UTF-8.
        let Ok(text) = std::str::from_utf8(buf) else {
            break;
        };
        ranges.clear();
        ranges.extend(re.find_iter(text).map(|m| m.range()));
        for r in ranges.drain(..) {
            blank(buf, r);
        }
    }
    if !seen.any(b"*|[~_\\") {
        return;
    }
    let len = buf.len();
    for i in 0..len {
        if !MARKUP_BYTE[usize::from(buf[i])] {
            continue;
        }
        match buf[i] {
            b'*' | b'|' | b'[' => buf[i] = b' ',
            b'~' if (i + 1 < len && buf[i + 1] == b'~') || (i > 0 && buf[i - 1] == b'~') => {
                buf[i] = b' '
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

    #[test]
    fn comments_and_unclosed_backticks() {
        assert_eq!(
            masked("a <!-- expect: PM301 --> b").trim(),
            "a                        b".trim()
        );
        assert_eq!(masked("a ``b"), "a ``b");
    }
}
