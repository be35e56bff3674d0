//! Choosing and validating a service's base URL.
//!
//! Done once in [`Client::new`](crate::Client::new), so a missing region or a malformed
//! endpoint is reported when the client is built, naming the service and what to set, rather
//! than as a confusing transport error on the first call.

use crate::config::Config;
use crate::descriptor::{ServiceDescriptor, Vendor};
use crate::error::ConfigError;

/// The placeholder an endpoint template uses for the region.
const REGION_PLACEHOLDER: &str = "{region}";

/// The base URL for `service` under `config`, without a trailing `/`.
///
/// Precedence: an explicit endpoint, then the service's per-region override, then the
/// endpoint template with the region filled in.
pub(crate) fn resolve(service: &ServiceDescriptor, config: &Config) -> Result<String, ConfigError> {
    let url = match (&config.endpoint, &config.region) {
        (Some(endpoint), _) => endpoint.clone(),
        (None, Some(region)) => for_region(service, region)?,
        (None, None) => match service.endpoint_template {
            Some(template) if !template.contains(REGION_PLACEHOLDER) => template.to_owned(),
            Some(_) => {
                return Err(ConfigError::new(
                    service.name,
                    format!(
                        "no region or endpoint is configured: set Config::region (e.g. \"{}\") or Config::endpoint",
                        example_region(service.vendor)
                    ),
                ))
            }
            None => {
                return Err(ConfigError::new(
                    service.name,
                    "the service has no default endpoint: set Config::endpoint to its base URL",
                ))
            }
        },
    };
    validate_base_url(service, &url)
}

fn for_region(service: &ServiceDescriptor, region: &str) -> Result<String, ConfigError> {
    // The region becomes part of a host name; anything beyond letters, digits and '-' could
    // redirect calls to another host (`evil.com#`), so it is refused.
    if region.is_empty()
        || !region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(ConfigError::new(
            service.name,
            format!(
                "region {region:?} is not a valid region name: use letters, digits and '-' (e.g. \"{}\")",
                example_region(service.vendor)
            ),
        ));
    }
    if let Some((_, url)) = service.region_endpoints.iter().find(|(r, _)| *r == region) {
        return Ok((*url).to_owned());
    }
    if service.regions_complete {
        let known: Vec<&str> = service.region_endpoints.iter().map(|(r, _)| *r).collect();
        return Err(ConfigError::new(
            service.name,
            format!(
                "the region `{region}` is not one of the {} regions known for this service ({}): check the name, or set Config::endpoint to the service's base URL in that region",
                known.len(),
                known.join(", ")
            ),
        ));
    }
    match service.endpoint_template {
        Some(template) => Ok(template.replace(REGION_PLACEHOLDER, region)),
        None => Err(ConfigError::new(
            service.name,
            format!("no endpoint is known for region `{region}`: set Config::endpoint to the service's base URL"),
        )),
    }
}

fn example_region(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Huawei => "cn-north-4",
        Vendor::Alibaba => "cn-hangzhou",
        Vendor::Kubernetes => "",
    }
}

/// Checks that `url` is an absolute http(s) URL with a host and nothing that would be lost or
/// leaked when operation paths are appended (query, fragment, user information).
fn validate_base_url(service: &ServiceDescriptor, url: &str) -> Result<String, ConfigError> {
    // User information may hold a password: never quote such a URL.
    let shown = if url.contains('@') {
        "(hidden: it contains '@')".to_owned()
    } else {
        format!("`{url}`")
    };
    let invalid = |what: &str| ConfigError::new(service.name, format!("endpoint {shown} {what}"));
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| invalid("is not a valid absolute URL").with_source(e))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if !matches!(parsed.host_str(), Some(host) if !host.is_empty()) {
        return Err(invalid("has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid(
            "must not contain user information; configure credentials instead",
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid("must not contain a query or fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::descriptor::AuthScheme;

    static CCE: ServiceDescriptor = ServiceDescriptor {
        vendor: Vendor::Huawei,
        name: "cce",
        api_version: None,
        endpoint_template: Some("https://cce.{region}.myhuaweicloud.com"),
        region_endpoints: &[("eu-west-101", "https://cce.eu-west-101.myhuaweicloud.eu/")],
        regions_complete: false,
        global: false,
        auth: &[AuthScheme::HuaweiToken],
        request_id_header: Some("X-Request-Id"),
    };

    static NO_TEMPLATE: ServiceDescriptor = ServiceDescriptor {
        vendor: Vendor::Alibaba,
        name: "cs",
        api_version: Some("2015-12-15"),
        endpoint_template: None,
        region_endpoints: &[],
        regions_complete: false,
        global: false,
        auth: &[],
        request_id_header: None,
    };

    static GLOBAL: ServiceDescriptor = ServiceDescriptor {
        vendor: Vendor::Huawei,
        name: "iam",
        api_version: None,
        endpoint_template: Some("https://iam.myhuaweicloud.com"),
        region_endpoints: &[],
        regions_complete: false,
        global: false,
        auth: &[],
        request_id_header: None,
    };

    fn reason(result: Result<String, ConfigError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn precedence() {
        let region = Config::new().region("cn-north-4");
        assert_eq!(
            resolve(&CCE, &region).unwrap(),
            "https://cce.cn-north-4.myhuaweicloud.com"
        );
        let region = Config::new().region("eu-west-101");
        assert_eq!(
            resolve(&CCE, &region).unwrap(),
            "https://cce.eu-west-101.myhuaweicloud.eu"
        );
        let explicit = Config::new()
            .region("cn-north-4")
            .endpoint("http://127.0.0.1:8080/prefix/");
        assert_eq!(
            resolve(&CCE, &explicit).unwrap(),
            "http://127.0.0.1:8080/prefix"
        );
        assert_eq!(
            resolve(&GLOBAL, &Config::new()).unwrap(),
            "https://iam.myhuaweicloud.com"
        );
    }

    #[test]
    fn missing_region_names_service_and_setting() {
        let message = reason(resolve(&CCE, &Config::new()));
        assert!(message.contains("`cce`"), "{message}");
        assert!(message.contains("Config::region"), "{message}");
        assert!(message.contains("Config::endpoint"), "{message}");
        let message = reason(resolve(&NO_TEMPLATE, &Config::new().region("cn-hangzhou")));
        assert!(message.contains("Config::endpoint"), "{message}");
    }

    #[test]
    fn refuses_bad_regions_and_endpoints() {
        for region in ["", "evil.com#", "a/b", "cn north"] {
            let message = reason(resolve(&CCE, &Config::new().region(region)));
            assert!(message.contains("not a valid region"), "{message}");
        }
        for (endpoint, expected) in [
            ("cce.example.com", "not a valid absolute URL"),
            ("ftp://cce.example.com", "http or https"),
            ("https://user:pw@cce.example.com", "user information"),
            ("https://cce.example.com/?a=b", "query or fragment"),
            ("https://cce.example.com/#x", "query or fragment"),
        ] {
            let message = reason(resolve(&CCE, &Config::new().endpoint(endpoint)));
            assert!(message.contains(expected), "{endpoint}: {message}");
            assert!(!message.contains("pw@"), "{message}");
        }
    }

    static LISTED: ServiceDescriptor = ServiceDescriptor {
        vendor: Vendor::Alibaba,
        name: "cs",
        api_version: None,
        endpoint_template: Some("https://cs.{region}.aliyuncs.com"),
        region_endpoints: &[
            ("cn-hangzhou", "https://cs.cn-hangzhou.aliyuncs.com"),
            ("cn-wuhan", "https://cs.aliyuncs.com"),
        ],
        regions_complete: true,
        global: false,
        auth: &[],
        request_id_header: None,
    };

    #[test]
    fn a_complete_table_serves_central_regions_and_refuses_unknown_ones() {
        let url = |region: &str| resolve(&LISTED, &Config::new().region(region));
        assert_eq!(url("cn-wuhan").unwrap(), "https://cs.aliyuncs.com");
        assert_eq!(
            url("cn-hangzhou").unwrap(),
            "https://cs.cn-hangzhou.aliyuncs.com"
        );
        let error = url("cn-hangzhuo").unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("`cn-hangzhuo` is not one of the 2 regions"),
            "{text}"
        );
        assert!(text.contains("cn-hangzhou, cn-wuhan"), "{text}");
        assert!(text.contains("Config::endpoint"), "{text}");
        // An endpoint still reaches any region.
        let config = Config::new()
            .region("cn-new-1")
            .endpoint("https://cs.cn-new-1.aliyuncs.com");
        assert_eq!(
            resolve(&LISTED, &config).unwrap(),
            "https://cs.cn-new-1.aliyuncs.com"
        );
    }
}
