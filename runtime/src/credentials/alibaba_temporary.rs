//! Alibaba Cloud's temporary credentials: the ECS RAM role of the instance, a credentials
//! URI, and an OIDC token exchanged with STS (ACK's RRSA).
//!
//! Wire formats as the official library uses them (`alibabacloud-credentials` 1.0.12,
//! `provider/ecs_ram_role.py`, `uri.py`, `oidc.py`):
//!
//! - ECS RAM role: `PUT /latest/api/token` with `X-aliyun-ecs-metadata-token-ttl-seconds:
//!   21600` gives a session token (if that fails, the role is asked for without one unless
//!   `ALIBABA_CLOUD_IMDSV1_DISABLED` is `true`); `GET /latest/meta-data/ram/security-credentials/`
//!   names the role when none is configured, and `GET .../<role>` gives its key, with
//!   `X-aliyun-ecs-metadata-token`. The default address is `http://100.100.100.200`.
//! - Credentials URI: `GET` the URI.
//!   Both answer `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken",
//!   "Expiration"}`.
//! - OIDC: STS `AssumeRoleWithOIDC` (RPC style, version 2015-04-01, no signature: the OIDC
//!   token is the proof) with `RoleArn`, `OIDCProviderArn`, `OIDCToken` (the content of the
//!   token file, read on every refresh), `RoleSessionName` and `DurationSeconds` (3600), at
//!   `sts.aliyuncs.com` or `sts.<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com`; it answers
//!   `{"Credentials": {...}}` with the same keys.
//!
//! - RAM role: STS `AssumeRole` (`RoleArn`, `RoleSessionName`, `DurationSeconds`, `Policy`,
//!   `ExternalId`) signed with the profile's AccessKey; the library signs it with signature V1
//!   (HMAC-SHA1), this client with the same ACS3-HMAC-SHA256 signer as every other call. It
//!   answers like `AssumeRoleWithOIDC`.
//!
//! New credentials are fetched 15 minutes before expiry, as the library's ECS provider does.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::refresh::{
    parse_expiry, send, success_body, Fetched, RefreshingCredentials, Source, Temporary,
};
use super::AccessKey;
use crate::descriptor::{AuthScheme, HttpMethod, OperationDescriptor};
use crate::request::PreparedRequest;
use crate::sign::SigningClock;

/// The address of the ECS instance metadata service.
pub(crate) const METADATA_ENDPOINT: &str = "http://100.100.100.200";
const MARGIN: Duration = Duration::from_secs(15 * 60);

/// Credentials of the instance's RAM role (`role`, else the one the metadata service names).
pub(crate) fn ecs_ram_role(
    endpoint: &str,
    role: Option<String>,
    v1_disabled: bool,
) -> RefreshingCredentials {
    RefreshingCredentials::new(
        AuthScheme::AlibabaAcs3,
        EcsRamRole {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            role,
            v1_disabled,
        },
        MARGIN,
    )
}

/// Credentials served at `uri`.
pub(crate) fn uri(uri: String) -> RefreshingCredentials {
    RefreshingCredentials::new(AuthScheme::AlibabaAcs3, Uri { uri }, MARGIN)
}

/// What STS needs to exchange an OIDC token for a role's credentials.
pub(crate) struct OidcRole {
    pub sts_endpoint: String,
    pub role_arn: String,
    pub provider_arn: String,
    pub token_file: PathBuf,
    pub session_name: String,
}

/// What STS needs to let an AccessKey assume a RAM role.
pub(crate) struct RamRole {
    pub sts_endpoint: String,
    pub key: AccessKey,
    pub role_arn: String,
    pub session_name: String,
    pub policy: Option<String>,
    pub external_id: Option<String>,
}

/// Credentials of a RAM role assumed with an AccessKey (a `RamRoleArn` profile).
pub(crate) fn ram_role(role: RamRole) -> RefreshingCredentials {
    RefreshingCredentials::new(AuthScheme::AlibabaAcs3, role, MARGIN)
}

/// STS `AssumeRole`, as the signer sees it.
static ASSUME_ROLE: OperationDescriptor = OperationDescriptor {
    name: "AssumeRole",
    method: HttpMethod::Post,
    path: "/",
    success: &[200],
    idempotent: false,
};

impl Source for RamRole {
    fn describe(&self) -> String {
        format!(
            "STS AssumeRole at {} for {} (as {})",
            self.sts_endpoint,
            self.role_arn,
            self.key.id()
        )
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            let mut url =
                reqwest::Url::parse(&format!("{}/", self.sts_endpoint.trim_end_matches('/')))
                    .map_err(|e| format!("the STS endpoint is not a URL: {e}"))?;
            {
                let mut query = url.query_pairs_mut();
                query
                    .append_pair("DurationSeconds", "3600")
                    .append_pair("RoleArn", &self.role_arn)
                    .append_pair("RoleSessionName", &self.session_name);
                if let Some(policy) = &self.policy {
                    query.append_pair("Policy", policy);
                }
                if let Some(external_id) = &self.external_id {
                    query.append_pair("ExternalId", external_id);
                }
            }
            let mut headers = http::HeaderMap::new();
            headers.insert("x-acs-action", http::HeaderValue::from_static("AssumeRole"));
            headers.insert(
                "x-acs-version",
                http::HeaderValue::from_static("2015-04-01"),
            );
            let mut request = PreparedRequest {
                operation: &ASSUME_ROLE,
                url,
                headers,
                body: None,
            };
            crate::sign::alibaba::sign(&mut request, &self.key, &SigningClock::System.inputs())
                .map_err(|e| e.to_string())?;
            let request = http.post(request.url).headers(request.headers);
            read_credentials(send(request, "the request").await?, true).await
        })
    }
}

/// Credentials of a RAM role assumed with the OIDC token of the workload (RRSA).
pub(crate) fn oidc(role: OidcRole) -> RefreshingCredentials {
    RefreshingCredentials::new(AuthScheme::AlibabaAcs3, role, MARGIN)
}

struct EcsRamRole {
    endpoint: String,
    role: Option<String>,
    v1_disabled: bool,
}

impl EcsRamRole {
    async fn get(
        &self,
        http: &reqwest::Client,
        path: &str,
        token: Option<&str>,
    ) -> Result<reqwest::Response, String> {
        let mut request = http.get(format!("{}{path}", self.endpoint));
        if let Some(token) = token {
            request = request.header("X-aliyun-ecs-metadata-token", token);
        }
        send(request, "the request").await
    }
}

impl Source for EcsRamRole {
    fn describe(&self) -> String {
        match &self.role {
            Some(role) => format!(
                "the RAM role `{role}` of the ECS instance metadata service at {}",
                self.endpoint
            ),
            None => format!(
                "the RAM role of the ECS instance metadata service at {}",
                self.endpoint
            ),
        }
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            let token = http
                .put(format!("{}/latest/api/token", self.endpoint))
                .header("X-aliyun-ecs-metadata-token-ttl-seconds", "21600");
            let token = send(token, "the session token request").await;
            let token = match token {
                Ok(reply) if reply.status().as_u16() == 200 => {
                    Some(reply.text().await.map_err(|e| e.without_url().to_string())?)
                }
                _ if self.v1_disabled => {
                    return Err("no session token, and ALIBABA_CLOUD_IMDSV1_DISABLED forbids asking without one".to_owned())
                }
                _ => None,
            };
            let token = token.as_deref().map(str::trim);
            let role = match &self.role {
                Some(role) => role.clone(),
                None => {
                    let reply = self
                        .get(http, "/latest/meta-data/ram/security-credentials/", token)
                        .await?;
                    if reply.status().as_u16() != 200 {
                        return Err(format!(
                            "the role name request answered HTTP {}",
                            reply.status().as_u16()
                        ));
                    }
                    let text = reply
                        .text()
                        .await
                        .map_err(|e| e.without_url().to_string())?;
                    text.trim().to_owned()
                }
            };
            if role.is_empty() || role.contains(['/', '?', '#']) {
                return Err("the instance has no usable RAM role name".to_owned());
            }
            let reply = self
                .get(
                    http,
                    &format!("/latest/meta-data/ram/security-credentials/{role}"),
                    token,
                )
                .await?;
            read_credentials(reply, false).await
        })
    }
}

struct Uri {
    uri: String,
}

impl Source for Uri {
    fn describe(&self) -> String {
        format!("the credentials URI {}", self.uri)
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            read_credentials(send(http.get(&self.uri), "the request").await?, false).await
        })
    }
}

impl Source for OidcRole {
    fn describe(&self) -> String {
        format!(
            "STS AssumeRoleWithOIDC at {} for {}",
            self.sts_endpoint, self.role_arn
        )
    }

    fn fetch<'a>(&'a self, http: &'a reqwest::Client) -> Fetched<'a> {
        Box::pin(async move {
            let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
                format!(
                    "the OIDC token file {} cannot be read: {e}",
                    self.token_file.display()
                )
            })?;
            let timestamp =
                humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
            let query = [
                ("Action", "AssumeRoleWithOIDC"),
                ("Format", "JSON"),
                ("Version", "2015-04-01"),
                ("DurationSeconds", "3600"),
                ("RoleArn", self.role_arn.as_str()),
                ("OIDCProviderArn", self.provider_arn.as_str()),
                ("OIDCToken", token.trim()),
                ("RoleSessionName", self.session_name.as_str()),
                ("Timestamp", timestamp.as_str()),
            ];
            let request = http
                .post(format!("{}/", self.sts_endpoint.trim_end_matches('/')))
                .query(&query);
            read_credentials(send(request, "the request").await?, true).await
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Credentials {
    code: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    security_token: Option<String>,
    expiration: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StsReply {
    credentials: Option<Credentials>,
}

/// Reads the credentials of a reply; `sts` when they are wrapped in `Credentials`.
async fn read_credentials(reply: reqwest::Response, sts: bool) -> Result<Temporary, String> {
    let body = success_body(reply).await?;
    let credentials = if sts {
        serde_json::from_slice::<StsReply>(&body)
            .ok()
            .and_then(|reply| reply.credentials)
    } else {
        serde_json::from_slice::<Credentials>(&body).ok()
    }
    .ok_or("the reply is not credentials")?;
    if let Some(code) = credentials.code.as_deref().filter(|c| *c != "Success") {
        return Err(format!("the service answered with the code `{code}`"));
    }
    let (Some(id), Some(secret), Some(token)) = (
        credentials.access_key_id,
        credentials.access_key_secret,
        credentials.security_token,
    ) else {
        return Err("the reply has no AccessKeyId, AccessKeySecret and SecurityToken".to_owned());
    };
    let expires = credentials
        .expiration
        .as_deref()
        .map(parse_expiry)
        .transpose()?;
    Ok(Temporary {
        key: AccessKey::new(id, secret).with_security_token(token),
        expires,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wiremock::matchers::{header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn key(id: &str) -> serde_json::Value {
        serde_json::json!({"Code": "Success", "AccessKeyId": id, "AccessKeySecret": "ecs-secret",
                           "SecurityToken": "ecs-token", "Expiration": "2099-01-01T00:00:00Z"})
    }

    #[tokio::test]
    async fn the_ecs_role_is_named_by_the_metadata_service_and_asked_with_a_session_token() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path("/latest/api/token"))
            .and(header("X-aliyun-ecs-metadata-token-ttl-seconds", "21600"))
            .respond_with(ResponseTemplate::new(200).set_body_string("session-9"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/latest/meta-data/ram/security-credentials/"))
            .and(header("X-aliyun-ecs-metadata-token", "session-9"))
            .respond_with(ResponseTemplate::new(200).set_body_string("ack-node-role\n"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(
                "/latest/meta-data/ram/security-credentials/ack-node-role",
            ))
            .and(header("X-aliyun-ecs-metadata-token", "session-9"))
            .respond_with(ResponseTemplate::new(200).set_body_json(key("STS.ecs")))
            .mount(&server)
            .await;
        let key = ecs_ram_role(&server.uri(), None, false)
            .current(&reqwest::Client::new())
            .await
            .unwrap();
        assert_eq!(key.id(), "STS.ecs");
    }

    #[tokio::test]
    async fn without_a_session_token_imds_v1_is_used_unless_disabled() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(ResponseTemplate::new(403))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/latest/meta-data/ram/security-credentials/role-a"))
            .respond_with(ResponseTemplate::new(200).set_body_json(key("STS.v1")))
            .mount(&server)
            .await;
        let http = reqwest::Client::new();
        let v1 = ecs_ram_role(&server.uri(), Some("role-a".to_owned()), false);
        assert_eq!(v1.current(&http).await.unwrap().id(), "STS.v1");
        let disabled = ecs_ram_role(&server.uri(), Some("role-a".to_owned()), true);
        let error = disabled.current(&http).await.unwrap_err();
        assert!(error.to_string().contains("IMDSV1_DISABLED"), "{error}");
    }

    #[tokio::test]
    async fn a_credentials_uri_that_fails_is_a_typed_error_without_its_body() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/creds"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "Code": "Expired", "AccessKeyId": "x", "AccessKeySecret": "uri-secret",
                "SecurityToken": "t", "Expiration": "2099-01-01T00:00:00Z"
            })))
            .mount(&server)
            .await;
        let error = uri(format!("{}/creds", server.uri()))
            .current(&reqwest::Client::new())
            .await
            .unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(text.contains("`Expired`"), "{text}");
        assert!(!text.contains("uri-secret"), "{text}");
    }

    #[tokio::test]
    async fn an_oidc_token_is_exchanged_with_sts() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/"))
            .and(query_param("Action", "AssumeRoleWithOIDC"))
            .and(query_param("RoleArn", "acs:ram::1:role/app"))
            .and(query_param(
                "OIDCProviderArn",
                "acs:ram::1:oidc-provider/ack",
            ))
            .and(query_param("OIDCToken", "oidc-jwt"))
            .and(query_param("RoleSessionName", "cloudgen"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "RequestId": "r", "Credentials": {"AccessKeyId": "STS.oidc", "AccessKeySecret": "s",
                "SecurityToken": "t", "Expiration": "2099-01-01T00:00:00Z"}
            })))
            .mount(&server)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let token_file = dir.path().join("token");
        std::fs::write(&token_file, "oidc-jwt\n").unwrap();
        let credentials = oidc(OidcRole {
            sts_endpoint: server.uri(),
            role_arn: "acs:ram::1:role/app".to_owned(),
            provider_arn: "acs:ram::1:oidc-provider/ack".to_owned(),
            token_file,
            session_name: "cloudgen".to_owned(),
        });
        let key = credentials.current(&reqwest::Client::new()).await.unwrap();
        assert_eq!(key.id(), "STS.oidc");
    }

    #[tokio::test]
    async fn a_ram_role_is_assumed_with_a_signed_request() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/"))
            .and(query_param("RoleArn", "acs:ram::1:role/admin"))
            .and(query_param("RoleSessionName", "ops"))
            .and(query_param("ExternalId", "ext-1"))
            .and(header("x-acs-action", "AssumeRole"))
            .and(header("x-acs-version", "2015-04-01"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "Credentials": {"AccessKeyId": "STS.role", "AccessKeySecret": "s",
                "SecurityToken": "t", "Expiration": "2099-01-01T00:00:00Z"}
            })))
            .mount(&server)
            .await;
        let credentials = ram_role(RamRole {
            sts_endpoint: server.uri(),
            key: AccessKey::new("LTAI-base", "base-secret"),
            role_arn: "acs:ram::1:role/admin".to_owned(),
            session_name: "ops".to_owned(),
            policy: None,
            external_id: Some("ext-1".to_owned()),
        });
        let key = credentials.current(&reqwest::Client::new()).await.unwrap();
        assert_eq!(key.id(), "STS.role");
        let sent = &server.received_requests().await.unwrap()[0];
        let authorization = sent.headers.get("authorization").unwrap().to_str().unwrap();
        assert!(
            authorization.starts_with("ACS3-HMAC-SHA256 Credential=LTAI-base,"),
            "{authorization}"
        );
        assert!(!format!("{credentials:?}").contains("base-secret"));
    }
}
