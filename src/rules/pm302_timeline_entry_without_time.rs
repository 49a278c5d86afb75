//! PM302 timeline-entry-without-time: an entry of the timeline has no recognisable time.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM302",
    name: "timeline-entry-without-time",
    summary: "a timeline entry has no recognisable time",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM302.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for tl in &pm.timelines {
        // A timeline with no time at all is PM305's finding, not one per entry.
        if !tl.entries.iter().any(|e| e.time.is_some()) {
            continue;
        }
        for e in tl
            .entries
            .iter()
            .filter(|e| e.time.is_none() && !e.date_only)
        {
            let shown: String = e.text.chars().take(40).collect();
            let ellipsis = if e.text.chars().count() > 40 {
                "…"
            } else {
                ""
            };
            r.report(e.span.clone(), format!("timeline entry has no time: `{shown}{ellipsis}`"))
                .label("no time of day found")
                .help("start the entry with the time it happened, e.g. `- 14:05 UTC - …`; a date alone belongs on its own line before the entries of that day");
        }
    }
}
