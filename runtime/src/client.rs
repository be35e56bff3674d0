//! The client every generated service client wraps, and the one place calls are executed.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::{HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use tracing::Instrument as _;

use crate::auth;
use crate::config::Config;
use crate::credentials::chain;
use crate::credentials::environment::Environment;
use crate::credentials::Credentials;
use crate::descriptor::{AuthScheme, ServiceDescriptor, Vendor};
use crate::endpoint;
use crate::error::{ApiError, ConfigError, Error, RequestError, ServiceError};
use crate::request::{PreparedRequest, Request};
use crate::response::Response;
use crate::retry::{self, RetryPolicy};
use crate::transport::{self, Limits, RawReply};

const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");
/// The JSON body type Alibaba's SDK sends and signs (`alibabacloud-tea-openapi` 0.4.6, ROA
/// with `reqBodyType = 'json'`).
const APPLICATION_JSON_UTF8: HeaderValue =
    HeaderValue::from_static("application/json; charset=utf-8");

/// A configured connection to one service.
///
/// Cheap to clone: clones share the connection pool and configuration, so generated request
/// builders can each hold one.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
    /// The configured credentials, or those the default chain found.
    credentials: Credentials,
    service: &'static ServiceDescriptor,
    base_url: Arc<str>,
    user_agent: HeaderValue,
}

impl Client {
    /// Creates a client for `service`.
    ///
    /// Everything that can be checked without a call is checked here: the base URL is
    /// resolved (explicit endpoint, else the region's override, else the endpoint template)
    /// and validated, the credentials must suit the service, and the timeouts and user agent
    /// must be usable.
    pub fn new(service: &'static ServiceDescriptor, config: Config) -> Result<Client, ConfigError> {
        Self::with_environment(service, config, &Environment::process())
    }

    /// [`new`](Self::new), with the default credential chain reading `environment`.
    pub(crate) fn with_environment(
        service: &'static ServiceDescriptor,
        mut config: Config,
        environment: &Environment,
    ) -> Result<Client, ConfigError> {
        let base_url = endpoint::resolve(service, &config)?;
        for (name, value) in [
            ("timeout", config.timeout),
            ("connect_timeout", config.connect_timeout),
        ] {
            if value.is_zero() {
                return Err(ConfigError::new(
                    service.name,
                    format!("Config::{name} must be greater than zero"),
                ));
            }
        }
        if let Some(problem) = config.retry.problem() {
            return Err(ConfigError::new(
                service.name,
                format!("Config::retry is invalid: {problem}"),
            ));
        }
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|e| {
            ConfigError::new(
                service.name,
                "Config::user_agent is not a valid HTTP header value",
            )
            .with_source(e)
        })?;
        // Last, after everything that can be checked from the configuration alone.
        let credentials = credentials(service, &mut config, environment)?;
        auth::validate(service, &credentials, config.client_identity.is_some())?;
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // Redirects are not part of these APIs, and following one would forward the
            // X-Auth-Token header (which reqwest does not know is sensitive) to another host.
            // A 3xx reply is reported as an API error instead.
            .redirect(reqwest::redirect::Policy::none());
        for certificate in ca_certificates(service, &config)? {
            builder = builder.add_root_certificate(certificate);
        }
        if let Some(pem) = &config.client_identity {
            let identity = reqwest::Identity::from_pem(&pem.0).map_err(|e| {
                ConfigError::new(
                    service.name,
                    "Config::client_identity_pem holds no usable certificate and private key",
                )
                .with_source(e)
            })?;
            builder = builder.identity(identity);
        }
        let http = builder.build().map_err(|e| {
            let reason = if config.ca_certificates.is_empty() {
                "the HTTP client could not be created"
            } else {
                "the HTTP client could not be created; check the certificates given to \
                 Config::ca_certificate_pem"
            };
            ConfigError::new(service.name, reason).with_source(e)
        })?;
        Ok(Client {
            http,
            config: Arc::new(config),
            credentials,
            service,
            base_url: base_url.into(),
            user_agent,
        })
    }

    /// Whether the client checks requests against their specification's constraints
    /// ([`Config::validate_requests`]).
    pub fn validates_requests(&self) -> bool {
        self.config.validate_requests
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceDescriptor {
        self.service
    }

    /// The resolved base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.config.region.as_deref()
    }

    /// The configured default project id, if any.
    pub fn project_id(&self) -> Option<&str> {
        self.config.project_id.as_deref()
    }

    /// Sends `request` and returns the reply if its status is a documented success, retrying
    /// failures that may not recur.
    ///
    /// Steps, each in one place: render the request (parameter problems fail here, before
    /// anything is sent), add default headers, then per attempt authenticate, send, read the
    /// body within the size limit, and classify the status. Non-success replies become
    /// [`Error::Api`] with the body decoded as `E` when it parses.
    ///
    /// A failed attempt is repeated under the call's [`RetryPolicy`]
    /// ([`CallOptions::retry`](crate::CallOptions::retry), else [`Config::retry`]) when the
    /// operation is idempotent (or the call opted in with
    /// [`CallOptions::retry_non_idempotent`](crate::CallOptions::retry_non_idempotent)) and
    /// the failure is transient: a dropped or refused connection, an attempt that timed out,
    /// HTTP 429, 502, 503 or 504, or a vendor's throttling code in the error body. The error of
    /// the last attempt is returned.
    pub async fn execute<E: ServiceError>(&self, request: Request) -> Result<Response, Error<E>> {
        let operation = request.operation();
        // Names only: URLs, headers and bodies can carry identifiers or secrets.
        let span = tracing::debug_span!(
            "cloudgen.call",
            service = self.service.name,
            operation = operation.name,
            method = operation.method.as_str(),
        );
        async move {
            let started = Instant::now();
            let options = request.call_options().clone();
            options.check(operation.name)?;
            let prepared = self.prepare(request)?;
            // Per-call options win over the client's configuration.
            let policy = options.retry.as_ref().unwrap_or(&self.config.retry);
            let plan = Plan {
                policy,
                limits: Limits {
                    timeout: options.timeout.unwrap_or(self.config.timeout),
                    ..self.limits()
                },
                may_retry: operation.idempotent || options.retry_non_idempotent,
                deadline: started.checked_add(policy.max_elapsed),
            };
            let outcome = self.run(&prepared, &plan).await;
            let elapsed_ms = millis(started.elapsed());
            match &outcome {
                Ok(response) => {
                    tracing::debug!(status = response.status(), elapsed_ms, "call succeeded");
                }
                Err(e) => tracing::debug!(error = failure_kind(e), elapsed_ms, "call failed"),
            }
            outcome
        }
        .instrument(span)
        .await
    }

    /// The attempts of one call, until one succeeds or the plan says to stop.
    async fn run<E: ServiceError>(
        &self,
        prepared: &PreparedRequest,
        plan: &Plan<'_>,
    ) -> Result<Response, Error<E>> {
        let mut attempt: u32 = 1;
        loop {
            let span = tracing::debug_span!("cloudgen.attempt", attempt);
            let (error, retry_after) = match self
                .attempt_within::<E>(prepared, plan)
                .instrument(span.clone())
                .await
            {
                (Ok(response), _) => {
                    span.in_scope(|| tracing::debug!(status = response.status(), "reply received"));
                    return Ok(response);
                }
                (Err(error), retry_after) => (error, retry_after),
            };
            let backoff = span.in_scope(|| self.next_backoff(&error, retry_after, attempt, plan));
            match backoff {
                Some(backoff) => tokio::time::sleep(backoff).await,
                None => return Err(error),
            }
            attempt = attempt.saturating_add(1);
        }
    }

    /// One attempt, cut short when the call's time budget runs out, and its outcome as a
    /// [`Response`] or an error, with the reply's `Retry-After` when it failed with one.
    async fn attempt_within<E: ServiceError>(
        &self,
        prepared: &PreparedRequest,
        plan: &Plan<'_>,
    ) -> (Result<Response, Error<E>>, Option<Duration>) {
        let attempt = self.attempt::<E>(prepared, plan.limits);
        // The attempt's own timeout (`limits.timeout`) already ends it before a budget that
        // outlasts it, so a second timer is armed only when the budget is the shorter one.
        let budget_is_shorter = |deadline: &Instant| {
            deadline.saturating_duration_since(Instant::now()) < plan.limits.timeout
        };
        let outcome = match plan.deadline.filter(budget_is_shorter) {
            Some(deadline) => {
                let deadline = tokio::time::Instant::from_std(deadline);
                tokio::time::timeout_at(deadline, attempt)
                    .await
                    .unwrap_or_else(|_elapsed| {
                        Err(Error::Timeout {
                            operation: prepared.operation.name,
                            after: plan.policy.max_elapsed,
                        })
                    })
            }
            None => attempt.await,
        };
        match outcome {
            Ok(reply) => {
                let retry_after = if self.service.is_success(prepared.operation, reply.status) {
                    None
                } else {
                    retry::retry_after(&reply.headers, SystemTime::now())
                };
                (self.classify(prepared, reply), retry_after)
            }
            Err(error) => (Err(error), None),
        }
    }

    /// How long to wait before the next attempt after `attempt` failed with `error`, or `None`
    /// to stop and return it. Logs the decision (in the attempt's span).
    fn next_backoff<E: ServiceError>(
        &self,
        error: &Error<E>,
        retry_after: Option<Duration>,
        attempt: u32,
        plan: &Plan<'_>,
    ) -> Option<Duration> {
        let failure = failure_kind(error);
        let status = error.status();
        let stop = |reason: &'static str| {
            tracing::debug!(
                error = failure,
                status,
                reason,
                "attempt failed, not retrying"
            );
            None
        };
        let Some(retryable) = retry::retry_reason(error, self.service.vendor) else {
            return stop("not retryable");
        };
        if !plan.may_retry {
            return stop("operation is not idempotent");
        }
        if attempt >= plan.policy.max_attempts {
            return stop("attempts exhausted");
        }
        let backoff = match retry_after {
            Some(asked) => asked.min(plan.policy.max_backoff),
            None => plan.policy.backoff(attempt, retry::random_u64()),
        };
        // Waiting must leave time for the next attempt; sleeping to the end of the budget
        // would only turn this error into a timeout.
        if let Some(deadline) = plan.deadline {
            if backoff >= deadline.saturating_duration_since(Instant::now()) {
                return stop("time budget exhausted");
            }
        }
        tracing::debug!(
            error = failure,
            status,
            reason = retryable,
            backoff_ms = millis(backoff),
            retry_after = retry_after.is_some(),
            "attempt failed, retrying"
        );
        Some(backoff)
    }

    /// Renders `request` and adds the headers every call carries. Defaults do not replace a
    /// header the operation sets itself (some specifications declare their own
    /// `Content-Type`).
    fn prepare(&self, request: Request) -> Result<PreparedRequest, RequestError> {
        let mut prepared = request.build(
            &self.base_url,
            self.config.project_id.as_deref(),
            self.config.form_boundary.as_deref(),
        )?;
        let headers = &mut prepared.headers;
        if prepared.body.is_some() {
            let json = match self.service.vendor {
                Vendor::Alibaba => APPLICATION_JSON_UTF8,
                _ => APPLICATION_JSON,
            };
            headers.entry(CONTENT_TYPE).or_insert(json);
        }
        headers.entry(ACCEPT).or_insert(APPLICATION_JSON);
        headers
            .entry(USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        Ok(prepared)
    }

    /// One attempt: authenticate a copy of the prepared request and send it once.
    ///
    /// This is the unit the retry loop repeats; authentication is inside it because request
    /// signatures carry a timestamp and must be fresh for every attempt.
    async fn attempt<E>(
        &self,
        prepared: &PreparedRequest,
        limits: Limits,
    ) -> Result<RawReply, Error<E>> {
        let mut request = prepared.clone();
        let credentials = auth::current(&self.credentials, &self.http)
            .await
            .map_err(|source| Error::Credentials {
                operation: prepared.operation.name,
                source,
            })?;
        auth::apply(&mut request, self.service, &self.config, &credentials)?;
        transport::send_once(&self.http, &request, limits).await
    }

    /// Turns a reply into a [`Response`] or, for a status that is not a documented success,
    /// an [`Error::Api`].
    fn classify<E: ServiceError>(
        &self,
        prepared: &PreparedRequest,
        reply: RawReply,
    ) -> Result<Response, Error<E>> {
        let operation = prepared.operation;
        let request_id = self
            .service
            .request_id_header
            .and_then(|name| reply.headers.get(name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        if self.service.is_success(operation, reply.status) {
            // Alibaba's replies also carry it in the body, where a proxy dropped the header.
            let request_id = request_id.or_else(|| match self.service.vendor {
                Vendor::Alibaba => crate::error_body::request_id(&reply.body),
                _ => None,
            });
            Ok(Response::new(
                operation.name,
                reply.status,
                reply.headers,
                reply.body,
                request_id,
            ))
        } else {
            Err(Error::Api(ApiError::from_reply(
                operation.name,
                reply.status,
                &reply.body,
                request_id,
            )))
        }
    }

    fn limits(&self) -> Limits {
        Limits {
            timeout: self.config.timeout,
            connect_timeout: self.config.connect_timeout,
            max_response_bytes: self.config.max_response_bytes,
        }
    }
}

/// What one call runs under: its retry policy and limits, resolved from the call's options and
/// the client's configuration.
struct Plan<'a> {
    policy: &'a RetryPolicy,
    limits: Limits,
    may_retry: bool,
    /// When the call's time budget runs out; `None` if it is too far away to represent.
    deadline: Option<Instant>,
}

/// The root certificates of `config` (`Config::ca_certificate_pem`), parsed.
fn ca_certificates(
    service: &'static ServiceDescriptor,
    config: &Config,
) -> Result<Vec<reqwest::Certificate>, ConfigError> {
    let mut all = Vec::new();
    for pem in &config.ca_certificates {
        let certificates = reqwest::Certificate::from_pem_bundle(&pem.0).map_err(|e| {
            ConfigError::new(
                service.name,
                "Config::ca_certificate_pem is not valid PEM certificate text",
            )
            .with_source(e)
        })?;
        if certificates.is_empty() {
            return Err(ConfigError::new(
                service.name,
                "Config::ca_certificate_pem has no `-----BEGIN CERTIFICATE-----` block",
            ));
        }
        all.extend(certificates);
    }
    Ok(all)
}

/// A duration in whole milliseconds, for tracing.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The configured credentials, else those of the vendor's default chain (with the project it
/// names, when the configuration names none). A service that declares schemes and gets no
/// credentials is an error naming every place the chain looked; one that declares none is
/// called anonymously.
fn credentials(
    service: &'static ServiceDescriptor,
    config: &mut Config,
    environment: &Environment,
) -> Result<Credentials, ConfigError> {
    if let Some(credentials) = config.credentials.take() {
        return Ok(credentials);
    }
    // A client certificate authenticates the connection; no chain is needed.
    if config.client_identity.is_some() && service.accepts(AuthScheme::ClientCertificate) {
        return Ok(Credentials::Anonymous);
    }
    match chain::find(
        service.vendor,
        service.global,
        &|s| service.accepts(s),
        environment,
    ) {
        Ok(found) => {
            tracing::debug!(service = service.name, source = %found.source, "credentials found");
            if config.project_id.is_none() {
                config.project_id = found.project_id;
            }
            if config.domain_id.is_none() {
                config.domain_id = found.domain_id;
            }
            Ok(found.credentials)
        }
        Err(_) if service.auth.is_empty() => Ok(Credentials::Anonymous),
        Err(looked) => Err(ConfigError::new(
            service.name,
            format!(
                "no credentials: none were configured (Config::credentials), and the {} default chain found none; it looked in: {}",
                service.vendor,
                looked.join("; ")
            ),
        )),
    }
}

/// A short, secret-free name for a failure, for tracing.
fn failure_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::InvalidRequest(_) => "invalid_request",
        Error::Config(_) => "config",
        Error::Transport { .. } => "transport",
        Error::Timeout { .. } => "timeout",
        Error::Api(_) => "api",
        Error::Decode { .. } => "decode",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Credentials { .. } => "credentials",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::Vendor;

    static SIGNED: ServiceDescriptor = ServiceDescriptor {
        vendor: Vendor::Huawei,
        name: "cce",
        api_version: None,
        endpoint_template: Some("https://cce.{region}.myhuaweicloud.com"),
        region_endpoints: &[],
        regions_complete: false,
        global: false,
        auth: &[AuthScheme::HuaweiAksk, AuthScheme::HuaweiToken],
        request_id_header: None,
    };

    #[test]
    fn with_no_credentials_anywhere_construction_fails_naming_every_place() {
        let home = tempfile::tempdir().unwrap();
        let nowhere = Environment::of(&[], Some(home.path()));
        let error =
            Client::with_environment(&SIGNED, Config::new().region("r"), &nowhere).unwrap_err();
        let text = error.to_string();
        for place in [
            "no credentials",
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_TOKEN",
            ".huaweicloud/credentials does not exist",
            "HC_CONTAINER_CREDENTIALS_FULL_URI",
            "instance metadata service",
        ] {
            assert!(text.contains(place), "{place}: {text}");
        }
    }

    #[test]
    fn anonymous_credentials_are_refused_by_a_service_that_signs() {
        let error = Client::new(
            &SIGNED,
            Config::new()
                .region("r")
                .credentials(Credentials::anonymous()),
        )
        .unwrap_err();
        assert!(
            error
                .reason()
                .contains("anonymous credentials cannot be used"),
            "{error}"
        );
    }

    #[test]
    fn the_chain_supplies_credentials_and_the_project() {
        let env = Environment::of(
            &[
                ("HUAWEICLOUD_SDK_AK", "HPUA"),
                ("HUAWEICLOUD_SDK_SK", "secret"),
                ("HUAWEICLOUD_SDK_PROJECT_ID", "p-env"),
            ],
            None,
        );
        let client = Client::with_environment(&SIGNED, Config::new().region("r"), &env).unwrap();
        assert_eq!(client.project_id(), Some("p-env"));
        assert_eq!(client.credentials.scheme(), Some(AuthScheme::HuaweiAksk));
        // A project set in code wins.
        let client = Client::with_environment(
            &SIGNED,
            Config::new().region("r").project_id("p-code"),
            &env,
        )
        .unwrap();
        assert_eq!(client.project_id(), Some("p-code"));
    }
}
