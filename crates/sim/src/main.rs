//! `hostup-sim`: see `--help` and the crate README.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use hostup_sim::{Command, Config, Sim, HELP};

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

fn main() -> ExitCode {
    let config = match Config::parse(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(c)) => *c,
        Err(e) => {
            eprintln!("hostup-sim: {e}\nRun `hostup-sim --help` for the flags.");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hostup-sim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let sim = Sim::new(config);
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{addr}")?;
        for line in sim.startup_lines() {
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        drop(out);
        let (tx, rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            shutdown_signal().await;
            let _ = tx.send(true);
        });
        let mut graceful = rx.clone();
        let mut deadline = rx;
        tokio::select! {
            r = sim.serve(listener, async move { let _ = graceful.wait_for(|s| *s).await; }) => r,
            // Keep-alive clients must not hold the exit hostage.
            _ = async move {
                let _ = deadline.wait_for(|s| *s).await;
                tokio::time::sleep(Duration::from_secs(2)).await;
            } => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hostup-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
