//! `pmlint new`: the skeleton of a postmortem for a profile.
//!
//! The profile's preamble (document title and metadata fields), then one `##` heading per entry of
//! [`Profile::outline`] with the profile's template under it: guidance in HTML comments and
//! placeholders (`YYYY-MM-DD`, `XX:XX`, `{X hours Y minutes}`, `[Insert …]`) that PM106
//! template-placeholder reports until the author replaces them.

use crate::profile::Profile;

/// Written when a profile has no `preamble`.
const DEFAULT_PREAMBLE: &str = "# Postmortem: [Insert incident title]";

/// The skeleton postmortem for `profile`, as Markdown ending with one newline.
pub fn skeleton(profile: &Profile) -> String {
    let mut out = String::new();
    out.push_str(
        profile
            .preamble
            .as_deref()
            .unwrap_or(DEFAULT_PREAMBLE)
            .trim(),
    );
    out.push('\n');
    for entry in profile.outline() {
        let body = entry.template.map_or_else(
            || format!("[Insert the {}]", entry.title.to_lowercase()),
            |t| t.trim().to_string(),
        );
        out.push_str(&format!("\n## {}\n\n{body}\n", entry.title));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_come_in_the_profile_order_under_level_two_headings() {
        let text = skeleton(&Profile::built_in("alx").unwrap());
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            headings,
            [
                "## Issue Summary",
                "## Timeline",
                "## Root Cause and Resolution",
                "## Corrective and Preventative Measures"
            ]
        );
        assert!(text.starts_with("# Postmortem: [Insert incident title]\n"));
        assert!(text.ends_with("]\n") && !text.ends_with("\n\n"));
    }

    #[test]
    fn a_section_without_a_template_gets_a_placeholder() {
        let p = Profile::from_toml(
            "name = \"t\"\ndescription = \"d\"\n[[sections]]\nid = \"notes\"\ntitle = \"Notes\"\nrequired = true\naliases = []\n",
        )
        .unwrap();
        assert_eq!(
            skeleton(&p),
            "# Postmortem: [Insert incident title]\n\n## Notes\n\n[Insert the notes]\n"
        );
    }
}
