//! Descriptors, an error type and servers shared by the integration tests.

#![allow(dead_code)]

use std::time::Duration;

use cloudgen_runtime::{
    AuthScheme, Client, Config, HttpMethod, OperationDescriptor, ServiceDescriptor, ServiceError,
    Vendor,
};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub static CCE: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Huawei,
    name: "cce",
    api_version: None,
    endpoint_template: Some("https://cce.{region}.myhuaweicloud.com"),
    region_endpoints: &[("eu-west-101", "https://cce.eu-west-101.myhuaweicloud.eu")],
    regions_complete: false,
    global: false,
    auth: &[AuthScheme::HuaweiToken, AuthScheme::HuaweiAksk],
    request_id_header: Some("X-Request-Id"),
};

/// A service that declares no authentication scheme: the only kind called anonymously.
pub static OPEN: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Huawei,
    name: "open",
    api_version: None,
    endpoint_template: Some("https://open.{region}.example.com"),
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[],
    request_id_header: Some("X-Request-Id"),
};

pub static CS: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Alibaba,
    name: "cs",
    api_version: Some("2015-12-15"),
    endpoint_template: Some("https://cs.{region}.aliyuncs.com"),
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[AuthScheme::AlibabaAcs3],
    request_id_header: Some("x-acs-request-id"),
};

pub static UPDATE_CLUSTER: OperationDescriptor = OperationDescriptor {
    name: "UpdateCluster",
    method: HttpMethod::Put,
    path: "/api/v3/projects/{project_id}/clusters/{cluster_id}",
    success: &[200],
    idempotent: true,
};

pub static DELETE_ASSOCIATION: OperationDescriptor = OperationDescriptor {
    name: "DeletePodIdentityAssociation",
    method: HttpMethod::Delete,
    path: "/api/v3/projects/{project_id}/clusters/{cluster_id}/podidentityassociations/{id}",
    success: &[200, 204],
    idempotent: true,
};

pub static GET_ITEM: OperationDescriptor = OperationDescriptor {
    name: "ShowItem",
    method: HttpMethod::Get,
    path: "/items/{id}",
    success: &[200],
    idempotent: true,
};

pub static LIST_ITEMS: OperationDescriptor = OperationDescriptor {
    name: "ListItems",
    method: HttpMethod::Get,
    path: "/items",
    success: &[200, 201],
    idempotent: true,
};

pub static DESCRIBE_CLUSTERS: OperationDescriptor = OperationDescriptor {
    name: "DescribeClustersV1",
    method: HttpMethod::Get,
    path: "/api/v1/clusters",
    success: &[200],
    idempotent: true,
};

/// A Huawei-style error body.
#[derive(Debug, Deserialize)]
pub struct TestError {
    pub error_code: Option<String>,
    pub error_msg: Option<String>,
}

impl ServiceError for TestError {
    fn code(&self) -> Option<&str> {
        self.error_code.as_deref()
    }
    fn message(&self) -> Option<&str> {
        self.error_msg.as_deref()
    }
}

pub type Error = cloudgen_runtime::Error<TestError>;

/// A configuration with an IAM token, as every client of a service that requires
/// credentials needs (without, `Client::new` would read this machine's environment).
pub fn test_config() -> Config {
    Config::new().credentials(cloudgen_runtime::Credentials::huawei_token("test-token"))
}

/// A configuration with an Alibaba AccessKey, for `CS`.
pub fn alibaba_test_config() -> Config {
    Config::new().credentials(cloudgen_runtime::Credentials::alibaba_access_key(
        cloudgen_runtime::AccessKey::new("LTAI-test", "test-secret"),
    ))
}

/// A CCE client pointed at `base_url`.
pub fn client(base_url: &str, config: Config) -> Client {
    Client::new(&CCE, config.endpoint(base_url)).expect("valid test configuration")
}

/// Serves exactly one connection on loopback: reads the request head, writes `reply`, then
/// keeps the connection open for `hold` before closing. Returns the base URL.
pub async fn one_shot_server(reply: Vec<u8>, hold: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        if socket.write_all(&reply).await.is_err() {
            return;
        }
        let _ = socket.flush().await;
        tokio::time::sleep(hold).await;
    });
    format!("http://{address}")
}

/// A chunked HTTP/1.1 200 reply of `chunks` chunks of `size` bytes, without Content-Length.
pub fn chunked_reply(chunks: usize, size: usize) -> Vec<u8> {
    let mut reply =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..chunks {
        reply.extend_from_slice(format!("{size:x}\r\n").as_bytes());
        reply.extend_from_slice(&vec![b'x'; size]);
        reply.extend_from_slice(b"\r\n");
    }
    reply.extend_from_slice(b"0\r\n\r\n");
    reply
}
