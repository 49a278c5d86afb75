//! The scanners of times, dates, zones and durations on arbitrary text. Fails on any panic and
//! on any range that is not in the text, not on char boundaries, or out of order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pmlint::facts::duration::{preceding_word, scan_durations};
use pmlint::facts::time::{parse_zone, scan_dates, scan_times, scan_zones};
use std::ops::Range;

fn check(text: &str, what: &str, ranges: impl Iterator<Item = Range<usize>>) {
    let mut last_end = 0;
    for r in ranges {
        assert!(
            r.start <= r.end && r.end <= text.len(),
            "{what}: {r:?} outside {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{what}: {r:?} splits a character"
        );
        assert!(r.start >= last_end, "{what}: {r:?} overlaps the one before");
        last_end = r.end;
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let times = scan_times(text);
    check(text, "scan_times", times.iter().map(|t| t.range.clone()));
    for t in &times {
        assert!(t.range.start <= t.time_range.start && t.time_range.end <= t.range.end);
        assert!(t.time.hour < 24 && t.time.minute < 60 && t.time.second < 60);
    }
    check(text, "scan_dates", scan_dates(text).into_iter().map(|d| d.range));
    check(text, "scan_zones", scan_zones(text).into_iter().map(|(r, _)| r));
    let durations = scan_durations(text);
    check(text, "scan_durations", durations.iter().map(|d| d.range.clone()));
    for d in &durations {
        let _ = preceding_word(text, d.range.start);
    }
    let _ = preceding_word(text, text.len() / 2);
    let _ = parse_zone(text);
});
