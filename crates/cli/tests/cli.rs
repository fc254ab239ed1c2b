//! The `hostup` binary against the real simulator: commands, `--json` shapes, exit codes, confirmation rules, and
//! that the key never shows.

// The one helper that starts the simulator (the client's tests use it too).
#[path = "../../client/tests/common/mod.rs"]
mod common;

use common::Sim;
use serde_json::{json, Value};
use std::process::{Command, Output, Stdio};

/// Runs `hostup` against `sim` with its demo key in HOSTUP_API_KEY, stdin not a terminal.
fn hostup(sim: &Sim, args: &[&str]) -> Output {
    hostup_with(sim, args, |c| c.env("HOSTUP_API_KEY", sim.key()))
}

fn hostup_with(sim: &Sim, args: &[&str], env: impl FnOnce(&mut Command) -> &mut Command) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hostup"));
    cmd.args(args).env_remove("HOSTUP_API_KEY").env("HOSTUP_BASE_URL", &sim.base).stdin(Stdio::null());
    env(&mut cmd).output().expect("run hostup")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn first_vps(sim: &Sim) -> String {
    let out = hostup(sim, &["vps", "list", "--json"]);
    stdout_json(&out)["data"][0]["id"].as_str().unwrap().to_owned()
}

fn first_snapshot(sim: &Sim, vps: &str) -> String {
    let out = hostup(sim, &["snapshots", "list", vps, "--json"]);
    stdout_json(&out)["data"][0]["name"].as_str().unwrap().to_owned()
}

#[test]
fn vps_list_prints_a_table_or_the_list_shape() {
    let sim = Sim::start(&["--vps-count", "2"]);
    let out = hostup(&sim, &["vps", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().next().unwrap().starts_with("ID"), "{text}");
    assert_eq!(text.lines().count(), 3, "{text}");
    let out = hostup(&sim, &["vps", "list", "--json"]);
    let v = stdout_json(&out);
    assert_eq!(v["data"].as_array().unwrap().len(), 2);
    assert!(v["data"][0]["id"].as_str().unwrap().starts_with("vps_"));
}

#[test]
fn the_key_comes_from_the_environment_or_a_file_never_shows_and_argv_gets_a_warning() {
    let sim = Sim::start(&[]);
    let out = hostup_with(&sim, &["vps", "list", "--json"], |c| c);
    assert_eq!(code(&out), 2);
    assert_eq!(stdout_json(&out)["error"]["code"], "missing_api_key");

    let dir = std::env::temp_dir().join(format!("hostup-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("key");
    std::fs::write(&file, format!("{}\n", sim.key())).unwrap();
    let out = hostup_with(&sim, &["vps", "list", "--key-file", file.to_str().unwrap()], |c| c);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"));

    let out = hostup_with(&sim, &["vps", "list", "--key", sim.key()], |c| c);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("warning: a key given with --key is visible"), "{}", stderr(&out));

    // A wrong key: the server's error with code, detail and request id, and the key nowhere.
    let wrong = "hsk_wrong_0123456789abcdef";
    let out = hostup_with(&sim, &["vps", "list"], |c| c.env("HOSTUP_API_KEY", wrong));
    assert_eq!(code(&out), 3);
    let err = stderr(&out);
    assert!(err.starts_with("error: unauthorized: "), "{err}");
    assert!(err.contains("http status: 401") && err.contains("request id: req_"), "{err}");
    assert!(!err.contains(wrong) && !stdout(&out).contains(wrong));
    let out = hostup_with(&sim, &["vps", "list", "--json"], |c| c.env("HOSTUP_API_KEY", wrong));
    let e = &stdout_json(&out)["error"];
    assert_eq!(e["status"], 401);
    assert!(e["requestId"].as_str().unwrap().starts_with("req_"));
    assert!(!stdout(&out).contains(wrong));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn restores_and_deletes_need_the_exact_name_or_id_and_nothing_else_gets_through() {
    let sim = Sim::start(&["--job-ms", "100"]);
    let vps = first_vps(&sim);
    let name = first_snapshot(&sim, &vps);
    let backups = stdout_json(&hostup(&sim, &["backups", "list", &vps, "--json"]));
    let backup = backups["backups"][0]["id"].as_str().unwrap().to_owned();
    let schedules = stdout_json(&hostup(&sim, &["schedules", "list", &vps, "--json"]));
    let schedule = schedules["data"][0]["id"].as_str().unwrap().to_owned();

    let refused: [Vec<&str>; 5] = [
        vec!["snapshots", "restore", &vps, &name],
        vec!["snapshots", "delete", &vps, &name, "--confirm", "other"],
        vec!["backups", "restore", &vps, &backup, "--confirm", &name],
        vec!["backups", "delete", &vps, &backup],
        vec!["schedules", "delete", &vps, &schedule, "--confirm", &vps],
    ];
    for args in &refused {
        let mut json_args = args.clone();
        json_args.push("--json");
        let out = hostup(&sim, &json_args);
        assert_eq!(code(&out), 2, "{args:?}");
        let e = &stdout_json(&out)["error"];
        // The CLI's own check (deletes, or no answer at all), or core's for a restore: `/confirm` is wrong.
        let by_cli = e["code"] == "confirmation_required" || e["code"] == "confirmation_mismatch";
        let by_core = e["code"] == "invalid_request" && e["errors"][0]["pointer"] == "/confirm";
        assert!(by_cli || by_core, "{args:?}: {e}");
    }
    let out = hostup(&sim, &["snapshots", "restore", &vps, &name]);
    assert!(stderr(&out).contains(&format!("Pass --confirm {name}")), "{}", stderr(&out));
    // Flags that other tools use to skip prompts are not accepted.
    for bypass in ["--yes", "--force"] {
        let out = hostup(&sim, &["snapshots", "restore", &vps, &name, bypass]);
        assert_eq!(code(&out), 2, "{bypass}");
    }
    let stats = sim.stats();
    assert_eq!((stats["restoresAccepted"].as_u64(), stats["deletesAccepted"].as_u64()), (Some(0), Some(0)));
    let after = stdout_json(&hostup(&sim, &["schedules", "list", &vps, "--json"]));
    assert_eq!(after["data"].as_array().unwrap().len(), 1, "the schedule is still there");

    let out = hostup(&sim, &["snapshots", "restore", &vps, &name, "--confirm", &name, "--wait", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = stdout_json(&out);
    assert_eq!(v["job"]["status"], "completed");
    assert_eq!(v["job"]["kind"], "snapshot_restore");
    assert_eq!(v["operation"]["jobId"], v["job"]["jobId"]);
    let out = hostup(&sim, &["schedules", "delete", &vps, &schedule, "--confirm", &schedule, "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out), json!({ "deleted": schedule }));
    assert_eq!(sim.stats()["restoresAccepted"], 1);
}

#[test]
fn create_wait_and_jobs_wait_report_the_job() {
    let sim = Sim::start(&["--job-ms", "100"]);
    let vps = first_vps(&sim);
    let out = hostup(&sim, &["snapshots", "create", &vps, "cli-one", "--description", "from the CLI", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = stdout_json(&out);
    assert_eq!(v["job"], Value::Null, "no --wait: the operation only");
    let job_id = v["operation"]["jobId"].as_str().unwrap().to_owned();
    let out = hostup(&sim, &["jobs", "wait", &job_id, "--timeout", "30s", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["status"], "completed");
    let out = hostup(&sim, &["backups", "create", &vps, "--note", "cli", "--wait"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).trim_end().ends_with("completed"), "{}", stdout(&out));
    let listed = stdout(&hostup(&sim, &["snapshots", "list", &vps]));
    assert!(listed.contains("cli-one") && listed.contains("from the CLI"), "{listed}");
}

#[test]
fn a_failed_job_exits_4_with_its_code_and_request_id() {
    let sim = Sim::start(&["--job-ms", "100", "--job-fail-rate", "1"]);
    let vps = first_vps(&sim);
    let out = hostup(&sim, &["snapshots", "create", &vps, "doomed", "--wait"]);
    assert_eq!(code(&out), 4);
    let err = stderr(&out);
    // The failed job's own problem code (the simulator's host failure), not a generic one.
    assert!(err.starts_with("error: internal_error: job job_"), "{err}");
    assert!(err.contains("request id: req_"), "{err}");
}

#[test]
fn invalid_input_reports_every_broken_field_and_sends_nothing() {
    let sim = Sim::start(&[]);
    let vps = first_vps(&sim);
    let before = sim.requests();
    let out = hostup(
        &sim,
        &["schedules", "set", &vps, "--frequency", "weekly", "--hour", "24", "--retention", "0", "--json"],
    );
    assert_eq!(code(&out), 2);
    let e = &stdout_json(&out)["error"];
    let mut pointers: Vec<&str> =
        e["errors"].as_array().unwrap().iter().map(|f| f["pointer"].as_str().unwrap()).collect();
    pointers.sort();
    assert_eq!(pointers, ["/dayOfWeek", "/hour", "/retentionCount"]);
    assert_eq!(sim.requests(), before);
    let out = hostup(
        &sim,
        &[
            "schedules",
            "set",
            &vps,
            "--frequency",
            "monthly",
            "--day-of-month",
            "31",
            "--hour",
            "3",
            "--retention",
            "5",
            "--json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout_json(&out)["daySpecifier"], "31");
}

#[test]
fn fleet_snapshot_waits_for_every_vps_and_exits_1_when_any_is_refused() {
    let sim = Sim::start(&["--vps-count", "3", "--job-ms", "100"]);
    let out = hostup(&sim, &["fleet", "snapshot", "--name", "fleet-1", "--concurrency", "2", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = stdout_json(&out);
    assert_eq!((v["completed"].as_u64(), v["total"].as_u64()), (Some(3), Some(3)));
    assert!(v["results"].as_array().unwrap().iter().all(|r| r["status"] == "completed" && r["jobId"].is_string()));
    // The same name again: every create is refused with the server's code.
    let out = hostup(&sim, &["fleet", "snapshot", "--name", "fleet-1", "--json"]);
    assert_eq!(code(&out), 1);
    let v = stdout_json(&out);
    assert_eq!(v["completed"], 0);
    assert_eq!(v["results"][0]["status"], "refused");
    assert_eq!(v["results"][0]["error"]["code"], "snapshot_exists");
    assert!(v["results"][0]["error"]["requestId"].as_str().unwrap().starts_with("req_"));
    // A bad name is one error before any request.
    let before = sim.requests();
    let out = hostup(&sim, &["fleet", "snapshot", "--name", "no spaces"]);
    assert_eq!(code(&out), 2);
    assert_eq!(sim.requests(), before);
}

#[test]
fn audit_reports_in_a_stable_shape_and_exit_code_gates_on_errors() {
    let sim = Sim::start(&["--vps-count", "3"]);
    let vps = first_vps(&sim);
    let schedule = stdout_json(&hostup(&sim, &["schedules", "list", &vps, "--json"]))["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    hostup(&sim, &["schedules", "delete", &vps, &schedule, "--confirm", &schedule]);

    // A generous age: the only error left is the VPS without a schedule.
    let out = hostup(&sim, &["audit", "--max-age", "30d", "--json", "--exit-code"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = stdout_json(&out);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["checkedAt", "findings", "policy", "vps"]);
    assert_eq!(v["policy"]["maxBackupAgeMs"], 30 * 86_400_000u64);
    assert_eq!(v["vps"].as_array().unwrap().len(), 3);
    assert_eq!(v["vps"][0]["vpsId"], vps.as_str(), "worst first");
    let errors: Vec<&Value> = v["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "no_enabled_schedule");
    assert_eq!(errors[0]["vpsId"], vps.as_str());
    let evidence = errors[0]["evidence"].as_object().unwrap();
    let set: Vec<(&str, &Value)> =
        evidence.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.as_str(), v)).collect();
    assert_eq!(set, [("count", &json!(0)), ("limit", &json!(1))], "every other evidence key is null");
    assert_eq!(evidence.len(), 12, "every evidence key is present");

    // Without --exit-code the same report exits 0; a policy file can relax the rule.
    assert_eq!(code(&hostup(&sim, &["audit", "--max-age", "30d"])), 0);
    let dir = std::env::temp_dir().join(format!("hostup-cli-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"minEnabledSchedules": 0, "maxBackupAgeMs": 2592000000}"#).unwrap();
    let out = hostup(&sim, &["audit", "--policy", policy.to_str().unwrap(), "--exit-code"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("3 VPS checked"), "{}", stdout(&out));
    // The seeded backups are more than a day old: the default policy calls them stale.
    let out = hostup(&sim, &["audit", "--policy", policy.to_str().unwrap(), "--max-age", "1h", "--exit-code"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("backup_stale"), "{}", stdout(&out));
    // A broken policy file: every field at once, nothing sent.
    std::fs::write(&policy, r#"{"maxBackupAge": "26h", "minRetention": -1}"#).unwrap();
    let out = hostup(&sim, &["audit", "--policy", policy.to_str().unwrap(), "--json"]);
    assert_eq!(code(&out), 2);
    let e = &stdout_json(&out)["error"];
    assert_eq!(e["errors"].as_array().unwrap().len(), 2, "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn audit_of_the_varied_fleet_reads_as_a_table_worst_first() {
    let sim = Sim::start(&["--fleet", "varied", "--vps-count", "5"]);
    let out = hostup(&sim, &["audit", "--exit-code"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("VPS") && lines[0].contains("LAST BACKUP"), "{text}");
    let worst: Vec<&str> = lines[1..6].iter().map(|l| l.split_whitespace().nth(2).unwrap()).collect();
    assert_eq!(worst, ["error", "error", "warning", "warning", "ok"], "{text}");
    for code in ["no_enabled_schedule", "last_run_failed", "quota_reached", "snapshot_expiring"] {
        assert!(text.contains(code), "{code} missing:\n{text}");
    }
    assert!(text.contains("5 VPS checked") && text.contains("2 error(s), 2 warning(s), 0 info"), "{text}");
}

/// Runs `hostup` on a pseudo-terminal (util-linux `script`), typing `typed` at it.
fn hostup_on_a_terminal(sim: &Sim, args: &[&str], typed: &str) -> Output {
    use std::io::Write;
    let line = std::iter::once(env!("CARGO_BIN_EXE_hostup")).chain(args.iter().copied()).collect::<Vec<_>>().join(" ");
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("HOSTUP_API_KEY", sim.key())
        .env("HOSTUP_BASE_URL", &sim.base)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the CLI on a terminal");
    child.stdin.take().unwrap().write_all(format!("{typed}\n").as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn on_a_terminal_the_name_typed_at_the_prompt_is_the_confirmation() {
    let sim = Sim::start(&["--job-ms", "100"]);
    let vps = first_vps(&sim);
    let name = first_snapshot(&sim, &vps);
    let out = hostup_on_a_terminal(&sim, &["snapshots", "delete", &vps, &name], "not-it");
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let screen = stdout(&out);
    assert!(
        screen.contains(&format!("Type {name} to confirm")) && screen.contains("confirmation_mismatch"),
        "{screen}"
    );
    let out = hostup_on_a_terminal(&sim, &["snapshots", "restore", &vps, &name], "wrong");
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert_eq!((sim.stats()["deletesAccepted"].as_u64(), sim.stats()["restoresAccepted"].as_u64()), (Some(0), Some(0)));
    let out = hostup_on_a_terminal(&sim, &["snapshots", "restore", &vps, &name, "--wait"], &name);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(sim.stats()["restoresAccepted"], 1);
}
