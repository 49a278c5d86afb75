//! PM301 timeline-out-of-order: an entry's time is earlier than the entry before it.

use super::clock::{fmt_time, offset_seconds, DAY, MIDNIGHT_THRESHOLD};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM301",
    name: "timeline-out-of-order",
    summary: "a timeline entry's time is earlier than the entry before it",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM301.md"),
};

/// Default year for dates written without one: any fixed year keeps comparisons consistent.
const DEFAULT_YEAR: i32 = 2000;

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for tl in &pm.timelines {
        let dir: i64 = if tl.newest_first { -1 } else { 1 };
        let mut prev: Option<(i64, Option<i64>, &crate::facts::Entry)> = None; // (local abs, offset, entry)
        let mut day_shift: i64 = 0;
        let mut prev_date: Option<i64> = None;
        for e in &tl.entries {
            let Some(t) = e.time else { continue };
            let date = e
                .date
                .as_ref()
                .and_then(|d| d.to_naive(DEFAULT_YEAR))
                .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)));
            if date != prev_date {
                day_shift = 0;
            }
            let offset = offset_seconds(e.zone.as_ref());
            let mut abs = (date.unwrap_or(0) + day_shift) * DAY + i64::from(t.seconds_of_day());
            if let Some((pabs, poff, pe)) = prev {
                // Compare in UTC only when both zones are known.
                let (a, b) = match (poff, offset) {
                    (Some(po), Some(o)) => (pabs - po, abs - o),
                    _ => (pabs, abs),
                };
                let back = (a - b) * dir;
                if back > 0 {
                    let same_day = date == prev_date
                        && !(e.date_explicit && date.is_some() && date != prev_date);
                    if back > MIDNIGHT_THRESHOLD && same_day && !e.date_explicit {
                        day_shift += dir;
                        abs += dir * DAY;
                    } else if t.is_ambiguous_12h()
                        && back <= MIDNIGHT_THRESHOLD
                        && (back - 12 * 3600) <= 0
                        && t.hour < 12
                    {
                        // "1:00" after "12:15" most likely means 1:00 PM.
                        abs += dir * 12 * 3600;
                    } else {
                        let (now, before) = (
                            fmt_time(&t),
                            pe.time.map(|p| fmt_time(&p)).unwrap_or_default(),
                        );
                        let order = if tl.newest_first { "later" } else { "earlier" };
                        r.report(e.time_span.clone(), format!("timeline entry at {now} is {order} than the entry before it at {before} (line {})", pe.line))
                            .label(format!("{now} comes after {before}"))
                            .related(pe.time_span.clone(), "previous entry")
                            .help(if tl.newest_first {
                                "this timeline says it lists the newest entry first: keep every entry in that order".to_string()
                            } else {
                                "put the entries in chronological order; if the incident spans days, add the date (a line such as `March 9, 2024`); if the timeline lists the newest entry first, say so in its heading, e.g. `## Timeline (most recent first)`".to_string()
                            });
                    }
                }
            }
            prev = Some((abs, offset, e));
            prev_date = date;
        }
    }
}
