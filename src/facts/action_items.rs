//! Action items: the items of the action-items section (Action Items, Corrective and
//! Preventative Measures, Follow-ups …), whatever form they take, with the owner and ticket
//! each one names.
//!
//! Items are list items (task-list items included), table rows below a header row, and `<li>`
//! lines of HTML blocks. In nested lists, an item whose sub-items are actions is a group label
//! ("- **Monitoring:**" over "- Add an alert …"): its sub-items are the action items and the
//! group's text applies to each of them (an owner written on the group owns them all). Sub-items
//! that only give an attribute of their parent (`- Owner: @dana`, `- Ticket: OPS-12`) belong to
//! the parent. The SRE book (App. D) and PagerDuty templates put items in a table with `Owner`
//! and `Bug` columns; the SRE Workbook asks that "all action items have both an owner and a
//! tracking number" (`shared/design/postmortem-domain.md` §6c).

use super::ascii_regex::{folds_to_ascii, AsciiRegex};
use super::word::{self, is_word_char, WordSet};
use super::Postmortem;
use crate::parse::{BlockKind, BlockLine, ItemId};
use crate::source::Span;
use std::borrow::Cow;
use std::sync::LazyLock;

/// How an action item is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemForm {
    /// A Markdown list item (also a task-list item `- [ ]`).
    ListItem,
    /// A table row below the header row.
    TableRow,
    /// An `<li>` line of an HTML block.
    Html,
}

/// One action item.
#[derive(Debug, Clone)]
pub struct ActionItem {
    pub form: ItemForm,
    /// 1-based line where the item's text starts.
    pub line: usize,
    /// Source span of the item's first line of text (for a table row, of its action cell).
    pub span: Span,
    /// The item's own text (for a table row, its action cell): markup removed, whitespace
    /// collapsed, task-list box removed. Attribute sub-items are not included.
    pub text: String,
    /// The owner the item names, as written: `@dana`, `dana@` (SRE Workbook style), the value
    /// of an `Owner:` / `Assignee:` / `Responsible:` / `Who:` label, or the cell of an owner
    /// column (`Owner`, `Who`, `Assignee`, `DRI`). Read from the item, its attribute sub-items and
    /// its group labels.
    pub owner: Option<String>,
    /// The ticket the item links to, as written: a link to an issue tracker (`/issues/12`,
    /// `/pull/12`, `/browse/OPS-12`, `/-/issues/`, Jira, Linear), a key such as `OPS-412`, an
    /// issue reference `#1234` or `owner/repo#12`, a `Ticket:` / `Bug:` / `Issue:` label, or the
    /// cell of a ticket column (`Bug`, `Ticket`, `Issue`, `Tracking bug`, `Jira`).
    pub ticket: Option<String>,
    /// The label of the group the item sits in: its parent list item when that is a group, else
    /// the last short paragraph line or sub-heading before the item inside the section
    /// ("Improvements/Fixes:", "### Tasks"). Markup removed.
    pub group: Option<String>,
    /// The item has sub-items with details of its own (not only attributes).
    pub has_details: bool,
    /// The item is done: a checked task-list box (`- [x]`), or a status written on it (`DONE`,
    /// `(done at 09:52)`, `(Completed)`, `Status: done`).
    pub done: bool,
    /// The item's own text holds a code span (a command, file or setting: `nginx -t`).
    pub code: bool,
}

/// The action items of one action-items section.
#[derive(Debug, Clone)]
pub struct ActionItems {
    /// Index of the section in [`Postmortem::sections`].
    pub section: usize,
    pub items: Vec<ActionItem>,
}

/// A sub-item that only states an attribute of its parent.
static ATTRIBUTE: AsciiRegex = AsciiRegex::new(
    r"(?i)^\W*(?:owners?|owned by|assignee|assigned to|responsible(?: party| team)?|dri|who|point of contact|poc|tickets?|issues?|bugs?|tracking(?: bug| issue| ticket)?|jira|links?|status|priority|due(?: date)?|eta|deadline|target date|type|team|estimate)\s*(?::|\s[-–—]\s)",
);
/// An owner label with its value ("Owner: Dana", "(owner - @sre)", "assigned to Dana").
static OWNER_LABEL: AsciiRegex = AsciiRegex::new(
    r"(?i)(?:\b(?:owners?|assignee|responsible(?: party| team)?|dri|who|point of contact)\s*(?::|=|\s[-–—]\s)|\b(?:owned by|assigned to)\s)\s*(?P<v>[@\w][^,;()\n|]{0,40})",
);
/// `@handle` (not an e-mail address) or `handle@` (Google's style in the SRE Workbook): the
/// specification of [`mention_in`], which finds its matches by hand (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static MENTION: AsciiRegex = AsciiRegex::new(
    r"(?:^|[^\w.@])(?P<v>@[A-Za-z0-9][\w.-]*[A-Za-z0-9_]|@[A-Za-z0-9])|(?:^|[^\w.@])(?P<w>[a-z][a-z0-9]{2,}@)(?:[^\w.]|$)",
);
/// A link to an issue tracker, or a ticket key or reference.
static TICKET: AsciiRegex = AsciiRegex::new(
    r"(?x)
        (?P<url>(?i:https?://\S*?(?:/issues?/\d|/pull/\d|/merge_requests/\d|/browse/[A-Z]|/-/issues|/tickets?/\d|/bugs?/\d|jira|linear\.app/|bugzilla|youtrack|/work_items/\d|/show_bug\.cgi|crbug\.com|/b/\d)\S*))
      | (?P<key>\b[A-Z][A-Z0-9]{1,9}-\d{1,6}\b)
      | (?P<ref>(?:\b[\w.-]+/[\w.-]+)?\#\d{2,7}\b)
      | (?P<b>\bb/\d{4,}\b)
    ",
);
/// Upper-case prefixes of `ABC-123` that are not ticket keys.
static NOT_KEY: AsciiRegex = AsciiRegex::new(
    r"^(?:UTC|GMT|SHA|ISO|HTTP|HTTPS|TLS|SSL|RFC|IPV|CVE|MD|SEV|P|COVID|UTF|AES|RSA|ECDSA|PHP|ES|EC|T|H|X|GPT|CPU|MP|MPEG|ID|IP|PR)-",
);
static TICKET_LABEL: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:ticket|bug|issue|jira|tracking(?: bug| issue| ticket)?)\s*(?:#|:|no\.?|number)\s*#?(?P<v>[A-Za-z0-9][\w-]*\d[\w-]*)",
);
/// The words every match of [`OWNER_LABEL`] (the first eight), [`TICKET_LABEL`] (the next
/// five) and [`DONE`] (the last three) starts with, at a word start ([`Cues`]).
static CUE_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "owner",
        "assignee",
        "responsible",
        "dri",
        "who",
        "point",
        "owned",
        "assigned",
        "ticket",
        "bug",
        "issue",
        "jira",
        "tracking",
        "done",
        "complet",
        "closed",
    ])
});
/// [`CUE_WORDS`]: the first word of [`TICKET_LABEL`]'s and of [`DONE`]'s.
const TICKET_CUES: usize = 8;
const DONE_CUES: usize = 13;

/// Which of [`OWNER_LABEL`], [`TICKET_LABEL`] and [`DONE`] may match a text: whether one of the
/// words its matches start with ([`CUE_WORDS`]) stands at a word start, without regard to ASCII
/// case. One pass for the three. `ſ` and the Kelvin sign, which `(?i)` matches to `s` and `k`,
/// may stand in `assignee`, `responsible`, `assigned`, `issue`, `ticket` and `closed`: a text
/// holding one ([`folds_to_ascii`]) may match all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cues {
    owner: bool,
    ticket: bool,
    done: bool,
}

impl Cues {
    fn of(text: &str) -> Cues {
        let folds = folds_to_ascii(text);
        let mut found = [folds; 3];
        CUE_WORDS.find(text, |i, _| {
            found[usize::from(i >= TICKET_CUES) + usize::from(i >= DONE_CUES)] = true;
        });
        Cues {
            owner: found[0],
            ticket: found[1],
            done: found[2],
        }
    }
}

/// Column headers.
static OWNER_COLUMN: AsciiRegex = AsciiRegex::new(
    r"(?i)^\W*(?:owners?|who|assignee|assigned to|responsible(?: party| team)?|dri|point of contact|poc|lead)\W*$",
);
static TICKET_COLUMN: AsciiRegex = AsciiRegex::new(
    r"(?i)^\W*(?:bugs?(?: #| number)?|tickets?|issues?|jira|tracking(?: bug| issue| ticket| number)?|link|github issue|pr)\W*$",
);
static ACTION_COLUMN: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:action|item|task|description|what|todo|measure|follow-?up|remediation|fix)",
);
/// What [`OWNER_COLUMN`] and [`TICKET_COLUMN`] match between their `^\W*` and `\W*$`, spelt
/// out (the optional `#` of `bug #` is one of the trailing `\W`), in ASCII lower case.
const OWNER_HEADERS: &[&[u8]] = &[
    b"owner",
    b"owners",
    b"who",
    b"assignee",
    b"assigned to",
    b"responsible",
    b"responsible party",
    b"responsible team",
    b"dri",
    b"point of contact",
    b"poc",
    b"lead",
];
const TICKET_HEADERS: &[&[u8]] = &[
    b"bug",
    b"bugs",
    b"bug number",
    b"bugs number",
    b"ticket",
    b"tickets",
    b"issue",
    b"issues",
    b"jira",
    b"tracking",
    b"tracking bug",
    b"tracking issue",
    b"tracking ticket",
    b"tracking number",
    b"link",
    b"github issue",
    b"pr",
];
/// The words [`ACTION_COLUMN`] looks for at a word start, in ASCII lower case.
const ACTION_HEADER_WORDS: &[&[u8]] = &[
    b"action",
    b"item",
    b"task",
    b"description",
    b"what",
    b"todo",
    b"measure",
    b"followup",
    b"follow-up",
    b"remediation",
    b"fix",
];

/// `re.is_match(header)` for the three column regexes, by hand for an ASCII header (their fixed
/// cost is most of the work on a short cell): for ASCII text `\W` is a byte other than
/// `[A-Za-z0-9_]` and `(?i)` is ASCII case folding. Other headers go to the regex.
fn is_column(re: &AsciiRegex, header: &str) -> bool {
    if !header.is_ascii() {
        return re.is_match(header);
    }
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = header.as_bytes();
    if std::ptr::eq(re, &ACTION_COLUMN) {
        return (0..b.len()).any(|i| {
            (i == 0 || !word(b[i - 1]))
                && ACTION_HEADER_WORDS.iter().any(|w| {
                    w[0] == b[i].to_ascii_lowercase()
                        && b.get(i..i + w.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(w))
                })
        });
    }
    let names = if std::ptr::eq(re, &OWNER_COLUMN) {
        OWNER_HEADERS
    } else if std::ptr::eq(re, &TICKET_COLUMN) {
        TICKET_HEADERS
    } else {
        return re.is_match(header);
    };
    let start = b.iter().position(|&c| word(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|&c| word(c)).map_or(start, |i| i + 1);
    let core = &b[start..end];
    let lead = core.first().map(u8::to_ascii_lowercase);
    names
        .iter()
        .any(|n| Some(n[0]) == lead && core.eq_ignore_ascii_case(n))
}

/// Cell values that mean "none".
static EMPTY_VALUE: AsciiRegex =
    AsciiRegex::new(r"(?i)^\W*(?:|n/?a|none|tbd|tba|todo|unassigned|nobody|\?+|-+|—|–)\W*$");
static DONE: AsciiRegex = AsciiRegex::new(
    r"(?i)\(\s*(?:done|completed)\b|\bstatus\s*:\s*(?:done|completed|closed)\b|\*\*done\*\*|\bDONE\b",
);
/// Status words in a ticket cell.
static STATUS_MARK: AsciiRegex =
    AsciiRegex::new(r"(?i)\*\*\s*(?:done|todo)\s*\*\*|\b(?:done|todo)\b");
/// A task box: the specification of the test in [`ItemText::text`] (the tests compare them).
#[cfg_attr(not(test), allow(dead_code))]
static TASK_BOX: AsciiRegex = AsciiRegex::new(r"^\s*\[[ xX]\]\s*");

/// Whether the item's text reads as done ([`DONE`]). Every match holds `done`, `completed` or
/// `closed` at a word start (after `(`, white space, `:`, `*` or a non-word character), which
/// `cues` tells ([`Cues::of`] of `raw`).
fn is_done(raw: &str, cues: Cues) -> bool {
    cues.done && DONE.is_match(raw)
}

/// The words [`ATTRIBUTE`] may start with after `^\W*`, as ASCII lower-case prefixes.
const ATTRIBUTE_STARTS: &[&[u8]] = &[
    b"own",
    b"assign",
    b"responsible",
    b"dri",
    b"who",
    b"point of contact",
    b"poc",
    b"ticket",
    b"issue",
    b"bug",
    b"tracking",
    b"jira",
    b"link",
    b"status",
    b"priority",
    b"due",
    b"eta",
    b"deadline",
    b"target date",
    b"type",
    b"team",
    b"estimate",
];

/// [`ATTRIBUTE_STARTS`] by first letter (`a` to `z`), in their order.
static ATTRIBUTE_STARTS_BY_LETTER: LazyLock<Vec<Vec<&'static [u8]>>> = LazyLock::new(|| {
    (b'a'..=b'z')
        .map(|l| {
            ATTRIBUTE_STARTS
                .iter()
                .copied()
                .filter(|w| w[0] == l)
                .collect()
        })
        .collect()
});

/// Whether a sub-item's text only gives an attribute ([`ATTRIBUTE`]). Every match holds `:` or
/// a dash, and starts, after the non-word characters that start the text (`^\W*`: ASCII ones
/// are skipped here, a non-ASCII one lets the text through), with one of
/// [`ATTRIBUTE_STARTS`] without regard to ASCII case (`ſ` or the Kelvin sign, which `(?i)`
/// matches to `s` and `k`, let the text through).
fn is_attribute(text: &str) -> bool {
    let b = text.as_bytes();
    let first = b
        .iter()
        .position(|&c| c >= 0x80 || c.is_ascii_alphanumeric() || c == b'_')
        .map_or(&[][..], |i| &b[i..]);
    // Only the words with the text's first letter are compared (every word starts with a
    // lower-case ASCII letter).
    let lead = first.first().map(u8::to_ascii_lowercase);
    let starts = lead.filter(u8::is_ascii_lowercase).map_or(&[][..], |l| {
        &ATTRIBUTE_STARTS_BY_LETTER[usize::from(l - b'a')][..]
    });
    let word = first.first().is_some_and(|&c| c >= 0x80)
        || starts.iter().any(|w| {
            first
                .get(..w.len())
                .is_some_and(|f| f.eq_ignore_ascii_case(w))
        })
        || folds_to_ascii(text);
    word && (memchr::memchr2(b':', b'-', b).is_some() || text.contains(['–', '—']))
        && ATTRIBUTE.is_match(text)
}

/// Collapses whitespace.
fn collapse(s: &str) -> String {
    if is_collapsed(s) {
        return s.to_string();
    }
    word::join_words(s, |_| false)
}

/// Appends the words of `s` (split at white space) to `out`, each after one space unless `out`
/// is empty ([`word::push_words`]).
fn push_words(out: &mut String, s: &str) {
    if is_collapsed(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(s);
        return;
    }
    word::push_words(out, s, |_| false);
}

/// Whether `s` is empty or white space only (`str::trim` would leave nothing): byte by byte up
/// to the first byte that is not ASCII white space (`\t`–`\r`, space); a non-ASCII one may
/// start other white space, and `s` is then trimmed.
fn is_blank(s: &str) -> bool {
    match s
        .bytes()
        .find(|&c| c != b' ' && !(b'\t'..=b'\r').contains(&c))
    {
        None => true,
        Some(c) if c < 0x80 => false,
        Some(_) => s.trim().is_empty(),
    }
}

/// Whether `s` is already its words joined by single spaces (none at either end, no other
/// white space): then [`collapse`] is a copy, and [`push_words`] one push, instead of a push
/// per word. White space is `char::is_whitespace`: the ASCII bytes `\t`–`\r` and space, and
/// characters whose UTF-8 form starts with `C2`, `E1`, `E2` or `E3` (U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), tested as characters.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_none_or(|&c| c == b' ') || b.last() == Some(&b' ') {
        return false;
    }
    // Without branches per byte: a byte `\t`–`\r`, or two spaces in a row.
    let control = b
        .iter()
        .fold(false, |a, &c| a | (c.wrapping_sub(b'\t') < 5));
    let double = b
        .iter()
        .zip(&b[1..])
        .fold(false, |a, (&x, &y)| a | ((x == b' ') & (y == b' ')));
    if control || double {
        return false;
    }
    b.is_ascii()
        || !(memchr::memchr3_iter(0xC2, 0xE2, 0xE3, b).any(|i| white_at(b, i))
            || memchr::memchr_iter(0xE1, b).any(|i| white_at(b, i)))
}

/// Whether the character at byte `i` of `b` (valid UTF-8; `b[i]` is `C2`, `E1`, `E2` or `E3`)
/// is non-ASCII white space as [`char::is_whitespace`] has it, from its bytes (no decoding):
/// U+0085 and U+00A0 (`C2 85`, `C2 A0`), U+1680 (`E1 9A 80`), U+2000–U+200A (`E2 80 80`–`8A`),
/// U+2028, U+2029, U+202F (`E2 80 A8`, `A9`, `AF`), U+205F (`E2 81 9F`), U+3000 (`E3 80 80`).
fn white_at(b: &[u8], i: usize) -> bool {
    let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match (b[i], next(1)) {
        (0xC2, c) => c == 0x85 || c == 0xA0,
        (0xE2, 0x80) => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        (0xE2, 0x81) => next(2) == 0x9F,
        (0xE1, 0x9A) | (0xE3, 0x80) => next(2) == 0x80,
        _ => false,
    }
}

static HTML_TAG: AsciiRegex = AsciiRegex::new(r"(?i)<[a-z/][^<>]*>");
static HREF: AsciiRegex = AsciiRegex::new(r#"(?i)\bhref\s*=\s*["']?([^"'\s>]+)"#);

/// `raw` with HTML tags replaced by their `href` target, if any: attributes such as
/// `style="color: #696969"` are not tickets.
fn without_tags(raw: &str) -> Cow<'_, str> {
    // Every tag starts with `<`.
    if memchr::memchr(b'<', raw.as_bytes()).is_none() {
        return Cow::Borrowed(raw);
    }
    HTML_TAG.replace_all(raw, |tag| {
        let tag = &raw[tag];
        HREF.captures(tag)
            .and_then(|h| h.get(1))
            .map_or(" ".to_string(), |href| format!(" {} ", &tag[href]))
    })
}

/// The group `v` or `w` of the first match of [`MENTION`] in `raw`, found by hand: the regex,
/// with its Unicode `\w`, was compiled in its Unicode form for most texts with a non-ASCII letter
/// (it names `_`) and its captures cost thousands of instructions per item.
///
/// Every match holds `@`. For each `@` in order: `handle@` (group `w`) is the maximal run of
/// `[a-z0-9]` before it when that run is at least three long, starts with a letter and is
/// preceded by the text start or a character other than `\w`, `.` and `@` (a shorter start
/// inside the run follows a word character), and the `@` is followed by the text end or a
/// character other than `\w` and `.`; `@handle` (group `v`) starts at the `@` when it is
/// preceded likewise and followed by `[A-Za-z0-9]`, and runs over `[\w.-]*` (greedy) to its last
/// `[A-Za-z0-9_]`, else is just `@` and that character. The two cannot both start at one `@`
/// (`handle@` needs a word character before it, `@handle` none), and a match for an earlier `@`
/// starts before any match for a later one (a `handle@` run holds no `@`), so the first found is
/// the leftmost.
fn mention_in(raw: &str) -> Option<&str> {
    let b = raw.as_bytes();
    // `(?:^|[^\w.@])` before position `g`.
    let opens = |g: usize| {
        raw[..g]
            .chars()
            .next_back()
            .is_none_or(|p| p != '.' && p != '@' && !is_word_char(p))
    };
    for a in memchr::memchr_iter(b'@', b) {
        let g = b[..a]
            .iter()
            .rposition(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .map_or(0, |i| i + 1);
        if a - g >= 3 && b[g].is_ascii_lowercase() && opens(g) {
            let after = raw[a + 1..].chars().next();
            if after.is_none_or(|c| c != '.' && !is_word_char(c)) {
                return Some(&raw[g..=a]);
            }
        }
        if b.get(a + 1).is_some_and(u8::is_ascii_alphanumeric) && opens(a) {
            let mut end = a + 2;
            let mut at = a + 2;
            for c in raw[a + 2..].chars() {
                // `is_word_char`, with its ASCII test here (most handles are ASCII).
                let word = if c.is_ascii() {
                    c.is_ascii_alphanumeric() || c == '_'
                } else {
                    is_word_char(c)
                };
                if !(c == '.' || c == '-' || word) {
                    break;
                }
                at += c.len_utf8();
                if c.is_ascii_alphanumeric() || c == '_' {
                    end = at;
                }
            }
            return Some(&raw[a..end]);
        }
    }
    None
}

/// The owner named in `raw` (source text with code spans blanked; links and HTML kept).
pub fn owner_in(raw: &str) -> Option<String> {
    let tagless = without_tags(raw);
    owner_in_tagless(&tagless, Cues::of(&tagless))
}

/// [`owner_in`] of text already read through [`without_tags`], with its [`Cues`].
fn owner_in_tagless(raw: &str, cues: Cues) -> Option<String> {
    if let Some(m) = mention_in(raw) {
        return Some(m.to_string());
    }
    if !cues.owner {
        return None;
    }
    let c = OWNER_LABEL.captures(raw)?;
    let v = raw[c.name("v")?].trim();
    (!EMPTY_VALUE.is_match(v)).then(|| v.trim_end_matches(['*', '_', ' ']).to_string())
}

/// The ticket linked or referred to in `raw`.
pub fn ticket_in(raw: &str) -> Option<String> {
    let tagless = without_tags(raw);
    ticket_in_tagless(&tagless, Cues::of(&tagless))
}

/// [`ticket_in`] of text already read through [`without_tags`], with its [`Cues`].
fn ticket_in_tagless(raw: &str, cues: Cues) -> Option<String> {
    // Every ticket holds `://` (a link), or `-` (a key), `#` (a reference) or `b/` right before
    // a digit (perhaps a non-ASCII one, which `\d` matches too).
    let b = raw.as_bytes();
    let digit_after = |i: usize| b.get(i).is_some_and(|&c| c.is_ascii_digit() || c >= 0x80);
    // `://` and `b/` are found from their `:` and `/` in one search (a `memmem` searcher is
    // built per call).
    let ticket = memchr::memchr2_iter(b':', b'/', b).any(|i| {
        if b[i] == b':' {
            b[i + 1..].starts_with(b"//")
        } else {
            i > 0 && b[i - 1] == b'b' && digit_after(i + 1)
        }
    }) || memchr::memchr2_iter(b'-', b'#', b).any(|i| digit_after(i + 1));
    if !ticket && !cues.ticket {
        return None;
    }
    for c in TICKET.captures_iter(raw) {
        if let Some(k) = c.name("key") {
            if NOT_KEY.is_match(&raw[k]) {
                continue;
            }
        }
        return c.get(0).map(|m| raw[m].to_string());
    }
    if !cues.ticket {
        return None;
    }
    if let Some(c) = TICKET_LABEL.captures(raw) {
        return c.name("v").map(|m| raw[m].to_string());
    }
    None
}

/// The action items of every action-items section.
pub fn build(pm: &Postmortem) -> Vec<ActionItems> {
    let sections: Vec<_> = pm
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is("action-items"))
        .collect();
    // A sub-section ("### Prevention" under "## Corrective Actions") is read with its parent.
    let nested = |s: &crate::facts::Section| {
        sections
            .iter()
            .any(|(_, p)| p.title_at < s.title_at && s.title_at < p.body.end)
    };
    sections
        .iter()
        .filter(|(_, s)| !nested(s))
        .map(|&(i, _)| ActionItems {
            section: i,
            items: build_one(pm, i),
        })
        .collect()
}

/// A list item's own lines (its paragraphs, not those of nested items).
#[derive(Default)]
struct ItemText<'a> {
    lines: Vec<&'a BlockLine>,
    /// Group label in force before the item's list (paragraph line or sub-heading).
    /// Its text as written: collapsed where an item uses it ([`collapse`]).
    label_before: Option<&'a str>,
}

impl ItemText<'_> {
    /// The lines' text joined with spaces and whitespace collapsed, without a task box.
    fn text(&self) -> String {
        let mut text = String::with_capacity(self.lines.iter().map(|l| l.text().len() + 1).sum());
        for l in &self.lines {
            push_words(&mut text, l.text());
        }
        // A task box ([`TASK_BOX`]) starts the text (collapsed: no white space before it, the
        // box's inner space a plain one): `[ ]`, `[x]` or `[X]`, and the white space after it.
        if matches!(text.as_bytes(), [b'[', b' ' | b'x' | b'X', b']', ..]) {
            let cut = text.len() - text[3..].trim_start().len();
            text.drain(..cut);
        }
        text
    }
    /// The lines' source text joined with line feeds, appended to `out`.
    fn raw_into(&self, out: &mut String) {
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(l.raw());
        }
    }
}

/// A short line that introduces what follows: a heading, or a paragraph line of at most eight
/// words (usually ending with `:`).
fn is_label(text: &str) -> bool {
    // Byte by byte while the text is ASCII (where `char::is_whitespace` is these six bytes).
    // From the first non-ASCII byte on, char by char (counting on from the words so far).
    let mut words = 0;
    let mut space = true;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        // A byte above the space is neither white space nor (below 0x80) non-ASCII: the
        // common case, tested first.
        if c > b' ' && c < 0x80 {
            words += usize::from(space);
            if words > 8 {
                break;
            }
            space = false;
            continue;
        }
        if c >= 0x80 {
            for ch in text[i..].chars() {
                let white = ch.is_whitespace();
                if space && !white {
                    words += 1;
                    if words > 8 {
                        break;
                    }
                }
                space = white;
            }
            break;
        }
        let white = matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        if space && !white {
            words += 1;
            if words > 8 {
                break;
            }
        }
        space = white;
    }
    words > 0 && words <= 8
}

/// The label in force: `pending` (a line not yet tested) tested with [`is_label`] and made
/// `label` if there is one, else `label` as it was.
fn settle<'a>(label: &mut Option<&'a str>, pending: &mut Option<&'a str>) -> Option<&'a str> {
    if let Some(p) = pending.take() {
        *label = is_label(p).then_some(p);
    }
    *label
}

fn build_one(pm: &Postmortem, si: usize) -> Vec<ActionItem> {
    let section = &pm.sections[si];
    let md = &pm.markdown;
    let mut own = OwnItems::default();
    // The line (as written) that introduces what follows, if any: collapsed only when used.
    let mut label: Option<&str> = None;
    // The last paragraph's or heading's last line, not yet tested as a label ([`is_label`]
    // is run only when something follows that uses the label, once).
    let mut pending: Option<&str> = None;

    let mut items = Vec::new();
    let mut columns = Columns::default();
    for (_, block) in pm.body_blocks(section) {
        match (block.kind, block.item) {
            (BlockKind::Heading { .. }, None) | (BlockKind::Paragraph, None) => {
                if let Some(l) = block.lines.iter().rev().find(|l| !is_blank(l.text())) {
                    pending = Some(l.text());
                }
            }
            (BlockKind::TableRow { header: true }, _) => {
                columns = Columns::of(&block.lines[0]);
            }
            (BlockKind::TableRow { header: false }, _) => {
                let label = settle(&mut label, &mut pending);
                if let Some(item) = table_item(pm, &block.lines[0], &columns, label.map(collapse)) {
                    items.push(item);
                }
            }
            (BlockKind::Html, _) => {
                for l in &block.lines {
                    // `<li` in either ASCII case (as the lowered line would hold it).
                    let raw = l.raw().as_bytes();
                    let li = memchr::memchr_iter(b'<', raw).any(|i| {
                        raw.get(i + 1..i + 3)
                            .is_some_and(|t| t.eq_ignore_ascii_case(b"li"))
                    });
                    if li && !is_blank(l.text()) {
                        let label = settle(&mut label, &mut pending);
                        let tagless = without_tags(l.raw());
                        let cues = Cues::of(&tagless);
                        items.push(ActionItem {
                            form: ItemForm::Html,
                            line: l.line,
                            span: l.content_span(),
                            text: collapse(l.text()),
                            owner: owner_in_tagless(&tagless, cues),
                            ticket: ticket_in_tagless(&tagless, cues),
                            group: label.map(collapse),
                            has_details: false,
                            done: is_done(l.raw(), Cues::of(l.raw())),
                            code: holds_backtick(source_of(pm, l, 0..l.raw().len())),
                        });
                    }
                }
            }
            (BlockKind::Code | BlockKind::ThematicBreak, _) => {}
            (_, Some(id)) => {
                let label = settle(&mut label, &mut pending);
                let entry = own.entry(id, label);
                entry
                    .lines
                    .extend(block.lines.iter().filter(|l| !is_blank(l.text())));
                // Ancestors whose only content is nested lists still exist as items.
                let mut p = md.items[id].parent;
                while let Some(pid) = p {
                    own.entry(pid, label);
                    p = md.items[pid].parent;
                }
            }
        }
    }
    items.extend(list_items(pm, &own));
    // "…" or "-" left in a template row is not an item.
    items.retain(|i| i.text.chars().any(char::is_alphanumeric));
    items.sort_by_key(|i| i.span.start);
    items
}

/// The list items of a section with their own lines, by [`ItemId`]: a slot per id from the
/// lowest id seen to the highest (a section's items are consecutive ids, with their ancestors
/// just before), in id order as a sorted map would give them, without a tree node per item. Not a
/// slot per item of the whole document: that made a long document with many sections quadratic.
#[derive(Default)]
struct OwnItems<'a> {
    /// The id of `slots[0]`.
    base: ItemId,
    slots: Vec<Option<ItemText<'a>>>,
}

impl<'a> OwnItems<'a> {
    /// The item `id`, made with `label_before` if new.
    fn entry(&mut self, id: ItemId, label_before: Option<&'a str>) -> &mut ItemText<'a> {
        if self.slots.is_empty() {
            self.base = id;
        } else if id < self.base {
            // An ancestor of the first item seen: slots in front (at most once per level).
            let more = self.base - id;
            self.slots
                .splice(0..0, std::iter::repeat_with(|| None).take(more));
            self.base = id;
        }
        let at = id - self.base;
        if at >= self.slots.len() {
            self.slots.resize_with(at + 1, || None);
        }
        self.slots[at].get_or_insert_with(|| ItemText {
            label_before,
            ..ItemText::default()
        })
    }
    /// Index of `id` in the per-slot vectors of [`list_items`], if it has a slot.
    fn slot(&self, id: ItemId) -> Option<usize> {
        id.checked_sub(self.base).filter(|&i| i < self.slots.len())
    }
    fn get(&self, id: ItemId) -> Option<&ItemText<'a>> {
        self.slot(id).and_then(|i| self.slots[i].as_ref())
    }
    /// The items, in id order.
    fn iter(&self) -> impl Iterator<Item = (ItemId, &ItemText<'a>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().map(|t| (self.base + i, t)))
    }
}

fn list_items(pm: &Postmortem, own: &OwnItems) -> Vec<ActionItem> {
    let md = &pm.markdown;
    // Each item's text and whether it only gives an attribute, by id.
    let mut texts: Vec<Option<(String, bool)>> = Vec::new();
    texts.resize_with(own.slots.len(), || None);
    for (id, t) in own.iter() {
        let text = t.text();
        let attribute = is_attribute(&text);
        texts[id - own.base] = Some((text, attribute));
    }
    let text_of = |id: ItemId| {
        own.slot(id)
            .and_then(|i| texts[i].as_ref())
            .expect("an item of `own`")
    };
    let is_attribute = |id: ItemId| text_of(id).1;
    // The items of `own` under each item, in order.
    let mut under: Vec<Vec<ItemId>> = Vec::new();
    under.resize_with(own.slots.len(), Vec::new);
    for (c, _) in own.iter() {
        if let Some(p) = md.items[c].parent {
            // Every ancestor of an item of `own` is one too (see `build_one`).
            under[p - own.base].push(c);
        }
    }
    let children = |id: ItemId| own.slot(id).map_or(&[][..], |i| under[i].as_slice());
    let is_group = |id: ItemId| !is_attribute(id) && children(id).iter().any(|&c| !is_attribute(c));
    let mut out = Vec::new();
    let mut raw = String::new();
    for (id, t) in own.iter() {
        if t.lines.is_empty() || is_attribute(id) && md.items[id].parent.is_some() {
            continue;
        }
        let has_details = is_group(id);
        let text = &text_of(id).0;
        // A group whose sub-items are actions is a label, unless it reads as an action itself
        // (a sentence, not a title).
        if has_details && is_label(text) && !text.contains(". ") {
            continue;
        }
        // The item's source, then its attribute sub-items', then its ancestors', one per line.
        raw.clear();
        t.raw_into(&mut raw);
        for &c in children(id).iter().filter(|&&c| is_attribute(c)) {
            raw.push('\n');
            own.get(c).expect("an item of `own`").raw_into(&mut raw);
        }
        let mut group = None;
        let mut p = md.items[id].parent;
        while let Some(pid) = p {
            if let Some(pt) = own.get(pid) {
                if group.is_none() && !pt.lines.is_empty() {
                    group = Some(text_of(pid).0.clone());
                }
                raw.push('\n');
                pt.raw_into(&mut raw);
            }
            p = md.items[pid].parent;
        }
        let first = t.lines[0];
        let tagless = without_tags(&raw);
        let cues = Cues::of(&tagless);
        // The cues of `raw` itself when tags were replaced.
        let raw_cues = match tagless {
            Cow::Borrowed(_) => cues,
            Cow::Owned(_) => Cues::of(&raw),
        };
        out.push(ActionItem {
            form: ItemForm::ListItem,
            line: first.line,
            span: first.content_span(),
            text: text.clone(),
            owner: owner_in_tagless(&tagless, cues),
            ticket: ticket_in_tagless(&tagless, cues),
            group: group.or_else(|| t.label_before.map(collapse)),
            has_details,
            done: md.items[id].task == Some(true) || is_done(&raw, raw_cues),
            code: t
                .lines
                .iter()
                .any(|l| holds_backtick(source_of(pm, l, 0..l.raw().len()))),
        });
    }
    out
}

/// Byte ranges of the cells of a table row line (pipes excluded, `\|` is not a pipe).
fn cells(line: &BlockLine) -> Vec<std::ops::Range<usize>> {
    let raw = line.raw().as_bytes();
    // One cell per pipe, and one more: no growing.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'|', raw).count() + 1);
    let mut start = 0;
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\\' => i += 1,
            b'|' => {
                out.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(start..raw.len());
    // Leading and trailing pipes leave empty outer cells.
    if out
        .first()
        .is_some_and(|r| line.raw()[r.clone()].trim().is_empty())
    {
        out.remove(0);
    }
    if out
        .last()
        .is_some_and(|r| line.raw()[r.clone()].trim().is_empty())
    {
        out.pop();
    }
    out
}

/// Whether `text` holds a backtick (a code span's delimiter): `str::contains`, by the `memchr`
/// crate's vector search (the standard library's reads a word at a time).
fn holds_backtick(text: &str) -> bool {
    memchr::memchr(b'`', text.as_bytes()).is_some()
}

/// The source text of `range` of `line` (code spans not blanked).
fn source_of<'p>(pm: &'p Postmortem, line: &BlockLine, range: std::ops::Range<usize>) -> &'p str {
    pm.source
        .text
        .get(line.start + range.start..line.start + range.end)
        .unwrap_or("")
}

/// The columns of a table's header row that match [`ACTION_COLUMN`], [`OWNER_COLUMN`] and
/// [`TICKET_COLUMN`] (the first of each), found once per header row.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
struct Columns {
    action: Option<usize>,
    owner: Option<usize>,
    ticket: Option<usize>,
}

/// The last [`HEADERS_MAX`] distinct header rows read on this thread (source and masked text)
/// with their columns: documents repeat their tables' header rows (a template's
/// "| Action Item | Owner | Bug |"), and a row's columns are a function of those two texts.
const HEADERS_MAX: usize = 16;

/// Header rows read: source text, masked text, columns.
type SeenHeaders = std::cell::RefCell<Vec<(Box<str>, Box<str>, Columns)>>;

thread_local! {
    static HEADERS: SeenHeaders = const { std::cell::RefCell::new(Vec::new()) };
}

impl Columns {
    /// The columns of header row `line`, from [`HEADERS`] when it was read before.
    fn of(line: &BlockLine) -> Columns {
        let seen = |h: &SeenHeaders| {
            h.borrow()
                .iter()
                .find(|(raw, text, _)| **raw == *line.raw() && **text == *line.text())
                .map(|e| e.2)
        };
        if let Some(c) = HEADERS.with(seen) {
            return c;
        }
        let c = Columns::read(line);
        HEADERS.with(|h| {
            let mut h = h.borrow_mut();
            if h.len() >= HEADERS_MAX {
                h.remove(0);
            }
            h.push((line.raw().into(), line.text().into(), c));
        });
        c
    }

    /// The columns of header row `line`, read from its cells.
    fn read(line: &BlockLine) -> Columns {
        let header: Vec<String> = cells(line)
            .into_iter()
            .map(|r| collapse(&line.text()[r]))
            .collect();
        let col = |re: &AsciiRegex| header.iter().position(|h| is_column(re, h));
        Columns {
            action: col(&ACTION_COLUMN),
            owner: col(&OWNER_COLUMN),
            ticket: col(&TICKET_COLUMN),
        }
    }
}

fn table_item(
    pm: &Postmortem,
    line: &BlockLine,
    columns: &Columns,
    group: Option<String>,
) -> Option<ActionItem> {
    let cells = cells(line);
    let action = columns.action.unwrap_or(0);
    let range = cells.get(action)?.clone();
    let text = collapse(&line.text()[range.clone()]);
    if text.is_empty() {
        return None;
    }
    let cell = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|r| line.raw()[r.clone()].trim().to_string())
            .filter(|v| !EMPTY_VALUE.is_match(v))
    };
    let lead = line.text()[range.clone()].len() - line.text()[range.clone()].trim_start().len();
    let start = line.start + range.start + lead;
    let raw_action = &line.raw()[range.clone()];
    let range_all = range.clone();
    // The [`Cues`] of the whole row, when its ticket was looked for in it ([`ticket_in`]) and
    // no tag was replaced there: the text read is then the row's own, so its cues are those
    // [`is_done`] wants, not found again.
    let mut row_cues = None;
    let ticket = cell(columns.ticket)
        .and_then(|c| {
            // "n/a **TODO**": the SRE book writes the status in the Bug cell.
            let empty = EMPTY_VALUE.is_match(&STATUS_MARK.replace_all(&c, |_| " ".to_string()));
            ticket_in(&c).or_else(|| (!empty).then_some(c))
        })
        .or_else(|| {
            let tagless = without_tags(line.raw());
            let cues = Cues::of(&tagless);
            if matches!(tagless, Cow::Borrowed(_)) {
                row_cues = Some(cues);
            }
            ticket_in_tagless(&tagless, cues)
        });
    Some(ActionItem {
        form: ItemForm::TableRow,
        line: line.line,
        span: start..start + line.text()[range].trim().len(),
        owner: cell(columns.owner).or_else(|| owner_in(raw_action)),
        ticket,
        text,
        group,
        has_details: false,
        done: is_done(line.raw(), row_cues.unwrap_or_else(|| Cues::of(line.raw()))),
        code: holds_backtick(source_of(pm, line, range_all)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A section's item slots span its own ids (and their ancestors'), not every item of the
    /// document: a slot per document item made a long document with many sections quadratic.
    #[test]
    fn own_items_hold_slots_for_the_section_ids_only() {
        let mut own = OwnItems::default();
        own.entry(100_003, None);
        own.entry(100_001, Some("Fixes"));
        own.entry(100_005, None);
        assert_eq!((own.base, own.slots.len()), (100_001, 5));
        let ids: Vec<ItemId> = own.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, [100_001, 100_003, 100_005]);
        assert_eq!(own.get(100_001).and_then(|t| t.label_before), Some("Fixes"));
        assert!(own.get(100_002).is_none() && own.get(7).is_none() && own.get(200_000).is_none());
    }
    use crate::profile::Profile;
    use crate::source::SourceFile;

    #[test]
    fn words_are_pushed_as_split_and_joined() {
        for t in [
            "",
            " a  b\t",
            "a\x0bb\x0cc\r\nd",
            "é  \u{a0}x\u{2003}y ",
            "  one",
        ] {
            let mut out = String::from("x");
            push_words(&mut out, t);
            let expected: Vec<&str> = std::iter::once("x").chain(t.split_whitespace()).collect();
            assert_eq!(out, expected.join(" "), "{t:?}");
            assert_eq!(
                collapse(t),
                t.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        for t in ["", " \t", "\u{a0}", " \u{2003}x", " x ", "\r\n"] {
            assert_eq!(is_blank(t), t.trim().is_empty(), "{t:?}");
        }
        // Already collapsed or not, at each end and inside, ASCII and not.
        let pieces = [
            "a", "é", " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{85}", "→", "x y",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 6, 5) {
            let words: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(collapse(&t), words.join(" "), "{t:?}");
            let mut out = String::from("x");
            push_words(&mut out, &t);
            let expected: Vec<&str> = std::iter::once("x").chain(words).collect();
            assert_eq!(out, expected.join(" "), "{t:?}");
        }
    }

    #[test]
    fn white_space_is_told_from_its_bytes() {
        let mut buf = [0u8; 4];
        for c in ('\u{80}'..='\u{3100}').chain(['\u{FEFF}', '\u{1F600}']) {
            let b = c.encode_utf8(&mut buf).as_bytes();
            if matches!(b[0], 0xC2 | 0xE1 | 0xE2 | 0xE3) {
                assert_eq!(white_at(b, 0), c.is_whitespace(), "{c:?}");
            }
        }
    }

    #[test]
    fn cues_rule_out_no_match() {
        let (owner, ticket, done) = (
            regex::Regex::new(OWNER_LABEL.as_str()).unwrap(),
            regex::Regex::new(TICKET_LABEL.as_str()).unwrap(),
            regex::Regex::new(DONE.as_str()).unwrap(),
        );
        let pieces = [
            "owner: x",
            "Who - ",
            "DONE",
            "(done",
            "**done**",
            "(Completed)",
            "status: closed",
            "ticket #12",
            "BUG: 7",
            "jira no. 4x",
            "tracking issue 12",
            "assigned to ",
            "a",
            "é",
            " ",
            "_",
            "x",
            "1",
            "(",
            ":",
            "*",
            "\u{17f}",
            "\u{212a}",
            "\u{a0}",
            "undone",
            "Xowner: y",
        ];
        for t in crate::test_texts::random(&pieces, 20_000, 6, 7) {
            let cues = Cues::of(&t);
            assert!(cues.owner || !owner.is_match(&t), "{t:?}");
            assert!(cues.ticket || !ticket.is_match(&t), "{t:?}");
            assert!(cues.done || !done.is_match(&t), "{t:?}");
            assert_eq!(is_done(&t, cues), done.is_match(&t), "{t:?}");
        }
    }

    fn items(md: &str) -> Vec<ActionItem> {
        let src = SourceFile::new("t.md", md);
        let profile = Profile::built_in("default").unwrap();
        let pm = Postmortem::build(&src, &profile, None);
        build(&pm).into_iter().flat_map(|a| a.items).collect()
    }

    #[test]
    fn owners_and_tickets_in_their_usual_forms() {
        for (text, owner, ticket) in [
            (
                "- [ ] Add an alert (@dana, OPS-412)",
                Some("@dana"),
                Some("OPS-412"),
            ),
            ("- Add an alert. Owner: Dana Li", Some("Dana Li"), None),
            (
                "- Add an alert, [#1234](https://github.com/o/r/issues/1234)",
                None,
                Some("#1234"),
            ),
            ("- Add an alert (sydney@)", Some("sydney@"), None),
            ("- Mail ops@example.com about UTC-5 clocks", None, None),
            ("- Add an alert", None, None),
            ("- Add configuration drift alerts", None, None),
            (
                "- <span style=\"color: #696969\">Add an alert</span>",
                None,
                None,
            ),
            ("- Add an alert (ticket: #4521)", None, Some("#4521")),
        ] {
            let it = &items(&format!("## Action Items\n\n{text}\n"))[0];
            assert_eq!(it.owner.as_deref(), owner, "{text}");
            assert_eq!(it.ticket.as_deref(), ticket, "{text}");
        }
    }

    #[test]
    fn groups_attributes_and_details() {
        let its = items("## Action Items\n\n**Tasks:**\n\n- **Monitoring** (owner: @sre):\n  - Add an alert on 5xx\n  - Add a disk dashboard\n- Patch nginx\n  - Ticket: OPS-9\n");
        let texts: Vec<_> = its.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Add an alert on 5xx", "Add a disk dashboard", "Patch nginx"]
        );
        assert_eq!(its[0].owner.as_deref(), Some("@sre"));
        assert!(its[0].group.as_deref().unwrap().starts_with("Monitoring"));
        assert_eq!(its[2].ticket.as_deref(), Some("OPS-9"));
        assert_eq!(its[2].group.as_deref(), Some("Tasks:"));
    }

    #[test]
    fn header_columns_are_read_again_alike() {
        let rows = [
            "| Action Item | Type | Owner | Bug |",
            "| Owner | Task |",
            "| Action Item | Type | Owner | Bug |",
            "| What | Who | Ticket |",
        ];
        // More rows than the memo keeps, twice over: each answer as read afresh.
        for round in 0..2 {
            for k in 0..2 * HEADERS_MAX {
                let t = if k < rows.len() {
                    rows[k].to_string()
                } else {
                    format!("| c{k} | Owner |")
                };
                let line = BlockLine::new(1, 0, &t, &t);
                assert_eq!(Columns::of(&line), Columns::read(&line), "{round} {k}");
            }
        }
    }

    #[test]
    fn table_rows_read_owner_and_bug_columns() {
        let its = items("## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n| Re-enable renewal | prevent | identity-team | n/a |\n| Alert on expiry | detect | | AUTH-1 |\n");
        assert_eq!(its.len(), 2);
        assert_eq!(its[0].text, "Re-enable renewal");
        assert_eq!(its[0].owner.as_deref(), Some("identity-team"));
        assert_eq!(its[0].ticket, None);
        assert_eq!(its[1].owner, None);
        assert_eq!(its[1].ticket.as_deref(), Some("AUTH-1"));
    }

    /// `owner_in`, `ticket_in`, `is_done` and `is_attribute` as they were written before their
    /// prefilters, with the regex crate.
    mod reference {
        use super::super::*;
        use regex::Regex;

        /// The regex crate's compilation of `r`, compiled once.
        fn re(r: &'static AsciiRegex) -> &'static Regex {
            static CACHE: std::sync::Mutex<Vec<(usize, &'static Regex)>> =
                std::sync::Mutex::new(Vec::new());
            let mut cache = CACHE.lock().unwrap();
            let key = std::ptr::from_ref(r) as usize;
            if let Some(&(_, re)) = cache.iter().find(|(k, _)| *k == key) {
                return re;
            }
            let re: &'static Regex = Box::leak(Box::new(Regex::new(r.as_str()).unwrap()));
            cache.push((key, re));
            re
        }

        fn without_tags(raw: &str) -> String {
            let href = re(&HREF);
            re(&HTML_TAG)
                .replace_all(raw, |c: &regex::Captures| {
                    href.captures(&c[0])
                        .map_or(" ".to_string(), |h| format!(" {} ", &h[1]))
                })
                .into_owned()
        }

        pub fn owner_in(raw: &str) -> Option<String> {
            let raw = &without_tags(raw);
            if let Some(c) = re(&MENTION).captures(raw) {
                let m = c.name("v").or_else(|| c.name("w"))?;
                return Some(m.as_str().to_string());
            }
            let c = re(&OWNER_LABEL).captures(raw)?;
            let v = c.name("v")?.as_str().trim();
            (!re(&EMPTY_VALUE).is_match(v)).then(|| v.trim_end_matches(['*', '_', ' ']).to_string())
        }

        pub fn ticket_in(raw: &str) -> Option<String> {
            let raw = &without_tags(raw);
            for c in re(&TICKET).captures_iter(raw) {
                if let Some(k) = c.name("key") {
                    if re(&NOT_KEY).is_match(k.as_str()) {
                        continue;
                    }
                }
                return c.get(0).map(|m| m.as_str().to_string());
            }
            if let Some(c) = re(&TICKET_LABEL).captures(raw) {
                return c.name("v").map(|m| m.as_str().to_string());
            }
            None
        }
    }

    #[test]
    fn task_box_test_agrees_with_the_regex() {
        let re = regex::Regex::new(TASK_BOX.as_str()).unwrap();
        for t in [
            "[ ] Add",
            "[x] Add",
            "[X]Add",
            "[x]",
            "[ x] Add",
            "[y] Add",
            "Add [x]",
            "[x]\u{a0}a b",
        ] {
            let line = BlockLine::new(1, 0, t, t);
            let item = ItemText {
                lines: vec![&line],
                label_before: None,
            };
            let text = collapse(t);
            let want = match text.starts_with('[').then(|| re.find(&text)).flatten() {
                Some(b) => collapse(&format!("{}{}", &text[..b.start()], &text[b.end()..])),
                None => text.clone(),
            };
            assert_eq!(item.text(), want, "{t:?}");
        }
    }

    #[test]
    fn mention_scanner_agrees_with_the_regex() {
        let re = regex::Regex::new(MENTION.as_str()).unwrap();
        let check = |t: &str| {
            let want = re
                .captures(t)
                .and_then(|c| c.name("v").or_else(|| c.name("w")))
                .map(|m| m.as_str());
            assert_eq!(mention_in(t), want, "{t:?}");
        };
        for t in [
            "(owner: @dana)",
            "@a",
            "@ab",
            "x@y",
            "sydney@",
            "sydney@.",
            "sydney@é",
            "é sydney@ x",
            "ops@example.com",
            "@dana.li-x. and more",
            "@dana..",
            "@d_",
            "@d-_",
            "@9é_x",
            "a.@b",
            "@@b",
            "Ab@",
            "abc@@",
            "1abc@ @x",
            "ab@ @cd",
            "xabc@ ",
            "\nabc@",
            "__@x",
            "-@x.y",
        ] {
            check(t);
        }
        // Every string of up to four characters over an alphabet of each kind of character.
        let alphabet = ['@', 'a', 'Z', '1', '_', '.', '-', ' ', 'é', '\n', 'ſ'];
        let mut t = String::new();
        for n in 0..alphabet.len().pow(5) {
            t.clear();
            let mut k = n;
            for _ in 0..5 {
                t.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            check(&t);
        }
    }

    #[test]
    fn prefilters_and_ascii_forms_change_nothing() {
        let samples = [
            "- [ ] Add an alert (@dana, OPS-412) <a href=\"https://x.io/browse/OPS-9\">x</a>",
            "Owner: Dana Li; assigned to the SRE team — Status: DONE (completed)",
            "ticket #4521, bug: AB-12, jira no. 77x, tracking issue 12, b/12345, x/y#42",
            "**Done** owner - @sre. Who: n/a. Responsible team: none",
            "Due date: 2024-05-01 · Priority — high · ETA: soon",
            "sydney@ mails ops@example.com about UTC-5 and SHA-256, closed",
            "_owner: x; «Owner — x; \u{17f}tatus: open; ETA - soon",
            "«Point of contact - ana",
            "Tracking ticket: OPS-1",
        ];
        for re in [
            &ATTRIBUTE,
            &OWNER_LABEL,
            &MENTION,
            &TICKET,
            &NOT_KEY,
            &TICKET_LABEL,
            &OWNER_COLUMN,
            &TICKET_COLUMN,
            &ACTION_COLUMN,
            &EMPTY_VALUE,
            &DONE,
            &STATUS_MARK,
            &TASK_BOX,
            &HTML_TAG,
            &HREF,
        ] {
            crate::facts::ascii_regex::check::agrees_with_regex_crate(re, &samples);
        }
        let done = regex::Regex::new(DONE.as_str()).unwrap();
        let attribute = regex::Regex::new(ATTRIBUTE.as_str()).unwrap();
        let check = |line: &str| {
            assert_eq!(owner_in(line), reference::owner_in(line), "{line:?}");
            assert_eq!(ticket_in(line), reference::ticket_in(line), "{line:?}");
            assert_eq!(
                is_done(line, Cues::of(line)),
                done.is_match(line),
                "{line:?}"
            );
            assert_eq!(is_attribute(line), attribute.is_match(line), "{line:?}");
        };
        samples.iter().for_each(|l| check(l));
        for t in [
            "Follow-up — owners",
            "a b c d e f g h\u{a0}i",
            "a b c d e f g\u{2003}h",
            "\u{3000}",
            "é",
            "Actions:",
            "",
            "one two three four five six seven eight nine",
        ] {
            let n = t.split_whitespace().count();
            assert_eq!(is_label(t), n > 0 && n <= 8, "{t:?}");
        }
        let headers = [
            "Owner",
            "**Owners**",
            " Bug # ",
            "bugs number",
            "Bug#",
            "bug # number",
            "Tracking Ticket",
            "Point of Contact:",
            "pointof contact",
            "Assigned  to",
            "_owner_",
            "owner_",
            "(PR)",
            "PRs",
            "GitHub issue",
            "Follow-up items",
            "followup",
            "Follow up",
            "Remediations",
            "prefix",
            "Who?",
            "what",
            "Somewhat",
            "",
            "--",
            "Responsible Party / Team",
            "Jira ticket",
        ];
        for re in [&OWNER_COLUMN, &TICKET_COLUMN, &ACTION_COLUMN] {
            let regex = regex::Regex::new(re.as_str()).unwrap();
            for h in headers {
                assert_eq!(is_column(re, h), regex.is_match(h), "{h:?} {}", re.as_str());
            }
        }
        for text in crate::test_texts::shipped_markdown() {
            text.lines().for_each(check);
        }
    }
}
