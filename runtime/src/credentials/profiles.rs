//! The credential files of the vendors' SDKs and CLIs.
//!
//! Formats as the official libraries read them (provenance: `huaweicloudsdkcore` 3.1.219,
//! `auth/provider.py` `ProfileCredentialProvider`; `alibabacloud-credentials` 1.0.12,
//! `provider/cli_profile.py` and `provider/profile.py`):
//!
//! - Huawei Cloud: an INI file, `HUAWEICLOUD_SDK_CREDENTIALS_FILE` or
//!   `~/.huaweicloud/credentials`; the section `[basic]` holds the credentials of regional
//!   (project-scoped) services: `ak`, `sk`, `security_token`, `project_id`.
//! - Alibaba Cloud CLI: `~/.aliyun/config.json`, `{"current": name, "profiles": [{"name", "mode",
//!   "access_key_id", "access_key_secret", "sts_token", "ram_role_name", ...}]}`; the profile
//!   is `ALIBABA_CLOUD_PROFILE`, else `current`.
//! - Alibaba Cloud credentials file: an INI file, `ALIBABA_CLOUD_CREDENTIALS_FILE` or
//!   `~/.alibabacloud/credentials.ini`; the section `ALIBABA_CLOUD_PROFILE`, else `default`,
//!   with `type` `access_key` (`access_key_id`, `access_key_secret`) or `ecs_ram_role`
//!   (`role_name`).

use std::path::Path;

use serde::Deserialize;

use super::{AccessKey, Credentials};

/// What a file gave: credentials, or the instance role whose credentials the metadata
/// service hands out, and the project where the file names one.
pub(crate) enum FromFile {
    Key {
        credentials: Credentials,
        project_id: Option<String>,
        /// The account, for global services (Huawei's `[global]` section).
        domain_id: Option<String>,
    },
    AlibabaEcsRole(Option<String>),
    /// An AccessKey that assumes a RAM role through STS.
    AlibabaRamRole {
        key: AccessKey,
        role_arn: String,
        session_name: Option<String>,
        policy: Option<String>,
        external_id: Option<String>,
        sts_region: Option<String>,
    },
}

/// Reads a section of a Huawei Cloud credentials file: `[basic]` for regional services (with
/// its `project_id`), `[global]` for global ones (with its `domain_id`).
pub(crate) fn huawei(path: &Path, name: &str) -> Result<FromFile, String> {
    let ini = read_ini(path)?;
    let section = ini
        .section(Some(name))
        .ok_or_else(|| format!("{} has no [{name}] section", path.display()))?;
    let value = |key: &str| section.get(key).map(str::trim).filter(|v| !v.is_empty());
    let (Some(ak), Some(sk)) = (value("ak"), value("sk")) else {
        return Err(format!(
            "the [{name}] section of {} has no ak and sk",
            path.display()
        ));
    };
    let mut key = AccessKey::new(ak, sk);
    if let Some(token) = value("security_token") {
        key = key.with_security_token(token);
    }
    let scoped = |section: &str, key: &str| (name == section).then(|| value(key)).flatten();
    Ok(FromFile::Key {
        credentials: Credentials::HuaweiAkSk(key),
        project_id: scoped("basic", "project_id").map(str::to_owned),
        domain_id: scoped("global", "domain_id").map(str::to_owned),
    })
}

#[derive(Deserialize)]
struct CliConfig {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    profiles: Vec<CliProfile>,
}

#[derive(Deserialize)]
struct CliProfile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    sts_token: Option<String>,
    #[serde(default)]
    ram_role_name: Option<String>,
    #[serde(default)]
    ram_role_arn: Option<String>,
    #[serde(default)]
    ram_session_name: Option<String>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    external_id: Option<String>,
    #[serde(default)]
    sts_region: Option<String>,
}

/// Reads a profile of the Alibaba Cloud CLI's `config.json`: `name`, else the file's current.
pub(crate) fn alibaba_cli(path: &Path, name: Option<&str>) -> Result<FromFile, String> {
    let text = read(path)?;
    let config: CliConfig = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a CLI configuration: {e}", path.display()))?;
    let name = name
        .map(str::to_owned)
        .or(config.current)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| format!("{} names no current profile", path.display()))?;
    let profile = config
        .profiles
        .into_iter()
        .find(|p| p.name.as_deref() == Some(name.as_str()))
        .ok_or_else(|| format!("{} has no profile `{name}`", path.display()))?;
    let key = |profile: &CliProfile| match (&profile.access_key_id, &profile.access_key_secret) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => {
            Ok(AccessKey::new(id, secret))
        }
        _ => Err(format!(
            "the profile `{name}` of {} has no access_key_id and access_key_secret",
            path.display()
        )),
    };
    let mode = profile.mode.as_deref().unwrap_or_default();
    let credentials = match mode {
        "AK" => Credentials::AlibabaAccessKey(key(&profile)?),
        "StsToken" => {
            let token = profile.sts_token.clone().filter(|t| !t.is_empty()).ok_or_else(|| {
                format!("the StsToken profile `{name}` of {} has no sts_token", path.display())
            })?;
            Credentials::AlibabaAccessKey(key(&profile)?.with_security_token(token))
        }
        "EcsRamRole" => {
            return Ok(FromFile::AlibabaEcsRole(
                profile.ram_role_name.filter(|r| !r.is_empty()),
            ))
        }
        "RamRoleArn" => {
            let role_arn = profile.ram_role_arn.clone().filter(|r| !r.is_empty()).ok_or_else(|| {
                format!("the RamRoleArn profile `{name}` of {} has no ram_role_arn", path.display())
            })?;
            let non_empty = |value: &Option<String>| value.clone().filter(|v| !v.is_empty());
            return Ok(FromFile::AlibabaRamRole {
                key: key(&profile)?,
                role_arn,
                session_name: non_empty(&profile.ram_session_name),
                policy: non_empty(&profile.policy),
                external_id: non_empty(&profile.external_id),
                sts_region: non_empty(&profile.sts_region),
            });
        }
        other => {
            return Err(format!(
                "the profile `{name}` of {} has mode `{other}`, which this client does not read (it reads AK, StsToken, RamRoleArn and EcsRamRole)",
                path.display()
            ))
        }
    };
    Ok(FromFile::Key {
        credentials,
        project_id: None,
        domain_id: None,
    })
}

/// Reads a section of an Alibaba Cloud `credentials.ini`.
pub(crate) fn alibaba_ini(path: &Path, section: &str) -> Result<FromFile, String> {
    let ini = read_ini(path)?;
    let values = ini
        .section(Some(section))
        .ok_or_else(|| format!("{} has no [{section}] section", path.display()))?;
    // The SDK cuts a value at `#`.
    let value = |key: &str| {
        values
            .get(key)
            .map(|v| v.split('#').next().unwrap_or_default().trim())
            .filter(|v| !v.is_empty())
    };
    match value("type") {
        Some("access_key") => match (value("access_key_id"), value("access_key_secret")) {
            (Some(id), Some(secret)) => Ok(FromFile::Key {
                credentials: Credentials::AlibabaAccessKey(AccessKey::new(id, secret)),
                project_id: None,
                domain_id: None,
            }),
            _ => Err(format!(
                "the [{section}] section of {} has no access_key_id and access_key_secret",
                path.display()
            )),
        },
        Some("ecs_ram_role") => Ok(FromFile::AlibabaEcsRole(value("role_name").map(str::to_owned))),
        Some("ram_role_arn") => match (
            value("access_key_id"),
            value("access_key_secret"),
            value("role_arn"),
        ) {
            (Some(id), Some(secret), Some(role_arn)) => Ok(FromFile::AlibabaRamRole {
                key: AccessKey::new(id, secret),
                role_arn: role_arn.to_owned(),
                session_name: value("role_session_name").map(str::to_owned),
                policy: value("policy").map(str::to_owned),
                external_id: None,
                sts_region: None,
            }),
            _ => Err(format!(
                "the [{section}] section of {} has no access_key_id, access_key_secret and role_arn",
                path.display()
            )),
        },
        Some(other) => Err(format!(
            "the [{section}] section of {} has type `{other}`, which this client does not read (it reads access_key, ram_role_arn and ecs_ram_role)",
            path.display()
        )),
        None => Err(format!("the [{section}] section of {} has no type", path.display())),
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{} does not exist", path.display()),
        _ => format!("{} cannot be read: {e}", path.display()),
    })
}

fn read_ini(path: &Path) -> Result<ini::Ini, String> {
    ini::Ini::load_from_str(&read(path)?)
        .map_err(|e| format!("{} is not an INI file: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("file");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn key(found: FromFile) -> (Credentials, Option<String>) {
        match found {
            FromFile::Key {
                credentials,
                project_id,
                ..
            } => (credentials, project_id),
            _ => panic!("a key was expected"),
        }
    }

    #[test]
    fn huawei_reads_the_basic_section() {
        let (_dir, path) = file(
            "[global]\nak = G\nsk = GS\n\n[basic]\nak = HPUA\nsk = secret-sk\nproject_id = p-1\n",
        );
        let (credentials, project) = key(huawei(&path, "basic").unwrap());
        assert_eq!(
            credentials,
            Credentials::HuaweiAkSk(AccessKey::new("HPUA", "secret-sk"))
        );
        assert_eq!(project.as_deref(), Some("p-1"));
        let (_dir, path) = file("[basic]\nak = HPUA\n");
        assert!(huawei(&path, "basic")
            .err()
            .unwrap()
            .contains("no ak and sk"));
        assert!(huawei(Path::new("/nonexistent/credentials"), "basic")
            .err()
            .unwrap()
            .contains("does not exist"));
    }

    #[test]
    fn alibaba_cli_reads_the_current_or_named_profile() {
        let (_dir, path) = file(
            r#"{"current": "sts", "profiles": [
                {"name": "ak", "mode": "AK", "access_key_id": "LTAI", "access_key_secret": "s1"},
                {"name": "sts", "mode": "StsToken", "access_key_id": "STS.x", "access_key_secret": "s2", "sts_token": "t2"},
                {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "role-a"},
                {"name": "sso", "mode": "CloudSSO"}
            ]}"#,
        );
        let (current, _) = key(alibaba_cli(&path, None).unwrap());
        assert_eq!(
            current,
            Credentials::AlibabaAccessKey(AccessKey::new("STS.x", "s2").with_security_token("t2"))
        );
        let (named, _) = key(alibaba_cli(&path, Some("ak")).unwrap());
        assert_eq!(
            named,
            Credentials::AlibabaAccessKey(AccessKey::new("LTAI", "s1"))
        );
        assert!(matches!(
            alibaba_cli(&path, Some("ecs")),
            Ok(FromFile::AlibabaEcsRole(Some(role))) if role == "role-a"
        ));
        assert!(alibaba_cli(&path, Some("sso"))
            .err()
            .unwrap()
            .contains("mode `CloudSSO`"));
        assert!(alibaba_cli(&path, Some("none"))
            .err()
            .unwrap()
            .contains("no profile `none`"));
    }

    #[test]
    fn alibaba_ini_reads_access_keys_and_roles() {
        let (_dir, path) = file(
            "[default]\ntype = access_key   # a key\naccess_key_id = LTAI\naccess_key_secret = s3\n\n[ecs]\ntype = ecs_ram_role\nrole_name = role-b\n",
        );
        let (credentials, _) = key(alibaba_ini(&path, "default").unwrap());
        assert_eq!(
            credentials,
            Credentials::AlibabaAccessKey(AccessKey::new("LTAI", "s3"))
        );
        assert!(matches!(
            alibaba_ini(&path, "ecs"),
            Ok(FromFile::AlibabaEcsRole(Some(role))) if role == "role-b"
        ));
        assert!(alibaba_ini(&path, "other")
            .err()
            .unwrap()
            .contains("no [other] section"));
    }
}
