//! Applying fixes: the one place where [`Fix`]es change text.
//!
//! [`apply`] makes one pass: it takes the fixes of the chosen applicability, in the order of their
//! first edit (then rule code), and keeps each one whose edits touch no edit already kept; a fix
//! that overlaps an earlier one is skipped whole (a later pass, on the re-linted text, may offer
//! it again). [`fix_document`] repeats lint → apply until no fix applies, at most [`MAX_PASSES`]
//! times. Writing the result back to disk is [`mod@file`]'s job.

pub mod file;

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::source::{SourceFile, Span};
use std::collections::{BTreeMap, HashSet};

/// Most lint → fix rounds for one document. Fixes that overlap in one pass are retried in the
/// next; pmlint's fixes settle in two passes, the rest is a guard against a fix that keeps firing.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixMode {
    /// Apply [`Applicability::Unsafe`] fixes as well as safe ones (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
}

impl FixMode {
    fn allows(self, fix: &Fix) -> bool {
        match fix.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
        }
    }
}

/// The result of one pass of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The text with the kept fixes applied.
    pub text: String,
    /// Findings whose fix was applied (a fix identical to one already kept — two images sharing
    /// one reference definition — counts as applied too).
    pub fixed: usize,
    /// Fixes skipped because they overlap a fix kept before them.
    pub skipped: usize,
}

/// Whether two edits conflict: their ranges intersect, or they start at the same offset (two
/// insertions at one point, or an insertion at the start of a replacement, have no defined order).
/// An insertion at the end of a replacement does not conflict with it.
fn conflicts(a: &Span, b: &Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Whether every edit is inside `text`, on character boundaries, and the edits of the fix are
/// ordered without conflicts among themselves.
fn well_formed(text: &str, edits: &[Edit]) -> bool {
    edits.iter().all(|e| {
        e.span.start <= e.span.end
            && e.span.end <= text.len()
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
    }) && edits
        .windows(2)
        .all(|w| w[0].span.end <= w[1].span.start && w[0].span.start != w[1].span.start)
}

/// Applies, in one pass, the fixes of `diagnostics` that `mode` allows and that do not overlap an
/// earlier one. Fixes are taken in the order of their first edit's offset, then rule code, then
/// the order of `diagnostics`, so the result is deterministic. A fix whose edits change nothing,
/// or that is malformed (out of bounds, not on character boundaries), is ignored.
pub fn apply(text: &str, diagnostics: &[Diagnostic], mode: FixMode) -> Applied {
    let mut fixes: Vec<(usize, &'static str, Vec<Edit>)> = diagnostics
        .iter()
        .filter_map(|d| {
            let fix = d.fix.as_ref().filter(|f| mode.allows(f))?;
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            let changes = edits
                .iter()
                .any(|e| text.get(e.span.clone()) != Some(e.replacement.as_str()));
            (!edits.is_empty() && changes && well_formed(text, &edits))
                .then(|| (edits[0].span.start, d.rule.code, edits))
        })
        .collect();
    fixes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1))); // stable: ties keep diagnostic order
                                                       // The edits kept so far, by start. No two of them conflict, so their starts are distinct
                                                       // and, in order of start, each ends at or before the next one starts: an edit conflicts with
                                                       // a kept one only if one starts where it starts, or if the last one starting before its end
                                                       // reaches past its start. Both are one look-up, so a pass is O(n log n) in edits.
    let mut kept: BTreeMap<usize, Edit> = BTreeMap::new();
    let same = |kept: &BTreeMap<usize, Edit>, e: &Edit| {
        kept.get(&e.span.start)
            .is_some_and(|k| k.span == e.span && k.replacement == e.replacement)
    };
    let conflicting = |kept: &BTreeMap<usize, Edit>, e: &Edit| {
        kept.contains_key(&e.span.start)
            || kept
                .range(..e.span.end)
                .next_back()
                .is_some_and(|(_, k)| conflicts(&k.span, &e.span))
    };
    let (mut fixed, mut skipped) = (0, 0);
    for (_, _, edits) in fixes {
        if edits.iter().all(|e| same(&kept, e)) {
            fixed += 1;
            continue;
        }
        if edits.iter().any(|e| conflicting(&kept, e)) {
            skipped += 1;
            continue;
        }
        kept.extend(edits.into_iter().map(|e| (e.span.start, e)));
        fixed += 1;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in kept.values() {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    Applied {
        text: out,
        fixed,
        skipped,
    }
}

/// A document after [`fix_document`].
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed document (the original when nothing applied).
    pub source: SourceFile,
    /// The findings on the fixed text.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings fixed, over all passes.
    pub fixed: usize,
}

/// Lints `source` with `lint`, applies the fixes `mode` allows, and repeats on the new text until
/// no fix applies, the text comes back to one seen before, or [`MAX_PASSES`] passes have run.
/// The returned diagnostics are those of the final text.
pub fn fix_document(
    source: &SourceFile,
    mut lint: impl FnMut(&SourceFile) -> Vec<Diagnostic>,
    mode: FixMode,
) -> Fixed {
    // The text after the last pass, once a pass has changed it (until then, `source` itself:
    // no copy of a document that has nothing to fix).
    let mut current: Option<SourceFile> = None;
    let mut diagnostics = lint(source);
    let mut fixed = 0;
    // The texts of the passes so far, other than `source`'s.
    let mut seen: HashSet<String> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let text = &current.as_ref().unwrap_or(source).text;
        let applied = apply(text, &diagnostics, mode);
        if applied.fixed == 0 || applied.text == source.text || !seen.insert(applied.text.clone()) {
            break;
        }
        fixed += applied.fixed;
        let next = SourceFile::new(source.name.clone(), applied.text);
        diagnostics = lint(&next);
        current = Some(next);
    }
    Fixed {
        source: current.unwrap_or_else(|| source.clone()),
        diagnostics,
        fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::find;
    use crate::rule::Severity;

    fn finding(code: &str, applicability: Applicability, edits: &[(Span, &str)]) -> Diagnostic {
        Diagnostic {
            rule: find(code).unwrap(),
            severity: Severity::Warning,
            message: "m".into(),
            span: edits[0].0.clone(),
            label: None,
            related: Vec::new(),
            help: None,
            fix: Some(Fix {
                applicability,
                edits: edits
                    .iter()
                    .map(|(s, r)| Edit {
                        span: s.clone(),
                        replacement: r.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    const SAFE: Applicability = Applicability::Safe;

    #[test]
    fn non_overlapping_fixes_apply_together() {
        let d = [
            finding("PM304", SAFE, &[(0..0, "- "), (4..4, "- ")]),
            finding("PM401", SAFE, &[(9..9, "[]")]),
        ];
        let a = apply("a b\nc d\n!(x.png)", &d, FixMode::default());
        assert_eq!(a.text, "- a b\n- c d\n![](x.png)");
        assert_eq!((a.fixed, a.skipped), (2, 0));
    }

    #[test]
    fn the_later_of_two_overlapping_fixes_is_skipped_whatever_the_input_order() {
        let first = finding("PM403", SAFE, &[(2..5, "XYZ")]);
        let later = finding("PM102", SAFE, &[(4..8, "##")]);
        for d in [[first.clone(), later.clone()], [later, first]] {
            let a = apply("0123456789", &d, FixMode::default());
            assert_eq!(a.text, "01XYZ56789");
            assert_eq!((a.fixed, a.skipped), (1, 1));
        }
    }

    #[test]
    fn a_fix_is_kept_or_skipped_whole() {
        let d = [
            finding("PM102", SAFE, &[(0..1, "A")]),
            finding("PM304", SAFE, &[(3..3, "- "), (0..0, "- ")]),
        ];
        let a = apply("abcdef", &d, FixMode::default());
        assert_eq!(
            a.text, "Abcdef",
            "the insertion at 0 conflicts, so 3 is not applied either"
        );
    }

    #[test]
    fn insertion_at_the_end_of_a_replacement_is_not_a_conflict() {
        let d = [
            finding("PM102", SAFE, &[(0..3, "## T")]),
            finding("PM304", SAFE, &[(3..3, "\n")]),
        ];
        assert_eq!(apply("abc\nd", &d, FixMode::default()).text, "## T\n\nd");
    }

    #[test]
    fn identical_fixes_count_once_applied() {
        let d = [
            finding("PM403", SAFE, &[(0..1, "b")]),
            finding("PM403", SAFE, &[(0..1, "b")]),
        ];
        let a = apply("a", &d, FixMode::default());
        assert_eq!((a.text.as_str(), a.fixed, a.skipped), ("b", 2, 0));
    }

    #[test]
    fn unsafe_fixes_need_the_flag() {
        let d = [finding("PM102", Applicability::Unsafe, &[(0..1, "b")])];
        assert_eq!(apply("a", &d, FixMode::default()).fixed, 0);
        let all = FixMode { unsafe_fixes: true };
        assert_eq!(apply("a", &d, all).text, "b");
    }

    #[test]
    fn malformed_and_empty_fixes_are_ignored() {
        let d = [
            finding("PM102", SAFE, &[(0..9, "x")]), // past the end
            finding("PM102", SAFE, &[(1..2, "x")]), // inside `é`
            finding("PM403", SAFE, &[(0..1, "a")]), // changes nothing
        ];
        let a = apply("aé", &d, FixMode::default());
        assert_eq!((a.text.as_str(), a.fixed, a.skipped), ("aé", 0, 0));
    }

    #[test]
    fn fix_document_repeats_until_nothing_applies() {
        // A stand-in linter: every `x` is a finding whose fix turns it into `y`, one per pass.
        let lint = |s: &SourceFile| {
            s.text
                .find('x')
                .map(|i| finding("PM102", SAFE, &[(i..i + 1, "y")]))
                .into_iter()
                .collect::<Vec<_>>()
        };
        let f = fix_document(&SourceFile::new("t", "xxx"), lint, FixMode::default());
        assert_eq!((f.source.text.as_str(), f.fixed), ("yyy", 3));
        assert!(f.diagnostics.is_empty());
        let many = "x".repeat(MAX_PASSES + 5);
        let f = fix_document(&SourceFile::new("t", many), lint, FixMode::default());
        assert_eq!(f.fixed, MAX_PASSES, "stops after MAX_PASSES");
        assert_eq!(f.diagnostics.len(), 1, "what remains is reported");
    }

    #[test]
    fn fix_document_stops_on_a_cycle() {
        let lint = |s: &SourceFile| {
            let to = if s.text == "a" { "b" } else { "a" };
            vec![finding("PM102", SAFE, &[(0..1, to)])]
        };
        let f = fix_document(&SourceFile::new("t", "a"), lint, FixMode::default());
        assert_eq!((f.source.text.as_str(), f.fixed), ("b", 1));
    }
}
