//! PM701 word-count: the prose word count is outside the range a profile sets.

use crate::facts::Postmortem;
use crate::rule::{FixAvailability, Reporter, RuleMeta, RuleOption, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM701",
    name: "word-count",
    summary:
        "prose word count outside the profile's range (code blocks, URLs and HTML tags not counted)",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM701.md"),
    options: &[
        RuleOption {
            name: "min-words",
            default: 0,
            doc: "fewest words of prose allowed; 0 sets no minimum (the ALX 0x19 task: 400)",
        },
        RuleOption {
            name: "max-words",
            default: 0,
            doc: "most words of prose allowed; 0 sets no maximum (the ALX 0x19 task: 600)",
        },
    ],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    let min = pm.profile.option(&META, "min-words");
    let max = pm.profile.option(&META, "max-words");
    let words = i64::try_from(pm.prose.words).unwrap_or(i64::MAX);
    let expected = match (min > 0, max > 0) {
        (true, true) if words < min || words > max => format!("{min} to {max}"),
        (true, false) if words < min => format!("at least {min}"),
        (false, true) if words > max => format!("at most {max}"),
        _ => return,
    };
    // Reported on the first line of prose (the title, usually): the count is the document's.
    let Some(first) = pm.prose.lines.first() else {
        return;
    };
    let span = pm.markdown.blocks[first.block]
        .lines
        .iter()
        .find(|l| l.line == first.line)
        .map_or(first.start..first.start, |l| l.content_span());
    r.report(
        span,
        format!("postmortem has {words} words of prose, expected {expected}"),
    )
    .label(format!("{words} words in this document"))
    .help(if words < min {
        "say more where a reader needs it: the impact in numbers, how the cause was found, what will change"
    } else {
        "cut to what a reader needs: shorten the timeline entries, drop repeated explanations and pasted output"
    });
}
