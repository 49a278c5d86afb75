//! PM702 blameful-language: blame or judgment of people, and counterfactuals.
//!
//! Phrase patterns from the blameless-postmortem guidance collected in
//! `shared/design/postmortem-domain.md` §6 (SRE book ch. 15, SRE Workbook "animated language",
//! PagerDuty "avoid the concept of human error" and "alternate reality" wording, GitLab "a root
//! cause can never be a person").

use crate::facts::ascii_regex::{folds_to_ascii, AsciiRegex};
use crate::facts::word::{WordSet, WordStarts};
use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub static META: RuleMeta = RuleMeta {
    code: "PM702",
    name: "blameful-language",
    summary: "blame or judgment of people: \"human error\", \"careless\", \"should have known\", \"forgot to\", counterfactuals",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM702.md"),
    options: &[],
};

/// Who a sentence may blame: pronouns and role nouns (names are never matched on their own).
const PERSON: &str = r"(?:i|he|she|they|you|someone|somebody|nobody|(?:the|a|an|our|one|that|this)\s+(?:(?:junior|senior|new|on-?call|devops|sre|backend|frontend|network|database|system|responsible)\s+)?(?:engineer|developer|dev|admin|administrator|sysadmin|operator|intern|reviewer|employee|user|person|technician|member)s?|engineers|developers|admins|operators|reviewers|@[\w-]+)";

#[derive(Clone, Copy)]
enum Kind {
    HumanError,
    Judgment,
    Hindsight,
    Forgot,
    Fault,
    Counterfactual,
}

impl Kind {
    fn why(self) -> &'static str {
        match self {
            Kind::HumanError => "names a person's error as the cause",
            Kind::Judgment => "judges a person",
            Kind::Hindsight => "is hindsight about what someone should have done",
            Kind::Forgot => "blames a person for a missed step",
            Kind::Fault => "assigns fault to a person",
            Kind::Counterfactual => {
                "is a counterfactual: it describes what did not happen instead of what did"
            }
        }
    }
    fn label(self) -> &'static str {
        match self {
            Kind::HumanError | Kind::Forgot | Kind::Fault => "blames a person",
            Kind::Judgment => "judgment",
            Kind::Hindsight => "hindsight",
            Kind::Counterfactual => "counterfactual",
        }
    }
    fn help(self) -> &'static str {
        match self {
            Kind::HumanError | Kind::Fault | Kind::Forgot => "describe the conditions that let the mistake through (no validation, no review, an unclear procedure, a manual step) and how the system will catch it next time",
            Kind::Judgment => "state what happened and what the system allowed, without judging anyone",
            Kind::Hindsight | Kind::Counterfactual => "describe what people knew and did at the time, and what change (a check, an alert, a safer default) makes the right action the easy one",
        }
    }
}

/// A blame pattern, and the words a line must hold for it to match there.
struct Pattern {
    /// Matched without regard to case (`(?i)`), with Unicode classes and word boundaries.
    regex: AsciiRegex,
    kind: Kind,
    /// When the regex can match: any of these alternatives, each a list of requirements that
    /// must all hold. A requirement is one group of words (`"my|his|her"`: one of them occurs),
    /// or groups separated by spaces (`"operator|user error"`: a word of the first group, white
    /// space, then a word of the second, as the regex's `(?:operator|user)\s+error` requires).
    /// Every match of the alternative contains the words, each at a word start (after `\b` or
    /// `\s` in the regex); see [`Gate`] for why that rules out no line the regex matches.
    needs: &'static [&'static [&'static str]],
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = PERSON;
    let table: [(String, Kind, &'static [&'static [&'static str]]); 10] = [
        (
            r"(?i)\bhuman[\s-]+(?:errors?|mistakes?|failures?)\b|\b(?:operator|user)\s+error\b|\bpebkac\b".to_string(),
            Kind::HumanError,
            &[&["human"], &["operator|user error"], &["pebkac"]],
        ),
        (
            r"(?i)\b(?:careless(?:ly|ness)?|negligen(?:t|ce|tly)|incompeten(?:t|ce|tly)|lazy|laziness|sloppy|sloppiness|stupid(?:ity)?|idiot(?:ic|s)?|reckless(?:ly|ness)?|clueless|foolish(?:ly|ness)?|inept|unprofessional|irresponsibl[ey])\b".to_string(),
            Kind::Judgment,
            &[&["careless|negligen|incompeten|lazy|lazi|slopp|stupid|idiot|reckless|clueless|foolish|inept|unprofessional|irresponsibl"]],
        ),
        (
            r"(?i)\bshould(?:n't|\s+not)?\s+have\s+known\b".to_string(),
            Kind::Hindsight,
            &[&["should", "have known"]],
        ),
        (
            format!(r"(?i)\b(?:{p}|we)\s+should(?:n't|\s+not)?\s+have\s+(?:\w+ly\s+)?(?:known|done|seen|run|caught|taken|written|made|given|thought|understood|kept|read|spotted|had|gone|\w+ed)\b"),
            Kind::Hindsight,
            &[&["should", "have"]],
        ),
        (
            r"(?i)\bshould\s+have\s+been\s+(?:caught|noticed|spotted|detected|tested|reviewed|checked|double-checked|verified|validated|prevented|avoided|addressed|handled)\b".to_string(),
            Kind::Hindsight,
            &[&["should", "have been"]],
        ),
        (
            r"(?i)\b(?:forgot|forgotten|forgetting|forgets|neglected)\s+(?:to|about)\b".to_string(),
            Kind::Forgot,
            &[&["forgot|forgotten|forgetting|forgets|neglected to|about"]],
        ),
        (
            format!(r"(?i)\b{p}\s+(?:had\s+|has\s+|simply\s+)?(?:failed|neglected)\s+to\s+(?:test|check|verify|follow|notice|review|read|update|communicate|escalate|report|validate|back\s+up|document|consider|realize|recognize|catch|inform|notify|respond|double-check|run)\b"),
            Kind::Forgot,
            &[&["failed|neglected to"]],
        ),
        (
            format!(r"(?i)\b{p}\s+(?:didn't|did\s+not|never)\s+(?:follow|bother)\b|\b{p}\s+(?:ignored|disregarded)\b"),
            Kind::Forgot,
            &[&["did|never", "follow|bother"], &["ignored|disregarded"]],
        ),
        (
            format!(r"(?i)\bfault\s+of\b|\b(?:my|his|her|your|own|[a-z]+'s)\s+(?:own\s+)?fault\b|\b{p}\s+(?:is|was|are|were)\s+(?:\w+\s+)?(?:at\s+fault|to\s+blame)\b|\bblame\s+(?:lies|rests)\b|\b(?:my|his|her)\s+(?:mistake|error|blunder|oversight|negligence)\b"),
            Kind::Fault,
            &[&["fault|blame"], &["my|his|her mistake|error|blunder|oversight|negligence"]],
        ),
        (
            r"(?i)\b(?:would|could|might)(?:n't|\s+not)?\s+have\s+(?:been\s+)?(?:easily\s+)?(?:prevented|avoided|averted)\b|\b(?:would|could)(?:n't|\s+not)\s+have\s+(?:happened|occurred)\b|\b(?:would|could)\s+have\s+(?:been\s+)?\w+(?:\s+\w+){0,6}\s+(?:earlier|sooner)\b|\bif\b[^.;]{1,120}?\bhad(?:n't|\s+not)?\b[^.;]{1,160}?\b(?:would|could)(?:n't|\s+not)\s+have\b".to_string(),
            Kind::Counterfactual,
            &[&["would|could|might", "have"]],
        ),
    ];
    table
        .into_iter()
        .map(|(source, kind, needs)| Pattern {
            regex: AsciiRegex::from_string(source),
            kind,
            needs,
        })
        .collect()
});

/// Which patterns of [`PATTERNS`] a line may match, from one pass over the line for the words
/// the patterns need ([`WordSet`]: ASCII case-insensitive, at word starts).
///
/// Exact (it never rules out a line a pattern matches): a match of a pattern contains the words
/// of one of its alternatives, and `(?i)` matches an ASCII letter only to itself in either case,
/// except that `ſ` matches `s` and the Kelvin sign `K` matches `k` (Unicode simple case folding):
/// a line holding either is given every pattern. Each word starts a word in the regex (after
/// `\b` or `\s`), so an occurrence right after an ASCII letter, digit or `_` (a word character,
/// hence neither a boundary nor a space before it) cannot be part of a match: [`WordSet`] does
/// not report it.
///
/// Each requirement (see [`Pattern::needs`]) has a bit; the pass sets the bits of the
/// requirements that hold as it finds their first words (no list of occurrences is kept), and a
/// pattern may match when all the requirements of one of its alternatives hold.
struct Gate {
    /// The words that start a requirement.
    words: WordSet,
    /// For each word of [`Gate::words`]: the bits of the requirements it meets on its own (those
    /// with no words after it).
    alone: Vec<u64>,
    /// For each word of [`Gate::words`]: the requirements it starts that need words after it,
    /// each as its bit and those words' groups, each group its words (split once here, not on
    /// each of the ~20 calls per document to [`followed_by`]).
    then: Vec<Vec<(u64, Groups)>>,
    /// Every alternative of every pattern: the bits of its requirements, and the pattern's bit.
    alts: Vec<(u64, u32)>,
}

static GATE: LazyLock<Gate> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = Vec::new();
    let mut alone: Vec<u64> = Vec::new();
    let mut then: Vec<Vec<(u64, Groups)>> = Vec::new();
    let mut alts = Vec::new();
    let mut next_bit = 0;
    for (i, p) in PATTERNS.iter().enumerate() {
        for alt in p.needs {
            let mut mask = 0u64;
            for req in alt.iter() {
                assert!(next_bit < 64, "too many blame requirements");
                let bit = 1u64 << next_bit;
                next_bit += 1;
                mask |= bit;
                let mut groups = req.split(' ');
                let first = groups.next().unwrap_or_default();
                let rest: Groups = groups.map(|g| g.split('|').collect()).collect();
                for w in first.split('|') {
                    let k = words.iter().position(|&x| x == w).unwrap_or_else(|| {
                        words.push(w);
                        alone.push(0);
                        then.push(Vec::new());
                        words.len() - 1
                    });
                    if rest.is_empty() {
                        alone[k] |= bit;
                    } else {
                        then[k].push((bit, rest.clone()));
                    }
                }
            }
            alts.push((mask, 1u32 << i));
        }
    }
    Gate {
        words: WordSet::new(&words),
        alone,
        then,
        alts,
    }
});

impl Gate {
    /// [`Gate::patterns_with`] without word starts.
    #[cfg(test)]
    fn patterns_for(&self, text: &str, folds: bool) -> u32 {
        self.patterns_with(text, None, folds)
    }

    /// Bit `i` set when pattern `i` of [`PATTERNS`] may match in `text`. `folds`: false only
    /// when `text` holds neither `ſ` nor the Kelvin sign ([`folds_to_ascii`]). `starts`: the
    /// word starts of `text` when known
    /// ([`crate::facts::prose::ProseLine::own_word_starts`]), else None.
    fn patterns_with(&self, text: &str, starts: Option<&[WordStarts]>, folds: bool) -> u32 {
        if folds && folds_to_ascii(text) {
            return u32::MAX;
        }
        let b = text.as_bytes();
        // The requirements that hold.
        let mut held = 0u64;
        let mut found = |i: usize, range: std::ops::Range<usize>| {
            held |= self.alone[i];
            for (bit, groups) in &self.then[i] {
                if held & bit == 0 && followed_by(b, range.end, groups) {
                    held |= bit;
                }
            }
        };
        match starts {
            Some(starts) => self.words.find_at(text, starts, &mut found),
            None => self.words.find(text, &mut found),
        }
        if held == 0 {
            return 0;
        }
        self.alts.iter().fold(0, |out, &(mask, bit)| {
            out | if held & mask == mask { bit } else { 0 }
        })
    }
}

/// Groups of words (see [`Pattern::needs`]): one word of each must follow in turn.
type Groups = Vec<Vec<&'static str>>;

/// Whether `text[at..]` is white space, then a word of `groups[0]`, white space, a word of
/// `groups[1]` and so on (white space: any non-empty run of ASCII white space and non-ASCII
/// bytes, a superset of the regex's `\s+`; words without regard to ASCII case).
fn followed_by(text: &[u8], at: usize, groups: &[Vec<&str>]) -> bool {
    let Some((group, rest)) = groups.split_first() else {
        return true;
    };
    let rest_of = &text[at..];
    let gap = rest_of
        .iter()
        .take_while(|&&c| c.is_ascii_whitespace() || c == 0x0B || c >= 0x80)
        .count();
    gap > 0
        && group.iter().any(|w| {
            rest_of[gap..]
                .get(..w.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
                && followed_by(text, at + gap + w.len(), rest)
        })
}

/// Before "human error": it is named as a risk to reduce, not as a cause.
static PREVENTIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:prevent\w*|avoid\w*|reduc\w*|minimi[sz]\w*|eliminat\w*|mitigat\w*|lower\w*|remov\w*|risks?|likelihood|chances?|possibility|probability|prone|against|fewer|less|guard\w*|protect\w*|susceptib\w*|safeguard\w*|catch\w*|detect\w*)\b[^.;]{0,50}$").unwrap()
});
/// "user error reports", "operator error rate": the words name a kind of report, not a cause.
static ERROR_AS_MODIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:reports?|messages?|rates?|pages?|logs?|counts?|codes?|responses?|screens?|dialogs?|handling|events?|spikes?|tickets?|metrics?)\b").unwrap()
});
/// Right before a phrase: it is denied ("not human error", "no one was careless").
static NEGATED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:not|no|never|nobody|without|rather\s+than|instead\s+of|isn't|wasn't|aren't|weren't)\b|\bno\s+one\b)(?:\s+(?:a|an|the|due\s+to|caused\s+by|because\s+of|about|one's|anyone's))?\s*$").unwrap()
});
/// "Don't forget to …" is an instruction, not blame.
static INSTRUCTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:don['’]t|do\s+not|never|not|won['’]t|will\s+not)\s*$").unwrap()
});
/// A phrase listed among other possible causes (the ALX 0x19 task's "bugs, traffic spikes,
/// security issues, hardware failures, natural disasters, human error…").
static LIST_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r",[^,.;]{1,40},\s*(?:and\s+|or\s+)?$").unwrap());
static LIST_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:…|\.\.\.|,[^,.;]{1,40},)").unwrap());
/// "lazy loading", "lazy evaluation": a technique, not a judgment.
static TECHNICAL_LAZY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s-]*(?:load|evaluat|init|instantiat|fetch|import|compil)").unwrap()
});
/// "no one is to blame", "nobody's fault": blameless statements.
static NEGATED_FAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:no\s*one|nobody|not|no|never|without|isn't|wasn't)\b[^.;]{0,30}$")
        .unwrap()
});

/// Whether the match `m` of `kind` in `text` is not blame after all.
fn excused(text: &str, m: std::ops::Range<usize>, kind: Kind) -> bool {
    let before = &text[..m.start];
    let after = &text[m.end..];
    let matched = &text[m];
    match kind {
        Kind::HumanError => {
            ERROR_AS_MODIFIER.is_match(after)
                || NEGATED_BEFORE.is_match(before)
                || PREVENTIVE_BEFORE.is_match(before)
                || LIST_BEFORE.is_match(before)
                || LIST_AFTER.is_match(after)
        }
        Kind::Judgment => {
            NEGATED_BEFORE.is_match(before)
                || (matched.eq_ignore_ascii_case("lazy") && TECHNICAL_LAZY.is_match(after))
        }
        Kind::Forgot => INSTRUCTION_BEFORE.is_match(before),
        Kind::Fault => NEGATED_FAULT.is_match(before) || NEGATED_FAULT.is_match(matched),
        Kind::Hindsight | Kind::Counterfactual => false,
    }
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for line in &pm.prose.lines {
        if line.in_quote {
            continue;
        }
        let text = line.own(&pm.markdown);
        let starts = line.own_word_starts(&pm.prose);
        let gated = GATE.patterns_with(text, starts, pm.prose.folds);
        // Log lines (pasted output) are not the author's words; few lines get this far.
        if gated == 0 || line.is_log(&pm.markdown) {
            continue;
        }
        let mut found: Vec<(std::ops::Range<usize>, Kind)> = Vec::new();
        for (i, pattern) in PATTERNS.iter().enumerate() {
            if gated & (1 << i) == 0 {
                continue;
            }
            let kind = pattern.kind;
            for m in pattern.regex.find_iter(text) {
                let overlaps = found
                    .iter()
                    .any(|(f, _)| f.start < m.end && m.start < f.end);
                if !overlaps && !excused(text, m.clone(), kind) {
                    found.push((m, kind));
                }
            }
        }
        found.sort_by_key(|(rg, _)| rg.start);
        for (range, kind) in found {
            let phrase = text[range.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            r.report(
                line.start + range.start..line.start + range.end,
                format!("`{phrase}` {}", kind.why()),
            )
            .label(kind.label())
            .help(kind.help());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when a pattern matches `text` but the gate rules it out, or when its
    /// [`AsciiRegex`] finds other matches than the regex crate's `Regex`.
    fn assert_gate_keeps_matches(text: &str) {
        static UNICODE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
            PATTERNS
                .iter()
                .map(|p| Regex::new(p.regex.as_str()).unwrap())
                .collect()
        });
        let unicode = &*UNICODE;
        let gated = GATE.patterns_for(text, true);
        for (i, p) in PATTERNS.iter().enumerate() {
            let matches: Vec<_> = unicode[i].find_iter(text).map(|m| m.range()).collect();
            assert!(
                gated & (1 << i) != 0 || matches.is_empty(),
                "pattern {i} matches {text:?} but the gate rules it out"
            );
            let ours: Vec<_> = p.regex.find_iter(text).collect();
            assert_eq!(ours, matches, "pattern {i} on {text:?}");
        }
    }

    /// Lines with a match of each pattern, and near misses.
    const SAMPLES: &[&str] = &[
        "The outage was caused by HUMAN ERROR, and operator\u{a0}error too; PEBKAC.",
        "He was careless, negligently sloppy; laziness and stupidity.",
        "they shouldn't have known; we should not have easily caught it",
        "the on-call engineer should have been double-checked",
        "Engineers forgot about it and neglected to say",
        "@dana simply failed to back  up the database",
        "The developer didn't bother, the SRE ignored it, admins disregarded it",
        "dana's own fault; the fault of the team; the intern was partly to blame",
        "blame lies with her oversight and my mistake",
        "it could not have happened; it might've… could have been easily averted",
        "if the check had run, the site wouldn't have gone down",
        "would have been seen a lot earlier",
        // `ſ` and the Kelvin sign match `s` and `k` under `(?i)`.
        "he was carele\u{17f}\u{17f}; blame \u{17f}hould have \u{212a}nown",
        "¡human error!",
        "«user error»",
    ];

    #[test]
    fn the_gate_keeps_every_line_a_pattern_matches() {
        for text in SAMPLES {
            assert_gate_keeps_matches(text);
        }
        // Every line of the fixtures and rule docs.
        let mut lines = 0;
        for text in crate::test_texts::shipped_markdown() {
            for line in text.lines() {
                assert_gate_keeps_matches(line);
                lines += 1;
            }
        }
        assert!(lines > 1000, "{lines} lines read");
    }

    /// [`Gate::patterns_for`] as [`Pattern::needs`] specifies it, one byte at a time: a
    /// requirement holds where a word of its first group starts a word (an ASCII letter not
    /// after an ASCII letter, digit or `_`) and the words of its other groups follow.
    fn patterns_naive(text: &str) -> u32 {
        if folds_to_ascii(text) {
            return u32::MAX;
        }
        let b = text.as_bytes();
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let holds = |req: &str| {
            let groups: Vec<Vec<&str>> = req.split(' ').map(|g| g.split('|').collect()).collect();
            (0..b.len()).any(|at| {
                b[at].is_ascii_alphabetic()
                    && (at == 0 || !is_word(b[at - 1]))
                    && groups[0].iter().any(|w| {
                        b[at..]
                            .get(..w.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
                            && followed_by(b, at + w.len(), &groups[1..])
                    })
            })
        };
        let mut out = 0;
        for (i, p) in PATTERNS.iter().enumerate() {
            if p.needs.iter().any(|alt| alt.iter().all(|req| holds(req))) {
                out |= 1 << i;
            }
        }
        out
    }

    #[test]
    fn the_gate_agrees_with_a_byte_by_byte_reading_of_the_needs() {
        let pieces = [
            "human",
            "HUMAN",
            "operator",
            "user",
            "Error",
            "error",
            "pebkac",
            "careless",
            "negligent",
            "lazy",
            "should",
            "Should",
            "have",
            "known",
            "been",
            "did",
            "never",
            "follow",
            "bother",
            "ignored",
            "fault",
            "blame",
            "my",
            "his",
            "her",
            "mistake",
            "would",
            "could",
            "might",
            "forgot",
            "forgets",
            "neglected",
            "to",
            "about",
            "failed",
            " ",
            " ",
            " ",
            "  ",
            "\u{a0}",
            "\t",
            "-",
            "_",
            "x",
            "1",
            ".",
            "'",
            "é",
            "ſ",
            "o",
        ];
        let mut starts = Vec::new();
        for t in crate::test_texts::random(&pieces, 40_000, 12, 11) {
            let want = patterns_naive(&t);
            assert_eq!(GATE.patterns_for(&t, true), want, "{t:?}");
            starts.clear();
            crate::facts::word::word_starts(&t, &mut starts);
            if !folds_to_ascii(&t) {
                assert_eq!(GATE.patterns_with(&t, Some(&starts), false), want, "{t:?}");
            }
        }
    }

    #[test]
    fn the_gate_rules_out_lines_without_the_words() {
        assert_eq!(GATE.patterns_for("The deploy restarted the pods", true), 0);
        // `her` inside `other`, `error` without `operator`, `user` or a possessive.
        assert_eq!(GATE.patterns_for("other errors were logged", true), 0);
        assert_eq!(GATE.patterns_for("users saw an error", true), 0);
        assert_eq!(GATE.patterns_for("a user \u{a0}error", true), 1);
        // `failed` not followed by `to`, then followed by it.
        assert_eq!(GATE.patterns_for("Our page failed on retry", true), 0);
        assert_eq!(
            GATE.patterns_for("the engineer failed  to test", true),
            1 << 6
        );
        assert_eq!(GATE.patterns_for("it was his fault", true), 1 << 8);
    }

    #[test]
    fn ascii_forms_agree_with_the_regex_crate() {
        for p in PATTERNS.iter() {
            crate::facts::ascii_regex::check::agrees_with_regex_crate(&p.regex, SAMPLES);
        }
    }
}
