//! The one list of rules, and lookup by code, name or family.

use crate::rule::{Rule, RuleMeta};
use crate::rules::*;

macro_rules! rules {
    ($($m:ident),* $(,)?) => {
        /// Every rule, in code order.
        pub static RULES: &[Rule] = &[$(Rule { meta: &$m::META, check: $m::check }),*];
    };
}

rules!(
    pm001_invalid_encoding,
    pm002_unused_suppression,
    pm003_unknown_rule,
    pm101_missing_section,
    pm102_section_not_heading,
    pm103_empty_section,
    pm104_section_order,
    pm105_duplicate_section,
    pm106_template_placeholder,
    pm201_missing_duration,
    pm202_missing_timezone,
    pm203_missing_impact,
    pm204_missing_root_cause,
    pm301_timeline_out_of_order,
    pm302_timeline_entry_without_time,
    pm303_mixed_timezones,
    pm304_timeline_not_list,
    pm305_empty_timeline,
    pm401_malformed_image,
    pm402_image_not_found,
    pm403_image_not_direct,
    pm404_placeholder_image,
    pm405_image_alt_text,
    pm406_remote_image_unreachable,
    pm501_duration_mismatch,
    pm502_timeline_duration_mismatch,
    pm503_end_before_start,
    pm601_action_items_not_list,
    pm602_action_item_without_owner,
    pm603_vague_action_item,
    pm701_word_count,
    pm702_blameful_language,
);

/// The rule with this code (`PM301`, any case) or name (`timeline-out-of-order`).
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta)
        .find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

/// Rules named by one selector: a code, a name, a family prefix (`PM3`, `PM30`) or `ALL`.
///
/// # Errors
/// A selector that names no rule, with the text to show the user.
pub fn select(selector: &str) -> Result<Vec<&'static RuleMeta>, String> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return Ok(RULES.iter().map(|r| r.meta).collect());
    }
    if let Some(m) = find(s) {
        return Ok(vec![m]);
    }
    let upper = s.to_ascii_uppercase();
    let family: Vec<_> = RULES
        .iter()
        .map(|r| r.meta)
        .filter(|m| upper.len() >= 3 && upper.starts_with("PM") && m.code.starts_with(&upper))
        .collect();
    if family.is_empty() {
        Err(format!("unknown rule `{s}`: expected a code such as PM301, a name such as timeline-out-of-order, or a family such as PM3 (see `pmlint rules`)"))
    } else {
        Ok(family)
    }
}
