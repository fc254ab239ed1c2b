#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod clock;
mod config;
mod control;
mod http;
mod prng;
mod problem;
mod ratelimit;
mod state;
mod validate;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

pub use config::{ApiKey, Command, Config, Scopes, DEFAULT_DEMO_KEY, HELP};

/// A configured simulator, ready to serve.
pub struct Sim {
    app: Arc<http::App>,
}

impl Sim {
    /// Builds the seeded initial state.
    pub fn new(config: Config) -> Self {
        Self { app: Arc::new(http::App::new(config)) }
    }

    /// Ids of the demo account's VPS, in `GET /api/v2/vps` order.
    pub fn vps_ids(&self) -> Vec<String> {
        http::lock(&self.app.world).vps_ids(state::DEMO_ACCOUNT)
    }

    /// The id of the second account's VPS (`other-vps:` on stdout): a 404 for the demo keys.
    pub fn other_vps_id(&self) -> String {
        http::lock(&self.app.world).vps_ids(state::OTHER_ACCOUNT).into_iter().next().unwrap_or_default()
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
        let router = axum::Router::new().fallback(http::handle).with_state(self.app);
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
    }
}
