//! The checked, resolved model: every name is a Rust identifier, every type reference points at
//! a schema that exists, every parameter knows who supplies it. The `render` stage reads only
//! this model.

use std::collections::BTreeMap;

/// Every service of the specs folder, sorted by vendor and service.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Huawei,
    Alibaba,
    Kubernetes,
}

impl Vendor {
    pub fn module(self) -> &'static str {
        match self {
            Vendor::Huawei => "huawei",
            Vendor::Alibaba => "alibaba",
            Vendor::Kubernetes => "kubernetes",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Vendor::Huawei => "Huawei Cloud",
            Vendor::Alibaba => "Alibaba Cloud",
            Vendor::Kubernetes => "Kubernetes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    HuaweiToken,
    HuaweiAksk,
    AlibabaAcs3,
    BearerToken,
    ClientCertificate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub vendor: Vendor,
    /// The vendor's short name (`cce-kubernetes`).
    pub name: String,
    /// Module of the service inside the vendor's module (`cce_kubernetes`).
    pub module: String,
    /// Cargo feature that enables the service (`huawei-cce-kubernetes`).
    pub feature: String,
    pub title: String,
    pub description: Option<String>,
    pub api_version: Option<String>,
    pub endpoint: Endpoint,
    /// A Huawei Cloud global service: calls are scoped to the account's domain.
    pub global: bool,
    pub auth: Vec<AuthScheme>,
    pub request_id_header: Option<String>,
    pub error: ErrorBody,
    pub schemas: Vec<Schema>,
    pub operations: Vec<Operation>,
    /// The spec files the service was generated from, relative to the specs folder.
    pub sources: Vec<String>,
    /// How many schemas were merged into another of the same structure (see `unify`).
    pub merged_schemas: usize,
    /// The features of the service's operation groups, sorted; each enables `feature`.
    pub group_features: Vec<String>,
    /// For each package module of the types, the group features that need it; a module that
    /// the service's own feature needs (or no feature is known to) has none and is always
    /// compiled with the service. See `resolve::features`.
    pub module_features: BTreeMap<String, Vec<String>>,
    /// The operations that take paging parameters but show no pattern a paginator can follow,
    /// with the reason (see `resolve::paging`).
    pub unpaged: Vec<(String, String)>,
    /// The patterns of request values the client cannot check, where and why (see
    /// `resolve::validation`).
    pub unchecked_patterns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub template: Option<String>,
    pub regions: Vec<(String, String)>,
    /// Where the table of regions comes from, when it is complete.
    pub regions_source: Option<String>,
    pub note: Option<String>,
}

/// The error body type and how to read its code and message.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    /// Rust name of the error body schema.
    pub type_name: String,
    pub code: FieldAccess,
    pub message: FieldAccess,
}

/// A string property of the error body.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldAccess {
    pub field: String,
    pub required: bool,
}

/// A type as the generated code uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    I32,
    I64,
    F64,
    Bool,
    Json,
    /// Raw bytes: a file part of a form, or a reply read whole (a download).
    Binary,
    Array(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A schema, by its Rust name.
    Named(String),
    /// A Kubernetes `IntOrString`: a number or a text (`cloudgen_runtime::IntOrString`).
    IntOrString,
    /// A Kubernetes patch of one of its kinds (`cloudgen_runtime::Patch`), a request body only.
    Patch,
}

impl TypeRef {
    /// Pushes the schemas (Rust names) this type names onto `out`.
    pub fn collect_names<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Array(item) | TypeRef::Map(item) => item.collect_names(out),
            _ => {}
        }
    }
}

/// What the page says about a field besides its name and type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldDocs {
    pub description: Option<String>,
    pub constraints: Option<String>,
    pub range: Option<String>,
    pub default: Option<String>,
    pub example: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    /// The constraints of each item of an array of strings.
    pub items: Option<crate::load::model::ItemsSpec>,
    /// The form of a string (`date-time`, `uuid`).
    pub format: Option<String>,
    /// Set by the service; ignored in requests.
    pub read_only: bool,
    /// Personal or secret data that does not belong in logs.
    pub sensitive: bool,
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub rust_name: String,
    /// The name the documentation uses.
    pub doc_name: String,
    pub description: Option<String>,
    pub kind: SchemaKind,
    /// Requests carry the type and its fields have checks: it implements
    /// `cloudgen_runtime::Checked` (see `resolve::validation`).
    pub checked: bool,
}

impl Schema {
    /// The schemas (Rust names) this one's fields or alias name, directly.
    pub fn referenced_schemas(&self) -> Vec<&str> {
        let mut out = Vec::new();
        match &self.kind {
            SchemaKind::Object(fields) => fields.iter().for_each(|f| f.ty.collect_names(&mut out)),
            SchemaKind::Alias(ty) => ty.collect_names(&mut out),
            SchemaKind::Enum(_) => {}
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SchemaKind {
    Object(Vec<Field>),
    Enum(Vec<EnumValue>),
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub aliases: Vec<String>,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// The field refers back to its own type, so it is stored behind a `Box`.
    pub boxed: bool,
    pub docs: FieldDocs,
    /// What the client checks before sending (see `resolve::validation`).
    pub checks: Checks,
}

/// The constraints a value is checked against before a request is sent: those of its docs
/// that its type can break and the client can check (see `resolve::validation`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique: bool,
    pub pattern: Option<String>,
    pub item_min_length: Option<u64>,
    pub item_max_length: Option<u64>,
    pub item_pattern: Option<String>,
    /// A secret: a violation does not show the value.
    pub sensitive: bool,
    /// The value's type has fields with checks of their own.
    pub nested: bool,
    /// The value is a list whose items have no checks (an enum, a type without them): only
    /// its item count and uniqueness are checked.
    pub shallow: bool,
}

impl Checks {
    /// Whether anything is checked.
    pub fn any(&self) -> bool {
        let own = Checks {
            sensitive: false,
            shallow: false,
            ..self.clone()
        };
        own != Checks::default()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub value: String,
    pub variant: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The vendor's operation name (`DeletePodIdentityAssociation`).
    pub name: String,
    /// Module, and client method, name (`delete_pod_identity_association`).
    pub fn_name: String,
    /// Request builder type name (`DeletePodIdentityAssociation`).
    pub builder_name: String,
    pub title: String,
    pub description: Option<String>,
    /// Other prose of the page.
    pub notes: Vec<String>,
    pub method: HttpMethod,
    pub path: String,
    pub idempotent: bool,
    pub permissions: Vec<Permission>,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub output: Output,
    /// Documented error statuses.
    pub errors: Vec<StatusDoc>,
    /// The spec file, relative to the specs folder, and the supplement that completes it
    /// where there is one (`… and supplements/<Operation>.yaml`).
    pub source: String,
    /// The cargo feature of the operation's group (`kubernetes-api-core-v1`), where it has one;
    /// otherwise it comes with the service's feature.
    pub feature: Option<String>,
    /// How the operation's reply is paged, where the spec shows a paging pattern (see
    /// `resolve::paging`).
    pub paging: Option<Paging>,
    /// The waiters that poll this operation (see `resolve::waiters`).
    pub waiters: Vec<Waiter>,
}

impl Operation {
    /// The schemas (Rust names) the operation's parameters, body and JSON replies name,
    /// directly.
    pub fn referenced_schemas(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for parameter in &self.parameters {
            parameter.ty.collect_names(&mut out);
        }
        if let Some(body) = &self.body {
            body.ty.collect_names(&mut out);
        }
        for body in self.output.bodies() {
            if let ReplyBody::Json(ty) = body {
                ty.collect_names(&mut out);
            }
        }
        out
    }
}

/// A waiter on an operation: polls it until the reply's state is done or failed, or until the
/// service answers 404.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// `wait_until_<name>`.
    pub method: String,
    pub description: String,
    pub source: String,
    pub until: WaitUntil,
    /// Seconds between polls, first and at most.
    pub delay: u64,
    pub max_delay: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum WaitUntil {
    /// The reply's `state` is one of `success` (done) or `failure` (failed, with `reason`).
    State {
        state: FieldPath,
        /// The state's enum type, when it has one: the values are its variants.
        enum_type: Option<String>,
        success: Vec<StateValue>,
        failure: Vec<StateValue>,
        reason: Option<FieldPath>,
    },
    /// The service answers 404.
    Gone,
}

/// A state a waiter matches: its wire value and, for an enum state, its variant.
#[derive(Debug, Clone, PartialEq)]
pub struct StateValue {
    pub value: String,
    pub variant: Option<String>,
}

/// How to walk the pages of a list operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub cursor: PagingCursor,
    /// The builder member of the cursor parameter (offset, marker, page number or token).
    pub cursor_member: PagingMember,
    /// The builder member of the page size parameter, where there is one.
    pub size_member: Option<PagingMember>,
    /// The reply's list of items.
    pub items: FieldPath,
    pub item_type: TypeRef,
    /// The reply's type.
    pub page_type: TypeRef,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingCursor {
    /// `offset` advances by the items received; the reply's total count ends it, where given.
    Offset { total: Option<FieldPath> },
    /// `page_number` advances by one (the first page is 1); the total count ends it.
    PageNumber { total: Option<FieldPath> },
    /// The reply names the next page's token (`page_info.next_marker`, `next_token`,
    /// `metadata.continue`); none or an empty one ends it.
    Token { next: FieldPath },
    /// The next page starts after the last item received: the marker is its id.
    LastItem { id: FieldPath },
}

impl PagingCursor {
    /// The pattern's name in reports.
    pub fn describe(&self) -> &'static str {
        match self {
            PagingCursor::Offset { .. } => "offset",
            PagingCursor::PageNumber { .. } => "page number",
            PagingCursor::Token { .. } => "next token",
            PagingCursor::LastItem { .. } => "last item's id",
        }
    }
}

/// A request builder member that paging sets.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingMember {
    pub rust_name: String,
    pub wire_name: String,
    pub ty: TypeRef,
    /// A required parameter: the builder holds the value itself, not an `Option`.
    pub required: bool,
}

/// A path of fields from a value to one inside it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldPath {
    pub steps: Vec<FieldStep>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    pub wire_name: String,
    pub rust_name: String,
    /// The field is an `Option`.
    pub optional: bool,
    pub ty: TypeRef,
}

impl FieldStep {
    /// The step into `field`.
    pub fn of(field: &Field) -> Self {
        FieldStep {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            optional: !field.required,
            ty: field.ty.clone(),
        }
    }
}

impl FieldPath {
    /// The wire names, dotted (`page_info.next_marker`).
    pub fn dotted(&self) -> String {
        self.steps
            .iter()
            .map(|s| s.wire_name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The type at the end of the path.
    pub fn ty(&self) -> Option<&TypeRef> {
        self.steps.last().map(|s| &s.ty)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Permission {
    pub action: String,
    pub access_level: Option<String>,
    pub resource_types: Vec<ResourceType>,
    pub condition_keys: Vec<String>,
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    pub name: String,
    pub required: bool,
    /// The resource name pattern, where the page gives one.
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    Path,
    Query,
    Header,
    /// A part of the `multipart/form-data` body.
    Form,
}

/// Who supplies a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplier {
    /// The caller, through the builder.
    Caller,
    /// The caller, or else the client's configured project.
    CallerOrProject,
    /// The runtime, from the credentials.
    Credentials,
    /// The runtime, from the body's encoding.
    BodyEncoding,
}

/// How a query parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEncoding {
    /// A scalar as text; a list once per element (`name=a&name=b`).
    Repeated,
    /// The whole value as compact JSON text.
    Json,
    /// A list's elements joined by commas.
    Comma,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub wire_name: String,
    pub rust_name: String,
    pub location: Location,
    /// For query parameters; `Repeated` for the others.
    pub encoding: QueryEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub supplier: Supplier,
    pub docs: FieldDocs,
    /// What the client checks before sending (see `resolve::validation`).
    pub checks: Checks,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub ty: TypeRef,
    /// The `Content-Type` of a JSON body documented with another than `application/json`
    /// (`application/json;charset=utf-8`); `None` for `application/json`, the client's default.
    pub media_type: Option<String>,
    pub required: bool,
    pub description: Option<String>,
    /// What the client checks before sending: the fields of the body's type (see
    /// `resolve::validation`).
    pub checks: Checks,
}

/// How a success reply's body is read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplyBody {
    /// Decoded from JSON into this type.
    Json(TypeRef),
    /// Kept as raw bytes (a download); the documented media type, for documentation.
    Binary { content_type: String },
}

/// What `send()` returns on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// One success status; `None` when it has no body.
    Single {
        status: StatusDoc,
        body: Option<ReplyBody>,
    },
    /// Several success statuses, told apart by an enum.
    ByStatus {
        enum_name: String,
        variants: Vec<StatusVariant>,
    },
}

impl Output {
    /// The bodies of the success replies that have one.
    pub fn bodies(&self) -> Vec<&ReplyBody> {
        match self {
            Output::Single { body, .. } => body.iter().collect(),
            Output::ByStatus { variants, .. } => {
                variants.iter().filter_map(|v| v.body.as_ref()).collect()
            }
        }
    }

    /// The documented media type of the first success reply read as raw bytes, if any.
    pub fn download_media_type(&self) -> Option<&str> {
        self.bodies().into_iter().find_map(|body| match body {
            ReplyBody::Binary { content_type } => Some(content_type.as_str()),
            ReplyBody::Json(_) => None,
        })
    }

    pub fn success_statuses(&self) -> Vec<u16> {
        match self {
            Output::Single { status, .. } => vec![status.status],
            Output::ByStatus { variants, .. } => variants.iter().map(|v| v.status.status).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    pub variant: String,
    pub status: StatusDoc,
    pub body: Option<ReplyBody>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusDoc {
    pub status: u16,
    pub description: String,
}
