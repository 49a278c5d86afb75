//! Word characters as the regex crate's Unicode `\w` defines them (UTS #18 Annex C: Alphabetic,
//! marks, decimal digits, connector punctuation and join controls), for code that trims or
//! splits text the way a `\W*` in a pattern would. Each pattern with `\w` or `\W` costs about half
//! a millisecond to compile; trimming by hand compiles `\w` once, and only for non-ASCII text.

use regex::Regex;
use std::sync::LazyLock;

/// `\w` itself, for non-ASCII characters (compiled only when one is met; its Unicode tables are
/// the regex crate's, which may be older than the standard library's).
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\w$").expect("word regex"));

/// Whether `c` matches `\w`.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    WORD.is_match(c.encode_utf8(&mut [0; 4]))
}

/// `s` without the non-word characters it starts with (what `^\W*` consumes).
pub fn trim_start_non_word(s: &str) -> &str {
    s.trim_start_matches(|c| !is_word_char(c))
}

/// `s` without the non-word characters it ends with (what `\W*$` consumes).
pub fn trim_end_non_word(s: &str) -> &str {
    s.trim_end_matches(|c| !is_word_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_regex_class() {
        let w = Regex::new(r"^\w$").unwrap();
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                w.is_match(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }
}
