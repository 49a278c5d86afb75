//! Markdown structure: the only module that touches comrak.
//!
//! [`parse`] runs comrak once (CommonMark + GFM tables, task lists, footnotes) and
//! flattens its tree into [`Block`]s in document order: headings, paragraphs, table rows, HTML
//! blocks, code blocks and thematic breaks, each with its lines of source text. List items become
//! [`ListItem`]s that blocks point into. Nothing downstream sees a comrak node.

mod mask;

use crate::source::{SourceFile, Span};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::{parse_document, Arena, Options};

/// Index into [`Markdown::items`].
pub type ItemId = usize;

/// What kind of CommonMark / GFM block a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// An ATX (`## Title`) or setext (`Title` over `---`/`===`) heading; `level` is 1..=6.
    Heading { level: u8, setext: bool },
    /// A paragraph (also the paragraphs inside list items and block quotes).
    Paragraph,
    /// One row of a GFM table; `header` for the first row.
    TableRow { header: bool },
    /// An HTML block (CommonMark §4.6); Markdown inside it is not rendered.
    Html,
    /// A fenced or indented code block; its lines carry no text.
    Code,
    /// A thematic break (`---`, `***`, `___`).
    ThematicBreak,
}

/// One source line of a block.
#[derive(Debug, Clone)]
pub struct BlockLine {
    /// 1-based source line number.
    pub line: usize,
    /// Byte offset in the source of the first byte of `raw`/`text`.
    pub start: usize,
    /// The source bytes of the line that belong to the block, with code spans and HTML comments
    /// blanked to spaces (same byte length as the source slice).
    pub raw: String,
    /// `raw` with all inline markup blanked as well (HTML tags, link destinations, images, URLs,
    /// emphasis, pipes, container prefixes): only prose and punctuation remain, at source offsets.
    pub text: String,
}

impl BlockLine {
    /// Source span of the non-blank part of `text` (the whole line if it is blank).
    pub fn content_span(&self) -> Span {
        let lead = self.text.len() - self.text.trim_start().len();
        let trimmed = self.text.trim_end().len();
        if trimmed <= lead {
            return self.start..self.start + self.raw.trim_end().len();
        }
        self.start + lead..self.start + trimmed
    }
}

/// A block of the document with its source lines.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte span of the whole block in the source.
    pub span: Span,
    /// The block's lines (empty for code blocks; without the underline for setext headings).
    pub lines: Vec<BlockLine>,
    /// Innermost list item containing this block.
    pub item: Option<ItemId>,
    /// Whether the block is inside a block quote.
    pub in_quote: bool,
}

impl Block {
    /// 1-based source line of the block's first line (0 for a block without lines: a code block).
    pub fn first_line(&self) -> usize {
        self.lines.first().map_or(0, |l| l.line)
    }
}

/// A list item (also a GFM task list item).
#[derive(Debug, Clone)]
pub struct ListItem {
    /// The enclosing list item, for nested lists.
    pub parent: Option<ItemId>,
    /// Nesting depth of the item: 0 for a top-level list.
    pub depth: usize,
    /// Byte span of the whole item, marker included.
    pub span: Span,
    /// 1-based line of the item's marker.
    pub line: usize,
    /// `Some(checked)` for a task list item (`- [ ]` / `- [x]`).
    pub task: Option<bool>,
}

/// The block structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    pub blocks: Vec<Block>,
    pub items: Vec<ListItem>,
}

/// comrak options: the GFM block structure as GitHub renders postmortems (tables, task lists,
/// footnotes), byte columns in source positions.
///
/// GFM's strikethrough and autolink extensions are left off: they only change inline nodes
/// (`~~text~~`, bare URLs), which the walk never reads (blocks take their text from the source
/// and [`mask`] blanks that markup itself), and they cost comrak a scan of every text node.
fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    // YAML front matter is metadata, not prose: comrak keeps it out of the blocks.
    o.extension.front_matter_delimiter = Some("---".to_string());
    o
}

/// Parses `src` once and flattens it into blocks. Never panics on any text.
///
/// The walk is iterative (no recursion, whatever the nesting depth) and does not descend into
/// the inline content of paragraphs, headings and table rows: blocks read their text from the
/// source.
pub fn parse(src: &SourceFile) -> Markdown {
    // comrak's tree (most of the memory at the peak for a large document: one arena node per
    // inline, which the walk never reads) is dropped before any block's lines are built.
    let (pending, items) = walk_tree(src);
    let mut md = Markdown {
        blocks: Vec::with_capacity(pending.len()),
        items,
    };
    let mut scratch = Scratch::default();
    md.blocks.extend(
        pending
            .into_iter()
            .map(|p| build_block(src, p.kind, p.pos, p.item, p.in_quote, &mut scratch)),
    );
    md
}

/// The buffers [`build_block`] masks a block's bytes in, reused from block to block (two
/// allocations per document instead of up to two per block).
#[derive(Default)]
struct Scratch {
    /// The block's bytes with container prefixes, code spans and comments blanked.
    raw: Vec<u8>,
    /// `raw` with inline markup blanked as well.
    text: Vec<u8>,
}

/// A leaf block found by the walk, before its lines are read from the source.
struct Pending {
    kind: BlockKind,
    pos: Sourcepos,
    item: Option<ItemId>,
    in_quote: bool,
}

/// Parses `src` with comrak and walks the tree: its leaf blocks in document order, and its list
/// items.
fn walk_tree(src: &SourceFile) -> (Vec<Pending>, Vec<ListItem>) {
    let arena = Arena::new();
    let root = parse_document(&arena, &src.text, &options());
    let mut walk = Walk {
        src,
        // Sized from the generated postmortems (a block per ~130 bytes, a list item per ~600):
        // no growth for most documents.
        blocks: Vec::with_capacity(src.text.len() / 96 + 8),
        items: Vec::with_capacity(src.text.len() / 384 + 4),
        item_stack: Vec::new(),
        quote_depth: 0,
    };
    let mut cur = root.first_child();
    while let Some(node) = cur {
        if walk.enter(node) {
            if let Some(child) = node.first_child() {
                cur = Some(child);
                continue;
            }
        }
        walk.leave(node);
        // Up to the next sibling of the nearest ancestor that has one, leaving each ancestor.
        let mut n = node;
        cur = loop {
            if let Some(next) = n.next_sibling() {
                break Some(next);
            }
            match n.parent() {
                Some(p) if !p.same_node(root) => {
                    walk.leave(p);
                    n = p;
                }
                _ => break None,
            }
        };
    }
    (walk.blocks, walk.items)
}

/// The state of the walk over comrak's tree: the blocks and items found so far, open list items
/// and block quotes.
struct Walk<'s> {
    src: &'s SourceFile,
    blocks: Vec<Pending>,
    items: Vec<ListItem>,
    item_stack: Vec<ItemId>,
    quote_depth: usize,
}

impl Walk<'_> {
    /// Records `node`; returns whether its children are to be visited (block containers).
    fn enter(&mut self, node: &comrak::nodes::AstNode<'_>) -> bool {
        let data = node.data();
        let pos = data.sourcepos;
        let kind = match &data.value {
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                let task = match &data.value {
                    NodeValue::TaskItem(t) => Some(t.symbol.is_some()),
                    _ => None,
                };
                self.items.push(ListItem {
                    parent: self.item_stack.last().copied(),
                    depth: self.item_stack.len(),
                    span: span_of(self.src, pos),
                    line: pos.start.line,
                    task,
                });
                self.item_stack.push(self.items.len() - 1);
                return true;
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.quote_depth += 1;
                return true;
            }
            NodeValue::Heading(h) => BlockKind::Heading {
                level: h.level,
                setext: h.setext,
            },
            NodeValue::Paragraph => BlockKind::Paragraph,
            NodeValue::TableRow(header) => BlockKind::TableRow { header: *header },
            NodeValue::HtmlBlock(_) => BlockKind::Html,
            NodeValue::CodeBlock(_) => BlockKind::Code,
            NodeValue::ThematicBreak => BlockKind::ThematicBreak,
            // Other block containers (lists, tables, footnote definitions) hold blocks.
            v => return v.block(),
        };
        self.blocks.push(Pending {
            kind,
            pos,
            item: self.item_stack.last().copied(),
            in_quote: self.quote_depth > 0,
        });
        false
    }

    /// Closes what [`Walk::enter`] opened for `node`.
    fn leave(&mut self, node: &comrak::nodes::AstNode<'_>) {
        match node.data().value {
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                self.item_stack.pop();
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            _ => {}
        }
    }
}

/// Whether `text` parses as exactly one paragraph holding all its lines, outside any list or
/// quote: what a fix checks before it moves lines out of a paragraph (after a new heading, into a
/// new list item), where they must not start a block of their own (an indented code block, an
/// ordered list starting at 2, an HTML block …).
pub fn is_one_paragraph(text: &str) -> bool {
    // Only the one paragraph's lines are built (and masked), not every block's.
    let src = SourceFile::new("", text);
    let (blocks, items) = walk_tree(&src);
    let [p] = &blocks[..] else {
        return false;
    };
    items.is_empty()
        && p.kind == BlockKind::Paragraph
        && !p.in_quote
        && build_block(
            &src,
            p.kind,
            p.pos,
            p.item,
            p.in_quote,
            &mut Scratch::default(),
        )
        .lines
        .len()
            == text.lines().count()
}

/// How many bytes of one document its fixes may re-parse (with [`is_one_paragraph`] or
/// [`parse`]) to check themselves: twice the document's length in bytes, plus 64 KiB. A fix that
/// would go over it is not offered (its finding still is), so that thousands of titles or
/// timeline runs inside one giant paragraph, each re-parsing the rest of it, cost time linear in
/// the document instead of quadratic.
#[derive(Debug)]
pub struct ReparseBudget(usize);

impl ReparseBudget {
    /// The budget for a document of `len` bytes.
    pub fn for_document(len: usize) -> Self {
        ReparseBudget(len.saturating_mul(2).saturating_add(64 * 1024))
    }

    /// Takes `bytes` from the budget and returns true, or returns false (taking nothing) when
    /// fewer than `bytes` are left.
    pub fn take(&mut self, bytes: usize) -> bool {
        match self.0.checked_sub(bytes) {
            Some(left) => {
                self.0 = left;
                true
            }
            None => false,
        }
    }
}

/// Byte span of a comrak source position (1-based lines, 1-based byte columns, inclusive end).
fn span_of(src: &SourceFile, pos: Sourcepos) -> Span {
    if pos.start.line == 0 {
        return 0..0;
    }
    let start = src.line_start(pos.start.line) + pos.start.column.saturating_sub(1);
    let line_end = src.line_span(pos.end.line.max(pos.start.line)).end;
    let end = (src.line_start(pos.end.line) + pos.end.column)
        .min(line_end)
        .max(start);
    let start = start.min(src.text.len());
    clamp_to_chars(src, start..end.min(src.text.len()))
}

fn clamp_to_chars(src: &SourceFile, mut span: Span) -> Span {
    while span.start > 0 && !src.text.is_char_boundary(span.start) {
        span.start -= 1;
    }
    while span.end < src.text.len() && !src.text.is_char_boundary(span.end) {
        span.end += 1;
    }
    span
}

fn build_block(
    src: &SourceFile,
    kind: BlockKind,
    pos: Sourcepos,
    item: Option<ItemId>,
    in_quote: bool,
    scratch: &mut Scratch,
) -> Block {
    let span = span_of(src, pos);
    let mut block = Block {
        kind,
        span: span.clone(),
        lines: Vec::new(),
        item,
        in_quote,
    };
    if matches!(kind, BlockKind::Code) || pos.start.line == 0 {
        return block;
    }
    let first = pos.start.line;
    let mut last = pos.end.line.max(first);
    if let BlockKind::Heading { setext: true, .. } = kind {
        // The underline is part of the node; it is not title text.
        while last > first && is_setext_underline(src.line_text(last)) {
            last -= 1;
        }
    }
    // Whole-line kinds keep the line from its first byte; others start at the node's column.
    let whole_line = matches!(kind, BlockKind::Html | BlockKind::TableRow { .. });
    let start = if whole_line {
        src.line_start(first)
    } else {
        span.start
    };
    let end = src.line_span(last).end.max(start);
    let source = &src.text.as_bytes()[start..end];
    // One past each `\n` of the block, from the line index (no search for them).
    let line_starts = src.line_starts_in(start..end, first);
    let seen = mask::ByteSet::of(source);
    let Scratch {
        raw: owned,
        text: masked_text,
    } = scratch;
    // `raw` is the source itself unless container prefixes, code spans or comments may be
    // blanked in it (one copy fewer for most blocks).
    let buf: &[u8] = if seen.has(b'\n') || seen.has(b'`') || seen.has(b'<') {
        owned.clear();
        owned.extend_from_slice(source);
        if seen.has(b'\n') {
            blank_container_prefixes(owned, line_starts.iter().map(|s| s - start));
        }
        if seen.has(b'`') || seen.has(b'<') {
            mask::blank_code_and_comments_with(
                owned,
                matches!(kind, BlockKind::Heading { .. }),
                &seen,
            );
        }
        owned
    } else {
        source
    };
    // Masking writes spaces over whole characters, so both buffers stay UTF-8; lines end at ASCII
    // bytes (`\n`, `\r`), so each line is a UTF-8 slice of both.
    // `text` is `raw` unless markup may be blanked in it (no copy for plain prose).
    let atx = matches!(kind, BlockKind::Heading { setext: false, .. });
    let masked = !matches!(kind, BlockKind::ThematicBreak) && (atx || mask::may_blank(&seen));
    if masked {
        masked_text.clear();
        masked_text.extend_from_slice(buf);
        if atx {
            blank_atx_markers(masked_text);
        }
        mask::blank_markup_with(masked_text, &seen);
    }
    // A line that masking left as it was is read from the source itself, which needs no UTF-8
    // check; only changed lines are checked (most blocks have nothing blanked in `raw`, and most
    // lines of a block nothing in `text`).
    let source_str = src.text.get(start..end);
    let raw_is_source = source_str.is_some() && (std::ptr::eq(buf, source) || buf == source);
    let text_is_raw = !masked || masked_text[..] == *buf;
    // The line `range` of a masked buffer, as a string (never empty unless the buffer is not
    // UTF-8 there, which masking whole characters rules out).
    let line_of = |bytes: &[u8], range: std::ops::Range<usize>| match source_str {
        Some(s) if bytes[range.clone()] == source[range.clone()] => s[range].to_string(),
        _ => std::str::from_utf8(&bytes[range])
            .unwrap_or_default()
            .to_string(),
    };
    // Sized once (no growth path): one line per `\n` in the block, plus the last.
    block.lines = Vec::with_capacity(line_starts.len() + 1);
    let mut from = 0;
    let len = buf.len();
    let ends = line_starts.iter().map(|s| s - 1 - start);
    for (i, nl) in ends.chain(std::iter::once(len)).enumerate() {
        let mut e = nl;
        if e > from && buf[e - 1] == b'\r' {
            e -= 1;
        }
        let raw = match source_str {
            Some(s) if raw_is_source => s[from..e].to_string(),
            // Most changed lines of `raw` differ from the source only by a blanked container
            // prefix (spaces where `>` or tabs were): the rest is the source's, with no check.
            Some(s) => {
                let p = buf[from..e].iter().take_while(|&&b| b == b' ').count();
                match s.get(from + p..e) {
                    Some(rest) if buf[from + p..e] == source[from + p..e] => {
                        let mut line = String::with_capacity(e - from);
                        line.extend(std::iter::repeat_n(' ', p));
                        line.push_str(rest);
                        line
                    }
                    _ => line_of(buf, from..e),
                }
            }
            None => line_of(buf, from..e),
        };
        // A line that markup blanking left as it was in `raw` is `raw` (no check).
        let text = if text_is_raw || masked_text[from..e] == buf[from..e] {
            raw.clone()
        } else {
            line_of(masked_text, from..e)
        };
        block.lines.push(BlockLine {
            line: first + i,
            start: start + from,
            raw,
            text,
        });
        from = nl + 1;
    }
    block
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}

/// Blanks leading indentation and block-quote markers on every line after the first (the first
/// line starts at the node's own column already); `line_starts`: one past each `\n` of `buf`.
fn blank_container_prefixes(buf: &mut [u8], line_starts: impl Iterator<Item = usize>) {
    for mut i in line_starts {
        while i < buf.len() && matches!(buf[i], b' ' | b'\t' | b'>') {
            buf[i] = b' ';
            i += 1;
        }
    }
}

/// Blanks the opening `#`s and an optional closing `#` sequence of an ATX heading.
fn blank_atx_markers(buf: &mut [u8]) {
    let mut i = 0;
    while i < buf.len() && buf[i] == b'#' {
        buf[i] = b' ';
        i += 1;
    }
    let mut j = buf.len();
    while j > i && matches!(buf[j - 1], b' ' | b'\t' | b'\r') {
        j -= 1;
    }
    let end = j;
    while j > i && buf[j - 1] == b'#' {
        j -= 1;
    }
    if j < end && (j == i || matches!(buf[j - 1], b' ' | b'\t')) {
        for b in &mut buf[j..end] {
            *b = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_or_not() {
        assert!(is_one_paragraph("some text\n    indented continuation\n"));
        assert!(is_one_paragraph("14:00 UTC - alert fires"));
        assert!(!is_one_paragraph("    indented code"));
        assert!(!is_one_paragraph("- a list item"));
        assert!(!is_one_paragraph("2. an ordered list"));
        assert!(!is_one_paragraph("<div>\nhtml\n</div>"));
        assert!(!is_one_paragraph("text\n\nmore text"));
        assert!(!is_one_paragraph("> quoted"));
        assert!(!is_one_paragraph(""));
    }

    fn blocks(text: &str) -> Markdown {
        parse(&SourceFile::new("t.md", text))
    }

    #[test]
    fn headings_of_every_form_and_their_text() {
        let md = blocks("# One #\n\nTwo:\n----\n\npara `at 10:00` line\nsecond\n");
        assert_eq!(
            md.blocks[0].kind,
            BlockKind::Heading {
                level: 1,
                setext: false
            }
        );
        assert_eq!(md.blocks[0].lines[0].text.trim(), "One");
        assert_eq!(
            md.blocks[1].kind,
            BlockKind::Heading {
                level: 2,
                setext: true
            }
        );
        assert_eq!(md.blocks[1].lines.len(), 1);
        assert_eq!(md.blocks[1].lines[0].text, "Two:");
        let p = &md.blocks[2];
        assert_eq!(p.lines.len(), 2);
        assert!(!p.lines[0].text.contains("10:00"));
        assert_eq!(p.lines[1].line, 7);
    }

    #[test]
    fn list_items_nest_and_tables_have_rows() {
        let md = blocks("- a\n  - b\n- [x] c\n\n| T | E |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(md.items.len(), 3);
        assert_eq!(md.items[1].parent, Some(0));
        assert_eq!(md.items[2].task, Some(true));
        let rows: Vec<_> = md
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::TableRow { .. }))
            .collect();
        assert_eq!(rows.len(), 2);
        assert!(rows[1].lines[0].text.contains('1'));
        assert!(!rows[1].lines[0].text.contains('|'));
    }

    #[test]
    fn blanked_prefixes_and_unchanged_text_lines_keep_the_source_text() {
        let src = SourceFile::new(
            "t.md",
            "> **quoted** é 14:05\n> more — 15:00\n>\tlast `x`\n",
        );
        let md = parse(&src);
        let lines = &md.blocks[0].lines;
        assert_eq!(lines[1].raw, "  more — 15:00");
        assert_eq!(lines[1].text, lines[1].raw);
        assert_eq!(lines[2].raw, "  last    ");
        assert_eq!(lines[0].text, "  quoted   é 14:05");
        for line in lines {
            assert_eq!(line.raw.len(), src.line_span(line.line).end - line.start);
        }
    }

    #[test]
    fn offsets_map_to_the_source() {
        let src = SourceFile::new("t.md", "> quoted 14:05\n> more 15:00\n");
        let md = parse(&src);
        for line in &md.blocks[0].lines {
            let at = line.text.find(':').unwrap();
            assert_eq!(&src.text[line.start + at..line.start + at + 1], ":");
        }
    }
}
