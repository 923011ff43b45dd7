//! `dangjian dues` and its `set` and `pay` (SPEC §10).

use clap::builder::TypedValueParser as _;
use clap::{Args, Subcommand};

/// `dangjian dues [--org ID] [--year YYYY]`, or `dues set` / `dues pay`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DuesArgs {
    #[command(subcommand)]
    pub command: Option<DuesCommand>,
    /// Only this organization
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    /// The year shown [default: today's]
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i32).range(1949..=2200))]
    pub year: Option<i32>,
}

#[derive(Debug, Subcommand)]
pub enum DuesCommand {
    /// Set a member's monthly dues from a month on: --monthly, or --base and the table
    Set(DuesSetArgs),
    /// Record a payment covering whole months; prints the payment's id
    Pay(DuesPayArgs),
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("amount").required(true).args(["monthly", "base"]))]
pub struct DuesSetArgs {
    /// The member (id or exact name)
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// Look for the member in this organization only
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    /// The monthly amount in yuan, e.g. 12.50; 0 exempts (减免)
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub monthly: Option<String>,
    /// The monthly income in yuan: the amount is worked out by the rule's table
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub base: Option<String>,
    /// With --base: retiree or student (standard otherwise)
    #[arg(long, value_name = "KIND", value_parser = parse_rate_kind())]
    pub rate_kind: Option<crate::dues::RateKind>,
    /// The first month it applies to [default: this month]
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct DuesPayArgs {
    /// The member (id or exact name)
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// Look for the member in this organization only
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,
    /// The first month paid
    #[arg(long, value_name = "YYYY-MM")]
    pub from: String,
    /// The last month paid [default: --from]
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<String>,
    /// The amount paid, in yuan; refused unless it is what the months add up to
    #[arg(long, value_name = "YUAN", allow_negative_numbers = true)]
    pub amount: Option<String>,
    /// The day it was paid [default: today]
    #[arg(long, value_name = "YYYY-MM-DD|MM-DD")]
    pub date: Option<String>,
}

/// `--rate-kind`'s parser: the kinds of the table, by name.
fn parse_rate_kind() -> impl clap::builder::TypedValueParser<Value = crate::dues::RateKind> {
    clap::builder::PossibleValuesParser::new(crate::dues::RateKind::ALL.map(|k| k.as_str()))
        .map(|s| crate::dues::RateKind::parse(&s).expect("one of the possible values"))
}
