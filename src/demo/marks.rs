//! The demo's hand scores: the assessed college's marks on the rubric's items.

use super::{Gen, stamp};
use crate::checklist::{Catalog, Item};
use crate::model::{Mark, MarkState};

impl Gen {
    /// Hand scores (marks) for about four in five of the rubric's items without a scoring
    /// rule, mostly near full points.
    pub(super) fn hand_scores(&mut self, org: &str) {
        let catalog = Catalog::builtin();
        let Some(rubric) = catalog.checklist("ideology-responsibility") else {
            return;
        };
        let mut all = Vec::new();
        leaves(&rubric.items, &mut all);
        for item in all {
            // The items scored from records since the per-violation and 报送 rules (1.5,
            // 4.3, 4.4, 4.6) still draw their hand score, which is then dropped: the rule
            // scores them, and every other draw of the demo stays as it was.
            let ruled_later = ["1.5", "4.3", "4.4", "4.6"].contains(&item.id.as_str());
            let ruled = item.obligations.iter().any(|o| o.score.is_some()) && !ruled_later;
            let Some(points) = item.points.filter(|_| !ruled && item.kind.is_none()) else {
                continue;
            };
            if !self.rng.chance(0.8) {
                continue;
            }
            let score = self.hand_score(points, 0.4);
            if ruled_later {
                continue;
            }
            self.demo.marks.push(Mark {
                org: org.into(),
                checklist: rubric.id.clone(),
                item: item.id.clone(),
                state: MarkState::Done,
                note: None,
                owner: None,
                deadline: None,
                score: Some(score),
                updated_at: stamp(self.today),
            });
        }
    }

    /// An assessor's score for an item worth `points`: in half points, from (1 − `spread`)
    /// of the points up to all of them.
    pub(super) fn hand_score(&mut self, points: f64, spread: f64) -> f64 {
        let halves = (points * 2.0) as u64;
        let below = self.rng.below((halves as f64 * spread) as u64 + 1);
        (halves - below) as f64 / 2.0
    }
}

/// The leaf items under `items`, in order.
pub(super) fn leaves<'a>(items: &'a [Item], out: &mut Vec<&'a Item>) {
    for item in items {
        if item.items.is_empty() {
            out.push(item);
        } else {
            leaves(&item.items, out);
        }
    }
}
