//! `GET /api/v2/vps` — the caller's VPS (referenced; shape inferred, see [`crate::inferred`]).

use super::Endpoint;
use crate::http::{Config, Method, Request, RequestKind};
use crate::VpsList;

/// Lists the caller's VPS. Take every VPS id from here (API.md: never invent one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListVps;

impl Endpoint for ListVps {
    type Output = VpsList;
    const NAME: &'static str = "listVps";
    const WIRE: crate::shape::Wire = crate::shape::Wire::Body(<crate::VpsList as crate::wire::Shaped>::SHAPE);
    fn request(&self, config: &Config) -> Request {
        config.request(Method::Get, RequestKind::Read, "/api/v2/vps".to_owned(), None)
    }
}
