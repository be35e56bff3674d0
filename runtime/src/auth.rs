//! Authentication and vendor protocol headers, applied to a fully built request.
//!
//! This is the only code that reads secrets. It runs on a [`PreparedRequest`] right before
//! sending, so request signing (Huawei `SDK-HMAC-SHA256`, Alibaba `ACS3-HMAC-SHA256`) can be
//! added here: a signature covers the final URL, headers and body, and carries a timestamp, so
//! it must be computed last and again on every retry attempt.

use std::borrow::Cow;

use http::header::{HeaderName, HeaderValue};

use crate::config::Config;
use crate::credentials::{Credentials, CredentialsRefreshError};
use crate::descriptor::{AuthScheme, ServiceDescriptor, Vendor};
use crate::error::{ConfigError, Error, RequestError};
use crate::request::PreparedRequest;
use crate::sign;

/// Huawei IAM token header.
const X_AUTH_TOKEN: HeaderName = HeaderName::from_static("x-auth-token");
/// Alibaba operation name header (ROA and RPC-over-ACS3 style).
const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
/// Alibaba API version header.
const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");

/// Checks, when the client is created, that `credentials` can be used with `service`, so a
/// mismatch fails once with a clear message instead of on every call with an HTTP 401.
pub(crate) fn validate(
    service: &'static ServiceDescriptor,
    credentials: &Credentials,
    client_certificate: bool,
) -> Result<(), ConfigError> {
    let Some(scheme) = credentials.scheme() else {
        // No code path sends an unsigned request to a service that requires signing; a TLS
        // client certificate authenticates the connection itself.
        if service.auth.is_empty()
            || (client_certificate && service.accepts(AuthScheme::ClientCertificate))
        {
            return Ok(());
        }
        return Err(ConfigError::new(
            service.name,
            format!(
                "anonymous credentials cannot be used: this service requires {}",
                accepted(service)
            ),
        ));
    };
    // A service takes the schemes its specification declares, whatever vendor they come from
    // (a CCE cluster's Kubernetes API takes a Huawei IAM token).
    if !service.accepts(scheme) {
        return Err(ConfigError::new(
            service.name,
            format!(
                "{scheme} credentials cannot be used with this {} service; it accepts: {}",
                service.vendor,
                accepted(service)
            ),
        ));
    }
    // A token that cannot be a header value fails here, once, rather than on every call.
    match credentials {
        Credentials::HuaweiToken(token) => {
            token_header(service, token.expose(), "Huawei IAM token")?;
        }
        Credentials::Bearer(token) => {
            token_header(service, token.expose(), "bearer token")?;
        }
        _ => {}
    }
    Ok(())
}

/// The schemes a service accepts, for messages.
fn accepted(service: &ServiceDescriptor) -> String {
    let accepted: Vec<&str> = service.auth.iter().map(|s| s.as_str()).collect();
    if accepted.is_empty() {
        "no declared scheme".to_owned()
    } else {
        accepted.join(", ")
    }
}

/// The credentials to sign one attempt with: the configured ones, or for temporary ones
/// their current key (fetched or refreshed when needed).
pub(crate) async fn current<'a>(
    credentials: &'a Credentials,
    http: &reqwest::Client,
) -> Result<Cow<'a, Credentials>, CredentialsRefreshError> {
    let Credentials::Refreshing(refreshing) = credentials else {
        return Ok(Cow::Borrowed(credentials));
    };
    let key = refreshing.current(http).await?;
    // Temporary credentials are access keys of one vendor or the other.
    Ok(Cow::Owned(match refreshing.scheme() {
        AuthScheme::AlibabaAcs3 => Credentials::AlibabaAccessKey(key),
        _ => Credentials::HuaweiAkSk(key),
    }))
}

/// Adds the vendor's protocol headers and `credentials` (as [`current`] gives them) to
/// `request`.
pub(crate) fn apply<E>(
    request: &mut PreparedRequest,
    service: &'static ServiceDescriptor,
    config: &Config,
    credentials: &Credentials,
) -> Result<(), Error<E>> {
    let operation = request.operation;
    if service.vendor == Vendor::Alibaba {
        let action = HeaderValue::from_str(operation.name).map_err(|_| {
            RequestError::new(
                operation.name,
                "x-acs-action",
                "cannot carry the operation name: it is not a valid header value",
            )
        })?;
        request.headers.insert(X_ACS_ACTION, action);
        if let Some(version) = service.api_version {
            let version = HeaderValue::from_str(version).map_err(|_| {
                RequestError::new(
                    operation.name,
                    "x-acs-version",
                    "cannot carry the API version: it is not a valid header value",
                )
            })?;
            request.headers.insert(X_ACS_VERSION, version);
        }
    }
    match credentials {
        Credentials::Anonymous => {}
        Credentials::HuaweiToken(token) => {
            request.headers.insert(
                X_AUTH_TOKEN,
                token_header(service, token.expose(), "Huawei IAM token")?,
            );
        }
        Credentials::Bearer(token) => {
            let bearer = format!("Bearer {}", token.expose());
            request.headers.insert(
                http::header::AUTHORIZATION,
                token_header(service, &bearer, "bearer token")?,
            );
        }
        Credentials::HuaweiAkSk(key) => {
            let inputs = config.signing_clock.inputs();
            let scope = match service.global {
                true => sign::huawei::Scope::Domain(config.domain_id.as_deref()),
                false => sign::huawei::Scope::Project(config.project_id.as_deref()),
            };
            sign::huawei::sign(request, key, scope, &inputs)?;
        }
        Credentials::AlibabaAccessKey(key) => {
            let inputs = config.signing_clock.inputs();
            sign::alibaba::sign(request, key, &inputs)?;
        }
        // `current` turned these into a key.
        Credentials::Refreshing(_) => {
            return Err(Error::Config(ConfigError::new(
                service.name,
                "temporary credentials were not resolved before signing",
            )))
        }
    }
    Ok(())
}

/// The token as a header value marked sensitive, so HTTP/2 never puts it in its compression
/// table and `Debug` of the header map does not print it.
fn token_header(
    service: &'static ServiceDescriptor,
    token: &str,
    what: &str,
) -> Result<HeaderValue, ConfigError> {
    let mut value = HeaderValue::from_str(token).map_err(|_| {
        // The token itself is never quoted.
        ConfigError::new(
            service.name,
            format!("the {what} contains characters that are not allowed in an HTTP header"),
        )
    })?;
    value.set_sensitive(true);
    Ok(value)
}
