//! 义务: each obligation's current period and the periods missed this year.

use super::{Cell, Sheet, text};
use crate::checklist::Catalog;
use crate::judge::Judged;
use crate::lang::Lang;
use crate::report::progress;

/// 义务: each obligation's current period and the periods missed this year.
pub(super) fn obligations(
    name: &'static str,
    catalog: &Catalog,
    judged: &[Judged],
    lang: Lang,
) -> Sheet {
    let header = match lang {
        Lang::Zh => vec![
            "组织",
            "义务",
            "周期",
            "开始",
            "结束",
            "截止",
            "状态",
            "进度",
            "说明",
            "清单",
            "条目",
            "义务编号",
            "组织编号",
        ],
        Lang::En => vec![
            "org",
            "obligation",
            "period",
            "start",
            "end",
            "due",
            "status",
            "progress",
            "note",
            "checklist",
            "item",
            "obligation id",
            "org id",
        ],
    };
    let mut rows = Vec::new();
    for j in judged {
        for o in &j.status.obligations {
            let ob = &catalog.obligations[o.obligation];
            let current = o
                .exempt
                .clone()
                .unwrap_or_else(|| lang.pick("本期", "current").to_string());
            let periods = std::iter::once((&o.current, current)).chain(
                o.missed
                    .iter()
                    .map(|p| (p, lang.pick("往期未完成", "missed").to_string())),
            );
            for (p, note) in periods {
                rows.push(vec![
                    text(j.org.name.clone()),
                    text(ob.title.clone()),
                    text(p.period.label.clone()),
                    text(p.period.start.to_string()),
                    text(p.period.end.to_string()),
                    text(p.due.to_string()),
                    Cell::Status(p.status, lang.status(p.status).to_string()),
                    text(progress(p, lang)),
                    text(note),
                    text(ob.checklist.clone()),
                    text(ob.item.clone()),
                    text(ob.id.clone()),
                    text(j.org.id.clone()),
                ]);
            }
        }
    }
    Sheet { name, header, rows }
}
