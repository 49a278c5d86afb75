//! The rules, one file each, named by code and name. Each declares one `META` and one `check`.

pub(crate) mod clock;
pub mod pm001_invalid_encoding;
pub mod pm002_unused_suppression;
pub mod pm003_unknown_rule;
pub mod pm101_missing_section;
pub mod pm102_section_not_heading;
pub mod pm103_empty_section;
pub mod pm104_section_order;
pub mod pm105_duplicate_section;
pub mod pm301_timeline_out_of_order;
pub mod pm302_timeline_entry_without_time;
pub mod pm303_mixed_timezones;
pub mod pm304_timeline_not_list;
pub mod pm305_empty_timeline;
pub mod pm401_malformed_image;
pub mod pm402_image_not_found;
pub mod pm403_image_not_direct;
pub mod pm404_placeholder_image;
pub mod pm405_image_alt_text;
pub mod pm406_remote_image_unreachable;
pub mod pm501_duration_mismatch;
pub mod pm502_timeline_duration_mismatch;
pub mod pm503_end_before_start;
pub mod pm601_action_items_not_list;
