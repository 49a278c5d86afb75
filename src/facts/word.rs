//! Word characters as the regex crate's Unicode `\w` defines them (UTS #18 Annex C: Alphabetic,
//! marks, decimal digits, connector punctuation and join controls), for code that trims or
//! splits text the way a `\W*` in a pattern would. Each pattern with `\w` or `\W` costs about half
//! a millisecond to compile; trimming by hand compiles nothing (non-ASCII characters are looked up
//! in the table the regex crate compiles `\w` from).
//!
//! Also [`WordSet`]: finding words of a fixed set at word starts, the cheap test that a line may
//! hold a phrase before a regex looks for it.

/// Whether `c` matches `\w`.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    // The table the regex crate compiles `\w` from (which may be older than the standard
    // library's), searched without compiling a regex.
    regex_syntax::is_word_character(c)
}

/// `s` without the non-word characters it starts with (what `^\W*` consumes).
pub fn trim_start_non_word(s: &str) -> &str {
    s.trim_start_matches(|c| !is_word_char(c))
}

/// `s` without the non-word characters it ends with (what `\W*$` consumes).
pub fn trim_end_non_word(s: &str) -> &str {
    s.trim_end_matches(|c| !is_word_char(c))
}

/// A set of ASCII words, found without regard to ASCII case at word starts: positions whose
/// byte is an ASCII letter and whose previous byte, if any, is not an ASCII letter, digit or `_`.
/// A word is found where the text starts with it, whatever follows (`negligen` is found in
/// `negligently`), so words are also prefixes of words.
///
/// One pass over the bytes of a line, a few instructions per byte: cheaper than an Aho-Corasick
/// automaton, whose case-insensitive search of a few dozen words has no fast prefilter.
pub struct WordSet {
    words: Vec<&'static [u8]>,
    /// Bit `second` of `pairs[first]`: some word starts with these two letters (`0..26`).
    pairs: [u32; 26],
    /// Indexes into `words` of the words starting with each pair of letters
    /// (`26 * first + second`).
    by_start: Vec<Vec<u16>>,
}

/// `0..26` for an ASCII letter of either case, [`OTHER`] for other bytes.
static LETTER: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t
};
/// [`LETTER`], with [`DIGIT`] for the other ASCII word characters (digits and `_`).
static CLASS: [u8; 256] = {
    let mut t = LETTER;
    let mut c = b'0';
    while c <= b'9' {
        t[c as usize] = DIGIT;
        c += 1;
    }
    t[b'_' as usize] = DIGIT;
    t
};
const OTHER: u8 = 255;
const DIGIT: u8 = 254;

impl WordSet {
    /// `words`: each at least two bytes, starting with two ASCII letters, all ASCII.
    pub fn new(words: &[&'static str]) -> Self {
        let mut by_start = vec![Vec::new(); 26 * 26];
        let mut pairs = [0; 26];
        for (i, w) in words.iter().enumerate() {
            let b = w.as_bytes();
            assert!(
                w.is_ascii() && b.len() >= 2 && b[..2].iter().all(u8::is_ascii_alphabetic),
                "{w}"
            );
            let (first, second) = (usize::from(LETTER[b[0] as usize]), LETTER[b[1] as usize]);
            pairs[first] |= 1 << second;
            by_start[26 * first + usize::from(second)].push(u16::try_from(i).expect("word count"));
        }
        WordSet {
            words: words.iter().map(|w| w.as_bytes()).collect(),
            pairs,
            by_start,
        }
    }

    /// Calls `found(i, range)` for each occurrence of `words[i]` at a word start of `text`, in
    /// order of position (words found at one position in the order of `words`).
    pub fn find(&self, text: &str, mut found: impl FnMut(usize, std::ops::Range<usize>)) {
        let b = text.as_bytes();
        let mut at = 0;
        loop {
            // To the next word character, then past its word.
            while at < b.len() && CLASS[b[at] as usize] == OTHER {
                at += 1;
            }
            if at >= b.len() {
                return;
            }
            if CLASS[b[at] as usize] < 26 {
                self.starting(&b[at..], |i, len| found(i, at..at + len));
            }
            at += 1;
            while at < b.len() && CLASS[b[at] as usize] != OTHER {
                at += 1;
            }
        }
    }

    /// Whether `text` starts with one of the words (without regard to ASCII case), whatever
    /// precedes it.
    pub fn starts(&self, text: &[u8]) -> bool {
        let mut found = false;
        self.starting(text, |_, _| found = true);
        found
    }

    /// Calls `found(i, len)` for each of the words that `text` starts with.
    fn starting(&self, text: &[u8], mut found: impl FnMut(usize, usize)) {
        let (Some(&a), Some(&b)) = (text.first(), text.get(1)) else {
            return;
        };
        let (first, second) = (LETTER[a as usize], LETTER[b as usize]);
        if first < 26 && second < 26 && self.pairs[usize::from(first)] & (1 << second) != 0 {
            for &i in &self.by_start[26 * usize::from(first) + usize::from(second)] {
                let w = self.words[usize::from(i)];
                if text
                    .get(..w.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(w))
                {
                    found(usize::from(i), w.len());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_set_finds_words_at_word_starts() {
        let set = WordSet::new(&["her", "forgot", "forgotten", "didn't", "to"]);
        let mut found = Vec::new();
        set.find(
            "Other HER; x_her 2her forgotten-to Didn't,tomorrow é-her",
            |i, r| found.push((i, r)),
        );
        assert!(set.starts(b"FORGOT it") && !set.starts(b" forgot"));
        assert_eq!(
            found,
            [
                (0, 6..9),
                (1, 22..28),
                (2, 22..31),
                (4, 32..34),
                (3, 35..41),
                (4, 42..44),
                (0, 54..57)
            ]
        );
    }

    #[test]
    fn agrees_with_the_regex_class() {
        let w = regex::Regex::new(r"^\w$").unwrap();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                w.is_match(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }
}
