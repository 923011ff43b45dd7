//! Killing dangjian at random moments (SIGKILL, no chance to clean up) — writers, the
//! first write of a day (which starts the day's backup), readers, importers of a JSON
//! export, exports to a file elsewhere and the backup process itself — never loses a
//! record whose id was printed, never leaves a data folder that will not open, never
//! leaves an import half applied or an export half written, and `doctor` then removes
//! every temporary file the kills left.
//!
//! `cargo test` runs 40 kills; `DANGJIAN_KILLS=1000 cargo test --test it crash:: --
//! --nocapture` runs more and prints the figures.

#![cfg(unix)]

use crate::common;

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use common::{Env, TODAY};
use serde_json::{Value, json};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// `record add`.
    Write,
    /// `record add` with `--today` moved on: the first write of a new day.
    FirstOfDay,
    /// `status --format json`.
    Read,
    /// `import` of a JSON export adding an org, its members and records.
    Import,
    /// `export --output` to a file outside the data folder, over an earlier export.
    Export,
    /// `backup`, the process the first write of a day starts.
    Backup,
}

const KINDS: [Kind; 6] = [
    Kind::Write,
    Kind::FirstOfDay,
    Kind::Read,
    Kind::Import,
    Kind::Export,
    Kind::Backup,
];

/// Of every ten commands: three writes, two first writes of a day, a read, two imports,
/// an export and a backup.
fn kind(i: usize) -> Kind {
    match i % 10 {
        0..=2 => Kind::Write,
        3 | 4 => Kind::FirstOfDay,
        5 => Kind::Read,
        6 | 7 => Kind::Import,
        8 => Kind::Export,
        _ => Kind::Backup,
    }
}

/// Members and records of each imported org.
const MEMBERS: usize = 3;
const RECORDS: usize = 60;
const STAMP: &str = "2026-01-01T00:00:00.000Z";

/// The export file of import `n`: org `kN`, its members and records.
fn batch(n: usize) -> Value {
    let org = format!("k{n}");
    let members: Vec<Value> = (0..MEMBERS)
        .map(|j| json!({"id": format!("{org}-m{j}"), "org": org, "name": format!("党员{j}"), "updated_at": STAMP}))
        .collect();
    let records: Vec<Value> = (0..RECORDS)
        .map(|j| {
            json!({
                "id": format!("{n:016x}{j:016x}"), "org": org, "obligations": ["theme-party-day"],
                "date": format!("2025-{:02}-{:02}", 1 + j % 12, 1 + j % 28),
                "topic": format!("第{j}次"), "hours": 1.5, "created_at": STAMP, "updated_at": STAMP,
            })
        })
        .collect();
    json!({
        "dangjian_export": 1, "exported_at": STAMP,
        "orgs": [{"id": org, "name": format!("支部{n}"), "kind": "branch", "since": "2020-01-01", "updated_at": STAMP}],
        "members": members, "records": records, "marks": [], "tombstones": [],
    })
}

/// How the processes of the run fared.
#[derive(Default)]
struct Tally {
    killed: [usize; 6],
    completed: [usize; 6],
    /// Failures that were not kills.
    other: usize,
    unopenable: usize,
    /// Exports whose target, after a kill, was not a whole export.
    half_exports: usize,
    /// Ids `record add` printed.
    printed: Vec<String>,
    /// Imports that said they were done.
    imported: Vec<usize>,
    /// Imports that were killed.
    cut: Vec<usize>,
}

struct Run<'a> {
    env: &'a Env,
    bin: PathBuf,
    files: tempfile::TempDir,
    out: tempfile::TempDir,
    /// Days moved on from `TODAY`, one per first write of a day and per backup.
    days: i64,
    imports: usize,
    i: usize,
    tally: Tally,
}

impl Run<'_> {
    fn target(&self) -> PathBuf {
        self.out.path().join("all.json")
    }

    /// Runs command `kind`, killed after `kill` unless it ends first, and checks what it
    /// left.
    fn run(&mut self, kind: Kind, kill: Option<Duration>) {
        self.i += 1;
        let i = self.i;
        let mut today = TODAY.to_string();
        let mut cmd = Command::new(&self.bin);
        let mut args: Vec<String> = Vec::new();
        let date = format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 20);
        let mut batch_no = None;
        match kind {
            Kind::Write | Kind::FirstOfDay => {
                if kind == Kind::FirstOfDay {
                    today = self.next_day();
                }
                let add = format!(
                    "record add --org c1 --obligation theme-party-day --date {date} --hours 2"
                );
                args.extend(add.split(' ').map(String::from));
                args.extend(["--topic".into(), format!("第{i}次")]);
            }
            Kind::Read => args.extend(["status", "--format", "json"].map(String::from)),
            Kind::Import => {
                let n = self.imports;
                self.imports += 1;
                let file = self.files.path().join(format!("k{n}.json"));
                std::fs::write(&file, batch(n).to_string()).unwrap();
                args.extend(["import".to_string(), file.display().to_string()]);
                batch_no = Some(n);
            }
            Kind::Export => {
                args.extend(["export", "--as", "json", "--force", "--output"].map(String::from));
                args.push(self.target().display().to_string());
            }
            Kind::Backup => {
                today = self.next_day();
                args.push("backup".into());
            }
        }
        cmd.env_remove("DANGJIAN_DATA_DIR")
            .env_remove("DANGJIAN_CHECKLISTS")
            .env_remove("DANGJIAN_TODAY")
            .arg("--data-dir")
            .arg(self.env.path())
            .args(["--today", &today, "--lang", "en"])
            .args(&args);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dangjian starts");
        if let Some(after) = kill {
            std::thread::sleep(after);
            // The child may already have exited (then this is a no-op on the zombie).
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait");
        let k = kind as usize;
        if out.status.success() {
            self.tally.completed[k] += 1;
            match kind {
                Kind::Write | Kind::FirstOfDay => {
                    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
                    assert!(
                        id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
                        "a completed add prints the id, got {id:?}"
                    );
                    self.tally.printed.push(id);
                }
                Kind::Import => self.tally.imported.extend(batch_no),
                Kind::Export => assert!(self.whole_export(), "a completed export is whole"),
                Kind::Backup => {
                    let file = self
                        .env
                        .path()
                        .join("backups")
                        .join(format!("{today}.json.gz"));
                    assert!(
                        file.exists(),
                        "a completed backup is kept: {}",
                        file.display()
                    );
                }
                Kind::Read => {}
            }
        } else if out.status.signal() == Some(9) {
            self.tally.killed[k] += 1;
            self.tally.cut.extend(batch_no);
            if kind == Kind::Export && !self.whole_export() {
                self.tally.half_exports += 1;
            }
            // The folder still opens.
            let check = self
                .env
                .cmd(&["org", "list", "--format", "json"])
                .output()
                .unwrap();
            if !check.status.success() {
                self.tally.unopenable += 1;
                eprintln!(
                    "after killing {kind:?} ({i}): {}",
                    String::from_utf8_lossy(&check.stderr)
                );
            }
        } else {
            self.tally.other += 1;
            eprintln!(
                "{kind:?} ({i}) failed: {}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    fn next_day(&mut self) -> String {
        self.days += 1;
        let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
        (today + chrono::Duration::days(self.days)).to_string()
    }

    /// The export target is absent or a whole export (the last one that completed).
    fn whole_export(&self) -> bool {
        match std::fs::read(self.target()) {
            Err(_) => true,
            Ok(bytes) => serde_json::from_slice::<Value>(&bytes)
                .is_ok_and(|v| v["dangjian_export"] == 1 && v["orgs"].is_array()),
        }
    }
}

/// How many running processes name `dir` on their command line (Linux; 0 elsewhere).
fn processes_on(dir: &Path) -> usize {
    let needle = dir.as_os_str().as_encoded_bytes();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|e| {
            std::fs::read(e.path().join("cmdline"))
                .is_ok_and(|c| c.windows(needle.len()).any(|w| w == needle))
        })
        .count()
}

/// The names in `dir` that begin with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// What kills can leave: backup work folders, export temporaries beside the target,
/// export journal entries.
fn litter(env: &Env, out: &Path) -> [usize; 3] {
    [
        named(&env.path().join("backups"), ".backup").len(),
        named(out, ".dangjian-export").len(),
        named(&env.path().join("exporting"), "").len(),
    ]
}

#[test]
fn killed_commands_lose_nothing_and_never_brick_the_folder() {
    let kills: usize = std::env::var("DANGJIAN_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let started = Instant::now();
    let env = Env::new();
    env.ok(&[
        "org", "add", "--id", "c1", "--name", "支部", "--kind", "branch",
    ]);
    env.ok(&[
        "member", "add", "--org", "c1", "--id", "m1", "--name", "王芳",
    ]);
    let mut run = Run {
        env: &env,
        bin: assert_cmd::cargo::cargo_bin("dangjian"),
        files: tempfile::tempdir().unwrap(),
        out: tempfile::tempdir().unwrap(),
        days: 0,
        imports: 0,
        i: 0,
        tally: Tally::default(),
    };

    // How long each kind takes whole here: kills land anywhere up to twice that, or (a
    // third of them) in the first 30 ms, where sled opens and writes its snapshot.
    let spans: Vec<u64> = KINDS
        .iter()
        .map(|&kind| {
            let t = Instant::now();
            run.run(kind, None);
            (2 * t.elapsed().as_micros() as u64).max(40_000)
        })
        .collect();
    // A deterministic LCG (Numerical Recipes constants), so a failure can be replayed.
    let mut seed: u32 = 0x2026_1122;
    let mut next = move || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        u64::from(seed >> 16)
    };
    let mut n = 0;
    while run.tally.killed.iter().sum::<usize>() < kills {
        let kind = kind(n);
        n += 1;
        // One command in five runs to the end, so some of each kind surely complete.
        let kill = (next() % 5 != 0).then(|| {
            let window = if next() % 3 == 0 {
                30_000
            } else {
                spans[kind as usize]
            };
            Duration::from_micros(next() * 65_536 % window)
        });
        run.run(kind, kill);
    }
    let commands = run.i;

    // The backups the first writes started run on; wait for them, then look.
    let quiet = Instant::now();
    while processes_on(env.path()) > 0 {
        assert!(
            quiet.elapsed() < Duration::from_secs(120),
            "dangjian processes still running after 120 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let before = litter(&env, run.out.path());
    let doctor = env.json(&["doctor"]);
    let removed = doctor["leftovers"].as_array().unwrap().len();
    let after = litter(&env, run.out.path());
    let again = env.json(&["doctor"]);

    // The import journal is empty: nothing staged is waiting.
    {
        let db = sled::open(env.path().join("db")).expect("sled opens the folder");
        assert!(db.get("import_commit").unwrap().is_none());
        assert!(db.get("import_fresh").unwrap().is_none());
        if db.tree_names().iter().any(|n| n == b"import_staging") {
            assert!(db.open_tree("import_staging").unwrap().is_empty());
        }
    }

    // Each import is there whole or not at all; those that said they were done are there.
    let all: Value = serde_json::from_str(&env.ok(&["export"])).unwrap();
    let count = |list: &str, org: &str| {
        all[list]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o[if list == "orgs" { "id" } else { "org" }] == org)
            .count()
    };
    let (mut none, mut whole, mut half) = (0, 0, Vec::new());
    for b in 0..run.imports {
        let org = format!("k{b}");
        match (
            count("orgs", &org),
            count("members", &org),
            count("records", &org),
        ) {
            (0, 0, 0) if !run.tally.imported.contains(&b) => none += 1,
            (1, MEMBERS, RECORDS) => whole += 1,
            other => half.push((b, other)),
        }
    }
    let cut = &run.tally.cut;
    let cut_whole = cut
        .iter()
        .filter(|b| count("orgs", &format!("k{b}")) == 1)
        .count();

    // Every id that was printed is there.
    let stored: Vec<&str> = all["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let lost: Vec<&String> = run
        .tally
        .printed
        .iter()
        .filter(|id| !stored.contains(&id.as_str()))
        .collect();

    let t = &run.tally;
    let by_kind = |v: &[usize; 6]| {
        KINDS
            .iter()
            .map(|k| format!("{k:?} {}", v[*k as usize]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "{commands} commands in {:.0?}: killed {} ({}); completed {}; {} ids printed, {} lost; \
         {} times the folder did not open; {} imports ({} killed: {} left nothing, {cut_whole} \
         everything; {none} absent, {whole} whole, {} half); {} half-written exports; \
         litter before doctor (backup folders, export temporaries, journal entries) {before:?}, \
         doctor removed {removed}, after {after:?}; {} other failures",
        started.elapsed(),
        t.killed.iter().sum::<usize>(),
        by_kind(&t.killed),
        by_kind(&t.completed),
        t.printed.len(),
        lost.len(),
        t.unopenable,
        run.imports,
        cut.len(),
        cut.len() - cut_whole,
        half.len(),
        t.half_exports,
        t.other,
    );
    assert!(lost.is_empty(), "printed but lost: {lost:?}");
    assert_eq!(t.unopenable, 0, "a kill left a folder that does not open");
    assert!(half.is_empty(), "imports half applied: {half:?}");
    assert_eq!(t.half_exports, 0, "a kill left a half-written export");
    assert_eq!(t.other, 0, "commands that were not killed must not fail");
    assert_eq!(after, [0, 0, 0], "doctor left litter");
    assert!(again["leftovers"].as_array().unwrap().is_empty(), "{again}");
    for k in KINDS {
        assert!(t.completed[k as usize] >= 1, "no {k:?} completed");
    }

    // And it still takes writes and judges status.
    env.ok(&[
        "record",
        "add",
        "--org",
        "c1",
        "--obligation",
        "party-group-meeting",
        "--date",
        "2026-11-20",
    ]);
    let status = env.json(&["status", "--org", "c1"]);
    assert_eq!(status["orgs"][0]["id"], "c1");
}
