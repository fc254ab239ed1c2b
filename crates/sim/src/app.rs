//! The application state every handler shares: configuration, clock, provider state, rate limiter,
//! fault settings and counters, and the API keys.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use axum::http::{header, HeaderMap};
use tower_http::services::ServeDir;

use crate::clock::Clock;
use crate::config::{Config, Fleet, Scopes};
use crate::faults::{Counters, Faults, Plan};
use crate::ratelimit::Limiter;
use crate::world::{World, DEMO_ACCOUNT, OTHER_ACCOUNT};

/// The whole server.
pub(crate) struct App {
    pub(crate) config: Config,
    pub(crate) clock: Clock,
    pub(crate) world: Mutex<World>,
    pub(crate) limiter: Limiter,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) counters: Counters,
    /// `--static`, if given.
    pub(crate) files: Option<ServeDir>,
    keys: HashMap<String, (u32, Scopes)>,
    started: Instant,
}

/// Locks a mutex, also after a panic elsewhere (the state stays usable for the next request).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Who presented a known key: the token (the rate-limit bucket), the account and the scopes.
pub(crate) type Caller<'a> = (&'a str, u32, Scopes);

impl App {
    pub(crate) fn new(config: Config) -> Self {
        let clock = Clock::new(config.time_scale);
        let mut keys: HashMap<String, (u32, Scopes)> =
            config.keys.iter().map(|k| (k.token.clone(), (DEMO_ACCOUNT, k.scopes))).collect();
        if let Some(k) = &config.other_key {
            keys.insert(k.clone(), (OTHER_ACCOUNT, Scopes::ALL));
        }
        Self {
            world: Mutex::new(Self::seeded_world(&config, &clock)),
            limiter: Limiter::new(config.rate_limit),
            faults: Mutex::new(Faults::from_config(&config)),
            counters: Counters::default(),
            files: config.static_dir.as_ref().map(ServeDir::new),
            keys,
            started: Instant::now(),
            clock,
            config,
        }
    }

    /// The seeded initial state (at start and on `POST /__sim/reset`).
    pub(crate) fn seeded_world(config: &Config, clock: &Clock) -> World {
        let mut world = World::seeded(config.seed, config.vps_count, config.backups_per_vps, clock.now_ms());
        if config.fleet == Fleet::Varied {
            world.vary(clock.now_ms());
        }
        world
    }

    /// The key presented as `Authorization: Bearer …` or a `hostup_session` cookie, if it is known.
    pub(crate) fn authenticate(&self, headers: &HeaderMap) -> Option<Caller<'_>> {
        let bearer = headers
            .get_all(header::AUTHORIZATION)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.get(..7).filter(|p| p.eq_ignore_ascii_case("bearer ")).map(|_| v[7..].trim()));
        let cookies = headers
            .get_all(header::COOKIE)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().strip_prefix("hostup_session="));
        bearer.chain(cookies).find_map(|t| self.keys.get_key_value(t).map(|(k, (a, s))| (k.as_str(), *a, *s)))
    }

    /// Seconds left in the current 429 storm, if one is on (`forced`: `storm: true` from the control API).
    fn storm(&self, forced: bool) -> Option<u64> {
        if forced {
            return Some(1);
        }
        let (every, len) = (self.config.storm_every_ms, self.config.storm_ms);
        if every == 0 || len == 0 {
            return None;
        }
        let phase = self.started.elapsed().as_millis() as u64 % every;
        (phase < len).then(|| (len - phase).div_ceil(1000).max(1))
    }

    /// The dice for one request, and the seconds left in a storm if one is on.
    pub(crate) fn plan(&self, mutating: bool) -> (Plan, Option<u64>) {
        let plan = lock(&self.faults).roll(mutating);
        let storm = self.storm(plan.forced_storm);
        (plan, storm)
    }
}
