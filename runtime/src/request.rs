//! The per-call request builder used by generated code, and its fully built form.
//!
//! Chaining never fails: generated builders stay simple straight-line code, and the first
//! problem (an unencodable value, a body that does not serialize) is recorded and reported by
//! [`Client::execute`](crate::Client::execute) before anything is sent.

use std::fmt::{self, Display, Write as _};
use std::time::Duration;

use bytes::Bytes;
use http::HeaderMap;
use serde::Serialize;

use crate::descriptor::OperationDescriptor;
use crate::encode;
use crate::error::RequestError;
use crate::form::{self, FilePart, Form, FormValue};
use crate::retry::RetryPolicy;
use crate::validate::Validator;
use crate::Client;

/// Settings for one call that override the client's [`Config`](crate::Config).
///
/// Generated request builders take them with `.options(...)`:
///
/// ```
/// use std::time::Duration;
/// use cloudgen_runtime::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::new().max_attempts(5))
///     .retry_non_idempotent(true);
/// # let _ = options;
/// ```
///
/// A setting left unset keeps the client's value. Invalid values (a zero timeout, a policy with
/// a zero time budget) are reported as [`Error::InvalidRequest`](crate::Error::InvalidRequest)
/// when the call is executed, before anything is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) project_id: Option<String>,
    pub(crate) validate_requests: Option<bool>,
}

impl CallOptions {
    /// No overrides: the call runs with the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limit on each attempt of this call, from connecting to reading the last byte, instead of
    /// [`Config::timeout`](crate::Config::timeout). Must be greater than zero.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call, instead of [`Config::retry`](crate::Config::retry);
    /// [`RetryPolicy::none`] makes exactly one attempt.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Retries this call even though its operation is not idempotent; default `false`.
    ///
    /// Only for callers who know that repeating the request is harmless (it carries its own
    /// idempotency token, or a duplicate is acceptable): an attempt that timed out or lost its
    /// connection may still have taken effect on the server.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// Whether this call checks its values against the specification's constraints before
    /// sending, instead of [`Config::validate_requests`](crate::Config::validate_requests):
    /// `false` sends a value the documentation rules out, for a service that accepts it.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate_requests = Some(validate);
        self
    }

    /// The project of this call's `{project_id}` path parameter (Huawei Cloud), instead of
    /// the client's [`Config::project_id`](crate::Config::project_id).
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Reports a setting that cannot work, naming it the way [`RequestError`] names parameters.
    pub(crate) fn check(&self, operation: &'static str) -> Result<(), RequestError> {
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(RequestError::new(
                operation,
                "timeout",
                "must be greater than zero (CallOptions::timeout)",
            ));
        }
        if let Some(problem) = self.retry.as_ref().and_then(RetryPolicy::problem) {
            return Err(RequestError::new(
                operation,
                "retry",
                format!("is invalid: {problem} (CallOptions::retry)"),
            ));
        }
        Ok(())
    }
}

/// The longest URL a request is sent with. Web servers and gateways refuse longer request
/// lines (commonly at 8 to 16 KiB), and `http` cannot carry one over 64 KiB at all: a longer
/// one is an invalid request that names its longest parameter, not a transport failure.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// A path value, or a request to take it from the client's configured project id.
#[derive(Clone)]
enum PathValue {
    Given(String),
    ConfiguredProject,
}

/// One call's parameters, collected by generated code and sent with
/// [`Client::execute`](crate::Client::execute).
///
/// `Debug` shows parameter names and sizes only, never values, since values may be sensitive.
pub struct Request {
    operation: &'static OperationDescriptor,
    path: Vec<(&'static str, PathValue)>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Bytes>,
    form: Form,
    options: CallOptions,
    problem: Option<RequestError>,
}

impl Request {
    /// An empty request for `operation`.
    pub fn new(operation: &'static OperationDescriptor) -> Self {
        Request {
            operation,
            path: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            form: Form::default(),
            options: CallOptions::default(),
            problem: None,
        }
    }

    /// Per-call settings (timeout, retries) that override the client's; replaces options set
    /// earlier on this request. Invalid values are reported when the request is executed.
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }

    /// The per-call settings.
    pub(crate) fn call_options(&self) -> &CallOptions {
        &self.options
    }

    /// The operation this request is for.
    pub fn operation(&self) -> &'static OperationDescriptor {
        self.operation
    }

    /// Sets the `{name}` placeholder of the path template to `value`.
    pub fn path_param(mut self, name: &'static str, value: &impl Display) -> Self {
        if let Some(text) = self.text(name, value) {
            self.path.push((name, PathValue::Given(text)));
        }
        self
    }

    /// Sets a project id placeholder to the call's project ([`CallOptions::project_id`]), or
    /// else the client's configured project id. Having neither is reported when the request
    /// is executed.
    pub fn project_path_param(mut self, name: &'static str) -> Self {
        self.path.push((name, PathValue::ConfiguredProject));
        self
    }

    /// Adds the query parameter `name=value`.
    pub fn query(mut self, name: &'static str, value: &impl Display) -> Self {
        if let Some(text) = self.text(name, value) {
            self.query.push((name, text));
        }
        self
    }

    /// Adds the query parameter `name=value` when `value` is `Some`.
    pub fn query_opt<T: Display>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds `name=value` once per element, in order (`name=a&name=b`).
    pub fn query_each<T: Display>(mut self, name: &'static str, values: &[T]) -> Self {
        for value in values {
            self = self.query(name, value);
        }
        self
    }

    /// Adds the query parameter `name` with `value` written as compact JSON text
    /// (`ids=["a","b"]`), as Alibaba's `json` style sends a list or an object in one value.
    pub fn query_json<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.query.push((name, text)),
            Err(e) => self.record(name, format!("could not be serialized as JSON: {e}")),
        }
        self
    }

    /// [`query_json`](Self::query_json) when `value` is `Some`.
    pub fn query_json_opt<T: Serialize>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.query_json(name, value),
            None => self,
        }
    }

    /// Adds the query parameter `name` with the elements of `values` joined by commas
    /// (`ids=a,b`), the `simple` style. An empty list is sent as an empty value.
    pub fn query_joined<T: Display>(mut self, name: &'static str, values: &[T]) -> Self {
        let mut joined = String::new();
        for (index, value) in values.iter().enumerate() {
            let Some(text) = self.text(name, value) else {
                return self;
            };
            if index > 0 {
                joined.push(',');
            }
            joined.push_str(&text);
        }
        self.query.push((name, joined));
        self
    }

    /// [`query_joined`](Self::query_joined) when `values` is `Some`.
    pub fn query_joined_opt<T: Display>(self, name: &'static str, values: Option<&[T]>) -> Self {
        match values {
            Some(values) => self.query_joined(name, values),
            None => self,
        }
    }

    /// Sets the header `name` to `value`, replacing an earlier value.
    pub fn header(mut self, name: &'static str, value: &impl Display) -> Self {
        if let Some(text) = self.text(name, value) {
            self.headers.push((name, text));
        }
        self
    }

    /// Sets the header `name` to `value` when `value` is `Some`.
    pub fn header_opt<T: Display>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Sets the JSON request body. A serialization failure is recorded and reported when the
    /// request is executed.
    pub fn json_body<T: Serialize>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Bytes::from(bytes)),
            Err(e) => self.record("body", format!("could not be serialized as JSON: {e}")),
        }
        self
    }

    /// Sets the JSON request body with `media_type` as its `Content-Type`, for an operation
    /// documented with another JSON media type than `application/json`
    /// (`application/json;charset=utf-8`).
    pub fn json_body_as<T: Serialize>(self, media_type: &'static str, body: &T) -> Self {
        self.json_body(body).header("Content-Type", &media_type)
    }

    /// Sets a Kubernetes PATCH body: the patch document as JSON, with the media type of its
    /// kind as the `Content-Type`.
    pub fn patch_body(self, patch: &crate::Patch) -> Self {
        self.json_body(patch.document())
            .header("Content-Type", &patch.media_type())
    }

    /// Adds the text part `name` to the form body (`multipart/form-data`).
    pub fn form_text(mut self, name: &'static str, value: &impl Display) -> Self {
        if let Some(text) = self.text(name, value) {
            self.form.push(name, FormValue::Text(text));
        }
        self
    }

    /// Adds the text part `name` to the form body when `value` is `Some`.
    pub fn form_text_opt<T: Display>(self, name: &'static str, value: Option<&T>) -> Self {
        match value {
            Some(value) => self.form_text(name, value),
            None => self,
        }
    }

    /// Adds the file part `name` to the form body.
    pub fn form_file(mut self, name: &'static str, file: &FilePart) -> Self {
        self.form.push(name, FormValue::File(file.clone()));
        self
    }

    /// Adds the file part `name` to the form body when `file` is `Some`.
    pub fn form_file_opt(self, name: &'static str, file: Option<&FilePart>) -> Self {
        match file {
            Some(file) => self.form_file(name, file),
            None => self,
        }
    }

    /// Asks for a reply of any media type (`Accept: */*`) instead of JSON: for downloads,
    /// whose media type the documentation does not always give exactly.
    pub fn accept_any(self) -> Self {
        self.header("Accept", &"*/*")
    }

    /// `value` as text; a `Display` impl that reports an error is recorded instead of panicking
    /// the way `to_string` would.
    fn text(&mut self, name: &'static str, value: &dyn Display) -> Option<String> {
        let mut text = String::new();
        match write!(text, "{value}") {
            Ok(()) => Some(text),
            Err(fmt::Error) => {
                self.record(
                    name,
                    "could not be formatted: its Display implementation failed",
                );
                None
            }
        }
    }

    /// Checks the request's values with `check` (generated: one [`Validator::check`] per
    /// constrained parameter or body field) unless `client` or the call's `options` turned
    /// validation off; the first violation is reported when the request is executed.
    pub fn validated(
        mut self,
        client: &Client,
        options: &CallOptions,
        check: impl FnOnce(&mut Validator),
    ) -> Self {
        let enabled = options
            .validate_requests
            .unwrap_or_else(|| client.validates_requests());
        if enabled && self.problem.is_none() {
            let mut validator = Validator::new();
            check(&mut validator);
            if let Some((parameter, violation)) = validator.finish() {
                self.problem = Some(RequestError::violated(
                    self.operation.name,
                    parameter,
                    violation,
                ));
            }
        }
        self
    }

    /// Keeps the first problem: later ones are often consequences of it.
    fn record(&mut self, parameter: &'static str, reason: impl Into<String>) {
        if self.problem.is_none() {
            self.problem = Some(RequestError::new(self.operation.name, parameter, reason));
        }
    }

    /// Renders the request against `base_url` (no trailing `/`), taking defaulted project ids
    /// from `project_id` and, for a form body, the boundary `form_boundary` when given (tests
    /// that compare with recorded requests) or a random one. Reports the first recorded or
    /// detected problem.
    pub(crate) fn build(
        self,
        base_url: &str,
        project_id: Option<&str>,
        form_boundary: Option<&str>,
    ) -> Result<PreparedRequest, RequestError> {
        let operation = self.operation;
        let invalid = |e: encode::Invalid| RequestError::new(operation.name, e.parameter, e.reason);
        if let Some(problem) = self.problem {
            return Err(problem);
        }

        // The longest value, to name when the URL is too long.
        let longest = self
            .path
            .iter()
            .filter_map(|(name, value)| match value {
                PathValue::Given(text) => Some((*name, text.len())),
                PathValue::ConfiguredProject => None,
            })
            .chain(self.query.iter().map(|(name, text)| (*name, text.len())))
            .max_by_key(|(_, length)| *length);
        let project_id = self.options.project_id.as_deref().or(project_id);
        let mut path_values = Vec::with_capacity(self.path.len());
        for (name, value) in self.path {
            let value = match value {
                PathValue::Given(v) => v,
                PathValue::ConfiguredProject => project_id.map(str::to_owned).ok_or_else(|| {
                    RequestError::new(
                        operation.name,
                        name,
                        "is not set: set it on the call or configure a project id on the client",
                    )
                })?,
            };
            path_values.push((name, value));
        }
        let path = encode::render_path(operation.path, &path_values).map_err(invalid)?;

        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let (name, value) = encode::header(name, value).map_err(invalid)?;
            headers.insert(name, value);
        }
        let mut body = self.body;
        if !self.form.is_empty() {
            if body.is_some() {
                return Err(RequestError::new(
                    operation.name,
                    "body",
                    "is set together with form parts; a request has one body",
                ));
            }
            let first = form_boundary.map_or_else(form::random_boundary, str::to_owned);
            let (encoded, content_type) = self.form.encode(first, form::random_boundary);
            let (name, value) = encode::header("Content-Type", &content_type).map_err(invalid)?;
            headers.insert(name, value);
            body = Some(encoded);
        }

        let mut url = String::with_capacity(base_url.len() + path.len() + 64);
        url.push_str(base_url);
        url.push_str(&path);
        let query = encode::encode_query(&self.query);
        if !query.is_empty() {
            // A template may carry a fixed query (`/servers/action?type=x`); extend it.
            url.push(if path.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        if url.len() > MAX_URL_BYTES {
            let (parameter, length) = longest.unwrap_or(("path", 0));
            return Err(RequestError::new(
                operation.name,
                parameter,
                format!(
                    "is {length} bytes long and makes the URL {} bytes long; a request URL may be at most {MAX_URL_BYTES} bytes",
                    url.len()
                ),
            ));
        }
        let url = reqwest::Url::parse(&url).map_err(|e| {
            RequestError::new(
                operation.name,
                "path",
                format!("does not form a valid URL with the endpoint: {e}"),
            )
        })?;

        Ok(PreparedRequest {
            operation,
            url,
            headers,
            body,
        })
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names =
            |pairs: &[(&'static str, String)]| pairs.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        f.debug_struct("Request")
            .field("operation", &self.operation.name)
            .field(
                "path",
                &self.path.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .field("query", &names(&self.query))
            .field("headers", &names(&self.headers))
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .field("form", &self.form.names().collect::<Vec<_>>())
            .field("options", &self.options)
            .field("problem", &self.problem)
            .finish()
    }
}

/// A request with everything rendered: the exact URL, headers and body that go on the wire.
///
/// This is the one place authentication is applied to (see `auth.rs`), so request signing,
/// which must cover the final method, path, query, headers and body, slots in without changing
/// how requests are built.
#[derive(Clone, Debug)]
pub(crate) struct PreparedRequest {
    pub(crate) operation: &'static OperationDescriptor,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
}
