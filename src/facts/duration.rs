//! Lengths of time stated in postmortem prose: "1 hour, 20 minutes", "66-minute outage",
//! "approximately 2.5 hours", "~40min", "half an hour".
//!
//! The input is one line (or a few joined lines) of Markdown whose markup has already been
//! blanked to spaces. Ranges are **byte** ranges into the input `&str`, on char
//! boundaries. The scan is linear: the text is split into tokens once and a small parser
//! with bounded look-ahead runs over the tokens.
//!
//! Choices:
//! - Only days, hours, minutes and seconds count; weeks, months and years are skipped
//!   ("4 or 8 weeks").
//! - Vague amounts are skipped ("a few minutes", "several hours", "minutes").
//! - Ranges of numbers are skipped ("5-10 minutes", "5 to 10 minutes",
//!   "between 5 and 10 minutes"): neither end is the stated length.
//! - `a`/`an` count only before hour and minute ("an hour", "a minute"); "a day" and
//!   "a second" are skipped ("a second server").
//! - Single-letter units must be glued to the number and lower case: `2h`, `45m`,
//!   `1h20m`, `1h 20m`; a lone `30s` (decades) or `5d` is skipped; `45mb`, `$45m` are
//!   skipped.
//! - `H:MM hours` with a one-digit hour is a duration (`1:20 hours`); `00:00 hours` is a
//!   time of day (see `super::time`). A four-digit `HHMM` with an hour unit (`2100hrs`)
//!   is a time of day, not a duration.
//! - `N+ minutes` ("30+ minutes") gets [`Hedge::AtLeast`] unless a hedge word precedes it.
//! - Mentions are returned whatever the context ("5 minutes ago", "within 5 days"); the
//!   caller decides, e.g. with [`preceding_word`].

use std::ops::Range;

/// A length of time stated in prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationMention {
    /// Byte range of the mention, including a hedge word before it
    /// (`approximately 2 hours`).
    pub range: Range<usize>,
    /// The stated length in seconds (decimals rounded: `2.5 hours` is 9000).
    pub seconds: u32,
    /// The hedge written directly before the amount, if any.
    pub hedge: Option<Hedge>,
}

/// Words that make a duration approximate; the rule tolerance widens for these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hedge {
    /// `approximately`, `approx.`, `approx`, `circa`, `≈`.
    Approximately,
    /// `about`.
    About,
    /// `around`.
    Around,
    /// `~`.
    Tilde,
    /// `nearly`.
    Nearly,
    /// `almost`.
    Almost,
    /// `over`, `just over`, `well over`.
    Over,
    /// `more than`, `>`.
    MoreThan,
    /// `at least`; also a `+` glued to the number (`30+ minutes`).
    AtLeast,
    /// `roughly`.
    Roughly,
    /// `under`, `just under`.
    Under,
    /// `less than`, `<`.
    LessThan,
}

/// The word directly before byte `range_start` (spaces skipped), e.g. `"for"` in
/// `"down for 66 minutes"`, `"within"` in `"within 5 days"`. `None` when the nearest
/// non-space character is not part of a word, or `range_start` is not a char boundary.
#[must_use]
pub fn preceding_word(text: &str, range_start: usize) -> Option<&str> {
    let head = text.get(..range_start)?.trim_end();
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '\'')
        .last()
        .map(|(i, _)| i)?;
    Some(&head[word_start..])
}

/// Every stated length of time in `text`, left to right, non-overlapping.
///
/// Forms: `1 hour, 20 minutes`, `1 hour and 20 minutes`, `3 hours 15 minutes`,
/// `66-minute outage`, `2.5 hours`, `1.5 hrs`, `90 mins`, `40min`, `40 min.`, `1h20m`,
/// `1h 20m`, `2h`, `45m`, `30 seconds`, `2 days`, `an hour`, `an hour and a half`,
/// `half an hour`, `a half hour`, `two hours`, `thirty-five minutes`,
/// `2 and a half hours`, `1:20 hours`, each optionally after a hedge (`approximately`,
/// `approx.`, `about`, `around`, `~`, `nearly`, `almost`, `over`, `more than`, `at least`,
/// `roughly`, `under`, `less than`, `just over`, `just under`).
#[must_use]
pub fn scan_durations(text: &str) -> Vec<DurationMention> {
    if !may_hold_duration(text) {
        return Vec::new();
    }
    scan_tokens(text)
}

fn scan_tokens(text: &str) -> Vec<DurationMention> {
    scan_tokens_with(text, true)
}

/// The words a mention may start with: a hedge ([`Parser::hedge`]: its word, or the first word
/// of its pair), an article or `half` ([`Parser::word_component`]), a number word ([`ones`],
/// [`tens`]). A mention starts with one of them, a digit, or `~`, `≈`, `>`, `<`.
const STARTING_WORDS: &[&str] = &[
    "approximately",
    "circa",
    "approx",
    "about",
    "around",
    "nearly",
    "almost",
    "over",
    "roughly",
    "under",
    "more",
    "less",
    "at",
    "up",
    "just",
    "well",
    "a",
    "an",
    "half",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// Bit `n` of entry `c`: some word of `words` (lower-case ASCII, under 16 bytes) starts with the
/// letter `b'a' + c` and has `n` bytes. A word's first letter and length, looked up in one step.
const fn first_letter_lengths(words: &[&str]) -> [u16; 26] {
    let mut t = [0u16; 26];
    let mut k = 0;
    while k < words.len() {
        let w = words[k].as_bytes();
        t[(w[0] - b'a') as usize] |= 1 << w.len();
        k += 1;
    }
    t
}

/// [`first_letter_lengths`] of [`STARTING_WORDS`].
static STARTING_FIRST_LEN: [u16; 26] = first_letter_lengths(STARTING_WORDS);

/// Whether a mention may start at token `t` of `text` (a necessary condition, one table look-up
/// for a word): a digit run, `~`, `≈`, `>`, `<`, or a word whose first letter (in either ASCII
/// case) and length are those of a word of [`STARTING_WORDS`]. Every other token starts neither
/// a hedge nor an amount ([`Parser::component`]), so the parser is not asked about it: most
/// words of a line are passed over with no branch of their own.
#[inline]
fn may_start_mention(text: &str, t: Tok) -> bool {
    // Every part computed, then combined with `&` (no branch but on the kind).
    let len = t.end - t.start;
    let letter = (text.as_bytes()[t.start] | 0x20).wrapping_sub(b'a');
    let word = (letter < 26)
        & (len < 16)
        & (STARTING_FIRST_LEN[usize::from(letter.min(25))] >> (len & 15) & 1 != 0);
    match t.kind {
        Kind::Digits => true,
        Kind::Punct(c) => matches!(c, '~' | '≈' | '>' | '<'),
        Kind::Word => word,
    }
}

/// The unit words ([`unit_word`]; [`Parser::word_component`]'s singular `hour`, `minute` and
/// `day` are among them).
const UNIT_WORDS: &[&str] = &[
    "day", "days", "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second",
    "seconds", "sec", "secs",
];

/// [`first_letter_lengths`] of [`UNIT_WORDS`].
static UNIT_FIRST_LEN: [u16; 26] = first_letter_lengths(UNIT_WORDS);

/// How many tokens after its first token a mention's first unit may stand, at most: a hedge
/// takes up to two tokens (`more than`, `approx .`), then the first amount's unit comes at most
/// seven tokens after its start (`thirty - five + and a half hours`: [`Parser::number_words`],
/// the glued `+` of [`Parser::number_component`], then [`Parser::unit_after_number`]'s
/// `and a half`).
const UNIT_REACH: usize = 9;

/// Whether token `t` of `text` may be (or hold) a unit (a necessary condition, one table look-up
/// for a word): a word whose first letter (in either ASCII case) and length are those of a word
/// of [`UNIT_WORDS`], or a digit run ending in a letter (a glued unit: `40min`, `1h20m`; a
/// [`compact`] token always ends with its unit's letters).
#[inline]
fn may_be_unit(text: &str, t: Tok) -> bool {
    let b = text.as_bytes();
    let len = t.end - t.start;
    let letter = (b[t.start] | 0x20).wrapping_sub(b'a');
    let word = (letter < 26)
        & (len < 16)
        & (UNIT_FIRST_LEN[usize::from(letter.min(25))] >> (len & 15) & 1 != 0);
    match t.kind {
        Kind::Word => word,
        Kind::Digits => b[t.end - 1].is_ascii_alphabetic(),
        Kind::Punct(_) => false,
    }
}

/// [`scan_durations`] past its prefilter; with `skip`, the tokens [`may_start_mention`] rules
/// out are passed over, and so are those with no token that [`may_be_unit`] within
/// [`UNIT_REACH`] tokens from them (every mention has a unit); without, every token is tried
/// (the tests' reference).
fn scan_tokens_with(text: &str, skip: bool) -> Vec<DurationMention> {
    let toks = tokenize(text);
    let p = Parser { text, toks: &toks };
    let mut out = Vec::new();
    // The tokens to try, gathered from the last with no branch per token: each index is written
    // before the ones kept so far, which grow to take it only when the token may start a
    // mention. `unit` is the nearest token at or after it that may be a unit.
    let mut tries = vec![0usize; toks.len()];
    let mut n = toks.len();
    let mut unit = usize::MAX;
    for (k, &t) in toks.iter().enumerate().rev() {
        unit = if may_be_unit(text, t) { k } else { unit };
        // `n > k`: at most one index was kept per token after `k`.
        tries[n - 1] = k;
        n -= usize::from(!skip || (may_start_mention(text, t) && unit - k <= UNIT_REACH));
    }
    let mut i = 0;
    for &k in &tries[n..] {
        if k < i {
            continue;
        }
        i = k;
        let found = p
            .hedge(i)
            .and_then(|(hedge, j)| p.duration(j, Some(hedge), toks[i].start))
            .or_else(|| p.duration(i, None, toks[i].start));
        match found {
            Some((mention, next)) => {
                out.push(mention);
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether `text` may hold a duration: every mention has a unit, a word that is (in ASCII case)
/// `day`, `hour`, `hr`, `minute`, `min`, `second`, `sec` or a plural of one, or a single unit
/// letter `d`, `h`, `m`, `s` glued to a digit ([`unit_word`], [`glued_unit`]). A unit word is a
/// whole token or the letters after a number, so no letter comes right before it ("threshold"
/// holds no unit). Without one of those nothing is found, so the text is not tokenized.
fn may_hold_duration(text: &str) -> bool {
    static UNITS: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["day", "hour", "hr", "min", "sec"])
            .expect("unit words")
    });
    let b = text.as_bytes();
    // No pattern's end is another's start, so the leftmost matches are all the matches.
    let unit_word = UNITS.find_iter(text).any(|m| {
        text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_ascii_digit() || !c.is_alphanumeric())
    });
    unit_word
        || memchr::memchr3_iter(b'd', b'h', b'm', b)
            .chain(memchr::memchr_iter(b's', b))
            .any(|i| i > 0 && b[i - 1].is_ascii_digit())
}

// ---------------------------------------------------------------------------------------
// Tokens.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A run starting with an ASCII digit: `66`, `2.5`, `1:20`, `40min`, `1h20m`, `45mb`.
    Digits,
    /// A run of letters (and digits) starting with a non-digit: `hours`, `approx`.
    Word,
    /// Any other single non-space character.
    Punct(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The tokens of `text`: runs starting with an ASCII digit (ASCII letters and digits, and `.` or
/// `:` between a digit and a digit), runs of alphanumeric characters, and any other character
/// that is not white space alone. ASCII bytes are read as bytes, other characters decoded
/// ([`tokenize_by_chars`], the reference, decodes every one).
fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    // The (non-ASCII) character at byte `i` and its length.
    let char_at = |i: usize| {
        let c = text[i..].chars().next().unwrap_or('\0');
        (c, c.len_utf8())
    };
    // The end of the run of alphanumeric characters from byte `i`.
    let word_end = |mut i: usize| {
        while i < b.len() {
            if b[i] < 0x80 {
                if !b[i].is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let (c, n) = char_at(i);
                if !c.is_alphanumeric() {
                    break;
                }
                i += n;
            }
        }
        i
    };
    // Room for a token every four bytes (a word and its space): most lines never grow it.
    let mut toks = Vec::with_capacity(b.len() / 4 + 4);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let kind = if c < 0x80 {
            i += 1;
            if matches!(c, b' ' | b'\t'..=b'\r') {
                continue;
            }
            if c.is_ascii_digit() {
                let mut prev_digit = true;
                while let Some(&d) = b.get(i) {
                    let joiner = matches!(d, b'.' | b':')
                        && prev_digit
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit);
                    if !(d.is_ascii_alphanumeric() || joiner) {
                        break;
                    }
                    prev_digit = d.is_ascii_digit();
                    i += 1;
                }
                Kind::Digits
            } else if c.is_ascii_alphanumeric() {
                i = word_end(i);
                Kind::Word
            } else {
                Kind::Punct(char::from(c))
            }
        } else {
            let (ch, n) = char_at(i);
            i += n;
            if ch.is_whitespace() {
                continue;
            }
            if ch.is_alphanumeric() {
                i = word_end(i);
                Kind::Word
            } else {
                Kind::Punct(ch)
            }
        };
        toks.push(Tok {
            start,
            end: i,
            kind,
        });
    }
    toks
}

/// [`tokenize`] character by character: the tests' reference.
#[cfg(test)]
fn tokenize_by_chars(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            let mut prev_digit = true;
            while let Some(&(i, d)) = it.peek() {
                let joiner = matches!(d, '.' | ':')
                    && prev_digit
                    && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
                if !(d.is_ascii_alphanumeric() || joiner) {
                    break;
                }
                prev_digit = d.is_ascii_digit();
                end = i + d.len_utf8();
                it.next();
            }
            Kind::Digits
        } else if c.is_alphanumeric() {
            while let Some(&(i, d)) = it.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = i + d.len_utf8();
                it.next();
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        toks.push(Tok { start, end, kind });
    }
    toks
}

// ---------------------------------------------------------------------------------------
// Units and numbers.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    fn seconds(self) -> f64 {
        match self {
            Unit::Second => 1.0,
            Unit::Minute => 60.0,
            Unit::Hour => 3600.0,
            Unit::Day => 86400.0,
        }
    }
}

/// A word in ASCII lower case, on the stack: keywords are matched without allocating.
#[derive(Clone, Copy)]
struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl Lower {
    /// `word` lower-cased; words longer than any keyword (24 bytes) become the empty word.
    fn of(word: &str) -> Lower {
        let mut buf = [0u8; 24];
        let len = if word.len() <= buf.len() {
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            word.len()
        } else {
            0
        };
        Lower { buf, len }
    }

    /// The lower-cased bytes (compared with byte-string keywords: no UTF-8 check needed).
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A unit word written apart from its number. Returns the unit and whether it is an
/// abbreviation that may take a period (`min.`).
fn unit_word(word: &str) -> Option<(Unit, bool)> {
    let w = Lower::of(word);
    Some(match w.bytes() {
        b"day" | b"days" => (Unit::Day, false),
        b"hour" | b"hours" => (Unit::Hour, false),
        b"hr" | b"hrs" => (Unit::Hour, true),
        b"minute" | b"minutes" => (Unit::Minute, false),
        b"min" | b"mins" => (Unit::Minute, true),
        b"second" | b"seconds" => (Unit::Second, false),
        b"sec" | b"secs" => (Unit::Second, true),
        _ => return None,
    })
}

/// A unit glued to its number (`40min`, `2h`, `1h20m`). Single letters are lower case.
fn glued_unit(letters: &str) -> Option<Unit> {
    match letters {
        "d" => Some(Unit::Day),
        "h" => Some(Unit::Hour),
        "m" => Some(Unit::Minute),
        "s" => Some(Unit::Second),
        _ if letters.len() > 1 => unit_word(letters).map(|(u, _)| u),
        _ => None,
    }
}

/// `66`, `2.5` (at most 9 integer and 6 fraction digits) -> value.
fn plain_number(s: &str) -> Option<f64> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits_ok = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits_ok(int, 9) || frac.is_some_and(|f| !digits_ok(f, 6)) {
        return None;
    }
    s.parse().ok()
}

/// A compact token: `2h`, `45m`, `40min`, `1.5hrs`, `1h20m`, `1h20m30s`, `2d3h`.
/// Units must go from larger to smaller. Returns (seconds, largest unit, smallest unit).
fn compact(s: &str) -> Option<(f64, Unit, Unit)> {
    let mut rest = s;
    let mut total = 0.0;
    let mut units: Vec<(Unit, &str)> = Vec::new();
    while !rest.is_empty() {
        let n_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let value = plain_number(&rest[..n_len])?;
        rest = &rest[n_len..];
        let l_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let letters = &rest[..l_len];
        let unit = glued_unit(letters)?;
        if units.last().is_some_and(|(last, _)| *last <= unit) {
            return None;
        }
        units.push((unit, letters));
        total += value * unit.seconds();
        rest = &rest[l_len..];
    }
    let (largest, first_letters) = *units.first()?;
    let (smallest, _) = *units.last()?;
    // A lone "30s" is a decade, a lone "5d" is rarely a duration.
    if units.len() == 1 && matches!(first_letters, "s" | "d") {
        return None;
    }
    Some((total, largest, smallest))
}

/// Four digits that read as a clock time (`2100`): with an hour unit it is `2100hrs`.
fn is_hhmm(s: &str) -> bool {
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && s[..2].parse::<u32>().is_ok_and(|h| h <= 23)
        && s[2..].parse::<u32>().is_ok_and(|m| m <= 59)
}

fn ones(word: &str) -> Option<u32> {
    // Every number word is 3 to 9 ASCII letters: anything else is none of them (a cheap test
    // first, as most words of a line are tried).
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    Some(match Lower::of(word).bytes() {
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        _ => return None,
    })
}

fn tens(word: &str) -> Option<u32> {
    // Every tens word is 5 to 7 ASCII letters.
    if !(5..=7).contains(&word.len()) {
        return None;
    }
    Some(match Lower::of(word).bytes() {
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Parser.

/// One amount with its unit: `1 hour`, `20 minutes`, `1h20m`, `half an hour`.
struct Component {
    seconds: f64,
    /// Largest and smallest unit used (equal except for `1h20m`).
    largest: Unit,
    smallest: Unit,
    /// Token index after the component.
    next: usize,
    /// A whole count of one unit (`1 hour`, `an hour`): may take "and a half".
    whole: bool,
    /// `30+ minutes`.
    plus: bool,
    /// Written as one glued token (`2h`, `1h20m`, `40min`).
    compact: bool,
    /// Has a decimal amount (`2.5 hours`): nothing smaller may follow it.
    decimal: bool,
    /// Written with an article (`an hour`, `half an hour`): never a continuation.
    article: bool,
}

struct Parser<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

impl Parser<'_> {
    fn tok(&self, i: usize) -> Option<Tok> {
        self.toks.get(i).copied()
    }

    fn str_of(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn word(&self, i: usize) -> Option<&str> {
        let t = self.tok(i)?;
        (t.kind == Kind::Word).then(|| &self.text[t.start..t.end])
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|s| s.eq_ignore_ascii_case(w))
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// Tokens `i` and `i + 1` touch (no space between them).
    fn glued(&self, i: usize) -> bool {
        match (self.tok(i), self.tok(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A hedge starting at token `i`; returns it and the token index after it.
    fn hedge(&self, i: usize) -> Option<(Hedge, usize)> {
        let t = self.tok(i)?;
        if let Kind::Punct(c) = t.kind {
            let h = match c {
                '~' => Hedge::Tilde,
                '≈' => Hedge::Approximately,
                '>' => Hedge::MoreThan,
                '<' => Hedge::LessThan,
                _ => return None,
            };
            return Some((h, i + 1));
        }
        let w = Lower::of(self.word(i)?);
        let single = match w.bytes() {
            b"approximately" | b"circa" => Some(Hedge::Approximately),
            b"approx" => {
                let next = if self.is_punct(i + 1, '.') && self.glued(i) {
                    i + 2
                } else {
                    i + 1
                };
                return Some((Hedge::Approximately, next));
            }
            b"about" => Some(Hedge::About),
            b"around" => Some(Hedge::Around),
            b"nearly" => Some(Hedge::Nearly),
            b"almost" => Some(Hedge::Almost),
            b"over" => Some(Hedge::Over),
            b"roughly" => Some(Hedge::Roughly),
            b"under" => Some(Hedge::Under),
            _ => None,
        };
        if let Some(h) = single {
            return Some((h, i + 1));
        }
        let pair = match w.bytes() {
            b"more" if self.is_word(i + 1, "than") => Hedge::MoreThan,
            b"less" if self.is_word(i + 1, "than") => Hedge::LessThan,
            b"at" if self.is_word(i + 1, "least") => Hedge::AtLeast,
            // "at most", "at maximum", "up to": upper bounds.
            b"at" if self.is_word(i + 1, "most") || self.is_word(i + 1, "maximum") => Hedge::Under,
            b"up" if self.is_word(i + 1, "to") => Hedge::Under,
            b"just" | b"well" if self.is_word(i + 1, "over") => Hedge::Over,
            b"just" | b"well" if self.is_word(i + 1, "under") => Hedge::Under,
            _ => return None,
        };
        Some((pair, i + 2))
    }

    /// Whether a fresh amount may start at token `j`: not glued to a word, number or
    /// currency sign, and not the second end of a range (`5-10`, `5 to 10`).
    fn fresh_ok(&self, j: usize) -> bool {
        let Some(p) = j.checked_sub(1) else {
            return true;
        };
        let Some(prev) = self.tok(p) else {
            return true;
        };
        if self.glued(p) {
            let allowed = matches!(
                prev.kind,
                Kind::Punct('(' | '[' | '{' | '~' | '≈' | '>' | '<' | '"' | '\'' | '*' | '_')
            );
            if !allowed {
                return false;
            }
        }
        let joins_range = matches!(prev.kind, Kind::Punct('-' | '–' | '—'))
            || self.is_word(p, "to")
            || self.is_word(p, "or")
            || self.is_word(p, "and");
        // Asked only when `joins_range` (the answer is the same, the number words cost).
        let before_is_number = || {
            p.checked_sub(1).is_some_and(|q| {
                self.tok(q).is_some_and(|t| t.kind == Kind::Digits) || self.number_word_ends_at(q)
            })
        };
        !(joins_range && before_is_number())
    }

    fn number_word_ends_at(&self, i: usize) -> bool {
        self.word(i)
            .is_some_and(|w| ones(w).is_some() || tens(w).is_some())
    }

    /// A number written in words at `j`: `five`, `twenty`, `thirty-five`, `thirty five`.
    fn number_words(&self, j: usize) -> Option<(u32, usize)> {
        let w = self.word(j)?;
        if let Some(n) = ones(w) {
            return Some((n, j + 1));
        }
        let t = tens(w)?;
        if self.is_punct(j + 1, '-') && self.glued(j) && self.glued(j + 1) {
            if let Some(o) = self.word(j + 2).and_then(ones).filter(|o| *o < 10) {
                return Some((t + o, j + 3));
            }
        }
        if let Some(o) = self.word(j + 1).and_then(ones).filter(|o| *o < 10) {
            return Some((t + o, j + 2));
        }
        Some((t, j + 1))
    }

    /// A unit word at `k` (after a number); returns the unit and the index after it,
    /// taking a glued period after an abbreviation (`min.`).
    fn unit_at(&self, k: usize) -> Option<(Unit, usize)> {
        let (unit, abbrev) = unit_word(self.word(k)?)?;
        let next = if abbrev && self.is_punct(k + 1, '.') && self.glued(k) {
            k + 2
        } else {
            k + 1
        };
        Some((unit, next))
    }

    /// The unit after a number ending at token `k - 1`: `hours`, `-minute`, `and a half
    /// hours`. Returns (unit, extra half unit, index after).
    fn unit_after_number(&self, k: usize) -> Option<(Unit, bool, usize)> {
        if self.is_punct(k, '-') && self.glued(k - 1) && self.glued(k) {
            let (u, next) = self.unit_at(k + 1)?;
            return Some((u, false, next));
        }
        if self.tok(k).is_some_and(|t| t.kind == Kind::Word) && self.glued(k - 1) {
            return None;
        }
        if let Some((u, next)) = self.unit_at(k) {
            return Some((u, false, next));
        }
        // "2 and a half hours", "two and half hours"
        if self.is_word(k, "and") {
            let mut h = k + 1;
            if self.is_word(h, "a") {
                h += 1;
            }
            if self.is_word(h, "half") {
                let (u, next) = self.unit_at(h + 1)?;
                return Some((u, true, next));
            }
        }
        None
    }

    fn number_component(&self, value: f64, whole: bool, mut k: usize) -> Option<Component> {
        let mut plus = false;
        if self.is_punct(k, '+') && self.glued(k - 1) {
            plus = true;
            k += 1;
        }
        let (unit, half, next) = self.unit_after_number(k)?;
        let count = if half { value + 0.5 } else { value };
        Some(Component {
            seconds: count * unit.seconds(),
            largest: unit,
            smallest: unit,
            next,
            whole: whole && !half,
            plus,
            compact: false,
            decimal: !whole,
            article: false,
        })
    }

    /// One amount starting at token `j`. `fresh` is false inside a compound
    /// ("1 hour and 20 minutes"), where range checks do not apply.
    fn component(&self, j: usize, fresh: bool) -> Option<Component> {
        let t = self.tok(j)?;
        // Only digits and the words `digits_component`/`word_component` read can start an
        // amount: a cheap test before `fresh_ok` (both must pass, so the order is free).
        let may_start = match t.kind {
            Kind::Digits => true,
            Kind::Word => {
                let w = &self.text[t.start..t.end];
                ["a", "an", "half"]
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(w))
                    || ones(w).is_some()
                    || tens(w).is_some()
            }
            Kind::Punct(_) => false,
        };
        if !may_start || (fresh && !self.fresh_ok(j)) {
            return None;
        }
        match t.kind {
            Kind::Digits => self.digits_component(j),
            Kind::Word => self.word_component(j),
            Kind::Punct(_) => None,
        }
    }

    fn digits_component(&self, j: usize) -> Option<Component> {
        let s = self.str_of(j);
        if let Some((h, m)) = s.split_once(':') {
            // "1:20 hours"
            let one_digit = h.len() == 1 && h.bytes().all(|b| b.is_ascii_digit());
            let minutes = m.len() == 2 && m.parse::<u32>().is_ok_and(|m| m < 60);
            let (unit, next) = self.unit_at(j + 1)?;
            if !(one_digit && minutes && unit == Unit::Hour) {
                return None;
            }
            let hours: f64 = h.parse().ok()?;
            let mins: f64 = m.parse().ok()?;
            return Some(Component {
                seconds: hours * 3600.0 + mins * 60.0,
                largest: Unit::Hour,
                smallest: Unit::Minute,
                next,
                whole: false,
                plus: false,
                compact: false,
                decimal: false,
                article: false,
            });
        }
        if let Some(value) = plain_number(s) {
            let c = self.number_component(value, !s.contains('.'), j + 1)?;
            if c.largest == Unit::Hour && is_hhmm(s) {
                return None;
            }
            return Some(c);
        }
        let (seconds, largest, smallest) = compact(s)?;
        let digits_len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        if largest == Unit::Hour && smallest == Unit::Hour && is_hhmm(&s[..digits_len]) {
            return None;
        }
        let letters = s.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let abbrev = matches!(
            Lower::of(letters).bytes(),
            b"min" | b"mins" | b"hr" | b"hrs" | b"sec" | b"secs"
        );
        let next = if abbrev && self.is_punct(j + 1, '.') && self.glued(j) {
            j + 2
        } else {
            j + 1
        };
        Some(Component {
            seconds,
            largest,
            smallest,
            next,
            whole: largest == smallest && !s.contains('.'),
            plus: false,
            compact: true,
            decimal: s.contains('.'),
            article: false,
        })
    }

    fn word_component(&self, j: usize) -> Option<Component> {
        let w = Lower::of(self.word(j)?);
        let single = |unit: Unit, count: f64, next: usize, whole: bool| Component {
            seconds: count * unit.seconds(),
            largest: unit,
            smallest: unit,
            next,
            whole,
            plus: false,
            compact: false,
            decimal: false,
            article: true,
        };
        // Singular hour/minute (and day after "half") for the article forms.
        let singular = |k: usize, allow_day: bool| -> Option<(Unit, usize)> {
            let word = Lower::of(self.word(k)?);
            match word.bytes() {
                b"hour" => Some((Unit::Hour, k + 1)),
                b"minute" => Some((Unit::Minute, k + 1)),
                b"day" if allow_day => Some((Unit::Day, k + 1)),
                _ => None,
            }
        };
        match w.bytes() {
            b"a" | b"an" => {
                if self.is_word(j + 1, "half") {
                    // "a half hour", "a half-hour"
                    let mut k = j + 2;
                    if self.is_punct(k, '-') && self.glued(k - 1) && self.glued(k) {
                        k += 1;
                    }
                    let (u, next) = singular(k, true)?;
                    return Some(single(u, 0.5, next, false));
                }
                let (u, next) = singular(j + 1, false)?;
                Some(single(u, 1.0, next, true))
            }
            b"half" => {
                // "half an hour", "half a day", "half-hour", "half hour"
                let mut k = j + 1;
                let article = self.is_word(k, "an") || self.is_word(k, "a");
                let hyphen = self.is_punct(k, '-') && self.glued(j) && self.glued(k);
                if article || hyphen {
                    k += 1;
                }
                let (u, next) = singular(k, true)?;
                Some(single(u, 0.5, next, false))
            }
            _ => {
                let (n, k) = self.number_words(j)?;
                self.number_component(f64::from(n), true, k)
            }
        }
    }

    /// "and a half" / "and half" after a whole count, not followed by a unit.
    fn trailing_half(&self, k: usize) -> Option<usize> {
        if !self.is_word(k, "and") {
            return None;
        }
        let mut h = k + 1;
        if self.is_word(h, "a") {
            h += 1;
        }
        if !self.is_word(h, "half") {
            return None;
        }
        if self.word(h + 1).and_then(unit_word).is_some() {
            return None;
        }
        Some(h + 1)
    }

    /// A whole duration starting at token `j`: components joined by `,` and/or `and`
    /// with units getting smaller. Returns the mention and the index after it.
    fn duration(
        &self,
        j: usize,
        hedge: Option<Hedge>,
        start: usize,
    ) -> Option<(DurationMention, usize)> {
        let first = self.component(j, true)?;
        let mut total = first.seconds;
        let mut next = first.next;
        let plus = first.plus;
        let mut last_whole = first.whole.then_some(first.largest);
        let mut last = first;
        while !last.plus && !last.decimal {
            let mut k = next;
            if self.is_punct(k, ',') {
                k += 1;
            }
            if self.is_word(k, "and") {
                k += 1;
            }
            let Some(c) = self.component(k, false) else {
                break;
            };
            // "1 hour, 20 minutes" and "1h 20m" continue; "2h, 45m", "1.5 hrs, 90 minutes",
            // "2 days, an hour" and "1 hour 90 minutes" do not.
            let continues = c.largest < last.smallest
                && c.seconds < last.smallest.seconds()
                && !c.article
                && !c.plus
                && c.compact == last.compact
                && (!c.compact || k == next);
            if !continues {
                break;
            }
            total += c.seconds;
            next = c.next;
            last_whole = c.whole.then_some(c.largest);
            last = c;
        }
        if let Some(unit) = last_whole {
            if let Some(after) = self.trailing_half(next) {
                total += 0.5 * unit.seconds();
                next = after;
            }
        }
        let seconds = total.round();
        if !(0.0..=f64::from(u32::MAX)).contains(&seconds) {
            return None;
        }
        let end = self.toks[next - 1].end;
        let hedge = hedge.or(plus.then_some(Hedge::AtLeast));
        Some((
            DurationMention {
                range: start..end,
                // In range per the check above; `as` saturates anyway.
                seconds: seconds as u32,
                hedge,
            },
            next,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_agree_with_the_char_by_char_reading() {
        let pieces = [
            " ",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "1",
            "12",
            ".",
            ":",
            "-",
            "h",
            "min",
            "é",
            "\u{2013}",
            "\u{1f680}",
            "\u{660}",
            "x",
            "_",
            "ſ",
            "Ⅻ",
            "a1",
            ",",
        ];
        for t in crate::test_texts::random(&pieces, 50_000, 12, 7) {
            assert_eq!(tokenize(&t), tokenize_by_chars(&t), "{t:?}");
        }
    }

    #[test]
    fn units_are_within_reach_of_the_mention_start() {
        for w in UNIT_WORDS {
            let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [w.to_string(), w.to_ascii_uppercase(), title] {
                let toks = tokenize(&form);
                assert!(may_be_unit(&form, toks[0]), "{form:?}");
                assert!(unit_word(&form).is_some(), "{form:?}");
            }
        }
        // The unit ten tokens from the first: found with the skips as without.
        for text in [
            "approx. thirty-five+ and a half hours",
            "more than thirty-five+ and a half hours",
        ] {
            let toks = tokenize(text);
            assert_eq!(toks.len(), UNIT_REACH + 1, "{text:?}");
            let want = scan_tokens_with(text, false);
            assert_eq!(want.len(), 1, "{text:?}");
            assert_eq!(want[0].range, 0..text.len(), "{text:?}");
            assert_eq!(scan_tokens_with(text, true), want, "{text:?}");
        }
    }

    #[test]
    fn tokens_passed_over_start_no_mention() {
        for w in STARTING_WORDS {
            let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [w.to_string(), w.to_ascii_uppercase(), title] {
                let toks = tokenize(&form);
                assert_eq!(toks.len(), 1, "{form:?}");
                assert!(may_start_mention(&form, toks[0]), "{form:?}");
            }
        }
        let mut pieces: Vec<&str> = vec![
            " ",
            "  ",
            ",",
            ".",
            "-",
            "~",
            "≈",
            ">",
            "<",
            "+",
            "(",
            "1",
            "2",
            "30",
            "2.5",
            "1:20",
            "1h20m",
            "45m",
            "hour",
            "hours",
            "hr",
            "min",
            "mins",
            "minute",
            "minutes",
            "second",
            "day",
            "days",
            "and",
            "than",
            "least",
            "most",
            "maximum",
            "to",
            "or",
            "under",
            "Over",
            "APPROX",
            "Half",
            "An",
            "A",
            "the",
            "outage",
            "lasted",
            "é",
            "ſ",
            "Twenty",
            "five",
            " 2 hours",
            " an hour",
            " 30 minutes",
            " half an hour",
            " twenty five minutes",
            " about 3 hours",
            " more than 1 day",
            " ~45m",
            " 1h20m",
            " 2 and a half hours",
        ];
        pieces.extend(STARTING_WORDS);
        // The longest reach from a mention's first token to its unit ([`UNIT_REACH`]).
        pieces.extend([
            " approx. thirty-five+ and a half hours",
            " more than thirty-five+ and a half hours",
            " thirty-five+ and a half",
            " 30+ and a half",
            " a half-",
            "+",
            " and a half",
            "40min.",
            "2d3h",
            "1.5hrs",
            "45mb",
        ]);
        let mut found = 0;
        for t in crate::test_texts::random(&pieces, 60_000, 10, 5) {
            let want = scan_tokens_with(&t, false);
            found += want.len();
            assert_eq!(scan_tokens_with(&t, true), want, "{t:?}");
        }
        assert!(found > 5_000, "{found}");
    }

    #[test]
    fn the_unit_prefilter_rules_out_only_texts_without_durations() {
        let pieces = [
            "1",
            "2",
            "30",
            "2.5",
            "1:20",
            " ",
            ",",
            "-",
            "+",
            "~",
            "and",
            "a",
            "an",
            "half",
            "two",
            "thirty",
            "hour",
            "Hours",
            "hr",
            "HRS",
            "min",
            "minute",
            "sec",
            "Seconds",
            "day",
            "h",
            "m",
            "s",
            "d",
            "H",
            "x",
            "é",
            "approximately",
            "about",
            "to",
            "of",
        ];
        let mut x: u64 = 13;
        let mut found = 0;
        for _ in 0..100_000 {
            let mut t = String::new();
            for _ in 0..(x % 9 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            let all = scan_tokens(&t);
            found += usize::from(!all.is_empty());
            assert_eq!(scan_durations(&t), all, "{t:?}");
        }
        assert!(found > 1_000, "{found}");
    }

    /// The only duration in `text`, as (matched text, seconds, hedge).
    fn one(text: &str) -> (&str, u32, Option<Hedge>) {
        let found = scan_durations(text);
        assert_eq!(found.len(), 1, "{text:?} -> {found:?}");
        let d = &found[0];
        (&text[d.range.clone()], d.seconds, d.hedge)
    }

    fn secs(text: &str) -> u32 {
        one(text).1
    }

    #[test]
    fn hours_and_minutes_compounds() {
        assert_eq!(
            one("1 hour, 20 minutes"),
            ("1 hour, 20 minutes", 4800, None)
        );
        assert_eq!(one("1 hour 20 minutes"), ("1 hour 20 minutes", 4800, None));
        assert_eq!(
            one("1 hour and 20 minutes"),
            ("1 hour and 20 minutes", 4800, None)
        );
        assert_eq!(secs("lasted 2 hours and 28 minutes."), 8880);
        assert_eq!(secs("3 hours 15 minutes"), 11700);
        assert_eq!(secs("54 hours 10 minute"), 195_000);
        assert_eq!(secs("1 day, 2 hours and 5 minutes"), 86400 + 7200 + 300);
        assert_eq!(secs("10 min and 23 seconds"), 623);
        assert_eq!(secs("an hour and 20 minutes"), 4800);
    }

    #[test]
    fn singular_unit_with_number_and_hyphen() {
        let text = "a 1 hour, 20 minute outage";
        assert_eq!(one(text), ("1 hour, 20 minute", 4800, None));
        assert_eq!(one("a 66-minute outage"), ("66-minute", 3960, None));
        assert_eq!(secs("a two-hour window"), 7200);
        assert_eq!(secs("a 1 minute SEV-1"), 60);
    }

    #[test]
    fn decimal_and_abbreviated_units() {
        assert_eq!(secs("2.5 hours"), 9000);
        assert_eq!(secs("1.5 hrs"), 5400);
        assert_eq!(secs("(7.5 hours)"), 27000);
        assert_eq!(secs("90 minutes"), 5400);
        assert_eq!(secs("90 mins"), 5400);
        assert_eq!(one("Duration of problem: 40min"), ("40min", 2400, None));
        assert_eq!(one("took 40 min."), ("40 min.", 2400, None));
        assert_eq!(secs("2.5hrs"), 9000);
        assert_eq!(secs("30 seconds"), 30);
        assert_eq!(secs("5 secs"), 5);
        assert_eq!(secs("1 day"), 86400);
        assert_eq!(secs("2 days"), 172_800);
    }

    #[test]
    fn compact_forms() {
        assert_eq!(one("1h20m"), ("1h20m", 4800, None));
        assert_eq!(one("1h 20m"), ("1h 20m", 4800, None));
        assert_eq!(secs("2h"), 7200);
        assert_eq!(secs("45m"), 2700);
        assert_eq!(secs("2h30m15s"), 9015);
        assert_eq!(secs("1d2h"), 93600);
        assert_eq!(secs("1hr20min"), 4800);
        for text in [
            "45mb", "45ms", "$45m", "1990s", "30s", "5d", "1h20", "14h05", "2m1h", "45M",
        ] {
            assert!(scan_durations(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn article_and_half_forms() {
        assert_eq!(secs("an hour"), 3600);
        assert_eq!(secs("a minute"), 60);
        assert_eq!(
            one("an hour and a half"),
            ("an hour and a half", 5400, None)
        );
        assert_eq!(secs("half an hour"), 1800);
        assert_eq!(secs("half a day"), 43200);
        assert_eq!(secs("a half hour"), 1800);
        assert_eq!(secs("a half-hour"), 1800);
        assert_eq!(secs("two and a half hours"), 9000);
        assert_eq!(secs("2 and half hours"), 9000);
        assert_eq!(secs("1 hour and a half"), 5400);
        assert!(scan_durations("a day later").is_empty());
        assert!(scan_durations("a second server").is_empty());
    }

    #[test]
    fn number_words() {
        assert_eq!(secs("one hour"), 3600);
        assert_eq!(secs("two hours"), 7200);
        assert_eq!(secs("twenty minutes"), 1200);
        assert_eq!(secs("thirty-five minutes"), 2100);
        assert_eq!(secs("thirty five minutes"), 2100);
        assert_eq!(secs("nineteen seconds"), 19);
        assert_eq!(secs("six hours."), 21600);
    }

    #[test]
    fn clock_style_hours() {
        assert_eq!(one("1:20 hours"), ("1:20 hours", 4800, None));
        assert!(scan_durations("at 10:20 hours").is_empty());
        assert!(scan_durations("at 00:00 hours").is_empty());
        assert!(scan_durations("2100hrs WAT").is_empty());
        assert!(scan_durations("at 1405 hrs").is_empty());
    }

    #[test]
    fn hedges() {
        let cases: &[(&str, Hedge)] = &[
            ("approximately 2 hours", Hedge::Approximately),
            ("approx. 2 hours", Hedge::Approximately),
            ("approx 2 hours", Hedge::Approximately),
            ("about 2 hours", Hedge::About),
            ("around 2 hours", Hedge::Around),
            ("~2 hours", Hedge::Tilde),
            ("~ 2 hours", Hedge::Tilde),
            ("nearly 2 hours", Hedge::Nearly),
            ("almost 2 hours", Hedge::Almost),
            ("over 2 hours", Hedge::Over),
            ("more than 2 hours", Hedge::MoreThan),
            ("at least 2 hours", Hedge::AtLeast),
            ("roughly 2 hours", Hedge::Roughly),
            ("under 2 hours", Hedge::Under),
            ("less than 2 hours", Hedge::LessThan),
            ("at maximum 2 hours", Hedge::Under),
            ("up to 2 hours", Hedge::Under),
            ("just over 2 hours", Hedge::Over),
            ("just under 2 hours", Hedge::Under),
            ("Approximately 2 hours", Hedge::Approximately),
            (">2 hours", Hedge::MoreThan),
        ];
        for (text, hedge) in cases {
            assert_eq!(one(text), (*text, 7200, Some(*hedge)), "{text}");
        }
        assert_eq!(
            one("for over an hour"),
            ("over an hour", 3600, Some(Hedge::Over))
        );
        assert_eq!(
            one("approximately 2 and half hours"),
            (
                "approximately 2 and half hours",
                9000,
                Some(Hedge::Approximately)
            )
        );
        assert_eq!(
            one("nearly two days"),
            ("nearly two days", 172_800, Some(Hedge::Nearly))
        );
        assert_eq!(
            one("30+ minutes"),
            ("30+ minutes", 1800, Some(Hedge::AtLeast))
        );
        assert_eq!(one("under 3hrs"), ("under 3hrs", 10800, Some(Hedge::Under)));
    }

    #[test]
    fn not_durations() {
        for text in [
            "within 5 business days",
            "4 or 8 weeks",
            "a few minutes",
            "several hours",
            "minutes",
            "24/7",
            "5-10 minutes",
            "5 to 10 minutes",
            "between 5 and 10 minutes",
            "five or ten minutes",
            "2 months",
            "1 year",
            "10.0.0.1 hours",
            "1,000 minutes",
            "v2 hours",
            "about",
            "over the hour",
            "at least",
        ] {
            assert!(
                scan_durations(text).is_empty(),
                "{text:?} -> {:?}",
                scan_durations(text)
            );
        }
    }

    #[test]
    fn returned_whatever_the_context() {
        let text = "5 minutes ago";
        assert_eq!(one(text), ("5 minutes", 300, None));
        let text = "within 5 days";
        assert_eq!(one(text).1, 432_000);
    }

    #[test]
    fn lists_do_not_merge() {
        let found = scan_durations("2 days, an hour");
        assert_eq!(found.len(), 2);
        let found = scan_durations("1.5 hrs, 90 minutes");
        assert_eq!(found.len(), 2);
        let found = scan_durations("2h, 45m");
        assert_eq!(found.len(), 2);
        let found = scan_durations("1 hour 90 minutes");
        assert_eq!(found.len(), 2);
        let found = scan_durations("just under 2 hours, 30+ minutes");
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn several_in_a_line_with_byte_ranges() {
        let text = "🚀 Outage lasted 2 hours(from 20:00 UTC to 22:00 UTC) — détecté après ~5min";
        let found = scan_durations(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "2 hours");
        assert_eq!(&text[found[1].range.clone()], "~5min");
        assert_eq!(found[1].hedge, Some(Hedge::Tilde));
    }

    #[test]
    fn preceding_word_finds_the_word_before() {
        let text = "down for   66 minutes";
        let d = &scan_durations(text)[0];
        assert_eq!(preceding_word(text, d.range.start), Some("for"));
        assert_eq!(preceding_word("(5 minutes", 1), None);
        assert_eq!(preceding_word("5 minutes", 0), None);
        assert_eq!(preceding_word("é5", 1), None);
        assert_eq!(preceding_word("abc", 99), None);
        assert_eq!(preceding_word("lasted 5", 7), Some("lasted"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "~",
            "+",
            "1+",
            "1-",
            "-1 hour",
            "1.",
            "1.hours",
            ".5 hours",
            "and a half",
            "half",
            "a",
            "approx.",
            "99999999999 hours",
            "999999999 days",
            "1:2 hours",
            "1::20 hours",
            "🚀1 hour🚀",
            "１ hour",
            "٣ hours",
            "1 hour\u{0301}",
            "ſ 1 hourſ",
        ] {
            for d in scan_durations(text) {
                assert!(text.get(d.range).is_some());
            }
        }
        assert!(scan_durations("99999999999 hours").is_empty());
        assert!(scan_durations("999999999 days").is_empty());
    }

    #[test]
    fn long_lines_finish() {
        let colons = "1:".repeat(512 * 1024);
        assert!(scan_durations(&colons).is_empty());
        let noon = "12:00 ".repeat(1024 * 1024 / 6);
        assert!(scan_durations(&noon).is_empty());
        let halves = "an hour and a half and ".repeat(40_000);
        assert_eq!(scan_durations(&halves).len(), 40_000);
        let digits = "1".repeat(1024 * 1024);
        assert!(scan_durations(&digits).is_empty());
    }
}
