//! PM102 section-not-heading: a section title written as a plain, bold, all-caps or label line.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::{Postmortem, TitleForm};
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
    for s in pm
        .sections
        .iter()
        .filter(|s| !s.is_heading() && !s.ids.is_empty())
    {
        let clean = s.title.trim().trim_end_matches(':').trim();
        let heading = format!("{} {}", "#".repeat(s.level.clamp(1, 6) as usize), clean);
        let d = r
            .report(
                s.title_span.clone(),
                format!(
                    "section title `{clean}` is {}, not a Markdown heading",
                    s.form.describe()
                ),
            )
            .label("recognised as a section title")
            .help(format!("write it as a heading: `{heading}`"));
        // Safe when the line is only the title, outside lists and quotes.
        let block = &pm.markdown.blocks[s.title_at.block];
        if s.form != TitleForm::ListLabel && block.item.is_none() && !block.in_quote {
            let line = pm.source.line_span(s.title_line);
            let mut edits = vec![Edit {
                span: line,
                replacement: heading,
            }];
            // The paragraph's next line starts a paragraph of its own after the heading: indented
            // by 4 columns or more it would become an indented code block (CommonMark §4.4), so
            // its indentation goes (inside a paragraph it rendered as nothing).
            let next = s.title_line + 1;
            if block.lines.iter().any(|l| l.line == next) {
                let (columns, bytes) = pm.source.indentation(next);
                if columns >= 4 {
                    let at = pm.source.line_start(next);
                    edits.push(Edit {
                        span: at..at + bytes,
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
