//! Case-insensitive regexes that compile cheaply.
//!
//! A `(?i)` alternation of words costs the regex crate several times more to compile than the
//! same words matched as written (every letter becomes a class and the literal prefilter grows),
//! and a run of pmlint on one small file is mostly regex compilation. [`Caseless`] keeps one
//! pattern in lower case and runs it on the text with ASCII letters lowered, which keeps every
//! byte offset. That is exactly `(?i)`, except for the two non-ASCII characters that fold to an
//! ASCII letter under Unicode simple case folding, `ſ` (to `s`) and the Kelvin sign `K` (to
//! `k`): text holding one of them gets the `(?i)` regex, compiled then.

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A regex matched without regard to case. Its pattern is written with lower-case letters and
/// nothing whose meaning depends on case (no `(?-i)` part, no `\p{Lu}`); escapes such as `\S`
/// and `\W` are fine.
pub struct Caseless {
    pattern: Cow<'static, str>,
    lowered: OnceLock<Regex>,
    folded: OnceLock<Regex>,
}

impl Caseless {
    pub const fn new(pattern: &'static str) -> Self {
        Caseless {
            pattern: Cow::Borrowed(pattern),
            lowered: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// A pattern built at run time.
    pub fn from_string(pattern: String) -> Self {
        Caseless {
            pattern: Cow::Owned(pattern),
            lowered: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// The regex to run and the text to run it on, for `text`: byte offsets in that text are
    /// offsets in `text`.
    pub fn on<'t>(&self, text: &'t str) -> (&Regex, Cow<'t, str>) {
        let b = text.as_bytes();
        // `ſ` (C5 BF) and the Kelvin sign (E2 84 AA), which only `(?i)` matches to `s` and `k`,
        // are looked for only in text that is not all ASCII (`is_ascii` reads a word at a time).
        if !b.is_ascii() && folds_to_ascii(b) {
            let re = self.folded.get_or_init(|| {
                Regex::new(&format!("(?i:{})", self.pattern)).expect("caseless regex")
            });
            return (re, Cow::Borrowed(text));
        }
        let re = self
            .lowered
            .get_or_init(|| Regex::new(&self.pattern).expect("caseless regex"));
        let lowered = if b.iter().any(u8::is_ascii_uppercase) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        (re, lowered)
    }

    pub fn is_match(&self, text: &str) -> bool {
        let (re, t) = self.on(text);
        re.is_match(&t)
    }

    /// The byte range of the leftmost match.
    pub fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let (re, t) = self.on(text);
        re.find(&t).map(|m| m.range())
    }
}

/// Whether `b` holds `ſ` (C5 BF) or the Kelvin sign (E2 84 AA).
fn folds_to_ascii(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &c)| match c {
        0xC5 => b.get(i + 1) == Some(&0xBF),
        0xE2 => b.get(i + 1..i + 3) == Some(&[0x84, 0xAA][..]),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    static WORDS: Caseless = Caseless::new(r"\b(?:resolved|back online|kelvin|stuck)\b");

    #[test]
    fn matches_as_the_case_insensitive_regex_does() {
        let re = Regex::new(r"(?i)\b(?:resolved|back online|kelvin|stuck)\b").unwrap();
        for text in [
            "Service RESOLVED at 14:00",
            "back Online",
            "resolvedx",
            "é Resolved — ok",
            "\u{212a}elvin",
            "Stuc\u{212a}",
            "\u{17f}tuck",
            "nothing",
            "",
        ] {
            assert_eq!(WORDS.is_match(text), re.is_match(text), "{text:?}");
            assert_eq!(
                WORDS.find(text),
                re.find(text).map(|m| m.range()),
                "{text:?}"
            );
        }
    }
}
