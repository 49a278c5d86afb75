//! Facts about one postmortem, extracted once from its Markdown blocks: sections, timeline
//! entries, images and the facts the summary states. Rules read these, never the parser.

pub mod action_items;
pub mod ascii_regex;
pub mod caseless;
pub mod duration;
pub mod image_syntax;
pub mod images;
pub mod prose;
pub mod sections;
pub mod stated;
pub mod summary;
pub mod time;
pub mod timeline;
pub mod word;

use crate::parse::{self, Block, BlockLine, Markdown};
use crate::profile::Profile;
use crate::remote::RemoteResults;
use crate::source::SourceFile;
use std::path::Path;

pub use action_items::{ActionItem, ActionItems};
pub use images::{Definition, Image};
pub use prose::Prose;
pub use sections::Section;
pub use stated::Stated;
pub use summary::Summary;
pub use timeline::{Entry, Timeline};

/// A position inside the block list: block index and line index within that block.
/// Ordered by block, then line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Cursor {
    pub block: usize,
    pub line: usize,
}

/// How a section title is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleForm {
    /// `## Title`
    Atx,
    /// `Title` over `---` or `===`
    Setext,
    /// `<h2>Title</h2>` in an HTML block
    Html,
    /// `**Title:**` alone on a line
    Bold,
    /// `Title` or `Title:` alone on a line of a paragraph
    Plain,
    /// `TITLE` in capitals alone on a line
    AllCaps,
    /// `- **Title:**` as the first line of a list item
    ListLabel,
    /// `#Title`: an ATX heading missing the space after `#` (CommonMark §4.2), rendered as text
    HashWithoutSpace,
}

impl TitleForm {
    /// How users would call the form, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            TitleForm::Atx => "an ATX heading",
            TitleForm::Setext => "a setext heading",
            TitleForm::Html => "an HTML heading",
            TitleForm::Bold => "a bold line",
            TitleForm::Plain => "a plain line",
            TitleForm::AllCaps => "an all-caps line",
            TitleForm::ListLabel => "a list-item label",
            TitleForm::HashWithoutSpace => "a `#` line without the space after `#`",
        }
    }
}

/// One step of fact extraction: fills in some facts of each postmortem of a batch from those
/// filled before.
type Stage = fn(&mut [Postmortem<'_>]);

/// The steps of [`Postmortem::build_batch`] after the sections, in order.
const STAGES: [Stage; 6] = [
    |pms| each(pms, |pm| pm.definitions = images::definitions(pm)),
    // Before the timeline and the summary, which read the word starts found with the prose.
    |pms| each(pms, |pm| pm.prose = prose::build(pm)),
    timelines,
    |pms| each(pms, |pm| pm.images = images::build(pm)),
    stated_and_summary,
    |pms| each(pms, |pm| pm.action_items = action_items::build(pm)),
];

/// Runs `step` on each postmortem of `pms`, in order.
fn each(pms: &mut [Postmortem<'_>], step: impl Fn(&mut Postmortem<'_>)) {
    pms.iter_mut().for_each(step);
}

/// The timelines: every document's lines scanned for times, then every document's entries read,
/// each step's code staying in the instruction cache from one document to the next.
fn timelines(pms: &mut [Postmortem<'_>]) {
    let scanned: Vec<_> = pms.iter().map(timeline::scan).collect();
    for (pm, s) in pms.iter_mut().zip(scanned) {
        pm.timelines = timeline::build_scanned(pm, s);
    }
}

/// The stated facts and the summary: they read the same lines, whose times are scanned once.
/// Each of the three steps (the lines, the stated facts, the summary) runs over the whole batch
/// before the next starts, so that its code stays in the instruction cache from one document to
/// the next (interleaved, they evicted each other's code: instruction-cache misses 0.95 -> 0.84 M
/// over 200 generated files, FAST build).
fn stated_and_summary(pms: &mut [Postmortem<'_>]) {
    let lines: Vec<_> = pms.iter().map(stated::summary_lines).collect();
    let stated: Vec<Stated> = lines.iter().map(|l| stated::build(l)).collect();
    let summaries: Vec<Summary> = pms
        .iter()
        .zip(&lines)
        .map(|(pm, l)| summary::build(pm, l))
        .collect();
    drop(lines);
    for ((pm, st), su) in pms.iter_mut().zip(stated).zip(summaries) {
        (pm.stated, pm.summary) = (st, su);
    }
}

/// Everything rules know about one document.
pub struct Postmortem<'a> {
    pub source: &'a SourceFile,
    pub profile: &'a Profile,
    /// The document's path on disk, for resolving relative image paths (None for stdin).
    pub path: Option<&'a Path>,
    pub markdown: Markdown,
    pub sections: Vec<Section>,
    pub timelines: Vec<Timeline>,
    pub images: Vec<Image>,
    /// Link reference definitions (`[label]: target`).
    pub definitions: Vec<Definition>,
    pub stated: Stated,
    /// What the network said about the document's web image URLs (PM406): filled in by
    /// [`crate::lint::lint_with_remote`] when the caller ran the checks, else None. Not read from
    /// the document, and never fetched here.
    pub remote: Option<&'a RemoteResults>,
    /// Times, zone, impact and root cause as the summary states them.
    pub summary: Summary,
    /// The items of each action-items section.
    pub action_items: Vec<ActionItems>,
    /// Word count and the author's own sentences.
    pub prose: Prose,
}

impl<'a> Postmortem<'a> {
    /// Parses `source` once and extracts every fact: [`Postmortem::build_batch`] with a batch
    /// of one.
    pub fn build(source: &'a SourceFile, profile: &'a Profile, path: Option<&'a Path>) -> Self {
        let mut batch = Self::build_batch(&[(source, profile, path)]);
        batch.pop().expect("a batch of one gives one postmortem")
    }

    /// Parses each document of `docs` (source, profile, path on disk) once and extracts every
    /// fact, stage by stage: each stage runs over the whole batch before the next starts, so
    /// that its code stays in the instruction cache from one document to the next. One
    /// postmortem per document, in the order of `docs`; the same facts as one document at a
    /// time (every stage reads its own document only).
    pub fn build_batch(docs: &[(&'a SourceFile, &'a Profile, Option<&'a Path>)]) -> Vec<Self> {
        let markdowns: Vec<Markdown> = docs
            .iter()
            .map(|(source, ..)| parse::parse(source))
            .collect();
        let mut pms: Vec<Self> = docs
            .iter()
            .zip(markdowns)
            .map(|(&(source, profile, path), markdown)| {
                Self::with_sections(source, profile, path, markdown)
            })
            .collect();
        for stage in STAGES {
            stage(&mut pms);
        }
        pms
    }

    /// The postmortem of a parsed document with its sections found and no other fact yet.
    fn with_sections(
        source: &'a SourceFile,
        profile: &'a Profile,
        path: Option<&'a Path>,
        markdown: Markdown,
    ) -> Self {
        let sections = sections::build(&markdown, profile);
        Postmortem {
            source,
            profile,
            path,
            markdown,
            sections,
            timelines: Vec::new(),
            images: Vec::new(),
            definitions: Vec::new(),
            stated: Stated::default(),
            remote: None,
            summary: Summary::default(),
            action_items: Vec::new(),
            prose: Prose::default(),
        }
    }

    /// The first section satisfying profile section `id`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.is(id))
    }

    /// Lines of the body of `section`, in order, with their block.
    pub fn body_lines<'s>(
        &'s self,
        section: &Section,
    ) -> impl Iterator<Item = (&'s Block, &'s BlockLine)> + 's {
        self.lines_between(section.body.start, section.body.end)
    }

    /// Lines from cursor `start` (inclusive) to `end` (exclusive), with their block.
    pub fn lines_between<'s>(
        &'s self,
        start: Cursor,
        end: Cursor,
    ) -> impl Iterator<Item = (&'s Block, &'s BlockLine)> + 's {
        let blocks = &self.markdown.blocks;
        (start.block..end.block.saturating_add(1).min(blocks.len())).flat_map(move |bi| {
            let block = &blocks[bi];
            let from = if bi == start.block { start.line } else { 0 };
            let to = if bi == end.block {
                end.line
            } else {
                block.lines.len()
            };
            block
                .lines
                .get(from..to.max(from))
                .unwrap_or(&[])
                .iter()
                .map(move |l| (block, l))
        })
    }

    /// The lines of block `bi` that lie from cursor `start` (inclusive) to `end` (exclusive):
    /// [`Postmortem::lines_between`] restricted to one block, in O(1).
    pub fn block_lines_between(&self, bi: usize, start: Cursor, end: Cursor) -> &[BlockLine] {
        let Some(block) = self.markdown.blocks.get(bi) else {
            return &[];
        };
        if bi < start.block || bi > end.block {
            return &[];
        }
        let from = if bi == start.block { start.line } else { 0 };
        let to = if bi == end.block {
            end.line
        } else {
            block.lines.len()
        };
        block.lines.get(from..to.max(from)).unwrap_or(&[])
    }

    /// The byte offset in the source where cursor `at` points: the start of that line of its
    /// block (of the block itself for a code block), or the end of the text past the last block.
    pub fn offset_of(&self, at: Cursor) -> usize {
        match self.markdown.blocks.get(at.block) {
            None => self.source.text.len(),
            Some(b) => match b.lines.get(at.line) {
                Some(l) => l.start,
                None if at.line == 0 => b.span.start,
                None => b.span.end,
            },
        }
    }

    /// Blocks that have at least one line in the body of `section` (code blocks included).
    pub fn body_blocks<'s>(
        &'s self,
        section: &Section,
    ) -> impl Iterator<Item = (usize, &'s Block)> + 's {
        let (start, end) = (section.body.start, section.body.end);
        let blocks = &self.markdown.blocks;
        (start.block..end.block.saturating_add(1).min(blocks.len()))
            .filter(move |&bi| {
                // Not the block the body ends before, nor a start block whose lines are all
                // before the body (the title was its last line).
                let ends_before = bi == end.block && end.line == 0;
                let starts_after = bi == start.block && start.line >= blocks[bi].lines.len().max(1);
                !ends_before && !starts_after
            })
            .map(move |bi| (bi, &blocks[bi]))
    }
}
