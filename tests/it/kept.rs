//! `status --format json` kept beside the data folder: asked again, it is given from the
//! kept answer; after any write, any change to the checklists or the configuration,
//! another day or another language, it is the same as one judged afresh.

use std::path::Path;

use crate::common::Env;

const KEPT: &str = "answer.kept";

fn status(env: &Env, extra: &[&str]) -> String {
    let mut args = vec!["status", "--format", "json"];
    args.extend(extra);
    env.ok(&args)
}

/// The status after `change`, which must equal the one judged with nothing kept; and
/// whether it differs from the status before.
fn after(env: &Env, extra: &[&str], change: impl FnOnce()) -> bool {
    let before = status(env, extra);
    assert!(env.path().join(KEPT).exists(), "status keeps its answer");
    assert_eq!(status(env, extra), before, "asked again, the same answer");
    change();
    let after = status(env, extra);
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    let fresh = status(env, extra);
    assert_eq!(after, fresh, "after the change, status is judged afresh");
    after != before
}

/// A 主题党日 held in branch `cs-t1` on 2026-11-20.
fn add_meeting(env: &Env) {
    env.ok(&[
        "record",
        "add",
        "--org",
        "cs-t1",
        "--obligation",
        "theme-party-day",
        "--date",
        "2026-11-20",
        "--topic",
        "学习",
    ]);
}

fn demo() -> Env {
    let env = Env::new();
    env.ok(&["demo", "--no-ui", "--orgs", "6"]);
    env
}

/// `hq-t1`, a teachers' branch under the school: its young teachers count in the school's
/// obligations (`scope: tree`).
fn add_branch_under_school(env: &Env) {
    env.ok(&[
        "org",
        "add",
        "--id",
        "hq-t1",
        "--name",
        "机关教工支部",
        "--kind",
        "teacher-branch",
        "--parent",
        "school",
    ]);
}

/// `org`'s part of a status in JSON.
fn part_of(status: &serde_json::Value, org: &str) -> serde_json::Value {
    let orgs = status["orgs"].as_array().unwrap();
    orgs.iter().find(|o| o["id"] == org).unwrap().clone()
}

/// `id`, a young teacher (`青年教师`) of `hq-t1`: she counts in the school's obligations.
fn add_young_teacher(env: &Env, id: &str) {
    env.ok(&[
        "member",
        "add",
        "--org",
        "hq-t1",
        "--id",
        id,
        "--name",
        "李青",
        "--tag",
        "青年教师",
    ]);
}

#[test]
fn every_write_leaves_status_as_judged_afresh() {
    let env = demo();
    let e = &env;
    let add = || add_meeting(e);
    assert!(after(e, &[], add), "a record changes the status");
    let listed = e.json(&["record", "list", "--org", "cs-t1"]);
    let id = listed[0]["id"].as_str().unwrap().to_string();
    assert!(after(e, &[], || drop(e.ok(&["record", "delete", &id]))));
    let member = || {
        e.ok(&[
            "member",
            "add",
            "--org",
            "cs-t1",
            "--id",
            "new1",
            "--name",
            "新党员",
        ]);
    };
    assert!(after(e, &[], member), "a member changes the status");
    let mark = || {
        e.ok(&[
            "mark",
            "set",
            "--org",
            "cs-t1",
            "--item",
            "ideology-responsibility:1.1",
            "--score",
            "0",
        ]);
    };
    assert!(after(e, &[], mark), "a mark changes the scores");
    let dues = || {
        e.ok(&[
            "dues",
            "set",
            "--member",
            "new1",
            "--monthly",
            "20",
            "--from",
            "2026-01",
        ]);
        e.ok(&[
            "dues", "pay", "--member", "new1", "--from", "2026-01", "--to", "2026-11",
        ]);
    };
    after(e, &[], dues);
    let edit = || drop(e.ok(&["org", "edit", "cs-t1", "--name", "教工一支部"]));
    assert!(after(e, &[], edit), "an org's new name is in the status");
}

#[test]
fn an_import_leaves_status_as_judged_afresh() {
    let env = demo();
    let other = Env::new();
    other.ok(&["demo", "--no-ui", "--orgs", "6", "--seed", "2"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("other.json");
    other.ok(&["export", "--as", "json", "--output", file.to_str().unwrap()]);
    let import = || drop(env.ok(&["import", file.to_str().unwrap()]));
    assert!(after(&env, &[], import), "the import changes the status");
}

/// An org edited keeps the answers: made again for the org and the orgs above it, where
/// it is and where it was. A branch with a young teacher moved from the school to a
/// department leaves the school's count of young teachers.
#[test]
fn an_org_moved_keeps_the_answer_made_again_above_where_it_was_and_is() {
    let env = demo();
    add_branch_under_school(&env);
    add_young_teacher(&env, "yt1");
    let school = |status: &serde_json::Value| part_of(status, "school");
    let before = env.json(&["status"]);
    env.ok(&["org", "edit", "hq-t1", "--parent", "cs"]);
    assert!(
        env.path().join(KEPT).exists(),
        "the edit kept the answer, made again"
    );
    let kept = status(&env, &[]);
    assert_ne!(
        school(&serde_json::from_str(&kept).unwrap()),
        school(&before),
        "the school lost a young teacher"
    );
    dangjian::store::kept::remove(env.path());
    assert_eq!(kept, status(&env, &[]), "kept as judged afresh");
}

/// An org added keeps the answers, with its part made in its place and those of the
/// orgs above it made again; both answers are then as judged afresh.
#[test]
fn an_org_added_keeps_the_answers_with_its_part_in_place() {
    let env = demo();
    status(&env, &[]);
    let overview = env.path().join("overview.kept");
    assert!(overview.exists());
    // `hq-t1` sorts between the demo's orgs: its part goes in the middle.
    add_branch_under_school(&env);
    assert!(
        env.path().join(KEPT).exists(),
        "the answer kept, made again"
    );
    assert!(overview.exists(), "the overview kept, made again");
    let kept = status(&env, &[]);
    assert!(kept.contains("\"hq-t1\""), "the new org is in it");
    let kept_overview = std::fs::read(&overview).unwrap();
    dangjian::store::kept::remove(env.path());
    assert_eq!(kept, status(&env, &[]), "kept as judged afresh");
    assert_eq!(
        kept_overview,
        std::fs::read(&overview).unwrap(),
        "the overview as judged afresh"
    );
}

/// A demo and an import judge every org once and keep the answers: the status after
/// them is read from what they kept, and is the status judged afresh.
#[test]
fn a_demo_and_an_import_keep_what_they_judged() {
    let env = demo();
    let kept = |env: &Env| {
        ["answer.kept", "overview.kept"]
            .iter()
            .all(|f| env.path().join(f).exists())
    };
    let judged_afresh = |env: &Env| {
        let given = status(env, &[]);
        dangjian::store::kept::remove(env.path());
        assert_eq!(given, status(env, &[]), "kept as judged afresh");
    };
    assert!(kept(&env), "the demo keeps both answers");
    judged_afresh(&env);
    let other = Env::new();
    other.ok(&["demo", "--no-ui", "--orgs", "6", "--seed", "2"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("other.json");
    other.ok(&["export", "--as", "json", "--output", file.to_str().unwrap()]);
    for into in [Env::new(), env] {
        into.ok(&["import", file.to_str().unwrap()]);
        assert!(kept(&into), "the import keeps both answers");
        judged_afresh(&into);
    }
}

#[test]
fn checklists_config_day_and_language_are_part_of_the_answer() {
    let env = demo();
    let dir = env.path().join("lists");
    std::fs::create_dir(&dir).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
    let text = std::fs::read_to_string(fixture.join("half-year-report.yaml")).unwrap();
    let file = dir.join("half-year-report.yaml");
    std::fs::write(&file, &text).unwrap();
    let lists = ["--checklists", dir.to_str().unwrap()];
    let edited = || std::fs::write(&file, text.replace("due_day: 15", "due_day: 20")).unwrap();
    assert!(
        after(&env, &lists, edited),
        "a checklist file's change shows"
    );
    std::fs::write(dir.join("broken.yaml"), "schema: [\n").unwrap();
    let mut args = vec!["status", "--format", "json"];
    args.extend(lists);
    env.fails(&args);
    std::fs::remove_file(dir.join("broken.yaml")).unwrap();

    let config = || std::fs::write(env.path().join("config.yaml"), "term_years: 2\n").unwrap();
    assert!(after(&env, &[], config), "the configuration's change shows");

    let today = status(&env, &[]);
    let later = env.ok(&["status", "--format", "json", "--today", "2026-12-31"]);
    assert_ne!(today, later);
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    let fresh = env.ok(&["status", "--format", "json", "--today", "2026-12-31"]);
    assert_eq!(later, fresh, "another day is judged for that day");
    let zh = env
        .cmd_zh(&["status", "--format", "json"])
        .output()
        .unwrap();
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    let zh_fresh = env
        .cmd_zh(&["status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(zh.stdout, zh_fresh.stdout, "each language its own answer");
}

/// While another process holds the folder, the kept answer is still given; a database
/// opened to write moves it aside before anything else, and puts it back when it closes
/// having written nothing.
#[test]
fn the_kept_answer_needs_no_lock_and_an_open_to_write_moves_it_aside() {
    let env = demo();
    let first = status(&env, &[]);
    let lock = std::fs::File::open(env.path().join("lock")).unwrap();
    lock.try_lock().unwrap();
    assert_eq!(status(&env, &[]), first, "given while the folder is held");
    env.fails(&["status"]);
    lock.unlock().unwrap();
    let held = dangjian::store::Store::open(env.path()).unwrap();
    assert!(
        !env.path().join(KEPT).exists(),
        "an open to write moves it aside"
    );
    drop(held);
    assert!(
        env.path().join(KEPT).exists(),
        "closed with nothing written, it is back"
    );
    assert_eq!(status(&env, &[]), first);
}

/// A write to one org makes that org's part of the answer again, and those above it:
/// the answer is in place after the write, and is the one judged afresh.
#[test]
fn a_write_to_one_org_keeps_the_answer_made_again_for_it() {
    let env = demo();
    let before = status(&env, &[]);
    add_meeting(&env);
    assert!(env.path().join(KEPT).exists(), "the write kept the answer");
    let kept = std::fs::read(env.path().join(KEPT)).unwrap();
    let after = status(&env, &[]);
    assert_eq!(
        std::fs::read(env.path().join(KEPT)).unwrap(),
        kept,
        "status gave the kept answer"
    );
    assert_ne!(after, before, "the record shows");
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    assert_eq!(after, status(&env, &[]), "the same as judged afresh");

    // A young teacher of a branch under the school counts in the school's obligations
    // (`scope: tree`): the school's part is made again too.
    add_branch_under_school(&env);
    let before = env.json(&["status"]);
    add_young_teacher(&env, "young1");
    assert!(env.path().join(KEPT).exists());
    let after = status(&env, &[]);
    let school = |status: &serde_json::Value| part_of(status, "school");
    let parsed: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert!(school(&parsed) != school(&before), "the school counts her");
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    assert_eq!(after, status(&env, &[]), "the same as judged afresh");
}

/// A writer killed while its answer was aside leaves the base behind, older than what it
/// wrote: it is never put back, by a store that writes nothing or by the next writer.
#[test]
fn an_answer_left_aside_by_a_killed_writer_never_comes_back() {
    let env = demo();
    status(&env, &[]);
    let base = env.path().join("answer.kept.base");
    let stale = std::fs::read(env.path().join(KEPT)).unwrap();
    env.ok(&["org", "edit", "cs-t1", "--name", "教工一支部"]);
    // As the writer of that edit, killed before it settled, would have left it; and an
    // answer half written by a status killed while it kept one.
    std::fs::write(&base, &stale).unwrap();
    let half = env.path().join("answer.kept.writing");
    std::fs::write(&half, &stale[..stale.len() / 2]).unwrap();
    drop(dangjian::store::Store::open(env.path()).unwrap());
    assert!(
        !base.exists(),
        "an open to write removes what was left aside"
    );
    assert!(!half.exists(), "and what was half written");
    assert!(status(&env, &[]).contains("教工一支部"));

    std::fs::write(&base, &stale).unwrap();
    add_meeting(&env);
    assert!(!base.exists());
    let after = status(&env, &[]);
    assert!(after.contains("教工一支部"), "not the answer left aside");
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    assert_eq!(after, status(&env, &[]));
}

/// A read-only folder is read, and keeps nothing.
#[test]
fn a_read_only_folder_is_answered() {
    use std::os::unix::fs::PermissionsExt;
    let env = demo();
    let fresh = status(&env, &[]);
    std::fs::remove_file(env.path().join(KEPT)).unwrap();
    let mode = |m| std::fs::Permissions::from_mode(m);
    std::fs::set_permissions(env.path(), mode(0o500)).unwrap();
    let unwritable = std::fs::File::create(env.path().join("probe")).is_err();
    let read = status(&env, &[]);
    let kept = env.path().join(KEPT).exists();
    std::fs::set_permissions(env.path(), mode(0o700)).unwrap();
    assert_eq!(read, fresh);
    if unwritable {
        assert!(!kept, "a read-only folder keeps nothing");
    }
}

mod ui {
    use chrono::{NaiveDate, TimeZone, Utc};
    use dangjian::lang::Lang;
    use dangjian::tui::action::Action;
    use dangjian::tui::app::App;
    use dangjian::tui::input::Edit;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::demo;
    use crate::common::Env;

    const OVERVIEW: &str = "overview.kept";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    /// The UI as `dangjian` opens it on the folder: its database closed until first
    /// used, the overview kept beside it read when there is one.
    fn open(env: &Env) -> App {
        open_on(env, today())
    }

    fn open_on(env: &Env, today: NaiveDate) -> App {
        let now = Utc
            .from_local_datetime(&today.and_hms_opt(9, 0, 0).unwrap())
            .unwrap();
        let ctx = dangjian::context::Context::on_folder(env.path(), today, now, Lang::Zh);
        assert!(ctx.answer_key(dangjian::judge::answer::OVERVIEW).is_some());
        dangjian::tui::open_app(&ctx).unwrap()
    }

    /// On the next day the overview kept the day before is no answer: the UI judges
    /// every org and keeps the day's, which the one it moved aside does not replace.
    #[test]
    fn the_next_day_the_ui_keeps_that_days_overview() {
        let env = demo();
        drop(open(&env));
        let next = today().succ_opt().unwrap();
        let judged = open_on(&env, next);
        assert!(!judged.data.statuses.is_empty(), "another day is judged");
        drop(judged);
        let kept = open_on(&env, next);
        assert!(
            kept.data.statuses.is_empty(),
            "opened on the day's overview"
        );
    }

    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|f| dangjian::tui::views::render(app, f))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                out.push_str(buffer[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    /// The lines where two screens differ.
    fn differ(a: &str, b: &str) -> Vec<(String, String)> {
        a.lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect()
    }

    /// Opened judged, and then on the overview that kept: the same screens, before and
    /// after the first key, and the second opened no database and judged no org to
    /// draw its first frame.
    fn same_as_judged(env: &Env) -> App {
        dangjian::store::kept::remove(env.path());
        let mut judged = open(env);
        assert!(
            env.path().join(OVERVIEW).exists(),
            "the UI kept its overview"
        );
        let first = screen(&judged);
        judged.update(Action::Enter);
        let entered = screen(&judged);
        drop(judged);
        let mut kept = open(env);
        assert!(
            !kept.data.db.is_open(),
            "no database opened for the first frame"
        );
        assert!(kept.data.statuses.is_empty(), "no org judged");
        assert_eq!(differ(&screen(&kept), &first), []);
        kept.update(Action::Enter);
        assert_eq!(
            differ(&screen(&kept), &entered),
            [],
            "the first key reads the org"
        );
        kept
    }

    #[test]
    fn the_ui_opens_on_the_kept_overview_as_it_would_judged() {
        let env = demo();
        let mut app = same_as_judged(&env);
        // A make-up record written from the UI, in the org the first key opened.
        let org = app.data.org.unwrap();
        let before = app.data.facts(org).clone();
        let rows = dangjian::tui::app::rows::period(&app);
        app.views.period.cursor = rows
            .iter()
            .position(|r| r.missed.is_some())
            .expect("a missed period");
        app.update(Action::Add);
        app.update(Action::NextField);
        for c in "补开".chars() {
            app.update(Action::Type(Edit::Char(c)));
        }
        app.update(Action::NextField);
        app.update(Action::Type(Edit::Char('2')));
        app.update(Action::Save);
        assert!(
            app.message.as_ref().is_none_or(|m| !m.1),
            "{:?}",
            app.message
        );
        assert!(*app.data.facts(org) != before, "the make-up shows");
        let shown = app.data.facts.clone();
        // Closing the database settles the answers beside it: they are kept current.
        drop(app);
        assert!(
            env.path().join(OVERVIEW).exists(),
            "the write kept it current"
        );
        let kept = open(&env);
        assert!(kept.data.statuses.is_empty(), "opened on the kept overview");
        assert_eq!(kept.data.facts, shown);
        drop(kept);
        let judged = same_as_judged(&env);
        assert_eq!(judged.data.facts, shown, "kept current, as judged afresh");
    }

    /// A young teacher added in a branch's 成员 counts in the school's obligations
    /// (`scope: tree`): the school shows her at once, as it would judged afresh, and not
    /// only once the UI is opened again.
    #[test]
    fn a_member_added_in_a_branch_counts_at_once_in_the_school_above_it() {
        use dangjian::tui::action::View;
        let env = demo();
        super::add_branch_under_school(&env);
        let at = |app: &App, id: &str| app.data.orgs.iter().position(|o| o.id == id).unwrap();
        let school_screen = |app: &mut App| {
            app.select_org(at(app, "school")).unwrap();
            app.update(Action::Show(View::Period));
            app.message = None;
            screen(app)
        };
        let mut app = open(&env);
        let before = school_screen(&mut app);
        app.select_org(at(&app, "hq-t1")).unwrap();
        app.update(Action::Show(View::Members));
        app.update(Action::Add);
        for c in "李青".chars() {
            app.update(Action::Type(Edit::Char(c)));
        }
        app.update(Action::NextField);
        app.update(Action::NextField);
        for c in "青年教师".chars() {
            app.update(Action::Type(Edit::Char(c)));
        }
        app.update(Action::Save);
        assert!(
            app.message.as_ref().is_none_or(|m| !m.1),
            "{:?}",
            app.message
        );
        let shown = school_screen(&mut app);
        assert_ne!(differ(&shown, &before), [], "the school counts her");
        let facts = app.data.facts.clone();
        drop(app);
        dangjian::store::kept::remove(env.path());
        let mut judged = open(&env);
        assert_eq!(differ(&school_screen(&mut judged), &shown), []);
        assert_eq!(judged.data.facts, facts, "the overview as judged afresh");
    }
}
