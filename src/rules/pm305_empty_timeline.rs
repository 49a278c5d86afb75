//! PM305 empty-timeline: a timeline section with no timestamped entry.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM305",
    name: "empty-timeline",
    summary: "a timeline section has no timestamped entry",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM305.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for tl in &pm.timelines {
        if tl.entries.iter().any(|e| e.time.is_some()) {
            continue;
        }
        let section = &pm.sections[tl.section];
        if pm
            .body_lines(section)
            .all(|(_, l)| l.text().trim().is_empty())
        {
            continue; // an empty section is PM103's finding
        }
        let n = tl.entries.len();
        let what = match n {
            0 => "its content is prose, not a list of timestamped events".to_string(),
            1 => "its one entry has no time".to_string(),
            n => format!("none of its {n} entries has a time"),
        };
        r.report(
            section.title_span.clone(),
            format!(
                "timeline `{}` has no timestamped entry: {what}",
                section.title
            ),
        )
        .label("no timestamped entry in this section")
        .help("list the events with their times, one per line, e.g. `- 14:05 UTC - alert fired`");
    }
}
