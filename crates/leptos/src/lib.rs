#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod backup_panel;
pub mod fleet_overview;
pub mod format;
pub mod job_history;
pub mod messages;
pub mod schedule_model;
pub mod vps_state;

#[cfg(target_arch = "wasm32")]
pub use backup_panel::{BackupPanel, PanelClient};
#[cfg(target_arch = "wasm32")]
pub use fleet_overview::FleetOverview;
