//! A minimal HTTP/1.1 server on 127.0.0.1 that answers every request with one fixed reply,
//! keeping connections alive: the other side of the run-time benchmarks, cheap enough that
//! the client's costs dominate.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The server's address; it runs until the runtime it was started on stops.
pub async fn serve(status: u16, body: Vec<u8>) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let mut reply = format!(
        "HTTP/1.1 {status} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(&body);
    let reply: Arc<[u8]> = reply.into();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let reply = Arc::clone(&reply);
            tokio::spawn(async move {
                let _ = answer(stream, &reply).await;
            });
        }
    });
    Ok(address)
}

/// Answers the requests of one connection until the client closes it.
async fn answer(mut stream: TcpStream, reply: &[u8]) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // Read until a whole request (head and body) is in the buffer.
        let consumed = loop {
            if let Some(length) = request_length(&buffer) {
                if buffer.len() >= length {
                    break length;
                }
            }
            let read = stream.read(&mut chunk).await?;
            if read == 0 {
                return Ok(());
            }
            buffer.extend_from_slice(chunk.get(..read).unwrap_or_default());
        };
        buffer.drain(..consumed);
        stream.write_all(reply).await?;
    }
}

/// The length of the request at the start of `buffer` (head plus `content-length` body), once
/// its head is complete.
fn request_length(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(buffer.get(..head_end)?).ok()?;
    let body = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    Some(head_end + body)
}

#[cfg(test)]
mod tests {
    use super::request_length;

    #[test]
    fn a_request_ends_after_its_declared_body() {
        assert_eq!(request_length(b"GET / HTTP/1.1\r\nhost: x\r\n"), None);
        assert_eq!(request_length(b"GET / HTTP/1.1\r\n\r\n"), Some(18));
        let post = b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
        assert_eq!(request_length(post), Some(post.len()));
    }
}
