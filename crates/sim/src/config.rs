//! Command-line flags, parsed by hand (the simulator keeps its dependency list short).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The API key the simulator prints and accepts when no `--key` is given. It has all three scopes.
pub const DEFAULT_DEMO_KEY: &str = "hsk_demo_0123456789abcdef";

/// The text of `--help`.
pub const HELP: &str = "\
hostup-sim — a HostUp-compatible API server for demos, tests and benchmarks

USAGE: hostup-sim [FLAGS]

Prints `listening on http://ADDR` as its first stdout line, then `key: TOKEN scopes: …` per API
key, then `other-vps: ID` (a VPS of a second account, for ownership tests). Exits 0 on SIGINT/SIGTERM.

FLAGS
  --addr HOST:PORT        address to bind (default 127.0.0.1:8787; port 0 picks a free one)
  --key TOKEN[=SCOPES]    an API key of the demo account; SCOPES is a comma list of read:vm,
                          backup:vm, write:vm (default all three; `TOKEN=` has none). Repeatable;
                          replaces the default key hsk_demo_0123456789abcdef.
  --other-key TOKEN       a key (all scopes) for the second account that owns the `other-vps`
                          (default: that account has no usable key)
  --vps-count N           VPS in the demo account (default 3)
  --backups-per-vps N     give every VPS exactly N backups instead of 2 to 4 (for benchmarks of big
                          lists; default: off, the seeded 2 to 4)
  --fleet KIND            `seeded` (default) or `varied`: the first four VPS of the demo account
                          show one coverage problem each — no schedule; backup quota full; last
                          scheduled run failed; a snapshot 30 min from expiry — and every VPS has a
                          backup from 3 h ago (needs --vps-count 4 or more for all four)
  --seed N                seed for ids, sizes, faults, latency and job failures (default 1)
  --rate-limit N          requests per minute per key (per client IP without a valid key): a token
                          bucket of capacity N refilling at N/60 per second (default 600)
  --job-ms N              duration of snapshot, snapshot-restore and delete jobs in ms (default
                          3000); backups and backup restores take 4x as long
  --job-fail-rate P       fraction 0..1 of jobs that end `failed` (default 0)
  --fault-rate P          fraction 0..1 of /api requests answered with a fault: 500 problem+json
                          (most often), 502 HTML page, dropped connection, or (GETs only) a 200 whose
                          JSON body is cut in half. For POST/PATCH/DELETE the fault is decided and
                          served BEFORE processing: nothing was created. (default 0)
  --fault-after-rate P    fraction 0..1 of POST/PATCH/DELETE requests that ARE processed (the backup,
                          snapshot, restore… is accepted) and then answered with a 500 or a dropped
                          connection: the case where a blind retry makes a duplicate (default 0)
  --latency-ms N          add a uniform random 0..N ms delay to every /api request (default 0)
  --storm-every-ms N      every N ms, answer every keyed request with 429 ...
  --storm-ms M            ... for M ms (default: no storms)
  --time-scale X          simulated seconds per real second (default 1); snapshot expiry (24 h)
                          and schedule times follow it, job durations stay in real time
  --static DIR            serve DIR at / (index.html for /), with a CSP on HTML; /api wins
  --cors-origin ORIGIN    allow this browser origin with credentials (repeatable)
  --control               enable the test control API under /__sim/ (faults, stats, reset, clock)
  --drift                 show contract drift a client must tolerate: every JSON object of a 2xx
                          answer gets an extra member `\"driftProbe\": \"sim\"`, and jobs report the
                          undocumented status `verifying` for the last fifth of their duration
                          (error answers are unchanged; also `drift` in POST /__sim/faults)
  --help                  print this text

SCHEDULES
  nextRun is the next UTC instant at hour:00 on the schedule's day. A monthly schedule for a day
  the month lacks (31 in a 30-day month, 29-31 in February) runs on that month's last day.
";

/// The scopes of an API key (API.md "Basics").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scopes(u8);

impl Scopes {
    /// `read:vm`: every GET.
    pub const READ_VM: Scopes = Scopes(1);
    /// `backup:vm`: create/restore/delete backups and snapshots.
    pub const BACKUP_VM: Scopes = Scopes(2);
    /// `write:vm`: backup schedules.
    pub const WRITE_VM: Scopes = Scopes(4);
    /// All three.
    pub const ALL: Scopes = Scopes(7);
    const NAMES: [(Scopes, &'static str); 3] =
        [(Self::READ_VM, "read:vm"), (Self::BACKUP_VM, "backup:vm"), (Self::WRITE_VM, "write:vm")];

    /// Whether every scope of `other` is in `self`.
    pub fn contains(self, other: Scopes) -> bool {
        self.0 & other.0 == other.0
    }

    /// The scope's wire name, for a single scope.
    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(s, _)| *s == self).map_or("", |(_, n)| n)
    }

    /// Parses `read:vm,backup:vm`.
    pub fn parse(list: &str) -> Result<Scopes, String> {
        let mut acc = 0;
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (s, _) = Self::NAMES
                .iter()
                .find(|(_, n)| *n == part)
                .ok_or_else(|| format!("unknown scope `{part}` (expected read:vm, backup:vm or write:vm)"))?;
            acc |= s.0;
        }
        Ok(Scopes(acc))
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Self::NAMES.iter().filter(|(s, _)| self.contains(*s)).map(|(_, n)| *n).collect();
        f.write_str(&names.join(","))
    }
}

/// One API key of the demo account.
#[derive(Clone, Debug)]
pub struct ApiKey {
    /// The bearer token (or `hostup_session` cookie value).
    pub token: String,
    /// What it may do.
    pub scopes: Scopes,
}

/// Everything the command line configures.
#[derive(Clone, Debug)]
pub struct Config {
    /// `--addr`.
    pub addr: SocketAddr,
    /// `--key` (or the default demo key).
    pub keys: Vec<ApiKey>,
    /// `--other-key`.
    pub other_key: Option<String>,
    /// `--vps-count`.
    pub vps_count: usize,
    /// `--backups-per-vps` (`None`: the seeded 2 to 4 per VPS).
    pub backups_per_vps: Option<usize>,
    /// `--fleet`.
    pub fleet: Fleet,
    /// `--seed`.
    pub seed: u64,
    /// `--rate-limit`, requests per minute.
    pub rate_limit: u32,
    /// `--job-ms`.
    pub job_ms: u64,
    /// `--job-fail-rate`.
    pub job_fail_rate: f64,
    /// `--fault-rate`.
    pub fault_rate: f64,
    /// `--fault-after-rate`.
    pub fault_after_rate: f64,
    /// `--latency-ms`.
    pub latency_ms: u64,
    /// `--storm-every-ms` (0 = never).
    pub storm_every_ms: u64,
    /// `--storm-ms`.
    pub storm_ms: u64,
    /// `--time-scale`.
    pub time_scale: f64,
    /// `--static`.
    pub static_dir: Option<PathBuf>,
    /// `--cors-origin`.
    pub cors_origins: Vec<String>,
    /// `--control`.
    pub control: bool,
    /// `--drift`: undocumented fields and job statuses a client must tolerate.
    pub drift: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            keys: vec![ApiKey { token: DEFAULT_DEMO_KEY.to_owned(), scopes: Scopes::ALL }],
            other_key: None,
            vps_count: 3,
            backups_per_vps: None,
            fleet: Fleet::Seeded,
            seed: 1,
            rate_limit: 600,
            job_ms: 3000,
            job_fail_rate: 0.0,
            fault_rate: 0.0,
            fault_after_rate: 0.0,
            latency_ms: 0,
            storm_every_ms: 0,
            storm_ms: 0,
            time_scale: 1.0,
            static_dir: None,
            cors_origins: Vec::new(),
            control: false,
            drift: false,
        }
    }
}

/// The initial state of the demo account (`--fleet`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fleet {
    /// Seeded at random from `--seed`.
    Seeded,
    /// Seeded, then one backup-coverage problem on each of the first four VPS (the fleet audit's demo and tests).
    Varied,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    /// Serve with this configuration.
    Run(Box<Config>),
    /// Print [`HELP`] and exit.
    Help,
}

fn number<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: `{v}` is not a valid non-negative integer"))
}

fn fraction(flag: &str, v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{flag}: `{v}` is not a number between 0 and 1")),
    }
}

impl Config {
    /// Parses the arguments after the program name. `--flag value` and `--flag=value` both work.
    pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
        let mut c = Config::default();
        let mut keys = Vec::new();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
                _ => (arg.clone(), None),
            };
            if flag == "--help" || flag == "-h" {
                return Ok(Command::Help);
            }
            if flag == "--control" {
                c.control = true;
                continue;
            }
            if flag == "--drift" {
                c.drift = true;
                continue;
            }
            let known = [
                "--addr",
                "--key",
                "--other-key",
                "--vps-count",
                "--backups-per-vps",
                "--fleet",
                "--seed",
                "--rate-limit",
                "--job-ms",
                "--job-fail-rate",
                "--fault-rate",
                "--fault-after-rate",
                "--latency-ms",
                "--storm-every-ms",
                "--storm-ms",
                "--time-scale",
                "--static",
                "--cors-origin",
            ];
            if !known.contains(&flag.as_str()) {
                return Err(format!("unknown argument `{arg}`"));
            }
            let v = match inline {
                Some(v) => v,
                None => args.next().ok_or_else(|| format!("{flag} needs a value"))?,
            };
            match flag.as_str() {
                "--addr" => {
                    c.addr = v.parse().map_err(|_| format!("--addr: `{v}` is not HOST:PORT (e.g. 127.0.0.1:8787)"))?
                }
                "--key" => {
                    let (token, scopes) = match v.split_once('=') {
                        Some((t, s)) => (t, Scopes::parse(s).map_err(|e| format!("--key: {e}"))?),
                        None => (v.as_str(), Scopes::ALL),
                    };
                    if token.is_empty() || token.contains(|c: char| c.is_whitespace() || c == ';') {
                        return Err("--key: the token must be non-empty, without spaces or `;`".into());
                    }
                    keys.push(ApiKey { token: token.to_owned(), scopes });
                }
                "--other-key" => c.other_key = Some(v),
                "--vps-count" => c.vps_count = number(&flag, &v)?,
                "--backups-per-vps" => c.backups_per_vps = Some(number(&flag, &v)?),
                "--fleet" => {
                    c.fleet = match v.as_str() {
                        "seeded" => Fleet::Seeded,
                        "varied" => Fleet::Varied,
                        _ => return Err(format!("--fleet: `{v}` is not `seeded` or `varied`")),
                    }
                }
                "--seed" => c.seed = number(&flag, &v)?,
                "--rate-limit" => {
                    c.rate_limit = number(&flag, &v)?;
                    if c.rate_limit == 0 {
                        return Err("--rate-limit must be at least 1".into());
                    }
                }
                "--job-ms" => c.job_ms = number(&flag, &v)?,
                "--job-fail-rate" => c.job_fail_rate = fraction(&flag, &v)?,
                "--fault-rate" => c.fault_rate = fraction(&flag, &v)?,
                "--fault-after-rate" => c.fault_after_rate = fraction(&flag, &v)?,
                "--latency-ms" => c.latency_ms = number(&flag, &v)?,
                "--storm-every-ms" => c.storm_every_ms = number(&flag, &v)?,
                "--storm-ms" => c.storm_ms = number(&flag, &v)?,
                "--time-scale" => match v.parse::<f64>() {
                    Ok(x) if x > 0.0 && x.is_finite() => c.time_scale = x,
                    _ => return Err(format!("--time-scale: `{v}` is not a positive number")),
                },
                "--static" => c.static_dir = Some(PathBuf::from(v)),
                "--cors-origin" => c.cors_origins.push(v.trim_end_matches('/').to_owned()),
                _ => unreachable!("flag list checked above"),
            }
        }
        if !keys.is_empty() {
            c.keys = keys;
        }
        Ok(Command::Run(Box::new(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Config::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_flags() {
        let Command::Run(c) = parse(&[]).unwrap() else { panic!() };
        assert_eq!(c.keys[0].token, DEFAULT_DEMO_KEY);
        assert_eq!(c.keys[0].scopes.to_string(), "read:vm,backup:vm,write:vm");
        let Command::Run(c) = parse(&[
            "--addr",
            "127.0.0.1:0",
            "--key",
            "a=read:vm",
            "--key=b",
            "--rate-limit",
            "5",
            "--fault-rate=0.5",
            "--control",
        ])
        .unwrap() else {
            panic!()
        };
        assert_eq!(c.addr.port(), 0);
        assert_eq!(c.keys.len(), 2);
        assert_eq!(c.keys[0].scopes, Scopes::READ_VM);
        assert_eq!(c.keys[1].scopes, Scopes::ALL);
        assert_eq!(c.rate_limit, 5);
        assert!(c.control);
        assert!(!c.drift);
        assert_eq!(c.backups_per_vps, None);
        let Command::Run(c) = parse(&["--drift"]).unwrap() else { panic!() };
        assert!(c.drift && !c.control);
        let Command::Run(c) = parse(&["--backups-per-vps", "1000"]).unwrap() else { panic!() };
        assert_eq!(c.backups_per_vps, Some(1000));
        assert!(parse(&["--backups-per-vps", "-1"]).unwrap_err().contains("non-negative integer"));
        assert!(matches!(parse(&["--help"]), Ok(Command::Help)));
        assert_eq!(c.fleet, Fleet::Seeded);
        let Command::Run(c) = parse(&["--fleet", "varied"]).unwrap() else { panic!() };
        assert_eq!(c.fleet, Fleet::Varied);
        assert!(parse(&["--fleet=mixed"]).unwrap_err().contains("`seeded` or `varied`"));
    }

    #[test]
    fn bad_values_are_explained() {
        assert!(parse(&["--fault-rate", "2"]).unwrap_err().contains("between 0 and 1"));
        assert!(parse(&["--key", "x=root"]).unwrap_err().contains("unknown scope"));
        assert!(parse(&["--vps-count"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--bogus"]).unwrap_err().contains("unknown argument"));
        assert!(parse(&["--addr", "nope"]).unwrap_err().contains("HOST:PORT"));
    }
}
