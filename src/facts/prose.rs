//! Prose: the words a reader reads, and the author's own sentences as opposed to what they quote.
//!
//! Prose is the visible text of every block except code blocks and thematic breaks: headings,
//! paragraphs (in lists and block quotes too), table cells and the text of HTML blocks. Code
//! spans, HTML tags and comments, image syntax, link destinations and bare URLs are not prose
//! (see [`crate::parse::BlockLine::text`]). The ALX 0x19 task asks for 400 to 600 words; copied
//! curl output and HTML would inflate a naive count (`shared/design/postmortem-domain.md` §7).

use super::ascii_regex::AsciiRegex;
use super::word::{blocks64, load4, word_start_bits, Classes64, WordStarts};
use super::Postmortem;
use crate::parse::{BlockKind, Markdown};
use regex::Regex;
use std::sync::LazyLock;

/// One line of prose.
#[derive(Debug, Clone)]
pub struct ProseLine {
    /// Index of the block in [`crate::parse::Markdown::blocks`].
    pub block: usize,
    /// 1-based source line.
    pub line: usize,
    /// Byte offset in the source of the first byte of `text`.
    pub start: usize,
    /// Index of the line in the block's [`crate::parse::Block::lines`].
    pub index: usize,
    /// The line's prose with quoted passages blanked (see [`ProseLine::own`]) when the block
    /// holds a quote mark; None when it is the line's text as it is (no allocation per line).
    blanked: Option<String>,
    /// The line is inside a block quote (`> …`).
    pub in_quote: bool,
    /// `Prose::word_starts[words.0..words.1]`: the word starts of the line's text.
    words: (u32, u32),
}

impl ProseLine {
    /// The line's prose ([`crate::parse::BlockLine::text`]) with quoted passages blanked to
    /// spaces (same byte length, so offsets still map to the source): text in straight or curly
    /// double quotes, `«…»`, and single quotes that open after a non-letter and close before one
    /// (apostrophes in `don't` and `engineers'` never open a quote). `markdown`: the document's
    /// ([`Postmortem::markdown`]).
    #[inline]
    pub fn own<'m>(&'m self, markdown: &'m Markdown) -> &'m str {
        match &self.blanked {
            Some(own) => own,
            None => markdown.blocks[self.block].lines[self.index].text(),
        }
    }

    /// The word starts of [`ProseLine::own`] when it is the line's text as it is (no quoted
    /// passage blanked), from `prose`, the document's ([`Postmortem::prose`]); None when quotes
    /// were blanked.
    #[inline]
    pub fn own_word_starts<'p>(&self, prose: &'p Prose) -> Option<&'p [WordStarts]> {
        self.blanked.is_none().then(|| prose.line_word_starts(self))
    }

    /// Whether the line reads as a pasted log or console line: a syslog `name[pid]:` prefix, an
    /// `[error]`-style level in brackets, or a leading `ERROR`/`FATAL`/`WARN`/`PHP Fatal error`
    /// (in its raw source text, [`crate::parse::BlockLine::raw`]). Worked out on each call, for
    /// the few lines a rule asks about.
    pub fn is_log(&self, markdown: &Markdown) -> bool {
        is_log_line(markdown.blocks[self.block].lines[self.index].raw())
    }
}

/// The prose of one document.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    /// Number of words: maximal runs of non-whitespace characters of the prose that contain at
    /// least one letter or digit (`load-balancer` and `14:00` are one word each; `-`, `|` and
    /// emoji are none), HTML entities such as `&nbsp;` excluded. Quoted text is counted.
    pub words: usize,
    /// Lines with prose, in document order.
    pub lines: Vec<ProseLine>,
    /// Whether the prose holds `ſ` or the Kelvin sign `K`, which `(?i)` matches to `s` and `k`
    /// ([`folds_to_ascii`](super::ascii_regex::folds_to_ascii)); when false, no line's `own`
    /// text holds either.
    pub folds: bool,
    /// The word starts of the text of every line of [`Prose::lines`] (found in the pass that
    /// counts the words), line after line; see [`Prose::line_word_starts`]. Word scanners read
    /// them instead of finding word starts again ([`crate::facts::word::WordSet::find_at`]).
    word_starts: Vec<WordStarts>,
}

impl Prose {
    /// The word starts of the text ([`crate::parse::BlockLine::text`], quotes not blanked) of
    /// `line`, one of [`Prose::lines`], in order.
    #[inline]
    pub fn line_word_starts(&self, line: &ProseLine) -> &[WordStarts] {
        &self.word_starts[line.words.0 as usize..line.words.1 as usize]
    }

    /// The word starts of the text of `line` (a line of a block of `markdown`, the document's)
    /// when it is a line of prose; None when it is not (a line of code, a blank line).
    pub fn word_starts_of(
        &self,
        markdown: &Markdown,
        line: &crate::parse::BlockLine,
    ) -> Option<&[WordStarts]> {
        // Lines of prose are in document order; an unordered list would only make this None.
        let i = self.lines.partition_point(|l| l.start < line.start);
        let p = self.lines.get(i)?;
        std::ptr::eq(&markdown.blocks[p.block].lines[p.index], line)
            .then(|| self.line_word_starts(p))
    }
}

static LOG_LINE: AsciiRegex = AsciiRegex::new(
    r"(?x)
        \b[\w.-]+\[\d+\]:                                  # syslog: nginx[31101]:
      | \[(?i:emerg|alert|crit|error|err|warn|warning|notice|info|debug)\]   # [error]
      | ^\W*(?:ERROR|FATAL|WARN|WARNING|CRITICAL|Traceback|PHP\s+(?:Fatal|Warning|Parse|Notice))\b
    ",
);

/// Whether `raw` reads as a log line ([`LOG_LINE`]). The regex runs only on lines holding `]:`
/// (every syslog match does), one of the levels in brackets (without regard to ASCII case:
/// `(?i)` matches none of their letters to a non-ASCII character), or one of the leading
/// words after nothing but non-word characters (`^\W*`; every non-ASCII character is taken for
/// one here).
fn is_log_line(raw: &str) -> bool {
    let b = raw.as_bytes();
    let level = || {
        memchr::memchr_iter(b'[', b).any(|i| {
            [
                "emerg", "alert", "crit", "error", "err", "warn", "warning", "notice", "info",
                "debug",
            ]
            .iter()
            .any(|w| {
                b.get(i + 1..i + 1 + w.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
                    && b.get(i + 1 + w.len()) == Some(&b']')
            })
        })
    };
    let leading = || {
        let first = b
            .iter()
            .position(|&c| c.is_ascii_alphanumeric() || c == b'_')
            .map_or(&[][..], |i| &b[i..]);
        // Their first letters first: most lines start with none of them.
        matches!(first.first(), Some(b'E' | b'F' | b'W' | b'C' | b'T' | b'P'))
            && ["ERROR", "FATAL", "WARN", "CRITICAL", "Traceback", "PHP"]
                .iter()
                .any(|w| first.starts_with(w.as_bytes()))
    };
    let syslog = || memchr::memchr_iter(b']', b).any(|i| b.get(i + 1) == Some(&b':'));
    (syslog() || level() || leading()) && LOG_LINE.is_match(raw)
}
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});").unwrap()
});

/// Longest quoted passage blanked, in bytes; an unclosed quote blanks nothing.
const MAX_QUOTE: usize = 400;

/// Number of words in `text` (see [`Prose::words`]). Allocates nothing.
pub fn count_words(text: &str) -> usize {
    scan::<false>(text, &mut Vec::new()).words
}

/// What one pass over a line of prose finds.
struct Scan {
    /// See [`Prose::words`].
    words: usize,
    /// The line holds `ſ` or the Kelvin sign (see [`Prose::folds`]).
    folds: bool,
    /// The line holds a mark that may open a quote ([`has_opening_quote`]).
    quote: bool,
    /// The line is empty or all white space ([`is_blank`]).
    blank: bool,
}

/// Counts the words of `text` (see [`Prose::words`]), finds its `ſ`, Kelvin signs and quote
/// marks, and appends its word starts to `starts` ([`WordStarts`]) when `STARTS`.
fn scan<const STARTS: bool>(text: &str, starts: &mut Vec<WordStarts>) -> Scan {
    // Runs of non-white-space (as `char::is_whitespace` has it) holding a letter or digit
    // (`char::is_alphanumeric`), 64 bytes at a time ([`blocks64`]); the blocks with a non-ASCII
    // byte have the classes of their non-ASCII characters added ([`non_ascii_classes`]).
    let b = text.as_bytes();
    let mut words = 0;
    let mut rare = Rare::default();
    // The quote marks, ampersands and non-white-space bytes of the blocks, or'ed (tested once
    // at the end).
    let (mut quotes, mut ampersands, mut runs) = (0u32, 0u32, 0u64);
    // 1 when the current run of non-white-space holds a letter or digit.
    let mut alphanumeric = 0u64;
    // 1 when the previous byte is an ASCII letter, digit or `_` (for the word starts).
    let mut after_word = 0;
    // The bytes of the block that continue a white-space character of the block before.
    let mut space_on = 0u64;
    for (i, n, mut c) in blocks64(b) {
        // With `run` the bits of the non-white-space bytes and `alnum` those of the letters and
        // digits (a subset), adding them (and 1 for a run with a letter or digit that goes on
        // from before) carries each run holding one to the bit just past the run's end, outside
        // `run`: one such bit per word that ends among the `n` bytes, and bit `n` for such a
        // run that goes on past them.
        let keep = u64::MAX >> (64 - n);
        c.space |= space_on;
        space_on = 0;
        if c.non_ascii != 0 {
            space_on = non_ascii_classes(text, i, &mut c, &mut rare);
        }
        let run = !c.space & keep;
        runs |= run;
        let sum = u128::from(run) + u128::from(c.alnum) + u128::from(alphanumeric);
        words += (sum as u64 & !run & keep).count_ones() as usize;
        alphanumeric = (sum >> n) as u64 & 1;
        let at = word_start_bits(&c, after_word);
        after_word = c.word >> 63;
        if STARTS && at != 0 {
            starts.push(WordStarts {
                at: i as u32,
                bits: at,
            });
        }
        quotes |= c.quote;
        ampersands |= c.ampersand;
    }
    words += alphanumeric as usize;
    let blank = runs == 0;
    let quote = rare.quote || quotes != 0;
    if ampersands != 0 {
        // Entities are left out.
        words = ENTITY
            .replace_all(text, " ")
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    Scan {
        words,
        folds: rare.folds,
        quote,
        blank,
    }
}

/// What the non-ASCII characters of a line show: `ſ` or the Kelvin sign ([`Scan::folds`]), a
/// quote mark ([`Scan::quote`]).
#[derive(Default)]
struct Rare {
    folds: bool,
    quote: bool,
}

/// Adds the classes of the non-ASCII characters that start in the block of `text` at `at`
/// (`c`, its [`classes64`](super::word::classes64)) to `c`: each white-space character's bytes
/// to `c.space`, the first byte of each letter or digit to `c.alnum` (the other bytes of a
/// character are in no class: not white space, so in the same run). Returns the bytes of the
/// next block that continue a white-space character of this one. One step per character,
/// without a branch on its class for the characters of [`common_class_of`].
#[inline(never)]
fn non_ascii_classes(text: &str, at: usize, c: &mut Classes64, rare: &mut Rare) -> u64 {
    let b = text.as_bytes();
    let (mut space_on, mut folds, mut quote) = (0, false, false);
    let mut m = c.non_ascii;
    while m != 0 {
        let p = m.trailing_zeros();
        let lead = b[at + p as usize];
        // Bytes that continue a character of the block before.
        if lead < 0xC0 {
            m &= m - 1;
            continue;
        }
        let len = 2 + u32::from(lead >= 0xE0) + u32::from(lead >= 0xF0);
        // The character's bytes in this block, and in the next.
        let ones = (1u64 << len) - 1;
        let (here, next) = (ones << p, (ones >> 1) >> (63 - p));
        m &= !here;
        // The code point, from the character's bytes (the text is UTF-8).
        let x = load4(b, at + p as usize);
        let all = (x & (0x7F >> len)) << 18
            | (x >> 8 & 0x3F) << 12
            | (x >> 16 & 0x3F) << 6
            | (x >> 24 & 0x3F);
        let u = all >> (6 * (4 - len));
        // One branch, on whether the character is common (nearly always): `black_box` keeps
        // the compiler from splitting the test of the ranges into a branch per range, which
        // the mix of characters in a line would mispredict.
        let common = common_class_of(u);
        let (space, alphanumeric) = if std::hint::black_box(common.is_some()) {
            common.unwrap_or_default()
        } else {
            uncommon_class(u)
        };
        let space = 0u64.wrapping_sub(u64::from(space));
        c.space |= here & space;
        space_on |= next & space;
        c.alnum |= u64::from(alphanumeric) << p;
        // `ſ`, the Kelvin sign; `“`, `„`, `‘`, `«`.
        folds |= (u == 0x17F) | (u == 0x212A);
        quote |= (u.wrapping_sub(0x2018) < 7 && 0b101_0001 >> (u - 0x2018) & 1 != 0) | (u == 0xAB);
    }
    rare.folds |= folds;
    rare.quote |= quote;
    space_on
}

/// Whether the character `u` (a code point of the text) is white space and whether it is a
/// letter or digit, from the Unicode tables: for the characters [`common_class_of`] leaves out.
#[cold]
#[inline(never)]
fn uncommon_class(u: u32) -> (bool, bool) {
    let ch = char::from_u32(u).unwrap_or(' ');
    (ch.is_whitespace(), ch.is_alphanumeric())
}

/// Whether the non-ASCII character `u` (a code point) is white space ([`char::is_whitespace`]) and whether it is
/// a letter or digit ([`char::is_alphanumeric`]), for the blocks common in prose, without the
/// Unicode tables: Latin-1 letters (U+00C0..=U+00FF), punctuation (dashes, quotes, bullets,
/// U+2010..=U+2027 and U+2030..=U+205E), arrows (U+2190..=U+21FF), dingbats (U+2700..=U+2775)
/// and pictographs (U+1F300..=U+1FAFF), without a branch. None for other characters.
#[inline(always)]
fn common_class_of(u: u32) -> Option<(bool, bool)> {
    let within = |lo: u32, hi: u32| u.wrapping_sub(lo) <= hi - lo;
    // All letters but `×` and `÷`.
    let latin = within(0xC0, 0xFF);
    let other = within(0x2010, 0x2027)
        | within(0x2030, 0x205E)
        | within(0x2190, 0x21FF)
        | within(0x2700, 0x2775)
        | within(0x1F300, 0x1FAFF);
    (latin | other).then_some((false, latin & (u != 0xD7) & (u != 0xF7)))
}

/// [`common_class_of`] of a character.
#[cfg(test)]
fn common_class(c: char) -> Option<(bool, bool)> {
    common_class_of(u32::from(c))
}

/// Whether `text` holds a mark that may open a quote: `"`, `'`, `“`, `„`, `‘` or `«`.
fn has_opening_quote(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'"', b'\'', 0xE2, b)
        .any(|i| b[i] != 0xE2 || matches!(b.get(i + 1..i + 3), Some([0x80, 0x9C | 0x9E | 0x98])))
        || memchr::memchr_iter(0xC2, b).any(|i| b.get(i + 1) == Some(&0xAB))
}

/// Byte ranges of quoted passages in `text`, quote marks included.
pub fn quoted_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    if !has_opening_quote(text) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_alphanumeric());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let close: Option<&[char]> = match c {
            '"' => Some(&['"']),
            '“' => Some(&['”', '“']),
            '„' => Some(&['“', '”']),
            '«' => Some(&['»']),
            '‘' | '\''
                if (i == 0 || !is_word(i - 1))
                    && chars.get(i + 1).is_some_and(|&(_, n)| !n.is_whitespace()) =>
            {
                Some(if c == '\'' { &['\''] } else { &['’'] })
            }
            _ => None,
        };
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let single = matches!(c, '\'' | '‘');
        let end = (i + 1..chars.len())
            .take_while(|&j| chars[j].0 - at <= MAX_QUOTE)
            .find(|&j| {
                close.contains(&chars[j].1)
                    && (!single || (!is_word(j + 1) && !chars[j - 1].1.is_whitespace()))
            });
        match end {
            Some(j) => {
                out.push(at..chars[j].0 + chars[j].1.len_utf8());
                i = j + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Whether `text` is empty or all white space (as [`str::trim`] has it). An ASCII byte other
/// than white space settles it without decoding (the first byte, on most lines).
fn is_blank(text: &str) -> bool {
    !text
        .bytes()
        .any(|b| b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '))
        && text.trim().is_empty()
}

/// Extracts the document's prose.
pub fn build(pm: &Postmortem) -> Prose {
    let is_prose = |kind: &BlockKind| !matches!(kind, BlockKind::Code | BlockKind::ThematicBreak);
    let mut prose = Prose {
        lines: Vec::with_capacity(
            (pm.markdown.blocks.iter())
                .filter(|b| is_prose(&b.kind))
                .map(|b| b.lines.len())
                .sum(),
        ),
        word_starts: Vec::with_capacity(pm.source.text.len() / 48),
        ..Prose::default()
    };
    for (bi, block) in pm.markdown.blocks.iter().enumerate() {
        if !is_prose(&block.kind) {
            continue;
        }
        let first = prose.lines.len();
        let mut quote = false;
        for (index, l) in block.lines.iter().enumerate() {
            let from = prose.word_starts.len() as u32;
            let scan = scan::<true>(l.text(), &mut prose.word_starts);
            if scan.blank {
                continue;
            }
            prose.words += scan.words;
            prose.folds |= scan.folds;
            quote |= scan.quote;
            prose.lines.push(ProseLine {
                block: bi,
                line: l.line,
                start: l.start,
                index,
                blanked: None,
                in_quote: block.in_quote,
                words: (from, prose.word_starts.len() as u32),
            });
        }
        // Quotes may run over the lines of a paragraph: find them in the joined block text.
        // Without a quote mark, each line's own words are its text.
        if quote {
            let mut joined = String::new();
            for l in &block.lines {
                joined.push_str(l.text());
                joined.push('\n');
            }
            let quoted = quoted_ranges(&joined);
            let mut own = joined.into_bytes();
            for r in quoted {
                for b in &mut own[r] {
                    if *b != b'\n' {
                        *b = b' ';
                    }
                }
            }
            let own = String::from_utf8(own).unwrap_or_default();
            let mut lines = prose.lines[first..].iter_mut();
            let mut off = 0;
            for l in &block.lines {
                let at = off;
                off += l.text().len() + 1;
                if is_blank(l.text()) {
                    continue;
                }
                if let Some(line) = lines.next() {
                    line.blanked = Some(own[at..at + l.text().len()].to_string());
                }
            }
        }
    }
    prose
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::ascii_regex::folds_to_ascii;
    use crate::profile::Profile;
    use crate::source::SourceFile;

    fn prose(md: &str) -> Prose {
        with_prose(md, |_, prose| prose)
    }

    /// Calls `f` with the document's markdown and prose.
    fn with_prose<T>(md: &str, f: impl FnOnce(&Markdown, Prose) -> T) -> T {
        let src = SourceFile::new("t.md", md);
        let profile = Profile::built_in("default").unwrap();
        let pm = Postmortem::build(&src, &profile, None);
        f(&pm.markdown, build(&pm))
    }

    #[test]
    fn words_leave_out_code_urls_tags_and_images() {
        let p = prose("# Title here\n\nSee [the doc](https://x.io/a) at https://y.io and `curl -v`.\n\n```\nnot counted at all\n```\n\n<p>two words</p>\n\n![alt text](i.png) | - 14:00 &nbsp;\n");
        // Title here / See the doc at and . / two words / 14:00
        assert_eq!(p.words, 2 + 5 + 2 + 1);
    }

    #[test]
    fn quotes_are_not_the_authors_own_words() {
        let q = |s: &str| {
            quoted_ranges(s)
                .into_iter()
                .map(|r| s[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(q(r#"it said "human error" twice"#), [r#""human error""#]);
        assert_eq!(
            q("the “careless” bit and 'forgot to' here"),
            ["“careless”", "'forgot to'"]
        );
        assert!(q("don't blame the engineers' laptops, it's fine").is_empty());
        with_prose(
            "He wrote \"you forgot\nto restart\" then left.\n",
            |md, p| {
                assert!(!p.lines[0].own(md).contains("forgot"));
                assert!(!p.lines[1].own(md).contains("restart"));
                assert!(p.lines[1].own(md).contains("left"));
            },
        );
        with_prose("No quote here.\n", |md, p| {
            assert_eq!(p.lines[0].own(md), "No quote here.");
        });
    }

    #[test]
    fn fast_paths_agree_with_the_regexes() {
        let log_line = Regex::new(LOG_LINE.as_str()).unwrap();
        let words = |text: &str| {
            ENTITY
                .replace_all(text, " ")
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        let check = |line: &str| {
            assert_eq!(is_log_line(line), log_line.is_match(line), "{line:?}");
            assert_eq!(is_blank(line), line.trim().is_empty(), "{line:?}");
            assert_eq!(count_words(line), words(line), "{line:?}");
            let mut starts = Vec::new();
            let scanned = scan::<true>(line, &mut starts);
            let mut want = Vec::new();
            crate::facts::word::word_starts(line, &mut want);
            assert!(
                WordStarts::offsets(&starts).eq(WordStarts::offsets(&want)),
                "{line:?}"
            );
            assert_eq!(scanned.folds, folds_to_ascii(line), "{line:?}");
            assert_eq!(scanned.quote, has_opening_quote(line), "{line:?}");
            assert_eq!(scanned.blank, is_blank(line), "{line:?}");
        };
        for b in 0..=127u8 {
            let c = b as char;
            check(&format!("a{c}b {c}"));
            // Longer lines, at every alignment against the 64-byte blocks.
            for pad in 0..66 {
                let x = "x".repeat(pad);
                check(&format!("{x}{c}{c} wo{c}rd  {c}x{c}{c}y 12{c} - {c}é {x}"));
                check(&format!("{c}{x} é{c} {x}{c}{c}{c}{c}{c}{c}{c}{c}{c}a"));
                // Characters of two to four bytes, white space among them, across the ends of
                // the 16-byte chunks.
                check(&format!(
                    "{x}🚀{c}→ ✓x\u{a0}—é\u{3000}🚀🚀 \u{2003}ſ«{c}» 日本{c}"
                ));
                check(&format!("{x}\u{3000}日{c}\u{85}é\u{a0}🚀x{c}\u{2028}é"));
            }
        }
        let samples = [
            "nginx[31101]: [emerg] invalid",
            "  -- [Warning] disk full",
            "» ERROR: it failed",
            "_WARNING x",
            "PHP\u{a0}Fatal error",
            "x &amp; y &#1234; z",
            "naïve — café\u{a0}résumé 🚀 ✓ 14:00\u{3000}end\u{85}",
            "carele\u{17f}\u{17f} \u{212a}nown x&amp;\u{17f}",
            "[error rate](https://x.io/e) [ERROR] [Info]x",
        ];
        samples.iter().for_each(|line| check(line));
        crate::facts::ascii_regex::check::agrees_with_regex_crate(&LOG_LINE, &samples[..5]);
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
        }
        // Characters of one to four bytes (white space, letters, digits, neither, `ſ`, quote
        // marks, entities) across the ends of the 64-byte blocks.
        let pieces = [
            "a",
            "Z9",
            " ",
            "  ",
            "x",
            "_",
            "-",
            "'",
            "\"",
            "&amp;",
            "&",
            "é",
            "\u{a0}",
            "\u{85}",
            "\u{3000}",
            "\u{2003}",
            "\u{2028}",
            "—",
            "“",
            "„",
            "‘",
            "«",
            "»",
            "🚀",
            "日本",
            "ſ",
            "\u{212a}",
            "٣",
            "\t",
            "word",
            "longer words here ",
        ];
        for text in crate::test_texts::random(&pieces, 20_000, 60, 7) {
            check(&text);
        }
    }

    #[test]
    fn common_classes_agree_with_the_unicode_tables() {
        let mut checked = 0;
        for c in (0x80..0x11_0000).filter_map(char::from_u32) {
            if let Some(class) = common_class(c) {
                assert_eq!(class, (c.is_whitespace(), c.is_alphanumeric()), "{c:?}");
                checked += 1;
            }
        }
        assert!(checked > 2000, "{checked}");
    }

    #[test]
    fn log_lines_are_recognised() {
        let md =
            "nginx[31101]: [emerg] invalid number of arguments\n\nThe engineer restarted it.\n";
        with_prose(md, |md, p| {
            assert!(p.lines[0].is_log(md));
            assert!(!p.lines[1].is_log(md));
        });
    }
}
