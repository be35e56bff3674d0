//! Shared code of the example programs: where a call goes (`--region`/`--endpoint`), credentials
//! from the vendors' environment variables, printing the result and the exit code.
//!
//! Each program parses its own flags (with [`Target`] or [`KubernetesTarget`] flattened in),
//! builds a client from [`Target::config`], makes one call inside [`run`], and returns
//! [`run`]'s exit code from `main`:
//!
//! - success: the result as pretty JSON on stdout, exit code 0;
//! - the call failed (an API error, a transport failure): the error on stderr, exit code 1;
//! - bad usage or missing credentials ([`Failure::Usage`]): the message on stderr, exit code 2,
//!   as for the command-line errors clap reports itself.

use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cloudgen_clients::runtime::{CredentialsError, ServiceError};
use cloudgen_clients::{Config, ConfigError, Credentials};

/// Huawei Cloud access key id.
pub const HUAWEI_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Huawei Cloud secret access key.
pub const HUAWEI_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Huawei IAM token.
pub const HUAWEI_TOKEN: &str = "HUAWEICLOUD_SDK_TOKEN";
/// Huawei Cloud project id.
pub const HUAWEI_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";

/// Exit code of a call that failed.
pub const EXIT_FAILED: u8 = 1;
/// Exit code of bad usage or missing credentials (clap uses 2 for its own usage errors too).
pub const EXIT_USAGE: u8 = 2;

/// Where calls go: a region (the service's regional endpoint) or a full base URL.
#[derive(Debug, Clone, clap::Args)]
#[group(required = true, multiple = false)]
pub struct Target {
    /// Region, e.g. ap-southeast-1 (Huawei Cloud) or cn-hangzhou (Alibaba Cloud)
    #[arg(long)]
    pub region: Option<String>,
    /// Full base URL instead of the regional endpoint, e.g. http://127.0.0.1:8080
    #[arg(long)]
    pub endpoint: Option<String>,
}

impl Target {
    /// A configuration with the region or the endpoint and `credentials`.
    pub fn config(&self, credentials: Credentials) -> Config {
        let mut config = Config::new().credentials(credentials);
        if let Some(region) = &self.region {
            config = config.region(region);
        }
        if let Some(endpoint) = &self.endpoint {
            config = config.endpoint(endpoint);
        }
        config
    }
}

/// Where calls to a cluster's Kubernetes API go: its API server, which has no regional endpoint.
#[derive(Debug, Clone, clap::Args)]
pub struct KubernetesTarget {
    /// The cluster's API server, e.g. https://192.168.0.10:5443
    #[arg(long)]
    pub endpoint: String,
    /// PEM file with the cluster's CA certificate, to trust the API server's certificate
    #[arg(long, value_name = "PATH")]
    pub ca_cert: Option<PathBuf>,
}

impl KubernetesTarget {
    /// A configuration with the endpoint, the CA certificate if given, and `credentials`.
    pub fn config(&self, credentials: Credentials) -> Result<Config, Failure> {
        let mut config = Config::new()
            .endpoint(&self.endpoint)
            .credentials(credentials);
        if let Some(path) = &self.ca_cert {
            let pem = std::fs::read(path).map_err(|e| {
                Failure::Usage(format!(
                    "cannot read the CA certificate {}: {e}",
                    path.display()
                ))
            })?;
            config = config.ca_certificate_pem(pem);
        }
        Ok(config)
    }
}

/// Which Huawei Cloud credentials the environment holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HuaweiAuth {
    /// An access key pair (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`), preferred when set.
    AkSk,
    /// An IAM token (`HUAWEICLOUD_SDK_TOKEN`).
    Token,
}

/// The credentials to use given the variables `lookup` returns: AK/SK when either of them is
/// set (a missing half is then reported by the runtime, naming it), else a token when set.
pub fn huawei_auth(lookup: impl Fn(&str) -> Option<OsString>) -> Option<HuaweiAuth> {
    let set = |name: &str| lookup(name).is_some_and(|value| !value.is_empty());
    if set(HUAWEI_AK) || set(HUAWEI_SK) {
        Some(HuaweiAuth::AkSk)
    } else if set(HUAWEI_TOKEN) {
        Some(HuaweiAuth::Token)
    } else {
        None
    }
}

/// Huawei Cloud credentials from the environment: AK/SK (with `HUAWEICLOUD_SDK_SECURITY_TOKEN`
/// when set), else an IAM token.
pub fn huawei_credentials() -> Result<Credentials, Failure> {
    match huawei_auth(|name| std::env::var_os(name)) {
        Some(HuaweiAuth::AkSk) => Ok(Credentials::huawei_from_env()?),
        Some(HuaweiAuth::Token) => Ok(Credentials::huawei_token_from_env()?),
        None => Err(Failure::Usage(format!(
            "no Huawei Cloud credentials: set {HUAWEI_AK} and {HUAWEI_SK}, or {HUAWEI_TOKEN}"
        ))),
    }
}

/// A Huawei IAM token from `HUAWEICLOUD_SDK_TOKEN`: the only credentials the Kubernetes API of
/// a CCE cluster takes.
pub fn huawei_token() -> Result<Credentials, Failure> {
    Ok(Credentials::huawei_token_from_env()?)
}

/// Alibaba Cloud AccessKey from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
/// and, for STS, `ALIBABA_CLOUD_SECURITY_TOKEN`.
pub fn alibaba_credentials() -> Result<Credentials, Failure> {
    Ok(Credentials::alibaba_from_env()?)
}

/// The project id: the `--project-id` flag, else `value` (`HUAWEICLOUD_SDK_PROJECT_ID`).
pub fn project_id_or(flag: Option<String>, value: Option<OsString>) -> Result<String, Failure> {
    let from_env = || {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.into_string().map_err(|_| {
                    Failure::Usage(format!(
                        "environment variable {HUAWEI_PROJECT_ID} is not valid Unicode"
                    ))
                })
            })
            .transpose()
    };
    match flag.filter(|f| !f.is_empty()) {
        Some(flag) => Ok(flag),
        None => from_env()?.ok_or_else(|| {
            Failure::Usage(format!(
                "no project id: pass --project-id or set {HUAWEI_PROJECT_ID}"
            ))
        }),
    }
}

/// The project id: the `--project-id` flag, else `HUAWEICLOUD_SDK_PROJECT_ID`.
pub fn huawei_project_id(flag: Option<String>) -> Result<String, Failure> {
    project_id_or(flag, std::env::var_os(HUAWEI_PROJECT_ID))
}

/// Why a program did not print a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Bad usage or missing credentials; nothing was sent. Exit code 2.
    Usage(String),
    /// The call failed. Exit code 1.
    Failed(String),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Failed(_) => EXIT_FAILED,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Failed(message) => f.write_str(message),
        }
    }
}

impl From<CredentialsError> for Failure {
    fn from(e: CredentialsError) -> Self {
        Failure::Usage(e.to_string())
    }
}

/// A configuration the service cannot work with (a bad endpoint, CA certificate or
/// credentials of the wrong kind) is a usage error.
impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Failure::Usage(e.to_string())
    }
}

impl<E: ServiceError> From<cloudgen_clients::runtime::Error<E>> for Failure {
    fn from(e: cloudgen_clients::runtime::Error<E>) -> Self {
        Failure::Failed(e.to_string())
    }
}

/// Writes the outcome of a program: the value as pretty JSON to `out`, or the failure to `err`.
/// Returns the exit code.
pub fn report<T: serde::Serialize>(
    outcome: Result<T, Failure>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let failure = match outcome {
        Ok(value) => match serde_json::to_string_pretty(&value) {
            Ok(json) => match writeln!(out, "{json}") {
                Ok(()) => return 0,
                Err(e) => Failure::Failed(format!("cannot write the result: {e}")),
            },
            Err(e) => Failure::Failed(format!("cannot print the result as JSON: {e}")),
        },
        Err(failure) => failure,
    };
    // Nothing better to do when stderr itself cannot be written.
    let _ = writeln!(err, "{failure}");
    failure.exit_code()
}

/// Awaits a program's call and reports it on stdout/stderr; `main` returns the exit code.
pub async fn run<T: serde::Serialize>(
    call: impl std::future::Future<Output = Result<T, Failure>>,
) -> ExitCode {
    let outcome = call.await;
    ExitCode::from(report(
        outcome,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    ))
}

/// The JSON printed for an operation that answers nothing (`()`): `{}`.
pub fn empty() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}
