//! The copy of a document that comrak parses: its block structure intact, most inline markup
//! replaced by letters.
//!
//! pmlint reads nothing of comrak's inline nodes (blocks take their text from the source), yet
//! comrak parses every paragraph, heading and table cell into inlines, at about a third of its
//! cost: each `*`, `_`, `` ` ``, `[`, `]`, `!`, `&` and `"` starts a node or a delimiter run.
//! comrak has no block-only parse, so [`block_text`] gives it a copy of the same length in which
//! such bytes, where they cannot change a block, are the letter [`MASK`]. Block boundaries, kinds and
//! source positions (line and byte column) are those of the original text.
//!
//! Why a byte in a masked line cannot change a block (CommonMark 0.31 §4–5, GFM tables,
//! task list items, footnotes):
//! - Block starts and container markers (`>`, list markers, `#`, fences, `<` of HTML blocks,
//!   `[` of link reference and footnote definitions, thematic breaks, setext underlines) are read
//!   from a line's start. A line is masked only after its *lead*, the bytes before its first
//!   letter, and a byte is replaced by a letter only there: a line that is (or is not) a thematic
//!   break, setext underline or table delimiter row holds no letter in the part that decides it.
//! - Lines whose lead holds `<` (an HTML block start may need the whole line: type 7 is a line
//!   holding one complete tag) or `` ` `` (a backtick fence's info string may hold no backtick)
//!   are not masked at all.
//! - A link reference definition (or a footnote definition) starts a paragraph with `[` and may
//!   run over several lines (label, destination, title): from a line whose lead holds `[`
//!   nothing is masked up to the next blank line.
//! - Table cells are split at `|` and `\|`: neither is masked.
//! - HTML blocks of types 1–5 end at a line containing `</script>` (…), `-->`, `?>`, `>` or
//!   `]]>`: `<`, `-`, `?` and `>` are never masked, and a document holding `<![` (a CDATA
//!   section, type 5, starts so; comrak reads `<![cdata[` as one too) is not masked at all.
//!   Type 1 ends at `</script>`, `</pre>`, `</style>` or `</textarea>` in any case: the mask
//!   letter is in none of these names (with `a`, `x </textare*>` would end a `<textarea>` block
//!   early in the copy only).
//! - Footnote references (`[^label]`, inline) decide nothing about blocks: pmlint has comrak
//!   leave footnote definitions where they are written (by default it drops the unreferenced ones
//!   and moves the others to the document's end).
//! - Task list markers (`[ ]`, `[x]`) follow a list marker in a line's lead; comrak reads them
//!   from the item's text after entities are decoded, so a line whose lead holds `&` (as in
//!   `- &lsqb; ] done`) is not masked either.
//!
//! Masking only ever replaces an ASCII byte with an ASCII letter, so the copy is valid UTF-8, of
//! the same length, with the same line breaks and white space.

use crate::source::SourceFile;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// [`LEAD`] class of ASCII letters and of every byte of a multi-byte UTF-8 character: the end of
/// a line's lead.
const LETTER: u8 = 1;
/// [`LEAD`] class of `[` (a link reference or footnote definition may start).
const BRACKET: u8 = 2;
/// [`LEAD`] class of `<`, `` ` `` and `&` (an HTML block, a backtick fence or an entity that may
/// stand for a task list marker's `[` may start: the line is kept whole).
const KEEP: u8 = 4;
/// [`LEAD`] class of the bytes [`mask_markup`] masks.
const MASKED: u8 = 8;
/// [`LEAD`] class of every byte but those of a blank line (CommonMark §2.1: spaces and tabs) and
/// its end (a NUL, which comrak reads as U+FFFD, or a form feed make a line not blank).
const NOT_BLANK: u8 = 16;

/// The class bits of each byte value, for reading a line's lead.
const LEAD: [u8; 256] = {
    let mut t = [0; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() || c >= 0x80 {
            LETTER | NOT_BLANK
        } else {
            match c {
                b'[' => BRACKET | MASKED | NOT_BLANK,
                b'`' => KEEP | MASKED | NOT_BLANK,
                b'<' => KEEP | NOT_BLANK,
                // An entity in the lead may stand for the `[` of a task list marker whose `]`
                // comes after the lead (`- &lsqb; ] done`).
                b'&' => KEEP | MASKED | NOT_BLANK,
                b'*' | b'_' | b'!' | b'"' | b']' => MASKED | NOT_BLANK,
                b' ' | b'\t' | b'\r' | b'\n' => 0,
                _ => NOT_BLANK,
            }
        };
        b += 1;
    }
    t
};

/// The letter that masked bytes become: `z`, which no end condition of an HTML block holds (type 1
/// ends at `</script>`, `</pre>`, `</style>` or `</textarea>`, CommonMark 0.31 §4.6).
const MASK: u8 = b'z';

/// The start of a CDATA section (CommonMark §4.6, HTML block type 5: `<![CDATA[`, which comrak
/// matches in any case), and of nothing else a postmortem is likely to hold.
static CDATA: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"<!["));

/// The bytes of `src`'s text with the inline markup that cannot change its block structure
/// replaced by [`MASK`] (see the module docs): same length, same line breaks, valid UTF-8 (read them
/// with [`crate::source::utf8`]).
///
/// Two passes: a copy with every markup byte masked (a loop the compiler vectorises), then each
/// line's lead, and every line that is not to be masked, copied back from the source.
pub(super) fn block_text(src: &SourceFile) -> Vec<u8> {
    let text = src.text.as_bytes();
    let mut out = text.to_vec();
    // An HTML block of type 5 (CommonMark §4.6) ends at a line holding `]]>`: a document that
    // may hold a CDATA section (next to none do) is parsed as it is.
    if CDATA.find(text).is_some() {
        return out;
    }
    mask_markup(&mut out);
    // CommonMark ends lines at LF, CR or CR LF (§2.1), and so does the source's line index.
    let starts = src.line_starts();
    // Inside a possible link reference definition: nothing is masked until a blank line.
    let mut held = false;
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let line = &text[start..end];
        // The lead's length and the classes of its bytes, in one pass.
        let mut lead = line.len();
        let mut seen = 0;
        for (i, &b) in line.iter().enumerate() {
            let class = LEAD[usize::from(b)];
            if class & LETTER != 0 {
                lead = i;
                break;
            }
            seen |= class;
        }
        if seen & BRACKET != 0 {
            held = true;
        } else if lead == line.len() && seen & NOT_BLANK == 0 {
            held = false;
        }
        if held || seen & KEEP != 0 {
            out[start..end].copy_from_slice(line);
        } else if seen & MASKED != 0 {
            out[start..start + lead].copy_from_slice(&line[..lead]);
        }
    }
    out
}

/// Replaces every `*`, `_`, `` ` ``, `!`, `&`, `"`, `[` and `]` of `buf` with [`MASK`]: emphasis and
/// code span delimiters, image starts, entities, quotes (a delimiter in comrak) and link
/// brackets. A select, not a branch: the loop is vectorised.
///
/// Six comparisons for the eight bytes: `"` (0x22) and `&` (0x26) differ only in bit 2, as do
/// `[` (0x5B) and `_` (0x5F), and no other byte has either value with bit 2 set, so each pair
/// is one comparison of `c | 4` (about a tenth fewer instructions per 32 bytes).
fn mask_markup(buf: &mut [u8]) {
    for b in buf {
        let c = *b;
        let bit2 = c | 0x04;
        let pairs = (bit2 == b'&') | (bit2 == b'_');
        let single = (c == b'*') | (c == b'`') | (c == b'!') | (c == b']');
        *b = if pairs | single { MASK } else { c };
    }
}

/// Parses `text` as it is and as `block_text` masks it (the copy comrak parses) and compares the
/// two block trees: each block node's depth, kind, fields (all but the text of code, HTML and
/// front matter, a fence's info string and a footnote's reference count) and source position, in
/// document order.
///
/// # Errors
/// The first block that differs, as `original` and `masked` descriptions.
pub fn check(text: &str) -> Result<(), String> {
    let src = SourceFile::new("check.md", text);
    let masked = block_text(&src);
    let masked = crate::source::utf8(&masked).ok_or("the masked copy is not UTF-8")?;
    let original = block_tree(&src.text);
    let masked = block_tree(masked);
    let first = original.iter().zip(&masked).position(|(a, b)| a != b);
    match first {
        Some(i) => Err(format!(
            "original: {}\nmasked:   {}",
            original[i], masked[i]
        )),
        None if original.len() != masked.len() => Err(format!(
            "{} blocks in the original, {} in the masked copy",
            original.len(),
            masked.len()
        )),
        None => Ok(()),
    }
}

/// One line per block node of `text` as comrak parses it with pmlint's options: depth, what
/// [`check`] compares of its value, source position.
fn block_tree(text: &str) -> Vec<String> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, text, &super::options());
    let mut out = Vec::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let data = node.data();
        if !data.value.block() {
            continue;
        }
        let value = match &data.value {
            NodeValue::CodeBlock(c) => format!(
                "CodeBlock fenced={} char={} length={} offset={}",
                c.fenced, c.fence_char, c.fence_length, c.fence_offset
            ),
            NodeValue::HtmlBlock(h) => format!("HtmlBlock type {}", h.block_type),
            NodeValue::FrontMatter(_) => "FrontMatter".to_string(),
            NodeValue::FootnoteDefinition(f) => format!("FootnoteDefinition {:?}", f.name),
            v => format!("{v:?}"),
        };
        out.push(format!("{depth} {value} {:?}", data.sourcepos));
        drop(data);
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        String::from_utf8(block_text(&SourceFile::new("t.md", text))).unwrap()
    }

    #[test]
    fn mask_markup_masks_exactly_its_eight_bytes() {
        let mut all: Vec<u8> = (0..=255).collect();
        mask_markup(&mut all);
        for (c, m) in (0..=255u8).zip(all) {
            let want = if b"*_`!&\"[]".contains(&c) { MASK } else { c };
            assert_eq!(m, want, "{c:#x}");
        }
    }

    #[test]
    fn inline_markup_is_masked_after_the_lead_and_lengths_are_kept() {
        assert_eq!(
            masked("Some **bold** and `code` [link](u) ![i](x.png) &amp; \"q\"\n"),
            "Some zzboldzz and zcodez zlinkz(u) zziz(x.png) zamp; zqz\n"
        );
        // The lead (before the first letter) is kept: list markers, emphasis opening a line.
        assert_eq!(
            masked("* item *x*\n**Bold** y_z\n"),
            "* item zxz\n**Boldzz yzz\n"
        );
        // A line ending in CR alone still ends a line.
        assert_eq!(masked("a *b*\r* c\r\n_d_"), "a zbz\r* c\r\n_dz");
    }

    #[test]
    fn lines_that_could_start_html_fences_or_definitions_are_kept() {
        // Type 7 HTML block: the whole line must be one tag; `*` is not allowed in one.
        assert_eq!(masked("<div *x>\n"), "<div *x>\n");
        // An entity for a task list marker's `[`.
        assert_eq!(masked("- &lsqb; ] done\n"), "- &lsqb; ] done\n");
        // A backtick fence's info string may hold no backtick.
        assert_eq!(masked("``` a`b\n"), "``` a`b\n");
        // A link reference definition may run over lines, up to a blank line.
        let def = "[foo\nba[r]: /u_rl\n'ti*tle'\n\nx *y*\n";
        assert_eq!(masked(def), "[foo\nba[r]: /u_rl\n'ti*tle'\n\nx zyz\n");
        // Only spaces and tabs make a line blank: a definition's label goes on past a line of
        // NULs (found by fuzzing).
        let nul = "[foo\n\0\0\nb_r]: /u\n";
        assert_eq!(masked(nul), nul);
        // A document with a CDATA section, in any case, is not masked.
        assert_eq!(masked("<![CDATA[\nx ]]> *y*\n"), "<![CDATA[\nx ]]> *y*\n");
        assert_eq!(masked("<![cdata[\nx ]]> *y*\n"), "<![cdata[\nx ]]> *y*\n");
    }

    /// An HTML block of type 1 ends at its end tag, in any case: a masked byte never completes
    /// one (with `a` as the mask letter, `</textare*>` read as `</textarea>` in the copy).
    #[test]
    fn a_masked_byte_never_completes_an_end_tag() {
        for text in [
            "<textarea>\nx </textare*>\ny\n</textarea>\n",
            "<TEXTAREA>\nx </TEXTARE_>\ny\n",
            "<script>\nx </scrip*>\n\ny\n",
            "<style>\nx </styl*>\ny\n",
            "<pre>\nx </pr*>\ny\n",
        ] {
            assert_eq!(check(text), Ok(()), "{text:?}");
        }
    }

    /// Inputs on which the fuzz target `block_text` found the two parses differ (as the target
    /// decodes them: invalid UTF-8 as U+FFFD).
    #[test]
    fn what_fuzzing_found_has_the_same_blocks_masked() {
        // A definition's label over a CR line end and a line of NULs, which is not blank.
        let label = "<!-->\n[cag\0\0\0\0\u{1}\0\0\0\0\0\0\r\0\0\0\0\0\0\0\0\0\n\
                     7777777777777777777777777777777777777777777777777777777777777777777777777777777777777\
                     \0\0\0\0\0\0\0\u{0}1\0\0\0\0\0\0\0\0\0\0\0\0\u{fffd}\u{0}1860\0\0\0\0\0\0\0\0\0\0\0\0\
                     \0\0\0\0\0\0\0]: images.png\n";
        assert_eq!(check(label), Ok(()));
    }

    #[test]
    fn the_shipped_markdown_has_the_same_blocks_masked() {
        for text in crate::test_texts::shipped_markdown() {
            if let Err(e) = check(&text) {
                panic!("{e}\n--- text:\n{text}");
            }
        }
    }

    /// Random texts of block starts, container markers, inline markup and the bytes that end
    /// HTML blocks: the masked copy always has the original's blocks.
    #[test]
    fn random_markdown_has_the_same_blocks_masked() {
        let pieces = [
            "\n",
            "\n",
            "\n\n",
            "\r",
            "\r\n",
            " ",
            "  ",
            "    ",
            "\t",
            "a",
            "word ",
            "é",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2) ",
            "> ",
            "# ",
            "## ",
            "#",
            "---",
            "***",
            "___",
            "===",
            "- [ ] ",
            "- [x] ",
            "[",
            "]",
            "[^1]",
            "[^1]: ",
            "[foo]: ",
            "[foo]",
            "(",
            ")",
            "<",
            ">",
            "</",
            "<div",
            "<div *x>",
            "<!--",
            "-->",
            "<?",
            "?>",
            "<![CDATA[",
            "<![cDaTa[",
            "]]>",
            "<script>",
            "</script>",
            "<textarea>",
            "</textare",
            "</TEXTARE",
            "<pre>",
            "</pr",
            "```",
            "``` a`b",
            "~~~",
            "`",
            "*",
            "**",
            "_",
            "__",
            "!",
            "![",
            "](",
            "&",
            "&amp;",
            "&lsqb;",
            "&lsqb; ] ",
            "\"",
            "'",
            "|",
            "| a |",
            "|---|",
            "\\",
            "\\|",
            ":",
            "^",
            "x",
            // Link reference definitions over several lines: a label broken by a line end, a
            // bracket that makes a label invalid, destinations and titles on later lines.
            "\0",
            "\0\n",
            "\u{c}\n",
            "[l\n",
            "a[b]: /u\n",
            "b]: /u\n",
            "[foo]:\n",
            " /u_*\n",
            " 'ti*tle'\n",
            "'t[i]tle'\n",
            "]: x\n",
        ];
        assert_eq!(assert_same_blocks(&pieces, 30_000, 40, 5), 30_000);
    }

    /// Link reference definitions over several lines, and lines that look blank to a byte test
    /// but are not to comrak (NUL, form feed): dense random texts of such lines.
    #[test]
    fn random_definitions_have_the_same_blocks_masked() {
        let pieces = [
            "[l\n",
            "[l]:\n",
            "b]: /u\n",
            "a[b]: /u\n",
            " /u\n",
            "'t\n",
            "t'\n",
            "x_y\n",
            "\n",
            " \n",
            "\t\n",
            "\0\n",
            "\u{c}\n",
            "\r",
            "> ",
            "- ",
            "  ",
            "*",
        ];
        assert_eq!(assert_same_blocks(&pieces, 10_000, 12, 9), 10_000);
    }

    /// Checks `n` random texts of up to `max - 1` of `pieces` (seeded by `seed`) with [`check`];
    /// panics on the first whose blocks differ, else returns how many were checked.
    fn assert_same_blocks(pieces: &[&str], n: usize, max: u64, seed: u64) -> usize {
        let mut checked = 0;
        for text in crate::test_texts::random(pieces, n, max, seed) {
            if let Err(e) = check(&text) {
                panic!("{e}\n--- text: {text:?}");
            }
            checked += 1;
        }
        checked
    }
}
