//! Entry points for the benchmarks (`benchmarks/`), behind the `testing` feature: signing a
//! request alone, decoding a reply body the way a generated call does, without HTTP, and
//! checking values against their rules the way a generated call does.

use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

use crate::auth;
use crate::config::Config;
use crate::descriptor::ServiceDescriptor;
use crate::error::{Error, RequestError};
use crate::request::{PreparedRequest, Request};
use crate::response::Response;
use crate::validate::{Checked, Rules, Validator, Violation};

/// Checks `value`, called `name`, against `rules` as a generated call's validation does, with
/// a validator of its own; the violation, if any.
pub fn validate<T: Checked + ?Sized>(
    name: &'static str,
    value: &T,
    rules: &Rules,
) -> Option<Violation> {
    let mut validator = Validator::new();
    validator.check(name, value, rules);
    validator.finish().map(|(_, violation)| violation)
}

/// A request rendered against an endpoint, ready to be signed again and again.
pub struct PreparedForSigning(PreparedRequest);

impl PreparedForSigning {
    /// Renders `request` against `base_url` (no trailing `/`).
    pub fn new(
        request: Request,
        base_url: &str,
        project_id: Option<&str>,
    ) -> Result<Self, RequestError> {
        request.build(base_url, project_id, None).map(Self)
    }

    /// Signs a copy of the request with `config`'s credentials, as every attempt of a call
    /// does, and returns its headers.
    pub fn sign(
        &self,
        service: &'static ServiceDescriptor,
        config: &Config,
    ) -> Result<HeaderMap, Error<()>> {
        let mut request = self.0.clone();
        let credentials = config
            .credentials
            .as_ref()
            .unwrap_or(&crate::credentials::Credentials::Anonymous);
        auth::apply(&mut request, service, config, credentials)?;
        Ok(request.headers)
    }
}

/// Decodes `body` as the reply of `operation` with status 200, through the same code as a
/// generated call.
pub fn decode<T: DeserializeOwned>(operation: &'static str, body: Bytes) -> Result<T, Error<()>> {
    Response::new(operation, 200, HeaderMap::new(), body, None).json()
}
