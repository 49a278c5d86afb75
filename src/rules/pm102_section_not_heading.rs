//! PM102 section-not-heading: a section title written as a plain, bold, all-caps or label line.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::{Postmortem, TitleForm};
use crate::parse::{is_one_paragraph, ReparseBudget};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM102",
    name: "section-not-heading",
    summary:
        "a section title is written as a plain line, a bold line or a label instead of a heading",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../rules/PM102.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let mut budget = ReparseBudget::for_document(pm.source.text.len());
    for s in pm
        .sections
        .iter()
        .filter(|s| !s.is_heading() && !s.ids.is_empty())
    {
        let clean = s.title.trim().trim_end_matches(':').trim();
        // The texts are put together with `concat` rather than `format!` (whose machinery cost
        // more than the text: pm102 918 k -> 603 k instructions over 200 generated files).
        let hashes = &"######"[..s.level.clamp(1, 6) as usize];
        let heading = [hashes, " ", clean].concat();
        let message = [
            "section title `",
            clean,
            "` is ",
            s.form.describe(),
            ", not a Markdown heading",
        ]
        .concat();
        let d = r
            .report(s.title_span.clone(), message)
            .label("recognised as a section title")
            .help(["write it as a heading: `", &heading, "`"].concat());
        // Safe when the line is only the title, outside lists and quotes.
        let block = &pm.markdown.blocks[s.title_at.block];
        if s.form != TitleForm::ListLabel && block.item.is_none() && !block.in_quote {
            let line = pm.source.line_span(s.title_line);
            let mut edits = vec![Edit {
                span: line,
                replacement: heading,
            }];
            // The rest of the paragraph becomes a paragraph of its own after the heading. Its
            // first line, indented by 4 columns or more, would start an indented code block
            // (CommonMark §4.4): that indentation goes (inside the paragraph it rendered as
            // nothing). If the rest would still not be one paragraph (a line that now starts a
            // list or an HTML block), no fix is offered.
            let next = s.title_line + 1;
            let rest: Vec<usize> = block
                .lines
                .iter()
                .map(|l| l.line)
                .filter(|&l| l >= next)
                .collect();
            if !rest.is_empty() {
                let (columns, bytes) = pm.source.indentation(next);
                let strip = if columns >= 4 { bytes } else { 0 };
                let last = rest[rest.len() - 1];
                let text = &pm.source.text
                    [pm.source.line_start(next) + strip..pm.source.line_span(last).end];
                if !budget.take(text.len()) || !is_one_paragraph(text) {
                    continue;
                }
                if strip > 0 {
                    let at = pm.source.line_start(next);
                    edits.push(Edit {
                        span: at..at + strip,
                        replacement: String::new(),
                    });
                }
            }
            d.fix(Fix {
                applicability: Applicability::Safe,
                edits,
            });
        }
    }
}
