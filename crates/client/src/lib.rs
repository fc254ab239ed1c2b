//! The one async client of the HostUp backup and snapshot API.
//!
//! It executes [`hostup_core`]'s requests through a [`Transport`] — `fetch` (gloo-net) on wasm32, reqwest natively
//! (feature `native`) — and obeys core's retry, rate-limit and job-polling policies. Nothing here decides *whether*
//! to retry or *how long* to wait: core answers, the client sleeps and sends. The npm package and the Leptos widget
//! both run on this crate, so that logic exists exactly once.
#![warn(missing_docs)]

mod audit;
mod client;
mod error;
#[cfg(target_arch = "wasm32")]
mod fetch;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
mod native;
mod transport;
mod wait;

pub use audit::{AuditOptions, AuditProgress};
pub use client::{Client, ClientEvent, ObserverId};
pub use error::Error;
#[cfg(target_arch = "wasm32")]
pub use fetch::FetchTransport;
pub use hostup_core as core;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub use native::NativeTransport;
pub use transport::{Transport, TransportError};
pub use wait::{JobTarget, WaitOptions};
