//! The client configuration of a cluster's Kubernetes API from a kubeconfig file, as kubectl
//! reads it.
//!
//! ```no_run
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = cloudgen_kubeconfig::load(None)?.into_config();
//! # let _ = config;
//! # Ok(())
//! # }
//! ```
//!
//! The file is `KUBECONFIG` (kubectl's list of files: the first that exists and holds the
//! context is read) or `~/.kube/config`; the context is the one named, else
//! `current-context`. From it come the server (the client's endpoint), the cluster's CA
//! (`certificate-authority-data`, or the file `certificate-authority`, relative to the
//! kubeconfig's folder), and the user's credentials: a bearer `token` (or `tokenFile`), or a
//! client certificate and key (`client-certificate-data`/`client-key-data`, or the files
//! `client-certificate`/`client-key`). What this client cannot do is an error that names it:
//! `exec` and `auth-provider` plugins, basic authentication, `insecure-skip-tls-verify`.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde::Deserialize;

use cloudgen_runtime::{Config, Credentials};

/// A kubeconfig that cannot be read or used; names the file and what is wrong, never a
/// secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("kubeconfig {path}: {reason}")]
pub struct KubeconfigError {
    path: String,
    reason: String,
}

impl KubeconfigError {
    fn new(path: &Path, reason: impl Into<String>) -> Self {
        KubeconfigError {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }

    /// What is wrong.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

#[derive(Deserialize)]
struct File {
    #[serde(rename = "current-context", default)]
    current_context: Option<String>,
    #[serde(default)]
    clusters: Vec<Named<Cluster>>,
    #[serde(default)]
    users: Vec<Named<User>>,
    #[serde(default)]
    contexts: Vec<Named<Context>>,
}

#[derive(Deserialize)]
struct Named<T> {
    name: String,
    #[serde(alias = "cluster", alias = "user", alias = "context")]
    value: Option<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Cluster {
    server: Option<String>,
    certificate_authority_data: Option<String>,
    certificate_authority: Option<String>,
    #[serde(default)]
    insecure_skip_tls_verify: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct User {
    token: Option<String>,
    #[serde(rename = "tokenFile")]
    token_file: Option<String>,
    client_certificate_data: Option<String>,
    client_key_data: Option<String>,
    client_certificate: Option<String>,
    client_key: Option<String>,
    username: Option<String>,
    exec: Option<serde_yaml::Value>,
    auth_provider: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
struct Context {
    cluster: String,
    user: Option<String>,
}

/// What a kubeconfig context gives a client: the server, the CA to trust, and the user's
/// credentials. `Debug` shows sizes, not the CA, the key or the token.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ClusterAccess {
    /// The API server's base URL.
    pub server: String,
    /// The cluster's CA certificate(s), PEM.
    pub certificate_authority: Option<Vec<u8>>,
    /// A bearer token, when the user has one.
    pub credentials: Option<Credentials>,
    /// The user's client certificate followed by its private key, PEM.
    pub client_identity: Option<Vec<u8>>,
}

impl ClusterAccess {
    /// The client configuration: the server as the endpoint, the CA trusted, the token as the
    /// credentials and the certificate as the TLS client identity.
    pub fn into_config(self) -> Config {
        let mut config = Config::new().endpoint(self.server);
        if let Some(ca) = self.certificate_authority {
            config = config.ca_certificate_pem(ca);
        }
        if let Some(credentials) = self.credentials {
            config = config.credentials(credentials);
        }
        if let Some(identity) = self.client_identity {
            config = config.client_identity_pem(identity);
        }
        config
    }
}

impl std::fmt::Debug for ClusterAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterAccess")
            .field("server", &self.server)
            .field(
                "certificate_authority_bytes",
                &self.certificate_authority.as_ref().map(Vec::len),
            )
            .field("credentials", &self.credentials)
            .field(
                "client_identity_bytes",
                &self.client_identity.as_ref().map(Vec::len),
            )
            .finish()
    }
}

/// The environment variables and home folder [`load`] reads, so tests can make them up.
struct Environment {
    kubeconfig: Option<std::ffi::OsString>,
    home: Option<PathBuf>,
}

impl Environment {
    fn process() -> Self {
        Environment {
            kubeconfig: std::env::var_os("KUBECONFIG"),
            home: std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .filter(|home| !home.is_empty())
                .map(PathBuf::from),
        }
    }
}

/// A context of the kubeconfig kubectl would read (`KUBECONFIG`, else `~/.kube/config`):
/// `context`, else the current one.
pub fn load(context: Option<&str>) -> Result<ClusterAccess, KubeconfigError> {
    load_in(&Environment::process(), context)
}

/// A context of the kubeconfig file at `path`: `context`, else the current one.
pub fn load_file(
    path: impl AsRef<Path>,
    context: Option<&str>,
) -> Result<ClusterAccess, KubeconfigError> {
    read(path.as_ref(), context)
}

fn load_in(env: &Environment, context: Option<&str>) -> Result<ClusterAccess, KubeconfigError> {
    let listed: Vec<PathBuf> = match env.kubeconfig.as_ref().filter(|list| !list.is_empty()) {
        Some(list) => std::env::split_paths(list)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        None => env
            .home
            .iter()
            .map(|home| home.join(".kube").join("config"))
            .collect(),
    };
    let mut last = None;
    for path in listed.iter().filter(|p| p.exists()) {
        match read(path, context) {
            // Another file of the list may hold the context.
            Err(error) if error.reason.starts_with("no context") => last = Some(error),
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| {
        let names: Vec<String> = listed.iter().map(|p| p.display().to_string()).collect();
        KubeconfigError {
            path: names.join(", "),
            reason: "no kubeconfig file exists (KUBECONFIG, else ~/.kube/config)".to_owned(),
        }
    }))
}

fn read(path: &Path, context: Option<&str>) -> Result<ClusterAccess, KubeconfigError> {
    let error = |reason: String| KubeconfigError::new(path, reason);
    let text = std::fs::read_to_string(path).map_err(|e| error(format!("cannot be read: {e}")))?;
    let file: File =
        serde_yaml::from_str(&text).map_err(|e| error(format!("is not a kubeconfig: {e}")))?;
    let name = context
        .map(str::to_owned)
        .or(file.current_context.clone())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| error("no context is named and there is no current-context".to_owned()))?;
    let context =
        find(&file.contexts, &name).ok_or_else(|| error(format!("no context `{name}`")))?;
    let cluster = find(&file.clusters, &context.cluster).ok_or_else(|| {
        error(format!(
            "the context `{name}` names the cluster `{}`, which is not in the file",
            context.cluster
        ))
    })?;
    let server = cluster
        .server
        .clone()
        .ok_or_else(|| error(format!("the cluster `{}` has no server", context.cluster)))?;
    if cluster.insecure_skip_tls_verify {
        return Err(error(format!(
            "the cluster `{}` asks to skip TLS verification, which this client does not do; give its certificate-authority instead",
            context.cluster
        )));
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut access = ClusterAccess {
        server,
        certificate_authority: data_or_file(
            folder,
            cluster.certificate_authority_data.as_deref(),
            cluster.certificate_authority.as_deref(),
            "certificate-authority",
        )
        .map_err(error)?,
        credentials: None,
        client_identity: None,
    };
    let Some(user_name) = &context.user else {
        return Ok(access);
    };
    let user = find(&file.users, user_name).ok_or_else(|| {
        error(format!(
            "the context `{name}` names the user `{user_name}`, which is not in the file"
        ))
    })?;
    let unsupported = [
        (user.exec.is_some(), "an exec credential plugin"),
        (user.auth_provider.is_some(), "an auth-provider plugin"),
        (user.username.is_some(), "basic authentication"),
    ];
    if let Some((_, what)) = unsupported.iter().find(|(used, _)| *used) {
        return Err(error(format!(
            "the user `{user_name}` authenticates with {what}, which this client does not run; use a token or a client certificate"
        )));
    }
    let token = match (&user.token, &user.token_file) {
        (Some(token), _) => Some(token.trim().to_owned()),
        (None, Some(file)) => Some(
            std::fs::read_to_string(resolve(folder, file))
                .map_err(|e| {
                    error(format!(
                        "the tokenFile of `{user_name}` cannot be read: {e}"
                    ))
                })?
                .trim()
                .to_owned(),
        ),
        (None, None) => None,
    };
    access.credentials = token
        .filter(|t| !t.is_empty())
        .map(Credentials::bearer_token);
    let certificate = data_or_file(
        folder,
        user.client_certificate_data.as_deref(),
        user.client_certificate.as_deref(),
        "client-certificate",
    )
    .map_err(error)?;
    let key = data_or_file(
        folder,
        user.client_key_data.as_deref(),
        user.client_key.as_deref(),
        "client-key",
    )
    .map_err(error)?;
    match (certificate, key) {
        (Some(mut certificate), Some(key)) => {
            certificate.push(b'\n');
            certificate.extend_from_slice(&key);
            access.client_identity = Some(certificate);
        }
        (None, None) => {}
        _ => {
            return Err(error(format!(
                "the user `{user_name}` has a client certificate without its key, or a key without its certificate"
            )))
        }
    }
    Ok(access)
}

fn find<'a, T>(items: &'a [Named<T>], name: &str) -> Option<&'a T> {
    items
        .iter()
        .find(|item| item.name == name)
        .and_then(|item| item.value.as_ref())
}

/// The bytes of a `<key>-data` (base64) or of the file `<key>` names.
fn data_or_file(
    folder: &Path,
    data: Option<&str>,
    file: Option<&str>,
    key: &str,
) -> Result<Option<Vec<u8>>, String> {
    if let Some(data) = data {
        let compact: String = data.split_whitespace().collect();
        return base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map(Some)
            .map_err(|e| format!("{key}-data is not base64: {e}"));
    }
    match file {
        Some(file) => std::fs::read(resolve(folder, file))
            .map(Some)
            .map_err(|e| format!("the {key} file {file} cannot be read: {e}")),
        None => Ok(None),
    }
}

/// A path of the kubeconfig, relative to its folder, as kubectl resolves them.
fn resolve(folder: &Path, file: &str) -> PathBuf {
    let path = Path::new(file);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        folder.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
apiVersion: v1
kind: Config
current-context: cce
clusters:
- name: cce-cluster
  cluster:
    server: https://192.168.0.10:5443
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
- name: ack-cluster
  cluster:
    server: https://ack.example.com:6443
    certificate-authority: ca.pem
contexts:
- name: cce
  context: {cluster: cce-cluster, user: cce-user}
- name: ack
  context: {cluster: ack-cluster, user: ack-user}
- name: plugin
  context: {cluster: ack-cluster, user: plugin-user}
users:
- name: cce-user
  user:
    client-certificate-data: Y2VydA==
    client-key-data: a2V5
- name: ack-user
  user:
    tokenFile: token
- name: plugin-user
  user:
    exec: {command: aliyun, args: [cs, token]}
"#;

    fn kubeconfig() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), "-----BEGIN CERTIFICATE-----\n").unwrap();
        std::fs::write(dir.path().join("token"), "sa-token\n").unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, BASE).unwrap();
        (dir, path)
    }

    #[test]
    fn the_current_context_gives_server_ca_and_client_certificate() {
        let (_dir, path) = kubeconfig();
        let access = load_file(&path, None).unwrap();
        assert_eq!(access.server, "https://192.168.0.10:5443");
        assert_eq!(
            access.certificate_authority.as_deref(),
            Some(&b"-----BEGIN CERTIFICATE-----\n"[..])
        );
        assert_eq!(access.client_identity.as_deref(), Some(&b"cert\nkey"[..]));
        assert_eq!(access.credentials, None);
        assert!(!format!("{access:?}").contains("key\""));
    }

    #[test]
    fn a_named_context_gives_its_token_and_ca_file() {
        let (_dir, path) = kubeconfig();
        let access = load_file(&path, Some("ack")).unwrap();
        assert_eq!(access.server, "https://ack.example.com:6443");
        assert_eq!(
            access.credentials,
            Some(Credentials::bearer_token("sa-token"))
        );
        assert!(!format!("{access:?}").contains("sa-token"));
    }

    #[test]
    fn what_cannot_be_used_is_named() {
        let (_dir, path) = kubeconfig();
        let error = load_file(&path, Some("plugin")).unwrap_err();
        assert!(
            error.reason().contains("an exec credential plugin"),
            "{error}"
        );
        let error = load_file(&path, Some("missing")).unwrap_err();
        assert_eq!(error.reason(), "no context `missing`");
        assert!(error.to_string().contains("config"), "{error}");
    }

    #[test]
    fn kubeconfig_lists_are_searched_for_the_context() {
        let (dir, path) = kubeconfig();
        let other = dir.path().join("other");
        std::fs::write(&other, "apiVersion: v1\nkind: Config\ncontexts: []\n").unwrap();
        let env = Environment {
            kubeconfig: Some(std::env::join_paths([other, path]).unwrap()),
            home: None,
        };
        let access = load_in(&env, Some("ack")).unwrap();
        assert_eq!(access.server, "https://ack.example.com:6443");

        let home = tempfile::tempdir().unwrap();
        let env = Environment {
            kubeconfig: None,
            home: Some(home.path().to_path_buf()),
        };
        let error = load_in(&env, None).unwrap_err();
        assert!(
            error.reason().contains("no kubeconfig file exists"),
            "{error}"
        );
    }
}
