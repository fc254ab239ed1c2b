//! `hostup`: the HostUp VPS backup and snapshot API on the command line, on `hostup-client`.
//!
//! Exit codes: 0 done; 1 `audit --exit-code` found an error, or `fleet snapshot` did not complete everywhere;
//! 2 bad usage or input (nothing was sent), or a confirmation was missing or wrong; 3 the API or the network
//! failed; 4 a job failed or a wait gave up.

mod args;
mod commands;
mod confirm;
mod output;

use clap::Parser;
use hostup_client::core::{ApiKey, Config};
use hostup_client::{Client, NativeTransport};
use output::{CliError, Out};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let out = Out { json: cli.json };
    let result = match client(&cli) {
        Ok(client) => commands::run(&client, cli.command, &out).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            out.error(&e);
            e.exit_code()
        }
    }
}

/// The client for `--base-url` and the key from `--key-file`, `HOSTUP_API_KEY` or (with a warning) `--key`.
fn client(cli: &args::Cli) -> Result<Client<NativeTransport>, CliError> {
    let key = if let Some(path) = &cli.key_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CliError::usage("key_file_unreadable", format!("cannot read --key-file {}: {e}", path.display()))
        })?;
        text.lines().next().unwrap_or("").trim().to_owned()
    } else if let Some(key) = cli.key.as_deref() {
        eprintln!(
            "warning: a key given with --key is visible to every user of this machine (ps, shell history); \
             use HOSTUP_API_KEY or --key-file"
        );
        key.to_owned()
    } else {
        std::env::var("HOSTUP_API_KEY").map_err(|_| {
            CliError::usage("missing_api_key", "no API key: set HOSTUP_API_KEY or pass --key-file PATH".to_owned())
        })?
    };
    let key = ApiKey::new(key).map_err(|e| CliError::Client(e.into()))?;
    let config = Config::new(&cli.base_url, Some(key)).map_err(|e| CliError::Client(e.into()))?;
    Ok(Client::new(config, NativeTransport::new()))
}
