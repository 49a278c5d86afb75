//! PM401 malformed-image: image syntax that will not render as an image.

use crate::diagnostic::{Applicability, Edit, Fix};
use crate::facts::image_syntax::{ImageSyntaxKind, MalformedImage};
use crate::facts::Postmortem;
use crate::parse::BlockKind;
use crate::rule::{FixAvailability, Reporter, RuleMeta, Severity};

pub static META: RuleMeta = RuleMeta {
    code: "PM401",
    name: "malformed-image",
    summary: "image syntax that will not render as an image",
    default_severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../rules/PM401.md"),
    options: &[],
};

pub fn check(pm: &Postmortem, r: &mut Reporter) {
    // HTML blocks by position (footnote blocks come last in block order, so sort).
    // The HTML blocks' spans in source order, listed when an image is first reported.
    let mut html: Option<Vec<&std::ops::Range<usize>>> = None;
    for img in &pm.images {
        let (message, help) = match &img.syntax.kind {
            ImageSyntaxKind::Malformed(problem) => match problem {
                MalformedImage::MissingAltBrackets => (
                    "image written as `!(…)` renders as text: the `[]` for its alt text is missing".to_string(),
                    "write `![what the image shows](url)`".to_string(),
                ),
                MalformedImage::NoTarget => (
                    format!(
                        "image `{}` has no target, so it renders as text",
                        pm.source.slice(&img.span).chars().take(48).collect::<String>()
                    ),
                    "add the image URL in parentheses: `![alt](url)`".to_string(),
                ),
                MalformedImage::UnclosedTarget => (
                    "image target never closes: the `(` has no matching `)`, so the image renders as text".to_string(),
                    "keep one URL in the parentheses and close them: `![alt](https://…/image.png)`".to_string(),
                ),
                MalformedImage::TargetStartsWithBracket | MalformedImage::NestedLinkInTarget => (
                    "image target holds two pasted links (`[…](…)` inside the parentheses), so it does not load".to_string(),
                    "keep only the direct image URL: `![alt](https://…/image.png)`".to_string(),
                ),
                MalformedImage::SpaceInTarget => (
                    "image target contains a space, so it is not parsed as an image".to_string(),
                    "write spaces as `%20`, or wrap the target in angle brackets: `![alt](<my image.png>)`".to_string(),
                ),
                MalformedImage::SpaceBeforeTarget => (
                    "space between `]` and `(` in image syntax, so it renders as text".to_string(),
                    "remove the space: `![alt](url)`".to_string(),
                ),
                MalformedImage::MarkdownInHtmlBlock => (
                    "Markdown image or image link inside an HTML block is shown as literal text".to_string(),
                    "leave a blank line between the HTML and the Markdown, or write `<img src=\"…\" alt=\"…\">`".to_string(),
                ),
            },
            ImageSyntaxKind::Reference { label } if img.definition.is_none() => (
                format!("image reference `[{label}]` has no definition, so it renders as text"),
                format!("add a definition line such as `[{label}]: https://…/image.png`, or use an inline image"),
            ),
            ImageSyntaxKind::Inline => match img.syntax.target.as_deref() {
                Some(t) if t.starts_with('[') || t.contains("](") => (
                    "image target holds two pasted links (`[…](…)` inside the parentheses), so it does not load".to_string(),
                    "keep only the direct image URL: `![alt](https://…/image.png)`".to_string(),
                ),
                _ => continue,
            },
            _ => continue,
        };
        let d = r
            .report(img.span.clone(), message)
            .label("does not render as an image")
            .help(help);
        let html = html.get_or_insert_with(|| {
            let mut spans: Vec<&std::ops::Range<usize>> = pm
                .markdown
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Html)
                .map(|b| &b.span)
                .collect();
            spans.sort_by_key(|s| s.start);
            spans
        });
        let k = html.partition_point(|s| s.start <= img.span.start);
        let in_html = k > 0 && html[k - 1].contains(&img.span.start);
        if !in_html
            && matches!(
                img.syntax.kind,
                ImageSyntaxKind::Malformed(MalformedImage::MissingAltBrackets)
            )
        {
            d.fix(Fix {
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    span: img.span.start + 1..img.span.start + 1,
                    replacement: "[]".into(),
                }],
            });
        }
    }
}
