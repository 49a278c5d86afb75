//! PM103 empty-section: a known section with no content, or only TBD / N/A / TODO.

use crate::facts::caseless::Caseless;
use crate::facts::word::{trim_end_non_word, trim_start_non_word};
use crate::facts::{Postmortem, Section};
use crate::parse::BlockKind;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM103",
    name: "empty-section",
    summary: "a section has no content, or only TBD, N/A or TODO",
    default_severity: Severity::Warning,
    fix: FixAvailability::Never,
    doc: include_str!("../../rules/PM103.md"),
    options: &[],
};

/// Placeholder text, matched once the non-word characters around it are trimmed (`...` and `-`
/// are nothing but such characters, so they leave nothing).
static FILLER: Caseless = Caseless::new(
    r"^(?:tbd|tba|n/?a|todo|none|to be (?:determined|added|completed)|coming soon)?$",
);

/// Whether `text` is only placeholder text and punctuation: TBD, N/A, TODO, `...` and the like.
fn only_filler(text: &str) -> bool {
    let text = trim_end_non_word(trim_start_non_word(text));
    // Exact: every match of `FILLER` is one of its words, at most 16 characters of at most 4
    // bytes each, so longer text (a section with real content) is not lowered and searched.
    text.len() <= 64 && FILLER.is_match(text)
}

/// The body's lines joined with spaces, into `text` (cleared first). `false` as soon as the
/// text is known not to be [`only_filler`]: once it holds more than 64 bytes from its first word
/// character to its last (the part [`only_filler`] keeps, and more lines only widen it); the
/// text is then left partial.
fn body_text(pm: &Postmortem, s: &Section, text: &mut String) -> bool {
    text.clear();
    for (i, (_, l)) in pm.body_lines(s).enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(l.text());
        // Trimming leaves at most the text's length: a text of 64 bytes or fewer is not
        // trimmed to find out.
        if text.len() > 64 && trim_end_non_word(trim_start_non_word(text)).len() > 64 {
            return false;
        }
    }
    true
}

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // Where images start, in source order (footnote blocks come last in block order).
    let mut image_starts: Vec<usize> = pm.images.iter().map(|i| i.span.start).collect();
    image_starts.sort_unstable();
    // The body's text, one buffer for every section.
    let mut text = String::new();
    for (i, s) in pm
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.ids.is_empty())
    {
        // A title directly followed by titles of its own parts (written at the wrong level) is
        // not empty: "Corrective Measures:" then "# Improvements:".
        let next = pm.sections.get(i + 1);
        if next.is_some_and(|n| {
            n.title_at == s.body.end
                && !n.ids.is_empty()
                && n.ids.iter().all(|id| s.ids.contains(id))
        }) {
            continue;
        }
        // Images starting inside the body, after the title.
        let from = pm.offset_of(s.body.start).max(s.title_span.end + 1);
        let to = pm.offset_of(s.body.end);
        let first = image_starts.partition_point(|&i| i < from);
        let has_images = image_starts.get(first).is_some_and(|&i| i < to);
        if s.inline_content || has_images {
            continue;
        }
        if !body_text(pm, s, &mut text) || !only_filler(&text) {
            continue;
        }
        if pm.body_blocks(s).any(|(_, b)| b.kind == BlockKind::Code) {
            continue;
        }
        let what = if text.trim().is_empty() {
            "no content".to_string()
        } else {
            format!("only `{}`", text.trim())
        };
        r.report(s.title_span.clone(), format!("section `{}` has {what}", s.title.trim_end_matches(':')))
            .label("empty section")
            .help("write what this section asks for, or remove the heading if the profile does not need it");
    }
}
