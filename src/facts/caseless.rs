//! Case-insensitive regexes that compile cheaply.
//!
//! A `(?i)` alternation of words costs the regex crate several times more to compile than the
//! same words matched as written (every letter becomes a class and the literal prefilter grows),
//! and a run of pmlint on one small file is mostly regex compilation. [`Caseless`] keeps one
//! pattern in lower case and runs it on the text with ASCII letters lowered, which keeps every
//! byte offset. That is exactly `(?i)`, except for the two non-ASCII characters that fold to an
//! ASCII letter under Unicode simple case folding, `ſ` (to `s`) and the Kelvin sign `K` (to
//! `k`): text holding one of them gets the `(?i)` regex, compiled then.
//!
//! [`Caseless::is_match`] and [`Caseless::find`] run the lowered pattern as an [`AsciiRegex`]:
//! compiled with ASCII rules, which match as the regex crate's Unicode rules do on ASCII text
//! (and on other text through its projection, see [`super::ascii_regex`]), at a fraction of the
//! cost of compiling it with Unicode rules. [`Caseless::on`] gives a `regex::Regex`, compiled
//! with Unicode rules, for callers that need its API.

use super::ascii_regex::{folds_to_ascii, AsciiRegex};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A regex matched without regard to case. Its pattern is written with lower-case ASCII letters
/// (only the text's ASCII letters are lowered) and nothing whose meaning depends on case (no
/// `(?-i)` part, no `\p{Lu}`); escapes such as `\S` and `\W` are fine.
pub struct Caseless {
    /// The lowered pattern, for [`Caseless::is_match`] and [`Caseless::find`].
    ascii: AsciiRegex,
    /// The lowered pattern as a `regex::Regex`, for [`Caseless::on`].
    lowered: OnceLock<Regex>,
    /// `(?i:pattern)`, for text holding `ſ` or the Kelvin sign.
    folded: OnceLock<Regex>,
}

impl Caseless {
    pub const fn new(pattern: &'static str) -> Self {
        Caseless {
            ascii: AsciiRegex::new(pattern),
            lowered: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// A pattern built at run time.
    pub fn from_string(pattern: String) -> Self {
        Caseless {
            ascii: AsciiRegex::from_string(pattern),
            lowered: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// The `(?i)` regex, for text that [`folds_to_ascii`].
    fn folded(&self) -> &Regex {
        self.folded.get_or_init(|| {
            Regex::new(&format!("(?i:{})", self.ascii.as_str())).expect("caseless regex")
        })
    }

    /// The regex to run and the text to run it on, for `text`: byte offsets in that text are
    /// offsets in `text`.
    pub fn on<'t>(&self, text: &'t str) -> (&Regex, Cow<'t, str>) {
        // `ſ` (C5 BF) and the Kelvin sign (E2 84 AA), which only `(?i)` matches to `s` and `k`,
        // are looked for only in text that is not all ASCII ([`folds_to_ascii`] tests that first).
        if folds_to_ascii(text) {
            return (self.folded(), Cow::Borrowed(text));
        }
        let re = self
            .lowered
            .get_or_init(|| Regex::new(self.ascii.as_str()).expect("caseless regex"));
        (re, lowered(text))
    }

    pub fn is_match(&self, text: &str) -> bool {
        if folds_to_ascii(text) {
            return self.folded().is_match(text);
        }
        self.ascii.is_match(&lowered(text))
    }

    /// The byte range of the leftmost match.
    pub fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        if folds_to_ascii(text) {
            return self.folded().find(text).map(|m| m.range());
        }
        self.ascii.find(&lowered(text))
    }

    /// The byte ranges of the successive non-overlapping matches: what `on` and the regex's
    /// `find_iter` give, without compiling a `regex::Regex` for ASCII rules.
    pub fn find_iter(&self, text: &str) -> impl Iterator<Item = std::ops::Range<usize>> {
        let found: Vec<_> = if folds_to_ascii(text) {
            self.folded().find_iter(text).map(|m| m.range()).collect()
        } else {
            self.ascii.find_iter(&lowered(text)).collect()
        };
        found.into_iter()
    }
}

/// `text` with its ASCII letters lowered: the same length, the same byte offsets.
fn lowered(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
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

    /// Classes, `.` and `\b` on text with non-ASCII letters, spaces and symbols.
    #[test]
    fn classes_match_as_the_case_insensitive_regex_does() {
        static SPACED: Caseless = Caseless::new(r"\bto\s+be\W+(?:done|.{2}|[^a-z]+–)$");
        let re = Regex::new(r"(?i)\bto\s+be\W+(?:done|.{2}|[^a-z]+–)$").unwrap();
        let re_words = Regex::new(r"(?i)\b(?:resolved|back online|kelvin|stuck)\b").unwrap();
        for text in [
            "To Be — DONE",
            "to\u{a0}be: ÉÉ",
            "tô be — done",
            "TO BE — 12–",
            "to be x 12–",
            "to be ſſ",
            "To\u{2003}BE\u{2003}\u{212a}\u{212a}",
            "xto be done",
            "Stuck, resolved \u{212a}elvin; STUCK",
            "stucK back\u{a0}online: Resolved",
        ] {
            assert_eq!(SPACED.is_match(text), re.is_match(text), "{text:?}");
            assert_eq!(
                WORDS.find_iter(text).collect::<Vec<_>>(),
                re_words
                    .find_iter(text)
                    .map(|m| m.range())
                    .collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(
                SPACED.find(text),
                re.find(text).map(|m| m.range()),
                "{text:?}"
            );
        }
    }
}
