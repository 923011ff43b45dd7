use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit code of a data folder that stayed busy for the whole wait.
const EXIT_BUSY: u8 = 3;

fn main() -> ExitCode {
    // Everything dangjian creates (the data folder, exports, backups) is the user's alone,
    // whatever the umask it was started with.
    #[cfg(unix)]
    // SAFETY: umask only sets this process's file-creation mask; no threads exist yet.
    unsafe {
        libc::umask(0o077);
    }
    let cli = dangjian::cli::Cli::parse();
    let lang = cli.global.lang;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = dangjian::commands::run(cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let message = dangjian::i18n::error_message(&e, lang);
            eprintln!("{}: {message}", lang.pick("错误", "error"));
            match e.downcast_ref::<dangjian::store::StoreError>() {
                Some(dangjian::store::StoreError::Busy(_)) => ExitCode::from(EXIT_BUSY),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}
