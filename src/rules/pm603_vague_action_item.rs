//! PM603 vague-action-item: an action item with no concrete change ("Improve …", "Be more
//! careful", "Train people to …").

use crate::facts::ascii_regex::{folds_to_ascii, AsciiRegex};
use crate::facts::word::WordSet;
use crate::facts::{ActionItem, Postmortem};
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use std::sync::LazyLock;

pub static META: RuleMeta = RuleMeta {
    code: "PM603",
    name: "vague-action-item",
    summary: "an action item with no concrete change (\"Improve …\", \"Be more careful\", \"Train people to …\")",
    default_severity: Severity::Info,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM603.md"),
    options: &[],
};

/// Words before the action itself: numbering, "TODO:", "We will", "Need to".
static LEAD: AsciiRegex = AsciiRegex::new(
    r"(?i)^(?:[\W\d]*(?:\d+[.)]|[a-h][.)])?\s*)?(?:(?:todo|to-do|action(?:\s+item)?|task|next\s+step)\s*\d*\s*[:\-–]\s*)?(?:(?:we|i|the\s+team|teams?|engineers?|developers?|everyone|all\s+staff)\s+)?(?:(?:will|shall|should|must|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+going\s+to|plan\s+to|want\s+to|aim\s+to|to)\s+)?",
);
/// Asking people to behave differently: vague whatever follows (SRE Workbook: "trying to change
/// human behavior is less reliable than changing automated systems").
///
/// Asked only after [`may_be_human`]: a new alternative needs its first word in
/// [`HUMAN_START`], and either that word in [`HUMAN_ALONE`] or a word every match of it holds
/// in [`HUMAN_LATER`] (`two_word_gates_keep_every_match_on_generated_texts` checks the gate
/// against this regex, with the words its pieces list).
static HUMAN: AsciiRegex = AsciiRegex::new(
    r"(?ix)^(?:
        be\s+(?:more\s+|extra\s+|very\s+)?(?:careful|vigilant|cautious|attentive|diligent|mindful)
      | pay\s+(?:more\s+|closer\s+|extra\s+)?attention
      | (?:re-?)?train(?:ing)?\b | educate | remind
      | (?:conduct|hold|organi[sz]e|provide|schedule|run|offer|arrange)\s+(?:(?:a|an|the|regular|more|additional|mandatory|periodic|further)\s+)*(?:team\s+)?(?:training|workshops?|awareness)
      | double[-\s]check | triple[-\s]check
      | stay\s+(?:alert|vigilant|focused)
      | follow\s+(?:the\s+)?(?:directions|instructions|procedures|process(?:es)?|best\s+practices|guidelines|rules|steps)\b(?:\s+more)?(?:\s+(?:carefully|thoroughly|closely|strictly))?\s*\.?$
      | (?:don'?t|do\s+not|never)\s+forget
      | remember\s+to
      | avoid\s+(?:making\s+)?(?:mistakes|errors|typos|human\s+errors?)
      | learn\s+from
      | (?:raise|increase)\s+awareness
    )",
);
/// Training people, anywhere in the item ("Conduct a session to train engineers on …").
static TRAIN_PEOPLE: AsciiRegex = AsciiRegex::new(
    r"(?i)\btrain(?:ing)?\s+(?:sessions?\s+)?(?:for\s+|of\s+)?(?:the\s+|our\s+|all\s+|new\s+)?(?:people|engineers|staff|developers|team|employees|humans|members|operators|admins|administrators)\b",
);
/// A generic verb or phrase that needs a concrete object to be an action.
///
/// Asked only after [`may_be_generic`]: a new alternative needs its words in
/// [`GENERIC_START`] and in [`GENERIC_ALONE`] or [`GENERIC_LATER`], as for [`HUMAN`].
static GENERIC: AsciiRegex = AsciiRegex::new(
    r"(?ix)^(?:
        improve | enhance | strengthen | optimi[sz]e | bolster | boost | refine | increase | better\b
      | review\s+(?:our\s+|the\s+|all\s+|existing\s+)?(?:processes|procedures|practices|policies|process)
      | (?:be|become)\s+more\s+\w+
      | more\s+(?:thorough|careful|robust|rigorous|frequent|regular|proactive|comprehensive)
      | ensure | make\s+sure
      | continue\s+to | keep\s+(?:an\s+eye|monitoring|improving|watching)
      | monitor\s+(?:closely|more|carefully|regularly)
      | (?:prevent|avoid)\s+(?:similar|such|this|these|future|the\s+same|recurrence|it\s+from)
      | look\s+into | investigate\s+ways | explore\s+(?:ways|options) | consider
      | try\s+to | work\s+on | focus\s+on | prioriti[sz]e | address
    )\b",
);
/// A concrete change: a number, a file, or a verb that makes or changes something.
static CONCRETE: AsciiRegex = AsciiRegex::new(
    r"(?ix)
        \d
      | \b[\w-]+\.(?:conf|config|php|py|js|ts|yml|yaml|json|sh|pp|rb|go|rs|cfg|ini|service|toml|xml|env|sql)\b
      | /[\w.-]+/
      | \b(?:add|adding|set\s+up|setting\s+up|implement|implementing|create|creating|automate|automating
          |configure|configuring|enable|enabling|install|installing|deploy|deploying|write|writing|require|requiring
          |block|blocking|reject|rejecting|limit|limiting|cap|validate|validating|lint|linting|alert(?:ing|s)?\s+(?:on|when|if)
          |page\s+(?:on|when)|migrate|migrating|replace|replacing|remove|removing|rotate|rotating|pin|pinning|patch|patching
          |switch(?:ing)?\s+to|move\s+to|introduce|introducing|integrate|integrating|schedule|scheduling|run|running|restrict|restricting
          |disable|disabling|upgrade|upgrading|split|splitting|increase\s+\w+\s+(?:from|to)|raise\s+\w+\s+to
          |enabled|disabled|push|pushing|send|sending|ship|shipping|export|exporting|forward|forwarding
          |store|storing|using|use\s+(?:a|an)|versioned)\b
    ",
);
/// A group of broad improvements: the ALX 0x19 task asks for "what are the things that can be
/// improved/fixed (broadly speaking)" before the specific list of tasks.
static BROAD_GROUP: AsciiRegex = AsciiRegex::new(
    r"(?i)\b(?:improvements?|improved|broad(?:ly)?|lessons?|learned|learnt|takeaways?|went\s+(?:well|wrong)|general)\b",
);

/// What is wrong with an item, if anything.
enum Vague {
    /// Asks people to behave differently.
    Human,
    /// A generic verb with no concrete change.
    Generic,
}

/// The part of an item that says what to do: after a short bold or colon label
/// ("**Monitoring:** add an alert …"), else the whole text. A `: ` inside an open parenthesis
/// ("Be careful (owner: @lena)") ends no label.
fn action_part(text: &str) -> &str {
    // The first `: ` (`str::find` builds a substring searcher per call; a `:` is rare).
    let b = text.as_bytes();
    if let Some(i) = memchr::memchr_iter(b':', b).find(|&i| b.get(i + 1) == Some(&b' ')) {
        let (label, rest) = (&text[..i], text[i + 2..].trim());
        // More `(` than `)` before it: the `: ` is inside a parenthesis. Words are counted only
        // as far as the test needs (the rest may be long).
        let count = |x: u8| memchr::memchr_iter(x, label.as_bytes()).count();
        if count(b'(') <= count(b')') && words_up_to(label, 6) <= 5 && words_up_to(rest, 2) >= 2 {
            return rest;
        }
    }
    text
}

/// `text.split_whitespace().take(max).count()`, byte by byte while the text is ASCII (where
/// `char::is_whitespace` is these six bytes), char by char from its first non-ASCII byte on.
fn words_up_to(text: &str, max: usize) -> usize {
    let mut words = 0;
    let mut space = true;
    for (i, &c) in text.as_bytes().iter().enumerate() {
        if words == max {
            return words;
        }
        if c >= 0x80 {
            for ch in text[i..].chars() {
                let white = ch.is_whitespace();
                if space && !white {
                    words += 1;
                    if words == max {
                        break;
                    }
                }
                space = white;
            }
            return words;
        }
        let white = matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        if space && !white {
            words += 1;
        }
        space = white;
    }
    words
}

/// The words that start [`HUMAN`], [`GENERIC`] and [`LEAD`] (at the start of the text), and
/// that [`TRAIN_PEOPLE`] and [`BROAD_GROUP`] find at a word start: text without them is not
/// searched. `ſ` and the Kelvin sign, which `(?i)` matches to `s` and `k`, may stand in some:
/// such text is searched.
static HUMAN_START: LazyLock<WordSet> = LazyLock::new(|| {
    // `retrain`, `re-train`, `remind` and `remember` rather than `re`, which starts many
    // concrete verbs ("Replace", "Restrict") that HUMAN would then be run on.
    let words = "be pay retrain re-train train educate remind conduct hold organi provide \
        schedule run offer arrange double triple stay follow do never remember avoid learn raise \
        increase";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
static GENERIC_START: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "improve enhance strengthen optimi bolster boost refine increase better review be \
        become more ensure make continue keep monitor prevent avoid look investigate explore \
        consider try work focus prioriti address";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
/// `i` is a word of LEAD too (see [`may_lead`]). LEAD reads `the` only in `the\s+team`, and an
/// item's text has its words joined by single spaces ([`ActionItem::text`]): "the team" is the
/// word (most items that start with "The" start no LEAD).
static LEAD_START: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "todo to action task next we team engineer developer everyone all will shall \
        should must need have has are plan want aim";
    let mut words: Vec<&str> = words.split_whitespace().collect();
    words.push("the team");
    WordSet::new(&words)
});
/// The words of [`HUMAN_START`] whose alternatives of [`HUMAN`] may match on that word alone
/// (`train`, `educate`, `double-check`, `remember to`, `learn from` …). An action starting with
/// another word of it holds one of [`HUMAN_LATER`] if HUMAN matches.
static HUMAN_ALONE: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "retrain re-train train educate remind double triple remember learn";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
/// A word at a word start (after `\s`) that every match of each other alternative of [`HUMAN`]
/// holds: `be … careful`, `pay … attention`, `run … training`, `stay alert`, `follow the
/// steps`, `don't forget`, `avoid mistakes`, `raise awareness`.
static HUMAN_LATER: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "careful vigilant cautious attentive diligent mindful attention training workshop \
        awareness alert focused directions instructions procedures process best guidelines rules \
        steps forget mistakes errors typos human";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
/// The words of [`GENERIC_START`] whose alternatives of [`GENERIC`] match on that word alone.
/// An action starting with another word of it holds one of [`GENERIC_LATER`] if GENERIC matches.
static GENERIC_ALONE: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "improve enhance strengthen optimi bolster boost refine increase better ensure \
        consider prioriti address";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
/// A word at a word start (after `\s`) that every match of each other alternative of
/// [`GENERIC`] holds: `review … processes`, `be more`, `more thorough`, `make sure`, `continue
/// to`, `keep an eye`, `monitor closely`, `prevent the same`, `look into`, `explore options`,
/// `work on`.
static GENERIC_LATER: LazyLock<WordSet> = LazyLock::new(|| {
    let words = "process procedures practices policies more thorough careful robust rigorous \
        frequent regular proactive comprehensive sure to eye monitoring improving watching \
        closely carefully regularly similar such this these future same recurrence from into \
        ways options on";
    WordSet::new(&words.split_whitespace().collect::<Vec<_>>())
});
static TRAIN: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(&["train"]));
static BROAD_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "improve", "broad", "lesson", "learn", "takeaway", "went", "general",
    ])
});

/// Whether `text` starts with one of `words`, or `folds`: whether `text`, or a text it is a part
/// of, holds `ſ` or the Kelvin sign ([`folds_to_ascii`], tested once per item).
fn starts_with(words: &WordSet, text: &str, folds: bool) -> bool {
    folds || words.starts(text.as_bytes())
}

/// Whether `text` holds one of `words` at a word start, or `folds` (as for [`starts_with`]).
fn holds(words: &WordSet, text: &str, folds: bool) -> bool {
    let mut found = folds;
    if !found {
        words.find(text, |_, _| found = true);
    }
    found
}

/// Whether [`LEAD`] may match more than nothing at the start of `text`: it starts with a
/// non-word character or a digit (`[\W\d]*`, every non-ASCII character taken for one), a letter
/// `a` to `h` and `.` or `)`, `i` (the word), or one of the other words.
fn may_lead(text: &str, folds: bool) -> bool {
    let b = text.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    !first.is_ascii_alphabetic()
        || (matches!(first.to_ascii_lowercase(), b'a'..=b'h')
            && matches!(b.get(1), Some(b'.' | b')')))
        || first.eq_ignore_ascii_case(&b'i')
        || starts_with(&LEAD_START, text, folds)
}

/// Whether [`HUMAN`] may match `action` (see [`starts_with`] for `folds`). Two word tests
/// rather than the start word alone: most actions that start with one of its words (`Run`,
/// `Provide`, `Follow`) lack the later word, and are then neither searched nor is the regex
/// compiled for them (1.9 M instructions).
fn may_be_human(action: &str, folds: bool) -> bool {
    starts_with(&HUMAN_START, action, folds)
        && (starts_with(&HUMAN_ALONE, action, folds) || holds(&HUMAN_LATER, action, folds))
}

/// Whether [`GENERIC`] may match `action`, as [`may_be_human`] for [`HUMAN`] (its compilation
/// costs 1.6 M instructions).
fn may_be_generic(action: &str, folds: bool) -> bool {
    starts_with(&GENERIC_START, action, folds)
        && (starts_with(&GENERIC_ALONE, action, folds) || holds(&GENERIC_LATER, action, folds))
}

fn vague(item: &ActionItem) -> Option<Vague> {
    if item.has_details
        || item
            .group
            .as_deref()
            .is_some_and(|g| holds(&BROAD_WORDS, g, folds_to_ascii(g)) && BROAD_GROUP.is_match(g))
    {
        return None;
    }
    // The texts below are parts of the item's text: one test for `ſ` and the Kelvin sign.
    let folds = folds_to_ascii(&item.text);
    let text = action_part(&item.text);
    let lead = if may_lead(text, folds) {
        LEAD.find(text).map_or(0, |m| m.end)
    } else {
        0
    };
    let action = &text[lead..];
    if (may_be_human(action, folds) && HUMAN.is_match(action))
        || (holds(&TRAIN, text, folds) && TRAIN_PEOPLE.is_match(text))
    {
        return Some(Vague::Human);
    }
    // A concrete label counts too: "**Patch Nginx:** ensure all servers are patched".
    // The code test first: it costs nothing, the regexes do.
    (!item.code
        && may_be_generic(action, folds)
        && GENERIC.is_match(action)
        && !CONCRETE.is_match(&item.text))
    .then_some(Vague::Generic)
}

/// A short form of the item's text for messages.
fn excerpt(text: &str) -> String {
    let out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        format!("{}…", out.trim_end())
    } else {
        out
    }
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for item in pm.action_items.iter().flat_map(|s| &s.items) {
        let Some(kind) = vague(item) else { continue };
        let text = excerpt(&item.text);
        let d = match kind {
            Vague::Human => r
                .report(
                    item.span.clone(),
                    format!("action item `{text}` asks people to act differently instead of changing a system"),
                )
                .label("relies on people"),
            Vague::Generic => r
                .report(
                    item.span.clone(),
                    format!("action item `{text}` names no concrete change"),
                )
                .label("what will change?"),
        };
        d.help("write a change with a verifiable end state, e.g. `Add a CI check that runs nginx -t on every configuration change` or `Alert when the 5xx rate exceeds 1% for 5 minutes`");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_forms_agree_with_the_regex_crate() {
        let samples = [
            "1) TODO: We will be more careful — double-check configs before deploying",
            "Conduct regular training sessions for engineers; remind everyone to follow the steps.",
            "Improve monitoring of nginx.conf and /etc/nginx/ paths; add an alert on 5xx",
            "**Lessons learned:** ensure similar issues don’t recur; look into options",
        ];
        for re in [
            &LEAD,
            &HUMAN,
            &TRAIN_PEOPLE,
            &GENERIC,
            &CONCRETE,
            &BROAD_GROUP,
        ] {
            crate::facts::ascii_regex::check::agrees_with_regex_crate(re, &samples);
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for t in [
            "",
            "  ",
            "Owner",
            "a b  c\td\ne f g",
            "x\u{a0}y z",
            "caf\u{e9} au lait\u{2003}now",
            "\u{3000}one two",
            "one two three four five six seven",
            " \x0ba\x0c\rb  ",
            "\t",
        ] {
            for max in [1, 2, 6] {
                let n = t.split_whitespace().take(max).count();
                assert_eq!(words_up_to(t, max), n, "{t:?} {max}");
            }
        }
    }

    /// The two-word gates in front of HUMAN and GENERIC against the regexes, on generated
    /// actions built from their words, near misses, case changes, `ſ`, the Kelvin sign,
    /// non-ASCII white space and punctuation.
    #[test]
    fn two_word_gates_keep_every_match_on_generated_texts() {
        let [human, generic] = [&HUMAN, &GENERIC].map(|r| regex::Regex::new(r.as_str()).unwrap());
        let mut pieces: Vec<String> = [
            "be",
            "pay",
            "run",
            "Hold",
            "follow",
            "stay",
            "do",
            "not",
            "don't",
            "never",
            "avoid",
            "raise",
            "increase",
            "review",
            "become",
            "more",
            "make",
            "keep",
            "monitor",
            "prevent",
            "look",
            "explore",
            "try",
            "work",
            "focus",
            "an",
            "eye",
            "the",
            "regular",
            "team",
            "careful",
            "attention",
            "training",
            "workshops",
            "awareness",
            "alert",
            "steps",
            "best",
            "practices",
            "forget",
            "making",
            "mistakes",
            "human",
            "errors",
            "processes",
            "thorough",
            "sure",
            "to",
            "closely",
            "same",
            "it",
            "from",
            "into",
            "ways",
            "options",
            "on",
            "improve",
            "ensure",
            "train",
            "re-train",
            "double",
            "check",
            "learn",
            "remember",
            "x",
            "\u{17f}tay",
            "\u{212a}eep",
            "caf\u{e9}",
            "\u{e9}",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        pieces.extend(pieces.clone().iter().map(|p| p.to_uppercase()));
        pieces.extend(
            [
                " ", " ", " ", "  ", "\u{a0}", "\u{2003}", "-", ".", "_", "1", "'",
            ]
            .iter()
            .map(ToString::to_string),
        );
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let (mut humans, mut generics) = (0, 0);
        for text in crate::test_texts::random(&pieces, 40_000, 8, 7) {
            let folds = folds_to_ascii(&text);
            if human.is_match(&text) {
                humans += 1;
                assert!(may_be_human(&text, folds), "{text:?}");
            }
            if generic.is_match(&text) {
                generics += 1;
                assert!(may_be_generic(&text, folds), "{text:?}");
            }
        }
        // The generated texts do reach both regexes.
        assert!(humans > 100 && generics > 100, "{humans} {generics}");
        for text in [
            "",
            " ",
            "be",
            "Be  more",
            "pay\u{a0}attention",
            "keep an eye",
            "\u{17f}",
        ] {
            let folds = folds_to_ascii(text);
            assert!(
                !human.is_match(text) || may_be_human(text, folds),
                "{text:?}"
            );
            assert!(
                !generic.is_match(text) || may_be_generic(text, folds),
                "{text:?}"
            );
        }
    }

    #[test]
    fn prefilters_keep_every_match() {
        let [lead, human, train, generic, broad] =
            [&LEAD, &HUMAN, &TRAIN_PEOPLE, &GENERIC, &BROAD_GROUP]
                .map(|r| regex::Regex::new(r.as_str()).unwrap());
        let check = |text: &str| {
            // As an item's text is: its words joined by single spaces.
            let text = &text.split_whitespace().collect::<Vec<_>>().join(" ");
            let folds = folds_to_ascii(text);
            let lead_end = lead.find(text).map_or(0, |m| m.end());
            assert!(lead_end == 0 || may_lead(text, folds), "{text:?}");
            let action = &text[lead_end..];
            assert!(
                !human.is_match(action) || may_be_human(action, folds),
                "{action:?}"
            );
            assert!(
                !generic.is_match(action) || may_be_generic(action, folds),
                "{action:?}"
            );
            assert!(
                !train.is_match(text) || holds(&TRAIN, text, folds),
                "{text:?}"
            );
            assert!(
                !broad.is_match(text) || holds(&BROAD_WORDS, text, folds),
                "{text:?}"
            );
        };
        for text in [
            "I will be more careful",
            "a) Re-train staff",
            "Retraining for all",
            "Remind the team",
            "Remember to page",
            "3. TODO: Double-check it",
            "We ensure X",
            "Don't forget the backups",
            "– Improve alerting",
            "Pay closer attention",
            "Lessons learned",
            "What went well",
            "\u{17f}tay alert",
            "Hold regular training",
            "The team will be more careful",
            "The\u{a0} team  should improve it",
            "The queue will improve",
        ] {
            check(text);
            check(&text.to_uppercase());
        }
        for text in crate::test_texts::shipped_markdown() {
            for line in text.lines() {
                // As list items read: without the marker and the box.
                check(line.trim_start_matches(['-', '*', ' ', '[', ']', 'x']));
                check(line);
            }
        }
    }
}
