//! The command line in Chinese (the default) and as a secretary types it: help and
//! usage errors in Chinese, obligations by their title, dates as MM-DD.

use crate::common;

use common::Env;

fn branch() -> Env {
    let env = Env::new();
    env.ok(&[
        "org",
        "add",
        "--id",
        "t1",
        "--name",
        "教工第一党支部",
        "--kind",
        "teacher-branch",
        "--since",
        "2026-01-01",
    ]);
    env
}

/// `dangjian help record add` is `dangjian record add --help`, as in English.
#[test]
fn the_help_command_shows_the_named_commands_help() {
    let env = Env::new();
    let help = |args: &[&str]| {
        let out = env.cmd_zh(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let flag = help(&["record", "add", "--help"]);
    assert!(flag.contains("记一笔活动"), "{flag}");
    assert_eq!(help(&["help", "record", "add"]), flag);
    assert_eq!(help(&["record", "help", "add"]), flag);
    // Options before `help` keep their values, wherever they stand.
    assert_eq!(
        help(&["record", "--today", "2026-11-30", "help", "add"]),
        flag
    );
    assert!(help(&["help"]).contains("后接命令名时"));
    let out = env.cmd_zh(&["help", "nosuch"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("没有命令 \"nosuch\""), "{stderr}");
}

#[test]
fn help_is_chinese_by_default() {
    let env = Env::new();
    for args in [
        vec!["--help"],
        vec!["record", "add", "--help"],
        vec!["org", "add", "-h"],
        vec!["help"],
        vec!["help", "record", "add"],
        vec!["record", "help", "add"],
        vec!["--today", "2026-11-30", "help", "org"],
        vec!["help", "help"],
    ] {
        let out = env.cmd_zh(&args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("用法：") && text.contains("选项"), "{text}");
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Print help",
            "default:",
            "possible values",
        ] {
            assert!(!text.contains(english), "{args:?}: {english:?} in\n{text}");
        }
        assert_eq!(common::english_sentence(&text), None, "{args:?}:\n{text}");
    }
    // `--lang en` keeps the English.
    let out = env.cmd(&["record", "add", "--help"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Usage") && text.contains("Record an activity"),
        "{text}"
    );
}

#[test]
fn an_invalid_kind_gets_a_chinese_usage_error() {
    let env = Env::new();
    let out = env
        .cmd_zh(&[
            "org",
            "add",
            "--id",
            "x",
            "--name",
            "某支部",
            "--kind",
            "支部",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--kind") && err.contains("\"支部\" 无效"),
        "{err}"
    );
    assert!(
        err.contains("teacher-branch") && err.contains("--help"),
        "{err}"
    );
    assert!(
        !err.contains("invalid value") && !err.contains("For more information"),
        "{err}"
    );
    assert!(!env.path().join("db").exists(), "nothing was created");
}

#[test]
fn an_obligation_by_its_title_and_a_date_as_mm_dd() {
    let env = branch();
    env.ok(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "主题党日",
        "--date",
        "11-05",
        "--topic",
        "学习",
    ]);
    let records = env.json(&["record", "list", "--org", "t1"]);
    let r = &records[0];
    assert_eq!(r["date"], "2026-11-05");
    assert_eq!(r["obligations"][0], "theme-party-day");
    // An obligation neither id nor title: the list names titles beside ids.
    let (_, err) = env.fails(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "主题党会",
        "--date",
        "11-05",
    ]);
    assert!(err.contains("theme-party-day 主题党日"), "{err}");
    // MM-DD that does not exist this year is refused as such.
    let (_, err) = env.fails(&[
        "record",
        "add",
        "--org",
        "t1",
        "--obligation",
        "主题党日",
        "--date",
        "02-30",
    ]);
    assert!(err.contains("\"02-30\" is not a date that exists"), "{err}");
}

/// A bad `config.yaml` is refused in Chinese by default, at its place, naming the bad
/// key or value; in English with `--lang en`.
#[test]
fn config_errors_are_chinese_by_default() {
    let env = branch();
    let config = env.path().join("config.yaml");
    for (text, at, needle) in [
        ("bogus: 1\n", ":1:1: ", "未知字段 `bogus`"),
        (
            "term_years: abc\n",
            ":1:13: ",
            "term_years: 类型不对：字符串 \"abc\"",
        ),
        ("term_years: 0\n", ":1:1: ", "term_years \"0\" 超出范围"),
        (
            "checklists: [no-such-guide]\n",
            ":1:1: ",
            "没有清单 \"no-such-guide\"",
        ),
    ] {
        std::fs::write(&config, text).unwrap();
        let out = env.cmd_zh(&["status"]).output().unwrap();
        assert!(!out.status.success(), "{text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let (_, message) = stderr
            .split_once(&format!("config.yaml{at}"))
            .unwrap_or_else(|| panic!("{text}: not at config.yaml{at}: {stderr}"));
        assert!(message.contains(needle), "{text}: {stderr}");
        assert_eq!(common::english_sentence(message), None, "{stderr}");
    }
    let (_, english) = env.fails(&["status"]);
    assert!(
        english.contains("checklists: unknown checklist \"no-such-guide\"; loaded checklists:"),
        "{english}"
    );
}
