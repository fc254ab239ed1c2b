//! The axum router: `/api` (with CORS) to [`crate::api`], `/__sim/` to [`crate::control`] with
//! `--control`, everything else to the static files or a 404. Every error answer on the way out is
//! problem+json.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::app::App;
use crate::config::Config;
use crate::problem::Problem;
use crate::respond::{ensure_problem, problem_response};
use crate::{api, control, static_files};

/// The headers a browser script may read from an API answer.
const EXPOSED: &str = "Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";

pub(crate) fn router(app: Arc<App>) -> Router {
    let api = any(api::handle).layer(cors(&app.config)).layer(from_fn(cors_finish));
    Router::new()
        .route("/api", api.clone())
        .route("/api/", api.clone())
        .route("/api/{*rest}", api)
        .fallback(site)
        .layer(from_fn_with_state(app.clone(), problems_only))
        .with_state(app)
}

/// `--cors-origin`: those origins, with credentials (cookies), the methods and the three request
/// headers the client sends (LESSONS.md: no vendor headers).
fn cors(config: &Config) -> CorsLayer {
    let origins = config.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok());
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600))
}

/// What tower-http's CORS leaves to us: a preflight is answered 204 (no content), and the exposed
/// headers are listed in their usual spelling.
async fn cors_finish(req: Request, next: Next) -> Response {
    let preflight = req.method() == Method::OPTIONS;
    let mut r = next.run(req).await;
    if preflight {
        *r.status_mut() = StatusCode::NO_CONTENT;
    } else if r.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        r.headers_mut().insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
    }
    r
}

/// Everything outside `/api`.
async fn site(State(app): State<Arc<App>>, req: Request) -> Response {
    if app.config.control && req.uri().path().starts_with("/__sim/") {
        return control::handle(&app, req).await;
    }
    let path = req.uri().path().to_owned();
    if let Some(files) = &app.files {
        if req.method() == Method::GET || req.method() == Method::HEAD {
            if let Some(r) = static_files::serve(files, req).await {
                return r;
            }
        }
    }
    problem_response(&Problem::not_found("resource"), &path, app.clock.now_ms())
}

/// The last word on every answer: an error that is not problem+json becomes one.
async fn problems_only(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let r = next.run(req).await;
    ensure_problem(r, uri.path(), app.clock.now_ms())
}
