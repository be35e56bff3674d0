//! The spec files as written: plain serde structs that mirror the YAML one to one.
//!
//! Every struct rejects unknown keys, so a misspelt key is an error with a line number rather
//! than a silently ignored value. Nothing here is interpreted: type expressions stay strings,
//! names stay as the documentation spells them. The `resolve` stage gives them meaning.

use serde::{Deserialize, Serialize};

/// `service.yaml`: what the documentation pages of a service leave implicit and is written by
/// hand (endpoints, authentication, error shape), plus schemas shared by its operations.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFile {
    /// Cloud vendor; becomes the top-level module of the generated crate.
    pub vendor: Vendor,
    /// Short service name as the vendor spells it (`cce`, `cs`, `workspace`); becomes the module
    /// and, prefixed with the vendor, the cargo feature.
    pub service: String,
    /// Human title of the service, for documentation.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// API version the vendor requires on every request (Alibaba Cloud's `2015-12-15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    pub endpoint: EndpointSpec,
    /// `global` for a Huawei Cloud global service (IAM, ...), whose calls are scoped to the
    /// account (`X-Domain-Id`) rather than a project; regional otherwise.
    #[serde(default, skip_serializing_if = "Scope::is_regional")]
    pub scope: Scope,
    /// Authentication schemes the service accepts, in order of preference.
    pub auth: Vec<AuthScheme>,
    /// Response header carrying the vendor's request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id_header: Option<String>,
    /// The body the service returns with an error status.
    pub errors: ErrorSpec,
    /// Whether schemas named by a dotted package path (`io.k8s.api.core.v1.Pod`) are generated
    /// in a module per package (`types::core_v1::Pod`), for an API whose packages reuse type
    /// names (`autoscaling.v1` and `autoscaling.v2` both have `HorizontalPodAutoscaler`).
    /// Such types are the API's own named types and are never merged by shape (`unify`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub types_by_package: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SchemaSpec>,
    /// Waiters: operations polled until a long-running change is done or failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiters: Vec<WaiterSpec>,
}

/// A waiter: an operation polled until its reply shows a state, or until the resource is gone.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WaiterSpec {
    /// The waiter's method is `wait_until_<name>` on the operation's request builder.
    pub name: String,
    /// The operation polled; a name ending in `*` is every operation whose name starts so.
    pub operation: String,
    /// What the waiter waits for, for its documentation.
    pub description: String,
    /// Where the states and their meaning come from.
    pub source: String,
    /// Dotted wire path of the state in the success reply (`status.phase`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The states that mean done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub success: Vec<String>,
    /// The states that mean failed: the wait ends with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<String>,
    /// Dotted wire path of the failure reason in the reply (`status.reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Done when the service answers 404: the resource is gone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
    /// Seconds before the first poll is repeated; doubled after each poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<u64>,
    /// Most seconds between two polls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_delay: Option<u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Regional,
    Global,
}

impl Scope {
    fn is_regional(&self) -> bool {
        *self == Scope::Regional
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Vendor {
    Huawei,
    Alibaba,
    Kubernetes,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// URL with a `{region}` placeholder, e.g. `https://cce.{region}.myhuaweicloud.com`.
    /// Absent when every caller must supply the address (a cluster's own API server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Regions whose endpoint does not follow the template; with `regions_source`, every
    /// region the service has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionEndpoint>,
    /// Where the complete table of `regions` comes from (an SDK's region file, a definition);
    /// with it, a region that is not listed is refused unless the caller sets an endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions_source: Option<String>,
    /// What the caller must know about the address, for documentation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegionEndpoint {
    pub region: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthScheme {
    /// Huawei Cloud IAM token in `X-Auth-Token`.
    HuaweiToken,
    /// Huawei Cloud AK/SK request signing (`SDK-HMAC-SHA256`).
    HuaweiAksk,
    /// Alibaba Cloud AccessKey signing (`ACS3-HMAC-SHA256`).
    AlibabaAcs3,
    /// A bearer token in `Authorization` (a Kubernetes service account or kubeconfig token).
    BearerToken,
    /// A TLS client certificate (a Kubernetes kubeconfig user).
    ClientCertificate,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// Type expression of the error body (normally the name of a schema).
    pub body: String,
    /// Property of the error body that holds the vendor's error code.
    pub code: String,
    /// Property of the error body that holds the human-readable message.
    pub message: String,
}

/// `schemas.yaml`: schemas shared by several operations of a service, written by an importer
/// (never by hand) so that a schema the vendor's definitions repeat identically is one type.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SchemasFile {
    /// What the schemas were imported from.
    pub source: String,
    pub schemas: Vec<SchemaSpec>,
}

/// One file under `operations/`: everything one documentation page says about an endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OperationFile {
    /// The vendor's operation name (`DeletePodIdentityAssociation`).
    pub operation: String,
    /// Where the transcription came from.
    pub source: SourceSpec,
    /// Page title.
    pub title: String,
    /// The page's "Function" / description text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Everything else the page says in prose that has no field of its own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub method: HttpMethod,
    /// The API group and version the operation belongs to (`rbac-authorization-v1`), where the
    /// service has several: its own cargo feature, `<service feature>-<group>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Path template with `{name}` placeholders, exactly as documented.
    pub path: String,
    /// Overrides whether the operation may be retried; defaults by method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<PermissionSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<FieldSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBodySpec>,
    /// Every documented status code, success and error alike.
    pub responses: Vec<ResponseSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<ExampleSpec>,
    /// Named schemas this page defines; they join the service's schemas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SchemaSpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The page's title path or file name.
    pub page: String,
    /// The page's "Updated on" line, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// The definition file whose spec the page refined (`cloudgen import-page` over an
    /// operation `cloudgen import-definitions` wrote): the spec keeps what only the definitions
    /// state, and the definitions importer keeps sharing the schemas it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refines: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
}

impl HttpMethod {
    /// The method as the wire and the documentation spell it.
    pub fn as_str(self) -> &'static str {
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
}

/// A row of the page's permission (authorization) table.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionSpec {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_level: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resource_types: Vec<ResourceTypeSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub condition_keys: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceTypeSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Resource name pattern, where the page gives one (`acs:cs:{#regionId}:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    /// A part of a `multipart/form-data` body (an upload form's fields and files).
    Form,
}

impl ParameterLocation {
    /// The location as the spec format writes it (`in: query`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Form => "form",
        }
    }
}

/// How a query parameter's list is written into one value (OpenAPI 3's `style` names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryStyle {
    /// The value as compact JSON text (`ids=["a","b"]`): Alibaba's `json` style.
    Json,
    /// The elements joined by commas (`ids=a,b`).
    Simple,
}

/// Who supplies a parameter's value when it is not the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManagedBy {
    /// The credentials of the client (`X-Auth-Token`).
    Auth,
    /// The encoding of the request body (`Content-Type`).
    ContentType,
    /// The client's configured project, unless the caller sets it (`project_id`).
    Project,
}

/// A row of a parameter table (path, query, header) or of a body/object table.
///
/// Parameters and object properties share one struct so that both reject unknown keys; the
/// keys that only make sense for one of them (`in`, `managed` / `aliases`) are checked by the
/// `resolve` stage.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Wire name, exactly as documented.
    pub name: String,
    /// Parameters only: where the parameter travels.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<ParameterLocation>,
    /// Parameters only: who supplies the value when it is not the caller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<ManagedBy>,
    /// Properties only: other wire names the vendor uses for the same property (`Code`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Type expression: `string`, `integer` (32-bit), `long` (64-bit), `number`, `boolean`,
    /// `json`, `array<T>`, `map<T>` or the name of a schema; `binary` (raw bytes: a file) only
    /// for a form parameter.
    #[serde(rename = "type")]
    pub type_expr: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The page's constraint text ("Constraints:" block or prose).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<String>,
    /// The page's "Options:" / "Range" text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<String>,
    /// Documented default value, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Example value from the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Arrays only: the fewest items the array holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// Arrays only: the most items the array holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// Arrays only: no item appears twice.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// Arrays of strings only: the constraints of each item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<ItemsSpec>,
    /// Strings only: the form of the text (`date`, `date-time`, `uuid`), as OpenAPI names it.
    /// A number's size is its type (`integer`, `long`), not a format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Properties only: set by the service, which ignores it in requests. The field is still
    /// serialized, because one schema serves requests and replies.
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// The value is sensitive: personal data (a user name, an e-mail address) or a secret; it
    /// does not belong in logs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
    /// Deprecation notice; its presence marks the field deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// Query parameters only: how a list is written into one value, where it is not repeated
    /// once per element (`name=a&name=b`, the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<QueryStyle>,
    /// Rust name to use instead of the one derived from the wire name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// The constraints of each item of an array of strings; the keys mean what they mean in
/// [`FieldSpec`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemsSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBodySpec {
    /// Type expression of the body.
    #[serde(rename = "type")]
    pub type_expr: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(
        default = "default_content_type",
        skip_serializing_if = "is_default_content_type"
    )]
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn default_content_type() -> String {
    "application/json".to_owned()
}

fn is_default_content_type(content_type: &str) -> bool {
    content_type == "application/json"
}

fn is_false(value: &bool) -> bool {
    !*value
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseSpec {
    pub status: u16,
    /// The status code's description from the page.
    pub description: String,
    /// Absent when the page documents no body for this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<ResponseBodySpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBodySpec {
    /// Type expression of the body; `binary` for a reply read as raw bytes (a download).
    #[serde(rename = "type")]
    pub type_expr: String,
    /// The media type the documentation gives the reply.
    #[serde(
        default = "default_content_type",
        skip_serializing_if = "is_default_content_type"
    )]
    pub content_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl ResponseBodySpec {
    /// A JSON reply body of type `type_expr`.
    pub fn json(type_expr: String, description: Option<String>) -> Self {
        ResponseBodySpec {
            type_expr,
            content_type: default_content_type(),
            description,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExampleKind {
    Request,
    Response,
}

/// An example request or response from the page.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub kind: ExampleKind,
    /// For responses, the status the example belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// For requests, the request line as printed on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_line: Option<String>,
    /// The JSON body exactly as printed on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

/// A named, reusable schema. Exactly one of `properties`, `values` and `alias` is present.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Name as the documentation spells it (`io.k8s.apimachinery.pkg.apis.meta.v1.Status`).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Rust type name to use instead of the derived one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
    /// An object and its properties, in page order. `properties: []` is an empty object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<FieldSpec>>,
    /// A closed set of string values; unknown values are still accepted at run time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValueSpec>>,
    /// Another name for a type expression (`array<ResourceTag>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// `supplements/<Operation>.yaml`: the constraints and optional parameters an operation's
/// machine-readable definition states and its documentation page leaves out, written by `cloudgen import-definitions` (never
/// by hand) beside an operation spec transcribed from a page.
///
/// The page's spec stays exactly as the page importer writes it; the `resolve` stage fills the
/// fields the page left empty from this file, so the generated client holds what both sources
/// state. Where the page states a value, the page's value is used.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementFile {
    /// The operation it completes; the file is named after it.
    pub operation: String,
    /// The definition file the facts come from.
    pub source: String,
    /// Constraints of the operation's parameters, each named by `name` and `in`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<SupplementField>,
    /// Constraints of the properties of the page's schemas, by schema name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemas: Vec<SupplementSchema>,
    /// Optional parameters of plain types (no schema) that only the definition lists, whole as
    /// the definition states them: the page leaves them out, and sending none of them is what
    /// the page's spec already does, so adding them takes nothing away.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_parameters: Vec<FieldSpec>,
}

/// The properties of one named schema that a supplement completes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementSchema {
    /// The schema's name as the page's spec spells it.
    pub name: String,
    pub properties: Vec<SupplementField>,
}

/// The machine-form constraints of one parameter or property that only the definition states;
/// the keys mean what they mean in [`FieldSpec`].
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SupplementField {
    /// Wire name, as the page's spec spells it.
    pub name: String,
    /// Parameters only: where the parameter travels, which with the name picks it out.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<ParameterLocation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}
