#![doc = include_str!("../../README.md")]

//! Shared helpers of the end-to-end tests: a loopback server that records what the generated
//! clients send, and where the specs are.

pub mod case_inputs;
pub mod fake_alibaba;
pub mod fake_huawei;
pub mod huawei_vectors;

use std::path::{Path, PathBuf};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A loopback HTTP server that answers every request with `reply`.
pub async fn server_replying(reply: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(reply).mount(&server).await;
    server
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    requests.remove(0)
}

/// The path and query of a request exactly as sent, percent-encoding included.
pub fn path_and_query(request: &wiremock::Request) -> String {
    match request.url.query() {
        Some(query) => format!("{}?{query}", request.url.path()),
        None => request.url.path().to_owned(),
    }
}

pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The workspace's `specs/` folder.
pub fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Days from 1970-01-01 to a calendar date, or `None` for a date that does not exist or is
/// before 1970. The fake gateways use it to read the signed timestamps; it counts rather than
/// computes, so it stays plainly right and independent of the runtime's arithmetic.
pub fn days_since_epoch(year: u64, month: u64, day: u64) -> Option<u64> {
    let leap = |y: u64| (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let month_days = [
        31,
        if leap(year) { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let month_index = usize::try_from(month.checked_sub(1)?).ok()?;
    let days_in_month = *month_days.get(month_index)?;
    if year < 1970 || day < 1 || day > days_in_month {
        return None;
    }
    let years: u64 = (1970..year).map(|y| if leap(y) { 366 } else { 365 }).sum();
    let months: u64 = month_days.iter().take(month_index).sum();
    Some(years + months + day - 1)
}
