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

/// Appends the words of `text` (runs of characters that are neither white space, as
/// [`char::is_whitespace`] has it, nor `sep`) to `out`, each after one space unless `out` is
/// empty: what `split(…)`, dropping empty pieces, and `join(" ")` give, without the vector. ASCII
/// text is copied word by word (white space and `sep` are then single bytes).
pub fn push_words(out: &mut String, text: &str, sep: impl Fn(char) -> bool) {
    if !super::ascii_regex::has_non_ascii(text.as_bytes()) {
        let b = text.as_bytes();
        let split = |c: u8| c == b' ' || (b'\t'..=b'\r').contains(&c) || sep(char::from(c));
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && split(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !split(b[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                // Both ends are ASCII bytes of the text: char boundaries.
                out.push_str(&text[start..i]);
            }
        }
        return;
    }
    let mut space = true;
    for c in text.chars() {
        if c.is_whitespace() || sep(c) {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
}

/// [`push_words`] into a new string.
pub fn join_words(text: &str, sep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_words(&mut out, text, sep);
    out
}

/// A set of ASCII words, found without regard to ASCII case at word starts: positions whose
/// byte is an ASCII letter and whose previous byte, if any, is not an ASCII letter, digit or `_`.
/// A word is found where the text starts with it, whatever follows (`negligen` is found in
/// `negligently`), so words are also prefixes of words.
///
/// One pass over the text 16 bytes at a time ([`classes16`]), then a bit test of the [`key`] of
/// the first three bytes at each word start, and for the few that pass a test of the first two
/// bytes and a comparison with the words: cheaper than an Aho-Corasick automaton, whose
/// case-insensitive search of a few dozen words has no fast prefilter. Three bytes rather than
/// two because common openings (`re`, `co`, `in`) start words of many sets.
pub struct WordSet {
    words: Vec<Word>,
    /// Bit `first + 256 * second` (raw bytes, either ASCII case): some word starts with these
    /// two letters.
    pairs: Box<[u64; 1024]>,
    /// Bit [`key`] of the first three bytes of each word (of every third byte for a word of two
    /// letters, which is found whatever follows it). Text that starts with a word without regard
    /// to ASCII case has the word's key: [`key`] reads only the low five bits of each byte, the
    /// same for both cases of a letter. Other text may have it too ([`WordSet::starting`]
    /// compares the bytes).
    keys: Box<[u64; KEY_WORDS]>,
    /// `order[start[p]..start[p + 1]]`: indexes into `words` of the words starting with the
    /// lowercase letter pair `p = 26 * first + second`, in the order given to [`WordSet::new`].
    start: Vec<u16>,
    order: Vec<u16>,
}

/// A word, and its first (up to) eight bytes with ASCII letters lowered ([`lower8`]), for a
/// quick comparison.
struct Word {
    bytes: &'static [u8],
    head: u64,
    mask: u64,
}

/// `0..26` for an ASCII letter of either case, 255 for other bytes.
static LETTER: [u8; 256] = {
    let mut t = [255; 256];
    let mut c = 0;
    while c < 26 {
        t[b'a' as usize + c] = c as u8;
        t[b'A' as usize + c] = c as u8;
        c += 1;
    }
    t
};

/// Number of `u64` in [`WordSet::keys`]: one bit per 15-bit [`key`].
const KEY_WORDS: usize = (1 << 15) / 64;

/// The key of three bytes, 15 bits: a multiplicative hash of the low five bits of each (`x`: the
/// bytes, the first in bits `0..8`, the second in `8..16`, the third in `16..24`; higher bits
/// are ignored), three instructions. Bytes that agree in their low five bits (the two cases of
/// an ASCII letter) have the same key; other bytes may share one too (the key only rules out).
#[inline(always)]
fn key(x: u32) -> usize {
    ((x & 0x1F_1F1F).wrapping_mul(0x9E37_79B1) >> 17) as usize
}

/// Bytes `at..at + 4` of `b` as a little-endian `u32`, with zero bytes past the end.
#[inline(always)]
pub(crate) fn load4(b: &[u8], at: usize) -> u32 {
    let load = |s: &[u8]| u32::from_le_bytes(s.try_into().unwrap_or_default());
    match b.get(at..at + 4) {
        Some(s) => load(s),
        // The last four bytes shifted down to start at `at`, zeros shifted in.
        None if at < b.len() && b.len() >= 4 => load(&b[b.len() - 4..]) >> (8 * (at + 4 - b.len())),
        None => load8(b, at) as u32,
    }
}

/// Each byte `0x01`.
const LO: u64 = 0x0101_0101_0101_0101;
/// Each byte `0x80`.
const HI: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `x` with the ASCII capital letters lowered, other bytes as they are (what
/// [`u8::to_ascii_lowercase`] does to each). Exact for every byte, as [`ascii_classes`] is.
#[inline(always)]
fn lower8(x: u64) -> u64 {
    let y = x & !HI;
    let upper = ((y | HI) - u64::from(b'A') * LO) & ((u64::from(b'Z') + 0x80) * LO - y) & !x & HI;
    // Bit 7 of each capital letter's byte moved to bit 5.
    x | upper >> 2
}

/// Classes of the eight bytes of `x` (byte `i` of the text is bits `8 i..8 i + 8`): bit 7 of a
/// byte of each result is set when the byte is an ASCII letter, an ASCII digit, `_`, or ASCII
/// white space as [`char::is_whitespace`] has it (`\t`, `\n`, `\x0B`, `\x0C`, `\r`, space).
/// Non-ASCII bytes are in no class. Exact for every byte: the per-byte sums and differences
/// below never carry or borrow into the next byte (each operand byte has bit 7 clear, or is
/// offset by `0x80`).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
pub(crate) fn ascii_classes(x: u64) -> AsciiClasses {
    let ascii = !x & HI;
    let y = x & !HI;
    // `y | 0x20` is in `a..=z` exactly for the letters of either case.
    let z = y | (0x20 * LO);
    let in_range = |v: u64, lo: u8, hi: u8| {
        ((v | HI) - u64::from(lo) * LO) & ((u64::from(hi) + 0x80) * LO - v) & HI
    };
    let letter = in_range(z, b'a', b'z') & ascii;
    let digit = in_range(y, b'0', b'9') & ascii;
    let eq = |v: u64, c: u8| {
        let t = v ^ (u64::from(c) * LO);
        !((t & !HI).wrapping_add(!HI) | t) & HI
    };
    let underscore = eq(y, b'_') & ascii;
    let space = (in_range(y, b'\t', b'\r') | eq(y, b' ')) & ascii;
    AsciiClasses {
        letter,
        digit,
        underscore,
        space,
    }
}

/// See [`ascii_classes`].
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub(crate) struct AsciiClasses {
    pub letter: u64,
    pub digit: u64,
    pub underscore: u64,
    pub space: u64,
}

/// Bit `i` set when bit 7 of byte `i` of `m` is (`m`: bits only at bit 7 of bytes).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
pub(crate) fn byte_bits(m: u64) -> u32 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// Bytes `at..at + 8` of `b` as a little-endian `u64`, with zero bytes past the end.
#[inline]
pub(crate) fn load8(b: &[u8], at: usize) -> u64 {
    let load = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or_default());
    match b.get(at..at + 8) {
        Some(s) => load(s),
        // The last eight bytes shifted down to start at `at`, zeros shifted in.
        None if at < b.len() && b.len() >= 8 => load(&b[b.len() - 8..]) >> (8 * (at + 8 - b.len())),
        // Fewer than eight bytes in all: two fixed-size reads that overlap (the first and the
        // last four, or two), not a copy of the tail to a buffer (a `memcpy` of variable length).
        None => {
            let rest = b.get(at..).unwrap_or_default();
            let n = rest.len();
            let two = |s: &[u8]| u64::from(u16::from_le_bytes([s[0], s[1]]));
            if n >= 4 {
                let four = |s: &[u8]| u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
                four(rest) | four(&rest[n - 4..]) << (8 * (n - 4))
            } else if n >= 2 {
                two(rest) | two(&rest[n - 2..]) << (8 * (n - 2))
            } else {
                rest.first().map_or(0, |&c| u64::from(c))
            }
        }
    }
}

/// Classes of 16 bytes of text, bit `i` for byte `i` (see [`classes16`]).
pub(crate) struct Classes16 {
    /// ASCII letters.
    pub letter: u32,
    /// ASCII letters, digits and `_`.
    pub word: u32,
    /// ASCII letters and digits.
    pub alnum: u32,
    /// ASCII white space as [`char::is_whitespace`] has it (`\t`, `\n`, `\x0B`, `\x0C`, `\r`,
    /// space).
    pub space: u32,
    /// Bytes `0x80..=0xFF`.
    pub non_ascii: u32,
    /// `&`.
    pub ampersand: u32,
    /// `"` and `'`.
    pub quote: u32,
}

/// Classes of bytes `at..at + 16` of `b`, bytes past the end taken as zero (a byte in no class).
#[inline(always)]
pub(crate) fn classes16(b: &[u8], at: usize) -> Classes16 {
    let x = load16(b, at);
    classes_of(x as u64, (x >> 64) as u64)
}

/// Bytes `at..at + 16` of `b` as a little-endian `u128`, with zero bytes past the end.
#[inline(always)]
fn load16(b: &[u8], at: usize) -> u128 {
    let load = |s: &[u8]| u128::from_le_bytes(s.try_into().unwrap_or_default());
    // Two comparisons (`at <= len`, then 16 bytes left) rather than the overflow test of
    // `at + 16` as well.
    match b.get(at..).and_then(|s| s.first_chunk::<16>()) {
        Some(s) => u128::from_le_bytes(*s),
        // The last 16 bytes shifted down to start at `at` (zeros shifted in), without copying
        // the tail to a buffer: the end of every line of 16 bytes or more.
        None if at < b.len() && b.len() >= 16 => {
            load(&b[b.len() - 16..]) >> (8 * (at + 16 - b.len()))
        }
        None => u128::from(load8(b, at)) | u128::from(load8(b, at + 8)) << 64,
    }
}

/// [`classes16`] of the bytes of `lo` then `hi` (little-endian), with SSE2 (part of every
/// x86-64 CPU): a compare per class and 16 bytes at once.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn classes_of(lo: u64, hi: u64) -> Classes16 {
    use std::arch::x86_64::*;
    // SSE2 is part of the x86-64 baseline: every x86-64 CPU has it, and Rust's x86-64 targets
    // enable it.
    const _: () = assert!(cfg!(target_feature = "sse2"));
    // SAFETY: the intrinsics need SSE2 and nothing else (no pointers are read).
    unsafe {
        let v = _mm_set_epi64x(hi as i64, lo as i64);
        let splat = |c: u8| _mm_set1_epi8(c as i8);
        // Bytes in `lo..=hi`: adding `0x80 - lo` maps that range, and only it, to the lowest
        // `hi - lo + 1` signed bytes.
        let in_range = |v: __m128i, lo: u8, hi: u8| {
            _mm_cmplt_epi8(
                _mm_add_epi8(v, splat(0x80u8.wrapping_sub(lo))),
                splat(0x80 + (hi - lo) + 1),
            )
        };
        let bits = |m: __m128i| _mm_movemask_epi8(m) as u32 & 0xFFFF;
        // `b | 0x20` is in `a..=z` exactly for the ASCII letters of either case (a byte of
        // `0x80..` stays one).
        let letter = in_range(_mm_or_si128(v, splat(0x20)), b'a', b'z');
        let alnum = _mm_or_si128(letter, in_range(v, b'0', b'9'));
        let word = _mm_or_si128(alnum, _mm_cmpeq_epi8(v, splat(b'_')));
        let space = _mm_or_si128(in_range(v, b'\t', b'\r'), _mm_cmpeq_epi8(v, splat(b' ')));
        Classes16 {
            letter: bits(letter),
            word: bits(word),
            alnum: bits(alnum),
            space: bits(space),
            non_ascii: bits(v),
            ampersand: bits(_mm_cmpeq_epi8(v, splat(b'&'))),
            quote: bits(_mm_or_si128(
                _mm_cmpeq_epi8(v, splat(b'"')),
                _mm_cmpeq_epi8(v, splat(b'\'')),
            )),
        }
    }
}

/// [`classes16`] of the bytes of `lo` then `hi` (little-endian), eight at a time
/// ([`ascii_classes`]).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn classes_of(lo: u64, hi: u64) -> Classes16 {
    let (a, b) = (ascii_classes(lo), ascii_classes(hi));
    let join = |x: u64, y: u64| byte_bits(x) | byte_bits(y) << 8;
    Classes16 {
        letter: join(a.letter, b.letter),
        word: join(
            a.letter | a.digit | a.underscore,
            b.letter | b.digit | b.underscore,
        ),
        alnum: join(a.letter | a.digit, b.letter | b.digit),
        space: join(a.space, b.space),
        non_ascii: join(lo & HI, hi & HI),
        ampersand: bytes_equal(lo, hi, b'&'),
        quote: bytes_equal(lo, hi, b'"') | bytes_equal(lo, hi, b'\''),
    }
}

/// Bit `i` set when byte `i` of `lo` then `hi` (little-endian) is `c`.
#[cfg(not(target_arch = "x86_64"))]
fn bytes_equal(lo: u64, hi: u64, c: u8) -> u32 {
    (0..16).fold(0, |acc, i| {
        let x = if i < 8 {
            lo >> (8 * i)
        } else {
            hi >> (8 * (i - 8))
        };
        acc | u32::from(x as u8 == c) << i
    })
}

/// Classes of 64 bytes of text, bit `i` for byte `i` (see [`classes64`]).
pub(crate) struct Classes64 {
    /// ASCII letters.
    pub letter: u64,
    /// ASCII letters, digits and `_`.
    pub word: u64,
    /// ASCII letters and digits.
    pub alnum: u64,
    /// ASCII white space as [`char::is_whitespace`] has it.
    pub space: u64,
    /// Bytes `0x80..=0xFF`.
    pub non_ascii: u64,
    /// Not zero when one of the bytes is `&`.
    pub ampersand: u32,
    /// Not zero when one of the bytes is `"` or `'`.
    pub quote: u32,
}

/// Classes of the 64 bytes of `x` ([`classes16`] of each quarter, joined).
#[inline(always)]
pub(crate) fn classes64(x: &[u8; 64]) -> Classes64 {
    let lane = |j: usize| {
        let q = |k: usize| u64::from_le_bytes(*x[8 * k..].first_chunk::<8>().unwrap_or(&[0; 8]));
        classes_of(q(2 * j), q(2 * j + 1))
    };
    let l = [lane(0), lane(1), lane(2), lane(3)];
    let join = |f: fn(&Classes16) -> u32| {
        u64::from(f(&l[0]))
            | u64::from(f(&l[1])) << 16
            | u64::from(f(&l[2])) << 32
            | u64::from(f(&l[3])) << 48
    };
    Classes64 {
        letter: join(|c| c.letter),
        word: join(|c| c.word),
        alnum: join(|c| c.alnum),
        space: join(|c| c.space),
        non_ascii: join(|c| c.non_ascii),
        ampersand: l[0].ampersand | l[1].ampersand | l[2].ampersand | l[3].ampersand,
        quote: l[0].quote | l[1].quote | l[2].quote | l[3].quote,
    }
}

/// The blocks of 64 bytes of a text, in order: for each, `(at, n, classes)` with `at` its
/// offset, `n` its length (64, less for the last block) and `classes` the [`classes64`] of its
/// bytes, bits past `n` clear in each class but [`Classes64::ampersand`] and
/// [`Classes64::quote`] (of the last block of a text of 64 bytes or more, they may tell of
/// bytes before `at`). The last block of such a text is classed as its last 64 bytes, the bits
/// shifted down (no copy).
pub(crate) struct Blocks64<'b> {
    b: &'b [u8],
    at: usize,
}

/// [`Blocks64`] of `b`.
#[inline(always)]
pub(crate) fn blocks64(b: &[u8]) -> Blocks64<'_> {
    Blocks64 { b, at: 0 }
}

impl Iterator for Blocks64<'_> {
    type Item = (usize, usize, Classes64);

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let (b, at) = (self.b, self.at);
        if at >= b.len() {
            return None;
        }
        self.at = at + 64;
        let n = (b.len() - at).min(64);
        // The block's bytes, or the last 64 of the text (`s` bytes before the block's), or the
        // bytes of a text shorter than 64 followed by zeros: one place classes them all.
        let short;
        let (bytes, s) = match b.get(at..).and_then(|s| s.first_chunk::<64>()) {
            Some(block) => (block, 0),
            None => match b.last_chunk::<64>() {
                Some(last) => (last, 64 - n),
                None => {
                    short = short64(b);
                    (&short, 0)
                }
            },
        };
        let c = classes64(bytes);
        let c = Classes64 {
            letter: c.letter >> s,
            word: c.word >> s,
            alnum: c.alnum >> s,
            space: c.space >> s,
            non_ascii: c.non_ascii >> s,
            ..c
        };
        Some((at, n, c))
    }
}

/// `b` (fewer than 64 bytes) with zeros (a byte in no class of [`classes64`]) after it.
#[inline(never)]
fn short64(b: &[u8]) -> [u8; 64] {
    let mut buf = [0; 64];
    let n = b.len().min(64);
    buf[..n].copy_from_slice(&b[..n]);
    buf
}

/// The word starts among up to 64 bytes of a text (where [`WordSet::find`] looks: an ASCII
/// letter whose previous byte, if any, is not an ASCII letter, digit or `_`): bit `i` of `bits`
/// set when byte `at + i` starts a word. A block rather than one entry per word, so that the
/// pass finding them stores once per 64 bytes ([`WordSet::find_at`] reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordStarts {
    /// Byte offset in the text of the first of the bytes.
    pub at: u32,
    pub bits: u64,
}

impl WordStarts {
    /// The byte offsets of the word starts in `chunks`, in order.
    pub fn offsets(chunks: &[WordStarts]) -> impl Iterator<Item = usize> + '_ {
        chunks.iter().flat_map(|c| {
            let at = c.at as usize;
            (0..64)
                .filter(move |i| c.bits >> i & 1 != 0)
                .map(move |i| at + i)
        })
    }
}

/// Bit `i` set when byte `i` of the 64 bytes classed in `c` starts a word (see [`WordStarts`]).
/// `after_word`: 1 when the byte before them is an ASCII letter, digit or `_`, else 0.
#[inline(always)]
pub(crate) fn word_start_bits(c: &Classes64, after_word: u64) -> u64 {
    c.letter & !((c.word << 1) | after_word)
}

/// Appends the word starts of `text` to `out`, in order (what [`WordSet::find`] looks at),
/// blocks without one left out.
pub fn word_starts(text: &str, out: &mut Vec<WordStarts>) {
    let mut after_word = 0;
    for (at, _, c) in blocks64(text.as_bytes()) {
        let starts = word_start_bits(&c, after_word);
        after_word = c.word >> 63;
        if starts != 0 {
            out.push(WordStarts {
                at: at as u32,
                bits: starts,
            });
        }
    }
}

impl WordSet {
    /// `words`: each at least two bytes, starting with two ASCII letters, all ASCII, no NUL.
    pub fn new(words: &[&'static str]) -> Self {
        let mut pairs = Box::new([0u64; 1024]);
        let mut keys = Box::new([0u64; KEY_WORDS]);
        for w in words {
            let b = w.as_bytes();
            assert!(
                w.is_ascii()
                    && !b.contains(&0)
                    && b.len() >= 2
                    && b[..2].iter().all(u8::is_ascii_alphabetic),
                "{w}"
            );
            let thirds = match b.get(2) {
                Some(&c) => u32::from(c)..=u32::from(c),
                None => 0..=31,
            };
            for first in [b[0].to_ascii_lowercase(), b[0].to_ascii_uppercase()] {
                for second in [b[1].to_ascii_lowercase(), b[1].to_ascii_uppercase()] {
                    let bit = usize::from(first) + 256 * usize::from(second);
                    pairs[bit / 64] |= 1 << (bit % 64);
                }
            }
            for third in thirds {
                let k = key(u32::from(b[0]) | u32::from(b[1]) << 8 | third << 16);
                keys[k / 64] |= 1 << (k % 64);
            }
        }
        let pair = |w: &str| {
            let b = w.as_bytes();
            26 * usize::from(LETTER[b[0] as usize]) + usize::from(LETTER[b[1] as usize])
        };
        // A stable sort keeps the given order among the words of a pair.
        let mut order: Vec<u16> = (0..u16::try_from(words.len()).expect("word count")).collect();
        order.sort_by_key(|&i| pair(words[usize::from(i)]));
        let mut start = vec![0u16; 26 * 26 + 1];
        for w in words {
            start[pair(w) + 1] += 1;
        }
        for p in 0..26 * 26 {
            start[p + 1] += start[p];
        }
        let words = words
            .iter()
            .map(|w| {
                let b = w.as_bytes();
                let n = b.len().min(8);
                Word {
                    bytes: b,
                    head: lower8(load8(&b[..n], 0)),
                    mask: u64::MAX >> (64 - 8 * n),
                }
            })
            .collect();
        WordSet {
            words,
            pairs,
            keys,
            start,
            order,
        }
    }

    /// Calls `found(i, range)` for each occurrence of `words[i]` at a word start of `text`, in
    /// order of position (words found at one position in the order of `words`).
    pub fn find(&self, text: &str, mut found: impl FnMut(usize, std::ops::Range<usize>)) {
        let b = text.as_bytes();
        // 1 when the byte before the block is a word character (ASCII letter, digit or `_`).
        let mut after_word = 0;
        for (at, _, c) in blocks64(b) {
            let starts = word_start_bits(&c, after_word);
            after_word = c.word >> 63;
            self.find_in(b, at, starts, &mut found);
        }
    }

    /// [`WordSet::find`] with the word starts of `text` already found: `starts` must hold all
    /// of them, in order ([`word_starts`]).
    #[inline]
    pub fn find_at(
        &self,
        text: &str,
        starts: &[WordStarts],
        mut found: impl FnMut(usize, std::ops::Range<usize>),
    ) {
        let b = text.as_bytes();
        for c in starts {
            self.find_in(b, c.at as usize, c.bits, &mut found);
        }
    }

    /// Calls `found` for the words at the word starts `bits` (bit `i`: byte `at + i`) of `b`.
    #[inline(always)]
    fn find_in(
        &self,
        b: &[u8],
        at: usize,
        mut bits: u64,
        found: &mut impl FnMut(usize, std::ops::Range<usize>),
    ) {
        // The [`key`] of the first three bytes of each word start rules out most (they begin
        // with letters no word begins with); a branch on it rather than a mask of the hits
        // collected first: fewer instructions per word start, and few are taken.
        // The table in a register, not read again after each store (rustc cannot tell that
        // the closure's stores leave it alone).
        let keys = &*self.keys;
        while bits != 0 {
            let at = at + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let x = load4(b, at);
            let k = key(x);
            if keys[k / 64] >> (k % 64) & 1 != 0 {
                let found = &mut *found;
                // `at` moved in: a reference to it would keep it in memory.
                self.keyed(b, at, x, move |i, len| found(i, at..at + len));
            }
        }
    }

    /// Whether `text` starts with one of the words (without regard to ASCII case), whatever
    /// precedes it.
    pub fn starts(&self, text: &[u8]) -> bool {
        let mut found = false;
        self.starting(text, 0, |_, _| found = true);
        found
    }

    /// Whether some word starts with the first two bytes of `x` (the first in bits `0..8`)
    /// without regard to ASCII case.
    #[inline(always)]
    fn has_pair(&self, x: u32) -> bool {
        let p = (x & 0xFFFF) as usize;
        self.pairs[p / 64] >> (p % 64) & 1 != 0
    }

    /// Whether some word has the [`key`] of the first three bytes of `x`; false when the text
    /// starting with those bytes starts with no word.
    #[inline(always)]
    fn has_key(&self, x: u32) -> bool {
        let k = key(x);
        self.keys[k / 64] >> (k % 64) & 1 != 0
    }

    /// Calls `found(i, len)` for each of the words that `bytes[at..]` starts with. (The whole
    /// text rather than `bytes[at..]`: near its end the first eight bytes at `at` are read as
    /// its last eight, shifted.)
    #[inline(always)]
    fn starting(&self, bytes: &[u8], at: usize, found: impl FnMut(usize, usize)) {
        // Zeros past the end: no word has a NUL among its first two bytes, so a text of fewer
        // than two bytes has no pair.
        let x = load4(bytes, at);
        if self.has_key(x) {
            self.keyed(bytes, at, x, found);
        }
    }

    /// [`WordSet::starting`] once the [`key`] of `x`, the four bytes at `at` (zeros past the
    /// end), is known to be one of a word's.
    #[inline(never)]
    fn keyed(&self, bytes: &[u8], at: usize, x: u32, mut found: impl FnMut(usize, usize)) {
        // Some word starts with the two letters (then both are ASCII letters: every pair of
        // `pairs` is).
        if !self.has_pair(x) {
            return;
        }
        let letter = |c: u32| ((c as u8 | 0x20) - b'a') as usize;
        let pair = 26 * letter(x) + letter(x >> 8);
        // The next eight bytes (zeros past the end, which no word holds), lowered.
        let head = lower8(load8(bytes, at));
        for &i in &self.order[usize::from(self.start[pair])..usize::from(self.start[pair + 1])] {
            let w = &self.words[usize::from(i)];
            // The first eight bytes compared at once, the rest of a longer word after.
            if (head ^ w.head) & w.mask == 0
                && (w.bytes.len() <= 8
                    || bytes
                        .get(at + 8..at + w.bytes.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(&w.bytes[8..])))
            {
                found(usize::from(i), w.bytes.len());
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

    /// The word starts and words found one byte at a time, the way [`WordSet::find`] is
    /// specified.
    fn find_naive(set: &WordSet, text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let b = text.as_bytes();
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut out = Vec::new();
        for at in 0..b.len() {
            if b[at].is_ascii_alphabetic() && (at == 0 || !is_word(b[at - 1])) {
                for (i, w) in set.words.iter().enumerate() {
                    if b[at..]
                        .get(..w.bytes.len())
                        .is_some_and(|t| t.eq_ignore_ascii_case(w.bytes))
                    {
                        out.push((i, at..at + w.bytes.len()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn byte_classes_are_exact() {
        for b in 0..=255u8 {
            for at in 0..8 {
                // The byte among neighbours that might carry or borrow into it.
                for fill in [0u8, 0x7F, 0x80, 0xFF, b'a', b'_'] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let c = ascii_classes(u64::from_le_bytes(bytes));
                    let bit = |m: u64| byte_bits(m) >> at & 1 == 1;
                    assert_eq!(bit(c.letter), b.is_ascii_alphabetic(), "{b}");
                    assert_eq!(bit(c.digit), b.is_ascii_digit(), "{b}");
                    assert_eq!(bit(c.underscore), b == b'_', "{b}");
                    assert_eq!(bit(c.space), b < 0x80 && (b as char).is_whitespace(), "{b}");
                }
            }
        }
    }

    #[test]
    fn lowering_eight_bytes_is_exact() {
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [0u8, 0x7F, 0x80, 0xFF, b'A', b'Z', b'@', b'['] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let want = bytes.map(|c| c.to_ascii_lowercase());
                    assert_eq!(lower8(u64::from_le_bytes(bytes)), u64::from_le_bytes(want));
                }
            }
        }
    }

    #[test]
    fn sixteen_byte_classes_are_exact() {
        for b in 0..=255u8 {
            for at in 0..16 {
                for fill in [0u8, 0x7F, 0x80, 0xFF, b'a', b'_', b' '] {
                    let mut bytes = [fill; 16];
                    bytes[at] = b;
                    let c = classes16(&bytes, 0);
                    let bit = |m: u32| m >> at & 1 == 1;
                    assert_eq!(bit(c.letter), b.is_ascii_alphabetic(), "{b}");
                    assert_eq!(bit(c.alnum), b.is_ascii_alphanumeric(), "{b}");
                    assert_eq!(bit(c.word), b.is_ascii_alphanumeric() || b == b'_', "{b}");
                    assert_eq!(bit(c.space), b < 0x80 && (b as char).is_whitespace(), "{b}");
                    assert_eq!(bit(c.non_ascii), b >= 0x80, "{b}");
                    assert_eq!(bit(c.ampersand), b == b'&', "{b}");
                    assert_eq!(bit(c.quote), b == b'"' || b == b'\'', "{b}");
                    // Past the end: in no class.
                    let short = classes16(&bytes[..at], 0);
                    let none = short.letter | short.word | short.space | short.non_ascii;
                    assert_eq!(none >> at, 0, "{b} {at}");
                }
            }
        }
    }

    #[test]
    fn sixty_four_byte_classes_are_exact() {
        for b in 0..=255u8 {
            for at in 0..64 {
                for fill in [0u8, 0x7F, 0x80, 0xFF, b'a', b'_', b' ', b'&', b'"'] {
                    let mut bytes = [fill; 64];
                    bytes[at] = b;
                    let c = classes64(&bytes);
                    let bit = |m: u64| m >> at & 1 == 1;
                    assert_eq!(bit(c.letter), b.is_ascii_alphabetic(), "{b}");
                    assert_eq!(bit(c.alnum), b.is_ascii_alphanumeric(), "{b}");
                    assert_eq!(bit(c.word), b.is_ascii_alphanumeric() || b == b'_', "{b}");
                    assert_eq!(bit(c.space), b < 0x80 && (b as char).is_whitespace(), "{b}");
                    assert_eq!(bit(c.non_ascii), b >= 0x80, "{b}");
                    let has = |x: u8| bytes.contains(&x);
                    assert_eq!(c.ampersand != 0, has(b'&'), "{b}");
                    assert_eq!(c.quote != 0, has(b'"') || has(b'\''), "{b}");
                }
            }
        }
    }

    #[test]
    fn four_bytes_are_loaded_with_zeros_past_the_end() {
        let text: Vec<u8> = (1..=12).collect();
        for n in 0..=12 {
            for at in 0..n + 6 {
                let mut want = [0; 4];
                for (i, w) in want.iter_mut().enumerate() {
                    *w = text[..n].get(at + i).copied().unwrap_or(0);
                }
                assert_eq!(load4(&text[..n], at), u32::from_le_bytes(want), "{n} {at}");
            }
        }
    }

    #[test]
    fn eight_bytes_are_loaded_with_zeros_past_the_end() {
        let text: Vec<u8> = (1..=20).collect();
        for n in 0..=20 {
            for at in 0..n + 10 {
                let mut want = [0; 8];
                for (i, w) in want.iter_mut().enumerate() {
                    *w = text[..n].get(at + i).copied().unwrap_or(0);
                }
                assert_eq!(load8(&text[..n], at), u64::from_le_bytes(want), "{n} {at}");
            }
        }
    }

    #[test]
    fn short_texts_are_copied_with_zeros_after() {
        let text: Vec<u8> = (1..=64).collect();
        for n in 0..64 {
            let buf = short64(&text[..n]);
            assert_eq!(&buf[..n], &text[..n]);
            assert!(buf[n..].iter().all(|&x| x == 0), "{n}");
        }
    }

    #[test]
    fn blocks_are_classed_as_their_bytes() {
        let pieces = [
            "a", "Z", " ", "_", "1", "é", "\t", "&", "'", "-", "\u{3000}", "🚀",
        ];
        for text in crate::test_texts::random(&pieces, 3000, 150, 5) {
            let b = text.as_bytes();
            let mut next = 0;
            for (at, n, c) in blocks64(b) {
                assert_eq!((at, n), (next, (b.len() - at).min(64)), "{text:?}");
                next = at + 64;
                let mut block = [0; 64];
                block[..n].copy_from_slice(&b[at..at + n]);
                let want = classes64(&block);
                assert_eq!(c.letter, want.letter, "{text:?}");
                assert_eq!(c.word, want.word, "{text:?}");
                assert_eq!(c.alnum, want.alnum, "{text:?}");
                assert_eq!(c.space, want.space, "{text:?}");
                assert_eq!(c.non_ascii, want.non_ascii, "{text:?}");
                let tail = &b[at.saturating_sub(64)..];
                // Of the block's bytes, perhaps of some before it too.
                assert!(!block[..n].contains(&b'&') || c.ampersand != 0, "{text:?}");
                assert!(c.ampersand == 0 || tail.contains(&b'&'), "{text:?}");
            }
            assert!(next >= b.len(), "{text:?}");
        }
    }

    #[test]
    fn word_set_agrees_with_a_byte_by_byte_search() {
        let set = WordSet::new(&[
            "her",
            "forgot",
            "forgotten",
            "didn't",
            "to",
            "human error",
            "ab-c",
            "xyzzyplugh",
        ]);
        let mut texts = vec![
            String::new(),
            "to".into(),
            "t".into(),
            "Human Error, HUMAN ERROR human\x00error xyzzyPLUGH xyzzyplug".into(),
            "1to _to to_ é-to ßto didn\u{2019}t DIDN'T didn\u{7}t ab-c AB-C ab\rc ab\x0dc".into(),
            // Bytes with the low five bits of a word's letters: `/` of `o`, `$` of `d`, `M` of
            // `-`, `@` of nothing but the end of the text.
            "t/ T/x didn$t Ab\rc abMc forgo\u{0}ten for hu HUMAN\u{0}error ab".into(),
            "fo".into(),
            "didn".into(),
        ];
        // Every alignment against the 16-byte chunks.
        for pad in 0..17 {
            texts.push(format!(
                "{}to her{}forgot",
                " ".repeat(pad),
                "x".repeat(pad)
            ));
            texts.push(format!("{}forgottenTO", "é".repeat(pad)));
        }
        for text in &texts {
            let mut found = Vec::new();
            set.find(text, |i, r| found.push((i, r)));
            assert_eq!(found, find_naive(&set, text), "{text:?}");
            let mut starts = Vec::new();
            word_starts(text, &mut starts);
            found.clear();
            set.find_at(text, &starts, |i, r| found.push((i, r)));
            assert_eq!(found, find_naive(&set, text), "{text:?}");
        }
    }

    #[test]
    fn word_set_agrees_with_a_byte_by_byte_search_on_generated_texts() {
        let words = [
            "her",
            "forgot",
            "forgotten",
            "didn't",
            "to",
            "my",
            "should",
            "would",
            "could",
            "user",
            "error",
            "negligen",
            "unprofessional",
            "xy",
        ];
        let set = WordSet::new(&words);
        let mut pieces: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        pieces.extend(words.iter().map(|w| w.to_ascii_uppercase()));
        // Bytes that share the low five bits of letters (`!` of `a`, `@` of `` ` ``), word
        // characters, white space and non-ASCII characters.
        pieces.extend(
            [
                " ", "  ", "x", "_", "1", "!", "@", "'", "-", "é", "\u{a0}", "s", "fo", "o", "\t",
            ]
            .iter()
            .map(ToString::to_string),
        );
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let mut starts = Vec::new();
        for text in crate::test_texts::random(&pieces, 20_000, 16, 3) {
            let want = find_naive(&set, &text);
            let mut found = Vec::new();
            set.find(&text, |i, r| found.push((i, r)));
            assert_eq!(found, want, "{text:?}");
            starts.clear();
            word_starts(&text, &mut starts);
            found.clear();
            set.find_at(&text, &starts, |i, r| found.push((i, r)));
            assert_eq!(found, want, "{text:?}");
        }
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
