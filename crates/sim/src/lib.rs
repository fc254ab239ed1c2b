#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

// Layers, lowest first: clock, prng, config, problem, ratelimit, validate → world → faults, app →
// respond, routes, listener → api, control, static_files → server. A module imports only from
// layers below it.
mod api;
mod app;
mod clock;
mod config;
mod control;
mod faults;
mod listener;
mod prng;
mod problem;
mod ratelimit;
mod respond;
mod routes;
mod server;
mod static_files;
mod validate;
mod world;

use std::future::Future;
use std::sync::Arc;

pub use config::{ApiKey, Command, Config, Scopes, DEFAULT_DEMO_KEY, HELP};

use app::{lock, App};
use listener::{Peer, ProblemListener};

/// A configured simulator, ready to serve.
pub struct Sim {
    app: Arc<App>,
}

impl Sim {
    /// Builds the seeded initial state.
    pub fn new(config: Config) -> Self {
        Self { app: Arc::new(App::new(config)) }
    }

    /// Ids of the demo account's VPS, in `GET /api/v2/vps` order.
    pub fn vps_ids(&self) -> Vec<String> {
        lock(&self.app.world).vps_ids(world::DEMO_ACCOUNT)
    }

    /// The id of the second account's VPS (`other-vps:` on stdout): a 404 for the demo keys.
    pub fn other_vps_id(&self) -> String {
        lock(&self.app.world).vps_ids(world::OTHER_ACCOUNT).into_iter().next().unwrap_or_default()
    }

    /// The startup lines after `listening on …`: one `key: TOKEN scopes: …` per key, then `other-vps: ID`.
    pub fn startup_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> =
            self.app.config.keys.iter().map(|k| format!("key: {} scopes: {}", k.token, k.scopes)).collect();
        lines.push(format!("other-vps: {}", self.other_vps_id()));
        lines
    }

    /// Serves on `listener` until `shutdown` resolves (then finishes open requests).
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let router = server::router(self.app.clone());
        axum::serve(ProblemListener::new(listener, self.app), router.into_make_service_with_connect_info::<Peer>())
            .with_graceful_shutdown(shutdown)
            .await
    }
}
