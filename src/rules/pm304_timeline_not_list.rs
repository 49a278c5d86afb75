//! PM304 timeline-not-list: timeline entries written as paragraph lines, not list items or rows.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::timeline::EntryForm;
use crate::facts::{Entry, Postmortem, Timeline};
use crate::parse::{is_one_paragraph, parse, Block, BlockKind};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use crate::source::SourceFile;

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
    for tl in &pm.timelines {
        // Runs of consecutive paragraph-line entries.
        let mut runs: Vec<Vec<&Entry>> = Vec::new();
        let mut in_run = false;
        for e in &tl.entries {
            if e.form == EntryForm::ParagraphLine {
                if !in_run {
                    runs.push(Vec::new());
                }
                runs.last_mut().expect("pushed").push(e);
                in_run = true;
            } else {
                in_run = false;
            }
        }
        let total: usize = runs.iter().map(Vec::len).sum();
        if total < 2 {
            continue; // one line with a time is prose, not a timeline written as paragraphs
        }
        for run in runs {
            let (first, last) = (run[0], run[run.len() - 1]);
            // One paragraph (consecutive lines) renders as one run-on line; separate paragraphs don't.
            let block_of = |e: &Entry| {
                pm.markdown
                    .blocks
                    .iter()
                    .position(|b| b.span.start <= e.span.start && e.span.start < b.span.end)
            };
            let one_paragraph = run.windows(2).all(|w| block_of(w[0]) == block_of(w[1]));
            let (what, label) = if one_paragraph {
                ("lines of a paragraph", "rendered as one run-on paragraph")
            } else {
                ("separate paragraphs", "rendered as paragraphs, not a list")
            };
            let d = r
                .report(first.span.start..last.span.end, format!("{} timeline entries are {what}, not list items", run.len()))
                .label(label)
                .help("start each entry with `- ` so that it renders as a list item (Markdown joins the lines of a paragraph into one)");
            if let Some(fix) = list_fix(pm, tl, &run) {
                d.fix(fix);
            }
        }
    }
}

/// The fix for one run of paragraph-line entries, or `None` when it could change more than the
/// list structure (entries in a block quote; an indented code block after an entry, which the
/// new list item would take in as text).
///
/// - Each entry line's indentation is replaced by `- `, so every entry starts a top-level item
///   (keeping an indentation of 2 or more would nest it in the item above).
/// - A top-level list between an entry and the next entry of the timeline (its details, as
///   the timeline reads them) is indented by two spaces, so it stays under that entry instead of
///   joining the entries' list.
/// - A section title written as a line of the same paragraph after the last entry gets a blank
///   line before it; otherwise it would become a continuation line of the last item.
fn list_fix(pm: &Postmortem, tl: &Timeline, run: &[&Entry]) -> Option<Fix> {
    let src = pm.source;
    let (first, last) = (run[0], run[run.len() - 1]);
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
    let until = tl
        .entries
        .iter()
        .map(|e| e.line)
        .filter(|&l| l > last.line)
        .min()
        .unwrap_or(section_end)
        .min(section_end);
    let reach = |line: usize| line > first.line && line < until;
    let indented_code = pm.markdown.blocks.iter().any(|b| {
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
    for item in pm.markdown.items.iter().filter(|i| i.parent.is_none()) {
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
    let last_block = pm
        .markdown
        .blocks
        .iter()
        .position(|b| b.span.start <= last.span.start && last.span.start < b.span.end);
    let title_after = pm.sections.iter().find(|s| {
        !s.is_heading() && s.title_line > last.line && Some(s.title_at.block) == last_block
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
    for block in pm.markdown.blocks.iter().filter(|b| {
        b.kind == BlockKind::Paragraph
            && run.iter().any(|e| b.lines.iter().any(|l| l.line == e.line))
    }) {
        let entries: Vec<usize> = run.iter().map(|e| e.line).collect();
        if !becomes_list(src, block, &entries, cut) {
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

/// Whether the paragraph `block`, with `- ` in place of the indentation of its `entries` lines
/// and cut before line `cut` (a title that the fix moves out after a blank line), parses as it
/// should: the lines before the first entry as one paragraph, then one top-level list item per
/// entry, holding one paragraph made of the entry's line and the lines after it up to the next
/// entry. The lines from `cut` on must still be one paragraph. A line that would start a block
/// of its own inside an item (`    - detail` is text in a paragraph, but a nested list under
/// `- 14:00 …`) makes it fail.
fn becomes_list(src: &SourceFile, block: &Block, entries: &[usize], cut: Option<usize>) -> bool {
    let all: Vec<usize> = block.lines.iter().map(|l| l.line).collect();
    let (lines, rest): (Vec<usize>, Vec<usize>) =
        all.iter().partition(|&&l| cut.is_none_or(|c| l < c));
    if let (Some(&from), Some(&to)) = (rest.first(), rest.last()) {
        if !is_one_paragraph(&src.text[src.line_start(from)..src.line_span(to).end]) {
            return false;
        }
    }
    let mut text = String::new();
    let mut rows = Vec::new(); // 1-based rows of the entries in `text`
    for (row, &l) in lines.iter().enumerate() {
        if entries.contains(&l) {
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
