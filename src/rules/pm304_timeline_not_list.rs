//! PM304 timeline-not-list: timeline entries written as paragraph lines, not list items or rows.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::timeline::EntryForm;
use crate::facts::{Entry, Postmortem, Timeline};
use crate::parse::{is_one_paragraph, parse, Block, BlockKind, ListItem, ReparseBudget};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use crate::source::SourceFile;
use std::ops::Range;

pub static META: RuleMeta = RuleMeta {
    code: "PM304",
    name: "timeline-not-list",
    summary: "timeline entries are written as paragraph lines rather than list items or table rows",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../rules/PM304.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // Built on the first timeline that has paragraph-line entries (most documents have none).
    let mut index: Option<Index> = None;
    let mut budget = ReparseBudget::for_document(pm.source.text.len());
    for tl in &pm.timelines {
        let paragraph_line = |e: &Entry| e.form == EntryForm::ParagraphLine;
        let total = tl.entries.iter().filter(|e| paragraph_line(e)).count();
        if total < 2 {
            continue; // one line with a time is prose, not a timeline written as paragraphs
        }
        // Runs of consecutive paragraph-line entries: parts of the entries, not a vector each.
        let runs = tl
            .entries
            .chunk_by(|a, b| paragraph_line(a) == paragraph_line(b))
            .filter(|run| paragraph_line(&run[0]));
        let index = index.get_or_insert_with(|| Index::new(pm));
        let mut lines: Vec<usize> = tl.entries.iter().map(|e| e.line).collect();
        lines.sort_unstable();
        for run in runs {
            let (first, last) = (&run[0], &run[run.len() - 1]);
            // One paragraph (consecutive lines) renders as one run-on line; separate paragraphs don't.
            let block_of = |e: &Entry| index.block_at(e.span.start);
            let one_paragraph = run.windows(2).all(|w| block_of(&w[0]) == block_of(&w[1]));
            let (what, label) = if one_paragraph {
                ("lines of a paragraph", "rendered as one run-on paragraph")
            } else {
                ("separate paragraphs", "rendered as paragraphs, not a list")
            };
            let d = r
                .report(first.span.start..last.span.end, format!("{} timeline entries are {what}, not list items", run.len()))
                .label(label)
                .help("start each entry with `- ` so that it renders as a list item (Markdown joins the lines of a paragraph into one)");
            if let Some(fix) = list_fix(pm, index, tl, &lines, run, &mut budget) {
                d.fix(fix);
            }
        }
    }
}

/// The fix for one run of paragraph-line entries, or `None` when it could change more than the
/// list structure (entries in a block quote; an indented code block after an entry, which the
/// new list item would take in as text). `lines`: the lines of all the timeline's entries, sorted.
///
/// - Each entry line's indentation is replaced by `- `, so every entry starts a top-level item
///   (keeping an indentation of 2 or more would nest it in the item above).
/// - A top-level list between an entry and the next entry of the timeline (its details, as
///   the timeline reads them) is indented by two spaces, so it stays under that entry instead of
///   joining the entries' list.
/// - A section title written as a line of the same paragraph after the last entry gets a blank
///   line before it; otherwise it would become a continuation line of the last item.
///
/// Looks only at the blocks, items and titles from the run to the next entry (through `index`),
/// so that a document with many timelines costs time linear in its length.
fn list_fix(
    pm: &Postmortem,
    index: &Index,
    tl: &Timeline,
    lines: &[usize],
    run: &[Entry],
    budget: &mut ReparseBudget,
) -> Option<Fix> {
    let src = pm.source;
    let (first, last) = (&run[0], &run[run.len() - 1]);
    if run
        .iter()
        .any(|e| src.line_text(e.line).trim_start().starts_with('>'))
    {
        return None;
    }
    // The run's reach: up to the next entry of the timeline, or the end of its section.
    let section = &pm.sections[tl.section];
    let section_end =
        pm.markdown
            .blocks
            .get(section.body.end.block)
            .map_or(src.line_count() + 1, |b| {
                b.lines
                    .get(section.body.end.line)
                    .map_or_else(|| src.line_of(b.span.start), |l| l.line)
            });
    let next_entry = lines.get(lines.partition_point(|&l| l <= last.line));
    let until = next_entry.copied().unwrap_or(section_end).min(section_end);
    let reach = |line: usize| line > first.line && line < until;
    // A block starts on a line in reach only if it starts from the line after the first entry
    // up to the start of line `until` (`SourceFile::line_of` counts the line starts up to it).
    let starting_in_reach =
        index.blocks_starting_in(src.line_start(first.line + 1), src.line_start(until));
    let indented_code = pm.markdown.blocks[starting_in_reach].iter().any(|b| {
        let line = src.line_of(b.span.start);
        let text = src.line_text(line).trim_start();
        b.kind == BlockKind::Code
            && reach(line)
            && !text.starts_with("```")
            && !text.starts_with("~~~")
    });
    if indented_code {
        return None;
    }
    let mut edits: Vec<Edit> = Vec::new();
    for e in run {
        let line = src.line_span(e.line);
        let (_, lead) = src.indentation(e.line);
        edits.push(Edit {
            span: line.start..line.start + lead,
            replacement: "- ".to_string(),
        });
    }
    let items = &pm.markdown.items[index.items_on_lines(first.line + 1, until)];
    for item in items.iter().filter(|i| i.parent.is_none()) {
        let starts_list = src
            .line_text(item.line)
            .trim_start()
            .starts_with(|c: char| matches!(c, '-' | '*' | '+') || c.is_ascii_digit());
        if !reach(item.line) || !starts_list {
            continue;
        }
        let end_line = src.line_of(item.span.end.saturating_sub(1).max(item.span.start));
        for l in item.line..=end_line {
            if !src.line_text(l).trim().is_empty() {
                let at = src.line_start(l);
                edits.push(Edit {
                    span: at..at,
                    replacement: "  ".to_string(),
                });
            }
        }
    }
    let last_block = index.block_at(last.span.start);
    let title_after = last_block.and_then(|lb| {
        index
            .titles_in(lb)
            .map(|&(_, si)| &pm.sections[si])
            .find(|s| !s.is_heading() && s.title_line > last.line)
    });
    if let Some(title) = title_after {
        let end = src.line_span(title.title_line - 1).end;
        let newline = if src.text[end..].starts_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        edits.push(Edit {
            span: end..end,
            replacement: newline.to_string(),
        });
    }
    // Each paragraph that holds entries must come out as the list it is meant to be.
    let cut = title_after.map(|t| t.title_line);
    let mut entries: Vec<usize> = run.iter().map(|e| e.line).collect();
    entries.sort_unstable();
    for bi in index.blocks_holding(&entries) {
        let block = &pm.markdown.blocks[bi];
        // `becomes_list` re-parses the paragraph (twice at most: the list, and the lines after
        // the cut); over the document's budget, no fix is offered.
        if block.kind == BlockKind::Paragraph
            && (!budget.take(2 * block.span.len()) || !becomes_list(src, block, &entries, cut))
        {
            return None;
        }
    }
    edits.sort_by_key(|e| e.span.start);
    edits.dedup_by_key(|e| e.span.start);
    Some(Fix {
        applicability: Applicability::Safe,
        edits,
    })
}

/// The document's blocks, list items and section titles by position, so that each run of
/// entries looks only at its own part of the document: binary searches when the blocks are in
/// source order without overlapping (spans, and the consecutive line numbers of the blocks that
/// have lines) and the items in line order, as comrak's leaf blocks and list items are; whole
/// scans otherwise, which give the same answers.
struct Index<'a> {
    blocks: &'a [Block],
    items: &'a [ListItem],
    blocks_ordered: bool,
    items_ordered: bool,
    /// Indices of the blocks that have lines, in order.
    lined: Vec<usize>,
    /// (block of the title, index in `Postmortem::sections`) of every section, sorted.
    titles: Vec<(usize, usize)>,
}

impl<'a> Index<'a> {
    fn new(pm: &'a Postmortem) -> Self {
        let blocks = &pm.markdown.blocks[..];
        let items = &pm.markdown.items[..];
        let lined: Vec<usize> = (0..blocks.len())
            .filter(|&bi| !blocks[bi].lines.is_empty())
            .collect();
        let consecutive = |b: &Block| {
            let first = b.lines[0].line;
            b.lines.iter().enumerate().all(|(i, l)| l.line == first + i)
        };
        let blocks_ordered = blocks.iter().all(|b| b.span.start <= b.span.end)
            && blocks.windows(2).all(|w| w[0].span.end <= w[1].span.start)
            && lined.iter().all(|&bi| consecutive(&blocks[bi]))
            && lined.windows(2).all(|w| {
                blocks[w[0]].lines.last().map(|l| l.line)
                    < blocks[w[1]].lines.first().map(|l| l.line)
            });
        let mut titles: Vec<(usize, usize)> = pm
            .sections
            .iter()
            .enumerate()
            .map(|(si, s)| (s.title_at.block, si))
            .collect();
        titles.sort_unstable();
        Index {
            blocks,
            items,
            blocks_ordered,
            items_ordered: items.is_sorted_by_key(|i| i.line),
            lined,
            titles,
        }
    }

    /// The first block whose span holds byte `offset`.
    fn block_at(&self, offset: usize) -> Option<usize> {
        if !self.blocks_ordered {
            return self
                .blocks
                .iter()
                .position(|b| b.span.start <= offset && offset < b.span.end);
        }
        // Spans are disjoint: only the last block starting at or before `offset` can hold it.
        let p = self.blocks.partition_point(|b| b.span.start <= offset);
        (p > 0 && offset < self.blocks[p - 1].span.end).then(|| p - 1)
    }

    /// Indices of blocks that may start at a byte from `from` to `to` (both inclusive): exactly
    /// those when the blocks are in order, else all of them.
    fn blocks_starting_in(&self, from: usize, to: usize) -> Range<usize> {
        if !self.blocks_ordered {
            return 0..self.blocks.len();
        }
        let start = self.blocks.partition_point(|b| b.span.start < from);
        start
            ..self
                .blocks
                .partition_point(|b| b.span.start <= to)
                .max(start)
    }

    /// Indices of items that may be on a line from `from` (inclusive) to `until` (exclusive).
    fn items_on_lines(&self, from: usize, until: usize) -> Range<usize> {
        if !self.items_ordered {
            return 0..self.items.len();
        }
        let start = self.items.partition_point(|i| i.line < from);
        start..self.items.partition_point(|i| i.line < until).max(start)
    }

    /// Indices, in order, of the blocks that have a line numbered as one of `lines` (sorted).
    fn blocks_holding(&self, lines: &[usize]) -> Vec<usize> {
        if !self.blocks_ordered {
            return (0..self.blocks.len())
                .filter(|&bi| {
                    let b = &self.blocks[bi];
                    b.lines.iter().any(|l| lines.binary_search(&l.line).is_ok())
                })
                .collect();
        }
        let mut found: Vec<usize> = lines
            .iter()
            .filter_map(|&line| {
                let k = self.lined.partition_point(|&bi| {
                    self.blocks[bi].lines.last().is_some_and(|l| l.line < line)
                });
                let &bi = self.lined.get(k)?;
                (self.blocks[bi].lines[0].line <= line).then_some(bi)
            })
            .collect();
        found.dedup(); // `lines` is sorted, so the blocks come in order
        found
    }

    /// The sections whose title is in block `block`, in document order.
    fn titles_in(&self, block: usize) -> impl Iterator<Item = &(usize, usize)> {
        let from = self.titles.partition_point(|&(b, _)| b < block);
        self.titles[from..]
            .iter()
            .take_while(move |&&(b, _)| b == block)
    }
}

/// Whether the paragraph `block`, with `- ` in place of the indentation of its `entries` lines
/// and cut before line `cut` (a title that the fix moves out after a blank line), parses as it
/// should: the lines before the first entry as one paragraph, then one top-level list item per
/// entry, holding one paragraph made of the entry's line and the lines after it up to the next
/// entry. The lines from `cut` on must still be one paragraph. A line that would start a block
/// of its own inside an item (`    - detail` is text in a paragraph, but a nested list under
/// `- 14:00 …`) makes it fail. `entries` is sorted.
fn becomes_list(src: &SourceFile, block: &Block, entries: &[usize], cut: Option<usize>) -> bool {
    let all: Vec<usize> = block.lines.iter().map(|l| l.line).collect();
    let (lines, rest): (Vec<usize>, Vec<usize>) =
        all.iter().partition(|&&l| cut.is_none_or(|c| l < c));
    if let (Some(&from), Some(&to)) = (rest.first(), rest.last()) {
        if !is_one_paragraph(&src.text[src.line_start(from)..src.line_span(to).end]) {
            return false;
        }
    }
    if rest.is_empty() && lines.iter().all(|&l| entries.binary_search(&l).is_ok()) {
        // Every line is an entry: each becomes an item of its own, and the re-parse comes out as
        // wanted exactly when no item's text starts a block other than a paragraph.
        return lines.iter().all(|&l| {
            let (_, lead) = src.indentation(l);
            starts_plain_paragraph(&src.line_text(l)[lead..])
        });
    }
    let mut text = String::new();
    let mut rows = Vec::new(); // 1-based rows of the entries in `text`
    for (row, &l) in lines.iter().enumerate() {
        if entries.binary_search(&l).is_ok() {
            let (_, lead) = src.indentation(l);
            text.push_str("- ");
            text.push_str(&src.line_text(l)[lead..]);
            rows.push(row + 1);
        } else {
            text.push_str(src.line_text(l));
        }
        text.push('\n');
    }
    let md = parse(&SourceFile::new("", text));
    let prefix = rows.first().map_or(lines.len(), |r| r - 1);
    let mut blocks = md.blocks.iter();
    if prefix > 0 {
        let ok = blocks.next().is_some_and(|b| {
            b.kind == BlockKind::Paragraph && b.item.is_none() && b.lines.len() == prefix
        });
        if !ok {
            return false;
        }
    }
    if md.items.len() != rows.len() {
        return false;
    }
    for (k, &row) in rows.iter().enumerate() {
        let next = rows.get(k + 1).copied().unwrap_or(lines.len() + 1);
        let item = &md.items[k];
        let ok = item.depth == 0
            && item.line == row
            && blocks.next().is_some_and(|b| {
                b.kind == BlockKind::Paragraph && b.item == Some(k) && b.lines.len() == next - row
            });
        if !ok {
            return false;
        }
    }
    blocks.next().is_none()
}

/// Whether `text` (a line without its indentation), put in a list item of its own as `- {text}`,
/// is that item's one paragraph: it starts with an ASCII letter or digit, possibly after
/// emphasis delimiters (`**03:05**`), and not with an ordered list marker (digits, then `.` or
/// `)`). Every other block of CommonMark, GFM and comrak's extensions (headings, quotes, fences,
/// lists, thematic breaks — `*`/`_` with nothing but spaces after —, HTML, definitions,
/// footnotes, math, tables — which need a second line in the item) starts with other
/// punctuation or whitespace, or with a `*` followed by whitespace. A one-line paragraph cannot
/// be a setext heading or lose lines to laziness. Exact for what it accepts; anything else is
/// left to the re-parse.
fn starts_plain_paragraph(text: &str) -> bool {
    let bytes = text.as_bytes();
    let emphasis = bytes
        .iter()
        .take_while(|&&b| b == b'*' || b == b'_')
        .count();
    let bytes = &bytes[emphasis..];
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    match bytes.get(digits) {
        _ if digits == 0 => bytes.first().is_some_and(u8::is_ascii_alphabetic),
        Some(b'.' | b')') => emphasis > 0,
        _ => true,
    }
}
