//! What the summary states: the outage duration, its start and end, and the timezone.
//!
//! Read from the summary section (and any Duration or Impact section), falling back to the lines
//! before the first section. The ALX 0x19 task asks for "the duration of the outage with start and
//! end times (including timezone)" in the Issue Summary.

use super::duration::{scan_durations, DurationMention, Hedge};
use super::time::{scan_times, scan_zones, ClockTime, PartialDate, TimeMention, Zone};
use super::{Cursor, Postmortem};
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// A point in time stated in the summary.
#[derive(Debug, Clone)]
pub struct Moment {
    pub time: ClockTime,
    pub date: Option<PartialDate>,
    pub zone: Option<Zone>,
    /// Source span of the time as written.
    pub span: Span,
}

/// A stated duration.
#[derive(Debug, Clone)]
pub struct StatedDuration {
    /// Length in seconds.
    pub seconds: u32,
    pub hedge: Option<Hedge>,
    /// Source span of the phrase ("approximately 2 hours").
    pub span: Span,
}

/// The facts the summary states; each may be absent.
#[derive(Debug, Clone, Default)]
pub struct Stated {
    pub duration: Option<StatedDuration>,
    pub start: Option<Moment>,
    pub end: Option<Moment>,
    /// The zone of the stated times, else any zone the summary names.
    pub zone: Option<Zone>,
}

static START_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:outage |incident |impact )?(?:start(?:ed|s|ing)?(?: time| date(?:/time)?| at)?|began|begin(?:ning)?|from)\b").unwrap()
});
static END_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:outage |incident |impact )?(?:end(?:ed|s|ing)?(?: time| date(?:/time)?| at)?|resolved(?: at)?|recovered(?: at)?|resolution time|until)\b").unwrap()
});
static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*[,(]?\s*(?:to|-|–|—|~|until|till|through|and|->|→)\s*$").unwrap()
});
static BETWEEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bbetween\s*$").unwrap());
static NOT_INCIDENT_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:within|every|after|before|per|each|next|last|past|ago|later|earlier|timeout|interval|ttl|sla|slo)\W*$").unwrap()
});

fn moment(line_start: usize, m: &TimeMention) -> Moment {
    Moment {
        time: m.time,
        date: m.date.clone(),
        zone: m.zone.clone(),
        span: line_start + m.time_range.start..line_start + m.time_range.end,
    }
}

/// Where the summary's statements are read: the summary section, Duration and Impact sections,
/// and the lines before the first section.
fn summary_ranges(pm: &Postmortem) -> Vec<std::ops::Range<Cursor>> {
    let mut ranges: Vec<_> = pm
        .sections
        .iter()
        .filter(|s| s.is("summary") || s.is("duration") || s.is("impact"))
        .map(|s| s.title_at..s.body.end)
        .collect();
    let preamble_end = pm.sections.first().map_or(
        Cursor {
            block: pm.markdown.blocks.len(),
            line: 0,
        },
        |s| s.title_at,
    );
    ranges.push(Cursor::default()..preamble_end);
    ranges
}

/// Extracts the stated facts.
pub fn build(pm: &Postmortem) -> Stated {
    let mut st = Stated::default();
    for range in summary_ranges(pm) {
        for (_, line) in pm.lines_between(range.start, range.end) {
            let text = &line.text;
            let times = scan_times(text);
            // A range: "from 10:00 AM to 11:20 AM PST", "14:00 - 15:30 UTC", "between 01:57 and 08:58 UTC".
            if st.start.is_none() {
                for pair in times.windows(2) {
                    let gap = &text[pair[0].range.end..pair[1].range.start];
                    let joined = RANGE_JOIN.is_match(gap)
                        && (!gap.to_lowercase().contains("and")
                            || BETWEEN.is_match(&text[..pair[0].range.start]));
                    if joined {
                        let mut start = moment(line.start, &pair[0]);
                        let mut end = moment(line.start, &pair[1]);
                        if start.zone.is_none() {
                            start.zone = end.zone.clone();
                        }
                        if end.date.is_none() {
                            end.date = start.date.clone();
                        }
                        if start.date.is_none() {
                            start.date = end.date.clone();
                        }
                        st.start = Some(start);
                        st.end = Some(end);
                        break;
                    }
                }
            }
            // Labelled lines: "Start Time: March 8, 2024, 14:00 UTC" / "End: …".
            if let Some(first) = times.first() {
                if st.start.is_none() && START_LABEL.is_match(text) && times.len() == 1 {
                    st.start = Some(moment(line.start, first));
                } else if st.end.is_none()
                    && st.start.is_some()
                    && END_LABEL.is_match(text)
                    && times.len() == 1
                {
                    st.end = Some(moment(line.start, first));
                }
            }
            if st.duration.is_none() {
                st.duration = scan_durations(text)
                    .into_iter()
                    .find(|d| !NOT_INCIDENT_DURATION.is_match(&text[..d.range.start]))
                    .map(|d: DurationMention| StatedDuration {
                        seconds: d.seconds,
                        hedge: d.hedge,
                        span: line.start + d.range.start..line.start + d.range.end,
                    });
            }
            if st.zone.is_none() {
                st.zone = scan_zones(text).into_iter().next().map(|(_, z)| z);
            }
        }
        if st.start.is_some() && st.end.is_some() && st.duration.is_some() {
            break;
        }
    }
    // An end without a start (labelled "End:" before any "Start:") is not a window.
    if st.start.is_none() {
        st.end = None;
    }
    if let Some(z) = st
        .start
        .as_ref()
        .and_then(|s| s.zone.clone())
        .or_else(|| st.end.as_ref().and_then(|e| e.zone.clone()))
    {
        st.zone = Some(z);
    }
    st
}
