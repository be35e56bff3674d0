//! Client construction: endpoint resolution, validation, and secrets staying hidden.

mod support;

use std::time::Duration;

use cloudgen_runtime::{Client, Config, Credentials};
use support::*;

#[test]
fn endpoint_from_template_and_region() {
    let client = Client::new(&CCE, test_config().region("cn-north-4")).unwrap();
    assert_eq!(
        client.base_url(),
        "https://cce.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(client.region(), Some("cn-north-4"));
}

#[test]
fn endpoint_from_region_override() {
    let client = Client::new(&CCE, test_config().region("eu-west-101")).unwrap();
    assert_eq!(
        client.base_url(),
        "https://cce.eu-west-101.myhuaweicloud.eu"
    );
}

#[test]
fn explicit_endpoint_wins_and_keeps_its_prefix() {
    let client = Client::new(
        &CCE,
        test_config()
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:9000/prefix/"),
    )
    .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9000/prefix");
}

#[test]
fn missing_region_names_the_service_and_what_to_set() {
    let error = Client::new(&CCE, Config::new()).unwrap_err();
    assert_eq!(error.service(), "cce");
    let text = error.to_string();
    assert!(text.contains("service `cce`"), "{text}");
    assert!(text.contains("Config::region"), "{text}");
    assert!(text.contains("Config::endpoint"), "{text}");
}

#[test]
fn invalid_endpoint_and_settings_are_refused() {
    let error = Client::new(&CCE, Config::new().endpoint("not a url")).unwrap_err();
    assert!(
        error.to_string().contains("not a valid absolute URL"),
        "{error}"
    );

    let error = Client::new(&CCE, Config::new().region("x").timeout(Duration::ZERO)).unwrap_err();
    assert!(error.reason().contains("Config::timeout"), "{error}");

    let error = Client::new(&CCE, Config::new().region("x").user_agent("a\nb")).unwrap_err();
    assert!(error.reason().contains("Config::user_agent"), "{error}");
}

#[test]
fn credentials_must_suit_the_service() {
    let error = Client::new(
        &CS,
        Config::new()
            .region("cn-hangzhou")
            .credentials(Credentials::huawei_token("tok-secret-1")),
    )
    .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("Huawei IAM token"), "{text}");
    assert!(!text.contains("tok-secret-1"), "{text}");

    let error = Client::new(
        &CCE,
        Config::new()
            .region("cn-north-4")
            .credentials(Credentials::huawei_token("bad\ntoken-secret-2")),
    )
    .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(text.contains("IAM token"), "{text}");
    assert!(!text.contains("token-secret-2"), "{text}");
}

#[test]
fn debug_output_has_no_secrets() {
    let config = Config::new()
        .region("cn-north-4")
        .credentials(Credentials::huawei_token("MIIZ-super-secret-token"));
    let config_debug = format!("{config:?}");
    assert!(
        !config_debug.contains("MIIZ-super-secret-token"),
        "{config_debug}"
    );
    assert!(config_debug.contains("***"), "{config_debug}");

    let client = Client::new(&CCE, config).unwrap();
    let client_debug = format!("{client:?} {client:#?}");
    assert!(
        !client_debug.contains("MIIZ-super-secret-token"),
        "{client_debug}"
    );
}

#[test]
fn public_types_are_thread_safe_errors() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<cloudgen_runtime::Request>();
    assert_send_sync::<cloudgen_runtime::Response>();
    assert_error::<Error>();
    assert_error::<cloudgen_runtime::ConfigError>();
    assert_error::<cloudgen_runtime::RequestError>();
}

#[test]
fn execute_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = Client::new(&CCE, test_config().region("cn-north-4")).unwrap();
    let future = client.execute::<TestError>(cloudgen_runtime::Request::new(&LIST_ITEMS));
    assert_send(&future);
    drop(future);
}
