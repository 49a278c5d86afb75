//! What the summary states: the outage duration, its start and end, and the timezone.
//!
//! Read from the summary section (and any Duration or Impact section), falling back to the lines
//! before the first section. The ALX 0x19 task asks for "the duration of the outage with start and
//! end times (including timezone)" in the Issue Summary.

use super::ascii_regex::folds_to_ascii;
use super::caseless::Caseless;
use super::duration::{scan_durations, DurationMention, Hedge};
use super::time::{
    first_zone, scan_dates_with_kind, scan_times_and_dates, ClockTime, DateKind, DateMention,
    KindedDates, Meridiem, PartialDate, TimeMention, Zone,
};
use super::word::{is_word_char, trim_end_non_word, trim_start_non_word, WordSet};
use super::{Cursor, Postmortem};
use crate::parse::{Block, BlockLine};
use crate::source::Span;
use std::cell::OnceCell;
use std::sync::LazyLock;

/// A point in time stated in the summary.
#[derive(Debug, Clone)]
pub struct Moment {
    pub time: ClockTime,
    /// The date written with it, or copied from the other end of the window.
    pub date: Option<PartialDate>,
    /// Whether `date` was written with this time (not copied from the other end).
    pub date_written: bool,
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
    /// A time written in the same sentence that the duration is measured from ("down for
    /// 15 minutes around 11:45"), when the summary states no window.
    pub anchor: Option<Moment>,
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

// The label and neighbour regexes below are matched against text trimmed of the non-word
// characters around it (a `\W*` at their anchored end, left out to keep compiling cheap).
static START_LABEL: Caseless = Caseless::new(
    r"^(?:outage |incident |impact |issue |problem )?(?:start(?:ed|s|ing)?(?: time| date(?:/time)?| at)?|began|begin(?:ning)?|from)\b",
);
static END_LABEL: Caseless = Caseless::new(
    r"^(?:outage |incident |impact |issue |problem )?(?:end(?:ed|s|ing)?(?: time| date(?:/time)?| at)?|resolved(?: at)?|recovered(?: at)?|resolution time|restored(?: at)?|until)\b",
);
/// Between two times of a window: "to", "-", "until", "and" (after "between"), perhaps a weekday.
static RANGE_JOIN: Caseless = Caseless::new(
    r"^\s*[,(]?\s*(?:to|until|till|through|thru|-|–|—|~|->|→|and)\s*(?:(?:on\s+)?(?:the\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$",
);
static BETWEEN: Caseless = Caseless::new(
    r"\bbetween(?:\s+the\s+hours\s+of)?(?:\s*~|\s+(?:approximately|approx\.|about|around|roughly))?\s*$",
);
/// "began at X (on May 16) and ended at Y".
static STARTED_AT: Caseless = Caseless::new(
    r"\b(?:began|begun|started|starting|start|from|since|beginning|commenced)\s+(?:at|around|about|approximately|on)?\s*$",
);
/// The end of a gap between two times that says the second one is the end: "… and ended at".
/// (The phrase may come after up to 60 other characters: see [`ended_at`].)
static ENDED_AT: Caseless = Caseless::new(
    r"(?:\band\b|,)?\s*\b(?:ended|ending|ends|resolved|recovered|restored|was restored|was resolved|until|till|through|to)\s+(?:at\s+|around\s+|about\s+|by\s+|approximately\s+)?$",
);

/// Whether `gap` is at most 60 characters, then an [`ENDED_AT`] phrase to its end: the leftmost
/// place the phrase can start decides (a `.{0,60}?` in the pattern costs more to compile).
fn ended_at(gap: &str) -> bool {
    ENDED_AT
        .find(gap)
        .is_some_and(|m| gap[..m.start].chars().count() <= 60)
}
/// Words before a length of time that make it something other than the outage's duration.
static NOT_BEFORE: Caseless = Caseless::new(
    r"\b(?:within|every|after|before|per|each|next|last|past|timeout of|interval of|ttl of|in under|retry)$",
);
/// Words after it that do the same ("5 minutes after the deploy", "a 10-minute retry").
static NOT_AFTER: Caseless = Caseless::new(
    r"^(?:after|before|later|earlier|ago|into|of (?:latency|delay)|delay|delays|latency|timeout|retry|retries|response|responses|intervals?|cache|ttl|cron|sla|slo|old|apart|each|per|load)\b",
);
static OUTAGE_NOUN: Caseless = Caseless::new(
    r"^(?:outage|downtime|incident|disruption|interruption|blackout|degradation|period|window|event)\b",
);
static DURATION_CONTEXT: Caseless = Caseless::new(
    r"\b(?:(?:duration|lasted|lasting|last(?:s|ing)? for|took|outage|down|downtime|unavailable|inaccessible|offline|affected|for)\b|disrupt|interrupt|impact)",
);

/// A sentence saying the outage started, with a time in it ("the site went down at 3:10pm").
static STARTED_SENTENCE: Caseless = Caseless::new(
    r"\b(?:went down|went offline|began|begun|started|starting|first (?:noticed|detected|reported)|became (?:unavailable|unreachable|inaccessible)|stopped (?:working|responding))\b",
);
/// Words right before a time that make it the end ("lasted until 5:00pm", "restored at 11:20").
static ENDED_BEFORE: Caseless = Caseless::new(
    r"\b(?:until|till|ended at|ending at|resolved at|restored at|recovered at|back (?:up|online) at|fixed at)\s*(?:around\s+|about\s+|approximately\s+)?$",
);
/// Words right before a time that anchor a duration to it ("down for 15 minutes around 11:45").
static ANCHOR_BEFORE: Caseless =
    Caseless::new(r"\b(?:around|at|from|since|starting(?: at)?|beginning(?: at)?)\s*$");

// ---------------------------------------------------------------------------------------------
// The phrase regexes above, matched by hand. Each is tested against its regex
// (`tests::hand_phrases_agree_with_the_regexes`). Words compare in ASCII case, as the
// [`Caseless`] regex does on text with ASCII letters lowered; text holding `ſ` or the Kelvin sign
// (which a case-insensitive regex also matches to `s` and `k`) goes to the regex. `\b` is checked
// with Unicode `\w` ([`is_word_char`]), as the regex checks it.

/// Whether `text` starts with `word` (ASCII) in any ASCII case.
fn starts_with_ci(text: &str, word: &str) -> bool {
    text.as_bytes()
        .get(..word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// Whether `text` ends with `word` (ASCII) in any ASCII case.
fn ends_with_ci(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text.as_bytes()[text.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
}

/// `^(?:word)\b` for a word ending with a word character.
fn starts_with_word(text: &str, word: &str) -> bool {
    starts_with_ci(text, word) && !text[word.len()..].starts_with(is_word_char)
}

/// `\b(?:word)$` for a word starting with a word character.
fn ends_with_word(text: &str, word: &str) -> bool {
    ends_with_ci(text, word)
        && !text[..text.len() - word.len()]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
}

/// `\b(?:words)\s*$`: the words as the last thing before trailing spaces.
fn ends_with_any_word(text: &str, words: &[&str]) -> bool {
    let t = text.trim_end();
    words.iter().any(|w| ends_with_word(t, w))
}

/// `^(?:outage |incident |impact |issue |problem )?` followed by one of `cores`, then `\b`.
fn starts_with_label(text: &str, cores: &[String]) -> bool {
    let plain = ["", "outage ", "incident ", "impact ", "issue ", "problem "];
    plain.iter().any(|p| {
        starts_with_ci(text, p) && cores.iter().any(|c| starts_with_word(&text[p.len()..], c))
    })
}

/// `(?:core(?:ed|s|ing)?(?: time| date(?:/time)?| at)?)` written out for `core`.
fn label_forms(core: &str) -> Vec<String> {
    let mut out = Vec::new();
    for ending in ["", "ed", "s", "ing"] {
        for suffix in ["", " time", " date", " date/time", " at"] {
            out.push(format!("{core}{ending}{suffix}"));
        }
    }
    out
}

static START_FORMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut forms = label_forms("start");
    forms.extend(["began", "begin", "beginning", "from"].map(String::from));
    forms
});

static END_FORMS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut forms = label_forms("end");
    forms.extend(
        [
            "resolved",
            "resolved at",
            "recovered",
            "recovered at",
            "resolution time",
            "restored",
            "restored at",
            "until",
        ]
        .map(String::from),
    );
    forms
});

/// [`START_LABEL`] by hand.
fn is_start_label(text: &str) -> bool {
    if folds_to_ascii(text) {
        return START_LABEL.is_match(text);
    }
    starts_with_label(text, &START_FORMS)
}

/// [`END_LABEL`] by hand.
fn is_end_label(text: &str) -> bool {
    if folds_to_ascii(text) {
        return END_LABEL.is_match(text);
    }
    starts_with_label(text, &END_FORMS)
}

/// [`RANGE_JOIN`] by hand: each part starts with what the part before cannot take (spaces, `,(`,
/// the join, `on`, `the`, the weekday's letters, `.`, `,`), so there is one reading per join.
fn is_range_join(gap: &str) -> bool {
    if folds_to_ascii(gap) {
        return RANGE_JOIN.is_match(gap);
    }
    let t = gap.trim_start();
    let t = t.strip_prefix([',', '(']).unwrap_or(t).trim_start();
    let joins = [
        "to", "until", "till", "through", "thru", "-", "–", "—", "~", "->", "→", "and",
    ];
    joins.iter().any(|j| {
        if !starts_with_ci(t, j) {
            return false;
        }
        // \s*(?:(?:on\s+)?(?:the\s+)?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$
        let mut r = t[j.len()..].trim_start();
        if r.is_empty() {
            return true;
        }
        for word in ["on", "the"] {
            if starts_with_ci(r, word) {
                let after = &r[word.len()..];
                let spaced = after.trim_start();
                if spaced.len() < after.len() {
                    r = spaced;
                }
            }
        }
        let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        if !days.iter().any(|d| starts_with_ci(r, d)) {
            return false;
        }
        let r = r[3..].trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let r = r.strip_prefix('.').unwrap_or(r);
        let r = r.strip_prefix(',').unwrap_or(r);
        r.trim_start().is_empty()
    })
}

/// [`STARTED_AT`] by hand: a start word, spaces, perhaps `at`/`around`/…, spaces to the end.
fn is_started_at(text: &str) -> bool {
    if folds_to_ascii(text) {
        return STARTED_AT.is_match(text);
    }
    let starts = [
        "began",
        "begun",
        "started",
        "starting",
        "start",
        "from",
        "since",
        "beginning",
        "commenced",
    ];
    let t = text.trim_end();
    // Without the second word, `\s+\s*$`: at least one space after the start word.
    if t.len() < text.len() && starts.iter().any(|w| ends_with_word(t, w)) {
        return true;
    }
    ["at", "around", "about", "approximately", "on"]
        .iter()
        .filter(|w| ends_with_ci(t, w))
        .any(|w| {
            let before = &t[..t.len() - w.len()];
            let b = before.trim_end();
            b.len() < before.len() && starts.iter().any(|s| ends_with_word(b, s))
        })
}

/// `\b(?:ends)\s*(?:around\s+|about\s+|approximately\s+)?$` by hand: an end phrase last before
/// the trailing spaces, or before a hedge word that trailing spaces follow.
fn ends_with_phrase_and_hedge(text: &str, ends: &[&str]) -> bool {
    let t = text.trim_end();
    if ends.iter().any(|w| ends_with_word(t, w)) {
        return true;
    }
    t.len() < text.len()
        && ["around", "about", "approximately"]
            .iter()
            .filter(|h| ends_with_ci(t, h))
            .any(|h| {
                let b = t[..t.len() - h.len()].trim_end();
                ends.iter().any(|w| ends_with_word(b, w))
            })
}

/// [`ENDED_BEFORE`] by hand.
fn is_ended_before(text: &str) -> bool {
    if folds_to_ascii(text) {
        return ENDED_BEFORE.is_match(text);
    }
    let ends = [
        "until",
        "till",
        "ended at",
        "ending at",
        "resolved at",
        "restored at",
        "recovered at",
        "back up at",
        "back online at",
        "fixed at",
    ];
    ends_with_phrase_and_hedge(text, &ends)
}

/// [`ANCHOR_BEFORE`] by hand.
fn is_anchor_before(text: &str) -> bool {
    if folds_to_ascii(text) {
        return ANCHOR_BEFORE.is_match(text);
    }
    let words = [
        "around",
        "at",
        "from",
        "since",
        "starting",
        "starting at",
        "beginning",
        "beginning at",
    ];
    ends_with_any_word(text, &words)
}

/// [`NOT_BEFORE`] by hand.
fn is_not_before(text: &str) -> bool {
    if folds_to_ascii(text) {
        return NOT_BEFORE.is_match(text);
    }
    let words = [
        "within",
        "every",
        "after",
        "before",
        "per",
        "each",
        "next",
        "last",
        "past",
        "timeout of",
        "interval of",
        "ttl of",
        "in under",
        "retry",
    ];
    words.iter().any(|w| ends_with_word(text, w))
}

/// [`NOT_AFTER`] by hand.
fn is_not_after(text: &str) -> bool {
    if folds_to_ascii(text) {
        return NOT_AFTER.is_match(text);
    }
    let words = [
        "after",
        "before",
        "later",
        "earlier",
        "ago",
        "into",
        "of latency",
        "of delay",
        "delay",
        "delays",
        "latency",
        "timeout",
        "retry",
        "retries",
        "response",
        "responses",
        "interval",
        "intervals",
        "cache",
        "ttl",
        "cron",
        "sla",
        "slo",
        "old",
        "apart",
        "each",
        "per",
        "load",
    ];
    words.iter().any(|w| starts_with_word(text, w))
}

/// [`OUTAGE_NOUN`] by hand.
fn is_outage_noun(text: &str) -> bool {
    if folds_to_ascii(text) {
        return OUTAGE_NOUN.is_match(text);
    }
    let words = [
        "outage",
        "downtime",
        "incident",
        "disruption",
        "interruption",
        "blackout",
        "degradation",
        "period",
        "window",
        "event",
    ];
    words.iter().any(|w| starts_with_word(text, w))
}

/// [`STARTED_SENTENCE`]'s phrases.
static STARTED_PHRASES: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "went down",
        "went offline",
        "began",
        "begun",
        "started",
        "starting",
        "first noticed",
        "first detected",
        "first reported",
        "became unavailable",
        "became unreachable",
        "became inaccessible",
        "stopped working",
        "stopped responding",
    ])
});

/// [`STARTED_SENTENCE`] by hand: one of its phrases between word boundaries (a phrase at a word
/// boundary starts where [`WordSet`] looks: an ASCII letter after no ASCII word character).
fn is_started_sentence(text: &str) -> bool {
    if folds_to_ascii(text) {
        return STARTED_SENTENCE.is_match(text);
    }
    let mut found = false;
    STARTED_PHRASES.find(text, |_, r| {
        found = found
            || (!text[..r.start]
                .chars()
                .next_back()
                .is_some_and(is_word_char)
                && !text[r.end..].starts_with(is_word_char));
    });
    found
}

/// [`DURATION_CONTEXT`]'s words in the order the regex tries them, and whether `\b` must follow.
const CONTEXT_WORDS: &[(&str, bool)] = &[
    ("duration", true),
    ("lasted", true),
    ("lasting", true),
    ("lasts for", true),
    ("lasting for", true),
    ("last for", true),
    ("took", true),
    ("outage", true),
    ("down", true),
    ("downtime", true),
    ("unavailable", true),
    ("inaccessible", true),
    ("offline", true),
    ("affected", true),
    ("for", true),
    ("disrupt", false),
    ("interrupt", false),
    ("impact", false),
];

static CONTEXT_SET: LazyLock<WordSet> = LazyLock::new(|| {
    let words: Vec<&'static str> = CONTEXT_WORDS.iter().map(|(w, _)| *w).collect();
    WordSet::new(&words)
});

/// The matches of [`DURATION_CONTEXT`] in `text`, left to right, by hand: every match starts at
/// a word boundary before a letter, where [`WordSet`] looks; there the first word in the regex's
/// order that matches (with its `\b`) is the match, and the search goes on after it.
fn context_matches(text: &str) -> Vec<std::ops::Range<usize>> {
    if folds_to_ascii(text) {
        let (re, lowered) = DURATION_CONTEXT.on(text);
        return re.find_iter(&lowered).map(|m| m.range()).collect();
    }
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    // The start of the word being read, and the best (first in the regex's order) match there.
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    let mut end = 0;
    let mut flush = |best: &mut Option<(usize, std::ops::Range<usize>)>, end: &mut usize| {
        if let Some((_, r)) = best.take() {
            *end = r.end;
            out.push(r);
        }
    };
    CONTEXT_SET.find(text, |i, r| {
        if best.as_ref().is_some_and(|(_, b)| b.start != r.start) {
            flush(&mut best, &mut end);
        }
        if r.start < end || best.is_some() {
            return;
        }
        let ok = !text[..r.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
            && (!CONTEXT_WORDS[i].1 || !text[r.end..].starts_with(is_word_char));
        if ok {
            best = Some((i, r));
        }
    });
    flush(&mut best, &mut end);
    out
}

/// Longest stretch of text before a position that the phrase regexes anchored at its end
/// (`…\s*$`) look at: their phrases are short, and a bounded window keeps a line with thousands
/// of times linear.
const LOOKBEHIND: usize = 256;

/// At most [`LOOKBEHIND`] bytes of `text` before `pos`, starting on a char boundary and not in the
/// middle of a word (so that `\b` at the window's start means what it means in the line).
fn tail(text: &str, pos: usize) -> &str {
    let mut s = pos.saturating_sub(LOOKBEHIND);
    while !text.is_char_boundary(s) {
        s += 1;
    }
    if text[..s]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        s += text[s..pos]
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(pos - s);
    }
    &text[s..pos]
}

/// At most `max` bytes of `text` from its start, cut on a char boundary and never inside a word
/// (so that `\b` at the cut means what it means in the line): enough for the phrase regexes
/// anchored at their start, whose phrases are short.
fn head(text: &str, max: usize) -> &str {
    let mut e = max.min(text.len());
    while !text.is_char_boundary(e) {
        e += 1;
    }
    e += text[e..]
        .find(|c: char| !is_word_char(c))
        .unwrap_or(text.len() - e);
    &text[..e]
}

/// One line of the summary, with what several questions about it share, computed once: every
/// question then costs time in proportion to what it reads, however many times the line holds.
struct LineIndex<'t> {
    text: &'t str,
    /// Byte offsets of every ". " (where sentences end) and of every `.`, found on first use
    /// (most lines are asked nothing that needs them).
    stops_dots: Option<(Vec<usize>, Vec<usize>)>,
    /// [`DURATION_CONTEXT`] matches, in order (computed on first use).
    context: Option<Vec<std::ops::Range<usize>>>,
    /// Whether [`STARTED_SENTENCE`] matches the sentence last asked about, by its start. The
    /// times of a line are asked about left to right, so each sentence is read once (a sentence
    /// asked about again after another would only be read again); no map to build per line.
    started: Option<(usize, bool)>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        LineIndex {
            text,
            stops_dots: None,
            context: None,
            started: None,
        }
    }

    /// The offsets of every ". " and of every `.` (see [`LineIndex::stops_dots`]).
    fn stops_dots(&mut self) -> (&[usize], &[usize]) {
        let b = self.text.as_bytes();
        let (stops, dots) = self.stops_dots.get_or_insert_with(|| {
            let dots: Vec<usize> = memchr::memchr_iter(b'.', b).collect();
            let stops = dots
                .iter()
                .copied()
                .filter(|&i| b.get(i + 1) == Some(&b' '))
                .collect();
            (stops, dots)
        });
        (stops, dots)
    }

    /// The sentence around byte `at`: from after the previous ". " to the next one.
    fn sentence(&mut self, at: usize) -> std::ops::Range<usize> {
        let len = self.text.len();
        let (stops, _) = self.stops_dots();
        let k = stops.partition_point(|&i| i + 2 <= at);
        let start = if k > 0 { stops[k - 1] + 2 } else { 0 };
        let j = stops.partition_point(|&i| i < at);
        let end = stops.get(j).copied().unwrap_or(len);
        start..end.max(start)
    }

    /// Whether the sentence around `at` says the outage started.
    fn started_sentence(&mut self, at: usize) -> bool {
        let sent = self.sentence(at);
        match self.started {
            Some((start, answer)) if start == sent.start => answer,
            _ => {
                let answer = is_started_sentence(&self.text[sent.clone()]);
                self.started = Some((sent.start, answer));
                answer
            }
        }
    }

    fn context(&mut self) -> &[std::ops::Range<usize>] {
        let text = self.text;
        self.context.get_or_insert_with(|| {
            context_matches(text)
                .into_iter()
                .map(|m| {
                    // "disrupt", "interrupt", "impact" run to the end of their word
                    // ("disruptions"), as `\w*` would take them.
                    let rest = &text[m.end..];
                    let tail = rest.len() - rest.trim_start_matches(is_word_char).len();
                    m.start..m.end + tail
                })
                .collect()
        })
    }

    /// Whether a duration-context word comes anywhere before `pos`.
    fn context_before(&mut self, pos: usize) -> bool {
        self.context().first().is_some_and(|m| m.end <= pos)
    }

    /// Whether a duration-context word comes after `pos` and before the next `.`.
    fn context_after(&mut self, pos: usize) -> bool {
        let len = self.text.len();
        let (_, dots) = self.stops_dots();
        let d = dots.partition_point(|&i| i < pos);
        let stop = dots.get(d).copied().unwrap_or(len);
        let ctx = self.context();
        let k = ctx.partition_point(|m| m.start < pos);
        ctx.get(k).is_some_and(|m| m.end <= stop)
    }
}

fn moment(line_start: usize, m: &TimeMention) -> Moment {
    Moment {
        time: m.time,
        date: m.date,
        date_written: m.date.is_some(),
        zone: m.zone.clone(),
        span: line_start + m.time_range.start..line_start + m.time_range.end,
    }
}

/// Completes a window from what one end says of the other: a zone, AM/PM, the date, the year.
fn complete(start: &mut Moment, end: &mut Moment) {
    if end.zone.is_none() {
        end.zone = start.zone.clone();
    }
    if start.zone.is_none() {
        start.zone = end.zone.clone();
    }
    // "From 1:10pm until 1:19" — the end takes PM when that keeps it after the start.
    let pm = |t: &mut ClockTime| {
        t.hour += 12;
        t.meridiem = Meridiem::Pm;
    };
    if end.time.is_ambiguous_12h() && end.time.hour < 12 && start.time.meridiem == Meridiem::Pm {
        let mut t = end.time;
        pm(&mut t);
        if t.seconds_of_day() >= start.time.seconds_of_day() {
            end.time = t;
        }
    }
    if start.time.is_ambiguous_12h() && start.time.hour < 12 && end.time.meridiem == Meridiem::Pm {
        let mut t = start.time;
        pm(&mut t);
        if t.seconds_of_day() <= end.time.seconds_of_day() {
            start.time = t;
        }
    }
    match (&mut start.date, &mut end.date) {
        (Some(s), Some(e)) => {
            if e.year.is_none() {
                e.year = s.year;
            }
            if s.year.is_none() {
                s.year = e.year;
            }
        }
        (Some(s), None) => end.date = Some(*s),
        (None, Some(e)) => start.date = Some(*e),
        (None, None) => {}
    }
}

/// A start–end window written on one line.
fn window_in(text: &str, line_start: usize, times: &[TimeMention]) -> Option<(Moment, Moment)> {
    for pair in times.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let before = tail(text, a.range.start);
        let gap = &text[a.range.end..b.range.start];
        let joined = is_range_join(gap)
            && (!gap.to_lowercase().contains("and")
                || BETWEEN.is_match(before)
                // "On May 16, 2024, between 9:00 and 11:00": the date is part of the mention.
                || BETWEEN.is_match(&text[..a.time_range.start]));
        // `joined` first: the phrase regexes are asked (and compiled) only when it fails.
        if joined || (is_started_at(before) && ended_at(gap)) {
            return Some((moment(line_start, a), moment(line_start, b)));
        }
    }
    None
}

/// Score of a duration as the outage's length: 0 (not it) or more (higher is likelier).
fn duration_score(line: &mut LineIndex, d: &DurationMention, on_window_line: bool) -> u32 {
    let text = line.text;
    let before = tail(text, d.range.start);
    let after = &text[d.range.end..];
    // What follows, from its first word: the start of the rest of the line is all the phrases
    // after a length need (the whole rest would make a line of many lengths quadratic).
    let next = head(trim_start_non_word(after), LOOKBEHIND);
    if is_not_before(trim_end_non_word(before)) || is_not_after(next) {
        return 0;
    }
    // "a 10-minute retry": a hyphenated length is an adjective; only outage nouns keep it.
    let phrase = &text[d.range.clone()];
    if phrase.contains('-')
        && phrase.chars().last().is_some_and(|c| c.is_alphabetic())
        && !is_outage_noun(next)
    {
        return 0;
    }
    let mut score = 0;
    if on_window_line {
        score += 2;
    }
    if is_outage_noun(next) || line.context_before(d.range.start) || line.context_after(d.range.end)
    {
        score += 1;
    }
    score
}

/// Whether a heading's title names the duration: `title.to_lowercase().contains("duration")`,
/// without the lowered copy. The only characters that lower to ASCII letters are ASCII capitals,
/// `İ` (to `i` and a combining dot, which no letter of the word can follow) and the Kelvin sign
/// (to `k`, not in the word), so an ASCII case-insensitive search finds the same.
fn names_duration(title: &str) -> bool {
    super::time::contains_ignore_ascii_case(title, "duration")
}

/// Where the summary's statements are read: the summary section, Duration and Impact sections
/// (and any heading that names the duration: "Detection and Duration of the Issue"), and the
/// lines before the first section.
pub(crate) fn summary_ranges(pm: &Postmortem) -> Vec<std::ops::Range<Cursor>> {
    let mut ranges: Vec<_> = pm
        .sections
        .iter()
        .filter(|s| {
            s.is("summary") || s.is("duration") || s.is("impact") || names_duration(&s.title)
        })
        .map(|s| s.title_at..s.body.end)
        .collect();
    // A summary's body holds its Duration and Impact parts: merge overlapping ranges so that each
    // line is read once, in order (a line read again could give the window an end before its
    // start, and nested sections would be read once per level).
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<Cursor>> = Vec::with_capacity(ranges.len() + 1);
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut ranges = merged;
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

/// One line of [`summary_ranges`] with its time mentions, scanned once for both readers of the
/// summary ([`build`] and [`super::summary::build`] read the same lines in the same order), and
/// its first zone, scanned the first time either asks.
pub(crate) struct SummaryLine<'p> {
    pub block: &'p Block,
    pub line: &'p BlockLine,
    /// `scan_times(&line.text)`.
    pub times: Vec<TimeMention>,
    zone: OnceCell<Option<(std::ops::Range<usize>, Zone)>>,
    /// `scan_dates_with_kind(&line.text)`: kept from the time scan when it read them, else
    /// scanned on first use.
    dates: OnceCell<KindedDates>,
}

impl SummaryLine<'_> {
    /// [`first_zone`] of the line (the first of `scan_zones`), remembered: the scan is a pure
    /// function of the line's text, so both readers get what their own scan would give.
    pub fn first_zone(&self) -> Option<&(std::ops::Range<usize>, Zone)> {
        self.zone
            .get_or_init(|| first_zone(self.line.text()))
            .as_ref()
    }

    /// [`scan_dates_with_kind`] of the line (remembered, as [`SummaryLine::first_zone`]).
    pub fn dates(&self) -> &[(DateMention, DateKind)] {
        self.dates
            .get_or_init(|| scan_dates_with_kind(self.line.text()))
    }
}

/// The lines of each range of [`summary_ranges`] (in its order), scanned for times once.
pub(crate) fn summary_lines<'p>(pm: &'p Postmortem) -> Vec<Vec<SummaryLine<'p>>> {
    summary_ranges(pm)
        .into_iter()
        .map(|range| {
            pm.lines_between(range.start, range.end)
                .map(|(block, line)| {
                    let (times, dates) = scan_times_and_dates(line.text());
                    SummaryLine {
                        block,
                        line,
                        times,
                        zone: OnceCell::new(),
                        dates: dates.map_or_else(OnceCell::new, OnceCell::from),
                    }
                })
                .collect()
        })
        .collect()
}

/// Whether a start is stated, before source offset `at` (an end written before its start is
/// not taken for the end of that window; the preamble is read last, after the summary).
fn starts_before(st: &Stated, at: usize) -> bool {
    st.start.as_ref().is_some_and(|s| s.span.end <= at)
}

/// Extracts the stated facts.
///
/// `lines` is [`summary_lines`] of `pm`.
pub(crate) fn build(lines: &[Vec<SummaryLine>]) -> Stated {
    let mut st = Stated::default();
    let mut best: Option<(u32, StatedDuration)> = None;
    for range in lines {
        for sl in range {
            let (line, times) = (sl.line, &sl.times);
            let text = &line.text();
            let mut index = LineIndex::new(text);
            let mut window_line = false;
            if st.start.is_none() {
                if let Some((s, e)) = window_in(text, line.start, times) {
                    st.start = Some(s);
                    st.end = Some(e);
                    window_line = true;
                }
            }
            // Labelled lines: "Start Time: March 8, 2024, 14:00 UTC" / "End: …".
            if let (Some(first), 1) = (times.first(), times.len()) {
                if st.start.is_none() && is_start_label(trim_start_non_word(text)) {
                    st.start = Some(moment(line.start, first));
                    window_line = true;
                } else if st.end.is_none()
                    && starts_before(&st, line.start + first.range.start)
                    && is_end_label(trim_start_non_word(text))
                {
                    st.end = Some(moment(line.start, first));
                    window_line = true;
                }
            }
            // A length scores at most 1, and 2 more on a window line ([`duration_score`]): once
            // the best so far scores that much, no length on this line can replace it, and the
            // line is not scanned.
            let most = if window_line { 3 } else { 1 };
            let lengths = if best.as_ref().is_none_or(|(b, _)| *b < most) {
                scan_durations(text)
            } else {
                Vec::new()
            };
            for d in lengths {
                let score = duration_score(&mut index, &d, window_line);
                if score > 0 && best.as_ref().is_none_or(|(b, _)| score > *b) {
                    let span = line.start + d.range.start..line.start + d.range.end;
                    // A time in the same sentence, introduced by "around", "at", "from" …
                    let sent = index.sentence(d.range.start);
                    let anchor = times
                        .iter()
                        .filter(|m| !window_line && sent.contains(&m.range.start))
                        .find(|m| is_anchor_before(tail(text, m.range.start)))
                        .map(|m| moment(line.start, m));
                    best = Some((
                        score,
                        StatedDuration {
                            seconds: d.seconds,
                            hedge: d.hedge,
                            span,
                            anchor,
                        },
                    ));
                }
            }
            // A window told in sentences: "the site went down at 3:10pm" … "lasted until 5:00pm".
            if !window_line {
                for m in times {
                    let ended = || is_ended_before(tail(text, m.range.start));
                    if starts_before(&st, line.start + m.range.start) && st.end.is_none() && ended()
                    {
                        st.end = Some(moment(line.start, m));
                    } else if st.start.is_none()
                        && !ended()
                        && index.started_sentence(m.range.start)
                    {
                        st.start = Some(moment(line.start, m));
                    }
                }
            }
            if st.zone.is_none() {
                st.zone = sl.first_zone().map(|(_, z)| z.clone());
            }
        }
        if st.start.is_some() && st.end.is_some() && best.is_some() {
            break;
        }
    }
    st.duration = best.map(|(_, d)| d);
    match (&mut st.start, &mut st.end) {
        (Some(s), Some(e)) => complete(s, e),
        // An end without a start (labelled "End:" before any "Start:") is not a window.
        _ => st.end = None,
    }
    if let Some(z) = st.start.as_ref().and_then(|s| s.zone.clone()) {
        st.zone = Some(z);
    }
    st
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use crate::source::SourceFile;

    fn stated(md: &str) -> Stated {
        let src = SourceFile::new("t.md", md);
        let profile = Profile::built_in("default").unwrap();
        let pm = Postmortem::build(&src, &profile, None);
        pm.stated
    }

    #[test]
    fn windows_in_their_common_phrasings() {
        for text in [
            "From 10:00 AM to 11:20 AM PST the site was down.",
            "Between the hours of 10:00 and 11:20 UTC requests failed.",
            "The outage began at 10:00 on May 16 and ended at 11:20.",
            "Duration: 10:00 - 11:20 UTC",
            "On November 15th, 2022, between 10:00 and 11:20 AM Pacific Time, a server failed.",
            "On 08/24/17 between ~10:00 and 11:20 AM PST the certificate had expired.",
        ] {
            let st = stated(&format!("## Summary\n\n{text}\n"));
            let (s, e) = (st.start.expect(text), st.end.expect(text));
            assert_eq!(
                (s.time.hour, e.time.hour, e.time.minute),
                (10, 11, 20),
                "{text}"
            );
        }
    }

    #[test]
    fn the_end_inherits_pm_and_zone_from_the_start() {
        let st = stated("## Summary\n\nFrom 1:10pm PST until 1:19 both servers failed.\n");
        let e = st.end.unwrap();
        assert_eq!((e.time.hour, e.zone.unwrap().name.as_str()), (13, "PST"));
    }

    #[test]
    fn an_end_written_before_the_start_is_not_the_window_end() {
        // Found by fuzzing: the summary's Impact and Duration parts were read twice (once in the
        // summary, once on their own), so "until 15:00" was taken for the end of a window whose
        // start comes after it, and PM501 pointed from the start back to the end.
        let st = stated(
            "# Issue Summary\n\nIntro line.\n\n## Impact\n\nThe site was down until 15:00 UTC.\n\n\
             ## Duration\n\nThe outage started at 14:00 UTC and lasted 3 hours.\n",
        );
        let start = st.start.expect("start");
        assert_eq!(start.time.hour, 14);
        assert!(st.end.is_none(), "{:?}", st.end);
        let st =
            stated("## Summary\n\nThe outage started at 14:00 UTC.\nIt lasted until 15:00 UTC.\n");
        assert!(st.end.unwrap().span.start > st.start.unwrap().span.end);
    }

    #[test]
    fn durations_that_are_not_the_outage_are_skipped() {
        let st = stated("## Summary\n\nFive minutes after the deploy, sign-in failed.\nThe site was down for 90 minutes.\n");
        assert_eq!(st.duration.unwrap().seconds, 90 * 60);
        let st = stated("## Summary\n\nClients hit a 10-minute retry loop and a 5min delay.\n");
        assert!(st.duration.is_none());
    }

    #[test]
    fn duration_titles_as_lowered() {
        let pieces = [
            "duration", "DURATION", "Duration", "durat", "ion", "İ", "İON", "\u{212a}", "é", " ",
            "d", "u", "r", "a", "t", "i", "o", "n", "N", "Σ",
        ];
        let mut found = 0;
        for t in crate::test_texts::random(&pieces, 20_000, 6, 3) {
            let want = t.to_lowercase().contains("duration");
            found += usize::from(want);
            assert_eq!(names_duration(&t), want, "{t:?}");
        }
        assert!(found > 500, "{found}");
    }

    #[test]
    fn hand_phrases_agree_with_the_regexes() {
        let mut pieces: Vec<&str> = vec![
            " ",
            "  ",
            "\t",
            "\u{a0}",
            ",",
            "(",
            ".",
            "-",
            "–",
            "—",
            "~",
            "->",
            "→",
            "x",
            "é",
            "_",
            "1",
            "s",
            "ſ",
            "\u{212a}",
            "ing",
            "ed",
            "on ",
            "the ",
            "Mon",
            "tuesday",
            "sat",
            "TO",
            "and",
            "until",
            "thru",
            "through",
            "till",
            " at",
            " time",
            " date",
            " date/time",
            "outage ",
            "Incident ",
            "impact ",
            "issue ",
            "problem ",
            "start",
            "Began",
            "begin",
            "beginning",
            "from",
            "end",
            "resolved",
            "recovered",
            "resolution time",
            "restored",
            "around ",
            "about ",
            "approximately ",
            "since",
            "starting",
            "commenced",
            "begun",
            "back up",
            "back online",
            "fixed",
            "within",
            "every",
            "after",
            "before",
            "per",
            "each",
            "next",
            "last",
            "past",
            "timeout of",
            "interval of",
            "ttl of",
            "in under",
            "retry",
            "later",
            "ago",
            "of latency",
            "of delay",
            "delays",
            "latency",
            "retries",
            "responses",
            "intervals",
            "cache",
            "ttl",
            "cron",
            "sla",
            "slo",
            "old",
            "apart",
            "load",
            "downtime",
            "disruptions",
            "interruption",
            "blackout",
            "degradation",
            "period",
            "window",
            "event",
            "went down",
            "went offline",
            "first noticed",
            "first reported",
            "became unavailable",
            "stopped working",
            "stopped responding",
            "duration",
            "lasted",
            "lasting",
            "lasts for",
            "last for",
            "took",
            "down",
            "unavailable",
            "inaccessible",
            "offline",
            "affected",
            "for",
            "disrupt",
            "interrupt",
            "Impact",
        ];
        pieces.sort_unstable();
        // How many texts each regex matched: every one must meet both answers.
        let mut hits = [0usize; 11];
        for t in crate::test_texts::random(&pieces, 150_000, 6, 23) {
            let t = t.as_str();
            for (k, re) in [
                &START_LABEL,
                &END_LABEL,
                &RANGE_JOIN,
                &STARTED_AT,
                &ENDED_BEFORE,
                &ANCHOR_BEFORE,
                &NOT_BEFORE,
                &NOT_AFTER,
                &OUTAGE_NOUN,
                &STARTED_SENTENCE,
                &DURATION_CONTEXT,
            ]
            .iter()
            .enumerate()
            {
                hits[k] += usize::from(re.is_match(t));
            }
            assert_eq!(is_start_label(t), START_LABEL.is_match(t), "start {t:?}");
            assert_eq!(is_end_label(t), END_LABEL.is_match(t), "end {t:?}");
            assert_eq!(is_range_join(t), RANGE_JOIN.is_match(t), "join {t:?}");
            assert_eq!(is_started_at(t), STARTED_AT.is_match(t), "started at {t:?}");
            assert_eq!(is_ended_before(t), ENDED_BEFORE.is_match(t), "ended {t:?}");
            assert_eq!(
                is_anchor_before(t),
                ANCHOR_BEFORE.is_match(t),
                "anchor {t:?}"
            );
            assert_eq!(is_not_before(t), NOT_BEFORE.is_match(t), "not before {t:?}");
            assert_eq!(is_not_after(t), NOT_AFTER.is_match(t), "not after {t:?}");
            assert_eq!(is_outage_noun(t), OUTAGE_NOUN.is_match(t), "noun {t:?}");
            assert_eq!(
                is_started_sentence(t),
                STARTED_SENTENCE.is_match(t),
                "started {t:?}"
            );
            let (re, lowered) = DURATION_CONTEXT.on(t);
            let want: Vec<_> = re.find_iter(&lowered).map(|m| m.range()).collect();
            assert_eq!(context_matches(t), want, "context {t:?}");
        }
        assert!(hits.iter().all(|&h| h > 100), "{hits:?}");
    }
}
