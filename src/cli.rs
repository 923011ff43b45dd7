//! The command line (SPEC §5). Doc comments are the `--help` text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

mod dues;
mod server;
mod zh;

pub use dues::{DuesArgs, DuesCommand, DuesPayArgs, DuesSetArgs};
pub use server::{Role, ServerCommand};
pub use zh::{command, parse_from, usage_error};

use crate::lang::Lang;
use crate::model::MarkState;
use crate::model::OrgKind;

/// 党建: what a party organization owes, and when.
///
/// `dangjian` alone (no command) opens the terminal UI on the data folder.
#[derive(Debug, Parser)]
#[command(
    name = "dangjian",
    version,
    about = "党建: what a party organization owes, and when.\n`dangjian` with no command opens the terminal UI on the data folder.",
    long_about = None,
    after_help = "完成率 (done ratio) = done / (done + overdue + due soon + pending), where every period \
missed earlier this year counts as overdue: it is 100% only when nothing owed is left undone."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Data folder [default: the platform data folder]
    #[arg(long, global = true, env = "DANGJIAN_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Load every *.yaml checklist in DIR as well as the built-in ones
    #[arg(long, global = true, env = "DANGJIAN_CHECKLISTS", value_name = "DIR")]
    pub checklists: Option<PathBuf>,
    /// A PostgreSQL server to use instead of the data folder, as a URL
    /// (postgres://USER@HOST/DATABASE); the password comes from PGPASSWORD or ~/.pgpass
    #[arg(long, global = true, env = "DANGJIAN_DATABASE", value_name = "URL")]
    pub database: Option<String>,
    /// The date taken as today [default: the system date]
    #[arg(long, global = true, env = "DANGJIAN_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Language of labels and messages
    #[arg(long, global = true, value_parser = lang_parser(), default_value = "zh")]
    pub lang: Lang,
    /// The umask the program was started with (it keeps its own files private): what
    /// exports, which are meant to be shared, are created with. Not an option.
    #[arg(skip = 0o022_u32)]
    pub umask: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a fresh database with a realistic demo and open the UI on it
    Demo(DemoArgs),
    /// Validate the built-in checklists and the given files or folders
    Check {
        /// Checklist files, or folders of *.yaml files
        paths: Vec<PathBuf>,
    },
    /// Organizations: departments and branches
    #[command(subcommand)]
    Org(OrgCommand),
    /// Party members of an organization
    #[command(subcommand)]
    Member(MemberCommand),
    /// Activity records: meetings, lectures, reports filed
    #[command(subcommand)]
    Record(RecordCommand),
    /// What every organization (or one) owes: current periods and missed ones this year.
    ///
    /// 完成率 (done ratio) is done / (done + overdue + due soon + pending); each period
    /// missed earlier this year counts as overdue, so it is 100% only when nothing owed is
    /// left undone.
    Status {
        /// Only this organization
        #[arg(long, value_name = "ID")]
        org: Option<String>,
    },
    /// Only what is overdue or due soon, worst first
    Overdue {
        /// Only this organization
        #[arg(long, value_name = "ID")]
        org: Option<String>,
    },
    /// Check the data folder: every value readable, every record once in its place, no
    /// stale files; put back what the records themselves allow
    Doctor {
        /// Put the database back as the newest readable daily backup (DATA/backups/), or
        /// FILE, holds it; the current database is first moved aside as db.broken-TIME
        #[arg(long, value_name = "FILE", num_args = 0..=1)]
        restore: Option<Option<PathBuf>>,
    },
    /// Everyone on the path into the party (发展党员): stage, next step and what they are
    /// owed, overdue first
    Development {
        /// Only this organization and the ones below it
        #[arg(long, value_name = "ID")]
        org: Option<String>,
    },
    /// Scores (评分) per organization and scored checklist, worst first
    Score {
        /// Only this organization
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The year scored [default: today's]
        #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1900..=2999))]
        year: Option<i32>,
    },
    /// Marks on checklist items: state, 落实措施, owner, 完成时限 and a hand score
    #[command(subcommand)]
    Mark(MarkCommand),
    /// Write the database (or one organization) as JSON, CSV, Excel or an iCalendar file
    Export {
        /// Only this organization, with its members, records, marks and deletions
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// Write to this file [default: standard output]
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The format [default: from FILE's extension, else json]
        #[arg(long = "as", id = "as", value_enum, value_name = "FORMAT")]
        as_format: Option<crate::exchange::ExportFormat>,
        /// Replace FILE if it exists
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Party dues (党费): each member's months paid, due and in arrears, per org
    Dues(DuesArgs),
    /// Keeps today's backup in DATA/backups/ (started by the first write of a day)
    #[command(hide = true)]
    Backup,
    /// Merge a JSON export into the database: newer changes win, deletions travel
    Import {
        /// A file written by `dangjian export`
        file: PathBuf,
        /// Report what would change, and what would be deleted, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Allow an import that deletes an org, or more than 50 objects
        #[arg(long)]
        allow_deletes: bool,
    },
    /// A shared PostgreSQL server: its schema and who may do what
    #[command(subcommand)]
    Server(ServerCommand),
}

#[derive(Debug, Subcommand)]
pub enum MarkCommand {
    /// Set (or change) the mark on one item; the options given replace what it had
    Set {
        #[arg(long, value_name = "ID")]
        org: String,
        /// The item, as CHECKLIST:ITEM, e.g. ideology-responsibility:1.1
        #[arg(long, value_name = "CHECKLIST:ITEM")]
        item: String,
        /// todo, doing, done or n/a
        #[arg(long, value_parser = parse_state)]
        state: Option<MarkState>,
        /// A hand score, from 0 to the item's points
        #[arg(long, allow_negative_numbers = true)]
        score: Option<f64>,
        /// Who carries it out
        #[arg(long)]
        owner: Option<String>,
        /// 完成时限
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
        deadline: Option<String>,
        /// 落实措施
        #[arg(long)]
        note: Option<String>,
    },
    /// List an organization's marks
    List {
        #[arg(long, value_name = "ID")]
        org: String,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Organizations in all (departments and their branches)
    #[arg(long, default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=5000))]
    pub orgs: u32,
    /// Years of records, ending today
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub years: u32,
    /// Seed of the generator: the same seed gives the same demo
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only create the database, do not open the UI (a temporary folder is then kept)
    #[arg(long)]
    pub no_ui: bool,
    /// Keep the temporary data folder after the UI closes (without --data-dir it is removed)
    #[arg(long)]
    pub keep: bool,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organization
    Add {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// school, department, teacher-branch, student-branch or branch
        #[arg(long, value_parser = parse_kind())]
        kind: OrgKind,
        #[command(flatten)]
        options: OrgOptions,
    },
    /// Change an organization: the options given replace what it had
    Edit {
        /// The organization's id
        id: String,
        #[arg(long)]
        name: Option<String>,
        /// school, department, teacher-branch, student-branch or branch
        #[arg(long, value_parser = parse_kind())]
        kind: Option<OrgKind>,
        #[command(flatten)]
        options: OrgOptions,
    },
    /// List organizations
    List,
}

/// What `org add` and `org edit` share.
#[derive(Debug, Args)]
pub struct OrgOptions {
    /// The organization it belongs to
    #[arg(long, value_name = "ID")]
    pub parent: Option<String>,
    /// Date of the last election (换届)
    #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
    pub elected_on: Option<String>,
    /// Periods ending before this date are not judged [default: today]
    #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
    pub since: Option<String>,
    /// Due on this day of the month for one obligation, e.g. theme-party-day=20
    #[arg(long, value_name = "OBLIGATION=DAY")]
    pub due_day: Vec<String>,
    /// A term of another length for one obligation, e.g. branch-election=5
    #[arg(long, value_name = "OBLIGATION=N")]
    pub term_years: Vec<String>,
    /// This org's cadence for a regular duty its guide sets no cadence for, e.g. dept-ideology-survey=half-year
    #[arg(long, value_name = "OBLIGATION=CADENCE")]
    pub every: Vec<String>,
    /// Not owed by this organization, with the reason, e.g. party-group-meeting=不设党小组
    #[arg(long, value_name = "OBLIGATION=REASON")]
    pub exempt: Vec<String>,
    /// A checklist in force for it (repeat); replaces the data folder's default set
    #[arg(long, value_name = "ID")]
    pub checklist: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add a member to an organization
    Add {
        #[arg(long, value_name = "ID")]
        org: String,
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// A tag such as 青年教师; repeat for more
        #[arg(long)]
        tag: Vec<String>,
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
        joined_on: Option<String>,
        /// The stage on the path into the party: applicant, activist, candidate,
        /// probationary or full [default: full]
        #[arg(long, value_name = "STAGE")]
        stage: Option<String>,
        /// The day the member entered that stage (needed for every stage but full)
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
        on: Option<String>,
    },
    /// List the members of an organization
    List {
        #[arg(long, value_name = "ID")]
        org: String,
    },
    /// Move a member on to the next stage (发展党员), or extend the 预备期
    Advance {
        /// The member's id or exact name
        id: String,
        /// The member's organization, when the id is not enough
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The next stage
        #[arg(long, value_name = "STAGE", required_unless_present = "extend_months")]
        to: Option<String>,
        /// The day the member entered it
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD", requires = "to")]
        on: Option<String>,
        /// Extend a probationary member's 预备期 by N months (6 to 12, once)
        #[arg(long, value_name = "N")]
        extend_months: Option<u32>,
    },
    /// Transfer a member to another organization (组织关系转接), keeping the history
    Move {
        /// The member's id or exact name
        id: String,
        /// The member's organization, when the id is not enough
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The organization the member moves to
        #[arg(long, value_name = "ORG")]
        to: String,
        /// The day of the transfer
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
        on: String,
    },
    /// Bring in a 花名册 (roster) from Excel or CSV: columns by their Chinese headers,
    /// every row checked first; personal identifiers are never stored
    Import {
        #[arg(long, value_name = "ID")]
        org: String,
        /// The roster, FILE.xlsx or FILE.csv
        file: PathBuf,
        /// Show who would be added and updated, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// A member leaves the organization (for one outside this database: --reason 转出)
    Leave {
        /// The member's id or exact name
        id: String,
        /// The member's organization, when the id is not enough
        #[arg(long, value_name = "ID")]
        org: Option<String>,
        /// The day they left
        #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
        on: String,
        /// Why, e.g. 转出
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Record an activity; prints the new record's id
    Add(Box<RecordAddArgs>),
    /// List an organization's records, newest first
    List {
        #[arg(long, value_name = "ID")]
        org: String,
    },
    /// Delete a record
    Delete {
        /// The record's id
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct RecordAddArgs {
    #[arg(long, value_name = "ID")]
    pub org: String,
    /// What it counts toward; repeat for more
    #[arg(long = "obligation", value_name = "OID", required = true)]
    pub obligations: Vec<String>,
    #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
    pub date: String,
    /// Study hours (学时)
    #[arg(long, allow_negative_numbers = true)]
    pub hours: Option<f64>,
    #[arg(long)]
    pub topic: Option<String>,
    /// Who attended (ids or names, comma-separated) [default: every member]
    #[arg(long, value_delimiter = ',', conflicts_with = "absent")]
    pub attendees: Option<Vec<String>>,
    /// Who was absent (ids or names, comma-separated); everyone else attended
    #[arg(long, value_delimiter = ',')]
    pub absent: Option<Vec<String>>,
    /// Who was on leave (请假; ids or names, comma-separated): not attending, not absent
    #[arg(long, value_delimiter = ',')]
    pub excused: Vec<String>,
    /// A make-up (补开) for this earlier period, e.g. 2026-09
    #[arg(long, value_name = "LABEL")]
    pub for_period: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long)]
    pub speaker: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Do not also count it toward the obligations the first one implies
    #[arg(long)]
    pub no_implied: bool,
    /// On a bonus or penalty item's obligation: the points this entry adds or deducts
    #[arg(long, allow_negative_numbers = true)]
    pub points: Option<f64>,
    /// A member's amount for an obligation with `amount` (学习强国 积分), e.g. m01=5230;
    /// repeat for more members
    #[arg(
        long = "amount",
        value_name = "MEMBER=N",
        allow_negative_numbers = true
    )]
    pub amounts: Vec<String>,
}

/// Parses `YYYY-MM-DD` between 1949 and 2200, naming the value and the accepted form.
pub fn parse_date(s: &str) -> Result<NaiveDate, crate::input::InputError> {
    crate::input::parse_date(s)
}

/// `--lang`'s parser: [`Lang`] is a leaf and knows nothing of the command line.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(Lang::ALL.map(Lang::code))
        .map(|code| Lang::from_code(&code).expect("one of the possible values"))
}

fn parse_state(s: &str) -> Result<MarkState, crate::input::InputError> {
    crate::i18n::parse_mark_state(s).ok_or_else(|| crate::input::InputError::State(s.to_string()))
}

/// `--kind`'s parser: one of the kinds' names, so that a refusal lists them.
fn parse_kind() -> impl clap::builder::TypedValueParser<Value = OrgKind> {
    clap::builder::PossibleValuesParser::new(OrgKind::ALL.map(OrgKind::as_str))
        .map(|s| s.parse().expect("one of the possible values"))
}
