//! The command line (SPEC §5). Doc comments are the `--help` text.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;
use crate::model::OrgKind;

/// 党建: what a party organization owes, and when.
///
/// `dangjian` alone (no command) opens the terminal UI on the data folder.
#[derive(Debug, Parser)]
#[command(
    name = "dangjian",
    version,
    about = "党建: what a party organization owes, and when.\n`dangjian` alone (no command) opens the terminal UI on the data folder.",
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
    /// The date taken as today [default: the system date]
    #[arg(long, global = true, env = "DANGJIAN_TODAY", value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Output format
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Language of labels and messages
    #[arg(long, global = true, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
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
    /// Only create the database, do not open the UI
    #[arg(long)]
    pub no_ui: bool,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organization
    Add {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        /// department, teacher-branch, student-branch or branch
        #[arg(long, value_parser = parse_kind)]
        kind: OrgKind,
        /// The organization it belongs to
        #[arg(long, value_name = "ID")]
        parent: Option<String>,
        /// Date of the last election (换届)
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        elected_on: Option<NaiveDate>,
        /// Periods ending before this date are not judged [default: today]
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        since: Option<NaiveDate>,
        /// Due on this day of the month for one obligation, e.g. theme-party-day=20
        #[arg(long, value_name = "OBLIGATION=DAY")]
        due_day: Vec<String>,
    },
    /// List organizations
    List,
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
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        joined_on: Option<NaiveDate>,
    },
    /// List the members of an organization
    List {
        #[arg(long, value_name = "ID")]
        org: String,
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
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: NaiveDate,
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
}

/// Parses `YYYY-MM-DD` between 1949 and 2200, naming the value and the accepted form.
pub fn parse_date(s: &str) -> Result<NaiveDate, crate::input::InputError> {
    crate::input::parse_date(s)
}

fn parse_kind(s: &str) -> Result<OrgKind, String> {
    s.parse()
}
