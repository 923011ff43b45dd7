//! The command line in Chinese: the `Command` derived from [`super::Cli`] with every
//! about line, option help and heading rewritten from [`crate::messages::help`], and
//! clap's usage errors said in our words.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;

use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::lang::Lang;
use crate::messages::help::{self, Usage};

/// The command line's `Command` in `lang`.
pub fn command(lang: Lang) -> Command {
    let cmd = Cli::command();
    match lang {
        Lang::En => cmd,
        Lang::Zh => localize(cmd, ""),
    }
}

/// Parses `args` with the help and errors in `lang`.
pub fn parse_from(
    args: impl IntoIterator<Item = OsString>,
    lang: Lang,
) -> Result<Cli, clap::Error> {
    let mut cmd = command(lang);
    let args = match lang {
        Lang::Zh => help_command(args.into_iter().collect(), &cmd),
        Lang::En => args.into_iter().collect(),
    };
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
}

/// `dangjian [命令…] help [子命令…]` is `dangjian [命令…] [子命令…] --help`, the way clap's
/// own (English) help command reads; options before the command keep their values.
fn help_command(mut args: Vec<OsString>, cmd: &Command) -> Vec<OsString> {
    let mut at = cmd;
    let mut i = 1;
    while i < args.len() {
        let Some(word) = args[i].to_str() else { break };
        if let Some(option) = word.strip_prefix('-') {
            // Global options are declared on the root and taken anywhere.
            let globals = cmd.get_arguments().filter(|a| a.is_global_set());
            let takes_value = at
                .get_arguments()
                .chain(globals)
                .find(|a| match option.strip_prefix('-') {
                    Some(long) => a.get_long() == Some(long),
                    None => option.chars().next() == a.get_short() && option.len() == 1,
                })
                .is_some_and(|a| a.get_action().takes_values());
            i += if takes_value { 2 } else { 1 };
            continue;
        }
        if word == HELP && at.has_subcommands() && at.get_name() != HELP {
            args.remove(i);
            args.push("--help".into());
            break;
        }
        match at.find_subcommand(word) {
            Some(sub) => at = sub,
            None => break,
        }
        i += 1;
    }
    args
}

/// The name of the help command.
const HELP: &str = "help";

fn localize(mut cmd: Command, path: &str) -> Command {
    cmd = cmd
        .help_template(help::HELP_TEMPLATE)
        .subcommand_help_heading(help::COMMANDS)
        .subcommand_value_name(help::COMMAND)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help),
        );
    if let Some(about) = help::about(path) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    if path.is_empty() {
        cmd = cmd
            .disable_version_flag(true)
            .arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version),
            )
            .after_help(help::AFTER_HELP)
            .after_long_help(None::<&str>);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = help::option(path, &id);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                help::ARGUMENTS
            } else {
                help::OPTIONS
            };
            // Defaults, accepted values and variables are in the Chinese help itself.
            let a = if a.get_action().takes_values() {
                a.hide_default_value(true)
                    .hide_env(true)
                    .hide_possible_values(true)
            } else {
                a.hide_env(true)
            };
            let a = a.help_heading(heading);
            match text {
                Some(t) => a.help(t).long_help(None::<&str>),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| localize(s, &sub));
    }
    if cmd.has_subcommands() {
        // Listed like the others; `help_command` answers it before clap parses.
        cmd = cmd.subcommand(
            Command::new(HELP)
                .about(help::HELP_COMMAND)
                .arg(
                    Arg::new("command")
                        .value_name(help::COMMAND)
                        .num_args(0..)
                        .help_heading(help::ARGUMENTS)
                        .help(help::HELP_COMMAND_ARG),
                )
                .help_template(help::HELP_TEMPLATE)
                .disable_help_flag(true)
                .arg(
                    Arg::new("help")
                        .short('h')
                        .long("help")
                        .action(ArgAction::Help)
                        .help_heading(help::OPTIONS)
                        .help(help::option("", "help")),
                ),
        );
    }
    cmd
}

/// A usage error clap found, in Chinese; `None` for what is not an error (help, version).
pub fn usage_error(e: &clap::Error) -> Option<String> {
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(s)) => s.join("、"),
        _ => String::new(),
    };
    let strings = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(s)) => s.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let suggested = text(ContextKind::SuggestedArg);
    let unknown_command = text(ContextKind::InvalidSubcommand);
    let prior = text(ContextKind::PriorArg);
    let suggested_cmd = text(ContextKind::SuggestedSubcommand);
    let (arg, value, valid, missing) = (
        text(ContextKind::InvalidArg),
        text(ContextKind::InvalidValue),
        strings(ContextKind::ValidValue),
        strings(ContextKind::InvalidArg),
    );
    let usage = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return None,
        ErrorKind::InvalidValue if !valid.is_empty() => Usage::InvalidValue {
            arg: &arg,
            value: &value,
            valid: &valid,
        },
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => Usage::BadValue {
            arg: &arg,
            value: &value,
        },
        ErrorKind::UnknownArgument => Usage::UnknownOption {
            arg: &arg,
            suggested: (!suggested.is_empty()).then_some(suggested.as_str()),
        },
        ErrorKind::InvalidSubcommand => Usage::UnknownCommand {
            name: &unknown_command,
            suggested: (!suggested_cmd.is_empty()).then_some(suggested_cmd.as_str()),
        },
        ErrorKind::MissingRequiredArgument => Usage::Missing(&missing),
        ErrorKind::ArgumentConflict => Usage::Conflict {
            arg: &arg,
            with: &prior,
        },
        _ => Usage::Other,
    };
    // The command the usage is of (`dangjian record add`), for where to read more.
    let usage_of = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => u.to_string(),
        _ => String::new(),
    };
    let command: Vec<&str> = usage_of
        .split_whitespace()
        .skip_while(|w| *w != "dangjian")
        .take_while(|w| !w.starts_with(['[', '-', '<']))
        .collect();
    let command = if command.is_empty() {
        "dangjian".to_string()
    } else {
        command.join(" ")
    };
    Some(help::usage(&usage, &command))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every option has its Chinese help: a new one without fails here.
    #[test]
    fn every_command_and_option_has_chinese_help() {
        fn walk(cmd: &Command, path: &str, missing: &mut Vec<String>) {
            if !cmd.is_hide_set() && help::about(path).is_none() {
                missing.push(format!("about of \"{path}\""));
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if !a.is_hide_set() && help::option(path, id).is_none() {
                    missing.push(format!("\"{path}\" {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                let sub = format!("{path} {}", s.get_name());
                walk(s, sub.trim(), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no Chinese help for: {missing:?}");
    }
}
