//! Regexes with an ASCII fast path, for patterns run on many short lines.
//!
//! [`AsciiRegex`] keeps one pattern and compiles it, when first needed, in one of two forms:
//! with ASCII rules (`(?-u)`) for ASCII text, and as written (Unicode rules) for other text. On
//! ASCII text both forms match exactly the same: Unicode `\w`, `\d`, `\s`, `\b`, `.`, negated
//! classes and `(?i)` case folding restricted to ASCII characters are the ASCII ones, and each
//! character is one byte, so counted repeats count the same. The ASCII form compiles several
//! times faster (no Unicode tables or case folding), and the regex crate's fast DFAs cannot run
//! a Unicode `\b` on text with a non-ASCII byte at all. Neither form builds a literal prefilter:
//! for patterns with large case-insensitive alternations, extracting the literals costs more
//! than the rest of the compilation, and callers run these patterns on short lines (usually
//! behind their own prefilter).
//!
//! A pattern whose ASCII form does not compile (a non-ASCII character inside a class, such as
//! `[’']`) uses the Unicode form everywhere.

use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A regex compiled on demand, with ASCII rules for ASCII text and Unicode rules otherwise.
pub struct AsciiRegex {
    pattern: Cow<'static, str>,
    ascii: OnceLock<Option<meta::Regex>>,
    unicode: OnceLock<meta::Regex>,
}

fn build(pattern: &str, unicode: bool) -> Result<meta::Regex, String> {
    meta::Regex::builder()
        .configure(meta::Config::new().auto_prefilter(false))
        .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
        .build(pattern)
        .map_err(|e| e.to_string())
}

impl AsciiRegex {
    pub const fn new(pattern: &'static str) -> Self {
        AsciiRegex {
            pattern: Cow::Borrowed(pattern),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// A pattern built at run time.
    pub fn from_string(pattern: String) -> Self {
        AsciiRegex {
            pattern: Cow::Owned(pattern),
            ascii: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    fn unicode(&self) -> &meta::Regex {
        self.unicode
            .get_or_init(|| build(&self.pattern, true).expect("valid regex"))
    }

    /// The form to run on `text`. Offsets of matches are byte offsets in `text`.
    fn regex_for(&self, text: &str) -> &meta::Regex {
        if text.is_ascii() {
            if let Some(re) = self.ascii.get_or_init(|| build(&self.pattern, false).ok()) {
                return re;
            }
        }
        self.unicode()
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex_for(text).is_match(text.as_bytes())
    }

    /// The byte range of the leftmost-first match in `text`.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.regex_for(text)
            .find(text.as_bytes())
            .map(|m| m.range())
    }

    /// The byte ranges of the successive non-overlapping matches in `text`.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.regex_for(text)
            .find_iter(text.as_bytes())
            .map(|m| m.range())
    }

    /// The capture groups of the successive non-overlapping matches in `text`: read them with
    /// [`Captures::get_group`] / [`Captures::get_group_by_name`] (byte spans in `text`).
    pub fn captures_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Captures> + 'a {
        self.regex_for(text).captures_iter(text.as_bytes())
    }

    /// The capture groups of the leftmost-first match in `text`.
    pub fn captures(&self, text: &str) -> Option<Captures> {
        self.captures_iter(text).next()
    }
}

/// Whether `text` holds `ſ` or the Kelvin sign `K`: the two non-ASCII characters that Unicode
/// simple case folding (`(?i)`) matches to ASCII letters (`s` and `k`). Prefilters that look
/// for words with ASCII case-insensitive matching must let such text through.
pub fn folds_to_ascii(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b).any(|i| match b[i] {
        0xC5 => b.get(i + 1) == Some(&0xBF),
        _ => b.get(i + 1..i + 3) == Some(&[0x84, 0xAA][..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_agree_on_ascii_text() {
        let re = AsciiRegex::new(r"(?i)\b(?:it|we)\s+(?:\w+ly\s+)?[^.;]{1,12}?\bhad\b");
        let text = "We badly thought it had. we had";
        let ascii: Vec<_> = re.find_iter(text).collect();
        let unicode: Vec<_> = re
            .unicode()
            .find_iter(text.as_bytes())
            .map(|m| m.range())
            .collect();
        assert_eq!(ascii, unicode);
        assert_eq!((ascii.len(), ascii.first()), (1, Some(&(0..23))));
    }

    #[test]
    fn non_ascii_text_gets_unicode_rules() {
        let re = AsciiRegex::new(r"(?i)\bna\w+\b");
        assert_eq!(re.find("a naïve plan"), Some(2..8));
        assert_eq!(re.find("a naive plan"), Some(2..7));
        // `[’']` has no ASCII form: the Unicode form serves ASCII text too.
        let quote = AsciiRegex::new(r"don[’']t");
        assert!(quote.is_match("don't") && quote.is_match("don’t"));
    }

    #[test]
    fn captures_by_name() {
        let re = AsciiRegex::new(r"(?P<n>\d+)\s*(?P<u>min|h)");
        let c = re.captures("took 40 min").unwrap();
        assert_eq!(c.get_group_by_name("n").map(|s| s.range()), Some(5..7));
        assert_eq!(c.get_group(0).map(|s| s.range()), Some(5..11));
    }

    #[test]
    fn folding_characters_are_found() {
        assert!(folds_to_ascii("carele\u{17f}\u{17f}"));
        assert!(folds_to_ascii("5 \u{212a}"));
        assert!(!folds_to_ascii("naïve → café ✓ Ł"));
    }
}
