//! An oversized body is refused before it is read into memory: by its Content-Length, or as it streams in.

use hostup_client::{Client, Error, NativeTransport};
use hostup_core::{Config, MAX_BODY_BYTES};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

/// A one-shot raw HTTP server on 127.0.0.1 that answers with `head` and then streams `body_bytes` bytes of `[`.
fn serve_once(head: String, body_bytes: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'['; 64 * 1024];
            let mut sent = 0;
            while sent < body_bytes {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
                sent += chunk.len();
            }
        }
    });
    format!("http://{addr}")
}

fn client(base: &str) -> Client<NativeTransport> {
    Client::new(Config::new(base, None).unwrap(), NativeTransport::new())
}

#[tokio::test]
async fn a_body_announced_too_large_is_refused_unread() {
    let announced = MAX_BODY_BYTES + 1;
    let base = serve_once(
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"),
        0,
    );
    let started = Instant::now();
    let err = client(&base).list_vps().await.unwrap_err();
    assert!(
        matches!(err, Error::Core(hostup_client::core::Error::TooLarge { len, .. }) if len == announced),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2), "refused without waiting for the body");
}

#[tokio::test]
async fn a_chunked_body_is_cut_off_at_the_limit() {
    let base = serve_once(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_owned(),
        MAX_BODY_BYTES + 1024 * 1024,
    );
    let err = client(&base).list_vps().await.unwrap_err();
    match err {
        Error::Core(hostup_client::core::Error::TooLarge { len, max }) => {
            assert_eq!(max, MAX_BODY_BYTES);
            assert!(len > MAX_BODY_BYTES && len <= MAX_BODY_BYTES + 64 * 1024, "stopped reading at the limit: {len}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}
