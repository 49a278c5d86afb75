//! PM301 timeline-out-of-order: an entry's time is earlier than the entry before it.

use super::clock::fmt_time;
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, RuleOption, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM301",
    name: "timeline-out-of-order",
    summary: "a timeline entry's time is earlier than the entry before it",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM301.md"),
    options: &[RuleOption {
        name: "midnight-threshold-hours",
        default: 12,
        doc: "a backward jump longer than this many hours, with no new date, is read as crossing midnight (1–24)",
    }],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for tl in &pm.timelines {
        for &(i, p) in &tl.out_of_order {
            let (e, pe) = (&tl.entries[i], &tl.entries[p]);
            let (Some(t), Some(pt)) = (e.time, pe.time) else {
                continue;
            };
            let (now, before) = (fmt_time(&t), fmt_time(&pt));
            let order = if tl.newest_first { "later" } else { "earlier" };
            r.report(e.time_span.clone(), format!("timeline entry at {now} is {order} than the entry before it at {before} (line {})", pe.line))
                .label(format!("{now} comes after {before}"))
                .related(pe.time_span.clone(), "previous entry")
                .help(if tl.newest_first {
                    "this timeline says it lists the newest entry first: keep every entry in that order"
                } else {
                    "put the entries in chronological order; if the incident spans days, add the date (a line such as `March 9, 2024`); if the timeline lists the newest entry first, say so in its heading, e.g. `## Timeline (most recent first)`"
                });
        }
    }
}
