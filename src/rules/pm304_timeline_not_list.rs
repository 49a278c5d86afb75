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
            let edits = run
                .iter()
                .map(|e| Edit {
                    span: e.span.start..e.span.start,
                    replacement: "- ".to_string(),
                })
                .collect();
            r.report(first.span.start..last.span.end, format!("{} timeline entries are lines of a paragraph, not list items", run.len()))
                .label("rendered as one run-on paragraph")
                .help("start each entry with `- ` so that it renders as a list item (Markdown joins the lines of a paragraph into one)")
                .fix(Fix { applicability: Applicability::Safe, edits });
        }
    }
}
