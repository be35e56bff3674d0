//! `Config::ca_certificate_pem`: a server whose certificate is issued by a private CA (as the
//! Kubernetes API server of a CCE cluster is) is trusted with the CA configured, and refused
//! without it. The CA and the server certificate are made at test time and served over TLS on
//! loopback.

mod support;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use cloudgen_runtime::{Client, Request, RetryPolicy};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose, SanType,
};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_rustls::TlsAcceptor;

/// A private CA and a certificate it issued for `127.0.0.1` and `localhost`.
struct Pki {
    ca_pem: String,
    server_cert: CertificateDer<'static>,
    server_key: PrivateKeyDer<'static>,
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.distinguished_name
        .push(DnType::CommonName, "cloudgen test cluster CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let server_key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    server
        .subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server
        .distinguished_name
        .push(DnType::CommonName, "kube-apiserver");
    let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key).unwrap();

    Pki {
        ca_pem: ca_cert.pem(),
        server_cert: server_cert.der().clone(),
        server_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()).into(),
    }
}

/// Serves HTTPS on loopback with the PKI's server certificate, answering every request with
/// `200 {}`. Returns the base URL and the number of connections accepted.
async fn https_server(pki: &Pki) -> (String, Arc<AtomicUsize>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![pki.server_cert.clone()], pki.server_key.clone_key())
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that does not trust the certificate aborts the handshake here.
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
                let reply = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
                let _ = tls.write_all(reply).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (format!("https://{address}"), connections)
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy::new()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

#[tokio::test]
async fn a_server_of_a_private_ca_is_trusted_once_the_ca_is_configured() {
    let pki = pki();
    let (base, _) = https_server(&pki).await;
    let client = Client::new(
        &CCE,
        test_config()
            .endpoint(&base)
            .ca_certificate_pem(pki.ca_pem.clone())
            .retry(quick_retries()),
    )
    .unwrap();
    let response = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body(), b"{}");
}

#[tokio::test]
async fn without_the_ca_the_certificate_is_refused_and_not_retried() {
    let pki = pki();
    let (base, connections) = https_server(&pki).await;
    let client = Client::new(&CCE, test_config().endpoint(&base).retry(quick_retries())).unwrap();
    let error = client
        .execute::<TestError>(Request::new(&LIST_ITEMS))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let text = error.to_string();
    assert!(text.to_lowercase().contains("certificate"), "{text}");
    // A certificate that is not trusted will not be trusted on the next attempt either.
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[test]
fn the_ca_of_another_cluster_does_not_help() {
    // Any valid CA is accepted by the configuration; trust is decided per server.
    let other = pki();
    let client = Client::new(
        &CCE,
        test_config()
            .endpoint("https://127.0.0.1:5443")
            .ca_certificate_pem(other.ca_pem.as_bytes())
            .ca_certificate_pem(pki().ca_pem),
    );
    assert!(client.is_ok(), "{client:?}");
}

#[test]
fn invalid_pem_is_a_config_error() {
    let cases: [(&str, &[u8]); 4] = [
        ("not PEM", b"not a certificate"),
        ("empty", b""),
        (
            "bad base64",
            b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        ),
        (
            "not a certificate inside",
            b"-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n",
        ),
    ];
    for (name, pem) in cases {
        let error = Client::new(
            &CCE,
            test_config()
                .endpoint("https://127.0.0.1:5443")
                .ca_certificate_pem(pem),
        )
        .unwrap_err();
        assert_eq!(error.service(), "cce", "{name}");
        assert!(
            error.reason().contains("Config::ca_certificate_pem"),
            "{name}: {error}"
        );
    }
}

#[test]
fn debug_shows_the_size_of_the_certificate_not_its_text() {
    let pki = pki();
    let config = test_config().ca_certificate_pem(pki.ca_pem.clone());
    let debug = format!("{config:?}");
    assert!(debug.contains("PemCertificate("), "{debug}");
    assert!(!debug.contains("BEGIN CERTIFICATE"), "{debug}");
}
