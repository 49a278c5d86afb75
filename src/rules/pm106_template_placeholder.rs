//! PM106 template-placeholder: template text left in the postmortem.

use crate::facts::images::normalize_label;
use crate::facts::Postmortem;
use crate::parse::BlockKind;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};
use regex::Regex;
use std::sync::LazyLock;

pub static META: RuleMeta = RuleMeta {
    code: "PM106",
    name: "template-placeholder",
    summary: "template text left in: `{X hours Y minutes}`, `[Insert …]`, `YYYY-MM-DD`, `XX:XX`, Lorem ipsum, task text",
    default_severity: Severity::Error,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM106.md"),
    options: &[],
};

/// What a `[…]` placeholder is called in labels.
const BRACKETED: &str = "a bracketed template field";

/// Whether `[label]` is a shortcut reference link to a definition (`[label]: https://…`).
fn is_reference(pm: &Postmortem, bracketed: &str) -> bool {
    let Some(inner) = bracketed
        .trim()
        .strip_prefix('[')
        .and_then(|s| s.split(']').next())
    else {
        return false;
    };
    let label = normalize_label(inner);
    pm.definitions.iter().any(|d| d.label == label)
}

/// What the ALX 0x19 task text copied into a postmortem is called in labels.
const TASK_TEXT: &str = "the task's requirement text";

/// Placeholders, each with what it stands for. Searched in the source text of every block
/// except code (code spans and HTML comments are blanked before). A group named `p`, when
/// present, is the placeholder itself; the rest of the match is context.
static PLACEHOLDERS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        // {X hours Y minutes}, {YYYY-MM-DD HH:MM}, {service name}, {{ incident.title }}
        (r"\{\{[^{}\n]{1,80}\}\}", "a template variable"),
        (
            r"\{\s*(?:[XYNZ]\b|YYYY|HH|(?i:insert|your|enter|add|describe|fill|date|time|start|end|duration|service|name|team|owner|summary|impact|number|link|url)\b)[^{}\n]{0,60}\}",
            "a template field",
        ),
        // [Insert …], [Your name], [Company Name], [Date]; not a link, a reference or a task box.
        (
            r"\[\s*(?i:insert|your|enter|add\s+(?:a|an|the|your|link|details|description)|describe|fill\s+in|include|write|placeholder|company(?:\s+name)?|service\s+name|product\s+name|team\s+name|name\s+of|link\s+to|date|time|start\s+time|end\s+time|duration|timezone|time\s+zone|name|link|url|number|percentage|owner|tbd|todo)\b[^\]\n]{0,60}\](?:[^(\[:]|$)",
            BRACKETED,
        ),
        (r"<\s*(?i:insert|your|enter|fill\s+in|describe)\b[^<>\n]{0,60}>", "a template field"),
        // Date and time masks.
        (r"\b(?:YYYY|yyyy)[-/.](?:MM|mm)[-/.](?:DD|dd)\b|\b(?:DD|dd)[-/.](?:MM|mm)[-/.](?:YYYY|yyyy)\b|\b(?:MM|mm)[-/.](?:DD|dd)[-/.](?:YYYY|yyyy)\b", "a date mask"),
        (r"\b(?:HH|hh|XX|xx):(?:MM|mm|XX|xx)(?::(?:SS|ss|XX|xx))?\b|\b\d{1,2}:\?\?|\[\?{2,}\]", "a time mask"),
        // ?mins, ??%, ?? of ??, X% of users, N requests
        (r"(?:^|[\s(])\?{1,3}\s?(?:mins?|minutes|hours?|hrs?|%)(?:\W|$)|\?\?\s*%|\?\?\s+of\s+\?\?", "a number left as `?`"),
        (
            r"\b(?:X{1,3}|N)\s?%|\b(?:X{1,3}|N)\s+(?:users|customers|requests|minutes|mins|hours|hrs|seconds|errors|percent)\b|\bT\+X\b",
            "a number left as `X`",
        ),
        (r"(?i)\blorem\s+ipsum\b", "filler text"),
        // The ALX 0x19 task text copied in: "Issue Summary (that is often what executives will
        // read) must contain:", "Timeline (format bullet point, format: time - keep it short, 1 or
        // 2 sentences) must contain:".
        (
            r"(?i)\b(?:summary|timeline|root\s+cause|resolution|corrective|preventative|preventive|measures)\b.{0,120}?\b(?P<p>must\s+contain\s*:?)\s*$",
            TASK_TEXT,
        ),
        (
            r"(?i)\(that\s+is\s+often\s+what\s+executives\s+will\s+read\)|keep\s+it\s+short,\s*1\s+or\s+2\s+sentences|be\s+very\s+specific,\s+like\s+a\s+todo",
            TASK_TEXT,
        ),
    ]
    .into_iter()
    .map(|(re, what)| (Regex::new(re).expect("placeholder regex"), what))
    .collect()
});

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    for block in &pm.markdown.blocks {
        if matches!(block.kind, BlockKind::Code | BlockKind::ThematicBreak) {
            continue;
        }
        for line in &block.lines {
            let mut found: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
            for (re, what) in PLACEHOLDERS.iter() {
                for c in re.captures_iter(&line.raw) {
                    let Some(m) = c.name("p").or_else(|| c.get(0)) else {
                        continue;
                    };
                    if what == &BRACKETED && is_reference(pm, m.as_str()) {
                        continue;
                    }
                    // Trim the context characters some patterns match around the placeholder.
                    let text = m.as_str();
                    let lead = text.len() - text.trim_start_matches([' ', '\t', '(']).len();
                    let mut range = m.start() + lead..m.end();
                    let tail = &line.raw[range.clone()];
                    let kept = tail.trim_end_matches(|c: char| {
                        !(c.is_alphanumeric() || matches!(c, '}' | ']' | '>' | '%' | '?' | ':'))
                    });
                    range.end = range.start + kept.len();
                    if range.is_empty()
                        || found
                            .iter()
                            .any(|(f, _)| f.start < range.end && range.start < f.end)
                    {
                        continue;
                    }
                    found.push((range, what));
                }
            }
            found.sort_by_key(|(rg, _)| rg.start);
            for (range, what) in found {
                let text = line.raw[range.clone()].trim().to_string();
                let span = line.start + range.start..line.start + range.end;
                if what == TASK_TEXT {
                    r.report(span, format!("the task's requirement text `{text}` is copied into the postmortem"))
                        .label(what)
                        .help("remove the task's instructions and write the section itself under a plain title (`## Issue Summary`)");
                } else {
                    r.report(
                        span,
                        format!("template placeholder `{text}` left in the postmortem"),
                    )
                    .label(what)
                    .help("replace the placeholder with the real value, or remove it");
                }
            }
        }
    }
}
