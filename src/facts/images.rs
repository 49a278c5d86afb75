//! Images: every image-like construct in the document (Markdown inline and reference images, HTML
//! `<img>`, and the malformed forms that render as text), with source spans.

use super::image_syntax::{scan_images, scan_reference_definitions, ImageSyntax, ImageSyntaxKind};
use super::Postmortem;
use crate::parse::BlockKind;
use crate::source::Span;

/// One image-like construct.
#[derive(Debug, Clone)]
pub struct Image {
    pub syntax: ImageSyntax,
    /// Source span of the whole construct.
    pub span: Span,
    /// Source span of the target, if any.
    pub target_span: Option<Span>,
    /// 1-based line where it starts.
    pub line: usize,
    /// For reference images: whether the label has a definition in the document.
    pub reference_defined: bool,
}

/// Scans every paragraph, heading, table row and HTML block (code is never read).
pub fn build(pm: &Postmortem) -> Vec<Image> {
    let defs = scan_reference_definitions(&pm.source.text);
    let mut out = Vec::new();
    for block in &pm.markdown.blocks {
        let in_html = match block.kind {
            BlockKind::Html => true,
            BlockKind::Paragraph | BlockKind::Heading { .. } | BlockKind::TableRow { .. } => false,
            BlockKind::Code | BlockKind::ThematicBreak => continue,
        };
        if block.lines.is_empty() {
            continue;
        }
        // Join the block's lines, remembering where each starts in the joined text and source.
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize, usize)> = Vec::new(); // (joined offset, source offset, line)
        for l in &block.lines {
            starts.push((joined.len(), l.start, l.line));
            joined.push_str(&l.raw);
            joined.push('\n');
        }
        let to_source = |off: usize| -> (usize, usize) {
            let i = starts.partition_point(|s| s.0 <= off).saturating_sub(1);
            let (j, s, line) = starts[i];
            (s + (off - j), line)
        };
        for syn in scan_images(&joined, in_html) {
            let (start, line) = to_source(syn.range.start);
            let (end, _) = to_source(syn.range.end.saturating_sub(1));
            let target_span = syn
                .target_range
                .as_ref()
                .map(|r| to_source(r.start).0..to_source(r.end.saturating_sub(1)).0 + 1);
            let reference_defined = match &syn.kind {
                ImageSyntaxKind::Reference { label } => defs.iter().any(|d| d == label),
                _ => false,
            };
            out.push(Image {
                span: start..end + 1,
                target_span,
                line,
                reference_defined,
                syntax: syn,
            });
        }
    }
    out
}
