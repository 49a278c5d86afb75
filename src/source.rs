//! A document's text and the mapping between byte offsets and 1-based line/column positions.

use std::ops::Range;
use std::sync::OnceLock;

/// A byte range `start..end` into [`SourceFile::text`] (end exclusive, both on char boundaries).
pub type Span = Range<usize>;

/// One document as pmlint reads it: a display name and its text (UTF-8, possibly lossily decoded).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user named it (or found by walking), or `<stdin>`.
    pub name: String,
    /// The full text, with any UTF-8 byte-order mark removed.
    pub text: String,
    /// Byte offset of the first byte of each line; `line_starts[0] == 0`. Lines end at LF,
    /// CR LF or a lone CR (CommonMark 0.31 §2.1), as comrak's source positions count them.
    line_starts: Vec<usize>,
    /// When the bytes were not valid UTF-8: the byte offset in `text` of the first U+FFFD that
    /// replaced an invalid sequence.
    pub invalid_utf8_at: Option<usize>,
    /// Characters in `text` before every [`CHAR_INDEX_STEP`]-th byte and before its end, built the first time a
    /// column is asked for far into a long line (see [`SourceFile::line_col`]).
    char_index: OnceLock<Vec<usize>>,
}

/// Bytes between two entries of [`SourceFile`]'s character index: columns further than this
/// into a line are counted from the index (so a finding on a long line costs at most this many
/// bytes to locate, not the line's length).
const CHAR_INDEX_STEP: usize = 256;

/// `bytes` as a string if they are UTF-8: `std::str::from_utf8`, checked 64 bytes at a time
/// with SIMD where the CPU has it (simdutf8; std's check leaves its word-at-a-time loop at each
/// non-ASCII character, a mispredicted branch each time).
#[inline]
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Byte offsets of the line starts of `bytes` where lines end at LF, CR LF or a lone CR
/// (CommonMark 0.31 §2.1): [`line_starts_at_lf`] unless a CR is not followed by an LF (text
/// from an old Mac editor, or one CR LF mangled), then [`line_starts_at_cr_or_lf`].
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    if has_lone_cr(bytes) {
        line_starts_at_cr_or_lf(bytes)
    } else {
        line_starts_at_lf(bytes)
    }
}

/// Whether `bytes` hold a CR not followed by an LF: a line ending of its own (CommonMark 0.31
/// §2.1) that tools breaking lines at LF only (`str::lines`, miette) do not see.
pub(crate) fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// Line starts of `bytes` where lines end at LF, CR or CR LF: 0, and one past each line
/// ending (a search per line ending: only texts with a lone CR take this way).
pub(crate) fn line_starts_at_cr_or_lf(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        i += at + 1;
        if bytes[i - 1] == b'\r' && bytes.get(i) == Some(&b'\n') {
            i += 1;
        }
        starts.push(i);
    }
    starts
}

/// Byte offsets of the line starts of `bytes` where lines end at LF (or CR LF): 0, and one
/// past each `\n`.
///
/// One pass over blocks of four 8-byte words (SWAR), most of which hold no newline:
/// cheaper than a search per line (`memchr_iter` costs a call per newline, and lines are short).
fn line_starts_at_lf(bytes: &[u8]) -> Vec<usize> {
    // Lines of Markdown are rarely shorter than 16 bytes: one growth at most, usually none.
    let mut out = Vec::with_capacity(bytes.len() / 16 + 2);
    out.push(0);
    let (words, rest) = bytes.as_chunks::<8>();
    let (quads, rest_words) = words.as_chunks::<4>();
    let bits = |w: &[u8; 8]| newline_bits(u64::from_le_bytes(*w));
    for (k, quad) in quads.iter().enumerate() {
        let found = [
            bits(&quad[0]),
            bits(&quad[1]),
            bits(&quad[2]),
            bits(&quad[3]),
        ];
        if found == [0; 4] {
            continue;
        }
        // The quad's newlines as one 32-bit mask (bit i: byte i), read off lowest first: no
        // branch per word on whether it holds one.
        let mut mask = found.iter().enumerate().fold(0u32, |m, (j, &f)| {
            m | u32::from(high_bits_gathered(f)) << (8 * j)
        });
        let base = k * 32 + 1;
        loop {
            out.push(base + mask.trailing_zeros() as usize);
            mask &= mask - 1;
            if mask == 0 {
                break;
            }
        }
    }
    let mut push = |word_index: usize, mut f: u64| {
        while f != 0 {
            out.push(word_index * 8 + (f.trailing_zeros() / 8) as usize + 1);
            f &= f - 1;
        }
    };
    for (j, w) in rest_words.iter().enumerate() {
        push(quads.len() * 4 + j, bits(w));
    }
    let base = bytes.len() - rest.len();
    out.extend(
        rest.iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| base + i + 1),
    );
    out
}

/// The high bits of the eight bytes of `bits` (every other bit clear) as one byte, the first
/// byte's (little-endian) lowest: each high bit lands in the top byte of the product at its own
/// place, and no two partial products share a bit, so nothing carries.
#[inline]
fn high_bits_gathered(bits: u64) -> u8 {
    ((bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// The high bit of each byte of `word` (little-endian) that is a `\n`, the other bits clear.
/// After the XOR a newline byte is zero; `((x & 0x7f…) + 0x7f…) | x` sets the high bit of exactly
/// the nonzero bytes (no carry crosses a byte, unlike the shorter `(x - 0x01…) & !x` test).
#[inline]
fn newline_bits(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ 0x0a0a_0a0a_0a0a_0a0a;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// Characters that start in `bytes`: its bytes that are not UTF-8 continuation bytes
/// (`10xxxxxx`), which is what `str::chars().count()` counts.
fn count_char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A 1-based line and a 1-based column counted in characters (not bytes), as the JSON output and
/// editors' errorformat expect (the contract in `shared/spec/PRODUCT.md`, "columns count characters").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// Builds the line index. A leading BOM (U+FEFF) is dropped so that columns start at 1 on line 1.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = line_starts(text.as_bytes());
        SourceFile {
            name: name.into(),
            text,
            line_starts,
            invalid_utf8_at: None,
            char_index: OnceLock::new(),
        }
    }

    /// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD (and recording where the
    /// first one was, for PM001).
    pub fn from_bytes(name: impl Into<String>, bytes: &[u8]) -> Self {
        match std::str::from_utf8(bytes) {
            Ok(text) => SourceFile::new(name, text),
            Err(e) => {
                let lossy = String::from_utf8_lossy(bytes).into_owned();
                let bom = if lossy.starts_with('\u{feff}') { 3 } else { 0 };
                let mut src = SourceFile::new(name, lossy);
                src.invalid_utf8_at = Some(e.valid_up_to().saturating_sub(bom));
                src
            }
        }
    }

    /// Number of lines (a final line without a newline counts; an empty text has one line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with(['\n', '\r']) {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
        .max(1)
    }

    /// Byte offsets of the line starts: 0, and one past each line ending (`\n`, `\r\n` or a
    /// lone `\r`, CommonMark 0.31 §2.1), so the text length last when the text ends with one.
    #[inline]
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset where 1-based `line` starts; past the end, the text length.
    #[inline]
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// Byte range of 1-based `line` without its line ending (`\n`, `\r\n` or `\r`).
    #[inline]
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// The line starts `s` with `span.start < s <= span.end`: one past each line ending in `span`, in
    /// order. `line`: the 1-based line holding `span.start`, if known (then no search).
    pub fn line_starts_in(&self, span: Span, line: usize) -> &[usize] {
        let starts = &self.line_starts;
        // The starts after `span.start`, from the line that holds it, else by a binary search.
        let from = match starts.get(line.wrapping_sub(1)..) {
            Some([at, rest @ ..])
                if *at <= span.start && rest.first().is_none_or(|&s| s > span.start) =>
            {
                line
            }
            _ => starts.partition_point(|&s| s <= span.start),
        };
        let to = from
            + starts[from..]
                .iter()
                .take_while(|&&s| s <= span.end)
                .count();
        &starts[from..to]
    }

    /// [`SourceFile::line_starts_in`] for a span that starts on 1-based line `first` and ends
    /// on line `last` (hints): the starts of lines `first + 1..=last`, taken from the index with
    /// four comparisons (no count of the lines), when they show the span does lie so; else as
    /// `line_starts_in` finds them.
    #[inline]
    pub fn line_starts_of_lines(&self, span: Span, first: usize, last: usize) -> &[usize] {
        let starts = &self.line_starts;
        if let (Some(&before), Some(within)) = (
            starts.get(first.wrapping_sub(1)),
            starts.get(first..last.max(first)),
        ) {
            // The slice is sorted: it is exactly the starts in `span` when the start before it
            // is at or before `span.start`, the one after it past `span.end`, and its own first
            // and last inside.
            let after_ok = starts.get(last.max(first)).is_none_or(|&s| s > span.end);
            let inside = match (within.first(), within.last()) {
                (Some(&lo), Some(&hi)) => (lo > span.start) & (hi <= span.end),
                _ => true,
            };
            if (before <= span.start) & after_ok & inside {
                return within;
            }
        }
        self.line_starts_in(span, first)
    }

    /// The text of 1-based `line` without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        &self.text[self.line_span(line)]
    }

    /// 1-based line containing byte `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Line and character column of byte `offset` (clamped to the text and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = if offset - start <= 2 * CHAR_INDEX_STEP {
            self.text[start..offset].chars().count()
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        LineCol {
            line,
            column: column + 1,
        }
    }

    /// Characters in `text[..offset]` (`offset` on a char boundary), from the character index.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let index = self.char_index.get_or_init(|| {
            let mut seen = 0;
            let mut index = vec![0];
            index.extend(bytes.chunks(CHAR_INDEX_STEP).map(|chunk| {
                seen += count_char_starts(chunk);
                seen
            }));
            index
        });
        let k = offset / CHAR_INDEX_STEP; // at most the number of chunks: `index` has one more
        index[k] + count_char_starts(&bytes[k * CHAR_INDEX_STEP..offset])
    }

    /// The text of `span`, clamped to char boundaries (never panics).
    pub fn slice(&self, span: &Span) -> &str {
        let mut s = span.start.min(self.text.len());
        let mut e = span.end.min(self.text.len()).max(s);
        while !self.text.is_char_boundary(s) {
            s -= 1;
        }
        while !self.text.is_char_boundary(e) {
            e += 1;
        }
        &self.text[s..e]
    }

    /// The indentation of 1-based `line`: its width in columns (a tab advances to the next
    /// multiple of 4, CommonMark §2.2) and its length in bytes.
    pub fn indentation(&self, line: usize) -> (usize, usize) {
        let text = self.line_text(line);
        let mut columns = 0;
        for (i, c) in text.char_indices() {
            match c {
                ' ' => columns += 1,
                '\t' => columns += 4 - columns % 4,
                _ => return (columns, i),
            }
        }
        (columns, text.len())
    }

    /// The span of 1-based lines `first..=last`, without the final line ending.
    pub fn lines_span(&self, first: usize, last: usize) -> Span {
        self.line_start(first)..self.line_span(last.max(first)).end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let src = SourceFile::new("t.md", "ab\r\néx y\nlast");
        assert_eq!(src.line_count(), 3);
        assert_eq!(src.line_text(1), "ab");
        assert_eq!(src.line_text(2), "éx y");
        let off = src.text.find('y').unwrap();
        assert_eq!(src.line_col(off), LineCol { line: 2, column: 4 });
        assert_eq!(src.line_col(src.text.len()), LineCol { line: 3, column: 5 });
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let line = "é".repeat(3 * CHAR_INDEX_STEP) + "x" + &"a".repeat(CHAR_INDEX_STEP);
        let src = SourceFile::new("t.md", format!("ab\n{line}y\nz"));
        for (i, (off, _)) in src.text.char_indices().enumerate().step_by(997) {
            let line = src.line_of(off);
            let start = src.line_start(line);
            let want = src.text[start..off].chars().count() + 1;
            assert_eq!(src.line_col(off).column, want, "offset {off} (char {i})");
        }
        let y = src.text.find('y').unwrap();
        let col = 3 * CHAR_INDEX_STEP + 1 + CHAR_INDEX_STEP + 1;
        assert_eq!(
            src.line_col(y),
            LineCol {
                line: 2,
                column: col
            }
        );
        assert_eq!(src.line_col(src.text.len()), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn utf8_accepts_what_std_accepts() {
        let pieces: [&[u8]; 12] = [
            b"a",
            b"\n",
            b"0123456789abcdef",
            "é".as_bytes(),
            "—".as_bytes(),
            "🚀".as_bytes(),
            b"\xff",
            b"\xc3",
            b"\xe2\x80",
            b"\xf0\x9f\x9a",
            b"\x80",
            b"\xed\xa0\x80",
        ];
        let mut x: u64 = 3;
        for n in 0..20_000 {
            let mut t = Vec::new();
            // Short texts and, one time in four, texts past a 64-byte SIMD block.
            for _ in 0..(if n % 4 == 0 { x % 60 + 1 } else { x % 6 + 1 }) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Invalid pieces one time in eight.
                let k = if x.is_multiple_of(8) { x % 12 } else { x % 6 };
                t.extend_from_slice(pieces[k as usize]);
            }
            assert_eq!(utf8(&t), std::str::from_utf8(&t).ok(), "{t:?}");
        }
    }

    #[test]
    fn line_starts_end_lines_at_lf_cr_lf_and_lone_cr_as_a_byte_loop_does() {
        // The reference: CommonMark 0.31 §2.1, one byte at a time.
        let reference = |b: &[u8]| {
            let mut want = vec![0];
            let mut i = 0;
            while i < b.len() {
                match b[i] {
                    b'\n' => want.push(i + 1),
                    b'\r' if b.get(i + 1) == Some(&b'\n') => {
                        want.push(i + 2);
                        i += 1;
                    }
                    b'\r' => want.push(i + 1),
                    _ => {}
                }
                i += 1;
            }
            want
        };
        let with_cr = [
            "\n",
            "\r",
            "\r\n",
            "\r\r\n",
            "a",
            "0123456789abcdef",
            "\u{e9}",
            "\n\r",
        ];
        // Without a CR: the LF-only path.
        let lf_only = ["\n", "a", "0123456789abcdef", "\u{e9}"];
        let texts = [
            crate::test_texts::random(&with_cr, 10_000, 8, 7),
            crate::test_texts::random(&with_cr, 3_000, 70, 11),
            crate::test_texts::random(&lf_only, 5_000, 70, 13),
        ];
        for t in texts.iter().flatten() {
            assert_eq!(line_starts(t.as_bytes()), reference(t.as_bytes()), "{t:?}");
        }
        let src = SourceFile::new("cr", "a\rb\r\nc\n\rd\r");
        assert_eq!(src.line_count(), 5);
        let lines: Vec<&str> = (1..=5).map(|l| src.line_text(l)).collect();
        assert_eq!(lines, ["a", "b", "c", "", "d"]);
        assert_eq!(
            src.line_col(src.text.find('d').unwrap()),
            LineCol { line: 5, column: 1 }
        );
    }

    #[test]
    fn line_starts_follow_every_newline() {
        let text = "a\n\n\x0b\x0b\n0123456789\n\n\n\u{e9}\n\u{10a}\n\nend\n\n";
        let want: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for from in 0..text.len() {
            let bytes = &text.as_bytes()[from..];
            let want: Vec<usize> = want
                .iter()
                .filter(|&&s| s > from)
                .map(|s| s - from)
                .collect();
            assert_eq!(line_starts_at_lf(bytes)[1..], want[..], "from byte {from}");
        }
    }

    #[test]
    fn line_starts_of_generated_texts_are_those_a_byte_loop_finds() {
        let pieces = [
            "\n",
            "\n\n\n",
            "a",
            "abcdefg",
            "\r\n",
            "\u{e9}",
            "\u{10a}\n",
            "0123456789abcdef",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 60, 11) {
            let want: Vec<usize> = std::iter::once(0)
                .chain(
                    t.bytes()
                        .enumerate()
                        .filter(|&(_, b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            assert_eq!(line_starts_at_lf(t.as_bytes()), want, "{t:?}");
        }
    }

    #[test]
    fn line_starts_of_texts_of_many_short_lines() {
        for text in [
            "\n".repeat(1000),
            "a\n".repeat(700),
            "ab\n\n".repeat(333) + "x",
            "0123456789abcdef\n".repeat(99),
        ] {
            let want: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            assert_eq!(line_starts_at_lf(text.as_bytes()), want, "{text:?}");
        }
    }

    #[test]
    fn line_starts_in_a_span_with_or_without_the_right_line() {
        let src = SourceFile::new("t.md", "ab\ncd\n\nef\ngh");
        let want = |span: Span| -> Vec<usize> {
            (span.start..span.end)
                .filter(|&i| src.text.as_bytes()[i] == b'\n')
                .map(|i| i + 1)
                .collect()
        };
        for start in 0..=src.text.len() {
            for end in start..=src.text.len() {
                for line in 0..8 {
                    assert_eq!(
                        src.line_starts_in(start..end, line),
                        want(start..end),
                        "{start}..{end} line {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn line_starts_of_lines_are_those_in_the_span_whatever_the_hints() {
        let pieces = ["a", "\n", "bc", "\r\n", "é", "\n\n"];
        for (k, t) in crate::test_texts::random(&pieces, 3_000, 20, 29)
            .into_iter()
            .enumerate()
        {
            let src = SourceFile::new("t.md", t.as_str());
            let len = src.text.len();
            let lines = src.line_count() + 2;
            for j in 0..20 {
                let start = (k * 7 + j * 3) % (len + 1);
                let end = start + (k + j * 5) % (len + 1 - start);
                let first = (k + j) % lines;
                let last = first + j % 3;
                assert_eq!(
                    src.line_starts_of_lines(start..end, first, last),
                    src.line_starts_in(start..end, first),
                    "{t:?} {start}..{end} lines {first}..={last}"
                );
                // With the right hints.
                let (f, l) = (src.line_of(start), src.line_of(end));
                assert_eq!(
                    src.line_starts_of_lines(start..end, f, l),
                    src.line_starts_in(start..end, f),
                    "{t:?} {start}..{end} lines {f}..={l}"
                );
            }
        }
    }

    #[test]
    fn indentation_counts_tabs_to_the_next_stop_of_four() {
        let src = SourceFile::new("t.md", "  \tx\nab\n   \n");
        assert_eq!(src.indentation(1), (4, 3));
        assert_eq!(src.indentation(2), (0, 0));
        assert_eq!(src.indentation(3), (3, 3));
    }

    #[test]
    fn bom_is_dropped_and_empty_text_has_one_line() {
        let src = SourceFile::new("t.md", "\u{feff}# T\n");
        assert_eq!(src.line_text(1), "# T");
        assert_eq!(SourceFile::new("e", "").line_count(), 1);
    }
}
