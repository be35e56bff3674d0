//! Credentials and the [`Secret`] wrapper that keeps them out of logs.
//!
//! Only anonymous access and Huawei IAM tokens exist today. Access key pairs (for Huawei
//! `SDK-HMAC-SHA256` and Alibaba `ACS3-HMAC-SHA256` signing) and refreshing providers will be
//! added as further variants; [`Credentials`] is `#[non_exhaustive]` so that is not a breaking
//! change, and the code that turns credentials into headers lives in one place
//! (`auth.rs`).

use std::fmt;

use crate::descriptor::AuthScheme;

/// A secret string (token, secret key).
///
/// Its `Debug` output is always `***` and it deliberately has no `Display`, so a secret cannot
/// end up in a log line, an error message or a panic message by accident. The only way to read
/// it is the crate-private `expose`, so every use is inside this crate.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value, for the authentication code only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How calls are authenticated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// No authentication: nothing is added to requests. Useful for public endpoints and tests.
    #[default]
    Anonymous,
    /// A Huawei IAM token, sent as the `X-Auth-Token` header.
    HuaweiToken(Secret),
}

impl Credentials {
    /// No credentials.
    pub fn anonymous() -> Self {
        Credentials::Anonymous
    }

    /// A Huawei IAM token (the `X-Subject-Token` returned by IAM), sent as `X-Auth-Token`.
    pub fn huawei_token(token: impl Into<String>) -> Self {
        Credentials::HuaweiToken(Secret::new(token))
    }

    /// The scheme these credentials authenticate with; `None` for anonymous access.
    pub fn scheme(&self) -> Option<AuthScheme> {
        match self {
            Credentials::Anonymous => None,
            Credentials::HuaweiToken(_) => Some(AuthScheme::HuaweiToken),
        }
    }

    /// A short name of the kind of credentials, safe to log.
    pub fn kind(&self) -> &'static str {
        match self {
            Credentials::Anonymous => "anonymous",
            Credentials::HuaweiToken(_) => "huawei-token",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_masked() {
        let credentials = Credentials::huawei_token("tok-very-secret");
        let debug = format!("{credentials:?} {:#?}", credentials);
        assert!(!debug.contains("tok-very-secret"), "{debug}");
        assert!(debug.contains("***"), "{debug}");
    }

    #[test]
    fn scheme_matches_kind() {
        assert_eq!(Credentials::anonymous().scheme(), None);
        assert_eq!(
            Credentials::huawei_token("t").scheme(),
            Some(AuthScheme::HuaweiToken)
        );
    }
}
