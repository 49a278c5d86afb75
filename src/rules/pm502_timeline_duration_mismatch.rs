//! PM502 timeline-duration-mismatch: the stated window or duration disagrees with the timeline.

use super::clock::{clock_distance, elapsed, fmt_duration, fmt_moment, tolerance};
use crate::facts::{Entry, Postmortem};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM502",
    name: "timeline-duration-mismatch",
    summary: "the stated outage window or duration disagrees with the timeline",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM502.md"),
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let Some(tl) = pm.timelines.first() else {
        return;
    };
    let timed: Vec<&Entry> = tl.entries.iter().filter(|e| e.time.is_some()).collect();
    if timed.len() < 2 {
        return;
    }
    let (first, last) = if tl.newest_first {
        (timed[timed.len() - 1], timed[0])
    } else {
        (timed[0], timed[timed.len() - 1])
    };
    // The entries that may mark the end: those that record the resolution, and the last one.
    let mut ends: Vec<&Entry> = timed.iter().copied().filter(|e| e.resolution).collect();
    if !ends.iter().any(|e| std::ptr::eq(*e, last)) {
        ends.push(last);
    }
    let st = &pm.stated;
    let hedged = st.duration.as_ref().is_some_and(|d| d.hedge.is_some());
    let time = |e: &Entry| e.time.expect("timed");
    let end_entry = ends.first().copied().unwrap_or(last);

    if let Some(end) = &st.end {
        let tol = tolerance(st.duration.as_ref().map_or(0, |d| d.seconds), hedged);
        let ok = ends.iter().any(|e| {
            clock_distance(&end.time, end.zone.as_ref(), &time(e), e.zone.as_ref()) <= tol
        });
        if !ok {
            let said = fmt_moment(&end.time, end.zone.as_ref());
            let which = if end_entry.resolution {
                "resolution entry"
            } else {
                "last entry"
            };
            let entry_time = fmt_moment(&time(end_entry), end_entry.zone.as_ref());
            r.report(end.span.clone(), format!("the summary says the outage ended at {said}, but the timeline's {which} is at {entry_time}"))
                .label(format!("ends at {said}"))
                .related(end_entry.time_span.clone(), format!("{which}: {entry_time}"))
                .help("make the summary's end time and the timeline agree, or add the timeline entry that records when service was restored");
            return; // the duration check would report the same disagreement again
        }
    }
    // With a stated end that matches the timeline, a wrong duration is PM501's finding.
    if let (Some(d), None) = (&st.duration, &st.end) {
        let (from, from_zone, from_what) = match &st.start {
            Some(s) => (s.time, s.zone.clone(), "the stated start"),
            None => (time(first), first.zone.clone(), "the first entry"),
        };
        let tol = tolerance(d.seconds, d.hedge.is_some());
        let spans: Vec<i64> = ends
            .iter()
            .map(|e| elapsed(&from, from_zone.as_ref(), &time(e), e.zone.as_ref()))
            .collect();
        if spans
            .iter()
            .any(|s| (s - i64::from(d.seconds)).abs() <= tol)
        {
            return;
        }
        let span = elapsed(
            &from,
            from_zone.as_ref(),
            &time(end_entry),
            end_entry.zone.as_ref(),
        );
        let which = if end_entry.resolution {
            "resolution entry"
        } else {
            "last entry"
        };
        r.report(d.span.clone(), format!(
            "stated duration {} does not match the timeline: {} to the {which} at {} is {}",
            fmt_duration(i64::from(d.seconds)),
            format!("{} ({from_what})", fmt_moment(&from, from_zone.as_ref())),
            fmt_moment(&time(end_entry), end_entry.zone.as_ref()),
            fmt_duration(span)
        ))
        .label(format!("says {}", fmt_duration(i64::from(d.seconds))))
        .related(end_entry.time_span.clone(), which)
        .help("correct the stated duration, or the timeline entry that records when service was restored");
    }
}
