//! What each view lists, derived from the app's state without touching the database.

use chrono::NaiveDate;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use super::App;
use crate::checklist::Item;
use crate::model::Record;
use crate::status::{PeriodStatus, Status};
use crate::store::MarkState;

/// One line of the 本期 view: an obligation's current period or a missed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRow {
    /// Index into [`crate::status::OrgStatus::obligations`].
    pub entry: usize,
    /// Index into [`crate::checklist::Catalog::obligations`].
    pub obligation: usize,
    /// Which missed period, or `None` for the current one.
    pub missed: Option<usize>,
}

impl PeriodRow {
    pub fn period<'a>(&self, app: &'a App) -> &'a PeriodStatus {
        let s = &app
            .org_status()
            .expect("rows come from a status")
            .obligations[self.entry];
        match self.missed {
            Some(i) => &s.missed[i],
            None => &s.current,
        }
    }
}

/// Current periods that apply, most urgent first, the periods missed this year below them,
/// and what is done last.
pub fn period(app: &App) -> Vec<PeriodRow> {
    let Some(status) = app.org_status() else {
        return Vec::new();
    };
    let mut current: Vec<(Status, NaiveDate, PeriodRow)> = Vec::new();
    let mut missed = Vec::new();
    for (entry, o) in status.obligations.iter().enumerate() {
        if o.current.status != Status::NotApplicable {
            current.push((
                o.current.status,
                o.current.due,
                PeriodRow {
                    entry,
                    obligation: o.obligation,
                    missed: None,
                },
            ));
        }
        for (i, m) in o.missed.iter().enumerate() {
            missed.push((
                m.due,
                PeriodRow {
                    entry,
                    obligation: o.obligation,
                    missed: Some(i),
                },
            ));
        }
    }
    current.sort_by_key(|(s, due, r)| (*s, *due, r.obligation));
    missed.sort_by_key(|(due, r)| (*due, r.obligation));
    // What still needs doing, then the periods missed this year, then what is done.
    let (done, open): (Vec<_>, Vec<_>) = current.into_iter().partition(|c| c.0.is_done());
    open.into_iter()
        .map(|c| c.2)
        .chain(missed.into_iter().map(|m| m.1))
        .chain(done.into_iter().map(|c| c.2))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Most overdue first, branches under their department.
    Worst,
    /// Lowest share of current obligations done first.
    DoneRatio,
    Name,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Worst => Sort::DoneRatio,
            Sort::DoneRatio => Sort::Name,
            Sort::Name => Sort::Worst,
        }
    }
}

/// One org in the 总览 table.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRow {
    /// Index into [`App::orgs`].
    pub org: usize,
    /// 0 for a department or a branch on its own, 1 for a branch shown under its department.
    pub depth: u8,
    pub overdue: usize,
    pub due_soon: usize,
    pub done: usize,
    /// 完成率 ([`crate::status::Summary::done_ratio`]): missed periods count as not done.
    pub done_ratio: Option<f64>,
    /// Members meeting their yearly study hours, of those in scope.
    pub hours: Option<(usize, usize)>,
    pub next_election: Option<NaiveDate>,
}

/// Every org, in the order of `app.sort`; branches follow their department.
pub fn overview(app: &App) -> Vec<OverviewRow> {
    let row = |i: usize| {
        let org = &app.orgs[i];
        let status = &app.statuses[&org.id];
        let summary = status.summary();
        let find = |id: &str| {
            status.obligations.iter().find(|o| {
                app.catalog.obligations[o.obligation].id == id
                    && o.current.status != Status::NotApplicable
            })
        };
        OverviewRow {
            org: i,
            depth: 0,
            overdue: summary.overdue,
            due_soon: summary.due_soon,
            done: summary.done,
            done_ratio: summary.done_ratio(),
            hours: find("study-hours").and_then(|o| o.current.members),
            next_election: find("branch-election").map(|o| o.current.due),
        }
    };
    let rows: Vec<OverviewRow> = (0..app.orgs.len()).map(row).collect();
    let key = |r: &OverviewRow| -> (i64, i64, String) {
        let name = app.orgs[r.org].name.clone();
        match app.sort {
            Sort::Worst => (-(r.overdue as i64), -(r.due_soon as i64), name),
            Sort::DoneRatio => (
                (r.done_ratio.unwrap_or(1.0) * 1000.0) as i64,
                -(r.overdue as i64),
                name,
            ),
            Sort::Name => (0, 0, name),
        }
    };
    // Group each branch with its department, when the department is listed.
    let parent_of = |r: &OverviewRow| {
        app.orgs[r.org]
            .parent
            .as_ref()
            .and_then(|p| app.orgs.iter().position(|o| &o.id == p))
    };
    let mut groups: Vec<(OverviewRow, Vec<OverviewRow>)> = Vec::new();
    let mut children: Vec<OverviewRow> = Vec::new();
    for r in rows {
        if parent_of(&r).is_some() {
            children.push(r);
        } else {
            groups.push((r, Vec::new()));
        }
    }
    for mut c in children {
        let p = parent_of(&c).expect("filtered above");
        c.depth = 1;
        match groups.iter_mut().find(|(root, _)| root.org == p) {
            Some((_, kids)) => kids.push(c),
            None => groups.push((OverviewRow { depth: 0, ..c }, Vec::new())),
        }
    }
    for (_, kids) in &mut groups {
        kids.sort_by_key(key);
    }
    // A group ranks by its worst member.
    groups.sort_by_key(|(root, kids)| {
        std::iter::once(root)
            .chain(kids.iter())
            .map(key)
            .min()
            .expect("a group has a root")
    });
    groups
        .into_iter()
        .flat_map(|(root, kids)| std::iter::once(root).chain(kids))
        .collect()
}

/// One line of the 清单 view.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub checklist: String,
    pub item: String,
    pub depth: usize,
    pub label: String,
    /// Worst status of the obligations under it, if any apply.
    pub status: Option<Status>,
    /// A leaf with no obligation: marked by hand.
    pub qualitative: bool,
    pub mark: Option<MarkState>,
}

/// The indicator trees of the checklists that apply to the selected org, flattened.
pub fn tree(app: &App) -> Vec<TreeRow> {
    let Some(org) = app.selected_org() else {
        return Vec::new();
    };
    let Some(status) = app.org_status() else {
        return Vec::new();
    };
    let worst_of = |item: &Item, checklist: &str| -> Option<Status> {
        fn ids<'a>(item: &'a Item, out: &mut Vec<&'a str>) {
            out.extend(item.obligations.iter().map(|o| o.id.as_str()));
            for c in &item.items {
                ids(c, out);
            }
        }
        let mut all = Vec::new();
        ids(item, &mut all);
        status
            .obligations
            .iter()
            .filter(|o| {
                let ob = &app.catalog.obligations[o.obligation];
                ob.checklist == checklist
                    && all.contains(&ob.id.as_str())
                    && o.current.status != Status::NotApplicable
            })
            .map(|o| {
                if o.missed.is_empty() {
                    o.current.status
                } else {
                    Status::Overdue
                }
            })
            .min()
    };
    let mut out = Vec::new();
    for c in &app.catalog.checklists {
        let applies = c
            .applies_to
            .as_ref()
            .is_none_or(|a| a.iter().any(|k| k.matches(org.kind)));
        if !applies {
            continue;
        }
        fn walk(
            app: &App,
            c: &str,
            items: &[Item],
            depth: usize,
            worst: &dyn Fn(&Item, &str) -> Option<Status>,
            out: &mut Vec<TreeRow>,
        ) {
            for item in items {
                let qualitative = item.items.is_empty() && item.obligations.is_empty();
                out.push(TreeRow {
                    checklist: c.to_string(),
                    item: item.id.clone(),
                    depth,
                    label: item.label().to_string(),
                    status: worst(item, c),
                    qualitative,
                    mark: qualitative
                        .then(|| {
                            app.marks
                                .iter()
                                .find(|m| m.checklist == c && m.item == item.id)
                                .map(|m| m.state)
                        })
                        .flatten(),
                });
                walk(app, c, &item.items, depth + 1, worst, out);
            }
        }
        walk(app, &c.id, &c.items, 0, &worst_of, &mut out);
    }
    out
}

/// The selected org's records matching the `/` filter, newest first.
pub fn filtered_records(app: &App) -> Vec<&Record> {
    let q = app.filter.value().trim().to_lowercase();
    app.records
        .iter()
        .filter(|r| {
            q.is_empty()
                || r.date.to_string().contains(&q)
                || r.topic
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(&q))
                || r.obligations.iter().any(|o| {
                    o.contains(&q)
                        || app
                            .catalog
                            .obligation(o)
                            .is_some_and(|ob| ob.title.contains(&q))
                })
        })
        .collect()
}

/// Orgs whose name or id matches `query` (fuzzy), best first.
pub fn org_matches(app: &App, query: &str) -> Vec<usize> {
    let query = query.trim();
    if query.is_empty() {
        return app.overview.iter().map(|r| r.org).collect();
    }
    let haystacks: Vec<(usize, String)> = app
        .orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (i, format!("{} {}", o.name, o.id)))
        .collect();
    struct H<'a>(&'a (usize, String));
    impl AsRef<str> for H<'_> {
        fn as_ref(&self) -> &str {
            &self.0.1
        }
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart)
        .match_list(haystacks.iter().map(H), &mut matcher)
        .into_iter()
        .map(|(h, _)| h.0.0)
        .collect()
}
