//! What each view lists, derived from the app's state without touching the database.

use chrono::NaiveDate;

use super::App;
use crate::checklist::Item;
use crate::model::MarkState;
use crate::model::Record;
use crate::score::{By, ChecklistScore};
use crate::status::{PeriodStatus, Status};
use crate::tui::form::Presence;

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
            .data
            .org_status()
            .expect("rows come from a status")
            .obligations[self.entry];
        match self.missed {
            Some(i) => &s.missed[i],
            None => &s.current,
        }
    }
}

/// Every overdue entry first, current or missed, oldest first; then what is due soon,
/// what is pending and what is done. With `owed_only` (`f`), only what is still owed now:
/// overdue, due soon and this period's pending.
pub fn period(app: &App) -> Vec<PeriodRow> {
    let Some(status) = app.data.org_status() else {
        return Vec::new();
    };
    let mut rows: Vec<(u8, NaiveDate, usize, PeriodRow)> = Vec::new();
    for (entry, o) in status.obligations.iter().enumerate() {
        let row = |missed| PeriodRow {
            entry,
            obligation: o.obligation,
            missed,
        };
        let rank = match o.current.status {
            Status::Overdue => Some(0),
            Status::DueSoon => Some(1),
            Status::Pending => Some(2),
            Status::DoneLate | Status::Done => Some(3),
            Status::NotApplicable => None,
        };
        if let Some(rank) = rank {
            rows.push((rank, o.current.due, o.obligation, row(None)));
        }
        for (i, m) in o.missed.iter().enumerate() {
            rows.push((0, m.due, o.obligation, row(Some(i))));
        }
    }
    rows.sort_by_key(|(rank, due, obligation, r)| (*rank, *due, *obligation, r.missed));
    rows.into_iter()
        .filter(|(rank, ..)| !app.views.period.owed_only || *rank <= 2)
        .map(|(.., r)| r)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Most overdue first, branches under their department.
    Worst,
    /// Lowest share of current obligations done first.
    DoneRatio,
    /// Lowest share of this year's score first; orgs without a score last.
    Score,
    Name,
}

impl Sort {
    pub fn next(self) -> Sort {
        match self {
            Sort::Worst => Sort::DoneRatio,
            Sort::DoneRatio => Sort::Score,
            Sort::Score => Sort::Name,
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

/// Every org, in the order of `app.views.overview.sort`; branches follow their department.
pub fn overview(app: &App) -> Vec<OverviewRow> {
    let row = |i: usize| {
        let facts = app.data.facts(i);
        OverviewRow {
            org: i,
            depth: 0,
            overdue: facts.summary.overdue,
            due_soon: facts.summary.due_soon,
            done: facts.summary.done,
            done_ratio: facts.summary.done_ratio(),
            hours: facts.hours,
            next_election: facts.next_election,
        }
    };
    let rows: Vec<OverviewRow> = (0..app.data.orgs.len()).map(row).collect();
    // Each row's sort key, worked out once and compared by reference.
    let names = &app.data.names;
    let key_of = |r: &OverviewRow| -> (i64, i64, usize) {
        let name = r.org;
        match app.views.overview.sort {
            Sort::Worst => (-(r.overdue as i64), -(r.due_soon as i64), name),
            Sort::DoneRatio => (
                (r.done_ratio.unwrap_or(1.0) * 1000.0) as i64,
                -(r.overdue as i64),
                name,
            ),
            Sort::Score => {
                let (score, max) = app
                    .data
                    .facts(r.org)
                    .scores
                    .iter()
                    .fold((0.0, 0.0), |(s, m), c| (s + c.0, m + c.1));
                let share = if max > 0.0 {
                    (score / max * 1000.0) as i64
                } else {
                    i64::MAX
                };
                (share, -(r.overdue as i64), name)
            }
            Sort::Name => (0, 0, name),
        }
    };
    let keys: Vec<(i64, i64, usize)> = rows.iter().map(key_of).collect();
    // Orders two orgs by index.
    let order = |a: usize, b: usize| {
        let (x, y) = (&keys[a], &keys[b]);
        (x.0, x.1, &names[x.2]).cmp(&(y.0, y.1, &names[y.2]))
    };
    // Group each branch with its department, when the department is listed.
    let index: std::collections::HashMap<&str, usize> = app
        .data
        .orgs
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let parent: Vec<Option<usize>> = app
        .data
        .orgs
        .iter()
        .map(|o| o.parent.as_deref().and_then(|p| index.get(p).copied()))
        .collect();
    let mut groups: Vec<(OverviewRow, Vec<OverviewRow>)> = Vec::new();
    // The group each org heads, if any.
    let mut heads: Vec<Option<usize>> = vec![None; rows.len()];
    let mut children: Vec<OverviewRow> = Vec::new();
    for r in rows {
        if parent[r.org].is_some() {
            children.push(r);
        } else {
            heads[r.org] = Some(groups.len());
            groups.push((r, Vec::new()));
        }
    }
    for mut c in children {
        let p = parent[c.org].expect("filtered above");
        c.depth = 1;
        match heads[p] {
            Some(g) => groups[g].1.push(c),
            None => {
                heads[c.org] = Some(groups.len());
                groups.push((OverviewRow { depth: 0, ..c }, Vec::new()));
            }
        }
    }
    for (_, kids) in &mut groups {
        kids.sort_by(|a, b| order(a.org, b.org));
    }
    // A group ranks by its worst member: the first of its sorted kids, or its root.
    let worst = |(root, kids): &(OverviewRow, Vec<OverviewRow>)| match kids.first() {
        Some(k) if order(k.org, root.org).is_lt() => k.org,
        _ => root.org,
    };
    groups.sort_by(|a, b| order(worst(a), worst(b)));
    groups
        .into_iter()
        .flat_map(|(root, kids)| std::iter::once(root).chain(kids))
        .collect()
}

/// One line of the 清单 view.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub checklist: String,
    /// Empty on a checklist's heading row.
    pub item: String,
    pub depth: usize,
    pub label: String,
    /// Worst status of the obligations under it, if any apply.
    pub status: Option<Status>,
    /// A leaf with no obligation: marked by hand.
    pub qualitative: bool,
    /// A leaf: it may carry a mark and, with points, a hand score.
    pub leaf: bool,
    pub mark: Option<MarkState>,
    /// 分值, and this year's score with how it was reached (a parent's is the sum of the
    /// scored items under it).
    pub points: Option<f64>,
    pub score: Option<f64>,
    pub by: Option<By>,
}

/// The indicator trees of the checklists that apply to the selected org, flattened.
pub fn tree(app: &App) -> Vec<TreeRow> {
    let Some(org) = app.selected_org() else {
        return Vec::new();
    };
    let Some(status) = app.data.org_status() else {
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
                let ob = &app.data.catalog.obligations[o.obligation];
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
    let scores = app.data.scores.get(&org.id);
    for c in &app.data.catalog.checklists {
        let applies = c
            .applies_to
            .as_ref()
            .is_none_or(|a| a.iter().any(|k| k.matches(org.kind)));
        if !applies || !app.data.catalog.is_in_force(org, &c.id) {
            continue;
        }
        let scored = scores.and_then(|s| s.iter().find(|s| s.checklist == c.id));
        // The checklist's heading: its title, and its score of its maximum.
        out.push(TreeRow {
            checklist: c.id.clone(),
            item: String::new(),
            depth: 0,
            label: c.title.clone(),
            status: None,
            qualitative: false,
            leaf: false,
            mark: None,
            points: scored.map(|s| s.max),
            score: scored.map(|s| s.score),
            by: None,
        });
        fn walk(
            app: &App,
            c: &str,
            items: &[Item],
            depth: usize,
            worst: &dyn Fn(&Item, &str) -> Option<Status>,
            scored: Option<&ChecklistScore>,
            out: &mut Vec<TreeRow>,
        ) {
            for item in items {
                let leaf = item.items.is_empty();
                let qualitative = leaf && item.obligations.is_empty();
                let (score, by) = scored.map_or((None, None), |s| item_score(s, item));
                out.push(TreeRow {
                    checklist: c.to_string(),
                    item: item.id.clone(),
                    depth,
                    label: item.label().to_string(),
                    status: worst(item, c),
                    qualitative,
                    leaf,
                    mark: leaf
                        .then(|| {
                            app.data
                                .marks
                                .iter()
                                .find(|m| m.checklist == c && m.item == item.id)
                                .map(|m| m.state)
                        })
                        .flatten(),
                    points: item.points,
                    score,
                    by,
                });
                walk(app, c, &item.items, depth + 1, worst, scored, out);
            }
        }
        walk(app, &c.id, &c.items, 0, &worst_of, scored, &mut out);
    }
    out
}

impl TreeRow {
    /// A checklist's heading row, not an item.
    pub fn is_heading(&self) -> bool {
        self.item.is_empty()
    }
}

/// An item's score: its own line in the checklist's score, else the sum of the scored
/// items under it (`None` when none is scored).
fn item_score(s: &ChecklistScore, item: &Item) -> (Option<f64>, Option<By>) {
    if let Some(line) = s.items.iter().find(|i| i.item == item.id) {
        return (line.score, Some(line.by));
    }
    fn sum(s: &ChecklistScore, items: &[Item], total: &mut Option<f64>) {
        for i in items {
            if let Some(v) = s
                .items
                .iter()
                .find(|l| l.item == i.id)
                .and_then(|l| l.score)
            {
                *total = Some(total.unwrap_or(0.0) + v);
            }
            sum(s, &i.items, total);
        }
    }
    let mut total = None;
    sum(s, &item.items, &mut total);
    (total.map(|t| (t * 100.0).round() / 100.0), None)
}

/// The selected org's records matching the `/` filter, newest first: by date, topic,
/// type, or the name of someone who came, stayed away or was on leave; `缺席:罗丽`
/// (`absent:`) lists only the records 罗丽 missed, `出席:罗丽` (`present:`) only those she
/// came to, `请假:罗丽` (`leave:`) only those she was on leave for.
pub fn filtered_records(app: &App) -> Vec<&Record> {
    let typed = app.views.records.filter.value().trim().to_lowercase();
    let (only, q) = match typed.split_once([':', '：']) {
        Some(("缺席" | "absent", name)) => (Some(Presence::Absent), name.trim()),
        Some(("出席" | "present", name)) => (Some(Presence::Present), name.trim()),
        Some(("请假" | "leave", name)) => (Some(Presence::Excused), name.trim()),
        _ => (None, typed.as_str()),
    };
    let members = &app.data.members;
    let name_matches = |id: &str| {
        members
            .iter()
            .any(|m| m.id == id && m.name.to_lowercase().contains(q))
    };
    let came = |r: &Record| match &r.attendees {
        Some(a) => a.iter().any(|id| name_matches(id)),
        // Everyone in scope that day came.
        None => members
            .iter()
            .any(|m| m.expected_on(r.date) && m.name.to_lowercase().contains(q)),
    };
    let missed = |r: &Record| {
        r.absentees(members)
            .iter()
            .any(|m| m.name.to_lowercase().contains(q))
    };
    let on_leave = |r: &Record| {
        r.on_leave(members)
            .iter()
            .any(|m| m.name.to_lowercase().contains(q))
    };
    app.data
        .records
        .iter()
        .filter(|r| match only {
            Some(Presence::Absent) => missed(r),
            Some(Presence::Present) => came(r),
            Some(Presence::Excused) => on_leave(r),
            None => {
                q.is_empty()
                    || r.date.to_string().contains(q)
                    || came(r)
                    || missed(r)
                    || on_leave(r)
                    || r.topic
                        .as_deref()
                        .is_some_and(|t| t.to_lowercase().contains(q))
                    || r.obligations.iter().any(|o| {
                        o.contains(q)
                            || app
                                .data
                                .catalog
                                .obligation(o)
                                .is_some_and(|ob| ob.title.contains(q))
                    })
            }
        })
        .collect()
}
