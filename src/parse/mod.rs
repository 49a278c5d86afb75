//! Markdown structure: the only module that touches comrak.
//!
//! [`parse`] runs comrak once (CommonMark + GFM tables, task lists, footnotes) and
//! flattens its tree into [`Block`]s in document order: headings, paragraphs, table rows, HTML
//! blocks, code blocks and thematic breaks, each with its lines of source text. List items become
//! [`ListItem`]s that blocks point into. Nothing downstream sees a comrak node.
//!
//! comrak reads the block structure from a copy of the text with most inline markup masked
//! (`block_text`): the same blocks at the same positions, at a fraction of comrak's inline work.
//! [`check_block_text`] compares the two parses of a text.

mod block_text;
mod mask;

pub use block_text::check as check_block_text;

use crate::source::{SourceFile, Span};
use comrak::nodes::{NodeValue, Sourcepos};
use comrak::{parse_document, Arena, Options};
use std::ops::Range;
use std::sync::Arc;

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

/// One source line of a block: where it is, and its bytes as two masked strings, read with
/// [`BlockLine::raw`] and [`BlockLine::text`].
///
/// A line owns no bytes: the lines of a document share its masked bytes ([`Masked`]: the `raw`
/// copy of the whole document and its `text` copy, the same length) and each holds its place in
/// them. Two allocations per line fewer (173 of pmlint's ~776 per generated
/// postmortem), with their copies and frees.
#[derive(Clone)]
pub struct BlockLine {
    /// 1-based source line number.
    pub line: usize,
    /// Byte offset in the source of the first byte of `raw`/`text`.
    pub start: usize,
    /// The masked bytes of the whole document, or of one block built on its own.
    masked: Arc<Masked>,
    /// Offsets of the line's bytes in both copies of `masked` (an end rather than a length: one
    /// addition fewer per read).
    at: usize,
    end: usize,
}

impl BlockLine {
    /// The line `range` (byte offsets into either copy) of the masked bytes `masked`, at byte
    /// `start` of the source.
    fn cut(line: usize, start: usize, masked: &Arc<Masked>, range: Range<usize>) -> BlockLine {
        BlockLine {
            line,
            start,
            masked: Arc::clone(masked),
            at: range.start,
            end: range.end.max(range.start),
        }
    }

    /// A line with the given `raw` and `text` (of the same length in bytes; panics otherwise).
    #[cfg(test)]
    pub fn new(line: usize, start: usize, raw: &str, text: &str) -> BlockLine {
        assert_eq!(raw.len(), text.len(), "raw and text of different lengths");
        BlockLine::cut(line, start, &Masked::new(raw, text), 0..raw.len())
    }

    /// The source bytes of the line that belong to the block, with code spans and HTML comments
    /// blanked to spaces (same byte length as the source slice).
    #[inline]
    pub fn raw(&self) -> &str {
        let raw = &self.masked.raw;
        raw.get(self.at..self.end).unwrap_or_default()
    }

    /// `raw` with all inline markup blanked as well (HTML tags, link destinations, images, URLs,
    /// emphasis, pipes, container prefixes): only prose and punctuation remain, at source
    /// offsets.
    #[inline]
    pub fn text(&self) -> &str {
        let text = &self.masked.text;
        text.get(self.at..self.end).unwrap_or_default()
    }

    /// Source span of the non-blank part of `text` (the whole line if it is blank).
    pub fn content_span(&self) -> Span {
        let (lead, trimmed) = trimmed_bounds(self.text());
        if trimmed <= lead {
            return self.start..self.start + self.raw().trim_end().len();
        }
        self.start + lead..self.start + trimmed
    }
}

/// The masked bytes that the lines of a document (or of one block) are cut from: the `raw` and
/// `text` forms of its bytes, the same length, at the same offsets.
#[derive(Debug)]
struct Masked {
    raw: Box<str>,
    text: Box<str>,
}

impl Masked {
    /// The two forms, copied. Into a `Box<str>` each rather than both into one `Arc<str>`: glibc
    /// copies the one buffer of twice the document's length with `rep movsb`, which callgrind
    /// counts byte by byte (~10K instructions per generated postmortem, against ~1.5K for the two
    /// halves).
    fn new(raw: &str, text: &str) -> Arc<Masked> {
        Arc::new(Masked {
            raw: raw.into(),
            text: text.into(),
        })
    }
}

impl std::fmt::Debug for BlockLine {
    /// The line as the fields it had when it owned its strings: `line`, `start`, `raw`, `text`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockLine")
            .field("line", &self.line)
            .field("start", &self.start)
            .field("raw", &self.raw())
            .field("text", &self.text())
            .finish()
    }
}

/// `text.len() - text.trim_start().len()` and `text.trim_end().len()`: the bounds of `text`
/// without leading and trailing whitespace (Unicode `White_Space`). Found byte by byte while the
/// ends are ASCII, as they nearly always are; a non-ASCII byte next to the whitespace (which
/// may start a whitespace character) hands the end over to `str`'s trimming.
fn trimmed_bounds(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    let lead = match bytes.iter().position(|b| !space(b)) {
        Some(i) if bytes[i] < 0x80 => i,
        Some(_) => text.len() - text.trim_start().len(),
        None => return (text.len(), 0),
    };
    let trimmed = match bytes.iter().rposition(|b| !space(b)) {
        Some(i) if bytes[i] < 0x80 => i + 1,
        _ => text.trim_end().len(),
    };
    (lead, trimmed)
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
    // Footnote definitions stay where they are written (comrak's default moves them to the end
    // and drops those nothing references): lint what the author wrote, where it is, and let no
    // inline reference change the blocks (see `block_text`).
    o.parse.leave_footnote_definitions = true;
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
    let blocks = build_blocks(src, &pending).unwrap_or_else(|| build_blocks_apart(src, &pending));
    Markdown { blocks, items }
}

/// Each block built on its own ([`build_block`]): what [`build_blocks`] does in one pass over
/// the whole document, and where it gives up.
fn build_blocks_apart(src: &SourceFile, pending: &[Pending]) -> Vec<Block> {
    let mut scratch = Scratch::default();
    pending
        .iter()
        .map(|p| build_block(src, p, &mut scratch))
        .collect()
}

/// The buffers [`build_block`] masks a block's bytes in, reused from block to block.
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

impl Pending {
    /// This block with no lines yet, at `span` (byte offsets into the source).
    fn block(&self, span: Span) -> Block {
        Block {
            kind: self.kind,
            span,
            lines: Vec::new(),
            item: self.item,
            in_quote: self.in_quote,
        }
    }
}

/// Parses `src` with comrak and walks the tree: its leaf blocks in document order, and its list
/// items.
fn walk_tree(src: &SourceFile) -> (Vec<Pending>, Vec<ListItem>) {
    let arena = Arena::new();
    // comrak reads the block structure from a copy with most inline markup masked
    // (`block_text`: the same blocks at the same positions, at a fraction of the inline work).
    // The copy is UTF-8 by construction; were it not, the source itself is parsed.
    let masked = block_text::block_text(src);
    let text = crate::source::utf8(&masked).unwrap_or(&src.text);
    let root = parse_document(&arena, text, &options());
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
            walk.leave(node);
        }
        // (A leaf block opened nothing: no call to leave it.)
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
        && build_block(&src, p, &mut Scratch::default()).lines.len() == src.line_count()
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
    span_and_line_end(src, pos).0
}

/// [`span_of`] `pos`, and the byte offset where the last line of `pos` (its end line, or its
/// start line if later) ends, without its line ending (0 for a node without a position): what
/// [`region`] takes so as not to find it again.
fn span_and_line_end(src: &SourceFile, pos: Sourcepos) -> (Span, usize) {
    if pos.start.line == 0 {
        return (0..0, 0);
    }
    let start = src.line_start(pos.start.line) + pos.start.column.saturating_sub(1);
    let line_end = src.line_span(pos.end.line.max(pos.start.line)).end;
    let end = (src.line_start(pos.end.line) + pos.end.column)
        .min(line_end)
        .max(start);
    let start = start.min(src.text.len());
    (
        clamp_to_chars(src, start..end.min(src.text.len())),
        line_end,
    )
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

/// Where a block's lines lie in the source: 1-based `first` line, bytes `start..end` (from the
/// node's column, or the first line's start for whole-line kinds, to the end of the last line
/// of text), and one past each `\n` in between. `None` for a block without lines (a code block,
/// a node without a position).
struct Region<'s> {
    first: usize,
    start: usize,
    end: usize,
    line_starts: &'s [usize],
}

/// The region of a block of `kind` at `pos`, whose span is `span` and whose last line ends at
/// byte `line_end` (both from [`span_and_line_end`]).
fn region<'s>(
    src: &'s SourceFile,
    kind: BlockKind,
    pos: Sourcepos,
    span: &Span,
    line_end: usize,
) -> Option<Region<'s>> {
    if matches!(kind, BlockKind::Code) || pos.start.line == 0 {
        return None;
    }
    let first = pos.start.line;
    let mut last = pos.end.line.max(first);
    let last_of_node = last;
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
    // The end of the node's last line is known; a setext heading's last text line is found.
    let last_end = if last == last_of_node {
        line_end
    } else {
        src.line_span(last).end
    };
    let end = last_end.max(start);
    Some(Region {
        first,
        start,
        end,
        // One past each `\n` of the block, from the line index (no search for them).
        line_starts: src.line_starts_of_lines(start..end, first, last),
    })
}

/// Whether [`mask_raw`] may change a block whose bytes are among `seen`.
fn raw_may_change(seen: &mask::ByteSet) -> bool {
    seen.has(b'\n') | mask::may_hold_code_or_comment(seen)
}

/// Blanks container prefixes (after each line start in `line_starts`, offsets into `raw`), code
/// spans and comments in `raw`, a block's source bytes.
fn mask_raw(
    kind: BlockKind,
    raw: &mut [u8],
    line_starts: impl Iterator<Item = usize>,
    seen: &mask::ByteSet,
) {
    if seen.has(b'\n') {
        blank_container_prefixes(raw, line_starts);
    }
    if mask::may_hold_code_or_comment(seen) {
        mask::blank_code_and_comments_with(raw, matches!(kind, BlockKind::Heading { .. }), seen);
    }
}

/// Whether [`mask_text`] may change a block of `kind` whose bytes are among `seen`.
fn text_may_change(kind: BlockKind, seen: &mask::ByteSet) -> bool {
    let atx = matches!(kind, BlockKind::Heading { setext: false, .. });
    !matches!(kind, BlockKind::ThematicBreak) && (atx || mask::may_blank(seen))
}

/// Blanks ATX heading markers and inline markup in `text` (a block's bytes after [`mask_raw`]).
fn mask_text(kind: BlockKind, text: &mut [u8], seen: &mask::ByteSet) {
    if matches!(kind, BlockKind::Heading { setext: false, .. }) {
        blank_atx_markers(text);
    }
    mask::blank_markup_with(text, seen);
}

/// Masks the bytes of the block `r` of `kind`: `raw` and `text` hold copies of its source bytes
/// (`r.start..r.end`), whose byte values are among `seen`; `raw` becomes its `raw` form, `text`
/// its `text` form. Each step is skipped when `seen` shows it changes nothing.
fn mask_block(
    kind: BlockKind,
    r: &Region<'_>,
    raw: &mut [u8],
    text: &mut [u8],
    seen: &mask::ByteSet,
) {
    if raw_may_change(seen) {
        mask_raw(kind, raw, r.line_starts.iter().map(|s| s - r.start), seen);
        text.copy_from_slice(raw);
    }
    if text_may_change(kind, seen) {
        mask_text(kind, text, seen);
    }
}

/// The lines of the block `r`: `masked` holds its `raw` and `text` bytes from byte `base` of the
/// source on (at least to `r.end`).
fn block_lines(r: &Region<'_>, masked: &Arc<Masked>, base: usize) -> Vec<BlockLine> {
    let raw_bytes = masked.raw.as_bytes();
    // Sized once (no growth path): one line per `\n` in the block, plus the last.
    let mut lines = Vec::with_capacity(r.line_starts.len() + 1);
    let mut from = r.start;
    // Each line ends at the `\n` before the next start, the last at the block's end (a select,
    // not a chained iterator, which costs a mispredicted branch where it turns to the last).
    for i in 0..=r.line_starts.len() {
        let nl = r.line_starts.get(i).map_or(r.end, |s| s - 1);
        let mut e = nl;
        if e > from && raw_bytes.get(e - 1 - base) == Some(&b'\r') {
            e -= 1;
        }
        lines.push(BlockLine::cut(
            r.first + i,
            from,
            masked,
            from - base..e - base,
        ));
        from = nl + 1;
    }
    lines
}

/// Builds one block: its bytes copied to `scratch`, masked there, checked as UTF-8 and
/// kept for its lines alone (the clear version of [`build_blocks`], which [`parse`] falls back
/// to).
fn build_block(src: &SourceFile, p: &Pending, scratch: &mut Scratch) -> Block {
    let (span, line_end) = span_and_line_end(src, p.pos);
    let mut block = p.block(span.clone());
    let Some(r) = region(src, p.kind, p.pos, &span, line_end) else {
        return block;
    };
    let source = &src.text.as_bytes()[r.start..r.end];
    let seen = mask::ByteSet::of(source);
    let Scratch { raw, text } = scratch;
    raw.clear();
    raw.extend_from_slice(source);
    text.clear();
    text.extend_from_slice(source);
    mask_block(p.kind, &r, raw, text, &seen);
    // Masking writes spaces over whole characters, so both copies stay UTF-8.
    let utf8 = |b| crate::source::utf8(b).unwrap_or_default();
    let masked = Masked::new(utf8(raw), utf8(text));
    block.lines = block_lines(&r, &masked, r.start);
    block
}

/// Builds every block from two copies of the whole document (`raw` and `text`), masked block by
/// block in place, then checked as UTF-8 once each and shared by every line: one check per
/// document instead of one per block, and no bytes per line. The same blocks as
/// [`build_block`] builds one by one (a block whose bytes would overlap those of an earlier
/// block is built that way); `None` if a copy is not UTF-8, which masking whole characters
/// rules out.
fn build_blocks(src: &SourceFile, pending: &[Pending]) -> Option<Vec<Block>> {
    let bytes = src.text.as_bytes();
    // Copied when the first block with lines is found.
    let (mut raw_doc, mut text_doc) = (Vec::new(), Vec::new());
    // End of the last block's bytes in the copies: later blocks are masked there only after it.
    let mut built_to = 0;
    let mut scratch = Scratch::default();
    let mut blocks = Vec::with_capacity(pending.len());
    // Each block's lines, once the copies are checked: (index in `blocks`, region).
    let mut regions = Vec::with_capacity(pending.len());
    for p in pending {
        let (span, line_end) = span_and_line_end(src, p.pos);
        let Some(r) = region(src, p.kind, p.pos, &span, line_end) else {
            blocks.push(p.block(span));
            continue;
        };
        if r.start < built_to {
            blocks.push(build_block(src, p, &mut scratch));
            continue;
        }
        built_to = r.end;
        if regions.is_empty() {
            raw_doc = bytes.to_vec();
            text_doc = bytes.to_vec();
        }
        let (start, end) = (r.start, r.end);
        let seen = mask::ByteSet::of(&bytes[start..end]);
        mask_block(
            p.kind,
            &r,
            &mut raw_doc[start..end],
            &mut text_doc[start..end],
            &seen,
        );
        regions.push((blocks.len(), r));
        blocks.push(p.block(span));
    }
    if regions.is_empty() {
        return Some(blocks);
    }
    // Masking writes spaces over whole characters, so both copies stay UTF-8.
    let masked = Masked::new(
        crate::source::utf8(&raw_doc)?,
        crate::source::utf8(&text_doc)?,
    );
    for (k, r) in &regions {
        blocks[*k].lines = block_lines(r, &masked, 0);
    }
    Some(blocks)
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
        assert_eq!(md.blocks[0].lines[0].text().trim(), "One");
        assert_eq!(
            md.blocks[1].kind,
            BlockKind::Heading {
                level: 2,
                setext: true
            }
        );
        assert_eq!(md.blocks[1].lines.len(), 1);
        assert_eq!(md.blocks[1].lines[0].text(), "Two:");
        let p = &md.blocks[2];
        assert_eq!(p.lines.len(), 2);
        assert!(!p.lines[0].text().contains("10:00"));
        assert_eq!(p.lines[1].line, 7);
    }

    #[test]
    fn footnote_definitions_stay_where_they_are_written() {
        // comrak's default would move the referenced definition to the end and drop the other.
        let md = blocks("## Timeline\n\n[^a]: 10:00 used[^a]\n\n[^b]: 11:00 unused\n\n## Next\n");
        let kinds: Vec<_> = md
            .blocks
            .iter()
            .map(|b| (b.kind, b.lines[0].line))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    BlockKind::Heading {
                        level: 2,
                        setext: false
                    },
                    1
                ),
                (BlockKind::Paragraph, 3),
                (BlockKind::Paragraph, 5),
                (
                    BlockKind::Heading {
                        level: 2,
                        setext: false
                    },
                    7
                ),
            ]
        );
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
        assert!(rows[1].lines[0].text().contains('1'));
        assert!(!rows[1].lines[0].text().contains('|'));
    }

    #[test]
    fn blanked_prefixes_and_unchanged_text_lines_keep_the_source_text() {
        let src = SourceFile::new(
            "t.md",
            "> **quoted** é 14:05\n> more — 15:00\n>\tlast `x`\n",
        );
        let md = parse(&src);
        let lines = &md.blocks[0].lines;
        assert_eq!(lines[1].raw(), "  more — 15:00");
        assert_eq!(lines[1].text(), lines[1].raw());
        assert_eq!(lines[2].raw(), "  last    ");
        assert_eq!(lines[0].text(), "  quoted   é 14:05");
        for line in lines {
            assert_eq!(line.raw().len(), src.line_span(line.line).end - line.start);
        }
    }

    /// Markdown documents from pieces that start and end blocks, containers and inline markup.
    fn generated_documents(n: usize, seed: u64) -> Vec<String> {
        let pieces = [
            "\n",
            "\n\n",
            "\r\n",
            "> ",
            ">",
            "- ",
            "  - ",
            "1. ",
            "* [ ] ",
            "- [x] ",
            "# ",
            "## ",
            " #",
            "Title\n---\n",
            "===\n",
            "---\n",
            "***\n",
            "```\ncode\n```\n",
            "    ",
            "\t",
            "`",
            "``",
            "`x`",
            "<!--",
            "-->",
            "<div>",
            "</div>\n",
            "<b>",
            "<https://a.b>",
            "|",
            "| a | b |\n|---|---|\n",
            "[",
            "]",
            "](",
            "[^1]: ",
            "[^1]",
            "![i](p.png)",
            "[x](y \"t\")",
            "http://x.y/z",
            "www.a.b",
            "*",
            "**",
            "_",
            "~~",
            "~",
            "\\",
            "\\*",
            "14:05",
            "text",
            "more words",
            "é",
            "—",
            "🚀",
            "\u{a0}",
            " ",
            "  ",
            "x_y",
            "---",
            "\n    indented\n",
        ];
        crate::test_texts::random(&pieces, n, 41, seed)
    }

    #[test]
    fn blocks_built_in_one_pass_are_those_built_one_by_one() {
        let mut lines = 0;
        for text in generated_documents(20_000, 7) {
            let src = SourceFile::new("t.md", text.as_str());
            let (pending, _) = walk_tree(&src);
            let apart = build_blocks_apart(&src, &pending);
            let Some(together) = build_blocks(&src, &pending) else {
                panic!("not UTF-8: {text:?}");
            };
            assert_eq!(format!("{together:?}"), format!("{apart:?}"), "{text:?}");
            lines += apart.iter().map(|b| b.lines.len()).sum::<usize>();
        }
        assert!(lines > 50_000, "{lines}");
    }

    #[test]
    fn lines_read_their_own_bytes_of_the_shared_buffer() {
        // Each line's `raw` is its source bytes with some blanked, and its `text` is `raw` with
        // more blanked: the ranges into the shared buffer land on the line's own bytes.
        let mut lines = 0;
        for doc in generated_documents(5_000, 11) {
            let src = SourceFile::new("t.md", doc.as_str());
            for line in parse(&src).blocks.iter().flat_map(|b| &b.lines) {
                let source = &src.text.as_bytes()[line.start..line.start + line.raw().len()];
                let (raw, text) = (line.raw().as_bytes(), line.text().as_bytes());
                assert_eq!(raw.len(), text.len(), "{doc:?}");
                for ((&s, &r), &t) in source.iter().zip(raw).zip(text) {
                    assert!(r == s || r == b' ', "{doc:?}");
                    assert!(t == r || t == b' ', "{doc:?}");
                }
                lines += 1;
            }
        }
        assert!(lines > 10_000, "{lines}");
    }

    #[test]
    fn regions_end_where_their_last_line_ends() {
        // `region` takes the end of a block's last line from `span_and_line_end` (found once
        // for both) unless a setext underline was dropped: the end it would find itself.
        let mut regions = 0;
        for doc in generated_documents(5_000, 13) {
            let src = SourceFile::new("t.md", doc.as_str());
            for p in walk_tree(&src).0 {
                let (span, line_end) = span_and_line_end(&src, p.pos);
                let Some(r) = region(&src, p.kind, p.pos, &span, line_end) else {
                    continue;
                };
                let last = r.first + r.line_starts.len();
                assert_eq!(r.end, src.line_span(last).end.max(r.start), "{doc:?}");
                regions += 1;
            }
        }
        assert!(regions > 10_000, "{regions}");
    }

    #[test]
    fn trimmed_bounds_are_those_of_str_trimming() {
        let pieces = [
            " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{a0}", "\u{85}", "\u{3000}", "a", "é", "—",
        ];
        for t in crate::test_texts::random(&pieces, 30_000, 12, 31) {
            let want = (t.len() - t.trim_start().len(), t.trim_end().len());
            let got = trimmed_bounds(&t);
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn offsets_map_to_the_source() {
        let src = SourceFile::new("t.md", "> quoted 14:05\n> more 15:00\n");
        let md = parse(&src);
        for line in &md.blocks[0].lines {
            let at = line.text().find(':').unwrap();
            assert_eq!(&src.text[line.start + at..line.start + at + 1], ":");
        }
    }
}
