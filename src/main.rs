use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use dangjian::commands::{self, Outcome};
use dangjian::context::Context;
use dangjian::lang::Lang;
use dangjian::messages::Localized;
use dangjian::text::sanitize_lines;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit code of a data folder that stayed busy for the whole wait.
const EXIT_BUSY: u8 = 3;

fn main() -> ExitCode {
    // Everything dangjian keeps (the data folder, backups) is the user's alone, whatever
    // the umask it was started with; exports, meant to be shared, get the user's umask.
    #[cfg(unix)]
    // SAFETY: umask only sets this process's file-creation mask; no threads exist yet.
    let umask = unsafe { libc::umask(0o077) } as u32;
    let mut cli = match dangjian::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    #[cfg(unix)]
    {
        cli.global.umask = umask;
    }
    let lang = cli.global.lang;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = run(cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Messages echo what was typed or stored: never let it drive the terminal.
            let message = dangjian::messages::render(&e, lang);
            eprintln!(
                "{}: {}",
                lang.pick("错误", "error"),
                sanitize_lines(&message)
            );
            match e.downcast_ref::<dangjian::store::StoreError>() {
                Some(dangjian::store::StoreError::Busy(_)) => ExitCode::from(EXIT_BUSY),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// Runs the command line: the UI without a subcommand, or after `demo`; a command otherwise.
fn run(cli: dangjian::cli::Cli, out: &mut impl Write) -> anyhow::Result<u8> {
    let ctx = Context::resolve(&cli.global)?;
    let Some(command) = cli.command else {
        return dangjian::tui::run(&ctx, None).map(|()| 0);
    };
    match commands::run(&ctx, command, out)? {
        Outcome::Exit(code) => Ok(code),
        Outcome::OpenUi(open) => {
            let result = dangjian::tui::run(&open.ctx, Some(open.notice.clone()));
            open.close(out)?;
            result.map(|()| 0)
        }
    }
}

/// A command line clap refused (or `--help`): a bad value of ours is explained in the
/// user's language; anything clap prints goes through the sanitizer, since it echoes
/// the value.
fn usage_error(e: &clap::Error) -> ExitCode {
    let code = ExitCode::from(e.exit_code().clamp(0, 255) as u8);
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return code;
    }
    let lang = lang_from_args(std::env::args_os().map(|a| a.to_string_lossy().into_owned()));
    let ours =
        std::error::Error::source(e).and_then(|s| s.downcast_ref::<dangjian::input::InputError>());
    let text = match (e.kind(), ours) {
        (ErrorKind::ValueValidation, Some(input)) => {
            let arg = match e.get(ContextKind::InvalidArg) {
                Some(ContextValue::String(a)) => a.clone(),
                _ => String::new(),
            };
            format!(
                "{}: {arg}: {}\n",
                lang.pick("错误", "error"),
                input.message(lang)
            )
        }
        _ => e.render().to_string(),
    };
    eprint!("{}", sanitize_lines(&text));
    code
}

/// `--lang` as typed, before clap has parsed it (a refusal of another option is shown in
/// that language).
fn lang_from_args(args: impl Iterator<Item = String>) -> Lang {
    let args: Vec<String> = args.collect();
    let mut lang = Lang::Zh;
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if let Some(l) = value.and_then(Lang::from_code) {
            lang = l;
        }
    }
    lang
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
