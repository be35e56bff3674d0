//! Static descriptions of services and operations.
//!
//! The generator renders one [`ServiceDescriptor`] per service and one [`OperationDescriptor`]
//! per operation as `static` items. They carry only facts taken from the API specification, so
//! generated code stays declarative and every behaviour that depends on them (URL building,
//! authentication, success checks) lives once in the runtime.

use std::fmt;

/// The cloud vendor whose wire conventions a service follows.
///
/// Vendors differ in how requests are authenticated and which protocol headers they expect,
/// so the runtime branches on this rather than the generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vendor {
    /// Huawei Cloud.
    Huawei,
    /// Alibaba Cloud.
    Alibaba,
    /// The Kubernetes API of a cluster (any vendor's).
    Kubernetes,
}

impl Vendor {
    /// A human-readable name, used in error messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            Vendor::Huawei => "Huawei Cloud",
            Vendor::Alibaba => "Alibaba Cloud",
            Vendor::Kubernetes => "Kubernetes",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An authentication scheme a service accepts, as declared by its specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthScheme {
    /// Huawei IAM token sent in the `X-Auth-Token` header.
    HuaweiToken,
    /// Huawei access key / secret key request signing (`SDK-HMAC-SHA256`).
    HuaweiAksk,
    /// Alibaba access key request signing (`ACS3-HMAC-SHA256`).
    AlibabaAcs3,
    /// A bearer token in `Authorization` (Kubernetes service account and kubeconfig tokens).
    BearerToken,
    /// A TLS client certificate, configured with
    /// [`Config::client_identity_pem`](crate::Config::client_identity_pem).
    ClientCertificate,
}

impl AuthScheme {
    /// A human-readable name, used in error messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            AuthScheme::HuaweiToken => "Huawei IAM token",
            AuthScheme::HuaweiAksk => "Huawei AK/SK signing",
            AuthScheme::AlibabaAcs3 => "Alibaba ACS3 signing",
            AuthScheme::BearerToken => "bearer token",
            AuthScheme::ClientCertificate => "TLS client certificate",
        }
    }

    /// The vendor whose services use this scheme; `None` for the schemes any vendor's
    /// Kubernetes API takes.
    pub const fn vendor(self) -> Option<Vendor> {
        match self {
            AuthScheme::HuaweiToken | AuthScheme::HuaweiAksk => Some(Vendor::Huawei),
            AuthScheme::AlibabaAcs3 => Some(Vendor::Alibaba),
            AuthScheme::BearerToken | AuthScheme::ClientCertificate => None,
        }
    }
}

impl fmt::Display for AuthScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The HTTP method of an operation.
///
/// A closed enum rather than [`http::Method`] so descriptors can be `static` and so the set of
/// methods generated code may use is explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl HttpMethod {
    /// The method as it appears on the wire, e.g. `"GET"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// The equivalent [`http::Method`].
    pub fn to_http(self) -> http::Method {
        match self {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
            HttpMethod::Put => http::Method::PUT,
            HttpMethod::Patch => http::Method::PATCH,
            HttpMethod::Delete => http::Method::DELETE,
            HttpMethod::Head => http::Method::HEAD,
            HttpMethod::Options => http::Method::OPTIONS,
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the runtime needs to know about one service of one vendor.
#[derive(Debug)]
pub struct ServiceDescriptor {
    /// Whose conventions the service follows.
    pub vendor: Vendor,
    /// Short service name, e.g. `"cce"`; used in messages and tracing.
    pub name: &'static str,
    /// API version sent with every call by vendors that version per request (Alibaba,
    /// e.g. `"2015-12-15"`).
    pub api_version: Option<&'static str>,
    /// Base URL with an optional `{region}` placeholder, e.g.
    /// `"https://cce.{region}.myhuaweicloud.com"`. `None` means the caller must configure an
    /// endpoint (or a region listed in [`region_endpoints`](Self::region_endpoints)).
    pub endpoint_template: Option<&'static str>,
    /// `(region, base URL)` pairs for regions whose endpoint does not follow the template, or,
    /// with [`regions_complete`](Self::regions_complete), for every region of the service.
    pub region_endpoints: &'static [(&'static str, &'static str)],
    /// Whether [`region_endpoints`](Self::region_endpoints) lists every region the vendor's own
    /// SDK or definitions know: then another region is a configuration error (naming the known
    /// ones) unless an endpoint is configured.
    pub regions_complete: bool,
    /// A Huawei Cloud global service (IAM, ...): AK/SK calls are scoped to the account with
    /// `X-Domain-Id` ([`Config::domain_id`](crate::Config::domain_id)) instead of a project.
    pub global: bool,
    /// The authentication schemes the service accepts. Empty means "not declared".
    pub auth: &'static [AuthScheme],
    /// Response header carrying the server-side request id, quoted in errors for support.
    pub request_id_header: Option<&'static str>,
}

impl ServiceDescriptor {
    /// Whether `status` is a success of `operation` on this service: a documented success, or
    /// for Alibaba any 2xx, as its SDK raises an error only for 4xx and 5xx
    /// (`alibabacloud-tea-openapi` 0.4.6), so a 204 where 200 is documented is an empty success,
    /// not an error.
    pub fn is_success(&self, operation: &OperationDescriptor, status: u16) -> bool {
        operation.is_success(status)
            || (self.vendor == Vendor::Alibaba && (200..300).contains(&status))
    }

    /// Whether the service declares that it accepts `scheme`.
    ///
    /// A service that declares no scheme at all is assumed to accept any, so a sparse
    /// specification does not make the client unusable.
    pub fn accepts(&self, scheme: AuthScheme) -> bool {
        self.auth.is_empty() || self.auth.contains(&scheme)
    }
}

/// Everything the runtime needs to know about one operation.
#[derive(Debug)]
pub struct OperationDescriptor {
    /// The vendor's operation name, e.g. `"DeletePodIdentityAssociation"`; used in errors,
    /// tracing and (for Alibaba) the `x-acs-action` header.
    pub name: &'static str,
    /// The HTTP method.
    pub method: HttpMethod,
    /// Path template relative to the service base URL, with `{name}` placeholders, e.g.
    /// `"/api/v3/projects/{project_id}/clusters/{cluster_id}"`.
    pub path: &'static str,
    /// The documented success statuses; any other status is reported as an API error.
    pub success: &'static [u16],
    /// Whether repeating the call has no additional effect; future retries rely on it.
    pub idempotent: bool,
}

impl OperationDescriptor {
    /// Whether `status` is a success for this operation.
    ///
    /// An operation without documented success statuses accepts any 2xx status, so a gap in
    /// the specification does not turn every reply into an error.
    pub fn is_success(&self, status: u16) -> bool {
        if self.success.is_empty() {
            (200..300).contains(&status)
        } else {
            self.success.contains(&status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(vendor: Vendor) -> ServiceDescriptor {
        ServiceDescriptor {
            vendor,
            name: "svc",
            api_version: None,
            endpoint_template: None,
            region_endpoints: &[],
            regions_complete: false,
            global: false,
            auth: &[],
            request_id_header: None,
        }
    }

    const DOCUMENTS_200: OperationDescriptor = OperationDescriptor {
        name: "Op",
        method: HttpMethod::Get,
        path: "/",
        success: &[200],
        idempotent: true,
    };

    #[test]
    fn alibaba_takes_any_2xx_as_success_and_huawei_only_the_documented_ones() {
        let alibaba = service(Vendor::Alibaba);
        let huawei = service(Vendor::Huawei);
        for status in [200, 202, 204, 299] {
            assert!(alibaba.is_success(&DOCUMENTS_200, status), "{status}");
        }
        for status in [199, 301, 400, 404, 500] {
            assert!(!alibaba.is_success(&DOCUMENTS_200, status), "{status}");
        }
        assert!(huawei.is_success(&DOCUMENTS_200, 200));
        assert!(!huawei.is_success(&DOCUMENTS_200, 204));
    }
}
