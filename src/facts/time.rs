//! Times of day, dates and timezones as written in postmortem prose and timelines.
//!
//! The input of every scanner is one line (or a few joined lines) of Markdown whose markup
//! has already been blanked to spaces, so extra spaces are expected
//! (`"  14:00 UTC:   Issue detected"`). Every range returned is a **byte** range into the
//! input `&str`, always on char boundaries.
//!
//! The scanners are linear in the length of the text: candidates are found with
//! precompiled regexes whose repetitions are all bounded, and everything that is looked
//! for next to a candidate (AM/PM, zone, date separators) is matched against a window of
//! at most [`LOOKAROUND`] bytes.
//!
//! Choices for ambiguous forms:
//! - `24:00` and any other hour above 23 is rejected (not a time).
//! - A 24-hour clock with AM/PM (`13:06 PM`) keeps its hour; `13:06 AM` and `0:30 PM`
//!   are rejected. `00:30 AM` is 00:30.
//! - Dotted times (`2.05 pm`) and bare hours (`2 pm`) need AM/PM.
//! - `H:MM hours` with a one-digit hour (`1:20 hours`) is a duration, not a time;
//!   `HH:MM hours` (`00:00 hours`) is a time.
//! - `noon`/`midday` are 12:00 PM and `midnight` is 00:00 AM.
//! - Numeric dates `a/b/yyyy` (also `-` and en dash): `b/a` (day first) when `a > 12`,
//!   otherwise month first. Dotted numeric dates `dd.mm.yyyy` are always day first.
//!   Two-digit years mean 20yy.
//! - Month names must be capitalised (`May 5`, not `may 5`).
//! - Zone abbreviations must be upper case; only `utc`/`gmt` are also accepted in
//!   lower case. `CST` is US Central and `IST` is India. US generic zones (`PT`, `ET`,
//!   `CT`, `MT`, `US/Pacific`, `PST8PDT`) get their standard-time offset. `Z` is a zone
//!   only when glued to a time and is reported as `UTC`.
//! - A zone is attached only when it directly follows the time; a zone written once after
//!   a range (`10:00 AM to 11:20 AM PST`) belongs to the last time only.
//! - A date directly before a time wins over a date directly after the previous time.

use super::ascii_regex::folds_to_ascii;
use super::caseless::Caseless;
use super::word::{self, classes16};
use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

/// Largest number of bytes looked at after a time (or between a date and a time) when
/// looking for AM/PM, an hour suffix, a zone or a date separator.
pub const LOOKAROUND: usize = 96;

/// Whether AM/PM was written after a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Meridiem {
    /// `am`, `AM`, `a.m.` (and `midnight`).
    Am,
    /// `pm`, `PM`, `p.m.` (and `noon`/`midday`).
    Pm,
    /// No AM/PM was written.
    None,
}

/// A time of day as written. `hour` is 0..=23 after applying AM/PM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockTime {
    /// Hour of the day, 0..=23 (AM/PM already applied: `2:05 PM` has hour 14).
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59 (0 when not written).
    pub second: u8,
    /// The AM/PM marker as written.
    pub meridiem: Meridiem,
    /// True when the hour was written with a leading zero (`02:05`, `0930hrs`).
    /// Needed by [`ClockTime::is_ambiguous_12h`].
    pub zero_padded: bool,
}

impl ClockTime {
    /// Seconds since midnight, 0..86400.
    #[must_use]
    pub fn seconds_of_day(&self) -> u32 {
        u32::from(self.hour) * 3600 + u32::from(self.minute) * 60 + u32::from(self.second)
    }

    /// True when no AM/PM was written, the hour is 1..=12 and was written without a leading
    /// zero (`2:05`, `10:30`; not `02:05` or `14:05`): the writer may mean the PM hour.
    #[must_use]
    pub fn is_ambiguous_12h(&self) -> bool {
        self.meridiem == Meridiem::None && (1..=12).contains(&self.hour) && !self.zero_padded
    }
}

/// A calendar date as written; the year may be missing (`March 8th`, `05 June`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Four-digit year (two-digit years are read as 20yy), if written.
    pub year: Option<i32>,
    /// Month, 1..=12.
    pub month: u32,
    /// Day of the month, 1..=31.
    pub day: u32,
}

impl PartialDate {
    /// The date in `default_year` when no year was written; `None` when the day does not
    /// exist in that year (29 February).
    #[must_use]
    pub fn to_naive(&self, default_year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.unwrap_or(default_year), self.month, self.day)
    }
}

/// A timezone as written and its UTC offset when known.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Zone {
    /// Canonical upper-case spelling: `"UTC"`, `"PST"`, `"PT"` (also for "Pacific Time"),
    /// `"UTC+03:00"`, `"GMT-05:00"`.
    pub name: ZoneName,
    /// Offset from UTC in minutes (east positive: IST is 330, PST is -480), when known.
    pub offset_minutes: Option<i32>,
}

/// A zone's canonical name ([`Zone::name`]), held inline so that a zone costs no allocation:
/// up to [`ZoneName::CAPACITY`] bytes of ASCII (the longest name written is `"GMT-05:00"`, nine
/// bytes). Reads as a `&str` ([`ZoneName::as_str`], `Deref`, `Display`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ZoneName {
    len: u8,
    bytes: [u8; ZoneName::CAPACITY],
}

impl ZoneName {
    /// Most bytes a name holds; a longer one is cut there (no name written is that long).
    pub const CAPACITY: usize = 15;

    /// The name `name`, cut to [`ZoneName::CAPACITY`] bytes at a char boundary.
    #[must_use]
    pub fn new(name: &str) -> ZoneName {
        let mut len = name.len().min(Self::CAPACITY);
        while !name.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes[..len].copy_from_slice(&name.as_bytes()[..len]);
        ZoneName {
            len: len as u8,
            bytes,
        }
    }

    /// `base`, a sign and `hh:mm` (the hours in two digits or more), as
    /// `format!("{base}{sign}{hours:02}:{minutes:02}")` writes it; cut to
    /// [`ZoneName::CAPACITY`] bytes (a three-letter base leaves room for any `u32` of hours
    /// below 10⁸, and offsets are at most 14 hours).
    fn with_offset(base: &str, sign: u8, hours: u32, minutes: u32) -> ZoneName {
        let mut text = [0u8; 32];
        let mut len = 0;
        let mut push = |b: &[u8]| {
            let n = b.len().min(text.len() - len);
            text[len..len + n].copy_from_slice(&b[..n]);
            len += n;
        };
        push(base.as_bytes());
        push(&[sign]);
        let mut digits = itoa::Buffer::new();
        let hours = digits.format(hours);
        if hours.len() < 2 {
            push(b"0");
        }
        push(hours.as_bytes());
        push(&[
            b':',
            b'0' + (minutes / 10 % 10) as u8,
            b'0' + (minutes % 10) as u8,
        ]);
        ZoneName::new(std::str::from_utf8(&text[..len]).unwrap_or_default())
    }

    /// The name as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Built from whole `&str`s cut at char boundaries and ASCII bytes: always UTF-8.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::ops::Deref for ZoneName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Display for ZoneName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for ZoneName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<str> for ZoneName {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ZoneName {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl From<&str> for ZoneName {
    fn from(name: &str) -> ZoneName {
        ZoneName::new(name)
    }
}

/// One time of day found in text, with the date and zone written next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Byte range of the whole mention: date (before or after), time, AM/PM and zone
    /// (with its parentheses).
    pub range: Range<usize>,
    /// Byte range of the time itself including AM/PM or an `hrs` suffix.
    pub time_range: Range<usize>,
    /// The time of day.
    pub time: ClockTime,
    /// The date written directly before or after the time, if any.
    pub date: Option<PartialDate>,
    /// The zone written directly after the time, if any.
    pub zone: Option<Zone>,
}

/// One calendar date found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    /// Byte range of the date, including a leading weekday (`Mon, August 11, 2014`).
    pub range: Range<usize>,
    /// The date.
    pub date: PartialDate,
}

// ---------------------------------------------------------------------------------------
// Regexes. Every repetition is bounded so that a failed candidate costs O(1).

/// Candidate times. Alternatives are tried in order at each position. The scan reads them by
/// hand ([`Candidate::find_at`]); the regex is the reference the tests check it against.
#[cfg(test)]
static CORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          (?P<word>(?i:(?:12\x20?)?(?:midnight|noon|midday)))
        | (?P<clock>(?P<h>[0-9]{1,2})(?P<sep>[:.])(?P<m>[0-9]{2})
              (?::(?P<s>[0-9]{2})(?:[.,][0-9]{1,9})?)?)
        | (?P<fr>(?P<frh>[0-9]{2})h(?P<frm>[0-9]{2}))
        | (?P<mil>(?P<milh>[0-9]{2})(?P<milm>[0-9]{2})\x20{0,2}(?i:hours|hrs|hr))
        | (?P<bare>(?P<bh>[0-9]{1,2})[\x20\t]{0,4}(?P<bap>[AaPp])(?:\.\x20?[Mm]\.?|[Mm]))
        ",
    )
    .expect("CORE regex")
});

/// AM/PM right after a clock time (anchored on a window): the reference [`meridiem_at`] is
/// tested against.
#[cfg(test)]
static MERIDIEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^\S\r\n]{0,6}|-)(?P<ap>[AaPp])(?:\.[^\S\r\n]?[Mm]\.?|[Mm])")
        .expect("MERIDIEM regex")
});

/// `hours`/`hrs`/`h` right after a 24-hour clock time (anchored on a window).
static HOUR_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<sp>[^\S\r\n]{0,2})(?P<suf>(?i:hours|hrs|hr|h))").expect("suffix regex")
});

/// Spelled-out zone names: (regex fragment, canonical name, offset minutes). More specific
/// entries come first. Every fragment is followed by `time` or `timezone`.
const SPELLED_ZONES: &[(&str, &str, i32)] = &[
    ("pacific standard", "PST", -480),
    ("pacific daylight", "PDT", -420),
    ("pacific", "PT", -480),
    ("eastern african?(?: standard)?", "EAT", 180),
    ("east african?(?: standard)?", "EAT", 180),
    ("eastern european summer", "EEST", 180),
    ("eastern european(?: standard)?", "EET", 120),
    ("eastern standard", "EST", -300),
    ("eastern daylight", "EDT", -240),
    ("eastern", "ET", -300),
    ("west central african?(?: standard)?", "WAT", 60),
    ("central african?(?: standard)?", "CAT", 120),
    ("central european summer", "CEST", 120),
    ("central european(?: standard)?", "CET", 60),
    ("central standard", "CST", -360),
    ("central daylight", "CDT", -300),
    ("central", "CT", -360),
    ("mountain standard", "MST", -420),
    ("mountain daylight", "MDT", -360),
    ("mountain", "MT", -420),
    ("west african?(?: standard)?", "WAT", 60),
    ("western european summer", "WEST", 60),
    ("western european", "WET", 0),
    ("south african?(?: standard)?", "SAST", 120),
    ("british summer", "BST", 60),
    ("greenwich mean", "GMT", 0),
    ("coordinated universal", "UTC", 0),
    ("indian?(?: standard)?", "IST", 330),
    ("japan(?: standard)?", "JST", 540),
    ("indochina", "ICT", 420),
    ("australian eastern standard", "AEST", 600),
    ("australian eastern daylight", "AEDT", 660),
    ("western indonesian?", "WIB", 420),
    ("moscow(?: standard)?", "MSK", 180),
];

fn spelled_fragment(words: &str) -> String {
    format!(
        r"{}\s{{1,3}}time(?:\s?zone)?",
        words.replace(' ', r"\s{1,3}")
    )
}

/// Alternatives shared by every zone regex, with or without the spelled zones (the costliest
/// part to compile: see [`zone_regex`]). Group names are read by [`classify_zone`].
fn zone_alternatives(spelled: bool) -> String {
    let spelled_alt = if spelled {
        let fragments: Vec<String> = SPELLED_ZONES
            .iter()
            .map(|(words, _, _)| spelled_fragment(words))
            .collect();
        format!("|(?P<spelled>(?i:{}))", fragments.join("|"))
    } else {
        String::new()
    };
    format!(
        r"(?P<off>(?i:utc|gmt)(?:[^\S\r\n]?\+|[-−])[0-9]{{1,2}}(?::?[0-9]{{2}})?)
        {spelled_alt}
        |(?P<iana>(?i:us/(?:pacific|eastern|central|mountain)|pst8pdt|est5edt|cst6cdt|mst7mdt))
        |(?P<abbr>[A-Z]{{2,5}}(?:[-+−][0-9]{{1,2}}(?::?[0-9]{{2}})?)?|(?i:utc|gmt))
        |(?P<bare>[-+−][0-9]{{2}}:?[0-9]{{2}})
        |(?P<z>Z)"
    )
}

/// A zone anywhere in free text.
static ZONE_FREE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?x){}", zone_alternatives(true))).expect("ZONE_FREE regex")
});

/// [`ZONE_FREE`] without the spelled zones, for text that cannot hold one.
static ZONE_PLAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?x){}", zone_alternatives(false))).expect("ZONE_PLAIN regex")
});

/// First words of the spelled zones (each fragment in [`SPELLED_ZONES`] starts with one);
/// [`spelled_first_words`] lists them by first letter.
#[cfg(test)]
const SPELLED_FIRST_WORDS: &[&str] = &[
    "pacific",
    "east",
    "west",
    "central",
    "mountain",
    "south",
    "british",
    "greenwich",
    "coordinated",
    "india",
    "japan",
    "indochina",
    "australian",
    "moscow",
];

/// The zone regex for `text`: [`ZONE_PLAIN`] unless `text` may hold a spelled zone (which needs
/// "time" and one of [`SPELLED_FIRST_WORDS`], in any case). Where no spelled zone can match, the
/// two regexes find the same matches.
fn zone_regex(text: &str) -> &'static Regex {
    if may_hold_spelled_zone(text) {
        &ZONE_FREE
    } else {
        &ZONE_PLAIN
    }
}

/// Whether `text` holds "time" and, at a word start, one of [`SPELLED_FIRST_WORDS`], in any ASCII
/// case. A spelled zone glued to a letter or digit before it is never kept: the scans drop it
/// ([`scan_zones_from`]) or never try it (after a time, [`zone_after`] tries the starts after a
/// space, `(`, `-` or the time itself), and the search goes on from its next character, as it
/// does where [`ZONE_PLAIN`] matches nothing; so only the spelled zones at a word start
/// ([`Starts`]: after a byte that is not an ASCII letter or digit) ask for [`ZONE_FREE`].
fn may_hold_spelled_zone(text: &str) -> bool {
    let b = text.as_bytes();
    let first_word_at = |p: usize| {
        spelled_first_words(b[p]).iter().any(|w| {
            b.get(p..p + w.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
        })
    };
    holds_time_word(b) && Starts::<false>::new(b).any(first_word_at)
}

/// Whether `b` holds `time` in any ASCII case ([`contains_ignore_ascii_case`]), looked for at
/// its `m` (in English text `t` is about four times as common as `m`: fewer places to compare).
fn holds_time_word(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'm', b'M', b).any(|i| {
        i >= 2
            && b.get(i - 2..i + 2)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"time"))
    })
}

/// [`SPELLED_FIRST_WORDS`] that start with the byte `c` in either ASCII case.
fn spelled_first_words(c: u8) -> &'static [&'static str] {
    match c | 0x20 {
        b'p' => &["pacific"],
        b'e' => &["east"],
        b'w' => &["west"],
        b'c' => &["central", "coordinated"],
        b'm' => &["mountain", "moscow"],
        b's' => &["south"],
        b'b' => &["british"],
        b'g' => &["greenwich"],
        b'i' => &["india", "indochina"],
        b'j' => &["japan"],
        b'a' => &["australian"],
        _ => &[],
    }
}

/// Whether the zones of `text` are found by hand ([`plain_zone_at`]): where [`zone_regex`] is
/// [`ZONE_PLAIN`] and no `ſ` or Kelvin sign asks for Unicode case folding.
fn zones_by_hand(text: &str) -> bool {
    !may_hold_spelled_zone(text) && !folds_to_ascii(text)
}

/// A whole token that is a zone (for [`parse_zone`]).
static ZONE_FULL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?x)^(?:{})$", zone_alternatives(true))).expect("ZONE_FULL regex")
});

/// The spelled zones, each anchored, to find which one matched.
static SPELLED_EACH: LazyLock<Vec<(Regex, &'static str, i32)>> = LazyLock::new(|| {
    SPELLED_ZONES
        .iter()
        .map(|(words, name, off)| {
            let re = Regex::new(&format!(r"^(?i:{})$", spelled_fragment(words)))
                .expect("spelled zone regex");
            (re, *name, *off)
        })
        .collect()
});

/// `(PST)` after a spelled zone: "Pacific Standard Time (PST)".
static PAREN_ABBR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^\S\r\n]{0,4}\([^\S\r\n]{0,2}(?P<a>[A-Z]{2,5})[^\S\r\n]{0,2}\)")
        .expect("paren regex")
});

/// `)` closing a zone opened with `(`.
static CLOSE_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\S\r\n]{0,4}\)").expect("close regex"));

// Weekday and month names, lower case: matched without regard to case (inside `(?i:…)` or by
// [`Caseless`]).
const WEEKDAY: &str = r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)";
const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// Candidate dates (matched without regard to case; month names must be capitalised, which
/// [`date_from_caps`] checks).
static DATE: LazyLock<Caseless> = LazyLock::new(|| {
    let re = format!(
        r"(?x)
          (?P<ymd>[0-9]{{4}}(?:-[0-9]{{1,2}}-[0-9]{{1,2}}|/[0-9]{{1,2}}/[0-9]{{1,2}}|\.[0-9]{{1,2}}\.[0-9]{{1,2}}))
        | (?P<num>[0-9]{{1,2}}(?:/[0-9]{{1,2}}/(?:[0-9]{{4}}|[0-9]{{2}})
                             |-[0-9]{{1,2}}-(?:[0-9]{{4}}|[0-9]{{2}})
                             |–[0-9]{{1,2}}–(?:[0-9]{{4}}|[0-9]{{2}})
                             |\.[0-9]{{1,2}}\.[0-9]{{4}}))
        | (?P<md>(?:{wd}\.?,?\s{{1,3}})?(?P<mon1>{mon})\.?\s{{1,3}}(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?
                 (?:,?\s{{1,3}}(?P<y1>(?:19|20)[0-9]{{2}}))?)
        | (?P<dm>(?:{wd}\.?,?\s{{1,3}})?(?:(?:the)\s{{1,3}})?(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}
                 (?:(?:of)\s{{1,3}})?(?P<mon2>{mon})\.?(?:,?\s{{1,3}}(?P<y2>(?:19|20)[0-9]{{2}}))?)
        ",
        wd = WEEKDAY,
        mon = MONTH
    );
    Caseless::from_string(re)
});

/// Text allowed between a date and the time after it: `, `, ` at `, ` @ `, `T` (ISO).
#[cfg(test)]
static GAP_BEFORE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s{0,6}(?:,\s{0,6})?(?:(?i:at|from|between|around|by|on)\s{1,6}|@\s{0,6})?)$")
        .expect("gap regex")
});

/// Text allowed between a time (and its zone) and the date after it: ` `, `, `, ` on `, `-`.
static GAP_AFTER_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:\s{{1,6}}|\s{{0,6}},\s{{0,6}}|,?\s{{1,6}}(?i:on)\s{{1,6}}(?:(?i:{WEEKDAY}),?\s{{1,3}})?|-)$"
    ))
    .expect("gap regex")
});

// ---------------------------------------------------------------------------------------
// Small helpers.

/// Whether `hay` contains `needle` (ASCII) in any ASCII case.
pub(crate) fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), h).any(|i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Byte classes for the tests' reference scans ([`Candidate::find_from`], [`find_date`]): one
/// table load per byte.
#[cfg(test)]
const DIGIT: u8 = 1;
#[cfg(test)]
const LETTER: u8 = 2;
/// `m`, `n` in either case: the first letters of `midnight`, `midday` and `noon`.
#[cfg(test)]
const TIME_WORD: u8 = 4;
/// A byte at or above 0x80: part of a non-ASCII character.
#[cfg(test)]
const NON_ASCII: u8 = 8;
#[cfg(test)]
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
                | if matches!(c, b'm' | b'M' | b'n' | b'N') {
                    TIME_WORD
                } else {
                    0
                }
        } else if c >= 0x80 {
            NON_ASCII
        } else {
            0
        };
        i += 1;
    }
    t
};

#[cfg(test)]
fn class(c: u8) -> u8 {
    CLASS[usize::from(c)]
}

fn prev_char(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn next_char(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// Byte index just after the char starting at `i` (or `text.len()`).
fn after_char(text: &str, i: usize) -> usize {
    next_char(text, i).map_or(text.len(), |c| i + c.len_utf8())
}

/// At most [`LOOKAROUND`] bytes of `text` from `start`, cut on a char boundary.
fn window(text: &str, start: usize) -> &str {
    let mut end = start.saturating_add(LOOKAROUND).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

// Quick tests of the first characters a window must start with for an anchored regex to
// match, so that most candidates never reach the regex (and its capture machinery). Each is a
// necessary condition of its regex, never stricter.

/// `s` without up to `max` leading whitespace characters other than `\r` and `\n` (the
/// regexes' `[^\S\r\n]`).
///
/// Inline, the two usual cases first: no white space to skip, or one space and then a visible
/// ASCII byte (`14:05 UTC`: a time's window is looked at three times, 12,800 calls per 200
/// files); anything else goes to [`skip_hspace_bytes`].
/// `tests::skipped_spaces_agree_with_the_chars` checks it against [`skip_hspace_chars`].
#[inline]
fn skip_hspace(s: &str, max: usize) -> &str {
    // ASCII white space is `\t`..`\r` and the space, all at most 0x20.
    let visible = |c: u8| c > b' ' && c < 0x80;
    match *s.as_bytes() {
        [c, ..] if visible(c) => s,
        [b' ', c, ..] if max >= 1 && visible(c) => &s[1..],
        _ => skip_hspace_bytes(s, max),
    }
}

/// [`skip_hspace`] byte by byte.
fn skip_hspace_bytes(s: &str, max: usize) -> &str {
    // ASCII first, byte by byte (one character each): space, `\t`, `\x0B`, `\x0C` are the
    // ASCII whitespace other than `\r` and `\n`; a non-ASCII byte goes on by characters.
    let b = s.as_bytes();
    let mut i = 0;
    while i < max && i < b.len() {
        match b[i] {
            b' ' | b'\t' | 0x0B | 0x0C => i += 1,
            c if c >= 0x80 => return skip_hspace_chars(&s[i..], max - i),
            _ => break,
        }
    }
    &s[i..]
}

/// [`skip_hspace`] by characters.
fn skip_hspace_chars(s: &str, max: usize) -> &str {
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n == max || !c.is_whitespace() || matches!(c, '\r' | '\n') {
            return &s[i..];
        }
    }
    ""
}

/// Whether `s` starts with the ASCII byte `c` (`s.starts_with(char::from(c))`, a byte compare).
#[inline]
fn starts_with_byte(s: &str, c: u8) -> bool {
    s.as_bytes().first() == Some(&c)
}

/// `s` without its first byte when it is the ASCII byte `c` (`s.strip_prefix(char::from(c))`).
#[inline]
fn strip_byte(s: &str, c: u8) -> Option<&str> {
    // After an ASCII byte, the next byte is a char boundary.
    starts_with_byte(s, c).then(|| &s[1..])
}

/// `s` without up to `max` leading whitespace characters (`\s`, Unicode `White_Space`), and
/// how many it dropped.
fn skip_space(s: &str, max: usize) -> (usize, &str) {
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n == max || !c.is_whitespace() {
            return (n, &s[i..]);
        }
    }
    (s.chars().count().min(max), "")
}

/// Whether `s` starts with `word` (ASCII) in any ASCII case.
fn starts_ignore_ascii_case(s: &str, word: &str) -> bool {
    s.as_bytes()
        .get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// [`GAP_BEFORE_TIME`] by hand. Each part starts with a character the part before cannot take
/// (space, `,`, a letter, `@`), so the regex's greedy reading is the only one; the words hold no
/// `s` or `k` (which a case-insensitive regex also matches to `ſ` and the Kelvin sign).
fn gap_before_time(s: &str) -> bool {
    let (_, rest) = skip_space(s, 6);
    let rest = rest.strip_prefix(',').map_or(rest, |r| skip_space(r, 6).1);
    let rest = if let Some(r) = rest.strip_prefix('@') {
        skip_space(r, 6).1
    } else {
        ["at", "from", "between", "around", "by", "on"]
            .iter()
            .find(|w| starts_ignore_ascii_case(rest, w))
            .and_then(|w| match skip_space(&rest[w.len()..], 6) {
                (0, _) => None,
                (_, r) => Some(r),
            })
            .unwrap_or(rest)
    };
    rest.is_empty()
}

/// [`GAP_AFTER_TIME`] by hand, each alternative in turn (every part starts with a character
/// the part before cannot take, so each has one reading). Text holding `ſ` or the Kelvin sign
/// goes to the regex (its weekday names hold `s`).
fn gap_after_time(s: &str) -> bool {
    if folds_to_ascii(s) {
        return GAP_AFTER_TIME.is_match(s);
    }
    if s == "-" {
        return true;
    }
    // \s{1,6} | \s{0,6},\s{0,6}
    let (n, rest) = skip_space(s, 6);
    if rest.is_empty() {
        return n >= 1;
    }
    if rest
        .strip_prefix(',')
        .is_some_and(|r| skip_space(r, 6).1.is_empty())
    {
        return true;
    }
    // ,?\s{1,6}on\s{1,6}(?:{WEEKDAY},?\s{1,3})?
    let (n, rest) = skip_space(s.strip_prefix(',').unwrap_or(s), 6);
    if n == 0 || !starts_ignore_ascii_case(rest, "on") {
        return false;
    }
    let (n, rest) = skip_space(&rest[2..], 6);
    if n == 0 {
        return false;
    }
    rest.is_empty()
        || WEEKDAY_FORMS.iter().flat_map(|g| g.iter()).any(|w| {
            starts_ignore_ascii_case(rest, w) && {
                let r = &rest[w.len()..];
                let (n, r) = skip_space(r.strip_prefix(',').unwrap_or(r), 3);
                n >= 1 && r.is_empty()
            }
        })
}

/// [`MERIDIEM`] by hand: the byte offset of the `a`/`p` in `win` and the end of the match. The
/// spaces are taken greedily (fewer would leave a space where the letter must be), `-` only
/// when no space came first.
fn meridiem_at(win: &str) -> Option<(usize, usize)> {
    let b = win.as_bytes();
    let is_ap = |i: usize| matches!(b.get(i), Some(b'a' | b'A' | b'p' | b'P'));
    let spaces = win.len() - skip_hspace(win, 6).len();
    let ap = if is_ap(spaces) {
        spaces
    } else if b.first() == Some(&b'-') && is_ap(1) {
        1
    } else {
        return None;
    };
    let is_m = |i: usize| matches!(win.as_bytes().get(i), Some(b'm' | b'M'));
    let e = ap + 1;
    // `\.[^\S\r\n]?[Mm]\.?`, else `[Mm]`.
    if starts_with_byte(&win[e..], b'.') {
        let after_dot = &win[e + 1..];
        let spaced = skip_hspace(after_dot, 1);
        let m = if spaced.len() < after_dot.len()
            && matches!(spaced.as_bytes().first(), Some(b'm' | b'M'))
        {
            Some(win.len() - spaced.len())
        } else {
            is_m(e + 1).then_some(e + 1)
        };
        return m.map(|m| {
            (
                ap,
                m + 1 + usize::from(starts_with_byte(&win[m + 1..], b'.')),
            )
        });
    }
    is_m(e).then_some((ap, e + 1))
}

/// [`HOUR_SUFFIX`] by hand: the end of the spaces and of the suffix in `win` (`hours`, `hrs`, `hr`
/// or `h` in any case, the first that is there). Text holding `ſ` or the Kelvin sign goes to the
/// regex.
fn hour_suffix_at(win: &str) -> Option<(usize, usize)> {
    // Every suffix starts with `h` in either case, which no other character case-folds to:
    // without it after the spaces neither the regex nor the hand reading matches.
    let rest = skip_hspace(win, 2);
    if !matches!(rest.as_bytes().first(), Some(b'h' | b'H')) {
        return None;
    }
    if folds_to_ascii(win) {
        let m = HOUR_SUFFIX.find(win)?;
        let sp = m.as_str().len() - m.as_str().trim_start().len();
        return Some((sp, m.end()));
    }
    let sp = win.len() - rest.len();
    ["hours", "hrs", "hr", "h"]
        .iter()
        .find(|w| starts_ignore_ascii_case(rest, w))
        .map(|w| (sp, sp + w.len()))
}

/// Whether a zone may follow a time at the start of `win`: after its separator (spaces and an
/// optional `(`, or `-`), every zone alternative starts with a letter or a sign.
fn may_start_zone(win: &str) -> bool {
    if starts_with_byte(win, b'-') {
        return true;
    }
    let mut rest = skip_hspace(win, 8);
    if let Some(r) = strip_byte(rest, b'(') {
        rest = skip_hspace(r, 4);
    }
    match rest.as_bytes().first() {
        Some(&c) if c.is_ascii() => c.is_ascii_alphabetic() || c == b'+',
        Some(_) => rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '−'),
        None => false,
    }
}

fn is_alnum(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------
// Where a time or a date may start, sixteen bytes at a time.

/// The places a time (`TIME`) or a date (`!TIME`) may start in a text, left to right, found
/// sixteen bytes at a time ([`classes16`]), so that the scans try those places only instead of
/// looking at every byte:
/// - `TIME`: an ASCII digit, or `mi` or `no` in either case (what every alternative of
///   [`CORE`] starts with: a digit, `midnight`, `midday`, `noon`), after a byte that is not an
///   ASCII letter or digit, or after a `T` that follows an ASCII digit (`2024-03-08T14:05`).
///   These are the starts [`Candidate::find_from`] tries when `unglued` but those where
///   [`Candidate::read`] matches nothing (an `m` or `n` not followed by `i` or `o`) and those
///   after a `T` that follows no digit, where [`time_start_ok`] rejects every time (the `T` is
///   alphanumeric).
/// - `!TIME`: an ASCII letter or digit after a byte that is not one (a word start; [`next_date`]
///   drops those after a non-ASCII alphanumeric character).
///
/// Each is an ASCII byte, so a char boundary.
struct Starts<'t, const TIME: bool> {
    b: &'t [u8],
    /// Start of the sixteen bytes `pending` flags.
    base: usize,
    /// The starts not given yet, bit `i` for byte `base + i` (bit 16 for the byte after them: a
    /// time after a `T` that ends the sixteen bytes).
    pending: u32,
    /// Bit 0 set when the byte before `base + 16` is an ASCII letter or digit.
    alnum_before: u32,
    /// Bit 0 set when the byte before `base + 16` is an ASCII digit.
    digit_before: u32,
}

impl<'t, const TIME: bool> Starts<'t, TIME> {
    fn new(b: &'t [u8]) -> Self {
        Starts {
            b,
            // The first refill reads from `base + 16`, byte 0.
            base: 0usize.wrapping_sub(16),
            pending: 0,
            alnum_before: 0,
            digit_before: 0,
        }
    }

    /// Reads the next sixteen bytes into `pending`; false at the end of the text.
    fn refill(&mut self) -> bool {
        let at = self.base.wrapping_add(16);
        if at >= self.b.len() {
            return false;
        }
        self.base = at;
        let c = classes16(self.b, at);
        let digit = c.alnum & !c.letter;
        let alnum_prev = (c.alnum << 1) | self.alnum_before;
        let digit_prev = (digit << 1) | self.digit_before;
        self.alnum_before = c.alnum >> 15;
        self.digit_before = digit >> 15;
        let starts = c.alnum & !alnum_prev;
        if !TIME {
            self.pending = starts;
            return true;
        }
        let byte = |i: u32| self.b.get(at + i as usize).copied().unwrap_or(0);
        let mut pending = starts & digit;
        // `midnight`, `midday` and `noon` start with `mi` and `no` in either case.
        let word_at = |i: u32| {
            matches!(
                (byte(i) | 0x20, byte(i + 1) | 0x20),
                (b'm', b'i') | (b'n', b'o')
            )
        };
        // Letters that start a word: those that may start one of these words.
        let mut letters = starts & c.letter;
        while letters != 0 {
            let i = letters.trailing_zeros();
            pending |= u32::from(word_at(i)) << i;
            letters &= letters - 1;
        }
        // A `T` after a digit: the digit, `m` or `n` after it.
        let mut after_digit = c.letter & digit_prev;
        while after_digit != 0 {
            let i = after_digit.trailing_zeros();
            if byte(i) == b'T' && (byte(i + 1).is_ascii_digit() || word_at(i + 1)) {
                pending |= 1 << (i + 1);
            }
            after_digit &= after_digit - 1;
        }
        self.pending = pending;
        true
    }
}

impl<const TIME: bool> Iterator for Starts<'_, TIME> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while self.pending == 0 {
            if !self.refill() {
                return None;
            }
        }
        let i = self.pending.trailing_zeros() as usize;
        self.pending &= self.pending - 1;
        Some(self.base + i)
    }
}

// ---------------------------------------------------------------------------------------
// Zones.

/// How a zone was written; decides which separators are allowed after a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZoneKind {
    Offset,
    Spelled,
    Iana,
    Abbr,
    Bare,
    Z,
}

/// Abbreviation (upper case) -> (canonical name, offset minutes).
///
/// One look-up in a perfect hash table ([`abbreviation_of_key`]) rather than a `match` on the
/// string (a chain of length tests and compares).
fn abbreviation(abbr: &str) -> Option<(&'static str, i32)> {
    let b = abbr.as_bytes();
    if !(2..=5).contains(&b.len()) {
        return None;
    }
    let mut bytes = [0u8; 8];
    for (k, &c) in b.iter().enumerate() {
        bytes[k] = c;
    }
    abbreviation_of_key(abbr_key(u64::from_le_bytes(bytes), b.len()))
}

/// The known abbreviations (upper case) and their offsets in minutes: each is its own canonical
/// name.
const ABBREVIATIONS: [(&str, i32); 42] = [
    ("UTC", 0),
    ("GMT", 0),
    ("PST", -480),
    ("PDT", -420),
    ("PT", -480),
    ("EST", -300),
    ("EDT", -240),
    ("ET", -300),
    ("CST", -360),
    ("CDT", -300),
    ("CT", -360),
    ("MST", -420),
    ("MDT", -360),
    ("MT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("WET", 0),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("BST", 60),
    ("MSK", 180),
    ("WAT", 60),
    ("CAT", 120),
    ("EAT", 180),
    ("SAST", 120),
    ("IST", 330),
    ("PKT", 300),
    ("ICT", 420),
    ("WIB", 420),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("ACST", 570),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// The key of an abbreviation of `len` bytes (2 to 5) whose bytes are the low bytes of `x`
/// (little-endian; the bytes above them are ignored): those bytes, and the length in the top
/// byte (no two strings of at most five bytes share a key).
#[inline]
const fn abbr_key(x: u64, len: usize) -> u64 {
    (x & ((1u64 << (8 * len)) - 1)) | (len as u64) << 56
}

/// The slot of a key in [`ABBR_KEYS`]: the top seven bits of a product, a multiplier under which
/// the 42 keys of [`ABBREVIATIONS`] fall in 42 different slots (checked when the table is built).
#[inline]
const fn abbr_slot(key: u64) -> usize {
    (key.wrapping_mul(0xd1f8_620b_a2f9_1c09) >> 57) as usize
}

/// The key held in each slot ([`abbr_slot`]); 0 where none is (no key is 0: its length is not).
static ABBR_KEYS: [u64; 128] = abbr_table().0;
/// The abbreviation held in each slot.
static ABBRS: [(&str, i32); 128] = abbr_table().1;

const fn abbr_table() -> ([u64; 128], [(&'static str, i32); 128]) {
    let mut keys = [0u64; 128];
    let mut abbrs = [("", 0); 128];
    let mut k = 0;
    while k < ABBREVIATIONS.len() {
        let (name, off) = ABBREVIATIONS[k];
        let b = name.as_bytes();
        let mut x = 0u64;
        let mut i = 0;
        while i < b.len() {
            x |= (b[i] as u64) << (8 * i);
            i += 1;
        }
        let key = abbr_key(x, b.len());
        let slot = abbr_slot(key);
        assert!(keys[slot] == 0, "two abbreviations in one slot");
        keys[slot] = key;
        abbrs[slot] = (name, off);
        k += 1;
    }
    (keys, abbrs)
}

/// The abbreviation whose [`abbr_key`] is `key`.
#[inline]
fn abbreviation_of_key(key: u64) -> Option<(&'static str, i32)> {
    let slot = abbr_slot(key);
    (ABBR_KEYS[slot] == key).then_some(ABBRS[slot])
}

/// [`abbreviation`] by a `match` on the string: the tests' reference.
#[cfg(test)]
fn abbreviation_by_match(abbr: &str) -> Option<(&'static str, i32)> {
    ABBREVIATIONS.iter().find(|(n, _)| *n == abbr).copied()
}

/// `+3`, `+03:00`, `-0530`, ` +1`, `−5` -> minutes east of UTC. Hours up to 14.
fn parse_offset(s: &str) -> Option<i32> {
    let s = s.trim_start();
    let mut chars = s.chars();
    let sign = match chars.next()? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let digits: String = chars.as_str().chars().filter(|&c| c != ':').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        3 => (
            digits[..1].parse::<i32>().ok()?,
            digits[1..].parse::<i32>().ok()?,
        ),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 || h * 60 + m > 14 * 60 {
        return None;
    }
    Some(sign * (h * 60 + m))
}

/// The upper-case name of the base of an offset zone, `utc` or `gmt` in any ASCII case (what the
/// `off` alternative starts with).
fn utc_or_gmt(base: &str) -> &'static str {
    if base.eq_ignore_ascii_case("gmt") {
        "GMT"
    } else {
        "UTC"
    }
}

fn offset_zone(base: &str, minutes: i32) -> Zone {
    let name = if minutes == 0 {
        ZoneName::new(base)
    } else {
        let sign = if minutes < 0 { b'-' } else { b'+' };
        let abs = minutes.unsigned_abs();
        ZoneName::with_offset(base, sign, abs / 60, abs % 60)
    };
    Zone {
        name,
        offset_minutes: Some(minutes),
    }
}

/// Reads the zone matched by one of the zone regexes. Returns the byte range of the zone
/// within the haystack, the zone and its kind; `None` when the token is not a known zone.
fn classify_zone(caps: &Captures) -> Option<(Range<usize>, Zone, ZoneKind)> {
    for (name, alt) in [
        ("off", ZoneKind::Offset),
        ("iana", ZoneKind::Iana),
        ("abbr", ZoneKind::Abbr),
        ("bare", ZoneKind::Bare),
        ("z", ZoneKind::Z),
    ] {
        if let Some(m) = caps.name(name) {
            return classify_alternative(alt, m.start(), m.as_str());
        }
    }
    if let Some(m) = caps.name("spelled") {
        let (_, name, off) = SPELLED_EACH
            .iter()
            .find(|(re, _, _)| re.is_match(m.as_str()))?;
        let zone = Zone {
            name: ZoneName::new(name),
            offset_minutes: Some(*off),
        };
        return Some((m.range(), zone, ZoneKind::Spelled));
    }
    None
}

/// Reads a match `m` (starting at byte `start` of the haystack) of the zone alternative `alt`
/// (named by the kind it gives: `off` is [`ZoneKind::Offset`]; not the spelled zones), as
/// [`classify_zone`] does.
fn classify_alternative(
    alt: ZoneKind,
    start: usize,
    m: &str,
) -> Option<(Range<usize>, Zone, ZoneKind)> {
    let range = start..start + m.len();
    if alt == ZoneKind::Offset {
        let base = utc_or_gmt(m.get(..3)?);
        return Some(match parse_offset(m.get(3..)?) {
            Some(off) => (range, offset_zone(base, off), ZoneKind::Offset),
            None => (start..start + 3, offset_zone(base, 0), ZoneKind::Abbr),
        });
    }
    if alt == ZoneKind::Iana {
        let lower = m.to_ascii_lowercase();
        let (name, off) = match lower.as_str() {
            "us/pacific" | "pst8pdt" => ("PT", -480),
            "us/eastern" | "est5edt" => ("ET", -300),
            "us/central" | "cst6cdt" => ("CT", -360),
            "us/mountain" | "mst7mdt" => ("MT", -420),
            _ => return None,
        };
        let zone = Zone {
            name: ZoneName::new(name),
            offset_minutes: Some(off),
        };
        return Some((range, zone, ZoneKind::Iana));
    }
    if alt == ZoneKind::Abbr {
        let s = m;
        let letters_len = s
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(s.len());
        // Upper-cased on the stack: an abbreviation is at most five letters.
        let mut upper = [0u8; 5];
        let letters = s.as_bytes().get(..letters_len).filter(|l| l.len() <= 5)?;
        upper[..letters_len].copy_from_slice(letters);
        upper.make_ascii_uppercase();
        let (name, off) = abbreviation(std::str::from_utf8(&upper[..letters_len]).ok()?)?;
        let suffix = parse_offset(&s[letters_len..]);
        let zone_end = match suffix {
            // "SAST+2" restates SAST's own offset: keep it in the range. Any other suffix
            // ("PST-15:00", a range) is left out.
            Some(suffix) if suffix == off => range.end,
            _ => start + letters_len,
        };
        let zone = Zone {
            name: ZoneName::new(name),
            offset_minutes: Some(off),
        };
        return Some((start..zone_end, zone, ZoneKind::Abbr));
    }
    if alt == ZoneKind::Bare {
        let off = parse_offset(m)?;
        return Some((range, offset_zone("UTC", off), ZoneKind::Bare));
    }
    if alt == ZoneKind::Z {
        return Some((range, offset_zone("UTC", 0), ZoneKind::Z));
    }
    None
}

/// The match of [`ZONE_PLAIN`] starting at byte `p` of `text`, read by hand: its alternative
/// (named by the kind it gives, as in [`classify_alternative`]) and end. The alternatives are
/// tried in the regex's order, each part greedy; where a greedy part leaves the next part
/// nothing to match, taking less never helps (the next part starts with a character the greedy
/// one cannot take), so this is the regex crate's leftmost-first match. Letters compare in
/// ASCII case only: the caller gives text holding `ſ` or the Kelvin sign to the regex.
/// `tests::hand_zones_agree_with_the_regex` checks it.
fn plain_zone_at(text: &str, p: usize) -> Option<(ZoneKind, usize)> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, w: &str| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
    };
    // `[-+−]` (or `[-−]`) at `i`: its length.
    let sign = |i: usize, plus: bool| match b.get(i) {
        Some(b'-') => Some(1),
        Some(b'+') if plus => Some(1),
        Some(0xE2) if b.get(i + 1..i + 3) == Some(&[0x88, 0x92][..]) => Some(3),
        _ => None,
    };
    // `[0-9]{1,2}(?::?[0-9]{2})?` at `i`: its end.
    let offset_digits = |i: usize| {
        let h = (0..2).take_while(|&k| digit(i + k)).count();
        if h == 0 {
            return None;
        }
        let j = i + h;
        Some(if b.get(j) == Some(&b':') && digit(j + 1) && digit(j + 2) {
            j + 3
        } else if digit(j) && digit(j + 1) {
            j + 2
        } else {
            j
        })
    };
    let utc_gmt = at(p, "utc") || at(p, "gmt");
    // off: (?i:utc|gmt)(?:[^\S\r\n]?\+|[-−])[0-9]{1,2}(?::?[0-9]{2})?
    if utc_gmt {
        let j = p + 3;
        let rest = &text[j..];
        let spaced = skip_hspace(rest, 1);
        let after_sign = if spaced.len() < rest.len() && spaced.starts_with('+') {
            Some(text.len() - spaced.len() + 1)
        } else {
            sign(j, true).map(|n| j + n)
        };
        if let Some(end) = after_sign.and_then(offset_digits) {
            return Some((ZoneKind::Offset, end));
        }
    }
    // iana
    if at(p, "us/") {
        if let Some(w) = ["pacific", "eastern", "central", "mountain"]
            .iter()
            .find(|w| at(p + 3, w))
        {
            return Some((ZoneKind::Iana, p + 3 + w.len()));
        }
    }
    if ["pst8pdt", "est5edt", "cst6cdt", "mst7mdt"]
        .iter()
        .any(|w| at(p, w))
    {
        return Some((ZoneKind::Iana, p + 7));
    }
    // abbr: [A-Z]{2,5}(?:[-+−][0-9]{1,2}(?::?[0-9]{2})?)?|(?i:utc|gmt)
    let caps = b[p..]
        .iter()
        .take(5)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if caps >= 2 {
        let j = p + caps;
        let end = sign(j, true)
            .and_then(|n| offset_digits(j + n))
            .unwrap_or(j);
        return Some((ZoneKind::Abbr, end));
    }
    if utc_gmt {
        return Some((ZoneKind::Abbr, p + 3));
    }
    // bare: [-+−][0-9]{2}:?[0-9]{2}
    if let Some(n) = sign(p, true) {
        let j = p + n;
        if digit(j) && digit(j + 1) {
            let k = j + 2;
            if b.get(k) == Some(&b':') && digit(k + 1) && digit(k + 2) {
                return Some((ZoneKind::Bare, k + 3));
            }
            if digit(k) && digit(k + 1) {
                return Some((ZoneKind::Bare, k + 2));
            }
        }
    }
    (b.get(p) == Some(&b'Z')).then_some((ZoneKind::Z, p + 1))
}

/// One zone token (`"PST"`, `"utc"`, `"GMT+3"`, `"UTC+03:00"`, `"+0530"`, `"Z"`,
/// `"Pacific Time"`, `"(UTC)"`) -> [`Zone`]. Case-insensitive; `None` for anything else.
#[must_use]
pub fn parse_zone(token: &str) -> Option<Zone> {
    let mut t = token.trim();
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        t = inner.trim();
    }
    if t.is_empty() || t.len() > LOOKAROUND {
        return None;
    }
    let upper = t.to_uppercase();
    let caps = ZONE_FULL.captures(&upper)?;
    let (range, zone, _) = classify_zone(&caps)?;
    (range == (0..upper.len())).then_some(zone)
}

/// A zone that follows a time ending at `pos`. `dash_offset_ok` allows a glued `-05:00`
/// (only after seconds or an ISO `T` time, so that `9:00-10:00` stays a range).
/// Returns the range (including parentheses) and the zone.
fn zone_after(text: &str, pos: usize, dash_offset_ok: bool) -> Option<(Range<usize>, Zone)> {
    let win = window(text, pos);
    if !may_start_zone(win) {
        return None;
    }
    if let Some((r, zone)) = zone_after_by_hand(win) {
        return Some((pos + r.start..pos + r.end, zone));
    }
    // The separator before the zone, `[ws]{0,8}(?:\([ws]{0,4})?` or `-`, as the regex engine
    // would try it: all the spaces and a `(` with its spaces, all the spaces, then the dash (no
    // zone starts with a space, so fewer spaces never match). The first place the zone regex
    // matches decides.
    let spaces = win.len() - skip_hspace(win, 8).len();
    let paren = strip_byte(&win[spaces..], b'(').map(|r| win.len() - skip_hspace(r, 4).len());
    let starts = [
        paren,
        Some(spaces),
        starts_with_byte(win, b'-').then_some(1),
    ];
    // Most words after a time ("14:05 Alert fired") cannot start a zone: no regex for them.
    if !starts
        .iter()
        .flatten()
        .any(|&at| zone_may_start_at(&win[at..]))
    {
        return None;
    }
    let (start, classified) = if !zones_by_hand(win) {
        let re = zone_regex(win);
        starts.into_iter().flatten().find_map(|at| {
            re.captures_at(win, at)
                .filter(|c| c.get(0).is_some_and(|m| m.start() == at))
                .map(|c| (at, classify_zone(&c)))
        })?
    } else {
        starts.into_iter().flatten().find_map(|at| {
            plain_zone_at(win, at)
                .map(|(alt, end)| (at, classify_alternative(alt, at, &win[at..end])))
        })?
    };
    let pre = &win[..start];
    let (zr, zone, kind) = classified?;
    let paren = pre.contains('(');
    match kind {
        ZoneKind::Z if !pre.is_empty() => return None,
        ZoneKind::Bare => {
            let sign = win[zr.start..].chars().next()?;
            let ok = if sign == '+' {
                pre.is_empty() || pre == " "
            } else {
                pre.is_empty() && dash_offset_ok
            };
            if !ok {
                return None;
            }
        }
        _ => {}
    }
    if pre == "-" && matches!(kind, ZoneKind::Bare | ZoneKind::Z) {
        return None;
    }
    if is_alnum(next_char(win, zr.end)) {
        return None;
    }
    let mut end = zr.end;
    if kind == ZoneKind::Spelled {
        if let Some(pc) = PAREN_ABBR.captures(&win[end..]) {
            if abbreviation(&pc["a"]).is_some() {
                end += pc.get(0).map_or(0, |m| m.end());
            }
        }
    }
    // "(UTC)" is taken whole; an unclosed "(" ("(South African Standard Time, UTC+2)")
    // is left out of the range.
    let mut start = zr.start;
    if paren {
        if let Some(m) = CLOSE_PAREN.find(&win[end..]) {
            end += m.end();
            start = pre.find('(').unwrap_or(start);
        }
    }
    Some((pos + start..pos + end, zone))
}

/// Whether some alternative of [`ZONE_FREE`] (and so of [`ZONE_PLAIN`]) may match at the start
/// of `rest`: a necessary condition, from what each alternative starts with — `utc`/`gmt`
/// (`off`, `abbr`), an `iana` name, two capitals (`abbr`), a sign (`bare`), `Z`, or the first
/// word of a spelled zone. Where it is false, the regex finds no match starting there.
fn zone_may_start_at(rest: &str) -> bool {
    let b = rest.as_bytes();
    matches!(b.first(), Some(b'+' | b'-' | b'Z'))
        || rest.starts_with('−')
        || named_zone_may_start_at(rest)
}

/// [`zone_may_start_at`] for the alternatives that name a zone (`off`, `spelled`, `iana`,
/// `abbr`): all but a bare offset and `Z`.
fn named_zone_may_start_at(rest: &str) -> bool {
    let b = rest.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if b.len() >= 2 && first.is_ascii_uppercase() && b[1].is_ascii_uppercase() {
        return true;
    }
    // The words that `utc`/`gmt`, the `iana` names and the spelled zones start with, by first
    // letter (`ſ` is a case-insensitive `s`).
    let words: &[&str] = match first.to_ascii_lowercase() {
        b'u' => &["utc", "us/"],
        b'g' => &["gmt", "greenwich"],
        b'p' => &["pst8", "pacific"],
        b'e' => &["est5", "east"],
        b'c' => &["cst6", "central", "coordinated"],
        b'm' => &["mst7", "mountain", "moscow"],
        b'w' => &["west"],
        b's' | 0xC5 => &["south"],
        b'b' => &["british"],
        b'i' => &["india", "indochina"],
        b'j' => &["japan"],
        b'a' => &["australian"],
        _ => &[],
    };
    words.iter().any(|w| starts_with_folded(rest, w))
}

/// Whether `s` starts with `word` (ASCII, lower case) as a case-insensitive regex matches it:
/// ASCII letters in either case, and `s` and `k` also as `ſ` and the Kelvin sign (their only
/// non-ASCII case equivalents).
fn starts_with_folded(s: &str, word: &str) -> bool {
    let mut chars = s.chars();
    word.bytes().all(|w| match chars.next() {
        Some(c) if c.is_ascii() => c.to_ascii_lowercase() as u32 == u32::from(w),
        Some('ſ') => w == b's',
        Some('\u{212a}') => w == b'k',
        _ => false,
    })
}

/// The common cases of [`zone_after`] without its regex; `None` means "ask the regex".
/// - Spaces, then a known upper-case abbreviation (`UTC`, `PST`) that nothing glues an offset, a
///   letter or a digit to: the regex's choice is the `abbr` alternative (no spelled zone starts
///   with a known abbreviation, `off` and `iana` need a sign, digit or `/` after it).
/// - The same inside parentheses (`(UTC)`), taken with them when they close ([`CLOSE_PAREN`]).
/// - Spaces, then `utc` or `gmt` and an offset (`UTC+1`, `gmt-05:00`): the `off` alternative,
///   the regex's first, read as [`classify_zone`] reads it.
fn zone_after_by_hand(win: &str) -> Option<(Range<usize>, Zone)> {
    let rest = skip_hspace(win, 8);
    let spaces = win.len() - rest.len();
    if let Some(inner) = strip_byte(rest, b'(') {
        let abbr = skip_hspace(inner, 4);
        let at = win.len() - abbr.len();
        let (len, zone) = known_abbreviation_at(abbr)?;
        // CLOSE_PAREN: up to four spaces, then `)`.
        let close = skip_hspace(&abbr[len..], 4);
        return Some(match strip_byte(close, b')') {
            Some(after) => (spaces..win.len() - after.len(), zone),
            None => (at..at + len, zone),
        });
    }
    if let Some((len, zone)) = known_abbreviation_at(rest) {
        return Some((spaces..spaces + len, zone));
    }
    // off: (?i:utc|gmt)(?:[^\S\r\n]?\+|[-−])[0-9]{1,2}(?::?[0-9]{2})?
    let b = rest.as_bytes();
    let base = b.get(..3)?;
    if !(base.eq_ignore_ascii_case(b"utc") || base.eq_ignore_ascii_case(b"gmt")) {
        return None;
    }
    let after_base = &rest[3..];
    let sign = match after_base.chars().next()? {
        '+' | '-' => 1,
        '−' => '−'.len_utf8(),
        c if c.is_whitespace() && !matches!(c, '\r' | '\n') => {
            let n = c.len_utf8();
            if after_base[n..].starts_with('+') {
                n + 1
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut j = 3 + sign;
    let hours = (0..2).take_while(|&k| digit(j + k)).count();
    if hours == 0 {
        return None;
    }
    j += hours;
    if b.get(j) == Some(&b':') && digit(j + 1) && digit(j + 2) {
        j += 3;
    } else if digit(j) && digit(j + 1) {
        j += 2;
    }
    let name = utc_or_gmt(&rest[..3]);
    let (len, zone) = match parse_offset(&rest[3..j]) {
        Some(off) => (j, offset_zone(name, off)),
        None => (3, offset_zone(name, 0)),
    };
    if is_alnum(next_char(rest, len)) {
        return None;
    }
    Some((spaces..spaces + len, zone))
}

/// A known upper-case abbreviation at the start of `rest` that nothing glues an offset, a letter
/// or a digit to: its length and zone.
fn known_abbreviation_at(rest: &str) -> Option<(usize, Zone)> {
    // The capitals that start `rest`, from its first eight bytes at once where it has eight
    // (their word is the key's bytes too); else byte by byte.
    let b = rest.as_bytes();
    let (len, first8) = if b.len() >= 8 {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        let x = word::load8(b, 0);
        let y = x & !HI;
        let capitals =
            ((y | HI) - u64::from(b'A') * LO) & ((u64::from(b'Z') + 0x80) * LO - y) & !x & HI;
        ((!capitals & HI).trailing_zeros() as usize / 8, Some(x))
    } else {
        (
            b.iter().take_while(|c| c.is_ascii_uppercase()).count(),
            None,
        )
    };
    if !(2..=5).contains(&len) {
        return None;
    }
    let after = &rest[len..];
    let mut chars = after.chars();
    match chars.next() {
        Some(c) if c.is_alphanumeric() || matches!(c, '+' | '-' | '−') => return None,
        Some(c) if c.is_whitespace() && !matches!(c, '\r' | '\n') && chars.next() == Some('+') => {
            return None
        }
        _ => {}
    }
    let (name, off) = match first8 {
        Some(x) => abbreviation_of_key(abbr_key(x, len)),
        None => abbreviation(&rest[..len]),
    }?;
    let zone = Zone {
        name: ZoneName::new(name),
        offset_minutes: Some(off),
    };
    Some((len, zone))
}

/// Every timezone word or offset in `text`, left to right, non-overlapping, with its byte
/// range: `UTC`, `(PST)`, `GMT+1`, `UTC+03:00`, `Pacific Time`, `US/Pacific`. Bare
/// offsets (`+0530`) and `Z` are only recognised glued to a time (see [`scan_times`]).
/// Useful for declarations such as "Timeline (all times UTC)" or "all times in Pacific
/// Time".
#[must_use]
pub fn scan_zones(text: &str) -> Vec<(Range<usize>, Zone)> {
    zones_in(text, usize::MAX)
}

/// The first zone of [`scan_zones`], without looking for the others.
#[must_use]
pub fn first_zone(text: &str) -> Option<(Range<usize>, Zone)> {
    zones_in(text, 1).pop()
}

/// The first `limit` zones of [`scan_zones`].
fn zones_in(text: &str, limit: usize) -> Vec<(Range<usize>, Zone)> {
    if !zones_by_hand(text) {
        return scan_zones_with(text, zone_regex(text), limit);
    }
    // A match right after an ASCII letter or digit is never kept (every reading starts where
    // the match does, and [`scan_zones_from`] drops those after an alphanumeric character) and
    // the search would go on from the next character: passing over those starts finds the
    // same zones. So do the starts where no kept zone starts ([`may_start_kept_zone`]): the
    // word starts ([`Starts`]) are all that is tried, each once (the search goes on from after
    // the start it last gave).
    let b = text.as_bytes();
    let mut starts = Starts::<false>::new(b);
    scan_zones_from(text, limit, |pos| {
        let (p, alt, end) = starts
            .by_ref()
            .filter(|&p| p >= pos && may_start_kept_zone(b, p))
            .find_map(|p| plain_zone_at(text, p).map(|(alt, end)| (p, alt, end)))?;
        Some((p..end, classify_alternative(alt, p, &text[p..end])))
    })
}

/// Whether a match of [`ZONE_PLAIN`] that [`scan_zones_from`] keeps (not a bare offset, not `Z`)
/// may start at byte `p` of `b`: `off` and `abbr` start with `utc` or `gmt` in either case or
/// two capitals, `iana` with `us/`, `pst8`, `est5`, `cst6` or `mst7` in either case.
#[inline]
fn may_start_kept_zone(b: &[u8], p: usize) -> bool {
    let (c, d) = (b[p], b.get(p + 1).copied().unwrap_or(0));
    (c.is_ascii_uppercase() && d.is_ascii_uppercase())
        || matches!(
            (c | 0x20, d | 0x20),
            (b'u', b't' | b's') | (b'g', b'm') | (b'p' | b'e' | b'c' | b'm', b's')
        )
}

/// Whether `text` may hold a zone that [`scan_zones`] keeps: one that names a zone (bare offsets
/// and `Z` are dropped) with no letter or digit before it, so it starts where
/// [`named_zone_may_start_at`] holds after a byte that is not an ASCII letter or digit.
#[cfg(test)]
fn may_hold_named_zone(text: &str) -> bool {
    let b = text.as_bytes();
    let mut after_alnum = false;
    for (i, &c) in b.iter().enumerate() {
        // A continuation byte starts no character; a non-ASCII character may or may not be
        // alphanumeric, so the byte after it is tried.
        if (c.is_ascii_alphabetic() || c >= 0xC0)
            && !after_alnum
            && named_zone_may_start_at(&text[i..])
        {
            return true;
        }
        after_alnum = c.is_ascii_alphanumeric();
    }
    false
}

fn scan_zones_with(text: &str, re: &Regex, limit: usize) -> Vec<(Range<usize>, Zone)> {
    scan_zones_from(text, limit, |pos| {
        let m = re.find_at(text, pos)?;
        let whole = m.range();
        // A match of two to five upper-case letters alone can only be the `abbr` alternative
        // (every other one writes a sign, digit, `/` or space): no captures needed.
        let classified =
            if (2..=5).contains(&m.len()) && m.as_str().bytes().all(|b| b.is_ascii_uppercase()) {
                abbreviation(m.as_str()).map(|(name, off)| {
                    let zone = Zone {
                        name: ZoneName::new(name),
                        offset_minutes: Some(off),
                    };
                    (whole.clone(), zone, ZoneKind::Abbr)
                })
            } else {
                re.captures_at(text, m.start())
                    .and_then(|caps| classify_zone(&caps))
            };
        Some((whole, classified))
    })
}

/// The zones of `text` from the matches `find(pos)` gives (the leftmost at or after `pos`, with
/// its reading): a match counts when it names a zone and nothing glues it to a word; else the
/// search goes on from its next character.
fn scan_zones_from(
    text: &str,
    limit: usize,
    mut find: impl FnMut(usize) -> Option<(Range<usize>, Option<(Range<usize>, Zone, ZoneKind)>)>,
) -> Vec<(Range<usize>, Zone)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() && out.len() < limit {
        let Some((whole, classified)) = find(pos) else {
            break;
        };
        let accepted = classified.filter(|(r, _, kind)| {
            !matches!(kind, ZoneKind::Bare | ZoneKind::Z)
                && !is_alnum(prev_char(text, r.start))
                && !is_alnum(next_char(text, r.end))
        });
        match accepted {
            Some((r, zone, kind)) => {
                let mut end = r.end;
                if kind == ZoneKind::Spelled {
                    if let Some(pc) = PAREN_ABBR.captures(window(text, end)) {
                        if abbreviation(&pc["a"]).is_some() {
                            end += pc.get(0).map_or(0, |m| m.end());
                        }
                    }
                }
                out.push((r.start..end, zone));
                pos = end.max(after_char(text, whole.start));
            }
            None => pos = after_char(text, whole.start),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Dates.

/// A line's dates in order of position, each with how it was written ([`scan_dates_with_kind`]).
pub(crate) type KindedDates = Vec<(DateMention, DateKind)>;

/// How a date was written (what [`scan_dates_with_kind`] gives with each date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateKind {
    /// `2024-03-08`, `2024/03/08`: may be followed by `T` and a time.
    Iso,
    Other,
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.get(..3)?.to_ascii_lowercase();
    let m = match lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn valid_date(year: Option<i32>, month: u32, day: u32) -> Option<PartialDate> {
    let ok = match year {
        Some(y) => NaiveDate::from_ymd_opt(y, month, day).is_some(),
        // 2024 is a leap year: accepts 29 February when the year is unknown.
        None => NaiveDate::from_ymd_opt(2024, month, day).is_some(),
    };
    ok.then_some(PartialDate { year, month, day })
}

/// The first three runs of digits of a numeric date (`2024-03-08`, `8/3/24`): at most four digits
/// each, so each parses.
///
/// One pass over the bytes, each run's value summed as it is read (the iterator of runs that
/// [`three_numbers_by_split`] chains costs several times as much on a date of ten bytes). A run
/// of more than nine digits is parsed as the reference parses it, and passed over when it does
/// not fit a `u32`, as the reference's `filter_map` passes it over.
/// `tests::three_numbers_agree_with_the_split` checks it.
fn three_numbers(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    let mut out = [0u32; 3];
    let (mut n, mut i) = (0, 0);
    while n < 3 {
        while b.get(i).is_some_and(|c| !c.is_ascii_digit()) {
            i += 1;
        }
        let start = i;
        let mut value = 0u32;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Wraps only in a run of more than nine digits, whose value is not used.
            value = value.wrapping_mul(10).wrapping_add(u32::from(d - b'0'));
            i += 1;
        }
        if i == start {
            return None;
        }
        let value = if i - start <= 9 {
            Some(value)
        } else {
            std::str::from_utf8(&b[start..i])
                .ok()
                .and_then(|r| r.parse().ok())
        };
        if let Some(v) = value {
            out[n] = v;
            n += 1;
        }
    }
    Some((out[0], out[1], out[2]))
}

/// [`three_numbers`] by splitting at the non-digits: the tests' reference.
#[cfg(test)]
fn three_numbers_by_split(s: &str) -> Option<(u32, u32, u32)> {
    // Runs of ASCII digits, read by hand when they cannot overflow.
    let mut runs = s
        .as_bytes()
        .split(|c| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            if p.len() <= 9 {
                Some(p.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
            } else {
                std::str::from_utf8(p).ok()?.parse().ok()
            }
        });
    Some((runs.next()?, runs.next()?, runs.next()?))
}

/// A match of [`DATE`]: its byte range and the parts [`date_of`] reads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DateMatch {
    range: Range<usize>,
    parts: DateParts,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum DateParts {
    /// `ymd`: `2024-03-08`.
    Ymd,
    /// `num`: `08/03/2024`.
    Num,
    /// `md` or `dm`: the month name, the day and the year as written.
    Named {
        mon: Range<usize>,
        day: Range<usize>,
        year: Option<Range<usize>>,
    },
}

impl DateMatch {
    /// From the captures of [`DATE`] (on the lowered text).
    fn from_caps(caps: &Captures) -> Option<DateMatch> {
        let range = caps.get(0)?.range();
        let parts = if caps.name("ymd").is_some() {
            DateParts::Ymd
        } else if caps.name("num").is_some() {
            DateParts::Num
        } else {
            let md = caps.name("md").is_some();
            let name = |a: &str, b: &str| caps.name(if md { a } else { b }).map(|m| m.range());
            DateParts::Named {
                mon: name("mon1", "mon2")?,
                day: name("d1", "d2")?,
                year: name("y1", "y2"),
            }
        };
        Some(DateMatch { range, parts })
    }
}

/// The date of a [`DATE`] match in `text` (the text as written).
fn date_of(m: &DateMatch, text: &str) -> Option<(PartialDate, DateKind)> {
    // Digits and separators: the same in the lowered text the regex ran on.
    let s = &text[m.range.clone()];
    let (mon, day, year) = match &m.parts {
        DateParts::Ymd => {
            let (year, month, day) = three_numbers(s)?;
            let year = i32::try_from(year).ok()?;
            return valid_date(Some(year), month, day).map(|d| (d, DateKind::Iso));
        }
        DateParts::Num => {
            let (a, b, y) = three_numbers(s)?;
            let year_text = s.rsplit(|c: char| !c.is_ascii_digit()).next()?;
            let year = if year_text.len() == 2 { 2000 + y } else { y };
            let year = i32::try_from(year).ok()?;
            let (month, day) = if s.contains('.') || a > 12 {
                (b, a)
            } else {
                (a, b)
            };
            return valid_date(Some(year), month, day).map(|d| (d, DateKind::Other));
        }
        DateParts::Named { mon, day, year } => (mon, day, year),
    };
    let mon = &text[mon.clone()];
    if !mon.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let day: u32 = text[day.clone()].parse().ok()?;
    let year = match year {
        Some(y) => Some(text[y.clone()].parse().ok()?),
        None => None,
    };
    valid_date(year, month_number(mon)?, day).map(|d| (d, DateKind::Other))
}

/// Weekday names as [`WEEKDAY`] tries them: one group per alternative (told apart by their
/// first three letters), longer forms first.
const WEEKDAY_FORMS: &[&[&str]] = &[
    &["monday", "mon"],
    &["tuesday", "tues", "tue"],
    &["wednesday", "wed"],
    &["thursday", "thurs", "thur", "thu"],
    &["friday", "fri"],
    &["saturday", "sat"],
    &["sunday", "sun"],
];
/// Month names as [`MONTH`] tries them, grouped the same way.
const MONTH_FORMS: &[&[&str]] = &[
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// A word of [`DATE`] told by its first three letters: a weekday or a month (index into
/// [`WEEKDAY_FORMS`] or [`MONTH_FORMS`]), or `the`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Name {
    Weekday(usize),
    Month(usize),
    The,
}

/// The [`Name`] whose first three letters (in any ASCII case) start at byte `i` of `b`.
///
/// One look-up in a perfect hash table ([`NAME_KEYS`], [`NAMES`]) rather than a `match` on the
/// letters (whose jump tables mispredict): the three bytes, each `| 0x20` (which lowers ASCII
/// capitals and turns no other byte into a lower-case letter), are the key; its slot is
/// [`name_slot`]; the name is there when the slot holds that key.
/// `tests::names_are_read_by_their_table` checks it against [`name_by_match`].
fn name_at(b: &[u8], i: usize) -> Option<Name> {
    let t = b.get(i..i + 3)?;
    let key = name_key(t[0], t[1], t[2]);
    let slot = name_slot(key);
    (NAME_KEYS[slot] == key).then_some(NAMES[slot]).flatten()
}

/// The words [`name_at`] knows, lower case, with their [`Name`].
const NAME_WORDS: [(&[u8; 3], Name); 20] = [
    (b"mon", Name::Weekday(0)),
    (b"tue", Name::Weekday(1)),
    (b"wed", Name::Weekday(2)),
    (b"thu", Name::Weekday(3)),
    (b"fri", Name::Weekday(4)),
    (b"sat", Name::Weekday(5)),
    (b"sun", Name::Weekday(6)),
    (b"jan", Name::Month(0)),
    (b"feb", Name::Month(1)),
    (b"mar", Name::Month(2)),
    (b"apr", Name::Month(3)),
    (b"may", Name::Month(4)),
    (b"jun", Name::Month(5)),
    (b"jul", Name::Month(6)),
    (b"aug", Name::Month(7)),
    (b"sep", Name::Month(8)),
    (b"oct", Name::Month(9)),
    (b"nov", Name::Month(10)),
    (b"dec", Name::Month(11)),
    (b"the", Name::The),
];

/// The key of three bytes for [`name_at`]: each `| 0x20`, packed (never 0, the empty slot's key).
#[inline]
const fn name_key(a: u8, b: u8, c: u8) -> u32 {
    (((a | 0x20) as u32) << 16) | (((b | 0x20) as u32) << 8) | ((c | 0x20) as u32)
}

/// The slot of a key in [`NAME_KEYS`]: the top five bits of a product, a multiplier under which
/// the twenty keys of [`NAME_WORDS`] fall in twenty different slots (checked when the table is
/// built).
#[inline]
const fn name_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9c54_6497) >> 27) as usize
}

/// The key held in each slot ([`name_slot`]); 0 where none is.
static NAME_KEYS: [u32; 32] = name_table().0;
/// The name held in each slot.
static NAMES: [Option<Name>; 32] = name_table().1;

const fn name_table() -> ([u32; 32], [Option<Name>; 32]) {
    let mut keys = [0u32; 32];
    let mut names = [None; 32];
    let mut k = 0;
    while k < NAME_WORDS.len() {
        let (w, name) = NAME_WORDS[k];
        let key = name_key(w[0], w[1], w[2]);
        let slot = name_slot(key);
        assert!(keys[slot] == 0, "two names in one slot");
        keys[slot] = key;
        names[slot] = Some(name);
        k += 1;
    }
    (keys, names)
}

/// [`name_at`] by a `match` on the letters: the tests' reference.
#[cfg(test)]
fn name_by_match(b: &[u8], i: usize) -> Option<Name> {
    let t = b.get(i..i + 3)?;
    Some(match [t[0] | 0x20, t[1] | 0x20, t[2] | 0x20] {
        [b'm', b'o', b'n'] => Name::Weekday(0),
        [b't', b'u', b'e'] => Name::Weekday(1),
        [b'w', b'e', b'd'] => Name::Weekday(2),
        [b't', b'h', b'u'] => Name::Weekday(3),
        [b'f', b'r', b'i'] => Name::Weekday(4),
        [b's', b'a', b't'] => Name::Weekday(5),
        [b's', b'u', b'n'] => Name::Weekday(6),
        [b'j', b'a', b'n'] => Name::Month(0),
        [b'f', b'e', b'b'] => Name::Month(1),
        [b'm', b'a', b'r'] => Name::Month(2),
        [b'a', b'p', b'r'] => Name::Month(3),
        [b'm', b'a', b'y'] => Name::Month(4),
        [b'j', b'u', b'n'] => Name::Month(5),
        [b'j', b'u', b'l'] => Name::Month(6),
        [b'a', b'u', b'g'] => Name::Month(7),
        [b's', b'e', b'p'] => Name::Month(8),
        [b'o', b'c', b't'] => Name::Month(9),
        [b'n', b'o', b'v'] => Name::Month(10),
        [b'd', b'e', b'c'] => Name::Month(11),
        [b't', b'h', b'e'] => Name::The,
        _ => return None,
    })
}

/// The match of [`DATE`] starting at byte `p` of `text`, read by hand: the alternatives in
/// order, each optional part and repetition tried greedily first and given up only when the
/// rest fails, which is the match of the regex crate's leftmost-first search there. Letters are
/// compared in ASCII case only (the regex runs on lowered text; text holding `ſ` or the Kelvin
/// sign goes to the regex), `\s` is `char::is_whitespace` (both are Unicode `White_Space`).
/// `tests::hand_dates_agree_with_the_regex` checks it against the captures.
fn date_at(text: &str, p: usize) -> Option<DateMatch> {
    let b = text.as_bytes();
    // Every alternative of DATE starts with a digit (`ymd`, `num`, `dm` without a prefix), a
    // weekday or month name (`md`, the weekday prefixes) or `the` (`dm`): all of those names
    // start with three letters [`name_at`] knows. Any other start matches nothing, so the
    // alternatives need not be tried (most word starts of a line).
    if !b.get(p).is_some_and(u8::is_ascii_digit) && name_at(b, p).is_none() {
        return None;
    }
    // At a digit: `ymd` needs four digits and `-`, `/` or `.`; `num` and `dm` need one or two
    // digits (greedy, and a digit after them fails both) then a separator (`/`, `-`, `.`, the
    // en dash's lead byte E2), a suffix letter (`st`, `nd`, `rd`, `th`) or whitespace (ASCII,
    // or a non-ASCII character). Any other byte there matches nothing (most numbers of a line:
    // `09:58`, `71%`).
    if b[p].is_ascii_digit() {
        let run = b[p..]
            .iter()
            .take(4)
            .take_while(|c| c.is_ascii_digit())
            .count();
        let ymd = run == 4 && matches!(b.get(p + 4), Some(b'-' | b'/' | b'.'));
        let short = b.get(p + run.min(2)).is_some_and(|&c| {
            matches!(
                c,
                b'/' | b'-'
                    | b'.'
                    | b's'
                    | b'S'
                    | b'n'
                    | b'N'
                    | b'r'
                    | b'R'
                    | b't'
                    | b'T'
                    | b' '
                    | b'\t'..=b'\r'
                    | 0x80..
            )
        });
        if !ymd && !short {
            return None;
        }
    }
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let digits = |i: usize, max: usize| (0..max).take_while(|&k| digit(i + k)).count();
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let ci = |i: usize, w: &str| {
        b.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w.as_bytes()))
    };
    let en_dash = |i: usize| b.get(i..i + 3) == Some(&[0xE2, 0x80, 0x93][..]);
    // \s{1,3}: the ends after three, two, then one whitespace character.
    let spaces = |i: usize| {
        let mut ends = [None; 3];
        let mut e = i;
        for end in &mut ends {
            let Some(c) = text.get(e..).and_then(|r| r.chars().next()) else {
                break;
            };
            if !c.is_whitespace() {
                break;
            }
            e += c.len_utf8();
            *end = Some(e);
        }
        ends.into_iter().rev().flatten()
    };
    // `c?`: with it, then without.
    let opt = |i: usize, c: u8| [at(i, c).then_some(i + 1), Some(i)].into_iter().flatten();
    // The forms of the one alternative of `groups` whose first three letters start at `i`.
    // The forms of the weekday or month whose first three letters start at `i` that match
    // there, longest first, as `(i, end)`.
    let forms = |i: usize, weekday: bool| {
        let group = match name_at(b, i) {
            Some(Name::Weekday(g)) if weekday => Some(WEEKDAY_FORMS[g]),
            Some(Name::Month(g)) if !weekday => Some(MONTH_FORMS[g]),
            _ => None,
        };
        group
            .into_iter()
            .flatten()
            .filter(move |w| ci(i, w))
            .map(move |w| (i, i + w.len()))
    };
    // (?:{wd}\.?,?\s{1,3})? : the ends with a weekday, then `p` itself.
    let weekday_prefixes = || {
        forms(p, true)
            .flat_map(move |(_, e)| opt(e, b'.'))
            .flat_map(move |e| opt(e, b','))
            .flat_map(spaces)
            .chain(std::iter::once(p))
    };
    // (?:,?\s{1,3}(?:19|20)[0-9]{2})? after `i`: the year's range, if any.
    let year_after = |i: usize| {
        opt(i, b',')
            .flat_map(spaces)
            .find(|&y| (ci(y, "19") || ci(y, "20")) && digit(y + 2) && digit(y + 3))
            .map(|y| y..y + 4)
    };
    // (?:st|nd|rd|th)?
    let suffix = |i: usize| {
        let has = ["st", "nd", "rd", "th"].iter().any(|s| ci(i, s));
        [has.then_some(i + 2), Some(i)].into_iter().flatten()
    };
    // [0-9]{1,2}, greedy: whatever follows a day can never start with a digit.
    let day_at = |i: usize| match digits(i, 2) {
        0 => None,
        n => Some(i..i + n),
    };
    // [0-9]{4}|[0-9]{2}
    let year_digits = |i: usize| match digits(i, 4) {
        4 => Some(4),
        2 | 3 => Some(2),
        _ => None,
    };

    // ymd: [0-9]{4}(?:-[0-9]{1,2}-[0-9]{1,2}|/…/…|\.…\.…)
    if digits(p, 4) == 4 {
        let s = p + 4;
        for sep in [b'-', b'/', b'.'] {
            if !at(s, sep) {
                continue;
            }
            let n1 = digits(s + 1, 2);
            let n2 = digits(s + 2 + n1, 2);
            if n1 > 0 && at(s + 1 + n1, sep) && n2 > 0 {
                return Some(DateMatch {
                    range: p..s + 2 + n1 + n2,
                    parts: DateParts::Ymd,
                });
            }
        }
    }
    // num: [0-9]{1,2}(?:/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})|-…|–…|\.[0-9]{1,2}\.[0-9]{4})
    let n0 = digits(p, 2);
    if n0 > 0 {
        let s = p + n0;
        let (sep_len, dotted) = if at(s, b'/') || at(s, b'-') {
            (1, false)
        } else if en_dash(s) {
            (3, false)
        } else if at(s, b'.') {
            (1, true)
        } else {
            (0, false)
        };
        if sep_len > 0 {
            let n1 = digits(s + sep_len, 2);
            let s2 = s + sep_len + n1;
            let same_sep = b.get(s2..s2 + sep_len) == b.get(s..s + sep_len);
            if n1 > 0 && same_sep {
                let y = s2 + sep_len;
                let year = if dotted {
                    (digits(y, 4) == 4).then_some(4)
                } else {
                    year_digits(y)
                };
                if let Some(n) = year {
                    return Some(DateMatch {
                        range: p..y + n,
                        parts: DateParts::Num,
                    });
                }
            }
        }
    }
    // md and dm start with a weekday, a month, `the` or a digit. At a digit only dm can, with
    // its day, then a suffix or a space.
    if digit(p) {
        // The day, perhaps its suffix, one to three whitespace characters, then `of` or a month
        // name: each starts with one of `jfmasond` in either case. After fewer spaces than there
        // are, a space stands where the letter must be. (A non-ASCII byte there, which may be a
        // space, is left to the full reading.)
        let month_may_follow = |e: usize| {
            let mut i = e;
            while i < e + 3 && matches!(b.get(i), Some(b'\t'..=b'\r' | b' ')) {
                i += 1;
            }
            match b.get(i) {
                Some(&c) if c >= 0x80 => true,
                Some(&c) => {
                    i > e
                        && matches!(
                            c | 0x20,
                            b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
                        )
                }
                None => false,
            }
        };
        let end = p + digits(p, 2);
        let suffixed = ["st", "nd", "rd", "th"].iter().any(|s| ci(end, s));
        if !(month_may_follow(end) || suffixed && month_may_follow(end + 2)) {
            return None;
        }
    } else if name_at(b, p).is_none() {
        return None;
    }
    // md: (?:{wd}\.?,?\s{1,3})?{mon}\.?\s{1,3}[0-9]{1,2}(?:st|nd|rd|th)?(?:,?\s{1,3}(?:19|20)[0-9]{2})?
    for m in weekday_prefixes().filter(|_| !digit(p)) {
        for (_, mon_end) in forms(m, false) {
            for d in opt(mon_end, b'.').flat_map(spaces) {
                let Some(day) = day_at(d) else { continue };
                // Nothing after the day is required: the first reading of the rest matches.
                let end = suffix(day.end).next().unwrap_or(day.end);
                let year = year_after(end);
                return Some(DateMatch {
                    range: p..year.as_ref().map_or(end, |y| y.end),
                    parts: DateParts::Named {
                        mon: m..mon_end,
                        day,
                        year,
                    },
                });
            }
        }
    }
    // dm: (?:{wd}\.?,?\s{1,3})?(?:the\s{1,3})?[0-9]{1,2}(?:st|nd|rd|th)?\s{1,3}(?:of\s{1,3})?{mon}\.?(?:,?\s{1,3}(?:19|20)[0-9]{2})?
    for w in weekday_prefixes() {
        let the = ci(w, "the").then(|| spaces(w + 3)).into_iter().flatten();
        for d in the.chain(std::iter::once(w)) {
            let Some(day) = day_at(d) else { continue };
            for after_day in suffix(day.end) {
                for sp in spaces(after_day) {
                    let of = ci(sp, "of").then(|| spaces(sp + 2)).into_iter().flatten();
                    for m in of.chain(std::iter::once(sp)) {
                        if let Some((_, mon_end)) = forms(m, false).next() {
                            let end = opt(mon_end, b'.').next().unwrap_or(mon_end);
                            let year = year_after(end);
                            return Some(DateMatch {
                                range: p..year.as_ref().map_or(end, |y| y.end),
                                parts: DateParts::Named {
                                    mon: m..mon_end,
                                    day,
                                    year,
                                },
                            });
                        }
                    }
                }
            }
        }
    }
    None
}

/// Whether `text` may hold a date that [`scan_dates_with_kind`] accepts: it needs an ASCII digit
/// (every alternative of [`DATE`] has one) and either a digit, a separator (`-`, `/`, `.`, `–`)
/// and a digit (`ymd`, `num`), or a month name, which [`date_of`] accepts only
/// capitalised: an ASCII capital and two ASCII letters spelling the first three letters of a
/// month (`ſ`, which a case-insensitive `s` also matches, is never a capital). Without these no
/// date is found, so the regex need not run.
fn may_hold_date(text: &str) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    // Bit 7 of each byte of `y` (bit 7 clear in every byte) whose value is in `lo..=hi`: no
    // byte's sum or difference borrows from the next.
    let in_range = |y: u64, lo: u8, hi: u8| {
        ((y | HI) - u64::from(lo) * LO) & ((u64::from(hi) + 0x80) * LO - y) & HI
    };
    let b = text.as_bytes();
    // Every date holds a digit. Most lines whose dates are asked for hold none (the summary's
    // prose): [`has_digit`], which stops at the first digit, rules them out at a third of the
    // cost of the reading below per byte, and spares its look at each capital (measured: see
    // the commit).
    if !has_digit(b) {
        return false;
    }
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // Eight bytes at a time (a line with a time is short and holds separators and capitals:
    // separate searches for each cost more than reading it once): the bytes to look at,
    // separators (`-`, `.`, `/` are 2D..2F), E2 (`–` is E2 80 93) and, until a month is found,
    // ASCII capitals. Bytes past the end read as zero (no class).
    let mut month = false;
    let mut at = 0;
    while at < b.len() {
        let x = word::load8(b, at);
        let ascii = !x & HI;
        let y = x & !HI;
        let t = x ^ (0xE2 * LO);
        let e2 = !((t & !HI).wrapping_add(!HI) | t) & HI;
        let capital = if month {
            0
        } else {
            in_range(y, b'A', b'Z') & ascii
        };
        let mut look = (in_range(y, 0x2D, 0x2F) & ascii) | e2 | capital;
        while look != 0 {
            let i = at + (look.trailing_zeros() / 8) as usize;
            look &= look - 1;
            match b[i] {
                // A digit, a separator and a digit (the digit is there).
                b'-' | b'.' | b'/' => {
                    if i > 0 && digit(i - 1) && digit(i + 1) {
                        return true;
                    }
                }
                0xE2 => {
                    if b.get(i + 1..i + 3) == Some(&[0x80, 0x93][..])
                        && i > 0
                        && digit(i - 1)
                        && digit(i + 3)
                    {
                        return true;
                    }
                }
                _ => month = month || matches!(name_at(b, i), Some(Name::Month(_))),
            }
        }
        at += 8;
    }
    month
}

/// The reference for [`may_hold_date`]: each condition by its own search.
#[cfg(test)]
fn may_hold_date_by_searches(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if memchr::memchr3_iter(b'-', b'/', b'.', b).any(|i| i > 0 && digit(i - 1) && digit(i + 1))
        || memchr::memchr_iter(0xE2, b).any(|i| {
            b.get(i + 1..i + 3) == Some(&[0x80, 0x93][..]) && i > 0 && digit(i - 1) && digit(i + 3)
        })
    {
        return true;
    }
    let month = |i: usize| matches!(name_at(b, i), Some(Name::Month(_)));
    b.iter().any(u8::is_ascii_digit) && any_capital(b, month)
}

/// Whether `f` holds at some ASCII capital of `b` (tried left to right). The capitals are found
/// eight bytes at a time: in a word `x` of eight bytes, the bytes below 0x80 whose low seven
/// bits are at least `A` (adding 0x3F sets their top bit) and below `[` (adding 0x25 does not).
/// No addition carries into the next byte (0x7F + 0x3F < 0x100).
#[cfg(test)]
fn any_capital(b: &[u8], mut f: impl FnMut(usize) -> bool) -> bool {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const TOP: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let low = x & LOW7;
        let at_least_a = low.wrapping_add(0x3F3F_3F3F_3F3F_3F3F);
        let past_z = low.wrapping_add(0x2525_2525_2525_2525);
        let mut caps = at_least_a & !past_z & !x & TOP;
        while caps != 0 {
            // Little-endian: the lowest set bit is the first capital.
            if f(base + (caps.trailing_zeros() / 8) as usize) {
                return true;
            }
            caps &= caps - 1;
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .enumerate()
        .any(|(k, c)| c.is_ascii_uppercase() && f(base + k))
}

/// [`scan_dates`] of `text`, each date with how it was written.
pub(crate) fn scan_dates_with_kind(text: &str) -> KindedDates {
    scan_dates_before(text, usize::MAX)
}

/// The dates of [`scan_dates_with_kind`] that start before byte `limit`: the scan stops at the
/// first date that starts at or after it (the dates come left to right, so these are a prefix
/// of the whole scan's).
fn scan_dates_before(text: &str, limit: usize) -> KindedDates {
    if !may_hold_date(text) {
        return Vec::new();
    }
    // `ſ` and the Kelvin sign match `s` and `k` only in the case-insensitive regex.
    if folds_to_ascii(text) {
        let mut dates = scan_dates_by_regex(text);
        dates.retain(|(d, _)| d.range.start < limit);
        return dates;
    }
    let mut starts = Starts::<false>::new(text.as_bytes());
    scan_dates_from(text, |pos| next_date(text, &mut starts, pos, limit))
}

/// [`find_date`] from the word starts of `text` that `starts` has not given yet: the leftmost
/// match of [`DATE`] at or after `pos` with no letter or digit before it. `starts` gives the
/// ASCII letters and digits after a byte that is not one, left to right; those before `pos` are
/// passed over, and those after a non-ASCII character that is alphanumeric. The starts it takes
/// and does not return match nothing, and [`scan_dates_from`] asks again from after the one it
/// returns, so no start is needed twice. Starts at or after `limit` are not tried: the first of
/// them ends the search (`None`).
fn next_date(
    text: &str,
    starts: &mut Starts<false>,
    pos: usize,
    limit: usize,
) -> Option<DateMatch> {
    let b = text.as_bytes();
    starts.take_while(|&p| p < limit).find_map(|p| {
        if p < pos
            || (p > 0 && b[p - 1] >= 0x80 && prev_char(text, p).is_some_and(char::is_alphanumeric))
        {
            return None;
        }
        date_at(text, p)
    })
}

/// The leftmost match of [`DATE`] at or after `pos` that [`scan_dates_from`] may accept: one
/// with no letter or digit before it ([`date_at`] reads it). The reference for [`next_date`].
#[cfg(test)]
fn find_date(text: &str, pos: usize) -> Option<DateMatch> {
    let b = text.as_bytes();
    let mut after_alnum = text[..pos]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    for (i, &c) in b.iter().enumerate().skip(pos) {
        let k = class(c);
        if k & (DIGIT | LETTER) != 0 {
            if !after_alnum {
                if let Some(m) = date_at(text, i) {
                    return Some(m);
                }
            }
            after_alnum = true;
        } else if k & NON_ASCII == 0 {
            after_alnum = false;
        } else if c >= 0xC0 {
            after_alnum = text[i..].chars().next().is_some_and(char::is_alphanumeric);
        }
    }
    None
}

/// [`scan_dates_with_kind`] with the regex: for text holding `ſ` or the Kelvin sign, and the
/// tests' reference.
fn scan_dates_by_regex(text: &str) -> KindedDates {
    // Offsets in `lowered` are offsets in `text`.
    let (re, lowered) = DATE.on(text);
    scan_dates_from(text, |pos| {
        // Finding the match first spares the capture machinery when there is none.
        re.find_at(&lowered, pos)
            .and_then(|m| re.captures_at(&lowered, m.start()))
            .and_then(|caps| DateMatch::from_caps(&caps))
    })
}

/// The dates of `text`, left to right, from the matches `find(pos)` gives (the leftmost at or
/// after `pos`): a match counts when nothing glues it to a word or number around it and it is
/// a real date; else the search goes on from its next character.
fn scan_dates_from(text: &str, mut find: impl FnMut(usize) -> Option<DateMatch>) -> KindedDates {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = find(pos) else {
            break;
        };
        let r = m.range.clone();
        let numeric_start = text[r.clone()].starts_with(|c: char| c.is_ascii_digit());
        let before = prev_char(text, r.start);
        let glued_to_number =
            numeric_start && matches!(before, Some('.' | '/' | '-' | '–' | ':' | '+'));
        let before_ok = !is_alnum(before) && !glued_to_number;
        let after = next_char(text, r.end);
        let after2 = next_char(text, after_char(text, r.end));
        let iso_t = m.parts == DateParts::Ymd && after == Some('T') && is_digit(after2);
        let after_ok = (!is_alnum(after) || iso_t)
            && !(matches!(after, Some('.' | '/' | '-' | '–' | ':')) && is_digit(after2));
        let parsed = if before_ok && after_ok {
            date_of(&m, text)
        } else {
            None
        };
        match parsed {
            Some((date, kind)) => {
                out.push((
                    DateMention {
                        range: r.clone(),
                        date,
                    },
                    kind,
                ));
                pos = r.end.max(after_char(text, r.start));
            }
            None => pos = after_char(text, r.start),
        }
    }
    out
}

/// Every calendar date in `text`, left to right, non-overlapping, including those that are
/// part of a [`TimeMention`]: `March 8, 2024`, `March 8th, 2024`, `Mar 8 2024`,
/// `8 March 2024`, `8th of March, 2024`, `05 June`, `Mon, August 11, 2014`, `2024-03-08`,
/// `2024/03/08`, `08/03/2024`, `9–12–2018`, `05/16/23`, `13.10.2023`.
#[must_use]
pub fn scan_dates(text: &str) -> Vec<DateMention> {
    scan_dates_with_kind(text)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

// ---------------------------------------------------------------------------------------
// Times.

/// A time without its date.
struct RawTime {
    time_range: Range<usize>,
    /// End of the time and its zone.
    end: usize,
    time: ClockTime,
    zone: Option<Zone>,
}

/// Checks the character before a time candidate. Returns `Some(iso_t)` when acceptable.
fn time_start_ok(text: &str, start: usize) -> Option<bool> {
    let Some(c) = prev_char(text, start) else {
        return Some(false);
    };
    let before = prev_char(text, start - c.len_utf8());
    if c == 'T' && is_digit(before) {
        return Some(true);
    }
    let bad = c.is_alphanumeric()
        || matches!(c, '.' | '_' | '+' | '$' | '€' | '£')
        || (matches!(c, ':' | ',') && is_digit(before))
        || (matches!(c, '-' | '−') && {
            let head = &text[..start - c.len_utf8()];
            let tail = head.get(head.len().saturating_sub(3)..).unwrap_or("");
            tail.eq_ignore_ascii_case("utc") || tail.eq_ignore_ascii_case("gmt")
        });
    (!bad).then_some(false)
}

/// After `H:MM`: rejects `:5`, `.5`, `,000` (as in `1:20,000`) and digits.
fn clock_end_ok(text: &str, end: usize) -> bool {
    let c = next_char(text, end);
    let rest = &text[end..];
    if is_digit(c) {
        return false;
    }
    if matches!(c, Some(':' | '.')) && is_digit(next_char(text, after_char(text, end))) {
        return false;
    }
    if c == Some(',') {
        let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 3 {
            return false;
        }
    }
    true
}

/// Applies AM/PM to a written hour; `None` when the combination is invalid.
fn apply_meridiem(hour: u8, meridiem: Meridiem) -> Option<u8> {
    match (meridiem, hour) {
        (Meridiem::None, 0..=23) => Some(hour),
        (Meridiem::Am, 12) => Some(0),
        (Meridiem::Am, 0..=11) => Some(hour),
        (Meridiem::Pm, 12..=23) => Some(hour),
        (Meridiem::Pm, 1..=11) => Some(hour + 12),
        _ => None,
    }
}

fn meridiem_of(ap: &str) -> Meridiem {
    if ap.eq_ignore_ascii_case("a") {
        Meridiem::Am
    } else {
        Meridiem::Pm
    }
}

/// How many ASCII digits (at most four) start at byte `at` of `b`: from the eight bytes there
/// at once ([`word::load8`], zeros past the end), with no branch per digit (the runs of a line
/// vary in length: `2024`, `08`, `7`). A byte is a digit when its low seven bits are in
/// `0`..`9` and its top bit is clear; no byte's sum or difference borrows from the next.
#[inline]
fn digit_run4(b: &[u8], at: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let x = word::load8(b, at);
    let y = x & !HI;
    let digits = ((y | HI) - u64::from(b'0') * LO) & ((u64::from(b'9') + 0x80) * LO - y) & !x & HI;
    ((!digits & HI).trailing_zeros() as usize / 8).min(4)
}

/// A candidate found by [`CORE`], split into the parts of the alternative that matched.
/// Ranges are byte ranges into the scanned text.
#[derive(Debug, PartialEq, Eq)]
enum Candidate {
    /// `noon`, `midnight`, `midday` (with an optional `12 `).
    Word { lower_midnight: bool },
    /// `H:MM`, `HH.MM`, with optional `:SS` and fraction.
    Clock {
        h: Range<usize>,
        dotted: bool,
        m: Range<usize>,
        s: Option<Range<usize>>,
    },
    /// `14h05` (`fr`) or `1405 hrs` (`mil`).
    HourMinute { h: Range<usize>, m: Range<usize> },
    /// `2 PM`, `2 p.m.`.
    Bare { h: Range<usize>, ap: usize },
}

impl Candidate {
    /// From the regex's captures (the reference reading).
    #[cfg(test)]
    fn from_caps(caps: &Captures) -> Option<Candidate> {
        if let Some(w) = caps.name("word") {
            return Some(Candidate::Word {
                lower_midnight: w.as_str().to_ascii_lowercase().ends_with("midnight"),
            });
        }
        if caps.name("clock").is_some() {
            return Some(Candidate::Clock {
                h: caps.name("h")?.range(),
                dotted: caps.name("sep")?.as_str() == ".",
                m: caps.name("m")?.range(),
                s: caps.name("s").map(|m| m.range()),
            });
        }
        for (h, m) in [("frh", "frm"), ("milh", "milm")] {
            if let (Some(h), Some(m)) = (caps.name(h), caps.name(m)) {
                return Some(Candidate::HourMinute {
                    h: h.range(),
                    m: m.range(),
                });
            }
        }
        Some(Candidate::Bare {
            h: caps.name("bh")?.range(),
            ap: caps.name("bap")?.start(),
        })
    }

    /// The match of [`CORE`] starting at byte `start`, read by hand, and its end: the
    /// alternatives are tried in the regex's order, each with its own greedy choices, which is
    /// the match the regex crate's leftmost-first search reports at that position. `None` when
    /// no alternative matches there. (`tests::hand_reading_agrees_with_the_regex` checks it
    /// against the captures.)
    fn read(text: &str, start: usize) -> Option<(Candidate, usize)> {
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        let at = |i: usize, c: u8| b.get(i) == Some(&c);
        let ci = |i: usize, word: &[u8]| {
            b.get(i..i + word.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(word))
        };
        // word: (?:12\x20?)?(?:midnight|noon|midday), case-insensitive (no letter of these
        // words has a non-ASCII case-fold equivalent).
        let word_at = |i: usize| {
            [&b"midnight"[..], b"noon", b"midday"]
                .into_iter()
                .find(|w| ci(i, w))
                .map(|w| (i + w.len(), w == b"midnight"))
        };
        // The optional `12 ` is greedy: with the space, without it, then not at all. (A word
        // starts with `1` or with the `m` or `n` of a word; any other start skips the tries.)
        let twelve = at(start, b'1') && at(start + 1, b'2');
        let tries = [
            (twelve && at(start + 2, b' ')).then_some(start + 3),
            twelve.then_some(start + 2),
            Some(start),
        ];
        let may_be_word = twelve || matches!(b.get(start), Some(b'm' | b'M' | b'n' | b'N'));
        if let Some((e, midnight)) = may_be_word
            .then(|| tries.into_iter().flatten().find_map(word_at))
            .flatten()
        {
            return Some((
                Candidate::Word {
                    lower_midnight: midnight,
                },
                e,
            ));
        }
        if !digit(start) {
            return None;
        }
        // What each alternative needs right after its leading digits (`run` of them, up to
        // four): `clock` one or two then `:` or `.`; `fr` two then `h`; `mil` four then a space
        // or an `h` in either case; `bare` one or two then a space, a tab or the a/p. Any other
        // byte there matches none of them (most numbers of a line: `2024-03-08`, `71%`).
        let run = digit_run4(b, start);
        let next = b.get(start + run).copied();
        let fits = match run {
            1 => matches!(
                next,
                Some(b':' | b'.' | b' ' | b'\t' | b'a' | b'A' | b'p' | b'P')
            ),
            2 => matches!(
                next,
                Some(b':' | b'.' | b'h' | b' ' | b'\t' | b'a' | b'A' | b'p' | b'P')
            ),
            4 => matches!(next, Some(b' ' | b'h' | b'H')),
            _ => false,
        };
        if !fits {
            return None;
        }
        // Where an alternative starts with one or two digits (`clock`, `bare`), the hour is the
        // whole run: with fewer digits a digit would stand where its next part must.
        // clock: [0-9]{1,2}[:.][0-9]{2}(?::[0-9]{2}(?:[.,][0-9]{1,9})?)?
        let hl = run;
        let (sep, m0) = (start + hl, start + hl + 1);
        if hl <= 2 && matches!(next, Some(b':' | b'.')) && digit(m0) && digit(m0 + 1) {
            let mut e = m0 + 2;
            let mut s = None;
            if at(e, b':') && digit(e + 1) && digit(e + 2) {
                s = Some(e + 1..e + 3);
                e += 3;
                if (at(e, b'.') || at(e, b',')) && digit(e + 1) {
                    let n = (1..=9).take_while(|&k| digit(e + k)).count();
                    e += 1 + n;
                }
            }
            return Some((
                Candidate::Clock {
                    h: start..start + hl,
                    dotted: at(sep, b'.'),
                    m: m0..m0 + 2,
                    s,
                },
                e,
            ));
        }
        // fr: [0-9]{2}h[0-9]{2}
        if run == 2 && next == Some(b'h') && digit(start + 3) && digit(start + 4) {
            return Some((
                Candidate::HourMinute {
                    h: start..start + 2,
                    m: start + 3..start + 5,
                },
                start + 5,
            ));
        }
        // mil: [0-9]{4}\x20{0,2}(?i:hours|hrs|hr); under Unicode case folding `s` also
        // matches `ſ` (U+017F, two bytes). The spaces are all taken: with fewer, a space would
        // stand where the `h` must.
        if run == 4 {
            let sp = (0..2).take_while(|&k| at(start + 4 + k, b' ')).count();
            let s_at = |i: usize| match b.get(i) {
                Some(b's' | b'S') => Some(i + 1),
                Some(0xC5) if at(i + 1, 0xBF) => Some(i + 2),
                _ => None,
            };
            let u = start + 4 + sp;
            let end = if ci(u, b"hour") { s_at(u + 4) } else { None }
                .or_else(|| if ci(u, b"hr") { s_at(u + 2) } else { None })
                .or_else(|| ci(u, b"hr").then_some(u + 2));
            if let Some(end) = end {
                return Some((
                    Candidate::HourMinute {
                        h: start..start + 2,
                        m: start + 2..start + 4,
                    },
                    end,
                ));
            }
            return None;
        }
        // bare: [0-9]{1,2}[\x20\t]{0,4}[AaPp](?:\.\x20?[Mm]\.?|[Mm]); the spaces all taken, as
        // for `mil`.
        let ws = (0..4)
            .take_while(|&k| matches!(b.get(start + hl + k), Some(b' ' | b'\t')))
            .count();
        let ap = start + hl + ws;
        if !matches!(b.get(ap), Some(b'a' | b'A' | b'p' | b'P')) {
            return None;
        }
        let is_m = |i: usize| matches!(b.get(i), Some(b'm' | b'M'));
        let e = ap + 1;
        // `\.\x20?[Mm]\.?`, else `[Mm]`.
        let dotted = at(e, b'.')
            .then(|| {
                if at(e + 1, b' ') && is_m(e + 2) {
                    Some(e + 2)
                } else {
                    is_m(e + 1).then_some(e + 1)
                }
            })
            .flatten()
            .map(|m| m + 1 + usize::from(at(m + 1, b'.')));
        let fin = dotted.or_else(|| is_m(e).then_some(e + 1))?;
        Some((
            Candidate::Bare {
                h: start..start + hl,
                ap,
            },
            fin,
        ))
    }

    /// The leftmost match of [`CORE`] at or after byte `pos`: its range and reading. Every
    /// alternative starts with an ASCII digit or the first letter of `midnight`, `noon` or
    /// `midday`, so only those bytes are tried (and they are always char boundaries).
    #[cfg(test)]
    fn find_at(text: &str, pos: usize) -> Option<(Range<usize>, Candidate)> {
        Candidate::find_from(text, pos, false)
    }

    /// [`Candidate::find_at`], passing over the starts that [`time_start_ok`] rejects when
    /// `unglued`: those right after an ASCII letter or digit other than `T` (a match there
    /// would be rejected and the scan would go on from the next character anyway). The scans
    /// try the same starts from [`Starts`]; this is their reference.
    #[cfg(test)]
    fn find_from(text: &str, pos: usize, unglued: bool) -> Option<(Range<usize>, Candidate)> {
        let b = text.as_bytes();
        for p in pos..b.len() {
            if class(b[p]) & (DIGIT | TIME_WORD) == 0 {
                continue;
            }
            let glued = p > 0 && class(b[p - 1]) & (DIGIT | LETTER) != 0 && b[p - 1] != b'T';
            if unglued && glued {
                continue;
            }
            if let Some((cand, end)) = Candidate::read(text, p) {
                return Some((p..end, cand));
            }
        }
        None
    }
}

/// The value of the one or two ASCII digits at `r` of `text` (what `text[r].parse::<u8>()` gives
/// them), by arithmetic.
#[inline]
fn digits_value(text: &str, r: Range<usize>) -> u8 {
    text.as_bytes()[r].iter().fold(0u8, |n, &d| {
        n.wrapping_mul(10).wrapping_add(d.wrapping_sub(b'0'))
    })
}

/// Whether [`meridiem_at`] or [`hour_suffix_at`] may read something at the start of `win`:
/// both need an a/p or an `h` after the spaces (at most six and two: where more than two come
/// first, a space stands where the `h` must), or (MERIDIEM) a `-` first. Where this is false,
/// neither is asked (the usual time: `14:05 UTC`, `14:05:`).
/// `tests::clocks_followed_by_neither_read_neither` checks it.
fn may_follow_clock(win: &str) -> bool {
    starts_with_byte(win, b'-')
        || matches!(
            skip_hspace(win, 6).as_bytes().first(),
            Some(b'a' | b'A' | b'p' | b'P' | b'h' | b'H')
        )
}

/// Parses the candidate `cand`, found by [`CORE`] at `whole`, into a time with its zone.
fn raw_time(text: &str, whole: Range<usize>, cand: Candidate) -> Option<RawTime> {
    let start = whole.start;
    let iso_t = time_start_ok(text, start)?;
    let mut end = whole.end;
    let mut has_seconds = false;
    let time = if let Candidate::Word { lower_midnight } = cand {
        let (hour, meridiem) = if lower_midnight {
            (0, Meridiem::Am)
        } else {
            (12, Meridiem::Pm)
        };
        ClockTime {
            hour,
            minute: 0,
            second: 0,
            meridiem,
            zero_padded: false,
        }
    } else if let Candidate::Clock { h, dotted, m, s } = cand {
        let h_text = &text[h.clone()];
        // One or two ASCII digits each ([`Candidate::read`]).
        let hour = digits_value(text, h);
        let minute = digits_value(text, m);
        has_seconds = s.is_some();
        let second = s.map_or(0, |s| digits_value(text, s));
        if minute > 59 || second > 59 || hour > 23 || !clock_end_ok(text, end) {
            return None;
        }
        let mut meridiem = Meridiem::None;
        let win = window(text, end);
        // Without an a/p or `h` after the spaces, neither MERIDIEM nor HOUR_SUFFIX reads one.
        let may_follow = may_follow_clock(win);
        // MERIDIEM: `-` or spaces, then the a/p that says which.
        if let Some((ap, m_end)) = may_follow.then(|| meridiem_at(win)).flatten() {
            if !is_alnum(next_char(win, m_end)) {
                meridiem = meridiem_of(&win[ap..=ap]);
                end += m_end;
            }
        }
        if dotted && meridiem == Meridiem::None {
            return None;
        }
        if may_follow && meridiem == Meridiem::None {
            // HOUR_SUFFIX: spaces, then the suffix.
            if let Some((sp, s_end)) = hour_suffix_at(win) {
                let is_h = win[sp..s_end].eq_ignore_ascii_case("h");
                let glued = sp == 0;
                if !is_alnum(next_char(win, s_end)) && (glued || !is_h) {
                    if h_text.len() == 1 && !is_h {
                        // "1:20 hours" is a duration.
                        return None;
                    }
                    end += s_end;
                }
            }
        }
        ClockTime {
            hour: apply_meridiem(hour, meridiem)?,
            minute,
            second,
            meridiem,
            zero_padded: h_text.len() == 2 && starts_with_byte(h_text, b'0'),
        }
    } else if let Candidate::HourMinute { h, m } = cand {
        let h_text = &text[h.clone()];
        let (hour, minute) = (digits_value(text, h), digits_value(text, m));
        if hour > 23 || minute > 59 {
            return None;
        }
        ClockTime {
            hour,
            minute,
            second: 0,
            meridiem: Meridiem::None,
            zero_padded: starts_with_byte(h_text, b'0'),
        }
    } else if let Candidate::Bare { h, ap } = cand {
        let h_text = &text[h.clone()];
        let hour = digits_value(text, h);
        if !(1..=12).contains(&hour) {
            return None;
        }
        let meridiem = meridiem_of(&text[ap..ap + 1]);
        ClockTime {
            hour: apply_meridiem(hour, meridiem)?,
            minute: 0,
            second: 0,
            meridiem,
            zero_padded: starts_with_byte(h_text, b'0'),
        }
    } else {
        return None;
    };
    let time_range = start..end;
    let (end, zone) = match zone_after(text, end, has_seconds || iso_t) {
        Some((zr, zone)) => (zr.end, Some(zone)),
        None => {
            if is_alnum(next_char(text, end)) {
                return None;
            }
            (end, None)
        }
    };
    Some(RawTime {
        time_range,
        end,
        time,
        zone,
    })
}

/// Whether `text` holds a time of day: `!scan_times(text).is_empty()`, stopping at the first
/// time (a time is a mention whether or not a date is attached to it, so no date is read).
#[must_use]
pub fn holds_time(text: &str) -> bool {
    Starts::<true>::new(text.as_bytes()).any(|p| {
        Candidate::read(text, p).is_some_and(|(cand, end)| raw_time(text, p..end, cand).is_some())
    })
}

/// The times of `text` as mentions without dates (`range` is the time and its zone).
///
/// The candidates are the starts [`Starts`] gives, left to right: those [`Candidate::find_from`]
/// tries. A candidate [`Candidate::read`] rejects, or whose time [`raw_time`] rejects, is passed
/// over (the search would go on from its next character, and the next start is after it); after
/// a time, the search goes on from its end, so the starts inside it are passed over.
#[cfg(test)]
fn scan_raw_times(text: &str) -> Vec<TimeMention> {
    let mut out = Vec::new();
    scan_raw_times_into(text, &mut out);
    out
}

/// [`scan_raw_times`], appended to `out`.
fn scan_raw_times_into(text: &str, out: &mut Vec<TimeMention>) {
    let (mut starts, mut pos) = (Starts::<true>::new(text.as_bytes()), 0);
    while let Some(m) = next_raw_time(text, &mut starts, &mut pos) {
        out.push(m);
    }
}

/// The next time of [`scan_raw_times`] from the starts `starts` has not given yet, those before
/// byte `pos` passed over (the end of the time before); `pos` is moved past the time found.
#[inline]
fn next_raw_time(text: &str, starts: &mut Starts<true>, pos: &mut usize) -> Option<TimeMention> {
    for p in starts {
        if p < *pos {
            continue;
        }
        let Some((cand, end)) = Candidate::read(text, p) else {
            continue;
        };
        if let Some(raw) = raw_time(text, p..end, cand) {
            // A start is an ASCII byte: the next character is at `p + 1`.
            *pos = raw.end.max(p + 1);
            return Some(TimeMention {
                range: raw.time_range.start..raw.end,
                time_range: raw.time_range,
                time: raw.time,
                date: None,
                zone: raw.zone,
            });
        }
    }
    None
}

fn gap_ok(is_gap: fn(&str) -> bool, text: &str, range: Range<usize>) -> bool {
    range.start <= range.end && range.end - range.start <= LOOKAROUND && is_gap(&text[range])
}

/// Every time of day in `text`, left to right, non-overlapping, with the date written
/// directly before it (`March 8, 2024, 14:00`, `21 January 2024 @ 04:25`,
/// `2024-03-08T14:05:00Z`) or directly after it (`14:00 UTC on 21 January 2024`,
/// `4:00 PM 9–12–2018`) and the zone written directly after it (`14:05 UTC`,
/// `2:05 PM (GMT+1)`, `00:07 Pacific Standard Time (PST)`).
///
/// Recognised times: `14:05`, `09:30`, `14:05:33`, `1405hrs`, `1405 hrs`, `14h05`,
/// `2:05 PM`, `2:05pm`, `2:05 p.m.`, `2.05 p.m.`, `2 PM`, `12 AM`, `noon`, `midnight`.
/// Not times: `v2.05`, `3.14`, `10.0.0.1`, `127.0.0.1:8080`, `3:1`, `1:20,000`, `a14:05`,
/// `114:05`, `99:99`, `24:00`, `1h20m`, `1:20 hours`.
#[must_use]
pub fn scan_times(text: &str) -> Vec<TimeMention> {
    let mut times = Vec::new();
    times_and_dates_into(text, &mut times, false);
    times
}

/// [`scan_times`] of `text`, with [`scan_dates`] of `text` when the time scan had to read the
/// dates anyway (`None` when `text` holds no time: its dates were not scanned).
/// Each date comes with its [`DateKind`], as the scan read it (no copy without the kinds).
pub(crate) fn scan_times_and_dates(text: &str) -> (Vec<TimeMention>, Option<KindedDates>) {
    times_and_dates(text)
}

/// The first time of `text`, as [`scan_times`] gives it (`scan_times(text).first()`), without
/// reading the rest of the text where that cannot change it. A timeline asks only for the first
/// time of each line; the time scan after it (the rest of the entry's words) would cost as much
/// as finding it.
///
/// The first time is found where the whole scan finds it (the scan goes left to right, and what
/// comes after a time does not change it). Only its date may depend on what comes after it
/// ([`attach_dates`]):
/// - When nothing after the time can start a date attached to it ([`date_may_follow`] is false,
///   as [`dates_attach_before`] reads it), only a date directly before it is attached: the last
///   date that ends before the time, from the dates that start before it (the scan stops there,
///   [`scan_dates_before`]); and none without a digit before the time (every date holds one).
/// - Else the date written after it is attached unless the second time (or the date before the
///   second time) comes first, or that date is attached to the second time: the first two times
///   and the dates that start before the second are what decide (a date starting later ends
///   after the second time starts, so it is never attached to the first; a third time's date
///   starts after the second time). With one time in the text, that is the whole scan.
///
/// `tests::first_times_are_those_of_the_whole_scan` checks it against [`scan_times`].
pub(crate) fn first_time(text: &str) -> Option<TimeMention> {
    // The times given (undated, one or two), dated from the dates that start before `limit`
    // where a digit outside them may belong to a date ([`digit_between`]).
    fn dated(text: &str, times: &mut [TimeMention], limit: usize) {
        if digit_between(text, times) {
            attach_dates(text, times, &scan_dates_before(text, limit));
        }
    }
    let (mut starts, mut pos) = (Starts::<true>::new(text.as_bytes()), 0);
    let first = next_raw_time(text, &mut starts, &mut pos)?;
    if !date_may_follow(text, &first) && !folds_to_ascii(text) {
        let mut one = [first];
        // Only a date before the time may be attached: a digit must come before it.
        let limit = one[0].time_range.start;
        if has_digit(&text.as_bytes()[..limit]) {
            match iso_date_before(text, limit) {
                // A date and a space right before the time: [`attach_dates`] attaches it (the
                // space is a gap before a time; a space is no ISO `T`), without its passes.
                Some((date, _)) => {
                    one[0].range.start = date.range.start;
                    one[0].date = Some(date.date);
                }
                None => attach_dates(text, &mut one, &scan_dates_before(text, limit)),
            }
        }
        let [first] = one;
        return Some(first);
    }
    match next_raw_time(text, &mut starts, &mut pos) {
        Some(second) => {
            let limit = second.time_range.start;
            let mut two = [first, second];
            dated(text, &mut two, limit);
            let [first, _] = two;
            Some(first)
        }
        None => {
            let mut one = [first];
            dated(text, &mut one, usize::MAX);
            let [first] = one;
            Some(first)
        }
    }
}

/// The one date of [`scan_dates_before`] of `text` and `limit` when it can be read at once: the usual
/// timeline line, `2024-03-08 07:27: …` (`| 2024-03-08 09:58 UTC | …`), whose time starts at
/// `limit` right after an ISO date and a space, with nothing before the date but ASCII bytes that
/// are neither letters nor digits (no date can start there: every date starts at one) and no
/// separator glued to it. The scan would try the date's start, accept the date ([`date_of`]) and
/// stop at `limit` (the starts inside the date come before its end); `None` (the scan must run)
/// for any other text, or when [`date_of`] rejects the date. Skips the scan's checks of the whole
/// line, its set-up and its search (`first_time` 6.34 -> 5.39 M instructions over 200 generated
/// files, FAST build).
/// `tests::iso_dates_before_a_time_are_those_of_the_scan` checks it against the scan.
fn iso_date_before(text: &str, limit: usize) -> Option<(DateMention, DateKind)> {
    let b = text.as_bytes();
    let p = limit.checked_sub(11)?;
    let digits = |r: Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let iso = digits(p..p + 4)
        && b[p + 4] == b'-'
        && digits(p + 5..p + 7)
        && b[p + 7] == b'-'
        && digits(p + 8..p + 10)
        && b[p + 10] == b' ';
    let clear_before = b[..p]
        .iter()
        .all(|c| c.is_ascii() && !c.is_ascii_alphanumeric())
        && !matches!(b[..p].last(), Some(b'.' | b'/' | b'-' | b':' | b'+'));
    if !(iso && clear_before) {
        return None;
    }
    let m = DateMatch {
        range: p..p + 10,
        parts: DateParts::Ymd,
    };
    let (date, kind) = date_of(&m, text)?;
    Some((
        DateMention {
            range: m.range,
            date,
        },
        kind,
    ))
}

/// Whether `text` holds an ASCII digit outside the ranges of `times` (undated, left to right,
/// not overlapping). A date attached to a time lies between the ranges of the times: before a
/// time, it ends where the time starts at the latest and starts after the previous time's range;
/// after one, it starts after its range and ends before the next time. Every date holds an
/// ASCII digit (its day, or its numbers). So without a digit there, no date is attached
/// (`14:05 UTC | The query recovered`), and the dates need not be read.
fn digit_between(text: &str, times: &[TimeMention]) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    let mut gaps = times.iter().map(|t| {
        let gap = b.get(from..t.range.start).unwrap_or(&[]);
        from = t.range.end;
        gap
    });
    gaps.any(has_digit) || b.get(from..).is_some_and(has_digit)
}

/// Whether `b` holds an ASCII digit, eight bytes at a time (a byte is one when its low seven bits
/// are in `0`..`9` and its top bit is clear; no byte's sum or difference borrows from the next).
fn has_digit(b: &[u8]) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let any = chunks.by_ref().any(|c| {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        let y = x & !HI;
        ((y | HI) - u64::from(b'0') * LO) & ((u64::from(b'9') + 0x80) * LO - y) & !x & HI != 0
    });
    any || chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// [`scan_times`], with the dates it read (`None` when there was no time to date).
fn times_and_dates(text: &str) -> (Vec<TimeMention>, Option<KindedDates>) {
    let mut times = Vec::new();
    let dates = times_and_dates_into(text, &mut times, true);
    (times, dates)
}

/// [`times_and_dates`], the times appended to `out`. Without `want_dates`, the dates are not
/// returned (`None`), not read where none can be attached to a time ([`digit_between`]), and
/// read only as far as one can be attached ([`dates_attach_before`]).
fn times_and_dates_into(
    text: &str,
    out: &mut Vec<TimeMention>,
    want_dates: bool,
) -> Option<KindedDates> {
    // Mentions without dates; `range` is the time and its zone until a date is attached at the
    // end (both passes read the undated ranges).
    let base = out.len();
    scan_raw_times_into(text, out);
    if out.len() == base || !(want_dates || digit_between(text, &out[base..])) {
        return None;
    }
    if !want_dates {
        let limit = dates_attach_before(text, &out[base..]);
        attach_dates(text, &mut out[base..], &scan_dates_before(text, limit));
        return None;
    }
    let dates = scan_dates_with_kind(text);
    attach_dates(text, &mut out[base..], &dates);
    Some(dates)
}

/// A byte offset of `text` such that no date starting at or after it can be attached to one of
/// `times` (undated, left to right): [`attach_dates`] attaches the same dates whether or not the
/// dates from there on are in its list, so the date scan may stop there.
///
/// A date before a time ends at or before the time's start, so it starts before the start of the
/// last time. A date after a time follows a gap of [`GAP_AFTER_TIME`] (`\s{1,6}`,
/// `\s{0,6},\s{0,6}`, `,?\s{1,6}on\s{1,6}…`, `-`): after the time's range, `-`, or white
/// space and commas then the date's first character (a digit, or the first letter of a weekday,
/// a month, `the` or `on`). Where no time is followed by these, only dates before the last time
/// can be attached; else every date may be (`usize::MAX`).
///
/// Timeline lines are the usual case (`2024-03-08 09:58 UTC: The worker…`, `| 09:58 UTC | …`):
/// their date scan stops at the time instead of reading every word start after it (measured:
/// see the commit).
fn dates_attach_before(text: &str, times: &[TimeMention]) -> usize {
    match times.last() {
        // `ſ` and the Kelvin sign may spell a name only the regex reads.
        Some(last) if !times.iter().any(|t| date_may_follow(text, t)) && !folds_to_ascii(text) => {
            last.time_range.start
        }
        _ => usize::MAX,
    }
}

/// Whether what follows the undated mention `t` of `text` may be a gap of [`GAP_AFTER_TIME`]
/// and a date ([`dates_attach_before`]): `-`, or white space and commas then a digit, a
/// non-ASCII character, a weekday or month [`Name`], `the` then white space and a digit, or
/// `on`. Where it is false, no date after `t` is attached to
/// it (in text without `ſ` and the Kelvin sign).
fn date_may_follow(text: &str, t: &TimeMention) -> bool {
    let rest = &text[t.range.end..];
    if starts_with_byte(rest, b'-') {
        return true;
    }
    // White space and commas: ASCII byte by byte (`\t`..`\r` and the space are the ASCII white
    // space), by characters from a non-ASCII byte on (which may start white space).
    let ascii = rest
        .bytes()
        .position(|c| !matches!(c, b' ' | b'\t'..=b'\r' | b','))
        .unwrap_or(rest.len());
    let r = &rest[ascii..];
    let r = if r.as_bytes().first().is_some_and(|&c| c >= 0x80) {
        r.trim_start_matches(|c: char| c.is_whitespace() || c == ',')
    } else {
        r
    };
    let b = r.as_bytes();
    match b.first() {
        None => false,
        Some(c) if c.is_ascii_digit() || *c >= 0x80 => true,
        // A date that starts with `the` has white space and a digit after it (`the 8th of
        // March`): an entry's `The customer…` after its time starts none.
        Some(_) => match name_at(b, 0) {
            Some(Name::The) => r[3..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()),
            Some(_) => true,
            None => starts_ignore_ascii_case(r, "on"),
        },
    }
}

/// Attaches to `times` (the undated mentions of `text`, left to right) the dates written
/// directly before or after them, from `dates` ([`scan_dates_with_kind`] of `text`).
fn attach_dates(text: &str, times: &mut [TimeMention], dates: &[(DateMention, DateKind)]) {
    if dates.is_empty() {
        // No date to attach: the passes below would leave every time without one.
        return;
    }
    // On the stack for the usual line (a few times and dates), else on the heap.
    let (mut date_of_stack, mut date_of_heap) = ([None; 16], Vec::new());
    let date_of: &mut [Option<(usize, bool)>] = if times.len() <= 16 {
        &mut date_of_stack[..times.len()]
    } else {
        date_of_heap.resize(times.len(), None);
        &mut date_of_heap
    };
    let (mut used_stack, mut used_heap) = ([false; 16], Vec::new());
    let used: &mut [bool] = if dates.len() <= 16 {
        &mut used_stack[..dates.len()]
    } else {
        used_heap.resize(dates.len(), false);
        &mut used_heap
    };

    // Pass 1: a date directly before the time.
    let mut di = 0;
    for (ti, raw) in times.iter().enumerate() {
        while di < dates.len() && dates[di].0.range.end <= raw.time_range.start {
            di += 1;
        }
        let Some(cand) = di.checked_sub(1) else {
            continue;
        };
        let (d, kind) = &dates[cand];
        let prev_end = if ti > 0 { times[ti - 1].range.end } else { 0 };
        if used[cand] || d.range.start < prev_end {
            continue;
        }
        let gap = d.range.end..raw.time_range.start;
        // Written as `<date>T<time>` (what `raw_time` read, from the same start).
        let iso_t = time_start_ok(text, raw.time_range.start) == Some(true);
        let ok = if iso_t {
            *kind == DateKind::Iso && gap.end == gap.start + 1
        } else {
            gap.start < gap.end && gap_ok(gap_before_time, text, gap)
        };
        if ok {
            date_of[ti] = Some((cand, true));
            used[cand] = true;
        }
    }

    // Pass 2: a date directly after a time that has none yet.
    let mut dj = 0;
    for ti in 0..times.len() {
        let raw = &times[ti];
        while dj < dates.len() && dates[dj].0.range.start < raw.range.end {
            dj += 1;
        }
        if date_of[ti].is_some() || dj >= dates.len() || used[dj] {
            continue;
        }
        let d = &dates[dj].0;
        if let Some(next) = times.get(ti + 1) {
            let next_start = match date_of[ti + 1] {
                Some((k, _)) => dates[k].0.range.start,
                None => next.time_range.start,
            };
            if d.range.end > next_start {
                continue;
            }
        }
        if gap_ok(gap_after_time, text, raw.range.end..d.range.start) {
            date_of[ti] = Some((dj, false));
            used[dj] = true;
        }
    }

    for (m, date) in times.iter_mut().zip(date_of.iter()) {
        if let Some((k, before)) = *date {
            let d = &dates[k].0;
            if before {
                m.range.start = d.range.start;
            } else {
                m.range.end = d.range.end;
            }
            m.date = Some(d.date);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(text: &str) -> Vec<TimeMention> {
        scan_times(text)
    }

    /// The only time in `text`.
    fn one(text: &str) -> TimeMention {
        let found = times(text);
        assert_eq!(found.len(), 1, "{text:?} -> {found:?}");
        found.into_iter().next().unwrap()
    }

    fn hms(t: &TimeMention) -> (u8, u8, u8) {
        (t.time.hour, t.time.minute, t.time.second)
    }

    fn slice<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    fn date(year: Option<i32>, month: u32, day: u32) -> Option<PartialDate> {
        Some(PartialDate { year, month, day })
    }

    fn zone_name(t: &TimeMention) -> Option<&str> {
        t.zone.as_ref().map(|z| z.name.as_str())
    }

    #[test]
    fn twenty_four_hour_forms() {
        for (text, want) in [
            ("14:05", (14, 5, 0)),
            ("09:30", (9, 30, 0)),
            ("14:05:33", (14, 5, 33)),
            ("1405hrs", (14, 5, 0)),
            ("1405 hrs", (14, 5, 0)),
            ("0300hrs", (3, 0, 0)),
            ("14h05", (14, 5, 0)),
            ("00:00 hours", (0, 0, 0)),
            ("23:59:59", (23, 59, 59)),
        ] {
            let t = one(text);
            assert_eq!(hms(&t), want, "{text}");
            assert_eq!(t.time.meridiem, Meridiem::None);
            assert_eq!(t.time_range, 0..text.len(), "{text}");
        }
    }

    #[test]
    fn iso_date_times() {
        let text = "2024-03-08T14:05:00Z";
        let t = one(text);
        assert_eq!(hms(&t), (14, 5, 0));
        assert_eq!(t.date, date(Some(2024), 3, 8));
        assert_eq!(zone_name(&t), Some("UTC"));
        assert_eq!(t.range, 0..text.len());
        assert_eq!(slice(text, &t.time_range), "14:05:00");

        let t = one("2024-03-08 14:05");
        assert_eq!(t.date, date(Some(2024), 3, 8));
        assert_eq!(t.zone, None);

        let t = one("2024-03-08T14:05:00+03:00");
        let z = t.zone.unwrap();
        assert_eq!(
            (z.name.as_str(), z.offset_minutes),
            ("UTC+03:00", Some(180))
        );

        let t = one("2024-03-08T14:05:00-05:00");
        assert_eq!(t.zone.unwrap().offset_minutes, Some(-300));

        let t = one(r#"{"time":"2019-01-23T16:08:30.123Z"}"#);
        assert_eq!(hms(&t), (16, 8, 30));
        assert_eq!(t.date, date(Some(2019), 1, 23));
    }

    #[test]
    fn twelve_hour_forms() {
        for (text, want, meridiem) in [
            ("2:05 PM", (14, 5), Meridiem::Pm),
            ("2:05pm", (14, 5), Meridiem::Pm),
            ("2:05 p.m.", (14, 5), Meridiem::Pm),
            ("2.05 p.m.", (14, 5), Meridiem::Pm),
            ("2:05PM", (14, 5), Meridiem::Pm),
            ("2:05 P.M.", (14, 5), Meridiem::Pm),
            ("2:05 Am", (2, 5), Meridiem::Am),
            ("2 PM", (14, 0), Meridiem::Pm),
            ("2pm", (14, 0), Meridiem::Pm),
            ("9 a.m.", (9, 0), Meridiem::Am),
            ("12:15 AM", (0, 15), Meridiem::Am),
            ("12:30 PM", (12, 30), Meridiem::Pm),
            ("12 AM", (0, 0), Meridiem::Am),
            ("12 PM", (12, 0), Meridiem::Pm),
            ("00:30 AM", (0, 30), Meridiem::Am),
            ("13:06 PM", (13, 6), Meridiem::Pm),
            ("12:30-pm", (12, 30), Meridiem::Pm),
        ] {
            let t = one(text);
            assert_eq!((t.time.hour, t.time.minute), want, "{text}");
            assert_eq!(t.time.meridiem, meridiem, "{text}");
            assert_eq!(t.time_range, 0..text.len(), "{text}");
        }
    }

    #[test]
    fn noon_and_midnight() {
        assert_eq!(hms(&one("at midnight")), (0, 0, 0));
        assert_eq!(hms(&one("at Noon")), (12, 0, 0));
        assert_eq!(hms(&one("12 noon")), (12, 0, 0));
        assert_eq!(hms(&one("around midday")), (12, 0, 0));
        assert!(!one("midnight").time.is_ambiguous_12h());
        assert!(times("this afternoon").is_empty());
        assert!(times("midnights").is_empty());
    }

    #[test]
    fn invalid_meridiem_combinations_are_rejected() {
        assert!(times("14:00 AM").is_empty());
        assert!(times("0:30 PM").is_empty());
        assert!(times("13 PM").is_empty());
        assert!(times("0 am").is_empty());
    }

    #[test]
    fn zones_after_a_time() {
        let cases: &[(&str, &str, i32)] = &[
            ("UTC", "UTC", 0),
            ("utc", "UTC", 0),
            ("GMT", "GMT", 0),
            ("PST", "PST", -480),
            ("PDT", "PDT", -420),
            ("PT", "PT", -480),
            ("EST", "EST", -300),
            ("EDT", "EDT", -240),
            ("ET", "ET", -300),
            ("CST", "CST", -360),
            ("CDT", "CDT", -300),
            ("CT", "CT", -360),
            ("MST", "MST", -420),
            ("MDT", "MDT", -360),
            ("CET", "CET", 60),
            ("CEST", "CEST", 120),
            ("BST", "BST", 60),
            ("EAT", "EAT", 180),
            ("CAT", "CAT", 120),
            ("WAT", "WAT", 60),
            ("SAST", "SAST", 120),
            ("IST", "IST", 330),
            ("JST", "JST", 540),
            ("AEST", "AEST", 600),
            ("AEDT", "AEDT", 660),
            ("WIB", "WIB", 420),
            ("ICT", "ICT", 420),
            ("UTC+3", "UTC+03:00", 180),
            ("UTC+03:00", "UTC+03:00", 180),
            ("GMT+1", "GMT+01:00", 60),
            ("GMT-05:00", "GMT-05:00", -300),
            ("UTC-5", "UTC-05:00", -300),
            ("UTC +1", "UTC+01:00", 60),
            ("(UTC)", "UTC", 0),
            ("(GMT+1)", "GMT+01:00", 60),
            ("( EAT )", "EAT", 180),
            ("SAST+2", "SAST", 120),
            ("Pacific Time", "PT", -480),
            ("Pacific Standard Time", "PST", -480),
            ("Eastern Time", "ET", -300),
            ("Eastern time", "ET", -300),
            ("Central Time", "CT", -360),
            ("East Africa Time", "EAT", 180),
            ("Eastern African Time", "EAT", 180),
            ("West Africa Time", "WAT", 60),
            ("West African Time", "WAT", 60),
            ("Central Africa Time", "CAT", 120),
            ("South African Standard Time", "SAST", 120),
            ("US/Pacific", "PT", -480),
            ("PST8PDT", "PT", -480),
        ];
        for (written, name, offset) in cases {
            for text in [format!("14:05 {written}"), format!("2:05 PM {written}")] {
                let t = one(&text);
                let z = t
                    .zone
                    .clone()
                    .unwrap_or_else(|| panic!("no zone in {text:?}"));
                assert_eq!(z.name, *name, "{text}");
                assert_eq!(z.offset_minutes, Some(*offset), "{text}");
                assert_eq!(t.range, 0..text.len(), "{text}");
            }
        }
    }

    #[test]
    fn zones_glued_and_separated() {
        assert_eq!(zone_name(&one("14:05Z")), Some("UTC"));
        assert_eq!(zone_name(&one("14:05UTC")), Some("UTC"));
        assert_eq!(zone_name(&one("5:40am(PST)")), Some("PST"));
        assert_eq!(zone_name(&one("12:30-pm-GMT")), Some("GMT"));
        // Z only when glued; other words are not zones.
        assert_eq!(one("14:05 Z").zone, None);
        assert_eq!(one("14:05 ETA").zone, None);
        assert_eq!(one("14:05 est").zone, None);
        // A dash offset needs seconds or an ISO date: here it is a range.
        assert_eq!(times("9:00-10:00").len(), 2);
        // "(PST)" after a spelled zone belongs to it.
        let text = "00:07 Pacific Standard Time (PST), an outage";
        assert_eq!(
            slice(text, &one(text).range),
            "00:07 Pacific Standard Time (PST)"
        );
        // An unclosed parenthesis is left out.
        let text = "12:30 PM (South African Standard Time, UTC+2)";
        let t = one(text);
        assert_eq!(
            slice(text, &t.range),
            "12:30 PM (South African Standard Time"
        );
    }

    #[test]
    fn zone_only_for_the_time_it_follows() {
        let found = times("Duration: 1 hour, 20 minutes (10:00 AM to 11:20 AM PST)");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].zone, None);
        assert_eq!(found[1].zone.as_ref().unwrap().name, "PST");
    }

    #[test]
    fn blanked_markup() {
        let text = "  14:00 UTC:   Issue detected";
        let t = one(text);
        assert_eq!(slice(text, &t.range), "14:00 UTC");
        let text = "-   12:15 AM (UTC):   Investigated";
        assert_eq!(slice(text, &one(text).range), "12:15 AM (UTC)");
        // "**2:05** **PM** **(UTC)**" after blanking.
        let text = "  2:05      PM      (UTC)    x";
        let t = one(text);
        assert_eq!(t.time.hour, 14);
        assert_eq!(slice(text, &t.range), "2:05      PM      (UTC)");
    }

    #[test]
    fn dates_before_a_time() {
        let cases: &[(&str, Option<PartialDate>, &str)] = &[
            (
                "March 8, 2024, 14:00",
                date(Some(2024), 3, 8),
                "March 8, 2024, 14:00",
            ),
            (
                "March 8th, 2024 at 2 PM",
                date(Some(2024), 3, 8),
                "March 8th, 2024 at 2 PM",
            ),
            (
                "Mar 8 2024 14:00",
                date(Some(2024), 3, 8),
                "Mar 8 2024 14:00",
            ),
            (
                "8 March 2024 14:00 UTC",
                date(Some(2024), 3, 8),
                "8 March 2024 14:00 UTC",
            ),
            (
                "8th of March, 2024, 14:00",
                date(Some(2024), 3, 8),
                "8th of March, 2024, 14:00",
            ),
            (
                "On 05 June at 10:00 PM",
                date(None, 6, 5),
                "05 June at 10:00 PM",
            ),
            (
                "June 1, 2024, 14:00 - 15:30 UTC",
                date(Some(2024), 6, 1),
                "June 1, 2024, 14:00",
            ),
            (
                "2024/03/08 14:05",
                date(Some(2024), 3, 8),
                "2024/03/08 14:05",
            ),
            (
                "9–12–2018, 1:20 PM PDT: x",
                date(Some(2018), 9, 12),
                "9–12–2018, 1:20 PM PDT",
            ),
            (
                "Mon, August 11, 2014, 17:10",
                date(Some(2014), 8, 11),
                "Mon, August 11, 2014, 17:10",
            ),
            (
                "21 January 2024 @ 04:25 UTC – x",
                date(Some(2024), 1, 21),
                "21 January 2024 @ 04:25 UTC",
            ),
            (
                "April 5, 2023, 6:00 PM",
                date(Some(2023), 4, 5),
                "April 5, 2023, 6:00 PM",
            ),
            (
                "05/16/23 9:30 AM",
                date(Some(2023), 5, 16),
                "05/16/23 9:30 AM",
            ),
            (
                "On 13/10/2023 at 2100hrs WAT",
                date(Some(2023), 10, 13),
                "13/10/2023 at 2100hrs WAT",
            ),
        ];
        for (text, want, mention) in cases {
            let found = times(text);
            let t = &found[0];
            assert_eq!(t.date, *want, "{text}");
            assert_eq!(slice(text, &t.range), *mention, "{text}");
        }
    }

    #[test]
    fn dates_after_a_time() {
        let text = "14:00 UTC on 21 January 2024";
        let t = one(text);
        assert_eq!(t.date, date(Some(2024), 1, 21));
        assert_eq!(t.range, 0..text.len());

        let text = "from at least midnight 9–11–2018 to 4:00 PM 9–12–2018";
        let found = times(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].date, date(Some(2018), 9, 11));
        assert_eq!(found[1].date, date(Some(2018), 9, 12));
        assert_eq!(slice(text, &found[1].range), "4:00 PM 9–12–2018");

        let text = "2:16am ICT-May 31st, 2017";
        assert_eq!(one(text).date, date(Some(2017), 5, 31));

        let text = "19:30 US/Pacific on Thursday, 14 July 2022, through";
        let t = one(text);
        assert_eq!(t.date, date(Some(2022), 7, 14));
        assert_eq!(
            slice(text, &t.range),
            "19:30 US/Pacific on Thursday, 14 July 2022"
        );
    }

    #[test]
    fn a_date_between_two_times_goes_to_the_later_one() {
        let text = "April 5, 2023, 6:00 PM - April 6, 2023, 9:00 AM (UTC)";
        let found = times(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].date, date(Some(2023), 4, 5));
        assert_eq!(found[1].date, date(Some(2023), 4, 6));
        assert_eq!(slice(text, &found[1].range), "April 6, 2023, 9:00 AM (UTC)");

        let text = "Between 10:01 UTC on 28 October 2024 and 18:07 UTC on 01 November 2024";
        let found = times(text);
        assert_eq!(found[0].date, date(Some(2024), 10, 28));
        assert_eq!(found[1].date, date(Some(2024), 11, 1));
    }

    #[test]
    fn not_times() {
        for text in [
            "v2.05",
            "pi is 3.14",
            "10.0.0.1",
            "127.0.0.1:8080",
            "port :8080",
            "a 3:1 ratio",
            "HTTP 503",
            "in 2024",
            "1:20,000 scale",
            "a14:05",
            "114:05",
            "99:99",
            "24:00",
            "24:30",
            "1h20m",
            "2h",
            "2.05",
            "lasted 1:20 hours",
            "12:00:00:00",
            "14:05abc",
            "UTC+03:00",
            "(GMT-05:00)",
            "2 PMs",
            "2 amazon",
            "$12:30",
        ] {
            assert!(times(text).is_empty(), "{text:?} -> {:?}", times(text));
        }
    }

    #[test]
    fn time_at_sentence_positions() {
        assert_eq!(hms(&one("At 10:00, 500 requests failed")), (10, 0, 0));
        assert_eq!(hms(&one("#### 7:00:")), (7, 0, 0));
        assert_eq!(hms(&one("[3:34 PM]")), (15, 34, 0));
        assert_eq!(times("14:00-15:30").len(), 2);
        assert_eq!(times("10:00am-10:15am").len(), 2);
    }

    #[test]
    fn ambiguity_and_seconds_of_day() {
        assert!(one("2:05").time.is_ambiguous_12h());
        assert!(one("10:00").time.is_ambiguous_12h());
        assert!(one("12:30").time.is_ambiguous_12h());
        assert!(!one("02:05").time.is_ambiguous_12h());
        assert!(!one("14:05").time.is_ambiguous_12h());
        assert!(!one("2:05 PM").time.is_ambiguous_12h());
        assert!(!one("0905hrs").time.is_ambiguous_12h());
        assert_eq!(
            one("14:05:33").time.seconds_of_day(),
            14 * 3600 + 5 * 60 + 33
        );
        assert_eq!(one("12:15 AM").time.seconds_of_day(), 15 * 60);
    }

    #[test]
    fn scan_dates_forms() {
        type Case<'a> = (&'a str, (Option<i32>, u32, u32));
        let cases: &[Case] = &[
            ("March 8, 2024", (Some(2024), 3, 8)),
            ("March 8th, 2024", (Some(2024), 3, 8)),
            ("Mar 8 2024", (Some(2024), 3, 8)),
            ("Sept. 3", (None, 9, 3)),
            ("8 March 2024", (Some(2024), 3, 8)),
            ("8th of March, 2024", (Some(2024), 3, 8)),
            ("the 12th of August", (None, 8, 12)),
            ("05 June", (None, 6, 5)),
            ("2024-03-08", (Some(2024), 3, 8)),
            ("2024/03/08", (Some(2024), 3, 8)),
            ("08/03/2024", (Some(2024), 8, 3)),
            ("13/03/2024", (Some(2024), 3, 13)),
            ("9–12–2018", (Some(2018), 9, 12)),
            ("05-02-2022", (Some(2022), 5, 2)),
            ("13.10.2023", (Some(2023), 10, 13)),
            ("05/16/23", (Some(2023), 5, 16)),
            ("Mon, August 11, 2014", (Some(2014), 8, 11)),
            ("Thursday, 14 July 2022", (Some(2022), 7, 14)),
            ("Feb 29", (None, 2, 29)),
        ];
        for (text, (y, m, d)) in cases {
            let found = scan_dates(text);
            assert_eq!(found.len(), 1, "{text} -> {found:?}");
            assert_eq!(
                found[0].date,
                PartialDate {
                    year: *y,
                    month: *m,
                    day: *d
                },
                "{text}"
            );
            assert_eq!(found[0].range, 0..text.len(), "{text}");
        }
        for text in [
            "may 5 users",
            "May 2024",
            "2023-02-29",
            "32/01/2024",
            "13/13/2024",
            "10.0.0.1",
            "v1.2.2024",
            "March 85",
            "Mars 8",
            "1/2",
            "08:22 August",
        ] {
            let found = scan_dates(text);
            assert!(
                found.iter().all(|d| d.date
                    != PartialDate {
                        year: None,
                        month: 8,
                        day: 22
                    }),
                "{text}"
            );
            if text != "08:22 August" {
                assert!(found.is_empty(), "{text:?} -> {found:?}");
            }
        }
    }

    #[test]
    fn partial_date_to_naive() {
        let d = PartialDate {
            year: None,
            month: 2,
            day: 29,
        };
        assert_eq!(d.to_naive(2024), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(d.to_naive(2023), None);
        let d = PartialDate {
            year: Some(2021),
            month: 3,
            day: 8,
        };
        assert_eq!(d.to_naive(1999), NaiveDate::from_ymd_opt(2021, 3, 8));
    }

    #[test]
    fn parse_zone_tokens() {
        let z = |t: &str| parse_zone(t).map(|z| (z.name, z.offset_minutes));
        assert_eq!(z("PST"), Some(("PST".into(), Some(-480))));
        assert_eq!(z("utc"), Some(("UTC".into(), Some(0))));
        assert_eq!(z("pst"), Some(("PST".into(), Some(-480))));
        assert_eq!(z("GMT+3"), Some(("GMT+03:00".into(), Some(180))));
        assert_eq!(z("UTC+03:00"), Some(("UTC+03:00".into(), Some(180))));
        assert_eq!(z("UTC-0530"), Some(("UTC-05:30".into(), Some(-330))));
        assert_eq!(z("+0530"), Some(("UTC+05:30".into(), Some(330))));
        assert_eq!(z("-03:00"), Some(("UTC-03:00".into(), Some(-180))));
        assert_eq!(z("Z"), Some(("UTC".into(), Some(0))));
        assert_eq!(z("(UTC)"), Some(("UTC".into(), Some(0))));
        assert_eq!(z("UTC+0"), Some(("UTC".into(), Some(0))));
        assert_eq!(z("IST"), Some(("IST".into(), Some(330))));
        assert_eq!(z("Pacific Time"), Some(("PT".into(), Some(-480))));
        assert_eq!(z("us/eastern"), Some(("ET".into(), Some(-300))));
        for bad in [
            "",
            "XYZ",
            "UTC+15",
            "PST-15:00",
            "ETA",
            "14:00",
            "UTC UTC",
            "()",
        ] {
            assert_eq!(parse_zone(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn scan_zones_declarations() {
        let names = |t: &str| -> Vec<String> {
            scan_zones(t)
                .into_iter()
                .map(|(_, z)| z.name.to_string())
                .collect()
        };
        assert_eq!(names("Timeline (all times UTC)"), ["UTC"]);
        assert_eq!(names("Time (UTC) | Event"), ["UTC"]);
        assert_eq!(names("all times in Pacific Time"), ["PT"]);
        assert_eq!(names("times are in utc"), ["UTC"]);
        assert_eq!(names("All times in PDT (UTC-7)."), ["PDT", "UTC-07:00"]);
        assert_eq!(names("Timeline (West African Time)"), ["WAT"]);
        assert_eq!(
            names("IMPACT: WHAT WENT WRONG, ETA unknown, CATS"),
            Vec::<String>::new()
        );
        assert_eq!(names("version +0530 and Z"), Vec::<String>::new());
        let text = "Timeline (All Pacific Standard Time (PST))";
        let found = scan_zones(text);
        assert_eq!(slice(text, &found[0].0), "Pacific Standard Time (PST)");
    }

    #[test]
    fn ranges_are_byte_ranges_around_multibyte_text() {
        let text = "🚀 é 14:00 UTC: 🛎️ détecté at 2:05 p.m. (GMT+1) — fin";
        let found = times(text);
        assert_eq!(found.len(), 2);
        assert_eq!(slice(text, &found[0].range), "14:00 UTC");
        assert_eq!(slice(text, &found[1].range), "2:05 p.m. (GMT+1)");
        assert_eq!(slice(text, &found[1].time_range), "2:05 p.m.");
    }

    /// Checks that every range is valid, ordered and non-overlapping.
    fn check_ranges(text: &str) {
        let mut last = 0;
        for t in scan_times(text) {
            assert!(t.range.start >= last && text.get(t.range.clone()).is_some());
            assert!(t.range.start <= t.time_range.start && t.time_range.end <= t.range.end);
            last = t.range.end;
        }
        let mut last = 0;
        for d in scan_dates(text) {
            assert!(d.range.start >= last && text.get(d.range.clone()).is_some());
            last = d.range.end;
        }
        let mut last = 0;
        for (r, _) in scan_zones(text) {
            assert!(r.start >= last && text.get(r.clone()).is_some());
            last = r.end;
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            " ",
            ":",
            "1:",
            ":1",
            "1:2",
            "T",
            "Z",
            "UTC+",
            "UTC-",
            "GMT+1:",
            "(",
            "12:00 (",
            "12:00 -",
            "12:00 +",
            "2024-03-08T",
            "2024-03-08T14:05:00+",
            "ſ 12:00 uſ/pacific",
            "12:00 KELVIN",
            "🚀12:00🚀",
            "12:00\u{0301}",
            "١٢:٣٠",
            "12:3\u{0660}",
            "\u{FEFF}12:00 UTC",
            "a.m. p.m. am pm",
            "March",
            "the 31st of",
            "9–",
            "9––2018",
        ] {
            check_ranges(text);
            let _ = parse_zone(text);
        }
    }

    #[test]
    fn pseudo_random_input_does_not_panic() {
        const PIECES: &[&str] = &[
            "1",
            "2",
            "0",
            "9",
            ":",
            ".",
            "-",
            "–",
            "T",
            "Z",
            " ",
            "  ",
            "a",
            "p",
            "m",
            "M",
            "UTC",
            "PST",
            "(",
            ")",
            "+",
            "/",
            ",",
            "ſ",
            "🚀",
            "é",
            "March",
            "8th",
            "2024",
            "hrs",
            "h",
            "noon",
            "on",
            "at",
            "@",
            "Pacific Time",
            "\n",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut text = String::new();
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        check_ranges(&text);
    }

    /// `zone_after` as it was written with one anchored regex for separator and zone: the
    /// reference the faster version is checked against.
    fn zone_after_reference(
        text: &str,
        pos: usize,
        dash_offset_ok: bool,
    ) -> Option<(Range<usize>, Zone)> {
        static ZONE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(&format!(
                r"(?x)^(?P<pre>[^\S\r\n]{{0,8}}(?:\([^\S\r\n]{{0,4}})?|-)(?:{})",
                zone_alternatives(true)
            ))
            .unwrap()
        });
        let win = window(text, pos);
        let caps = ZONE_AFTER.captures(win)?;
        let pre = caps.name("pre").map_or("", |m| m.as_str());
        let (zr, zone, kind) = classify_zone(&caps)?;
        let paren = pre.contains('(');
        match kind {
            ZoneKind::Z if !pre.is_empty() => return None,
            ZoneKind::Bare => {
                let sign = win[zr.start..].chars().next()?;
                let ok = if sign == '+' {
                    pre.is_empty() || pre == " "
                } else {
                    pre.is_empty() && dash_offset_ok
                };
                if !ok {
                    return None;
                }
            }
            _ => {}
        }
        if pre == "-" && matches!(kind, ZoneKind::Bare | ZoneKind::Z) {
            return None;
        }
        if is_alnum(next_char(win, zr.end)) {
            return None;
        }
        let mut end = zr.end;
        if kind == ZoneKind::Spelled {
            if let Some(pc) = PAREN_ABBR.captures(&win[end..]) {
                if abbreviation(&pc["a"]).is_some() {
                    end += pc.get(0).map_or(0, |m| m.end());
                }
            }
        }
        let mut start = zr.start;
        if paren {
            if let Some(m) = CLOSE_PAREN.find(&win[end..]) {
                end += m.end();
                start = pre.find('(').unwrap_or(start);
            }
        }
        Some((pos + start..pos + end, zone))
    }

    #[test]
    fn zones_after_a_time_agree_with_the_single_regex_reference() {
        let pieces = [
            " ",
            "  ",
            "\t",
            "(",
            ")",
            "-",
            "+",
            "−",
            "UTC",
            "utc",
            "GMT",
            "PST",
            "pst",
            "Z",
            "EAST",
            "US/Pacific",
            "PST8PDT",
            "+05:30",
            "-0800",
            "+3",
            "UTC+3",
            "GMT-05:00",
            "Pacific Standard Time",
            "pacific time",
            "Central European Summer Time",
            "(PST)",
            "time",
            "zone",
            "x",
            "1",
            ":",
            "SAST+2",
            "Indian Standard Time (IST)",
            "ABCDEF",
            "\u{a0}",
            "UTC +1",
            "(UTC )",
            "( PST)",
            "GMT+15",
            "utc−5",
            "UTC+0530",
            "Alert",
            "A ",
            "Zebra",
            "uſ/pacific",
            "Utc",
            "gMT+3",
            "Customer",
            "Eastern",
            "japan time",
            "PſT8PDT",
            "é",
        ];
        let mut x: u64 = 11;
        for _ in 0..40_000 {
            let mut t = String::new();
            for _ in 0..(x % 6 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            for dash in [false, true] {
                assert_eq!(
                    zone_after(&t, 0, dash),
                    zone_after_reference(&t, 0, dash),
                    "{t:?} dash_offset_ok={dash}"
                );
            }
            assert_eq!(
                scan_zones(&t),
                {
                    // The reference for free text: always the full regex.
                    let _ = &*ZONE_FREE;
                    scan_zones_with(&t, &ZONE_FREE, usize::MAX)
                },
                "{t:?}"
            );
        }
    }

    #[test]
    fn hand_reading_of_candidates_agrees_with_the_regex() {
        let mut texts: Vec<String> = [
            "12 noon",
            "12noon",
            "MIDNIGHT",
            "midday",
            "12 midnight",
            "14:05",
            "4:05",
            "14.05",
            "14:05:33",
            "14:05:33.123",
            "14:05:33,5",
            "14:05:3",
            "123:45",
            "14h05",
            "1405hrs",
            "1405  HOURS",
            "1405 Hr",
            "1405 hrſ",
            "1405 HOURſ",
            "1405hourſ",
            "112 noon",
            "Noon12:00",
            "2 PM",
            "2pm",
            "2 p.m.",
            "2 p. m.",
            "2\tA.M",
            "12 am",
            "2 pM.",
            "1:2:3:4:5",
            "00:00 hours",
            "9.30 a.m.",
            "1405   hrs",
            "12  noon",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Pseudo-random strings over the alphabet of times.
        let alphabet: Vec<char> = "0123456789:.,hHrRsSoOuUaApPmM \tnN12ſéidgty"
            .chars()
            .collect();
        let mut x: u64 = 7;
        for _ in 0..80_000 {
            let mut t = String::new();
            for _ in 0..(x % 12 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            texts.push(t);
        }
        let mut total = 0;
        for t in &texts {
            let mut pos = 0;
            loop {
                let reference = CORE.find_at(t, pos).map(|m| {
                    let caps = CORE.captures_at(t, m.start()).expect("same match");
                    assert_eq!(caps.get(0).map(|c| c.range()), Some(m.range()), "{t:?}");
                    (m.range(), Candidate::from_caps(&caps))
                });
                let hand = Candidate::find_at(t, pos).map(|(r, c)| (r, Some(c)));
                assert_eq!(hand, reference, "{t:?} from {pos}");
                let Some((r, _)) = hand else { break };
                total += 1;
                pos = after_char(t, r.start);
            }
        }
        assert!(total > 500, "{total}");
    }

    #[test]
    fn names_are_told_by_their_first_three_letters() {
        for (groups, weekday) in [(WEEKDAY_FORMS, true), (MONTH_FORMS, false)] {
            for (g, forms) in groups.iter().enumerate() {
                for f in forms.iter() {
                    let want = if weekday {
                        Name::Weekday(g)
                    } else {
                        Name::Month(g)
                    };
                    assert_eq!(name_at(f.as_bytes(), 0), Some(want), "{f}");
                    assert_eq!(name_at(f.to_uppercase().as_bytes(), 0), Some(want), "{f}");
                }
            }
        }
        assert_eq!(name_at(b"The", 0), Some(Name::The));
        assert_eq!(name_at(b"th@", 0), None);
    }

    #[test]
    fn hand_dates_agree_with_the_regex() {
        let pieces = [
            "1",
            "9",
            "12",
            "31",
            "2024",
            "1999",
            "20",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "\u{b}",
            ",",
            "-",
            "/",
            ".",
            "–",
            ":",
            "T",
            "March",
            "MAR",
            "mar",
            "Marc",
            "Sept",
            "Sep",
            "September",
            "Septembers",
            "May",
            "may",
            "June",
            "Jun",
            "Junebug",
            "Mon",
            "Monday",
            "TUES",
            "Thurs",
            "thu",
            "the",
            "The",
            "of",
            "OF",
            "st",
            "nd",
            "th",
            "RD",
            "8th",
            "x",
            "é",
            "🚀",
            "a",
            "(",
            "+",
            "March 8",
            "8 March",
            "2024-03-08",
            "08/03/2024",
            "9–12–2018",
            "13.10.2023",
            "Mon, ",
            "the 8th of ",
            "Aug 11, ",
            " 2014",
            "Sun. ",
            "05/16/23",
            "Dec. 3rd",
            "3 Dec.",
            "May 5 ",
        ];
        let mut x: u64 = 17;
        let mut found = 0;
        for _ in 0..150_000 {
            let mut t = String::new();
            for _ in 0..(x % 10 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            let reference = scan_dates_by_regex(&t);
            found += usize::from(!reference.is_empty());
            assert_eq!(may_hold_date(&t), may_hold_date_by_searches(&t), "{t:?}");
            assert_eq!(
                scan_dates_from(&t, |pos| find_date(&t, pos)),
                reference,
                "{t:?}"
            );
            // Every match the regex reports where a date may start is read the same way.
            let (re, lowered) = DATE.on(&t);
            let mut pos = 0;
            while let Some(m) = re.find_at(&lowered, pos) {
                let caps = re.captures_at(&lowered, m.start()).unwrap();
                assert_eq!(
                    date_at(&t, m.start()),
                    DateMatch::from_caps(&caps),
                    "{t:?} at {}",
                    m.start()
                );
                pos = after_char(&t, m.start());
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn capitals_are_found_as_byte_by_byte() {
        let texts = [
            "",
            "A",
            "abc",
            "Hello World ABCDEFGHIJ xyz",
            "@[`{AZaz\u{c0}\u{e9}Z",
            "caf\u{e9} Na\u{ef}ve \u{1f680} Mar 8",
            "zzzzzzzzzzzzzzzzQ",
            "\x7f\u{80}\u{c1}A",
        ];
        for t in texts {
            let b = t.as_bytes();
            let want: Vec<usize> = (0..b.len())
                .filter(|&i| b[i].is_ascii_uppercase())
                .collect();
            let mut got = Vec::new();
            assert!(!any_capital(b, |i| {
                got.push(i);
                false
            }));
            assert_eq!(got, want, "{t:?}");
        }
        let all: Vec<u8> = (0..=255).collect();
        let mut got = Vec::new();
        any_capital(&all, |i| {
            got.push(i);
            false
        });
        assert_eq!(got, (65..91).collect::<Vec<usize>>());
    }

    #[test]
    fn the_date_prefilter_rules_out_only_texts_without_dates() {
        let pieces = [
            "1",
            "9",
            "12",
            "2024",
            " ",
            ",",
            "-",
            "/",
            ".",
            "–",
            ":",
            "T",
            "March",
            "MAR",
            "mar",
            "Sept",
            "ſept",
            "Sep",
            "May",
            "may",
            "Mon",
            "the",
            "of",
            "st",
            "Dec",
            "é",
            "x",
            "8th",
            "\u{212a}",
            "March 8",
            "march 8",
            "8 June",
            "8 jUNE",
            "2024-03-08",
            "08/03/2024",
            "9–12–2018",
            "13.10.2023",
            "Mon, ",
            "ſun, ",
            "Aug 11",
            "AUG 11, ",
        ];
        let mut x: u64 = 3;
        let mut found = 0;
        for _ in 0..60_000 {
            let mut t = String::new();
            for _ in 0..(x % 8 + 1) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(pieces[(x % pieces.len() as u64) as usize]);
            }
            let reference = scan_dates_by_regex(&t);
            found += usize::from(!reference.is_empty());
            assert_eq!(may_hold_date(&t), may_hold_date_by_searches(&t), "{t:?}");
            assert_eq!(scan_dates_with_kind(&t), reference, "{t:?}");
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn every_spelled_first_word_passes_the_spelled_prefilter() {
        let mut listed: Vec<&str> = (0..=255u8).flat_map(spelled_first_words).copied().collect();
        listed.sort_unstable();
        listed.dedup();
        let mut words = SPELLED_FIRST_WORDS.to_vec();
        words.sort_unstable();
        assert_eq!(listed, words);
        for (words, _, _) in SPELLED_ZONES {
            assert!(
                SPELLED_FIRST_WORDS.iter().any(|w| words.starts_with(w)),
                "{words}"
            );
        }
        for w in SPELLED_FIRST_WORDS {
            for v in [w.to_string(), w.to_uppercase()] {
                assert!(may_hold_spelled_zone(&format!("{v} time")), "{v:?}");
                assert!(may_hold_spelled_zone(&format!("(at {v} Time")), "{v:?}");
                assert!(!may_hold_spelled_zone(&format!("x{v} time")), "{v:?}");
                assert!(!may_hold_spelled_zone(&format!("{v} tim")), "{v:?}");
            }
        }
    }

    #[test]
    fn every_zone_word_passes_the_zone_prefilters() {
        let words = ["utc", "gmt", "us/", "pst8", "est5", "cst6", "mst7"];
        for w in words.iter().chain(SPELLED_FIRST_WORDS) {
            for v in [w.to_string(), w.to_uppercase(), w.replacen('s', "ſ", 1)] {
                assert!(zone_may_start_at(&v), "{v:?}");
                assert!(may_hold_named_zone(&format!("at {v}")), "{v:?}");
            }
        }
        assert!(!may_hold_named_zone(
            "Alert fired for customers, kubernetes"
        ));
        assert!(may_hold_named_zone("é(UTC)"));
    }

    #[test]
    fn long_lines_finish() {
        let colons = "1:".repeat(512 * 1024);
        assert!(scan_times(&colons).is_empty());
        let _ = scan_dates(&colons);
        let _ = scan_zones(&colons);

        let noon = "12:00 ".repeat(1024 * 1024 / 6);
        assert_eq!(scan_times(&noon).len(), 1024 * 1024 / 6);

        let digits = "1".repeat(1024 * 1024);
        assert!(scan_times(&digits).is_empty());
        assert!(scan_dates(&digits).is_empty());

        let dotted = "11.".repeat(300_000);
        assert!(scan_times(&dotted).is_empty());

        let spaces = format!("12:00{}UTC", " ".repeat(1024 * 1024));
        assert_eq!(one(&spaces).zone, None);
    }

    #[test]
    fn hand_gaps_agree_with_the_regexes() {
        let pieces = [
            " ", "  ", "\t", "\u{a0}", "\n", ",", "@", "-", "at", "AT", "from", "between",
            "around", "by", "On", "on", "x", "mon", "Monday", "tues", "Tuesday", "thur", "THURS",
            "sat", "sunday", "ſunday", "wed", "fri", ".", "1",
        ];
        for t in crate::test_texts::random(&pieces, 100_000, 7, 11) {
            assert_eq!(gap_before_time(&t), GAP_BEFORE_TIME.is_match(&t), "{t:?}");
            assert_eq!(gap_after_time(&t), GAP_AFTER_TIME.is_match(&t), "{t:?}");
        }
    }

    #[test]
    fn hand_meridiem_and_hour_suffix_agree_with_the_regexes() {
        let pieces = [
            " ", "  ", "\t", "\u{a0}", "\n", "\r", "-", ".", "a", "A", "p", "P", "m", "M", "h",
            "H", "ours", "OURS", "rs", "r", "s", "ſ", "x", "1",
        ];
        for t in crate::test_texts::random(&pieces, 100_000, 8, 13) {
            let want = MERIDIEM.find(&t).map(|m| {
                let ap = m.as_str().len()
                    - m.as_str()
                        .trim_start_matches(|c: char| c == '-' || c.is_whitespace())
                        .len();
                (ap, m.end())
            });
            assert_eq!(meridiem_at(&t), want, "{t:?}");
            let want = HOUR_SUFFIX
                .captures(&t)
                .map(|c| (c["sp"].len(), c.get(0).unwrap().end()));
            assert_eq!(hour_suffix_at(&t), want, "{t:?}");
        }
    }

    #[test]
    fn offset_names_are_written_as_formatted() {
        for minutes in [
            -6000, -5999, -720, -330, -5, 0, 1, 59, 60, 345, 840, 5999, 6000, 7000,
        ] {
            let abs = i32::abs(minutes);
            let want = if minutes == 0 {
                "UTC".to_string()
            } else {
                let sign = if minutes < 0 { '-' } else { '+' };
                format!("UTC{sign}{:02}:{:02}", abs / 60, abs % 60)
            };
            assert_eq!(offset_zone("UTC", minutes).name.as_str(), want, "{minutes}");
        }
    }

    #[test]
    fn names_are_read_by_their_table() {
        // Every three bytes drawn from the letters of the names in both cases, their neighbours
        // in ASCII, and bytes whose `| 0x20` is a letter or not.
        let mut bytes: Vec<u8> = (b'a'..=b'z').chain(b'A'..=b'Z').collect();
        bytes.extend([
            0, b' ', b'@', b'[', b'`', b'{', 0x0D, 0x4D, 0x80, 0xC3, 0xE2, 0xED, 0xFF,
        ]);
        for &a in &bytes {
            for &b in &bytes {
                for &c in &bytes {
                    let t = [b'x', a, b, c];
                    assert_eq!(name_at(&t, 1), name_by_match(&t, 1), "{t:?}");
                }
            }
        }
        assert_eq!(name_at(b"Ma", 0), None);
        assert_eq!(name_at(b"xMAY", 1), Some(Name::Month(4)));
    }

    #[test]
    fn digit_runs_are_counted_as_byte_by_byte() {
        let pieces = [
            "0", "9", "5", "/", ":", "a", " ", "é", "\u{b0}", "\u{130}", "\u{7f}",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 12, 17) {
            let b = t.as_bytes();
            for at in 0..b.len() + 1 {
                let want = (0..4)
                    .take_while(|&k| b.get(at + k).is_some_and(u8::is_ascii_digit))
                    .count();
                assert_eq!(digit_run4(b, at), want, "{t:?} at {at}");
            }
        }
    }

    #[test]
    fn abbreviations_are_read_by_their_table() {
        for (name, off) in ABBREVIATIONS {
            assert_eq!(abbreviation(name), Some((name, off)), "{name}");
        }
        let pieces = [
            "P", "S", "T", "E", "U", "C", "G", "M", "A", "K", "N", "Z", "\0", "p", "1",
        ];
        for t in crate::test_texts::random(&pieces, 50_000, 7, 19) {
            assert_eq!(abbreviation(&t), abbreviation_by_match(&t), "{t:?}");
            for tail in ["", " ", "+1", "abcdefgh", "ABCDEFGH"] {
                let rest = format!("{t}{tail}");
                let capitals = rest.bytes().take_while(u8::is_ascii_uppercase).count();
                let glued = rest[capitals..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || matches!(c, '+' | '-' | '−'));
                let want = if (2..=5).contains(&capitals) && !glued {
                    abbreviation_by_match(&rest[..capitals]).map(|(n, _)| (capitals, n))
                } else {
                    None
                };
                let got = known_abbreviation_at(&rest).map(|(len, z)| (len, z.name.to_string()));
                assert_eq!(got, want.map(|(l, n)| (l, n.to_string())), "{rest:?}");
            }
        }
    }

    #[test]
    fn two_digits_are_read_as_parsed() {
        for n in 0..100u8 {
            for t in [format!("{n}"), format!("{n:02}")] {
                assert_eq!(
                    digits_value(&t, 0..t.len()),
                    t.parse::<u8>().unwrap(),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn the_time_word_is_found_as_by_the_general_search() {
        let pieces = [
            "t", "T", "i", "I", "m", "M", "e", "E", "ti", "me", "time", " ", "é", "ſ",
        ];
        for t in crate::test_texts::random(&pieces, 30_000, 12, 23) {
            let want = contains_ignore_ascii_case(&t, "time");
            assert_eq!(holds_time_word(t.as_bytes()), want, "{t:?}");
            assert_eq!(want, t.to_ascii_lowercase().contains("time"), "{t:?}");
        }
    }

    #[test]
    fn clocks_followed_by_neither_read_neither() {
        let pieces = [
            " ", "\t", "\u{b}", "\u{c}", "\u{a0}", "\u{2003}", "\n", "\r", "-", ".", "a", "A", "p",
            "P", "h", "H", "m", "M", "r", "s", "ſ", "UTC", "x", "1",
        ];
        let mut neither = 0;
        for t in crate::test_texts::random(&pieces, 50_000, 10, 29) {
            if !may_follow_clock(&t) {
                neither += 1;
                assert_eq!(meridiem_at(&t), None, "{t:?}");
                assert_eq!(hour_suffix_at(&t), None, "{t:?}");
            }
        }
        assert!(neither > 10_000, "{neither}");
    }

    #[test]
    fn digits_are_found_as_byte_by_byte() {
        let pieces = [
            "0", "9", "/", ":", "a", " ", "é", "\u{b0}", "\u{130}", "\u{7f}", "xxxxxxx",
        ];
        for t in crate::test_texts::random(&pieces, 30_000, 14, 37) {
            let b = t.as_bytes();
            assert_eq!(has_digit(b), b.iter().any(u8::is_ascii_digit), "{t:?}");
        }
    }

    #[test]
    fn times_without_reading_dates_where_none_can_attach_are_the_same() {
        let pieces = [
            " ",
            ", ",
            " at ",
            " on ",
            "T",
            "-",
            "/",
            ".",
            "14:05",
            "2:05 PM",
            "noon",
            " UTC",
            "(PST)",
            "2024-03-08",
            "03/08/2024",
            "8",
            "12",
            "2024",
            "March",
            "Mar",
            "Monday",
            "8th",
            "of",
            "the",
            "x",
            "|",
            "é",
            "–",
            " 2024-03-08 14:05",
            " March 8, 2024 at 14:05",
            " 14:05 UTC on 8 March 2024",
            " 4:00 PM 9–12–2018",
            " 2024-03-08T14:05:00Z",
            " 21 January 2024 @ 04:25",
            " 14:05, Monday, March 8",
        ];
        let mut dated = 0;
        for t in crate::test_texts::random(&pieces, 60_000, 10, 31) {
            let (want, _) = times_and_dates(&t);
            dated += want.iter().filter(|m| m.date.is_some()).count();
            let mut got = Vec::new();
            times_and_dates_into(&t, &mut got, false);
            assert_eq!(got, want, "{t:?}");
            assert_eq!(scan_times(&t), want, "{t:?}");
        }
        assert!(dated > 20_000, "{dated}");
    }

    #[test]
    fn dates_read_only_as_far_as_they_can_attach_attach_the_same() {
        // Every form of gap after a time (`GAP_AFTER_TIME`) and what may end one early.
        let pieces = [
            " ",
            "  ",
            ", ",
            ",",
            " on ",
            " On ",
            "on",
            " the ",
            "-",
            " - ",
            ": ",
            " | ",
            "\u{a0}",
            "\u{2003}",
            "\t",
            "T",
            "14:05",
            "09:58:01",
            "2:05 PM",
            "noon",
            " UTC",
            " UTC+1",
            "(PST)",
            "2024-03-08",
            "03/08/2024",
            "9–12–2018",
            "8",
            "2024",
            "March",
            "Mar",
            "mar",
            "Monday",
            "Sat,",
            "8th",
            "of",
            "The",
            "x",
            "Our",
            "é",
            "ſ",
            "\u{212a}",
            "",
        ];
        // Times with a date after them, each gap form once.
        let dated_after = [
            "14:05 UTC on 8 March 2024",
            "14:05 on Monday, March 8",
            "14:05, Monday, March 8",
            "4:00 PM 9–12–2018",
            "14:05-2024-03-08",
            "14:05 ,\u{a0}the 8th of March",
            "noon 2024-03-08",
        ];
        let (mut dated, mut limited) = (0, 0);
        for t in crate::test_texts::random(&pieces, 60_000, 10, 47)
            .into_iter()
            .chain(crate::test_texts::random(&dated_after, 20_000, 3, 5))
            .chain(crate::test_texts::random(
                &[&pieces[..], &dated_after[..]].concat(),
                40_000,
                8,
                9,
            ))
        {
            let (want, _) = times_and_dates(&t);
            dated += want.iter().filter(|m| m.date.is_some()).count();
            limited += usize::from(!want.is_empty() && dates_attach_before(&t, &want) < t.len());
            assert_eq!(scan_times(&t), want, "{t:?}");
        }
        assert!(dated > 8_000 && limited > 10_000, "{dated} {limited}");
    }

    #[test]
    fn iso_dates_before_a_time_are_those_of_the_scan() {
        let pieces = [
            "2024-03-08 ",
            "2024-13-08 ",
            "2024-02-30 ",
            "0000-00-00 ",
            "2024-03-08",
            "2024-3-08 ",
            "1999-12-31T",
            "07:27",
            "9:05 PM",
            "noon",
            ": A server spiked",
            " UTC",
            "| ",
            "- ",
            "* ",
            " ",
            "\t",
            ".",
            "/",
            "-",
            "+",
            ":",
            "–",
            "March ",
            "Mon, ",
            "8 ",
            "x",
            "é",
            "→ ",
            "ſ",
            "\u{212a}",
        ];
        let (mut read, mut texts) = (0, 0);
        let random = crate::test_texts::random(&pieces, 20_000, 6, 71);
        // Each text as it is, and after the usual start of a timeline line.
        let lines = random.iter().map(|t| format!("- 2024-03-08 {t}"));
        for t in random.iter().cloned().chain(lines) {
            texts += 1;
            // And `first_time`, which attaches that date without `attach_dates`.
            assert_eq!(first_time(&t).as_ref(), scan_times(&t).first(), "{t:?}");
            for limit in (0..=t.len()).filter(|&l| t.is_char_boundary(l)) {
                if let Some(date) = iso_date_before(&t, limit) {
                    read += 1;
                    assert_eq!(vec![date], scan_dates_before(&t, limit), "{t:?} {limit}");
                }
            }
        }
        assert!(texts == 40_000 && read > 20_000, "{read}");
        // The usual line, and every empty or short text.
        let t = "2024-03-08 07:27: A feature flag";
        assert_eq!(
            iso_date_before(t, 11).into_iter().collect::<Vec<_>>(),
            scan_dates_before(t, 11)
        );
        assert!(iso_date_before(t, 11).is_some());
        for t in ["", " ", "2024-03-08", "2024-03-08 "] {
            for limit in 0..=t.len() {
                if let Some(date) = iso_date_before(t, limit) {
                    assert_eq!(vec![date], scan_dates_before(t, limit), "{t:?} {limit}");
                }
            }
        }
    }

    #[test]
    fn first_times_are_those_of_the_whole_scan() {
        // Timeline lines, and every form of gap after a time that may take a date, with times
        // after the first (whose dates decide whether the first takes the date after it).
        let pieces = [
            " ",
            "  ",
            ", ",
            " on ",
            " On ",
            " the ",
            "-",
            " - ",
            ": ",
            " | ",
            "\u{a0}",
            "T",
            "14:05",
            "09:58:01",
            "2:05 PM",
            "noon",
            " UTC",
            " UTC+1",
            "(PST)",
            "2024-03-08",
            "03/08/2024",
            "9–12–2018",
            "8",
            "2024",
            "March",
            "Monday",
            "8th",
            "The",
            "Our",
            "x",
            "é",
            "ſ",
            "\u{212a}",
            " 2024-03-08 14:05",
            " 14:05 UTC on 8 March 2024",
            " 14:05, Monday, March 8",
            " 4:00 PM 9–12–2018",
            " 2024-03-08T14:05:00Z",
            "14:05-2024-03-08",
            "  2024-03-08 13:41   Another error rate filled up  ",
            "  15:04   The customer was rolled back  ",
            " the 8th of March",
            " The\u{a0}8 March",
            "2024-03-08 09:58 UTC+1: Our dashboard restarted",
        ];
        let (mut dated, mut dated_after, mut later) = (0, 0, 0);
        for t in crate::test_texts::random(&pieces, 80_000, 10, 53) {
            let all = scan_times(&t);
            if let Some(m) = all.first().filter(|m| m.date.is_some()) {
                dated += 1;
                dated_after += usize::from(m.range.start == m.time_range.start);
            }
            later += usize::from(all.len() > 1);
            assert_eq!(first_time(&t).as_ref(), all.first(), "{t:?}");
        }
        assert!(
            dated > 10_000 && dated_after > 2_000 && later > 15_000,
            "{dated} {dated_after} {later}"
        );
    }

    #[test]
    fn three_numbers_agree_with_the_split() {
        // Separators three times over, so that most texts hold three runs.
        let pieces = [
            "-",
            "/",
            ".",
            "–",
            " ",
            "x",
            "é",
            "-",
            "/",
            ".",
            "–",
            " ",
            "x",
            "é",
            "-",
            "/",
            ".",
            "–",
            " ",
            "x",
            "é",
            "0",
            "1",
            "9",
            "12",
            "2024",
            "08",
            "99999",
            "4294967295",
            "4294967296",
            "12345678901",
        ];
        let mut some = 0;
        for t in crate::test_texts::random(&pieces, 100_000, 16, 61) {
            let want = three_numbers_by_split(&t);
            some += usize::from(want.is_some());
            assert_eq!(three_numbers(&t), want, "{t:?}");
        }
        assert!(some > 10_000, "{some}");
    }

    #[test]
    fn skipped_spaces_agree_with_the_chars() {
        let pieces = [
            " ", "\t", "\u{b}", "\u{c}", "\r", "\n", "\u{a0}", "\u{2003}", "\u{85}", "a", "Z", "1",
            "(", "-", "é", "\u{7f}", "\u{0}", "!", "UTC",
        ];
        let mut n = 0;
        for t in crate::test_texts::random(&pieces, 30_000, 8, 17) {
            for max in 0..10 {
                assert_eq!(
                    skip_hspace(&t, max),
                    skip_hspace_chars(&t, max),
                    "{t:?} {max}"
                );
                n += 1;
            }
        }
        for t in ["", " ", "  ", " a", "a", " \u{a0}x", "\u{a0}"] {
            for max in 0..3 {
                assert_eq!(
                    skip_hspace(t, max),
                    skip_hspace_chars(t, max),
                    "{t:?} {max}"
                );
            }
        }
        assert!(n >= 300_000);
    }

    #[test]
    fn starts_are_the_places_the_reference_scans_try() {
        let glued = |b: &[u8], p: usize| p > 0 && class(b[p - 1]) & (DIGIT | LETTER) != 0;
        let check = |b: &[u8]| {
            let time: Vec<usize> = (0..b.len())
                .filter(|&p| {
                    let after_iso_t = p >= 2 && b[p - 1] == b'T' && b[p - 2].is_ascii_digit();
                    let next = b.get(p + 1).map_or(0, |c| c | 0x20);
                    let word = matches!((b[p] | 0x20, next), (b'm', b'i') | (b'n', b'o'));
                    (b[p].is_ascii_digit() || word) && (!glued(b, p) || after_iso_t)
                })
                .collect();
            let word: Vec<usize> = (0..b.len())
                .filter(|&p| class(b[p]) & (DIGIT | LETTER) != 0 && !glued(b, p))
                .collect();
            assert_eq!(Starts::<true>::new(b).collect::<Vec<_>>(), time, "{b:?}");
            assert_eq!(Starts::<false>::new(b).collect::<Vec<_>>(), word, "{b:?}");
        };
        // Every byte after every byte, at every place of an eight-byte chunk.
        for pad in 0..9 {
            for first in 0..=255u8 {
                let mut b = vec![b' '; pad];
                for second in 0..=255u8 {
                    b.extend([first, second, b'T']);
                }
                check(&b);
            }
        }
        let pieces = [
            "T", "1", "m", "N", "x", " ", "é", ":", "noon", "12", "Mar", "\u{0}",
        ];
        for t in crate::test_texts::random(&pieces, 5_000, 24, 5) {
            check(t.as_bytes());
        }
    }

    /// Pieces of text with times, dates and zones, for the random texts of the tests below.
    const TIME_PIECES: [&str; 16] = [
        " ",
        "12:00",
        "1:2",
        "2024-03-08",
        "T",
        "pm",
        "noon",
        "x",
        "UTC",
        "14h05",
        "1405hrs",
        "v",
        "9",
        ":",
        ".",
        "é",
    ];

    #[test]
    fn scans_from_the_starts_agree_with_the_reference_scans() {
        let dates = ["March 8", "8 March", "Mon, ", "the", "3rd", "/", "-"];
        let pieces: Vec<&str> = TIME_PIECES.iter().chain(&dates).copied().collect();
        for t in crate::test_texts::random(&pieces, 20_000, 8, 31) {
            // scan_raw_times, as it was written with `find_from`.
            let mut want = Vec::new();
            let mut pos = 0;
            while let Some((whole, cand)) = Candidate::find_from(&t, pos, true) {
                let next_try = after_char(&t, whole.start);
                match raw_time(&t, whole, cand) {
                    Some(raw) => {
                        pos = raw.end.max(next_try);
                        want.push((raw.time_range.start..raw.end, raw.time_range));
                    }
                    None => pos = next_try,
                }
            }
            let got: Vec<_> = scan_raw_times(&t)
                .into_iter()
                .map(|m| (m.range, m.time_range))
                .collect();
            assert_eq!(got, want, "{t:?}");
            let mut starts = Starts::<false>::new(t.as_bytes());
            assert_eq!(
                scan_dates_from(&t, |pos| next_date(&t, &mut starts, pos, usize::MAX)),
                scan_dates_from(&t, |pos| find_date(&t, pos)),
                "{t:?}"
            );
        }
    }

    #[test]
    fn holds_time_agrees_with_the_scan() {
        for t in crate::test_texts::random(&TIME_PIECES, 20_000, 6, 23) {
            assert_eq!(holds_time(&t), !scan_times(&t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn edge_forms_of_times() {
        let one = |t: &str| {
            let found = times(t);
            assert_eq!(found.len(), 1, "{t:?}: {found:?}");
            let m = &found[0];
            (m.time.hour, m.time.minute, m.time.second, m.time.meridiem)
        };
        assert_eq!(one("12:00 AM"), (0, 0, 0, Meridiem::Am));
        assert_eq!(one("12:00 PM"), (12, 0, 0, Meridiem::Pm));
        assert_eq!(one("00:00"), (0, 0, 0, Meridiem::None));
        assert_eq!(one("23:59:59"), (23, 59, 59, Meridiem::None));
        assert_eq!(one("2:05 p. m."), (14, 5, 0, Meridiem::Pm));
        assert_eq!(one("2:05-pm"), (14, 5, 0, Meridiem::Pm));
        assert_eq!(one("2:05\u{a0}PM"), (14, 5, 0, Meridiem::Pm));
        assert_eq!(one("0930hrs"), (9, 30, 0, Meridiem::None));
        assert_eq!(one("09:30 hours"), (9, 30, 0, Meridiem::None));
        assert_eq!(one("09:30h"), (9, 30, 0, Meridiem::None));
        assert!(times("1:20 hours").is_empty());
        assert!(times("24:00").is_empty());
        let range = times("10:00 AM to 11:20 AM PST");
        assert_eq!(range.len(), 2);
        assert!(range[0].zone.is_none());
        assert_eq!(range[1].zone.as_ref().map(|z| z.name.as_str()), Some("PST"));
        let dated = times("14:00 UTC on Monday, 21 January 2024");
        assert_eq!(dated[0].date, date(Some(2024), 1, 21));
    }

    #[test]
    fn hand_zones_agree_with_the_regex() {
        let pieces = [
            " ", "\u{a0}", "\n", "+", "-", "−", ":", "1", "05", "30", "0530", "UTC", "utc", "Gmt",
            "gMT", "PST", "Pst", "US/", "us/", "Pacific", "eastern", "Central", "MOUNTAIN",
            "pst8pdt", "EST5EDT", "cst6cdt", "mst7mdt", "Z", "z", "ABCDEF", "Ab", "x", "é", "(",
        ];
        for t in crate::test_texts::random(&pieces, 60_000, 7, 17) {
            for p in (0..=t.len()).filter(|&p| t.is_char_boundary(p)) {
                let want = ZONE_PLAIN
                    .captures_at(&t, p)
                    .filter(|c| c.get(0).unwrap().start() == p)
                    .map(|c| (c.get(0).unwrap().end(), classify_zone(&c)));
                let got = plain_zone_at(&t, p)
                    .map(|(alt, end)| (end, classify_alternative(alt, p, &t[p..end])));
                if let Some((_, Some((_, _, kind)))) = &got {
                    assert!(
                        matches!(kind, ZoneKind::Bare | ZoneKind::Z)
                            || may_start_kept_zone(t.as_bytes(), p),
                        "{t:?} at {p}"
                    );
                }
                assert_eq!(got, want, "{t:?} at {p}");
            }
            if !may_hold_spelled_zone(&t) {
                assert_eq!(
                    scan_zones(&t),
                    scan_zones_with(&t, &ZONE_PLAIN, usize::MAX),
                    "{t:?}"
                );
                assert_eq!(first_zone(&t), scan_zones(&t).into_iter().next(), "{t:?}");
            }
        }
    }
}
