//! `apikeys-devserver`: a local server that speaks the Frontend API wire contract for API keys, on SQLite.
//!
//! It is what the SDK points at without a Clerk account: local development, the example app (`--static`), CI and
//! the SDK's browser tests (`--test-mode`). See README.md for the flags and a curl walkthrough.

mod app;
mod auth;
mod clock;
mod cors;
mod errors;
mod faults;
mod json;
mod request_log;
mod routes;
mod secrets;
mod server;
mod static_files;
mod store;

use clap::Parser;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tracing::level_filters::LevelFilter;

/// A local, SQLite-backed Frontend API for API keys.
#[derive(Parser, Debug)]
#[command(name = "apikeys-devserver", version, about)]
struct Cli {
    /// Address to listen on (port 0 picks a free port; the startup line shows the real one).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: String,
    /// SQLite database file, created on first run; `:memory:` keeps everything in memory.
    #[arg(long, value_name = "PATH", default_value = ".devserver/apikeys.db")]
    db: String,
    /// Serve a built static site from DIR at `/` (the API routes take precedence).
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Also allow this origin for CORS (repeatable). The server's own origin and http://localhost:* and
    /// http://127.0.0.1:* are always allowed.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origin: Vec<String>,
    /// Enable the test API (/__faults, /__requests) and send `Connection: close` on every response.
    #[arg(long)]
    test_mode: bool,
    /// Most valid (neither revoked nor expired) keys one subject may have.
    #[arg(long, value_name = "N", default_value_t = 100)]
    key_quota: u32,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("apikeys-devserver: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("apikeys-devserver: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr (stdout carries only the startup line). Level from `APIKEYS_DEVSERVER_LOG` (default `info`).
/// Nothing logs request bodies, query strings or headers, so secrets and session tokens never reach the log.
fn init_logging() {
    let level = std::env::var("APIKEYS_DEVSERVER_LOG")
        .ok()
        .and_then(|v| v.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Some(dir) = &cli.static_dir {
        if !dir.is_dir() {
            return Err(format!("--static {}: not a directory", dir.display()));
        }
    }
    if cli.db != ":memory:" {
        if let Some(parent) = Path::new(&cli.db)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
    }
    let store =
        store::Store::open(&cli.db).map_err(|e| format!("cannot open database {}: {e}", cli.db))?;
    let listener = tokio::net::TcpListener::bind(&cli.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", cli.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let state = app::AppState::new(
        store,
        app::Config {
            key_quota: cli.key_quota,
            test_mode: cli.test_mode,
            static_dir: cli.static_dir,
        },
        cors::Cors::new(addr, cli.allow_origin, cli.test_mode),
    );
    tracing::info!(db = %cli.db, test_mode = cli.test_mode, key_quota = cli.key_quota, "ready");
    // Scripts wait for this exact line; flush so they see it even when stdout is a pipe.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "apikeys-devserver listening on http://{addr}");
    let _ = stdout.flush();
    tokio::select! {
        () = server::serve(listener, state) => Ok(()),
        () = shutdown_signal() => Ok(()),
    }
}

/// Ctrl-C or SIGTERM: return from `run`, so the database connection closes cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
