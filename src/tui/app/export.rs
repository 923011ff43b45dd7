//! `x`: the selected org, or every org from 总览, as an Excel workbook in the folder the UI
//! was started in; the status line says where it went. It goes only where
//! `export --output` may go ([`output::check`]): a file of that name already there is
//! kept, and the workbook takes the next free name (`…-2.xlsx`).

use anyhow::Result;

use super::App;
use crate::exchange::output::{self, Output, Refusal};
use crate::exchange::{self, ExportFormat, Request};
use crate::tui::action::View;

impl App {
    pub(super) fn export_xlsx(&mut self) -> Result<()> {
        let org = match self.view {
            View::Overview => None,
            _ => match self.data.selected_org() {
                Some(o) => Some(o.id.clone()),
                None => {
                    self.say("请先用 o 选择一个组织", "choose an org first with o");
                    return Ok(());
                }
            },
        };
        let stem = format!(
            "dangjian-{}-{}",
            org.as_deref().unwrap_or(self.lang().pick("全部", "all")),
            self.data.today
        );
        let data = self.data.db.dir().map(std::path::Path::to_path_buf);
        let mut n = 1;
        let path = loop {
            let name = match n {
                1 => format!("{stem}.xlsx"),
                _ => format!("{stem}-{n}.xlsx"),
            };
            let path = self.export_dir.join(name);
            let to = Output {
                path: &path,
                force: false,
            };
            match output::check(to, data.as_deref()) {
                Ok(()) => break path,
                Err(Refusal::Exists) => n += 1,
                Err(why) => {
                    self.message = Some((why.message(&path, self.lang()), true));
                    return Ok(());
                }
            }
        };
        let stamp = self.data.stamp();
        let req = Request {
            catalog: &self.data.catalog,
            cal: &self.data.cal,
            org: org.as_deref(),
            today: self.data.today,
            stamp: &stamp,
            lang: self.data.lang,
        };
        self.data.reads += 1;
        exchange::write_file(
            self.data.db.get()?,
            &req,
            ExportFormat::Xlsx,
            &path,
            self.export_mode,
            data.as_deref(),
        )?;
        let shown = std::path::absolute(&path).unwrap_or(path);
        let shown = shown.display();
        self.message = Some((
            match self.lang() {
                crate::lang::Lang::Zh => format!("已导出到 {shown}"),
                crate::lang::Lang::En => format!("exported to {shown}"),
            },
            false,
        ));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use calamine::{Reader, Xlsx, open_workbook};
    use chrono::{NaiveDate, TimeZone, Utc};

    use crate::checklist::Catalog;
    use crate::exchange::output;
    use crate::lang::Lang;
    use crate::model::ObjectKind;
    use crate::period::Calendar;
    use crate::store::Store;
    use crate::tui::action::Action;
    use crate::tui::action::View;
    use crate::tui::app::App;

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let store = Store::open(&dir.path().join("data")).unwrap();
        let demo = crate::demo::generate(6, 1, 1, today);
        store
            .bulk_load(&demo.orgs, &demo.members, &demo.records)
            .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let mut app = App::new(
            store,
            Catalog::builtin(),
            Calendar::default(),
            Lang::Zh,
            today,
            now,
        )
        .unwrap();
        app.export_dir = dir.path().to_path_buf();
        app.export_mode = 0o666 & !0o022;
        (dir, app)
    }

    fn orgs_in(path: &std::path::Path) -> std::collections::BTreeSet<String> {
        let mut book: Xlsx<_> = open_workbook(path).unwrap();
        let range = book.worksheet_range("义务").unwrap();
        range.rows().skip(1).map(|r| r[12].to_string()).collect()
    }

    #[test]
    fn x_exports_every_org_from_the_overview_and_the_selected_one_elsewhere() {
        let (dir, mut app) = app();
        app.view = View::Overview;
        app.update(Action::Export);
        let all = dir.path().join("dangjian-全部-2026-11-22.xlsx");
        let (message, error) = app.message.clone().unwrap();
        assert!(!error);
        assert!(
            message.starts_with("已导出到 ") && message.ends_with("dangjian-全部-2026-11-22.xlsx"),
            "{message}"
        );
        assert_eq!(orgs_in(&all).len(), 6);
        // The mode the user's umask gives (here umask 022), as `export --output` has it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&all).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }

        let i = app.data.orgs.iter().position(|o| o.id == "cs-t1").unwrap();
        app.select_org(i).unwrap();
        app.view = View::Period;
        app.update(Action::Export);
        let one = dir.path().join("dangjian-cs-t1-2026-11-22.xlsx");
        assert_eq!(orgs_in(&one).into_iter().collect::<Vec<_>>(), ["cs-t1"]);
        assert!(
            app.message
                .clone()
                .unwrap()
                .0
                .contains("dangjian-cs-t1-2026-11-22.xlsx")
        );
    }

    #[test]
    fn x_goes_only_where_export_output_may_and_never_over_a_file() {
        let (dir, mut app) = app();
        app.view = View::Overview;
        let first = dir.path().join("dangjian-全部-2026-11-22.xlsx");
        std::fs::write(&first, "mine").unwrap();
        // A file of that name is kept; the workbook takes the next free name.
        app.update(Action::Export);
        let (message, error) = app.message.clone().unwrap();
        assert!(!error, "{message}");
        assert!(
            message.ends_with("dangjian-全部-2026-11-22-2.xlsx"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "mine");
        assert_eq!(
            orgs_in(&dir.path().join("dangjian-全部-2026-11-22-2.xlsx")).len(),
            6
        );

        // A symbolic link is not replaced.
        let i = app.data.orgs.iter().position(|o| o.id == "cs-t1").unwrap();
        app.select_org(i).unwrap();
        app.view = View::Period;
        let link = dir.path().join("dangjian-cs-t1-2026-11-22.xlsx");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&first, &link).unwrap();
            app.update(Action::Export);
            let (message, error) = app.message.clone().unwrap();
            assert!(error);
            assert!(message.contains("是符号链接，不会替换它"), "{message}");
            assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
            assert_eq!(std::fs::read_to_string(&first).unwrap(), "mine");
            std::fs::remove_file(&link).unwrap();
        }

        // Never inside the data folder: the UI started there is told so.
        app.export_dir = dir.path().join("data");
        app.update(Action::Export);
        let (message, error) = app.message.clone().unwrap();
        assert!(error);
        assert!(message.contains("在数据文件夹"), "{message}");
        assert!(
            !dir.path()
                .join("data")
                .join(link.file_name().unwrap())
                .exists()
        );

        // A folder that is gone is named plainly.
        app.export_dir = dir.path().join("gone");
        app.update(Action::Export);
        let (message, error) = app.message.clone().unwrap();
        assert!(error);
        let gone = dir.path().join("gone").display().to_string();
        assert_eq!(message, format!("文件夹 {gone} 不存在；请先创建它"));

        // Nothing is left beside the exports, nor in the export journal.
        assert_eq!(
            output::leftovers(dir.path()),
            Vec::<std::path::PathBuf>::new()
        );
        let journal = dir.path().join("data").join(output::JOURNAL);
        assert_eq!(std::fs::read_dir(journal).unwrap().count(), 0);
    }

    #[test]
    fn delete_leaves_a_tombstone_undo_takes_it_away() {
        let (_dir, mut app) = app();
        let i = app.data.orgs.iter().position(|o| o.id == "cs-t1").unwrap();
        app.select_org(i).unwrap();
        app.update(Action::Show(View::Records));
        let newest = app.data.records[0].id.clone();
        app.update(Action::Delete);
        app.update(Action::Answer(true));
        let stones = app
            .data
            .db
            .get()
            .unwrap()
            .tombstones(Some("cs-t1"))
            .unwrap();
        assert_eq!(stones.len(), 1);
        assert_eq!(
            (stones[0].kind, stones[0].id.as_str()),
            (ObjectKind::Record, newest.as_str())
        );
        assert_eq!(stones[0].deleted_at, "2026-11-22T09:00:00.000Z");
        app.update(Action::Undo);
        assert!(
            app.data
                .db
                .get()
                .unwrap()
                .tombstones(None)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_import_from_elsewhere_shows_when_the_org_is_opened_again() {
        let (dir, mut app) = app();
        let i = app.data.orgs.iter().position(|o| o.id == "cs-t1").unwrap();
        app.select_org(i).unwrap();
        let before = app.data.records.len();
        // Another process imports a file with one more record while the UI sits idle.
        app.data.db.close();
        {
            let store = Store::open(&dir.path().join("data")).unwrap();
            let mut contents = store.contents(Some("cs-t1")).unwrap();
            let mut r = contents.records[0].clone();
            r.id = "0".repeat(31) + "1";
            r.topic = Some("别处导入".into());
            contents.records = vec![r];
            let (changes, report) =
                crate::exchange::import::merge(store.contents(None).unwrap(), contents);
            assert_eq!(report.added, 1);
            store.apply(changes).unwrap();
            store.flush().unwrap();
        }
        app.view = View::Overview;
        app.select_org(i).unwrap();
        assert_eq!(app.data.records.len(), before + 1);
        assert!(
            app.data
                .records
                .iter()
                .any(|r| r.topic.as_deref() == Some("别处导入"))
        );
    }
}
