//! What the summary says beyond the stated window and duration ([`super::stated`]): the times it
//! writes and their zones, a zone declared for the whole document, the quantified impact and the
//! root-cause statement.
//!
//! Read where [`super::stated`] reads: the summary section, any Duration or Impact section, and
//! the lines before the first section. The ALX 0x19 task asks the Issue Summary for the duration
//! "with start and end times (including timezone)", the impact ("How many % of the users were
//! affected?") and the root cause; the SRE book's example quantifies impact ("Estimated 1.21B
//! queries lost") (`shared/design/postmortem-domain.md` §2).

use super::ascii_regex::{folds_to_ascii, has_non_ascii, AsciiRegex, Captures};
use super::stated::SummaryLine;
use super::time::{scan_dates, scan_times, scan_zones, DateKind, DateMention, TimeMention, Zone};
use super::word::{WordSet, WordStarts};
use super::Postmortem;
use crate::parse::BlockKind;
use crate::source::Span;
use std::ops::Range;
use std::sync::LazyLock;

/// A time of day written in the summary.
#[derive(Debug, Clone)]
pub struct SummaryTime {
    /// Source span of the time as written.
    pub span: Span,
    /// The zone written right after it, if any.
    pub zone: Option<Zone>,
}

/// What the summary says.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Index in [`Postmortem::sections`] of the section the summary statements are reported on:
    /// the summary section, else an Impact or Duration section. `None` when the document has
    /// none of them (PM101 reports that).
    pub section: Option<usize>,
    /// Every time of day written in the summary, in order.
    pub times: Vec<SummaryTime>,
    /// A zone named in the summary, or declared for the whole document anywhere outside code
    /// ("All times are in UTC", "Timezone: WAT", "times are in Pacific Time").
    pub zone: Option<(Span, Zone)>,
    /// The first quantified impact: a share (`30%`, `30 percent`, "all users", "half of the
    /// requests"), a count of users, customers, requests, errors, orders … (`5,000 users`,
    /// `1.21B queries`, "thousands of customers"), or money (`$12,000`, "USD 400", "revenue loss
    /// of …"). HTTP status codes (`500 errors`, `HTTP 503`) and resource figures (`CPU at 100%`)
    /// are not impact.
    pub impact: Option<Span>,
    /// A start and end that the stated window ([`super::Stated`]) does not read, enough to say
    /// the summary gives the outage's length: two dates written as a range ("September 28th to
    /// September 29th"), a range of military times ("0900–1300 PST"), `Start:` and `End:` labels
    /// each followed by a date or time, or an end time after an earlier time ("at 3:00 PM …
    /// until 5:01 PM", "End-time: 06/May/2022 3:07 PM"). Source span of the end.
    pub window: Option<Span>,
    /// The first root-cause statement: a `Root cause:` / `Cause:` / `The underlying issue:`
    /// label, or a sentence saying why ("caused by", "due to", "because", "root cause", "the
    /// probable cause", "the result of", "triggered by", "stemmed from", "traced to", "attributed
    /// to", "led to").
    pub root_cause: Option<Span>,
}

/// Between the two dates of a range.
static DATE_JOIN: AsciiRegex = AsciiRegex::new(
    r"(?i)^\s*(?:,?\s*\d{1,2}:?\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4})?)?\s*(?:to|until|till|through|thru|-|–|—|and)\s*$",
);
static MILITARY_RANGE: AsciiRegex = AsciiRegex::new(
    r"\b(?:[01]\d|2[0-3])[0-5]\d\s*(?:hrs?|h)?\s*(?:-|–|—|to|until)\s*(?:[01]\d|2[0-3])[0-5]\d\b",
);
static START_LINE: AsciiRegex = AsciiRegex::new(
    r"(?i)^\W*(?:outage\s+|incident\s+)?start(?:ed|ing)?(?:[\s-]*(?:time|date(?:/time)?))?\s*:",
);
static END_LINE: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:outage\s+|incident\s+)?end(?:ed|ing)?(?:[\s-]*(?:time|date(?:/time)?))?\s*:",
);
/// Words right before a time (perhaps with a date between) that make it the end of the outage.
static END_BEFORE: AsciiRegex = AsciiRegex::new(
    r"(?i)(?:\b(?:until|till|through|thru)\s*|\b(?:end(?:ed|ing|s)?(?:[\s-]*(?:time|at))?|resolved(?:\s+at)?|restored(?:\s+at)?|recovered(?:\s+at)?|fixed\s+at|back\s+(?:up|online)\s+at)\s*[:\-]?\s*(?:\S+\s*){0,2})$",
);

static ZONE_DECLARATION: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:all\s+times?|times?\s+(?:are|is|were|shown|given|listed)|time\s*zones?|tz)\b",
);
/// The words every match of [`ZONE_DECLARATION`] starts a word with (after `\b` or `\s`; `(?i)`
/// matches none of their letters to a non-ASCII character): lines without them are not read.
static ZONE_WORDS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(&["time", "tz"]));

/// A share: a percentage, or words for all / half / a third … of a population.
static SHARE: AsciiRegex = AsciiRegex::new(
    r"(?ix)
        (?P<pct>\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per\s?cent\b))
      | \b(?:all|every|entire|whole|half|a\s+third|a\s+quarter|two[\s-]thirds|three[\s-]quarters|none|no)\s+
        (?:of\s+)?(?:the\s+|our\s+|its\s+|their\s+)?(?:[\w,-]+\s+){0,2}?[“\x22']?
        (?:users?|customers?|clients?|visitors?|requests?|traffic|accounts?|subscribers?|students?|members?|people|players?|buyers?|merchants?|tenants?|user\s+base|customer\s+base|queries|transactions?|sessions?|calls|attempts|logs?|data|records?|messages?|emails?|orders?|payments?|files?)\b
    ",
);
/// A count of affected things, or money.
static COUNT: AsciiRegex = AsciiRegex::new(
    r"(?ix)
        (?P<n>\b\d(?:[\d,.]*\d)?\s?(?:[kmb]\b|thousand|million|billion|hundred)?|\b(?:hundreds|thousands|millions|billions|dozens|tens)\s+of
          |\b(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a\s+hundred|a\s+thousand|a\s+few\s+thousand|several\s+thousand)\b)
        \s+(?:(?:\w+|[\w-]+)\s+){0,3}?
        (?P<noun>users?|customers?|clients?|visitors?|requests?|queries|errors?|failures?|transactions?|orders?|accounts?|sessions?|subscribers?|students?|members?|people|players?|messages?|emails?|notifications?|payments?|purchases?|calls?|jobs?|tickets?|complaints?|pageviews?|page\s+views|hits|downloads?|uploads?|sign-?ups?|logins?|bookings?|checkouts?|api\s+calls|responses?|events?|records?|rows|builds?|deployments?|merchants?|tenants?|devices?|prs|pull\s+requests|tests|merges|commits|pipelines|attempts)\b
      | [$€£¥₦]\s?\d[\d,.]*(?:\s?(?:k|m|million|thousand|billion)\b)?
      | \b\d[\d,.]*\s?(?:k|m|million|thousand|billion)?\s?(?:usd|eur|gbp|dollars|euros|pounds|naira|kes|shillings|rand)\b
      | \b(?:usd|eur|gbp)\s?\d
      | \brevenue\s+(?:loss|impact)\s+(?:of|was|estimated)\b
    ",
);
/// A population named first, then how it was hit, then the number: "Users affected: 1,240".
static LABELLED_COUNT: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:users?|customers?|clients?|accounts?|requests?|queries|errors?|transactions?|orders?|sessions?|subscribers?|events?|notifications?|messages?|support\s+(?:requests?|tickets?|cases?))\s+(?:affected|impacted|lost|failed|dropped|raised|delayed|not\s+delivered)\s*[:|=-]?\s*\d[\d,.]*\b",
);
/// Words right before a number that make it something other than a count ("port 8080").
static NOT_COUNT_BEFORE: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:http|https|status|code|codes|error|port|version|v|php|python|node|ubuntu|step|line|page|room|id)\s*#?$",
);
/// A unit right after a number: a length of time or a size, not a count of people or requests.
static UNIT_FIRST: AsciiRegex = AsciiRegex::new(
    r"(?i)^\s*(?:[a-z]*seconds?|secs?|minutes?|mins?|hours?|hrs?|h|m|s|ms|days?|weeks?|months?|years?|am|pm|a\.m\.|p\.m\.|kb|mb|gb|tb|%|percent|x|times)\b",
);
/// Words between a 4xx/5xx number and the noun that make it an HTTP status.
static STATUS_WORDS: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:internal|server|bad|gateway|service|unavailable|error|status|not\s+found|timeout|forbidden|http)\b",
);
static STATUS_NOUN: AsciiRegex =
    AsciiRegex::new(r"(?i)^(?:errors?|responses?|requests?|failures?|pages?)$");
/// A resource figure next to a percentage ("CPU at 100%", "99.9% uptime").
static RESOURCE_BEFORE: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:cpu|memory|ram|disk|storage|load|usage|utili[sz]ation|swap|capacity|bandwidth|inodes?)\b[^.;]{0,40}$",
);
static RESOURCE_AFTER: AsciiRegex = AsciiRegex::new(
    r"(?i)^\s*(?:of\s+(?:the\s+|its\s+)?(?:\w+\s+)?)?(?:cpu|memory|ram|disk|storage|capacity|load|usage|utili[sz]ation|bandwidth|swap|inodes?|uptime|availability|packet\s+loss|complete|done|full)\b",
);
/// A percentage of a population ("30% of users"): impact whatever precedes it.
static SHARE_OF_PEOPLE: AsciiRegex = AsciiRegex::new(
    r"(?i)^\s*(?:of\s+)?(?:the\s+|our\s+|all\s+|its\s+|their\s+)?(?:\w+\s+){0,2}?(?:users?|customers?|clients?|visitors?|requests?|traffic|accounts?|subscribers?|students?|members?|people|players?|queries|transactions?|sessions?|calls|user\s+base|customer\s+base)\b",
);
static YEAR: AsciiRegex = AsciiRegex::new(r"^(?:19|20)\d\d$");
static MONTH_BEFORE: AsciiRegex =
    AsciiRegex::new(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$");
static HTTP_STATUS: AsciiRegex = AsciiRegex::new(r"^[45]\d\d$");

static ROOT_CAUSE_LABEL: AsciiRegex = AsciiRegex::new(
    r"(?i)^\W*(?:the\s+)?(?:primary\s+|main\s+|underlying\s+|probable\s+|likely\s+)?(?:root[\s-]+causes?(?:\s+analysis)?|causes?|rca|what\s+was\s+the\s+root\s+cause|underlying\s+(?:issue|problem))\b\W*(?::|\s[-–—]\s|\s(?:was|is|were)\b|$)",
);
static CAUSE_SENTENCE: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:caused\s+by|causing|caused|due\s+to|because(?:\s+of)?|root[\s-]+cause|(?:the|probable|likely|main|primary|underlying|apparent)\s+(?:cause|reason)|(?:the\s+)?result\s+of|resulted\s+from|triggered\s+by|stem(?:med|s|ming)?\s+from|traced\s+(?:back\s+)?to|attributed\s+to|owing\s+to|led\s+to|originated\s+(?:from|in))\b",
);

/// Words that every match of a regex holds at a word start (after `\b` or `\s`), for the
/// prefilters in front of them: text without them is not searched. `ſ` and the Kelvin sign,
/// which `(?i)` matches to `s` and `k`, may stand in some: [`holds`] and [`line_words`] let such
/// text through.
static CAUSE_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&CAUSE_WORD_LIST.split_whitespace().collect::<Vec<_>>()));
/// The words of [`CAUSE_WORDS`], also the [`CAUSE`] entry of [`LINE_WORDS`].
const CAUSE_WORD_LIST: &str =
    "cau due because root reason result triggered stem traced attributed owing led originated";
/// The words that start the affected-population branch of [`LABELLED_COUNT`] (`not` last).
const LABELLED_WORDS: &str = "affected impacted lost failed dropped raised delayed not";
/// The words that start a share in words ("all users", "a third of the requests").
const SHARE_WORDS: &str = "all every entire whole half third quarter two three none no";

/// The first match of [`CAUSE_SENTENCE`] in `text`, searched for only where one can start.
///
/// Every match holds one of [`CAUSE_WORDS`] at a word start (where [`WordSet::find`] finds it),
/// and starts either there or, for `(?:the|probable|…)\s+(?:cause|reason)` and
/// `(?:the\s+)?result`, at the run of ASCII letters right before it across white space (`\s` and
/// `char::is_whitespace` are both Unicode's White_Space); `\b` rules out a start inside a run of
/// letters. An anchored search at each of those positions, in order, finds the leftmost-first
/// match without reading the rest of the text. Text holding `ſ` or the Kelvin sign (which `(?i)`
/// matches to `s` and `k`, so a match may hold none of the words) is searched whole.
fn cause_in(text: &str) -> Option<Range<usize>> {
    if folds_to_ascii(text) {
        return CAUSE_SENTENCE.find(text);
    }
    let mut starts = Vec::new();
    CAUSE_WORDS.find(text, |_, r| {
        let before = text[..r.start].trim_end_matches(char::is_whitespace);
        if before.len() < r.start {
            let word = before.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            if word.len() < before.len() {
                starts.push(word.len());
            }
        }
        starts.push(r.start);
    });
    if starts.is_empty() {
        return None;
    }
    starts.sort_unstable();
    starts.dedup();
    CAUSE_SENTENCE.find_at_starts(text, &starts)
}

/// The words every match of a regex run on single summary lines holds at a word start (after
/// `\b`, `\s` or `^\W*`), by regex: [`ROOT_CAUSE_LABEL`], [`END_LINE`], [`START_LINE`] and
/// [`END_BEFORE`] (the words before an end time); and [`CAUSE_WORDS`], for the blocks
/// [`CAUSE_SENTENCE`] is run on (a word at a word start of a block's joined lines is one at a
/// word start of one of its lines: the `\n` joining them is no word character, and no word
/// holds one).
const LINE_WORDS: [(u8, &str); 5] = [
    (ROOT_CAUSE, "root cau rca what underlying"),
    (END, "end"),
    (START, "start"),
    (
        END_BEFORE_TIME,
        "until till through thru end resolved restored recovered fixed back",
    ),
    (CAUSE, CAUSE_WORD_LIST),
];
const ROOT_CAUSE: u8 = 1;
const END: u8 = 2;
const START: u8 = 4;
const END_BEFORE_TIME: u8 = 8;
const CAUSE: u8 = 16;
/// [`LINE_WORDS`] in one set, with the bit of the regex of each word.
static LINE_WORD_SET: LazyLock<(WordSet, Vec<u8>)> = LazyLock::new(|| {
    let (mut words, mut bits) = (Vec::new(), Vec::new());
    for (bit, list) in LINE_WORDS {
        for w in list.split_whitespace() {
            words.push(w);
            bits.push(bit);
        }
    }
    (WordSet::new(&words), bits)
});

/// The bits of the regexes of [`LINE_WORDS`] whose words `text` holds at a word start, in one
/// pass; all of them for text with `ſ` or the Kelvin sign.
#[cfg(test)]
fn line_words(text: &str) -> u8 {
    line_words_at(text, None, true)
}

/// [`line_words`] with the word starts of `text` when known ([`super::Prose::word_starts_of`]:
/// `text` is then the text of a line of prose). `prose_folds`: [`super::Prose::folds`]; when
/// false, no line of prose holds `ſ` or the Kelvin sign, and `text` is not searched for them
/// when its word starts are given.
fn line_words_at(text: &str, starts: Option<&[WordStarts]>, prose_folds: bool) -> u8 {
    if (starts.is_none() || prose_folds) && folds_to_ascii(text) {
        return u8::MAX;
    }
    let (set, bits) = &*LINE_WORD_SET;
    let mut found = 0;
    match starts {
        Some(starts) => set.find_at(text, starts, |i, _| found |= bits[i]),
        None => set.find(text, |i, _| found |= bits[i]),
    }
    found
}

/// Whether [`MILITARY_RANGE`] may match in `b`: each match starts with `[012]`, a digit (`\d`,
/// perhaps a non-ASCII one) and, when that digit is ASCII, `[0-5]` and a digit, after a byte
/// that is not an ASCII word character (`\b`).
fn may_military(b: &[u8]) -> bool {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    memchr::memchr3_iter(b'0', b'1', b'2', b).any(|i| {
        (i == 0 || !word(b[i - 1]))
            && b.get(i + 1..i + 4).is_some_and(|w| {
                w[0] >= 0x80
                    || w[0].is_ascii_digit()
                        && matches!(w[1], b'0'..=b'5')
                        && (w[2] >= 0x80 || w[2].is_ascii_digit())
            })
    })
}

/// Whether `text` holds one of `words` at a word start, or `ſ` or the Kelvin sign.
fn holds(words: &WordSet, text: &str) -> bool {
    let mut found = folds_to_ascii(text);
    words.find(text, |_, _| found = true);
    found
}

/// Whether [`SHARE`] may match in `text`: a `%`, a `per` after a digit or white space (every
/// non-ASCII character taken for either), or a word of [`SHARE_WORDS`].
fn may_share(text: &str, words: &ImpactWords) -> bool {
    let b = text.as_bytes();
    memchr::memchr(b'%', b).is_some()
        || memchr::memchr2_iter(b'p', b'P', b).any(|i| {
            b.get(i..i + 3)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"per"))
                && (i == 0 || {
                    let c = b[i - 1];
                    c.is_ascii_digit() || c.is_ascii_whitespace() || c == 0x0B || c >= 0x80
                })
        })
        || words.folds
        || words.of_kind(Impact::Share).next().is_some()
}

/// The first match of [`SHARE`] in `text` that is not a resource figure ([`is_resource`]).
fn share_in(text: &str, words: &ImpactWords) -> Option<Range<usize>> {
    if !may_share_words(text, words) {
        if let Some(pcts) = percentages(text) {
            return pcts.into_iter().find(|m| !is_resource(text, m));
        }
    }
    SHARE.captures_iter(text).find_map(|c| {
        let m = c.get(0)?;
        (c.name("pct").is_none() || !is_resource(text, &m)).then_some(m)
    })
}

/// Whether the words branch of [`SHARE`] may match in `text`: each of its matches starts with
/// one of [`SHARE_WORDS`] at a word start, right after which comes white space (`\s`) or `-`
/// (`two-thirds`); a non-ASCII character is taken for white space, and `ſ` or the Kelvin sign
/// anywhere lets the text through.
fn may_share_words(text: &str, words: &ImpactWords) -> bool {
    let b = text.as_bytes();
    words.folds
        || words.of_kind(Impact::Share).any(|w| {
            b.get(w.range.end)
                .is_some_and(|&c| c.is_ascii_whitespace() || c == 0x0B || c == b'-' || c >= 0x80)
        })
}

/// The successive matches of the percentage branch of [`SHARE`],
/// `\b\d+(?:[.,]\d+)?\s?(?:%|percent\b|per\s?cent\b)` (case-insensitive), in `text`: all
/// the matches of [`SHARE`] when its words branch cannot match ([`may_share_words`]). None when
/// `text` holds a non-ASCII number character (`\d` may match one).
///
/// Each match starts at an ASCII digit not preceded by a word character, takes the whole run of
/// digits, then `.` or `,` and the run of digits after it if there is one, then one white-space
/// character if there is one, then `%`, `percent` or `per cent` (one white-space character or
/// none inside) before a non-word character. Backtracking never helps: a shorter run of digits
/// is followed by a digit, leaving out the fraction leaves `.` or `,` next, and leaving out the
/// white space leaves white space next, none of which can start the suffix. A failed start
/// leaves the next one at the following digit after a non-word character (the digits of a
/// fraction may start a match of their own: `1.2.3%` holds `2.3%`).
fn percentages(text: &str) -> Option<Vec<Range<usize>>> {
    if has_non_ascii(text.as_bytes()) && text.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        return None;
    }
    let b = text.as_bytes();
    let is_word = regex_syntax::is_word_character;
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    // The end of `word` (ASCII, lower case) at `i`, without regard to case.
    let word_at = |i: usize, word: &str| {
        b.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word.as_bytes()))
            .then_some(i + word.len())
    };
    let space_at = |i: usize| {
        text[i..]
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map_or(i, |c| i + c.len_utf8())
    };
    let boundary_at = |i: usize| !text[i..].chars().next().is_some_and(is_word);
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        i = next_digit(b, i);
        if i >= b.len() {
            break;
        }
        let start = i;
        let run_end = digits_from(i);
        i = run_end;
        if text[..start].chars().next_back().is_some_and(is_word) {
            continue;
        }
        let mut e = run_end;
        if matches!(b.get(e), Some(b'.' | b',')) && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
            e = digits_from(e + 1);
        }
        let k = space_at(e);
        let end = if b.get(k) == Some(&b'%') {
            Some(k + 1)
        } else {
            word_at(k, "percent")
                .filter(|&x| boundary_at(x))
                .or_else(|| {
                    word_at(k, "per")
                        .and_then(|x| word_at(space_at(x), "cent"))
                        .filter(|&x| boundary_at(x))
                })
        };
        if let Some(end) = end {
            out.push(start..end);
            i = end;
        }
    }
    Some(out)
}

/// The words a count in words ([`COUNT`]'s group `n`) starts with or holds at a word start, in
/// its first three chunks: `a hundred`, `a few thousand` and `several thousand` hold `hundred`
/// or `thousand`.
const NUMBER_WORDS: &str = "one two three four five six seven eight nine ten eleven twelve \
    fifteen twenty thirty forty fifty hundred thousand million billion dozen";
/// The words [`COUNT`]'s group `noun` starts with.
const NOUN_WORDS: &str = "user customer client visitor request quer error failure transaction \
    order account session subscriber student member people player message email notification \
    payment purchase call job ticket complaint pageview page hits download upload sign login \
    booking checkout api response event record rows build deployment merchant tenant device prs \
    pull tests merges commits pipelines attempts";

/// The word lists of the impact prefilters, each with its kind in [`ImpactWord`].
const IMPACT_LISTS: [(Impact, &str); 5] = [
    (Impact::Share, SHARE_WORDS),
    (Impact::Labelled, LABELLED_WORDS),
    (Impact::Number, NUMBER_WORDS),
    (Impact::Noun, NOUN_WORDS),
    (Impact::Money, MONEY_WORDS),
];

/// The currency codes and words of [`COUNT`], and `revenue`.
const MONEY_WORDS: &str = "usd eur gbp dollars euros pounds naira kes shillings rand revenue";

/// Which list of [`IMPACT_LISTS`] a word is from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Impact {
    Share,
    Labelled,
    Number,
    Noun,
    Money,
}

/// [`IMPACT_LISTS`] in one set, with the list of each word and its index there.
static IMPACT_WORD_SET: LazyLock<(WordSet, Vec<(Impact, usize)>)> = LazyLock::new(|| {
    let (mut words, mut kinds) = (Vec::new(), Vec::new());
    for (kind, list) in IMPACT_LISTS {
        for (i, w) in list.split_whitespace().enumerate() {
            words.push(w);
            kinds.push((kind, i));
        }
    }
    (WordSet::new(&words), kinds)
});

/// A word of [`IMPACT_LISTS`] found at a word start: its list, its index there and its range.
struct ImpactWord {
    kind: Impact,
    index: usize,
    range: Range<usize>,
}

/// The words of [`IMPACT_LISTS`] at the word starts of a text, found in one pass for the
/// impact prefilters, and whether the text holds `ſ` or the Kelvin sign ([`folds_to_ascii`]).
struct ImpactWords {
    folds: bool,
    found: Vec<ImpactWord>,
}

impl ImpactWords {
    fn of(text: &str) -> Self {
        let (set, kinds) = &*IMPACT_WORD_SET;
        let mut found = Vec::new();
        set.find(text, |i, range| {
            let (kind, index) = kinds[i];
            found.push(ImpactWord { kind, index, range });
        });
        ImpactWords {
            folds: folds_to_ascii(text),
            found,
        }
    }

    /// The words of list `kind`, in order of position (words at one position in list order).
    fn of_kind(&self, kind: Impact) -> impl Iterator<Item = &ImpactWord> {
        self.found.iter().filter(move |w| w.kind == kind)
    }
}

/// Whether `text` may hold money as [`COUNT`] reads it: a currency sign, or a currency code or
/// word or `revenue` anywhere (without regard to ASCII case). The clear version of
/// [`may_money_in`], for its tests.
#[cfg(test)]
fn may_money(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr::memchr(b'$', b).is_some() || text.contains(['€', '£', '¥', '₦']) {
        return true;
    }
    let at = |i: usize, w: &str| {
        b.get(i..i + w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
    };
    (0..b.len()).any(|i| match b[i] | 0x20 {
        b'u' => at(i, "usd"),
        b'e' => at(i, "eur"),
        b'g' => at(i, "gbp"),
        b'd' => at(i, "dollars"),
        b'p' => at(i, "pounds"),
        b'n' => at(i, "naira"),
        b'k' => at(i, "kes"),
        b's' => at(i, "shillings"),
        b'r' => at(i, "rand") || at(i, "revenue"),
        _ => false,
    })
}

/// Whether [`COUNT`]'s money branches may match in `text` (`words`: its [`ImpactWords`]), where
/// it holds no non-ASCII number character (which `\d` may match; the caller lets such text
/// through): a currency sign; a currency code or word or `revenue` ([`MONEY_WORDS`]) at a word
/// start (after `\b`, white space, `,` or `.`); or one right after a number as
/// `\d[\d,.]*\s?(?:k|m|million|thousand|billion)?\s?` reads it, looked for from each run of
/// ASCII digits, `,` and `.` that starts with a digit (the only place such a word may be in the
/// middle of a word: after a digit or a multiplier).
fn may_money_in(text: &str, words: &ImpactWords) -> bool {
    let b = text.as_bytes();
    if memchr::memchr(b'$', b).is_some()
        || (has_non_ascii(b) && text.contains(['€', '£', '¥', '₦']))
        || words.of_kind(Impact::Money).next().is_some()
    {
        return true;
    }
    let number = |c: u8| c.is_ascii_digit() || c == b',' || c == b'.';
    let mut i = 0;
    loop {
        i = next_digit(b, i);
        if i >= b.len() {
            break;
        }
        let mut j = i + 1;
        while b.get(j).copied().is_some_and(number) {
            j += 1;
        }
        if money_after_number(text, j) {
            return true;
        }
        i = j;
    }
    false
}

/// The index of the first ASCII digit of `b` at or after `from` (`b.len()` when there is none):
/// eight bytes at a time, as the impact text is mostly prose without digits (a byte is a digit
/// when its low seven bits are in `0`..`9` and its top bit is clear; no byte's sum or difference
/// borrows from the next).
fn next_digit(b: &[u8], from: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(w) = b.get(i..i + 8) {
        let x = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        let y = x & !HI;
        let digits =
            ((y | HI) - u64::from(b'0') * LO) & ((u64::from(b'9') + 0x80) * LO - y) & !x & HI;
        if digits != 0 {
            return i + (digits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Whether `text[at..]` is `\s?(?:k|m|million|thousand|billion)?\s?` then a currency code or
/// word of [`MONEY_WORDS`] (`revenue` among them: a superset), without regard to ASCII case.
fn money_after_number(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    // The length of the white-space character at `p`, or 0.
    let space = |p: usize| match b.get(p) {
        Some(&c) if c < 0x80 => usize::from(c == b' ' || c.wrapping_sub(b'\t') < 5),
        Some(_) => text
            .get(p..)
            .and_then(|t| t.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        None => 0,
    };
    let starts = |p: usize, w: &str| {
        b.get(p..p + w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
    };
    // A word of [`MONEY_WORDS`] at `q` (`eur` for `euros` too), by its first letter.
    let money_at = |q: usize| match b.get(q).map(|c| c | 0x20) {
        Some(b'u') => starts(q, "usd"),
        Some(b'e') => starts(q, "eur"),
        Some(b'g') => starts(q, "gbp"),
        Some(b'd') => starts(q, "dollars"),
        Some(b'p') => starts(q, "pounds"),
        Some(b'n') => starts(q, "naira"),
        Some(b'k') => starts(q, "kes"),
        Some(b's') => starts(q, "shillings"),
        Some(b'r') => starts(q, "rand") || starts(q, "revenue"),
        _ => false,
    };
    // A currency word at `p`, or after one white-space character there.
    let money = |p: usize| money_at(p) || money_at(p + space(p));
    [at, at + space(at)].into_iter().any(|p| {
        // Without a multiplier, or after each that starts at `p`.
        money(p)
            || match b.get(p).map(|c| c | 0x20) {
                Some(b'k') => money(p + 1),
                Some(b'm') => money(p + 1) || (starts(p, "million") && money(p + 7)),
                Some(b't') => starts(p, "thousand") && money(p + 8),
                Some(b'b') => starts(p, "billion") && money(p + 7),
                _ => false,
            }
    })
}

/// Whether a match of [`COUNT`] may start before byte `before` of `text`.
///
/// Money needs [`may_money_in`]. A count of things is a number (a digit, `\d`, in the chunk it
/// starts in, or one of [`NUMBER_WORDS`] in that chunk or the next two), white space, at most
/// three words of `[\w-]` each followed by white space, and the noun ([`NOUN_WORDS`]): the
/// number ends in the white-space-separated chunk it starts in or within the next two
/// (`5 thousand`, `hundreds of`, `a few thousand`), so the noun starts one of the six chunks
/// after the first, and every chunk between is all `[\w-]`. Text with a non-ASCII number
/// character (which `\d` may match), `ſ` or the Kelvin sign (which `(?i)` matches to `s` and
/// `k`) is let through.
fn may_count_before(text: &str, before: usize, words: &ImpactWords) -> bool {
    if may_money_in(text, words)
        || words.folds
        || (has_non_ascii(text.as_bytes()) && text.chars().any(|c| !c.is_ascii() && c.is_numeric()))
    {
        return true;
    }
    // Number words at word starts: a chunk starts after white space, which is no ASCII word
    // character, so these are the words found in each chunk alone.
    let numbers = || words.of_kind(Impact::Number).map(|w| w.range.start);
    let base = text.as_ptr() as usize;
    let offset = |w: &str| w.as_ptr() as usize - base;
    let wordy = |w: &str| {
        w.chars()
            .all(|c| c == '-' || regex_syntax::is_word_character(c))
    };
    // From each noun starting a chunk (where [`WordSet::find`] finds it: nouns start with an
    // ASCII letter), back over the six chunks before it while the chunks passed are all
    // `[\w-]`, to a number: a digit before `before` in the chunk, or a number word in it or
    // after it up to the end of the chunk after the noun's (a number word in the chunk or the
    // next two, or more: the test only needs to let every match through).
    for r in words.of_kind(Impact::Noun).map(|w| w.range.clone()) {
        if text[..r.start]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_whitespace())
        {
            continue;
        }
        let noun_end = text[r.start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |e| r.start + e);
        let next_end = text[noun_end..]
            .split_whitespace()
            .next()
            .map_or(noun_end, |w| offset(w) + w.len());
        for w in text[..r.start].split_whitespace().rev().take(6) {
            let at = offset(w);
            if at < before
                && (w.bytes().take(before - at).any(|c| c.is_ascii_digit())
                    || numbers().any(|p| at <= p && p < next_end))
            {
                return true;
            }
            if !wordy(w) {
                break;
            }
        }
    }
    false
}

/// Whether the count match `caps` of `text` is a quantity of affected things or money.
fn is_count(text: &str, caps: &Captures) -> bool {
    let (Some(n), Some(noun)) = (caps.name("n"), caps.name("noun")) else {
        return true; // money
    };
    let before = &text[..n.start];
    // "14:00 UTC users", "v1.2", "2024-05-10": parts of times, versions and dates.
    if before.ends_with([':', '.', '/', '-', '#']) || NOT_COUNT_BEFORE.is_match(before) {
        return false;
    }
    // Years and days of dates: "August 8, 2017, Twitter users".
    if YEAR.is_match(text[n.clone()].trim()) || MONTH_BEFORE.is_match(before) {
        return false;
    }
    let between = &text[n.end..noun.start];
    if UNIT_FIRST.is_match(between) {
        return false;
    }
    let digits = text[n].trim();
    !(HTTP_STATUS.is_match(digits)
        && (STATUS_NOUN.is_match(&text[noun]) || STATUS_WORDS.is_match(between)))
}

/// The resource words of [`RESOURCE_BEFORE`] and [`RESOURCE_AFTER`], each at a word start in
/// every match (after `\b`, `\s` or `^`).
static RESOURCE_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "cpu memory ram disk storage load usage utili swap capacity bandwidth inode \
        uptime availability packet complete done full";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});

/// Whether the percentage `m` of `text` is a resource figure rather than a share of users.
///
/// [`RESOURCE_AFTER`] and [`RESOURCE_BEFORE`] are tried first, each only where its resource
/// word may be: a [`RESOURCE_AFTER`] match starts with `^\s*` and at most three
/// white-space-separated words before its resource word, so that word starts within the first
/// four; a [`RESOURCE_BEFORE`] match holds no `.` or `;` after its word. Without one of them the
/// answer is false whatever [`SHARE_OF_PEOPLE`] says, and it is not run.
fn is_resource(text: &str, m: &Range<usize>) -> bool {
    let after = &text[m.end..];
    let before = &text[..m.start];
    // The first four white-space-separated words of `after` (`\s` and `char::is_whitespace`
    // are both Unicode's White_Space).
    let head = after.split_whitespace().take(4).last().map_or("", |w| {
        &after[..w.as_ptr() as usize - after.as_ptr() as usize + w.len()]
    });
    let tail = before
        .rfind(['.', ';'])
        .map_or(before, |i| &before[i + 1..]);
    let resource = (holds(&RESOURCE_WORDS, head) && RESOURCE_AFTER.is_match(after))
        || (holds(&RESOURCE_WORDS, tail) && RESOURCE_BEFORE.is_match(before));
    resource && !SHARE_OF_PEOPLE.is_match(after)
}

/// Whether [`LABELLED_COUNT`] may match in `text`: one of [`LABELLED_WORDS`] at a word start
/// followed by `\s*[:|=-]?\s*\d` (a non-ASCII character is taken for white space or a digit;
/// `not` is let through: `delivered` follows it), or `ſ` or the Kelvin sign anywhere.
fn may_labelled(text: &str, words: &ImpactWords) -> bool {
    let b = text.as_bytes();
    let space = |c: u8| c.is_ascii_whitespace() || c == 0x0B;
    let mut found = words.folds;
    for w in words.of_kind(Impact::Labelled) {
        let (i, r) = (w.index, w.range.clone());
        if found {
            break;
        }
        if i == 7 {
            found = true; // not
            break;
        }
        let mut at = r.end;
        while b.get(at).copied().is_some_and(space) {
            at += 1;
        }
        if matches!(b.get(at), Some(b':' | b'|' | b'=' | b'-')) {
            at += 1;
            while b.get(at).copied().is_some_and(space) {
                at += 1;
            }
        }
        found = b.get(at).is_some_and(|&c| c >= 0x80 || c.is_ascii_digit());
    }
    found
}

/// The first quantified impact in `text` (see [`Summary::impact`]), as a byte range.
pub fn impact_in(text: &str) -> Option<std::ops::Range<usize>> {
    // The words of the prefilters below, in one pass.
    let words = ImpactWords::of(text);
    let share = may_share(text, &words)
        .then(|| share_in(text, &words))
        .flatten();
    // "Users affected: 1,240", "| Accounts affected | 310 |" (PagerDuty's impact table).
    let labelled = may_labelled(text, &words)
        .then(|| LABELLED_COUNT.find(text))
        .flatten();
    let share = match (share, labelled) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    };
    // A count matters only if it starts before the share.
    let before = share.as_ref().map_or(text.len(), |s| s.start);
    let count = may_count_before(text, before, &words)
        .then(|| {
            COUNT
                .captures_iter(text)
                .find(|c| is_count(text, c))
                .and_then(|c| c.get(0))
        })
        .flatten();
    match (share, count) {
        (Some(a), Some(b)) => Some(if a.start <= b.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// A start and end in `text` that [`super::stated`] does not read (see [`Summary::window`]).
/// `earlier_time`: a time was written in the summary before this line; `start_seen` records a
/// `Start:` label line for the `End:` line after it.
/// `times`: [`scan_times`] of `text`; `dates`: [`super::time::scan_dates_with_kind`] of `text`; `words`: [`line_words`]
/// of `text`.
fn window_in(
    text: &str,
    times: &[TimeMention],
    dates: &[(DateMention, DateKind)],
    words: u8,
    earlier_time: bool,
    start_seen: &mut bool,
) -> Option<std::ops::Range<usize>> {
    if let Some(m) = may_military(text.as_bytes())
        .then(|| MILITARY_RANGE.find(text))
        .flatten()
    {
        return Some(m);
    }
    // Both labels end with `:`, and hold `end` or `start` at a word start (`ſ` may stand in
    // `start`).
    let colon = memchr::memchr(b':', text.as_bytes()).is_some();
    let end_label = colon && words & END != 0;
    let start_label = colon && words & START != 0;
    for pair in dates.windows(2) {
        if DATE_JOIN.is_match(&text[pair[0].0.range.end..pair[1].0.range.start]) {
            return Some(pair[1].0.range.clone());
        }
    }
    if let Some(e) = end_label.then(|| END_LINE.find(text)).flatten() {
        let after = &text[e.end..];
        let start_here = start_label && START_LINE.is_match(text) && e.start > 0;
        if (*start_seen || start_here)
            && (!scan_dates(after).is_empty() || !scan_times(after).is_empty())
        {
            return Some(e.start..text.len());
        }
    }
    if start_label && START_LINE.is_match(text) {
        *start_seen = true;
    }
    // `ſ` and the Kelvin sign may stand in `resolved`, `restored` and `back`.
    if !(earlier_time || times.len() > 1) || words & END_BEFORE_TIME == 0 {
        return None;
    }
    times
        .iter()
        .enumerate()
        .find(|(i, m)| (earlier_time || *i > 0) && END_BEFORE.is_match(&text[..m.range.start]))
        .map(|(_, m)| m.time_range.clone())
}

/// Extracts what the summary says.
///
/// `summary_lines` is [`summary_lines`](super::stated::summary_lines) of `pm`.
#[inline(never)] // One call per document; kept out of line so that profiles show its cost.
pub(crate) fn build(pm: &Postmortem, summary_lines: &[Vec<SummaryLine>]) -> Summary {
    let mut s = Summary {
        section: pm
            .sections
            .iter()
            .position(|x| x.is("summary"))
            .or_else(|| {
                pm.sections
                    .iter()
                    .position(|x| x.is("impact") || x.is("duration"))
            }),
        ..Summary::default()
    };
    let mut start_seen = false;
    // The [`line_words`] of each line of a range.
    let mut line_bits = Vec::new();
    for lines in summary_lines {
        line_bits.clear();
        for sl in lines {
            let (block, line, times) = (sl.block, sl.line, &sl.times);
            let text = &line.text();
            let at = |r: std::ops::Range<usize>| line.start + r.start..line.start + r.end;
            let earlier_time = !s.times.is_empty();
            let starts = pm.prose.word_starts_of(&pm.markdown, line);
            let words = line_words_at(text, starts, pm.prose.folds);
            line_bits.push(words);
            for m in times {
                s.times.push(SummaryTime {
                    span: at(m.time_range.clone()),
                    zone: m.zone.clone(),
                });
            }
            if s.zone.is_none() {
                s.zone = sl.first_zone().map(|(r, z)| (at(r.clone()), z.clone()));
            }
            if s.window.is_none() {
                s.window = window_in(
                    text,
                    times,
                    sl.dates(),
                    words,
                    earlier_time,
                    &mut start_seen,
                )
                .map(at);
            }
            if s.root_cause.is_none() && !matches!(block.kind, BlockKind::Heading { .. }) {
                s.root_cause = (words & ROOT_CAUSE != 0)
                    .then(|| ROOT_CAUSE_LABEL.find(text))
                    .flatten()
                    .map(at);
            }
        }
        // Impact and cause sentences may wrap: read each block's lines joined.
        let mut first = 0;
        for group in lines.chunk_by(|a, b| std::ptr::eq(a.block, b.block)) {
            let bits = &line_bits[first..first + group.len()];
            first += group.len();
            let want_cause = s.root_cause.is_none() && bits.iter().any(|b| b & CAUSE != 0);
            if s.impact.is_some() && !want_cause {
                continue;
            }
            // Sized once: the lines and their `\n`s (growing it line by line cost a
            // reallocation or two per block).
            let len = group.iter().map(|sl| sl.line.text().len() + 1).sum();
            let mut joined = String::with_capacity(len);
            let mut starts = Vec::with_capacity(group.len());
            for l in group.iter().map(|sl| sl.line) {
                starts.push((joined.len(), l));
                joined.push_str(l.text());
                joined.push('\n');
            }
            let at = |r: std::ops::Range<usize>| {
                let (off, l) = starts.iter().rev().find(|(o, _)| *o <= r.start)?;
                let end = (r.end - off).min(l.text().len());
                Some(l.start + r.start - off..l.start + end)
            };
            if s.impact.is_none() {
                s.impact = impact_in(&joined).and_then(at);
            }
            if want_cause {
                s.root_cause = cause_in(&joined).and_then(at);
            }
        }
    }
    s.times.sort_by_key(|t| t.span.start);
    s.times.dedup_by_key(|t| t.span.start);
    if s.zone.is_none() {
        s.zone = pm
            .markdown
            .blocks
            .iter()
            .flat_map(|b| &b.lines)
            .filter(|l| {
                let mut word = false;
                ZONE_WORDS.find(l.text(), |_, _| word = true);
                word && ZONE_DECLARATION.is_match(l.text())
            })
            .find_map(|l| {
                scan_zones(l.text())
                    .into_iter()
                    .next()
                    .map(|(r, z)| (l.start + r.start..l.start + r.end, z))
            });
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_digit_is_the_first_digit_from_there() {
        let text = "ab0\u{e9}9 x/:;\u{660}12345678zz9~\x7f\u{ff10}0";
        let b = text.as_bytes();
        for len in 0..=b.len() {
            for from in 0..=len {
                let want = (from..len).find(|&i| b[i].is_ascii_digit()).unwrap_or(len);
                assert_eq!(next_digit(&b[..len], from), want, "{len} {from}");
            }
        }
    }

    use super::super::time::scan_dates_with_kind;
    use super::*;

    #[test]
    fn windows_the_stated_reader_leaves_out() {
        let w = |lines: &[&str]| {
            let mut seen = false;
            let mut earlier = false;
            lines.iter().any(|l| {
                let found = window_in(
                    l,
                    &scan_times(l),
                    &scan_dates_with_kind(l),
                    line_words(l),
                    earlier,
                    &mut seen,
                )
                .is_some();
                earlier |= !scan_times(l).is_empty();
                found
            })
        };
        assert!(w(&["Duration: September 28th to September 29th, 2023."]));
        assert!(w(&[
            "The site failed during 0900–1300 PST on Sept. 11, 2018."
        ]));
        assert!(w(&["start : 02/02/2022, 3:AM", "end : 08/02/2022, 5:PM"]));
        assert!(w(&[
            "At 3:00 PM the update was due; it was delayed until 5:01 PM."
        ]));
        assert!(w(&[
            "Start-time:",
            "06/May/2022 2:17 PM (GMT) End-time: 06/May/2022 3:07 PM (GMT)"
        ]));
        assert!(!w(&[
            "At 3:00 PM the alert fired and engineers began to investigate."
        ]));
        assert!(!w(&["On March 8, 2024 the site went down."]));
    }

    #[test]
    fn quantified_impact_in_its_usual_forms() {
        for text in [
            "About 30% of users could not log in.",
            "All 5,000 active users were affected.",
            "Estimated 1.21B queries lost.",
            "100 percent of the web server was offline.",
            "All users were affected.",
            "Thousands of customers saw errors.",
            "We lost $12,000 in sales.",
            "Half of the requests failed.",
            "1,200 checkout requests failed.",
            "One user (myself) was affected.",
            "No customers were impacted.",
            "At peak, 60 PRs were stuck in the merge queue.",
            "| Users affected | 1,240 |",
            "Accounts impacted: 310",
        ] {
            assert!(impact_in(text).is_some(), "{text}");
        }
        for text in [
            "Users received 500 errors.",
            "CPU usage reached 100% on the server.",
            "Some users could not log in.",
            "The site returned HTTP 503 responses.",
            "Nginx listened on port 8080 for requests.",
            "On August 8, 2017, Twitter user Elaine launched a campaign.",
        ] {
            assert!(impact_in(text).is_none(), "{text}");
        }
    }

    #[test]
    fn ascii_forms_agree_with_the_regex_crate() {
        let samples = [
            "About 30% of users (12,000) could not log in; 1.2M requests failed.",
            "All 5,000 active users were affected. We lost $12,000 and €400 in sales.",
            "Users affected: 1,240 | HTTP 503 responses | CPU usage reached 100% on the server",
            "Start: 02/02/2022, 3:AM until 5:01 PM; 0900–1300 PST; Sept. 11, 2018 to 12",
            "Root cause — the outage was caused by a bad deploy. All times are in UTC (tz: WAT)",
            "On August 8, 2017, Twitter users; half of the “customers” saw errors",
        ];
        for re in [
            &DATE_JOIN,
            &MILITARY_RANGE,
            &START_LINE,
            &END_LINE,
            &END_BEFORE,
            &ZONE_DECLARATION,
            &SHARE,
            &COUNT,
            &LABELLED_COUNT,
            &NOT_COUNT_BEFORE,
            &UNIT_FIRST,
            &STATUS_WORDS,
            &STATUS_NOUN,
            &RESOURCE_BEFORE,
            &RESOURCE_AFTER,
            &SHARE_OF_PEOPLE,
            &YEAR,
            &MONTH_BEFORE,
            &HTTP_STATUS,
            &ROOT_CAUSE_LABEL,
            &CAUSE_SENTENCE,
        ] {
            crate::facts::ascii_regex::check::agrees_with_regex_crate(re, &samples);
        }
    }

    #[test]
    fn zone_words_start_every_zone_declaration() {
        let regex = regex::Regex::new(ZONE_DECLARATION.as_str()).unwrap();
        for text in [
            "All times are UTC",
            "TIMEZONE: WAT",
            "tz=UTC",
            "Times\u{a0}shown in PST",
        ] {
            let mut word = false;
            ZONE_WORDS.find(text, |_, _| word = true);
            assert!(word && regex.is_match(text), "{text}");
        }
    }

    #[test]
    fn count_prefilter_keeps_every_match() {
        let count = regex::Regex::new(COUNT.as_str()).unwrap();
        let check = |t: &str| {
            for m in count.find_iter(t) {
                assert!(
                    may_count_before(t, m.start() + 1, &ImpactWords::of(t)),
                    "{t:?} at {}",
                    m.start()
                );
            }
            if let Some(m) = count.find(t) {
                assert!(
                    may_count_before(t, m.start() + 1, &ImpactWords::of(t)),
                    "{t:?} at {}",
                    m.start()
                );
            }
        };
        for t in [
            "All 5,000 active users; 1.21B queries; Thousands of customers; $12,000; €400 in sales",
            "1,200 checkout requests; One user; 60 PRs were stuck; a few thousand people; 100usd",
            "several thousand page views; 5 k api calls; hundreds of pull requests; 3 hours, users",
            "From 09:24 to 12:58 WAT. About 71% of users; 5 very very big users; 5 a b c d users",
            "12 x-y z_w users; revenue loss of; GBP 12; 12\u{a0}users; ٣ users; 5m ſessions",
            "(500) errors: twenty-five users; tens of tickets; a dozen builds",
            "5 kusd; 12.5m dollars; usd\u{a0}5; 1,000 thousand euros; 3 million\u{a0}naira",
            "EUR5 lost; revenue impact was; 7K KES; 9.99 Rand; x12,5.Million  pounds; 4gbp",
        ] {
            check(t);
            check(&t.to_uppercase());
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
            check(&text);
        }
    }

    #[test]
    fn money_prefilter_keeps_every_money_match() {
        let count = regex::Regex::new(COUNT.as_str()).unwrap();
        let check = |t: &str| {
            let money = count
                .captures_iter(t)
                .any(|c| c.name("n").is_none() && c.name("noun").is_none());
            assert!(!money || may_money(t), "{t:?}");
            assert!(!money || may_money_in(t, &ImpactWords::of(t)), "{t:?}");
        };
        for t in [
            "5 kusd",
            "12.5m dollars",
            "usd\u{a0}5",
            "1,000 thousand euros",
            "3 million\u{a0}naira",
            "EUR5 lost",
            "revenue impact was",
            "7K KES",
            "9.99 Rand",
            "x12,5.Million pounds",
            "4gbp",
            "GBP 12",
            "100usd",
            "$5",
            "€400",
            "5 m\u{2003}shillings",
            "2billion euros",
            "a 5 k eur",
            "12. usd",
            "1.2.3 thousand dollars",
        ] {
            assert!(may_money(t), "{t:?}");
            assert!(may_money_in(t, &ImpactWords::of(t)), "{t:?}");
            check(t);
            check(&t.to_uppercase());
        }
        for t in ["5 users", "the rand() call", "eur 5x", "5 percent"] {
            check(t);
        }
        let pieces = [
            "5",
            "12",
            ",",
            ".",
            " ",
            "\u{a0}",
            "\u{2003}",
            "k",
            "M",
            "million",
            "Thousand",
            "billion",
            "usd",
            "EUR",
            "gbp",
            "dollars",
            "euros",
            "Pounds",
            "naira",
            "kes",
            "shillings",
            "rand",
            "revenue",
            " loss ",
            "impact",
            " of",
            "was",
            "x",
            "_",
            "é",
            "-",
        ];
        for t in crate::test_texts::random(&pieces, 40_000, 8, 21) {
            check(&t);
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
        }
    }

    #[test]
    fn share_scanner_agrees_with_the_regex() {
        let share = regex::Regex::new(SHARE.as_str()).unwrap();
        let check = |t: &str| {
            let want = share.captures_iter(t).find_map(|c| {
                let m = c.get(0)?.range();
                (c.name("pct").is_none() || !is_resource(t, &m)).then_some(m)
            });
            assert_eq!(share_in(t, &ImpactWords::of(t)), want, "{t:?}");
        };
        for t in [
            "About 71% of users; CPU at 100%; 12 percent; 3 per cent; 4 PerCent; 5 per\u{a0}cent",
            "1.2.3% x; 1,5 %; 2.% ; 7percentile; 8 per centx; x9%; é9%; _9%; 9\u{3000}%",
            "Half of the requests; two-thirds of users; no customers; none of the users",
            "٣0% of users; 30%% ; 12.5.6 percent; 99.9% uptime; 50% of our users",
            "a network of 40 percent noticed; nothing 12% of none",
        ] {
            check(t);
            check(&t.to_uppercase());
        }
        // Every sequence of up to four pieces of a percentage and its neighbours.
        let pieces = [
            "1", "12", ".", ",", " ", "%", "per", "cent", "percent", "x", "é", "\u{a0}", "_", "no ",
        ];
        let mut t = String::new();
        for n in 0..pieces.len().pow(4) {
            t.clear();
            let mut k = n;
            for _ in 0..4 {
                t.push_str(pieces[k % pieces.len()]);
                k /= pieces.len();
            }
            check(&t);
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
            check(&text);
        }
    }

    #[test]
    fn cause_search_finds_what_the_regex_finds() {
        let cause = regex::Regex::new(CAUSE_SENTENCE.as_str()).unwrap();
        let check = |t: &str| {
            assert_eq!(cause_in(t), cause.find(t).map(|m| m.range()), "{t:?}");
        };
        for t in [
            "It stemmed from a bug, was traced back to a deploy, and led to errors",
            "The probable  cause was x; the\u{a0}reason: y; THE RESULT OF z; result of; the result",
            "a reason, the\ncause; xthe cause; 5the reason; é the cause; éthe cause; the_cause",
            "main reason\u{2003}apparent cause; underlying\t\treason; caution; ledger; led",
            "originated in; originated from; because of; owing to; attributed to; due to",
            "due to the \u{17f}ame rea\u{17f}on; the \u{212a}cause",
            "no words here at all",
        ] {
            check(t);
            check(&t.to_uppercase());
            crate::facts::ascii_regex::check::agrees_with_regex_crate(&CAUSE_SENTENCE, &[t]);
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
            check(&text);
        }
    }

    #[test]
    fn prefilters_keep_every_match() {
        let regex = |r: &AsciiRegex| regex::Regex::new(r.as_str()).unwrap();
        let [of_people, resource_after, resource_before] =
            [&SHARE_OF_PEOPLE, &RESOURCE_AFTER, &RESOURCE_BEFORE].map(regex);
        let [share, labelled, root, cause, military, end, start, end_before] = [
            &SHARE,
            &LABELLED_COUNT,
            &ROOT_CAUSE_LABEL,
            &CAUSE_SENTENCE,
            &MILITARY_RANGE,
            &END_LINE,
            &START_LINE,
            &END_BEFORE,
        ]
        .map(regex);
        let check = |t: &str| {
            let words = ImpactWords::of(t);
            assert!(!share.is_match(t) || may_share(t, &words), "{t:?}");
            assert!(!labelled.is_match(t) || may_labelled(t, &words), "{t:?}");
            for (p, _) in t.match_indices(['%', 'p', ' ']) {
                let m = p..p + 1;
                let (after, before) = (&t[m.end..], &t[..m.start]);
                let want = !of_people.is_match(after)
                    && (resource_after.is_match(after) || resource_before.is_match(before));
                assert_eq!(is_resource(t, &m), want, "{t:?} at {p}");
            }
            assert!(
                !root.is_match(t) || line_words(t) & ROOT_CAUSE != 0,
                "{t:?}"
            );
            assert!(!cause.is_match(t) || holds(&CAUSE_WORDS, t), "{t:?}");
            assert!(!cause.is_match(t) || line_words(t) & CAUSE != 0, "{t:?}");
            assert!(!military.is_match(t) || may_military(t.as_bytes()), "{t:?}");
            assert!(
                !end.is_match(t) || t.contains(':') && line_words(t) & END != 0,
                "{t:?}"
            );
            assert!(
                !start.is_match(t) || t.contains(':') && line_words(t) & START != 0,
                "{t:?}"
            );
            assert!(
                !end_before.is_match(t) || line_words(t) & END_BEFORE_TIME != 0,
                "{t:?}"
            );
        };
        for t in [
            "30percent of users; 12 per cent; ٣٠per cent; Half of the requests",
            "Users affected: 1,240 | Orders not delivered 12",
            "users lost 12; errors raised - 3; requests dropped|4; events delayed\u{a0}5",
            "CPU at 100%; 100% of the disk; 99.9% uptime; 50% of our busy users; load: 40 %",
            "memory. 30% full; 30 % of the the the cpu; swap; 20% of \u{17f}torage",
            "**Root cause:** x; The underlying problem - y; RCA: z; What was the root cause",
            "It stemmed from a bug, was traced back to a deploy, and led to errors",
            "0900–1300 PST; Incident start time: 10:00; Outage ended: 11:00",
            "x 2359 hrs - 0001; 1٣00 to 1400; ended at 10:00 until 2024 restored 11:00",
            "Start-time: x; end : y; \u{17f}tart: z; back online at; 0900until1000",
            "due to the \u{17f}ame rea\u{17f}on",
        ] {
            check(t);
            check(&t.to_uppercase());
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
        }
    }
}
