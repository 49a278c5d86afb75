//! The text of `pmlint config`: the effective configuration as TOML, each value commented with
//! where it came from. The output loads as a configuration file.

use super::resolve::{Effective, Item, Origin};

/// Renders `effective` for `target` (the file or folder asked about). `excluded`: the `exclude`
/// pattern that matches `target`, and where it is written.
pub fn render(effective: &Effective, target: &str, excluded: Option<&(String, Origin)>) -> String {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut head = vec![format!("# effective configuration for {target}")];
    head.push(match &effective.config {
        Some(c) => format!("# configuration file: {c}"),
        None => "# configuration file: none found (built-in defaults and command-line flags)"
            .to_string(),
    });
    if let Some((pattern, origin)) = excluded {
        head.push(format!(
            "# skipped when a folder above it is walked: matches exclude pattern {} ({origin})",
            quote(pattern)
        ));
    }
    let p = &effective.profile;
    lines.push((
        format!("profile = {}", quote(&p.value)),
        p.origin.to_string(),
    ));
    let c = &effective.check_remote;
    lines.push((format!("check-remote = {}", c.value), c.origin.to_string()));
    if effective.select.is_empty() {
        lines.push((
            "select = [\"ALL\"]".to_string(),
            Origin::Default.to_string(),
        ));
    } else {
        list(&mut lines, "select", &effective.select);
    }
    list(&mut lines, "ignore", &effective.ignore);
    list(&mut lines, "exclude", &effective.exclude_patterns);
    for r in &effective.rules {
        lines.push((String::new(), String::new()));
        lines.push((format!("[rules.{}]", r.meta.code), r.meta.name.to_string()));
        let severity = r.severity.value.map_or("off", |s| s.as_str());
        lines.push((
            format!("severity = \"{severity}\""),
            r.severity.origin.to_string(),
        ));
        for (name, item) in &r.options {
            lines.push((format!("{name} = {}", item.value), item.origin.to_string()));
        }
    }
    let width = lines
        .iter()
        .filter(|(_, c)| !c.is_empty())
        .map(|(t, _)| t.chars().count())
        .filter(|&w| w <= 40)
        .max()
        .unwrap_or(0);
    let mut out = head.join("\n");
    out.push_str("\n\n");
    for (text, comment) in lines {
        if comment.is_empty() {
            out.push_str(&text);
        } else {
            let pad = width.saturating_sub(text.chars().count());
            out.push_str(&format!("{text}{}  # {comment}", " ".repeat(pad)));
        }
        out.push('\n');
    }
    out
}

/// `key = []`, or one item per line with its origin.
fn list(lines: &mut Vec<(String, String)>, key: &str, items: &[Item<String>]) {
    if items.is_empty() {
        lines.push((format!("{key} = []"), Origin::Default.to_string()));
        return;
    }
    lines.push((format!("{key} = ["), String::new()));
    for item in items {
        lines.push((
            format!("  {},", quote(&item.value)),
            item.origin.to_string(),
        ));
    }
    lines.push(("]".to_string(), String::new()));
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::file::ConfigFile;
    use crate::config::resolve::{resolve, Overrides};
    use std::path::Path;

    #[test]
    fn the_output_names_origins_and_loads_as_a_configuration() {
        let cfg = ConfigFile::parse(
            ".pmlint.toml",
            Path::new("/repo"),
            "ignore = [\"PM405\"]\nexclude = [\"drafts\"]\n[rules.PM301]\nseverity = \"warning\"\n",
        )
        .unwrap();
        let o = Overrides {
            ignore: Some(vec!["PM303".into()]),
            ..Default::default()
        };
        let e = resolve(Some(&cfg), &o).unwrap();
        let excluded = ("drafts".to_string(), e.exclude_patterns[0].origin.clone());
        let text = render(&e, "drafts/a.md", Some(&excluded));
        assert!(
            text.contains("# configuration file: .pmlint.toml"),
            "{text}"
        );
        assert!(
            text.contains("matches exclude pattern \"drafts\" (.pmlint.toml:2)"),
            "{text}"
        );
        let line = |start: &str| text.lines().find(|l| l.starts_with(start)).unwrap();
        assert!(line("  \"PM405\",").ends_with("# .pmlint.toml:1"), "{text}");
        assert!(line("  \"PM303\",").ends_with("# --ignore"), "{text}");
        let pm301 = text
            .lines()
            .skip_while(|l| !l.starts_with("[rules.PM301]"))
            .nth(1);
        assert!(
            pm301.unwrap().contains("\"warning\"") && pm301.unwrap().ends_with("# .pmlint.toml:4"),
            "{text}"
        );
        assert!(text.contains("severity = \"off\""), "{text}");
        let again = ConfigFile::parse("shown.toml", Path::new("/repo"), &text).unwrap();
        let e2 = resolve(Some(&again), &Overrides::default()).unwrap();
        assert_eq!(e2.settings.enabled, e.settings.enabled);
        for r in crate::registry::RULES {
            assert_eq!(e2.settings.severity(r.meta), e.settings.severity(r.meta));
        }
    }
}
