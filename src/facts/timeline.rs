//! Timeline entries, from list items, table rows, HTML `<li>` items and paragraph lines of the
//! timeline section, with date lines carried forward and the zone declared once honoured.

use super::time::{scan_dates, scan_times, scan_zones, ClockTime, PartialDate, TimeMention, Zone};
use super::Postmortem;
use crate::parse::{BlockKind, BlockLine, ItemId};
use crate::source::Span;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How an entry is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryForm {
    ListItem,
    TableRow,
    /// An `<li>` inside an HTML block.
    HtmlItem,
    /// A line of a paragraph (PM304).
    ParagraphLine,
    /// A heading under the timeline's title that starts with a time.
    Heading,
}

/// One event of the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The time of day written on the entry, if any.
    pub time: Option<ClockTime>,
    /// The date written on the entry, else the last date line or dated entry before it.
    pub date: Option<PartialDate>,
    /// Whether `date` is written on the entry itself or on a date line right before it
    /// (a carried date may roll over midnight; an explicit one may not).
    pub date_explicit: bool,
    /// The zone written on the entry, else the zone the timeline declares.
    pub zone: Option<Zone>,
    /// Whether `zone` is written on the entry itself.
    pub zone_explicit: bool,
    /// Source span of the time (or of the entry's first line when it has no time).
    pub time_span: Span,
    /// Source span of the entry's first line.
    pub span: Span,
    /// 1-based line of the entry.
    pub line: usize,
    /// The entry's text (first line, markup removed, trimmed).
    pub text: String,
    pub form: EntryForm,
    /// The entry records the resolution: restored, resolved, back to normal, mitigated, outage ends.
    pub resolution: bool,
}

/// The entries of one timeline section.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// Index of the section in [`Postmortem::sections`].
    pub section: usize,
    pub entries: Vec<Entry>,
    /// A zone declared for the whole timeline ("Timeline (all times UTC)", "Time (UTC)" column).
    pub declared_zone: Option<Zone>,
    /// The timeline says it lists the newest entry first.
    pub newest_first: bool,
    /// Runs of consecutive paragraph-line entries: (span of the run, first line, number of entries).
    pub paragraph_runs: Vec<(Span, usize, usize)>,
}

static RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:restored|resolved|resolution|back to normal|back online|back up|recovered|recovery complete|mitigated|mitigation complete|fully operational|normal operations?|operational again|returned to normal|resumed|(?:outage|incident|impact) (?:ends?|ended|over)|end of (?:outage|impact|incident)|services? (?:is |was )?(?:available|up) again)\b").unwrap()
});
static NEWEST_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)most recent (?:first|on top|at the top)|newest (?:first|on top)|latest (?:first|on top)|reverse[- ]chronological|in reverse order").unwrap()
});
static DATE_LINE_FILLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:on|all|times?|are|is|in|day|date|the|of|at|timeline|(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\b|\d").unwrap()
});

/// Builds one [`Timeline`] per timeline section.
pub fn build(pm: &Postmortem) -> Vec<Timeline> {
    pm.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is("timeline"))
        .map(|(i, _)| build_one(pm, i))
        .collect()
}

/// Whether a text line declares a zone or a newest-first order for the timeline, rather than
/// being an event.
fn declarations(text: &str) -> (Option<Zone>, bool) {
    (
        scan_zones(text).into_iter().next().map(|(_, z)| z),
        NEWEST_FIRST.is_match(text),
    )
}

/// A line that holds only a date (and perhaps a zone): it sets the date of the entries after it.
fn date_line(text: &str) -> Option<PartialDate> {
    let dates = scan_dates(text);
    let first = dates.first()?;
    if !scan_times(text).is_empty() {
        return None;
    }
    let mut rest = text.to_string();
    for d in &dates {
        rest.replace_range(d.range.clone(), &" ".repeat(d.range.len()));
    }
    for (r, _) in scan_zones(text) {
        if r.end <= rest.len() {
            rest.replace_range(r.clone(), &" ".repeat(r.len()));
        }
    }
    let rest = DATE_LINE_FILLER.replace_all(&rest, " ");
    let letters = rest.chars().filter(|c| c.is_alphabetic()).count();
    (letters < 3).then(|| first.date.clone())
}

/// The first time mention of `text` that starts the line (only punctuation before it).
fn leading_time(text: &str) -> Option<TimeMention> {
    let m = scan_times(text).into_iter().next()?;
    text[..m.range.start]
        .chars()
        .all(|c| !c.is_alphanumeric())
        .then_some(m)
}

struct State {
    date: Option<PartialDate>,
    date_fresh: bool,
    zone: Option<Zone>,
}

impl State {
    fn entry(
        &mut self,
        line: &BlockLine,
        m: Option<TimeMention>,
        form: EntryForm,
        text: String,
    ) -> Entry {
        let span = line.content_span();
        let (time, time_span, date, zone) = match &m {
            Some(m) => (
                Some(m.time),
                line.start + m.time_range.start..line.start + m.time_range.end,
                m.date.clone(),
                m.zone.clone(),
            ),
            None => (None, span.clone(), None, None),
        };
        let date_explicit = date.is_some() || self.date_fresh;
        if let Some(d) = &date {
            self.date = Some(d.clone());
        }
        self.date_fresh = false;
        Entry {
            time,
            date: date.or_else(|| self.date.clone()),
            date_explicit,
            zone_explicit: zone.is_some(),
            zone: zone.or_else(|| self.zone.clone()),
            time_span,
            span,
            line: line.line,
            resolution: RESOLUTION.is_match(&text),
            text,
            form,
        }
    }
}

fn build_one(pm: &Postmortem, index: usize) -> Timeline {
    let section = &pm.sections[index];
    let (mut declared_zone, mut newest_first) = declarations(&section.title);
    let mut state = State {
        date: None,
        date_fresh: false,
        zone: declared_zone.clone(),
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut runs: Vec<(Span, usize, usize)> = Vec::new();
    // For list items: whether the item (or an ancestor) is an entry, and whether it has timed descendants.
    let timed_items = timed_items(pm, section);
    let mut item_is_entry: HashMap<ItemId, bool> = HashMap::new();
    let mut seen_item_line: HashMap<ItemId, bool> = HashMap::new();
    let mut last_para: Option<(usize, usize)> = None; // (block, line) of the last paragraph entry
                                                      // After an entry written as a heading or paragraph line, untimed list items are its details.
    let mut detail_owner = false;

    for (bi, block) in pm.body_blocks(section) {
        let lines: Vec<&BlockLine> = pm
            .lines_between(section.body.start, section.body.end)
            .filter(|(b, _)| std::ptr::eq(*b, block))
            .map(|(_, l)| l)
            .collect();
        match block.kind {
            BlockKind::Code | BlockKind::ThematicBreak => {}
            BlockKind::Heading { .. } => {
                // Sub-headings of a timeline are date lines ("### March 8, 2024") or, with a
                // time, entries whose details follow ("#### 00:20").
                if let Some(l) = lines.first() {
                    detail_owner = false;
                    if let Some(m) = leading_time(&l.text) {
                        let text = l.text.trim().to_string();
                        entries.push(state.entry(l, Some(m), EntryForm::Heading, text));
                        detail_owner = true;
                    } else if let Some(d) = date_line(&l.text) {
                        state.date = Some(d);
                        state.date_fresh = true;
                    }
                }
            }
            BlockKind::TableRow { header } => {
                let Some(l) = lines.first() else { continue };
                if header {
                    if let (Some(z), _) = declarations(&l.text) {
                        declared_zone.get_or_insert(z.clone());
                        state.zone.get_or_insert(z);
                    }
                    continue;
                }
                if let Some(d) = date_line(&l.text) {
                    state.date = Some(d);
                    state.date_fresh = true;
                    continue;
                }
                let m = scan_times(&l.text).into_iter().next();
                let text = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    continue;
                }
                entries.push(state.entry(l, m, EntryForm::TableRow, text));
            }
            BlockKind::Html => html_entries(&lines, &mut state, &mut entries),
            BlockKind::Paragraph => match block.item {
                Some(item) => {
                    let Some(l) = lines.first() else { continue };
                    if seen_item_line.insert(item, true).is_some()
                        || pm.markdown.items[item].line != l.line
                    {
                        continue; // later paragraphs of an item continue its entry
                    }
                    let parent_entry = ancestors(pm, item)
                        .any(|a| item_is_entry.get(&a).copied().unwrap_or(false));
                    let own: String = lines
                        .iter()
                        .map(|l| l.text.trim())
                        .collect::<Vec<_>>()
                        .join(" ");
                    let m = scan_times(&l.text).into_iter().next();
                    if m.is_none() {
                        if let Some(d) = date_line(&l.text) {
                            state.date = Some(d);
                            state.date_fresh = true;
                            continue;
                        }
                        if parent_entry
                            || timed_items.get(&item).copied().unwrap_or(false)
                            || detail_owner
                        {
                            continue; // a detail of its entry, or a group label over timed items
                        }
                    } else {
                        detail_owner = false;
                    }
                    item_is_entry.insert(item, true);
                    entries.push(state.entry(l, m, EntryForm::ListItem, own));
                }
                None => {
                    for l in &lines {
                        let t = l.text.trim();
                        if t.is_empty() {
                            continue;
                        }
                        if let Some(m) = leading_time(&l.text) {
                            let text = t.to_string();
                            entries.push(state.entry(l, Some(m), EntryForm::ParagraphLine, text));
                            detail_owner = true;
                            let span = l.content_span();
                            match (last_para, runs.last_mut()) {
                                (Some((b, _)), Some(run)) if b == bi => {
                                    run.0.end = span.end;
                                    run.2 += 1;
                                }
                                _ => runs.push((span, l.line, 1)),
                            }
                            last_para = Some((bi, l.line));
                        } else if let Some(d) = date_line(t) {
                            state.date = Some(d);
                            state.date_fresh = true;
                        } else if last_para.is_none_or(|(b, _)| b != bi) {
                            let (z, nf) = declarations(t);
                            newest_first |= nf;
                            if let Some(z) = z {
                                if entries.is_empty() {
                                    declared_zone.get_or_insert(z.clone());
                                    state.zone.get_or_insert(z);
                                }
                            }
                        }
                    }
                }
            },
        }
    }
    // A single paragraph line with a time is prose, not a timeline written as paragraphs.
    runs.retain(|r| {
        r.2 >= 2
            || entries
                .iter()
                .filter(|e| e.form == EntryForm::ParagraphLine)
                .count()
                >= 2
    });
    Timeline {
        section: index,
        entries,
        declared_zone,
        newest_first,
        paragraph_runs: runs,
    }
}

/// Items in the section that have a time on their first line, propagated to every ancestor.
fn timed_items(pm: &Postmortem, section: &super::Section) -> HashMap<ItemId, bool> {
    let mut map = HashMap::new();
    for (block, line) in pm.body_lines(section) {
        if let (Some(item), BlockKind::Paragraph) = (block.item, block.kind) {
            if pm.markdown.items[item].line == line.line && !scan_times(&line.text).is_empty() {
                for a in ancestors(pm, item) {
                    map.insert(a, true);
                }
            }
        }
    }
    map
}

fn ancestors<'p>(pm: &'p Postmortem, item: ItemId) -> impl Iterator<Item = ItemId> + 'p {
    std::iter::successors(pm.markdown.items[item].parent, move |&p| {
        pm.markdown.items[p].parent
    })
}

static LI_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(/?)(li|ul|ol)\b[^>]*>").unwrap());

/// Entries from `<li>` items of an HTML block: an item with a time is an entry; items nested in
/// it are its details; an item with neither a time nor a timed item inside is an entry without time.
fn html_entries(lines: &[&BlockLine], state: &mut State, entries: &mut Vec<Entry>) {
    // Collect li openings: (line index, byte offset in line, depth), and a per-li text.
    struct Li {
        line: usize,
        depth: usize,
        text: String,
        parent: Option<usize>,
        first_text_line: Option<usize>,
    }
    let mut lis: Vec<Li> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut loose: Vec<usize> = Vec::new(); // lines with text outside any li
    for (li_idx, l) in lines.iter().enumerate() {
        let mut pos = 0;
        for cap in LI_TAG.captures_iter(&l.raw) {
            let m = cap.get(0).expect("match");
            let seg = &l.text[pos..m.start()];
            attach(&mut lis, &stack, seg, li_idx, &mut loose);
            pos = m.end();
            let closing = &cap[1] == "/";
            let tag = cap[2].to_ascii_lowercase();
            match (tag.as_str(), closing) {
                ("li", false) => {
                    lis.push(Li {
                        line: li_idx,
                        depth,
                        text: String::new(),
                        parent: stack.last().copied(),
                        first_text_line: None,
                    });
                    stack.push(lis.len() - 1);
                }
                ("li", true) => {
                    stack.pop();
                }
                (_, false) => depth += 1,
                (_, true) => depth = depth.saturating_sub(1),
            }
        }
        attach(
            &mut lis,
            &stack,
            &l.text[pos.min(l.text.len())..],
            li_idx,
            &mut loose,
        );
    }
    fn attach(lis: &mut [Li], stack: &[usize], seg: &str, line: usize, loose: &mut Vec<usize>) {
        if seg.trim().is_empty() {
            return;
        }
        match stack.last() {
            Some(&i) => {
                if lis[i].first_text_line.is_none() {
                    lis[i].first_text_line = Some(line);
                }
                lis[i].text.push(' ');
                lis[i].text.push_str(seg.trim());
            }
            None => loose.push(line),
        }
    }
    let timed: Vec<bool> = lis
        .iter()
        .map(|li| !scan_times(&li.text).is_empty())
        .collect();
    let mut has_timed_child = vec![false; lis.len()];
    for (i, li) in lis.iter().enumerate() {
        if timed[i] {
            let mut p = li.parent;
            while let Some(pi) = p {
                has_timed_child[pi] = true;
                p = lis[pi].parent;
            }
        }
    }
    let mut is_entry = vec![false; lis.len()];
    for (i, li) in lis.iter().enumerate() {
        let parent_entry =
            std::iter::successors(li.parent, |&p| lis[p].parent).any(|p| is_entry[p]);
        if parent_entry {
            continue;
        }
        let text = li.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = lines[li.first_text_line.unwrap_or(li.line)];
        if timed[i] {
            is_entry[i] = true;
            let m = scan_times(&line.text).into_iter().next();
            entries.push(state.entry(line, m, EntryForm::HtmlItem, text));
        } else if let Some(d) = date_line(&text) {
            state.date = Some(d);
            state.date_fresh = true;
        } else if !has_timed_child[i] && !text.is_empty() {
            is_entry[i] = true;
            entries.push(state.entry(line, None, EntryForm::HtmlItem, text));
        }
        let _ = li.depth;
    }
    let _ = loose;
}
