//! Huawei Cloud's temporary credentials: the ECS instance metadata service and the CCE pod
//! identity endpoint.
//!
//! Wire formats as the official SDK uses them (`huaweicloudsdkcore` 3.1.219,
//! `auth/internal.py`):
//!
//! - Metadata: `PUT /meta-data/latest/api/token` with `X-Metadata-Token-Ttl-Seconds: 21600`
//!   gives a session token (HTTP 404, 405 or 503: the service has none, and is asked without);
//!   `GET /openstack/latest/securitykey` with `X-Metadata-Token` gives the agency's temporary
//!   key. The default address is `http://169.254.169.254`.
//! - Pod identity: `POST $HC_CONTAINER_CREDENTIALS_FULL_URI` with the content of
//!   `$HC_CONTAINER_AUTHORIZATION_TOKEN_FILE` as `Authorization` and the body `{}`. The token
//!   file is read on every refresh: the kubelet rotates it.
//!
//! Both answer `{"credential": {"access", "secret", "securitytoken", "expires_at"}}` (also
//! `credentials`, and the keys `accessKeyId`, `secretAccessKey`, `securityToken`,
//! `expiration`). The SDK refreshes 40 minutes before expiry, and so does this.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::refresh::{
    parse_expiry, send, success_body, Fetched, RefreshingCredentials, Source, Temporary,
};
use super::AccessKey;
use crate::descriptor::AuthScheme;

/// The address of the ECS instance metadata service.
pub(crate) const METADATA_ENDPOINT: &str = "http://169.254.169.254";
/// Fetch new credentials this long before the current ones expire.
const MARGIN: Duration = Duration::from_secs(40 * 60);

/// Credentials of the ECS instance's agency from the metadata service at `endpoint`.
pub(crate) fn instance_metadata(endpoint: &str) -> RefreshingCredentials {
    RefreshingCredentials::new(
        AuthScheme::HuaweiAksk,
        Metadata {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
        },
        MARGIN,
    )
}

/// Credentials of the pod's identity association from `uri`, authorized by `token_file`.
pub(crate) fn pod_identity(uri: String, token_file: PathBuf) -> RefreshingCredentials {
    RefreshingCredentials::new(
        AuthScheme::HuaweiAksk,
        PodIdentity { uri, token_file },
        MARGIN,
    )
}

struct Metadata {
    endpoint: String,
}

impl Source for Metadata {
    fn describe(&self) -> String {
        format!("the ECS instance metadata service at {}", self.endpoint)
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            let token = http
                .put(format!("{}/meta-data/latest/api/token", self.endpoint))
                .header("X-Metadata-Token-Ttl-Seconds", "21600");
            let token = send(token, "the session token request").await?;
            let token = match token.status().as_u16() {
                200 => Some(
                    token
                        .text()
                        .await
                        .map_err(|e| e.without_url().to_string())?,
                ),
                404 | 405 | 503 => None,
                status => return Err(format!("the session token request answered HTTP {status}")),
            };
            let mut request = http.get(format!("{}/openstack/latest/securitykey", self.endpoint));
            if let Some(token) = token.as_deref().map(str::trim) {
                request = request.header("X-Metadata-Token", token);
            }
            read_credential(send(request, "the security key request").await?).await
        })
    }
}

struct PodIdentity {
    uri: String,
    token_file: PathBuf,
}

impl Source for PodIdentity {
    fn describe(&self) -> String {
        format!("the pod identity endpoint {}", self.uri)
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
                format!(
                    "the token file {} cannot be read: {e}",
                    self.token_file.display()
                )
            })?;
            let token = token.trim();
            if token.is_empty() {
                return Err(format!(
                    "the token file {} is empty",
                    self.token_file.display()
                ));
            }
            let mut authorization =
                reqwest::header::HeaderValue::from_str(token).map_err(|_| {
                    format!(
                        "the token in {} is not a header value",
                        self.token_file.display()
                    )
                })?;
            authorization.set_sensitive(true);
            let request = http
                .post(&self.uri)
                .header(reqwest::header::AUTHORIZATION, authorization)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body("{}");
            read_credential(send(request, "the request").await?).await
        })
    }
}

#[derive(Deserialize)]
struct Reply {
    #[serde(alias = "credentials")]
    credential: Option<Credential>,
}

#[derive(Deserialize)]
struct Credential {
    #[serde(alias = "accessKeyId", alias = "access_key_id")]
    access: Option<String>,
    #[serde(alias = "secretAccessKey", alias = "secret_access_key")]
    secret: Option<String>,
    #[serde(alias = "securityToken", alias = "security_token")]
    securitytoken: Option<String>,
    #[serde(alias = "expiration")]
    expires_at: Option<String>,
}

async fn read_credential(reply: reqwest::Response) -> Result<Temporary, String> {
    let body = success_body(reply).await?;
    let credential = serde_json::from_slice::<Reply>(&body)
        .ok()
        .and_then(|reply| reply.credential)
        .or_else(|| serde_json::from_slice::<Credential>(&body).ok())
        .ok_or("the reply is not a credential")?;
    let (Some(access), Some(secret)) = (credential.access, credential.secret) else {
        return Err("the reply has no access key and secret".to_owned());
    };
    let mut key = AccessKey::new(access, secret);
    if let Some(token) = credential.securitytoken.filter(|t| !t.is_empty()) {
        key = key.with_security_token(token);
    }
    let expires = credential
        .expires_at
        .as_deref()
        .map(parse_expiry)
        .transpose()?;
    Ok(Temporary { key, expires })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{body_json, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn credential(access: &str) -> serde_json::Value {
        serde_json::json!({"credential": {
            "access": access, "secret": "metadata-secret", "securitytoken": "metadata-token",
            "expires_at": "2099-01-01T00:00:00.000000Z"
        }})
    }

    #[tokio::test]
    async fn the_metadata_service_is_asked_with_its_session_token() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/meta-data/latest/api/token"))
            .and(header("X-Metadata-Token-Ttl-Seconds", "21600"))
            .respond_with(ResponseTemplate::new(200).set_body_string("session-1"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/openstack/latest/securitykey"))
            .and(header("X-Metadata-Token", "session-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(credential("HST-1")))
            .mount(&server)
            .await;
        let credentials = instance_metadata(&server.uri());
        let key = credentials.current(&reqwest::Client::new()).await.unwrap();
        assert_eq!(key.id(), "HST-1");
        assert_eq!(
            key.security_token.as_ref().map(|t| t.expose()),
            Some("metadata-token")
        );
        assert!(!format!("{credentials:?}").contains("metadata-secret"));
    }

    #[tokio::test]
    async fn without_a_session_token_the_key_is_asked_for_plainly() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(404))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/openstack/latest/securitykey"))
            .respond_with(ResponseTemplate::new(200).set_body_json(credential("HST-2")))
            .mount(&server)
            .await;
        let key = instance_metadata(&server.uri())
            .current(&reqwest::Client::new())
            .await
            .unwrap();
        assert_eq!(key.id(), "HST-2");
    }

    #[tokio::test]
    async fn an_instance_without_an_agency_is_a_typed_error() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(200).set_body_string("session"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_string("Please configure Cloud Service Agency first"),
            )
            .mount(&server)
            .await;
        let error = instance_metadata(&server.uri())
            .current(&reqwest::Client::new())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("answered HTTP 404"), "{error}");
        assert!(error.place().contains(&server.uri()), "{error}");
    }

    #[tokio::test]
    async fn the_pod_identity_token_file_is_read_on_every_refresh() {
        let server = MockServer::start().await;
        // Valid for ten minutes, within the 40-minute margin: the next call refreshes.
        let soon =
            humantime::format_rfc3339(std::time::SystemTime::now() + Duration::from_secs(600));
        for (token, access) in [("token-1", "POD-1"), ("token-2", "POD-2")] {
            Mock::given(method("POST"))
                .and(path("/credentials"))
                .and(header("Authorization", token))
                .and(body_json(serde_json::json!({})))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "credential": {"access": access, "secret": "s", "securitytoken": "t",
                                   "expires_at": soon.to_string()}
                })))
                .expect(1)
                .mount(&server)
                .await;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "token-1\n").unwrap();
        let http = reqwest::Client::new();
        let credentials = pod_identity(format!("{}/credentials", server.uri()), file.clone());
        assert_eq!(credentials.current(&http).await.unwrap().id(), "POD-1");
        // The kubelet rotated the token; the refresh sends the new one.
        std::fs::write(&file, "token-2").unwrap();
        assert_eq!(credentials.current(&http).await.unwrap().id(), "POD-2");
    }
}
