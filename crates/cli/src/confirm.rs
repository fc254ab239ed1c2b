//! Confirmation of destructive commands: `--confirm <name|id>`, or the same typed at a prompt when stdin is a
//! terminal. Nothing else (no `--yes`, no environment variable) bypasses it.

use crate::output::{clean, CliError};
use std::io::{BufRead, IsTerminal, Write};

/// What the user confirmed with: the `--confirm` value, or what they typed at the prompt. The caller compares it
/// with the name or id (`check`), or hands it to core, whose restore endpoints check it themselves.
pub fn obtain(given: Option<String>, expected: &str, consequence: &str) -> Result<String, CliError> {
    if let Some(given) = given {
        return Ok(given);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::usage(
            "confirmation_required",
            format!("{consequence}. Pass --confirm {} to go ahead.", clean(expected)),
        ));
    }
    eprint!("{consequence}.\nType {} to confirm: ", clean(expected));
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| CliError::usage("confirmation_required", e.to_string()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// `obtain`, then: the answer must equal `expected` exactly.
pub fn check(given: Option<String>, expected: &str, consequence: &str) -> Result<(), CliError> {
    let answer = obtain(given, expected, consequence)?;
    if answer == expected {
        Ok(())
    } else {
        Err(CliError::usage(
            "confirmation_mismatch",
            format!("the confirmation does not match {}; nothing was done", clean(expected)),
        ))
    }
}
