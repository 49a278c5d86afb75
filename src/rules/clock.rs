//! Time arithmetic and formatting shared by the timeline and duration rules.

use crate::facts::time::{ClockTime, Meridiem, Zone};

pub use crate::facts::timeline::{DAY, MIDNIGHT_THRESHOLD};

/// `10:20 AM` or `14:05` (seconds shown only when written), as the author wrote it.
pub fn fmt_time(t: &ClockTime) -> String {
    let mut out = String::with_capacity(16);
    push_time(&mut out, t);
    out
}

/// [`fmt_time`] appended to `out`, written digit by digit (the formatting machinery costs more
/// than the rest of a rule's check).
fn push_time(out: &mut String, t: &ClockTime) {
    match t.meridiem {
        Meridiem::None => {
            push_number(out, u64::from(t.hour), 2);
            out.push(':');
            push_number(out, u64::from(t.minute), 2);
            push_seconds(out, t);
        }
        m => {
            let h12 = match t.hour % 12 {
                0 => 12,
                h => h,
            };
            push_number(out, u64::from(h12), 1);
            out.push(':');
            push_number(out, u64::from(t.minute), 2);
            push_seconds(out, t);
            out.push_str(if m == Meridiem::Am { " AM" } else { " PM" });
        }
    }
}

/// `:SS` when the time has seconds.
fn push_seconds(out: &mut String, t: &ClockTime) {
    if t.second > 0 {
        out.push(':');
        push_number(out, u64::from(t.second), 2);
    }
}

/// `n` in decimal, left-padded with zeros to `width` digits (as `{n:0width$}`).
fn push_number(out: &mut String, n: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// `10:20 AM PST`: the time with its zone, if any.
pub fn fmt_moment(t: &ClockTime, zone: Option<&Zone>) -> String {
    let mut out = String::with_capacity(24);
    push_time(&mut out, t);
    if let Some(z) = zone {
        out.push(' ');
        out.push_str(&z.name);
    }
    out
}

/// `1h 20m`, `20m`, `2h`, `45s`, `1d 2h` for a length in seconds (its sign ignored).
pub fn fmt_duration(seconds: i64) -> String {
    // Unsigned: `i64::MIN` has no positive `i64`.
    let (s, day) = (seconds.unsigned_abs(), DAY.unsigned_abs());
    let (d, h, m, sec) = (s / day, s % day / 3600, s % 3600 / 60, s % 60);
    let mut out = String::with_capacity(16);
    for (n, unit) in [(d, 'd'), (h, 'h'), (m, 'm')] {
        if n > 0 {
            if !out.is_empty() {
                out.push(' ');
            }
            push_number(&mut out, n, 1);
            out.push(unit);
        }
    }
    if sec > 0 || out.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        push_number(&mut out, sec, 1);
        out.push('s');
    }
    out
}

/// UTC offset in seconds of a zone, when known.
pub fn offset_seconds(zone: Option<&Zone>) -> Option<i64> {
    zone.and_then(|z| z.offset_minutes)
        .map(|m| i64::from(m) * 60)
}

/// Seconds from `a` to `b` on the same day, converting zones when both are known; a negative
/// result of more than [`MIDNIGHT_THRESHOLD`] is read as crossing midnight.
pub fn elapsed(a: &ClockTime, za: Option<&Zone>, b: &ClockTime, zb: Option<&Zone>) -> i64 {
    let (oa, ob) = match (offset_seconds(za), offset_seconds(zb)) {
        (Some(x), Some(y)) => (x, y),
        _ => (0, 0),
    };
    let d = (i64::from(b.seconds_of_day()) - ob) - (i64::from(a.seconds_of_day()) - oa);
    if d < -MIDNIGHT_THRESHOLD {
        d + DAY
    } else {
        d
    }
}

/// Distance in seconds between two times of day, the short way round the clock.
pub fn clock_distance(a: &ClockTime, za: Option<&Zone>, b: &ClockTime, zb: Option<&Zone>) -> i64 {
    let d = elapsed(a, za, b, zb).rem_euclid(DAY);
    d.min(DAY - d)
}

/// Seconds from moment `a` to moment `b`: dates are used when both have one; otherwise a
/// backward jump of more than [`MIDNIGHT_THRESHOLD`] is read as crossing midnight. Negative when
/// `b` is before `a`.
pub fn window(a: &crate::facts::stated::Moment, b: &crate::facts::stated::Moment) -> i64 {
    let (oa, ob) = match (
        offset_seconds(a.zone.as_ref()),
        offset_seconds(b.zone.as_ref()),
    ) {
        (Some(x), Some(y)) => (x, y),
        _ => (0, 0),
    };
    let base =
        (i64::from(b.time.seconds_of_day()) - ob) - (i64::from(a.time.seconds_of_day()) - oa);
    let day = |m: &crate::facts::stated::Moment| {
        m.date
            .as_ref()
            .and_then(|d| d.to_naive(2000))
            .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)))
    };
    match (day(a), day(b)) {
        // Dates written on both ends are taken at their word (an end before the start is PM503).
        (Some(da), Some(db)) if (a.date_written && b.date_written) || da != db => {
            base + (db - da) * DAY
        }
        _ if base < -MIDNIGHT_THRESHOLD => base + DAY,
        _ => base,
    }
}

/// The options of PM501 and PM502, which compare durations the same way.
pub static TOLERANCE_OPTIONS: &[crate::rule::RuleOption] = &[
    crate::rule::RuleOption { name: "tolerance-minutes", default: 5, doc: "allowed difference in minutes for an exact duration" },
    crate::rule::RuleOption {
        name: "hedged-tolerance-percent",
        default: 15,
        doc: "allowed difference in percent of a hedged duration (\"approximately\", \"about\", \"~\" …), when larger",
    },
];

/// How far a computed length may be from a stated duration (PM501 and PM502 options
/// `tolerance-minutes`, default 5, and `hedged-tolerance-percent`, default 15, from
/// `shared/spec/PRODUCT.md`).
pub struct Tolerance {
    /// Seconds allowed for any duration.
    pub seconds: i64,
    /// Percent of a hedged duration allowed, when larger.
    pub hedged_percent: i64,
}

impl Tolerance {
    /// The tolerance configured for `meta` in the profile.
    pub fn of(pm: &crate::facts::Postmortem, meta: &crate::rule::RuleMeta) -> Self {
        Tolerance {
            seconds: pm.profile.option(meta, "tolerance-minutes") * 60,
            hedged_percent: pm.profile.option(meta, "hedged-tolerance-percent"),
        }
    }

    /// Allowed difference in seconds for a stated duration of `stated_seconds`.
    pub fn allowed(&self, stated_seconds: u32, hedged: bool) -> i64 {
        if hedged {
            self.seconds
                .max(i64::from(stated_seconds) * self.hedged_percent / 100)
        } else {
            self.seconds
        }
    }
}

/// Whether a computed length `actual` (seconds) agrees with a stated duration: "at least" /
/// "over" / "more than" accept anything longer, "under" / "less than" anything shorter, and every
/// other duration must be within the tolerance.
pub fn duration_agrees(
    tol: &Tolerance,
    d: &crate::facts::stated::StatedDuration,
    actual: i64,
) -> bool {
    use crate::facts::duration::Hedge;
    let stated = i64::from(d.seconds);
    let allowed = tol.allowed(d.seconds, d.hedge.is_some());
    match d.hedge {
        Some(Hedge::AtLeast | Hedge::Over | Hedge::MoreThan) => actual >= stated - allowed,
        Some(Hedge::Under | Hedge::LessThan) => actual <= stated + allowed,
        _ => (actual - stated).abs() <= allowed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `format!` spellings the hand-written ones replace.
    fn reference_time(t: &ClockTime) -> String {
        let secs = if t.second > 0 {
            format!(":{:02}", t.second)
        } else {
            String::new()
        };
        match t.meridiem {
            Meridiem::None => format!("{:02}:{:02}{secs}", t.hour, t.minute),
            m => {
                let h12 = match t.hour % 12 {
                    0 => 12,
                    h => h,
                };
                let ampm = if m == Meridiem::Am { "AM" } else { "PM" };
                format!("{h12}:{:02}{secs} {ampm}", t.minute)
            }
        }
    }

    fn reference_duration(seconds: i64) -> String {
        let s = i128::from(seconds).abs();
        let day = i128::from(DAY);
        let (d, h, m, sec) = (s / day, s % day / 3600, s % 3600 / 60, s % 60);
        let mut parts = Vec::new();
        if d > 0 {
            parts.push(format!("{d}d"));
        }
        if h > 0 {
            parts.push(format!("{h}h"));
        }
        if m > 0 {
            parts.push(format!("{m}m"));
        }
        if sec > 0 || parts.is_empty() {
            parts.push(format!("{sec}s"));
        }
        parts.join(" ")
    }

    #[test]
    fn formats_agree_with_format() {
        let zone = Zone {
            name: "UTC+05:30".into(),
            offset_minutes: Some(330),
        };
        for hour in [0, 1, 9, 10, 11, 12, 13, 23, 99, 100, 255] {
            for minute in [0, 5, 59, 200] {
                for second in [0, 7, 42] {
                    for meridiem in [Meridiem::None, Meridiem::Am, Meridiem::Pm] {
                        let t = ClockTime {
                            hour,
                            minute,
                            second,
                            meridiem,
                            zero_padded: false,
                        };
                        assert_eq!(fmt_time(&t), reference_time(&t));
                        assert_eq!(fmt_moment(&t, None), reference_time(&t));
                        assert_eq!(
                            fmt_moment(&t, Some(&zone)),
                            format!("{} {}", reference_time(&t), zone.name)
                        );
                    }
                }
            }
        }
        for s in [
            0,
            1,
            59,
            60,
            61,
            3599,
            3600,
            3661,
            86_399,
            86_400,
            90_061,
            -4_500,
            10_000_000_000,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(fmt_duration(s), reference_duration(s), "{s}");
        }
    }
}
