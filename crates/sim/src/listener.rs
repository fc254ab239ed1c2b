//! The listener: plain TCP with one addition. hyper answers a request it cannot parse — a URI over
//! 64 KiB (414), too many or too large headers (431), a malformed request line (400) — on its own,
//! with an empty body, before any handler runs. [`ProblemIo`] recognizes that answer as hyper writes
//! it and sends the problem+json document for the status instead, so that every error the simulator
//! sends is a problem document (API.md "Errors").

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::extract::connect_info::Connected;
use axum::http::StatusCode;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

use crate::app::App;
use crate::problem::Problem;
use crate::respond::PROBLEM_JSON;

/// How much of a request's start is kept for the problem's `instance`.
const KEEP: usize = 512;
/// The longest `instance` taken from an unparsed request line.
const MAX_INSTANCE: usize = 200;

/// A TCP listener whose connections are [`ProblemIo`]s.
pub(crate) struct ProblemListener {
    inner: TcpListener,
    app: Arc<App>,
}

impl ProblemListener {
    pub(crate) fn new(inner: TcpListener, app: Arc<App>) -> Self {
        Self { inner, app }
    }
}

impl Listener for ProblemListener {
    type Io = ProblemIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        // axum's own accept loop: it waits out transient errors (too many open files, …).
        let (io, addr) = Listener::accept(&mut self.inner).await;
        (ProblemIo { inner: io, app: self.app.clone(), start: Vec::new(), fresh: true, pending: Vec::new() }, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// The client's address, for the per-IP rate-limit bucket.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer(pub(crate) SocketAddr);

impl Connected<IncomingStream<'_, ProblemListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, ProblemListener>) -> Self {
        Peer(*stream.remote_addr())
    }
}

/// A TCP connection that turns hyper's own empty error answers into problem documents.
pub(crate) struct ProblemIo {
    inner: TcpStream,
    app: Arc<App>,
    /// The first bytes of the request being read (for `instance`).
    start: Vec<u8>,
    /// Whether the next bytes read start a new request (nothing read since the last write).
    fresh: bool,
    /// The rest of a replacement answer still to be written.
    pending: Vec<u8>,
}

/// The status of a head-only answer without a `Content-Type`: hyper's answer to a request it could
/// not parse. The simulator's own error answers always have a type.
fn bodiless_error_status(buf: &[u8]) -> Option<u16> {
    // Cheap checks first: this runs on every write.
    if !(buf.starts_with(b"HTTP/1.1 4") || buf.starts_with(b"HTTP/1.1 5")) || !buf.ends_with(b"\r\n\r\n") {
        return None;
    }
    let head = std::str::from_utf8(&buf[..buf.len() - 4]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()?;
    let mut empty = false;
    for line in lines {
        let line = line.to_ascii_lowercase();
        if line.starts_with("content-type:") {
            return None;
        }
        empty |= line.replace(' ', "") == "content-length:0";
    }
    empty.then_some(status)
}

impl ProblemIo {
    /// The path of the request line read so far, cut to [`MAX_INSTANCE`] characters, or `/`.
    fn instance(&self) -> String {
        let line = String::from_utf8_lossy(&self.start);
        let target = line.split(['\r', '\n']).next().and_then(|l| l.split(' ').nth(1)).unwrap_or("/");
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if path.starts_with('/') {
            path.chars().take(MAX_INSTANCE).collect()
        } else {
            "/".to_owned()
        }
    }

    /// The problem+json answer that replaces hyper's empty one, keeping its `date`.
    fn replacement(&self, status: u16, hyper_head: &[u8]) -> Vec<u8> {
        let body = serde_json::to_vec(&Problem::for_status(status).to_json(&self.instance(), self.app.clock.now_ms()))
            .unwrap_or_default();
        let reason = StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error");
        let mut head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n",
            body.len()
        );
        let date = String::from_utf8_lossy(hyper_head)
            .split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with("date:"))
            .map(|l| format!("{l}\r\n"));
        head.push_str(date.as_deref().unwrap_or_default());
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &self.pending))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.pending.drain(..n);
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for ProblemIo {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.inner).poll_read(cx, buf))?;
        let this = &mut *self;
        if this.fresh {
            this.fresh = false;
            this.start.clear();
        }
        let room = KEEP.saturating_sub(this.start.len());
        let new = &buf.filled()[before..];
        this.start.extend_from_slice(&new[..new.len().min(room)]);
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for ProblemIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_pending(cx))?;
        this.fresh = true;
        if let Some(status) = bodiless_error_status(buf) {
            this.pending = this.replacement(status, buf);
            // What cannot be written now goes out on flush or shutdown, which hyper calls next.
            if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let first = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &**b);
        if !self.pending.is_empty() || bodiless_error_status(first).is_some() {
            // Empty slices before `first` count for nothing, so writing `first` alone is a valid partial write.
            return self.poll_write(cx, first);
        }
        self.fresh = true;
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_pending(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_hyper_answers_only() {
        let hyper = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Mon, 27 Apr 2026 12:00:00 GMT\r\n\r\n";
        assert_eq!(bodiless_error_status(hyper), Some(414));
        let ours = b"HTTP/1.1 404 Not Found\r\ncontent-type: application/problem+json\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(bodiless_error_status(ours), None);
        assert_eq!(bodiless_error_status(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n"), None);
        assert_eq!(bodiless_error_status(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n{}"), None);
    }
}
