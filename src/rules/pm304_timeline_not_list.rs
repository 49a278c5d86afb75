//! PM304 timeline-not-list: timeline entries written as paragraph lines, not list items or rows.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::timeline::EntryForm;
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

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
        let mut runs: Vec<Vec<&crate::facts::Entry>> = Vec::new();
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
            let one_paragraph = run.windows(2).all(|w| w[1].line == w[0].line + 1);
            let (what, label) = if one_paragraph {
                ("lines of a paragraph", "rendered as one run-on paragraph")
            } else {
                ("separate paragraphs", "rendered as paragraphs, not a list")
            };
            let d = r
                .report(first.span.start..last.span.end, format!("{} timeline entries are {what}, not list items", run.len()))
                .label(label)
                .help("start each entry with `- ` so that it renders as a list item (Markdown joins the lines of a paragraph into one)");
            // The marker goes before the line's first character (before any `**`), outside quotes.
            let quoted = run
                .iter()
                .any(|e| pm.source.line_text(e.line).trim_start().starts_with('>'));
            if !quoted {
                let edits = run
                    .iter()
                    .map(|e| {
                        let line = pm.source.line_span(e.line);
                        let text = &pm.source.text[line.clone()];
                        let at = line.start + (text.len() - text.trim_start().len());
                        Edit {
                            span: at..at,
                            replacement: "- ".to_string(),
                        }
                    })
                    .collect();
                d.fix(Fix {
                    applicability: Applicability::Safe,
                    edits,
                });
            }
        }
    }
}
