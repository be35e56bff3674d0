//! A cluster's Kubernetes API from a kubeconfig, over TLS on loopback: the cluster's CA and
//! a client certificate issued by it (made at test time, as a CCE or ACK kubeconfig carries
//! them), checked by a server that requires the certificate; and a bearer token.

use std::sync::Arc;

use base64::Engine as _;
use cloudgen_runtime::{
    AuthScheme, Client, Config, Credentials, HttpMethod, OperationDescriptor, Request, RetryPolicy,
    ServiceDescriptor, Vendor,
};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType,
};

/// The Kubernetes API of a cluster: no regional endpoint; an IAM token (CCE), a bearer token
/// or a client certificate.
static KUBE: ServiceDescriptor = ServiceDescriptor {
    vendor: Vendor::Huawei,
    name: "kubernetes",
    api_version: None,
    endpoint_template: None,
    region_endpoints: &[],
    regions_complete: false,
    global: false,
    auth: &[
        AuthScheme::HuaweiToken,
        AuthScheme::BearerToken,
        AuthScheme::ClientCertificate,
    ],
    request_id_header: None,
};

static LIST_NAMESPACES: OperationDescriptor = OperationDescriptor {
    name: "ListCoreV1Namespace",
    method: HttpMethod::Get,
    path: "/api/v1/namespaces",
    success: &[200],
    idempotent: true,
};

/// The error type the runtime decodes error bodies into; these tests see none.
#[derive(Debug, serde::Deserialize)]
struct Status {
    message: Option<String>,
}

impl cloudgen_runtime::ServiceError for Status {
    fn code(&self) -> Option<&str> {
        None
    }
    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{self, RootCertStore, ServerConfig};
use tokio_rustls::TlsAcceptor;

struct Cluster {
    ca_pem: String,
    client_cert_pem: String,
    client_key_pem: String,
    base_url: String,
}

/// A CA, a server certificate for 127.0.0.1 and a client certificate, and an HTTPS server
/// that requires a client certificate of that CA and answers `200 {"user": <its CN>}`.
async fn cluster() -> Cluster {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.distinguished_name.push(DnType::CommonName, "cluster CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    server
        .subject_alt_names
        .push(SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()));
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key).unwrap();

    let client_key = KeyPair::generate().unwrap();
    let mut client = CertificateParams::new(Vec::<String>::new()).unwrap();
    client.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    client.distinguished_name.push(DnType::CommonName, "admin");
    let client_cert = client.signed_by(&client_key, &ca_cert, &ca_key).unwrap();

    let mut roots = RootCertStore::empty();
    roots.add(ca_cert.der().clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .unwrap();
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![CertificateDer::from(server_cert.der().to_vec())],
            PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
        )
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // Without a client certificate of the CA the handshake fails here.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let body = br#"{"user":"admin"}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Cluster {
        ca_pem: ca_cert.pem(),
        client_cert_pem: client_cert.pem(),
        client_key_pem: client_key.serialize_pem(),
        base_url: format!("https://{address}"),
    }
}

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[tokio::test]
async fn a_kubeconfig_context_with_a_client_certificate_reaches_its_cluster() {
    let cluster = cluster().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: admin\n\
             clusters:\n- name: c\n  cluster:\n    server: {}\n    certificate-authority-data: {}\n\
             contexts:\n- name: admin\n  context: {{cluster: c, user: admin}}\n\
             users:\n- name: admin\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n",
            cluster.base_url,
            base64(&cluster.ca_pem),
            base64(&cluster.client_cert_pem),
            base64(&cluster.client_key_pem),
        ),
    )
    .unwrap();
    let config = cloudgen_kubeconfig::load_file(&path, None)
        .unwrap()
        .into_config();
    let client = Client::new(&KUBE, config).unwrap();
    let response = client
        .execute::<Status>(Request::new(&LIST_NAMESPACES))
        .await
        .unwrap();
    assert_eq!(response.body(), br#"{"user":"admin"}"#);

    // The same cluster without the certificate: the server ends the handshake.
    let without = Client::new(
        &KUBE,
        Config::new()
            .endpoint(&cluster.base_url)
            .ca_certificate_pem(cluster.ca_pem.clone())
            .credentials(Credentials::bearer_token("not enough"))
            .retry(RetryPolicy::none()),
    )
    .unwrap();
    let error = without
        .execute::<Status>(Request::new(&LIST_NAMESPACES))
        .await
        .unwrap_err();
    assert!(
        matches!(error, cloudgen_runtime::Error::Transport { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_kubeconfig_token_is_sent_as_a_bearer_token() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::header(
        "authorization",
        "Bearer sa-token",
    ))
    .respond_with(wiremock::ResponseTemplate::new(200))
    .mount(&server)
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(
        &path,
        format!(
            "current-context: sa\nclusters:\n- name: c\n  cluster: {{server: '{}'}}\n\
             contexts:\n- name: sa\n  context: {{cluster: c, user: sa}}\n\
             users:\n- name: sa\n  user: {{token: sa-token}}\n",
            server.uri()
        ),
    )
    .unwrap();
    let config = cloudgen_kubeconfig::load_file(&path, None)
        .unwrap()
        .into_config();
    let client = Client::new(&KUBE, config).unwrap();
    let response = client
        .execute::<Status>(Request::new(&LIST_NAMESPACES))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
