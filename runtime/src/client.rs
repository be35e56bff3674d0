//! The client every generated service client wraps, and the one place calls are executed.

use std::sync::Arc;
use std::time::Instant;

use http::header::{HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use tracing::Instrument as _;

use crate::auth;
use crate::config::Config;
use crate::descriptor::ServiceDescriptor;
use crate::endpoint;
use crate::error::{ApiError, ConfigError, Error, RequestError, ServiceError};
use crate::request::{PreparedRequest, Request};
use crate::response::Response;
use crate::transport::{self, Limits, RawReply};

const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A configured connection to one service.
///
/// Cheap to clone: clones share the connection pool and configuration, so generated request
/// builders can each hold one.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    config: Arc<Config>,
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
        let base_url = endpoint::resolve(service, &config)?;
        auth::validate(service, &config.credentials)?;
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
        let user_agent = HeaderValue::from_str(&config.user_agent).map_err(|e| {
            ConfigError::new(
                service.name,
                "Config::user_agent is not a valid HTTP header value",
            )
            .with_source(e)
        })?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // Redirects are not part of these APIs, and following one would forward the
            // X-Auth-Token header (which reqwest does not know is sensitive) to another host.
            // A 3xx reply is reported as an API error instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| {
                ConfigError::new(service.name, "the HTTP client could not be created")
                    .with_source(e)
            })?;
        Ok(Client {
            http,
            config: Arc::new(config),
            service,
            base_url: base_url.into(),
            user_agent,
        })
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

    /// Sends `request` and returns the reply if its status is a documented success.
    ///
    /// Steps, each in one place: render the request (parameter problems fail here, before
    /// anything is sent), add default headers, authenticate, send once, read the body within
    /// the size limit, and classify the status. Non-success replies become [`Error::Api`]
    /// with the body decoded as `E` when it parses.
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
            let prepared = self.prepare(request)?;
            let outcome = self.attempt::<E>(&prepared).await;
            let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            match &outcome {
                Ok(reply) => tracing::debug!(status = reply.status, elapsed_ms, "reply received"),
                Err(e) => tracing::debug!(error = failure_kind(e), elapsed_ms, "call failed"),
            }
            self.classify(&prepared, outcome?)
        }
        .instrument(span)
        .await
    }

    /// Renders `request` and adds the headers every call carries. Defaults do not replace a
    /// header the operation sets itself (some specifications declare their own
    /// `Content-Type`).
    fn prepare(&self, request: Request) -> Result<PreparedRequest, RequestError> {
        let mut prepared = request.build(&self.base_url, self.config.project_id.as_deref())?;
        let headers = &mut prepared.headers;
        if prepared.body.is_some() {
            headers.entry(CONTENT_TYPE).or_insert(APPLICATION_JSON);
        }
        headers.entry(ACCEPT).or_insert(APPLICATION_JSON);
        headers
            .entry(USER_AGENT)
            .or_insert_with(|| self.user_agent.clone());
        Ok(prepared)
    }

    /// One attempt: authenticate a copy of the prepared request and send it once.
    ///
    /// This is the unit a retry loop will repeat; authentication is inside it because request
    /// signatures carry a timestamp and must be fresh for every attempt.
    async fn attempt<E>(&self, prepared: &PreparedRequest) -> Result<RawReply, Error<E>> {
        let mut request = prepared.clone();
        auth::apply(&mut request, self.service, &self.config.credentials)?;
        transport::send_once(&self.http, &request, self.limits()).await
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
        if operation.is_success(reply.status) {
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
    }
}
