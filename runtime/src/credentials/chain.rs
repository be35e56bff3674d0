//! The default credential chains: where a client looks for credentials when its
//! configuration sets none, in the official SDKs' order.
//!
//! Huawei Cloud (`huaweicloudsdkcore` 3.1.219, `CredentialProviderChain`):
//! 1. the environment: `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`
//!    (and, for services that take one, an IAM token in `HUAWEICLOUD_SDK_TOKEN`);
//! 2. the credentials file (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`);
//! 3. the CCE pod identity of the workload (`HC_CONTAINER_CREDENTIALS_FULL_URI` and
//!    `HC_CONTAINER_AUTHORIZATION_TOKEN_FILE`).
//!
//! Alibaba Cloud (`alibabacloud-credentials` 1.0.12, `DefaultCredentialsProvider`):
//! 1. the environment: `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//!    `ALIBABA_CLOUD_SECURITY_TOKEN`;
//! 2. RRSA: `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and
//!    `ALIBABA_CLOUD_OIDC_TOKEN_FILE`, exchanged with STS;
//! 3. the CLI's `~/.aliyun/config.json` (profile `ALIBABA_CLOUD_PROFILE`, else the current one;
//!    skipped when `ALIBABA_CLOUD_CLI_PROFILE_DISABLED` is `true`);
//! 4. the credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials.ini`);
//! 5. the ECS RAM role named by `ALIBABA_CLOUD_ECS_METADATA` (unless
//!    `ALIBABA_CLOUD_ECS_METADATA_DISABLED` is `true`);
//! 6. a credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`).
//!
//! One difference from the SDKs, on purpose: the chain never probes an instance metadata
//! service it has no sign of. The SDKs try it whenever nothing before it matched, which takes
//! a network round trip (or a timeout) inside a constructor, and would send traffic to a
//! link-local address from every machine that is not a cloud instance. Here an ECS instance
//! opts in (`Credentials::huawei_instance_metadata`, `Credentials::alibaba_ecs_ram_role`,
//! `ALIBABA_CLOUD_ECS_METADATA`, or an `EcsRamRole` profile), so that a client with no
//! credentials anywhere fails when it is created, naming every place it looked.

use super::environment::Environment;
use super::profiles::{self, FromFile};
use super::{alibaba_temporary, huawei_temporary, Credentials};
use crate::descriptor::{AuthScheme, Vendor};

/// Credentials a chain found, where, and the project its source names.
#[derive(Debug)]
pub(crate) struct Found {
    pub credentials: Credentials,
    pub project_id: Option<String>,
    /// The account (domain) id, for Huawei Cloud global services.
    pub domain_id: Option<String>,
    pub source: String,
}

/// What one place of a chain gave: credentials, or why it had none.
type Step = Result<Found, String>;

/// Runs the vendor's chain for a service that accepts the schemes `accepts` says: the first
/// place with usable credentials wins; without one, every place looked and why it gave none.
pub(crate) fn find(
    vendor: Vendor,
    global: bool,
    accepts: &dyn Fn(AuthScheme) -> bool,
    env: &Environment,
) -> Result<Found, Vec<String>> {
    let huawei_file: fn(&Environment) -> Step = match global {
        true => huawei_file_global,
        false => huawei_file_basic,
    };
    let steps: Vec<fn(&Environment) -> Step> = match vendor {
        Vendor::Huawei => vec![
            huawei_env_key,
            huawei_env_token,
            huawei_file,
            huawei_pod_identity,
        ],
        Vendor::Alibaba => vec![
            alibaba_env,
            alibaba_oidc,
            alibaba_cli,
            alibaba_file,
            alibaba_ecs_role,
            alibaba_uri,
        ],
        // A cluster's credentials are its kubeconfig's, which the caller reads.
        Vendor::Kubernetes => Vec::new(),
    };
    let mut looked = Vec::new();
    for step in steps {
        match step(env) {
            Ok(found) if found.credentials.scheme().is_some_and(accepts) => return Ok(found),
            Ok(found) => looked.push(format!(
                "{}: credentials the service does not accept",
                found.source
            )),
            Err(why) => looked.push(why),
        }
    }
    looked.push(match vendor {
        Vendor::Huawei => "the ECS instance metadata service: not probed without a sign of an instance (use Credentials::huawei_instance_metadata on one)".to_owned(),
        Vendor::Alibaba => "the ECS instance metadata service: not probed without a sign of an instance (set ALIBABA_CLOUD_ECS_METADATA, or use Credentials::alibaba_ecs_ram_role)".to_owned(),
        Vendor::Kubernetes => "a cluster's kubeconfig: read it with the crate cloudgen-kubeconfig, or pass Credentials::bearer_token or Config::client_identity_pem".to_owned(),
    });
    Err(looked)
}

/// A variable's value, or the reason the step has nothing (unset, not Unicode).
fn var(env: &Environment, variable: &'static str) -> Result<Option<String>, String> {
    env.var(variable).map_err(|e| e.to_string())
}

fn huawei_env_key(env: &Environment) -> Step {
    huawei_env(
        env,
        "the environment (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK)",
        super::huawei_from_lookup(|name| env.lookup(name)),
    )
}

fn huawei_env_token(env: &Environment) -> Step {
    huawei_env(
        env,
        "the environment (HUAWEICLOUD_SDK_TOKEN)",
        super::huawei_token_from_lookup(|name| env.lookup(name)),
    )
}

/// Credentials read from the environment (as `Credentials::huawei_from_env` reads them),
/// with the project and domain the environment names.
fn huawei_env(
    env: &Environment,
    source: &str,
    read: Result<Credentials, super::CredentialsError>,
) -> Step {
    let credentials = read.map_err(|e| format!("{source}: {e}"))?;
    Ok(Found {
        credentials,
        project_id: var(env, "HUAWEICLOUD_SDK_PROJECT_ID")?,
        domain_id: var(env, "HUAWEICLOUD_SDK_DOMAIN_ID")?,
        source: source.to_owned(),
    })
}

/// The `[basic]` section, for regional services.
fn huawei_file_basic(env: &Environment) -> Step {
    huawei_file(env, "basic")
}

/// The `[global]` section, for global services.
fn huawei_file_global(env: &Environment) -> Step {
    huawei_file(env, "global")
}

fn huawei_file(env: &Environment, section: &str) -> Step {
    let Some(path) = env.file(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        &[".huaweicloud", "credentials"],
    ) else {
        return Err("the credentials file ~/.huaweicloud/credentials: no home folder".to_owned());
    };
    match profiles::huawei(&path, section)? {
        FromFile::Key {
            credentials,
            project_id,
            domain_id,
        } => Ok(Found {
            credentials,
            project_id,
            domain_id,
            source: format!("the credentials file {}", path.display()),
        }),
        FromFile::AlibabaEcsRole(_) | FromFile::AlibabaRamRole { .. } => {
            Err(format!("{}: no key", path.display()))
        }
    }
}

fn huawei_pod_identity(env: &Environment) -> Step {
    const SOURCE: &str = "the CCE pod identity (HC_CONTAINER_CREDENTIALS_FULL_URI, HC_CONTAINER_AUTHORIZATION_TOKEN_FILE)";
    match (
        var(env, "HC_CONTAINER_CREDENTIALS_FULL_URI")?,
        var(env, "HC_CONTAINER_AUTHORIZATION_TOKEN_FILE")?,
    ) {
        (Some(uri), Some(file)) => Ok(Found {
            credentials: Credentials::Refreshing(huawei_temporary::pod_identity(uri, file.into())),
            project_id: var(env, "HUAWEICLOUD_SDK_PROJECT_ID")?,
            domain_id: var(env, "HUAWEICLOUD_SDK_DOMAIN_ID")?,
            source: SOURCE.to_owned(),
        }),
        _ => Err(format!("{SOURCE}: not set")),
    }
}

fn alibaba_env(env: &Environment) -> Step {
    const SOURCE: &str =
        "the environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET)";
    super::alibaba_from_lookup(|name| env.lookup(name))
        .map(|credentials| found(credentials, SOURCE))
        .map_err(|e| format!("{SOURCE}: {e}"))
}

fn alibaba_oidc(env: &Environment) -> Step {
    const SOURCE: &str = "RRSA (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE)";
    let (Some(role_arn), Some(provider_arn), Some(token_file)) = (
        var(env, "ALIBABA_CLOUD_ROLE_ARN")?,
        var(env, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN")?,
        var(env, "ALIBABA_CLOUD_OIDC_TOKEN_FILE")?,
    ) else {
        return Err(format!("{SOURCE}: not set"));
    };
    let sts_endpoint = sts_endpoint(env, var(env, "ALIBABA_CLOUD_STS_REGION")?);
    let session_name =
        var(env, "ALIBABA_CLOUD_ROLE_SESSION_NAME")?.unwrap_or_else(|| "cloudgen".to_owned());
    let role = alibaba_temporary::OidcRole {
        sts_endpoint,
        role_arn,
        provider_arn,
        token_file: token_file.into(),
        session_name,
    };
    Ok(found(
        Credentials::Refreshing(alibaba_temporary::oidc(role)),
        SOURCE,
    ))
}

/// STS's address: central, or regional (over the VPC with `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`).
fn sts_endpoint(env: &Environment, region: Option<String>) -> String {
    match region {
        Some(region) if env.is_true("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED") => {
            format!("https://sts-vpc.{region}.aliyuncs.com")
        }
        Some(region) => format!("https://sts.{region}.aliyuncs.com"),
        None => "https://sts.aliyuncs.com".to_owned(),
    }
}

fn alibaba_cli(env: &Environment) -> Step {
    if env.is_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED") {
        return Err("the CLI configuration: ALIBABA_CLOUD_CLI_PROFILE_DISABLED is true".to_owned());
    }
    let Some(path) = env.in_home(&[".aliyun", "config.json"]) else {
        return Err("the CLI configuration ~/.aliyun/config.json: no home folder".to_owned());
    };
    let profile = var(env, "ALIBABA_CLOUD_PROFILE")?;
    let from = profiles::alibaba_cli(&path, profile.as_deref())?;
    alibaba_from_file(
        env,
        from,
        format!("the CLI configuration {}", path.display()),
    )
}

fn alibaba_file(env: &Environment) -> Step {
    let Some(path) = env.file(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        &[".alibabacloud", "credentials.ini"],
    ) else {
        return Err(
            "the credentials file ~/.alibabacloud/credentials.ini: no home folder".to_owned(),
        );
    };
    let section = var(env, "ALIBABA_CLOUD_PROFILE")?.unwrap_or_else(|| "default".to_owned());
    let from = profiles::alibaba_ini(&path, &section)?;
    alibaba_from_file(
        env,
        from,
        format!("the credentials file {}", path.display()),
    )
}

/// A key from a file, or the instance role it names.
fn alibaba_from_file(env: &Environment, from: FromFile, source: String) -> Step {
    match from {
        FromFile::Key { credentials, .. } => Ok(Found {
            credentials,
            project_id: None,
            domain_id: None,
            source,
        }),
        FromFile::AlibabaRamRole {
            key,
            role_arn,
            session_name,
            policy,
            external_id,
            sts_region,
        } => {
            let region = match sts_region {
                Some(region) => Some(region),
                None => var(env, "ALIBABA_CLOUD_STS_REGION")?,
            };
            let role = alibaba_temporary::RamRole {
                sts_endpoint: sts_endpoint(env, region),
                key,
                role_arn,
                session_name: session_name.unwrap_or_else(|| "cloudgen".to_owned()),
                policy,
                external_id,
            };
            Ok(found(
                Credentials::Refreshing(alibaba_temporary::ram_role(role)),
                &source,
            ))
        }
        FromFile::AlibabaEcsRole(role) => Ok(found(
            Credentials::Refreshing(alibaba_temporary::ecs_ram_role(
                alibaba_temporary::METADATA_ENDPOINT,
                role,
                env.is_true("ALIBABA_CLOUD_IMDSV1_DISABLED"),
            )),
            &source,
        )),
    }
}

fn alibaba_ecs_role(env: &Environment) -> Step {
    const SOURCE: &str = "the ECS RAM role (ALIBABA_CLOUD_ECS_METADATA)";
    if env.is_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED") {
        return Err(format!(
            "{SOURCE}: ALIBABA_CLOUD_ECS_METADATA_DISABLED is true"
        ));
    }
    match var(env, "ALIBABA_CLOUD_ECS_METADATA")? {
        Some(role) => Ok(found(
            Credentials::Refreshing(alibaba_temporary::ecs_ram_role(
                alibaba_temporary::METADATA_ENDPOINT,
                Some(role),
                env.is_true("ALIBABA_CLOUD_IMDSV1_DISABLED"),
            )),
            SOURCE,
        )),
        None => Err(format!("{SOURCE}: not set")),
    }
}

fn alibaba_uri(env: &Environment) -> Step {
    const SOURCE: &str = "the credentials URI (ALIBABA_CLOUD_CREDENTIALS_URI)";
    match var(env, "ALIBABA_CLOUD_CREDENTIALS_URI")? {
        Some(uri) => Ok(found(
            Credentials::Refreshing(alibaba_temporary::uri(uri)),
            SOURCE,
        )),
        None => Err(format!("{SOURCE}: not set")),
    }
}

fn found(credentials: Credentials, source: &str) -> Found {
    Found {
        credentials,
        project_id: None,
        domain_id: None,
        source: source.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::AccessKey;

    fn any(_: AuthScheme) -> bool {
        true
    }

    fn home_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let home = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = home.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        home
    }

    #[test]
    fn with_nothing_anywhere_every_place_is_named() {
        let home = home_with(&[]);
        let env = Environment::of(&[], Some(home.path()));
        let looked = find(Vendor::Huawei, false, &any, &env).unwrap_err();
        let text = looked.join("\n");
        for place in [
            "HUAWEICLOUD_SDK_AK",
            "HUAWEICLOUD_SDK_TOKEN",
            ".huaweicloud/credentials does not exist",
            "HC_CONTAINER_CREDENTIALS_FULL_URI",
            "instance metadata service: not probed",
        ] {
            assert!(text.contains(place), "{place} in {text}");
        }
        let looked = find(Vendor::Alibaba, false, &any, &env)
            .unwrap_err()
            .join("\n");
        for place in [
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ROLE_ARN",
            ".aliyun/config.json does not exist",
            ".alibabacloud/credentials.ini does not exist",
            "ALIBABA_CLOUD_ECS_METADATA",
            "ALIBABA_CLOUD_CREDENTIALS_URI",
        ] {
            assert!(looked.contains(place), "{place} in {looked}");
        }
    }

    #[test]
    fn the_environment_wins_over_the_file_and_names_the_project() {
        let home = home_with(&[(
            ".huaweicloud/credentials",
            "[basic]\nak = FILE\nsk = s\nproject_id = file-project\n",
        )]);
        let env = Environment::of(
            &[
                ("HUAWEICLOUD_SDK_AK", "ENV"),
                ("HUAWEICLOUD_SDK_SK", "s"),
                ("HUAWEICLOUD_SDK_PROJECT_ID", "env-project"),
            ],
            Some(home.path()),
        );
        let found = find(Vendor::Huawei, false, &any, &env).unwrap();
        assert_eq!(
            found.credentials,
            Credentials::HuaweiAkSk(AccessKey::new("ENV", "s"))
        );
        assert_eq!(found.project_id.as_deref(), Some("env-project"));

        let env = Environment::of(&[], Some(home.path()));
        let found = find(Vendor::Huawei, false, &any, &env).unwrap();
        assert_eq!(
            found.credentials,
            Credentials::HuaweiAkSk(AccessKey::new("FILE", "s"))
        );
        assert_eq!(found.project_id.as_deref(), Some("file-project"));
        assert!(
            found.source.contains(".huaweicloud/credentials"),
            "{}",
            found.source
        );
    }

    #[test]
    fn a_service_that_takes_only_tokens_skips_access_keys() {
        let env = Environment::of(
            &[
                ("HUAWEICLOUD_SDK_AK", "ENV"),
                ("HUAWEICLOUD_SDK_SK", "s"),
                ("HUAWEICLOUD_SDK_TOKEN", "MIIZ-token"),
            ],
            None,
        );
        let tokens_only = |scheme| scheme == AuthScheme::HuaweiToken;
        let found = find(Vendor::Huawei, false, &tokens_only, &env).unwrap();
        assert_eq!(found.credentials, Credentials::huawei_token("MIIZ-token"));
    }

    #[test]
    fn a_pod_identity_is_temporary_credentials() {
        let env = Environment::of(
            &[
                (
                    "HC_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:1/credentials",
                ),
                ("HC_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"),
            ],
            None,
        );
        let found = find(Vendor::Huawei, false, &any, &env).unwrap();
        let Credentials::Refreshing(credentials) = &found.credentials else {
            panic!("{found:?}");
        };
        assert!(credentials.source().contains("127.0.0.1:1/credentials"));
    }

    #[test]
    fn alibaba_reads_the_cli_profile_then_the_credentials_file() {
        let home = home_with(&[
            (
                ".aliyun/config.json",
                r#"{"current": "main", "profiles": [{"name": "main", "mode": "AK", "access_key_id": "CLI", "access_key_secret": "s"}]}"#,
            ),
            (
                ".alibabacloud/credentials.ini",
                "[default]\ntype = access_key\naccess_key_id = INI\naccess_key_secret = s\n",
            ),
        ]);
        let env = Environment::of(&[], Some(home.path()));
        let found = find(Vendor::Alibaba, false, &any, &env).unwrap();
        assert_eq!(
            found.credentials,
            Credentials::AlibabaAccessKey(AccessKey::new("CLI", "s"))
        );
        let env = Environment::of(
            &[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "TRUE")],
            Some(home.path()),
        );
        let found = find(Vendor::Alibaba, false, &any, &env).unwrap();
        assert_eq!(
            found.credentials,
            Credentials::AlibabaAccessKey(AccessKey::new("INI", "s"))
        );
    }

    #[test]
    fn alibaba_rrsa_comes_right_after_the_environment() {
        let env = Environment::of(
            &[
                ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/app"),
                (
                    "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
                    "acs:ram::1:oidc-provider/ack",
                ),
                ("ALIBABA_CLOUD_OIDC_TOKEN_FILE", "/var/run/secrets/token"),
                ("ALIBABA_CLOUD_STS_REGION", "cn-hangzhou"),
            ],
            None,
        );
        let found = find(Vendor::Alibaba, false, &any, &env).unwrap();
        let Credentials::Refreshing(credentials) = &found.credentials else {
            panic!("{found:?}");
        };
        assert!(credentials
            .source()
            .contains("https://sts.cn-hangzhou.aliyuncs.com"));
        assert!(credentials.source().contains("acs:ram::1:role/app"));
    }

    #[test]
    fn alibaba_ecs_metadata_names_the_role() {
        let env = Environment::of(&[("ALIBABA_CLOUD_ECS_METADATA", "node-role")], None);
        let found = find(Vendor::Alibaba, false, &any, &env).unwrap();
        let Credentials::Refreshing(credentials) = &found.credentials else {
            panic!("{found:?}");
        };
        assert!(credentials.source().contains("node-role"));
        let env = Environment::of(
            &[
                ("ALIBABA_CLOUD_ECS_METADATA", "node-role"),
                ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
            ],
            None,
        );
        assert!(find(Vendor::Alibaba, false, &any, &env).is_err());
    }

    #[test]
    fn a_ram_role_profile_assumes_the_role_through_sts() {
        let home = home_with(&[(
            ".aliyun/config.json",
            r#"{"current": "admin", "profiles": [{"name": "admin", "mode": "RamRoleArn",
                "access_key_id": "LTAI", "access_key_secret": "s",
                "ram_role_arn": "acs:ram::1:role/admin", "ram_session_name": "ops", "sts_region": "cn-shanghai"}]}"#,
        )]);
        let env = Environment::of(&[], Some(home.path()));
        let found = find(Vendor::Alibaba, false, &any, &env).unwrap();
        let Credentials::Refreshing(credentials) = &found.credentials else {
            panic!("{found:?}");
        };
        let source = credentials.source();
        assert!(
            source.contains("https://sts.cn-shanghai.aliyuncs.com"),
            "{source}"
        );
        assert!(source.contains("acs:ram::1:role/admin"), "{source}");
    }

    #[test]
    fn a_global_service_reads_the_global_section_and_the_domain() {
        let home = home_with(&[(
            ".huaweicloud/credentials",
            "[basic]\nak = BASIC\nsk = s\nproject_id = p\n\n[global]\nak = GLOBAL\nsk = s\ndomain_id = d-1\n",
        )]);
        let env = Environment::of(&[], Some(home.path()));
        let found = find(Vendor::Huawei, true, &any, &env).unwrap();
        assert_eq!(
            found.credentials,
            Credentials::HuaweiAkSk(AccessKey::new("GLOBAL", "s"))
        );
        assert_eq!(found.domain_id.as_deref(), Some("d-1"));
        assert_eq!(found.project_id, None);
        let env = Environment::of(
            &[
                ("HUAWEICLOUD_SDK_AK", "ENV"),
                ("HUAWEICLOUD_SDK_SK", "s"),
                ("HUAWEICLOUD_SDK_DOMAIN_ID", "d-env"),
            ],
            None,
        );
        let found = find(Vendor::Huawei, true, &any, &env).unwrap();
        assert_eq!(found.domain_id.as_deref(), Some("d-env"));
    }
}
