//! PM702 blameful-language: blame or judgment of people, and counterfactuals.
//!
//! Phrase patterns from the blameless-postmortem guidance collected in
//! `shared/design/postmortem-domain.md` §6 (SRE book ch. 15, SRE Workbook "animated language",
//! PagerDuty "avoid the concept of human error" and "alternate reality" wording, GitLab "a root
//! cause can never be a person").

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

static PATTERNS: LazyLock<Vec<(Regex, Kind)>> = LazyLock::new(|| {
    let p = PERSON;
    [
        (r"(?i)\bhuman[\s-]+(?:errors?|mistakes?|failures?)\b|\b(?:operator|user)\s+error\b|\bpebkac\b".to_string(), Kind::HumanError),
        (
            r"(?i)\b(?:careless(?:ly|ness)?|negligen(?:t|ce|tly)|incompeten(?:t|ce|tly)|lazy|laziness|sloppy|sloppiness|stupid(?:ity)?|idiot(?:ic|s)?|reckless(?:ly|ness)?|clueless|foolish(?:ly|ness)?|inept|unprofessional|irresponsibl[ey])\b".to_string(),
            Kind::Judgment,
        ),
        (r"(?i)\bshould(?:n't|\s+not)?\s+have\s+known\b".to_string(), Kind::Hindsight),
        (
            format!(r"(?i)\b(?:{p}|we)\s+should(?:n't|\s+not)?\s+have\s+(?:\w+ly\s+)?(?:known|done|seen|run|caught|taken|written|made|given|thought|understood|kept|read|spotted|had|gone|\w+ed)\b"),
            Kind::Hindsight,
        ),
        (
            r"(?i)\bshould\s+have\s+been\s+(?:caught|noticed|spotted|detected|tested|reviewed|checked|double-checked|verified|validated|prevented|avoided|addressed|handled)\b".to_string(),
            Kind::Hindsight,
        ),
        (r"(?i)\b(?:forgot|forgotten|forgetting|forgets|neglected)\s+(?:to|about)\b".to_string(), Kind::Forgot),
        (
            format!(r"(?i)\b{p}\s+(?:had\s+|has\s+|simply\s+)?(?:failed|neglected)\s+to\s+(?:test|check|verify|follow|notice|review|read|update|communicate|escalate|report|validate|back\s+up|document|consider|realize|recognize|catch|inform|notify|respond|double-check|run)\b"),
            Kind::Forgot,
        ),
        (
            format!(r"(?i)\b{p}\s+(?:didn't|did\s+not|never)\s+(?:follow|bother)\b|\b{p}\s+(?:ignored|disregarded)\b"),
            Kind::Forgot,
        ),
        (
            format!(r"(?i)\bfault\s+of\b|\b(?:my|his|her|your|own|[a-z]+'s)\s+(?:own\s+)?fault\b|\b{p}\s+(?:is|was|are|were)\s+(?:\w+\s+)?(?:at\s+fault|to\s+blame)\b|\bblame\s+(?:lies|rests)\b|\b(?:my|his|her)\s+(?:mistake|error|blunder|oversight|negligence)\b"),
            Kind::Fault,
        ),
        (
            r"(?i)\b(?:would|could|might)(?:n't|\s+not)?\s+have\s+(?:been\s+)?(?:easily\s+)?(?:prevented|avoided|averted)\b|\b(?:would|could)(?:n't|\s+not)\s+have\s+(?:happened|occurred)\b|\b(?:would|could)\s+have\s+(?:been\s+)?\w+(?:\s+\w+){0,6}\s+(?:earlier|sooner)\b|\bif\b[^.;]{1,120}?\bhad(?:n't|\s+not)?\b[^.;]{1,160}?\b(?:would|could)(?:n't|\s+not)\s+have\b".to_string(),
            Kind::Counterfactual,
        ),
    ]
    .into_iter()
    .map(|(re, k)| (Regex::new(&re).expect("blame regex"), k))
    .collect()
});

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
fn excused(text: &str, m: &regex::Match, kind: Kind) -> bool {
    let before = &text[..m.start()];
    let after = &text[m.end()..];
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
                || (m.as_str().eq_ignore_ascii_case("lazy") && TECHNICAL_LAZY.is_match(after))
        }
        Kind::Forgot => INSTRUCTION_BEFORE.is_match(before),
        Kind::Fault => NEGATED_FAULT.is_match(before) || NEGATED_FAULT.is_match(m.as_str()),
        Kind::Hindsight | Kind::Counterfactual => false,
    }
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for line in pm.prose.lines.iter().filter(|l| !l.log && !l.in_quote) {
        let text = &line.own;
        let mut found: Vec<(std::ops::Range<usize>, Kind)> = Vec::new();
        for (re, kind) in PATTERNS.iter() {
            for m in re.find_iter(text) {
                let overlaps = found
                    .iter()
                    .any(|(f, _)| f.start < m.end() && m.start() < f.end);
                if !overlaps && !excused(text, &m, *kind) {
                    found.push((m.range(), *kind));
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
