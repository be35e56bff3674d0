//! Credentials, where a client finds them, and the [`Secret`] wrapper that keeps them out of
//! logs.
//!
//! A configuration either sets credentials ([`Config::credentials`](crate::Config::credentials))
//! or leaves them to the vendor's default chain (`chain.rs`), which
//! [`Client::new`](crate::Client::new) runs. Temporary credentials that a service hands out
//! (instance metadata, a pod's identity, a credentials URI, STS) are
//! [`Credentials::Refreshing`]: fetched on first use and refreshed before they expire
//! (`refresh.rs`). The code that turns credentials into headers lives in `auth.rs`.

mod alibaba_temporary;
pub(crate) mod chain;
pub(crate) mod environment;
mod huawei_temporary;
mod profiles;
mod refresh;

pub use refresh::{CredentialsRefreshError, RefreshingCredentials};

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
    /// A Huawei Cloud access key pair: requests are signed with `SDK-HMAC-SHA256`. With a
    /// security token the pair is temporary and the token travels as `X-Security-Token`.
    HuaweiAkSk(AccessKey),
    /// An Alibaba Cloud AccessKey pair: requests are signed with `ACS3-HMAC-SHA256`. With a
    /// security token (STS) it travels as `x-acs-security-token`.
    AlibabaAccessKey(AccessKey),
    /// A bearer token, sent as `Authorization: Bearer <token>` (a Kubernetes service account
    /// or kubeconfig user token).
    Bearer(Secret),
    /// Temporary credentials a service hands out, fetched when first needed and refreshed
    /// before they expire; they sign as [`RefreshingCredentials::scheme`] says.
    Refreshing(RefreshingCredentials),
}

/// An access key pair, and the security token of temporary credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    /// The access key id; not secret (it is sent with every request).
    pub(crate) id: String,
    pub(crate) secret: Secret,
    pub(crate) security_token: Option<Secret>,
}

impl AccessKey {
    /// A permanent key pair.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        AccessKey {
            id: id.into(),
            secret: Secret::new(secret),
            security_token: None,
        }
    }

    /// The same pair as temporary credentials with their security token.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// The access key id.
    pub fn id(&self) -> &str {
        &self.id
    }
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

    /// A bearer token for `Authorization: Bearer`, as the Kubernetes API takes it.
    pub fn bearer_token(token: impl Into<String>) -> Self {
        Credentials::Bearer(Secret::new(token))
    }

    /// A Huawei Cloud access key pair (AK/SK), for `SDK-HMAC-SHA256` signing.
    pub fn huawei_aksk(key: AccessKey) -> Self {
        Credentials::HuaweiAkSk(key)
    }

    /// An Alibaba Cloud AccessKey pair, for `ACS3-HMAC-SHA256` signing.
    pub fn alibaba_access_key(key: AccessKey) -> Self {
        Credentials::AlibabaAccessKey(key)
    }

    /// The temporary credentials of the agency of the Huawei Cloud ECS instance this runs on,
    /// from its metadata service (`http://169.254.169.254`), refreshed 40 minutes before they
    /// expire, as the official SDK does.
    pub fn huawei_instance_metadata() -> Self {
        Self::huawei_instance_metadata_at(huawei_temporary::METADATA_ENDPOINT)
    }

    /// [`huawei_instance_metadata`](Self::huawei_instance_metadata) from a metadata service at
    /// another address (a proxy, a test).
    pub fn huawei_instance_metadata_at(endpoint: &str) -> Self {
        Credentials::Refreshing(huawei_temporary::instance_metadata(endpoint))
    }

    /// The temporary credentials of the RAM role of the Alibaba Cloud ECS instance this runs on
    /// (`role`, else the one its metadata service at `http://100.100.100.200` names),
    /// refreshed 15 minutes before they expire.
    pub fn alibaba_ecs_ram_role(role: Option<&str>) -> Self {
        Self::alibaba_ecs_ram_role_at(alibaba_temporary::METADATA_ENDPOINT, role)
    }

    /// [`alibaba_ecs_ram_role`](Self::alibaba_ecs_ram_role) from a metadata service at another
    /// address (a proxy, a test).
    pub fn alibaba_ecs_ram_role_at(endpoint: &str, role: Option<&str>) -> Self {
        Credentials::Refreshing(alibaba_temporary::ecs_ram_role(
            endpoint,
            role.map(str::to_owned),
            false,
        ))
    }

    /// An Alibaba Cloud AccessKey from the environment variables the official SDKs read:
    /// `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, for STS
    /// credentials, `ALIBABA_CLOUD_SECURITY_TOKEN`.
    ///
    /// A missing or empty id or secret is an error that names the variable (never a value);
    /// a missing or empty token means a permanent key, as in the SDKs.
    pub fn alibaba_from_env() -> Result<Self, CredentialsError> {
        alibaba_from_lookup(std::env::var_os)
    }

    /// A Huawei Cloud access key pair from the environment variables the official SDKs read:
    /// `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK` and, for temporary credentials,
    /// `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
    ///
    /// A missing or empty AK or SK is an error that names the variable (never a value); a
    /// missing or empty token means a permanent key. (`HUAWEICLOUD_SDK_PROJECT_ID` is not read
    /// here: the project is [`Config::project_id`](crate::Config::project_id).)
    pub fn huawei_from_env() -> Result<Self, CredentialsError> {
        huawei_from_lookup(std::env::var_os)
    }

    /// A Huawei IAM token from the environment variable `HUAWEICLOUD_SDK_TOKEN`; missing or
    /// empty is an error naming the variable.
    pub fn huawei_token_from_env() -> Result<Self, CredentialsError> {
        huawei_token_from_lookup(std::env::var_os)
    }

    /// The scheme these credentials authenticate with; `None` for anonymous access.
    pub fn scheme(&self) -> Option<AuthScheme> {
        match self {
            Credentials::Anonymous => None,
            Credentials::HuaweiToken(_) => Some(AuthScheme::HuaweiToken),
            Credentials::HuaweiAkSk(_) => Some(AuthScheme::HuaweiAksk),
            Credentials::AlibabaAccessKey(_) => Some(AuthScheme::AlibabaAcs3),
            Credentials::Bearer(_) => Some(AuthScheme::BearerToken),
            Credentials::Refreshing(credentials) => Some(credentials.scheme()),
        }
    }

    /// A short name of the kind of credentials, safe to log.
    pub fn kind(&self) -> &'static str {
        match self {
            Credentials::Anonymous => "anonymous",
            Credentials::HuaweiToken(_) => "huawei-token",
            Credentials::HuaweiAkSk(_) => "huawei-aksk",
            Credentials::AlibabaAccessKey(_) => "alibaba-access-key",
            Credentials::Bearer(_) => "bearer-token",
            Credentials::Refreshing(_) => "refreshing",
        }
    }
}

/// Environment variable of the Alibaba Cloud AccessKey id.
const ALIBABA_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable of the Alibaba Cloud AccessKey secret.
const ALIBABA_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable of the Alibaba Cloud STS security token.
const ALIBABA_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

/// [`Credentials::alibaba_from_env`] with the variables read through `lookup`.
pub(crate) fn alibaba_from_lookup(
    lookup: impl Fn(&'static str) -> Option<std::ffi::OsString>,
) -> Result<Credentials, CredentialsError> {
    let mut key = AccessKey::new(
        env_required(&lookup, ALIBABA_ACCESS_KEY_ID)?,
        env_required(&lookup, ALIBABA_ACCESS_KEY_SECRET)?,
    );
    if let Some(token) = env_value(&lookup, ALIBABA_SECURITY_TOKEN)? {
        key = key.with_security_token(token);
    }
    Ok(Credentials::AlibabaAccessKey(key))
}

/// Environment variable of the Huawei Cloud access key id (AK).
const HUAWEI_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable of the Huawei Cloud secret access key (SK).
const HUAWEI_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable of the security token of temporary Huawei Cloud credentials.
const HUAWEI_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable of a Huawei IAM token.
const HUAWEI_TOKEN: &str = "HUAWEICLOUD_SDK_TOKEN";

/// One variable through `lookup`: `None` when unset or empty, an error when not Unicode.
fn env_value(
    lookup: &impl Fn(&'static str) -> Option<std::ffi::OsString>,
    variable: &'static str,
) -> Result<Option<String>, CredentialsError> {
    variable_value(variable, lookup(variable))
}

/// A variable's value as the SDKs read it: `None` when unset or empty, an error naming the
/// variable (never its value) when it is not Unicode.
pub(crate) fn variable_value(
    variable: &'static str,
    value: Option<std::ffi::OsString>,
) -> Result<Option<String>, CredentialsError> {
    match value.map(std::ffi::OsString::into_string) {
        None => Ok(None),
        Some(Ok(text)) if text.is_empty() => Ok(None),
        Some(Ok(text)) => Ok(Some(text)),
        Some(Err(_)) => Err(CredentialsError {
            variable,
            problem: "is not valid Unicode",
        }),
    }
}

/// A variable that must be set and not empty.
fn env_required(
    lookup: &impl Fn(&'static str) -> Option<std::ffi::OsString>,
    variable: &'static str,
) -> Result<String, CredentialsError> {
    env_value(lookup, variable)?.ok_or(CredentialsError {
        variable,
        problem: "is not set or empty",
    })
}

/// [`Credentials::huawei_from_env`] with the variables read through `lookup`.
pub(crate) fn huawei_from_lookup(
    lookup: impl Fn(&'static str) -> Option<std::ffi::OsString>,
) -> Result<Credentials, CredentialsError> {
    let mut key = AccessKey::new(
        env_required(&lookup, HUAWEI_AK)?,
        env_required(&lookup, HUAWEI_SK)?,
    );
    if let Some(token) = env_value(&lookup, HUAWEI_SECURITY_TOKEN)? {
        key = key.with_security_token(token);
    }
    Ok(Credentials::HuaweiAkSk(key))
}

/// [`Credentials::huawei_token_from_env`] with the variable read through `lookup`.
pub(crate) fn huawei_token_from_lookup(
    lookup: impl Fn(&'static str) -> Option<std::ffi::OsString>,
) -> Result<Credentials, CredentialsError> {
    env_required(&lookup, HUAWEI_TOKEN).map(Credentials::huawei_token)
}

/// Credentials could not be read from the environment.
///
/// Names the variable and what is wrong with it; never contains a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read credentials: environment variable {variable} {problem}")]
pub struct CredentialsError {
    pub(crate) variable: &'static str,
    pub(crate) problem: &'static str,
}

impl CredentialsError {
    /// The environment variable that is missing or unusable.
    pub fn variable(&self) -> &'static str {
        self.variable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::ffi::OsString;

    fn lookup_in(
        vars: &[(&'static str, &'static str)],
    ) -> impl Fn(&'static str) -> Option<OsString> {
        let vars: HashMap<&'static str, OsString> =
            vars.iter().map(|(k, v)| (*k, OsString::from(v))).collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn alibaba_from_env_reads_a_permanent_key() {
        let credentials = alibaba_from_lookup(lookup_in(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret-value"),
        ]))
        .unwrap();
        assert_eq!(
            credentials,
            Credentials::alibaba_access_key(AccessKey::new("LTAI-id", "very-secret-value"))
        );
        // An empty token is no token, as in the SDKs.
        let credentials = alibaba_from_lookup(lookup_in(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret-value"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", ""),
        ]))
        .unwrap();
        assert_eq!(
            credentials,
            Credentials::alibaba_access_key(AccessKey::new("LTAI-id", "very-secret-value"))
        );
    }

    #[test]
    fn alibaba_from_env_reads_sts_credentials() {
        let credentials = alibaba_from_lookup(lookup_in(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.id"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret-value"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "token-secret-value"),
        ]))
        .unwrap();
        assert_eq!(
            credentials,
            Credentials::alibaba_access_key(
                AccessKey::new("STS.id", "very-secret-value")
                    .with_security_token("token-secret-value")
            )
        );
        assert_eq!(credentials.scheme(), Some(AuthScheme::AlibabaAcs3));
        let debug = format!("{credentials:?} {credentials:#?}");
        assert!(!debug.contains("very-secret-value"), "{debug}");
        assert!(!debug.contains("token-secret-value"), "{debug}");
        assert!(debug.contains("STS.id"), "{debug}");
    }

    #[test]
    fn alibaba_from_env_names_the_missing_variable_and_no_value() {
        let missing = |vars: &[(&'static str, &'static str)]| {
            alibaba_from_lookup(lookup_in(vars)).unwrap_err()
        };
        let error = missing(&[("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret-value")]);
        assert_eq!(error.variable(), "ALIBABA_CLOUD_ACCESS_KEY_ID");
        assert_eq!(
            error.to_string(),
            "cannot read credentials: environment variable ALIBABA_CLOUD_ACCESS_KEY_ID is not set or empty"
        );
        let error = missing(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-id"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "token-secret-value"),
        ]);
        assert_eq!(error.variable(), "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("token-secret-value"), "{text}");
        assert!(!text.contains("LTAI-id"), "{text}");
        let error = missing(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", ""),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "very-secret-value"),
        ]);
        assert_eq!(error.variable(), "ALIBABA_CLOUD_ACCESS_KEY_ID");
        assert!(!format!("{error} {error:?}").contains("very-secret-value"));
    }

    #[cfg(unix)]
    #[test]
    fn alibaba_from_env_refuses_values_that_are_not_unicode() {
        use std::os::unix::ffi::OsStringExt;
        let lookup = |name: &'static str| match name {
            "ALIBABA_CLOUD_ACCESS_KEY_ID" => Some(OsString::from("id")),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some(OsString::from_vec(vec![0xff, b's', 0xfe])),
            _ => None,
        };
        let error = alibaba_from_lookup(lookup).unwrap_err();
        assert_eq!(error.variable(), "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
        assert!(
            error.to_string().ends_with("is not valid Unicode"),
            "{error}"
        );
    }

    #[test]
    fn alibaba_from_env_reads_the_process_environment() {
        // Only reads: setting variables here would race with C code reading the environment
        // in other test threads. Whatever this machine has set, the result is credentials or
        // an error naming one of the variables.
        match Credentials::alibaba_from_env() {
            Ok(credentials) => assert_eq!(credentials.scheme(), Some(AuthScheme::AlibabaAcs3)),
            Err(error) => assert!(
                [
                    ALIBABA_ACCESS_KEY_ID,
                    ALIBABA_ACCESS_KEY_SECRET,
                    ALIBABA_SECURITY_TOKEN
                ]
                .contains(&error.variable()),
                "{error}"
            ),
        }
    }

    #[test]
    fn huawei_from_env_reads_permanent_and_temporary_keys() {
        let permanent = huawei_from_lookup(lookup_in(&[
            ("HUAWEICLOUD_SDK_AK", "HPUA-id"),
            ("HUAWEICLOUD_SDK_SK", "hw-secret-value"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", ""),
        ]))
        .unwrap();
        assert_eq!(
            permanent,
            Credentials::huawei_aksk(AccessKey::new("HPUA-id", "hw-secret-value"))
        );
        assert_eq!(permanent.scheme(), Some(AuthScheme::HuaweiAksk));
        let temporary = huawei_from_lookup(lookup_in(&[
            ("HUAWEICLOUD_SDK_AK", "HSTA-id"),
            ("HUAWEICLOUD_SDK_SK", "hw-secret-value"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "hw-token-value"),
        ]))
        .unwrap();
        assert_eq!(
            temporary,
            Credentials::huawei_aksk(
                AccessKey::new("HSTA-id", "hw-secret-value").with_security_token("hw-token-value")
            )
        );
        let debug = format!("{temporary:?} {temporary:#?}");
        assert!(!debug.contains("hw-secret-value"), "{debug}");
        assert!(!debug.contains("hw-token-value"), "{debug}");
        assert!(debug.contains("HSTA-id"), "{debug}");
    }

    #[test]
    fn huawei_from_env_names_the_missing_variable_and_no_value() {
        let error = huawei_from_lookup(lookup_in(&[
            ("HUAWEICLOUD_SDK_SK", "hw-secret-value"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "hw-token-value"),
        ]))
        .unwrap_err();
        assert_eq!(error.variable(), "HUAWEICLOUD_SDK_AK");
        assert_eq!(
            error.to_string(),
            "cannot read credentials: environment variable HUAWEICLOUD_SDK_AK is not set or empty"
        );
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains("hw-secret-value") && !text.contains("hw-token-value"),
            "{text}"
        );

        let error = huawei_from_lookup(lookup_in(&[
            ("HUAWEICLOUD_SDK_AK", "HPUA-id"),
            ("HUAWEICLOUD_SDK_SK", ""),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "hw-token-value"),
        ]))
        .unwrap_err();
        assert_eq!(error.variable(), "HUAWEICLOUD_SDK_SK");
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains("HPUA-id") && !text.contains("hw-token-value"),
            "{text}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn huawei_from_env_refuses_values_that_are_not_unicode() {
        use std::os::unix::ffi::OsStringExt;
        let lookup = |name: &'static str| match name {
            "HUAWEICLOUD_SDK_AK" => Some(OsString::from("id")),
            "HUAWEICLOUD_SDK_SK" => Some(OsString::from("hw-secret-value")),
            "HUAWEICLOUD_SDK_SECURITY_TOKEN" => Some(OsString::from_vec(vec![b't', 0xff])),
            _ => None,
        };
        let error = huawei_from_lookup(lookup).unwrap_err();
        assert_eq!(error.variable(), "HUAWEICLOUD_SDK_SECURITY_TOKEN");
        assert!(!format!("{error:?}").contains("hw-secret-value"));
    }

    #[test]
    fn huawei_token_from_env() {
        let credentials =
            huawei_token_from_lookup(lookup_in(&[("HUAWEICLOUD_SDK_TOKEN", "MIIZ-hw-token")]))
                .unwrap();
        assert_eq!(credentials, Credentials::huawei_token("MIIZ-hw-token"));
        assert!(!format!("{credentials:?}").contains("MIIZ-hw-token"));
        for vars in [&[][..], &[("HUAWEICLOUD_SDK_TOKEN", "")][..]] {
            let error = huawei_token_from_lookup(lookup_in(vars)).unwrap_err();
            assert_eq!(error.variable(), "HUAWEICLOUD_SDK_TOKEN");
        }
    }

    #[test]
    fn huawei_from_env_reads_the_process_environment() {
        // Only reads, like the Alibaba test above: whatever this machine has set, the result
        // is credentials of the right kind or an error naming one of the variables.
        match Credentials::huawei_from_env() {
            Ok(credentials) => assert_eq!(credentials.scheme(), Some(AuthScheme::HuaweiAksk)),
            Err(error) => assert!(
                [HUAWEI_AK, HUAWEI_SK, HUAWEI_SECURITY_TOKEN].contains(&error.variable()),
                "{error}"
            ),
        }
        match Credentials::huawei_token_from_env() {
            Ok(credentials) => assert_eq!(credentials.scheme(), Some(AuthScheme::HuaweiToken)),
            Err(error) => assert_eq!(error.variable(), HUAWEI_TOKEN),
        }
    }

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
