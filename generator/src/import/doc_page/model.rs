//! What a page states, read but not yet interpreted: the vendor readers fill this in, and
//! `assemble` turns it into an operation spec. Keeping the two apart lets both vendors share
//! every rule about types, constraints, schemas and names.

use crate::load::model::{ExampleSpec, HttpMethod, ParameterLocation, PermissionSpec};

/// A row of a parameter or object table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub name: String,
    /// The Mandatory / Required column; `None` in tables without one (response bodies).
    pub required: Option<bool>,
    pub type_word: String,
    /// Huawei: the Value Range column of the tables that have one (`0 to 1000000000`,
    /// `[1-1000]`, `A maximum of 8 characters`).
    pub value_range: Option<String>,
    /// Huawei: the description cell's lines, one paragraph each.
    pub description: Vec<String>,
    /// Alibaba's Example column.
    pub example: Option<String>,
}

/// A table of rows: parameters, a body, or a named object.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub line: usize,
    /// The object's name, for the nested tables that name one (`Table 5 ResourceTag`).
    pub name: Option<String>,
    /// The caption's number (`Table 3`), which older pages use as a row's type word.
    pub number: Option<u32>,
    /// The field an older page's nested table describes (`Data structure of the spec field`);
    /// `assemble` names its schema after the operation and the field.
    pub field: Option<String>,
    /// The body is a JSON array of objects and the rows are each item's fields (Alibaba's
    /// root row typed `Array`).
    pub items: bool,
    pub rows: Vec<Row>,
}

/// A documented status with its body, where the page gives one.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub line: usize,
    pub status: u16,
    pub description: Option<String>,
    /// The unnamed body table and the named tables that follow it.
    pub body: Option<Table>,
}

/// Everything a page states, in the page's words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The operation name, where the page states it (Alibaba's action).
    pub operation: Option<String>,
    pub title: Option<String>,
    /// The title path or title the spec's `source.page` records.
    pub source_page: Option<String>,
    pub updated: Option<String>,
    pub description: Option<String>,
    pub notes: Vec<String>,
    pub request_line: Option<(usize, HttpMethod, String)>,
    pub permissions: Vec<PermissionSpec>,
    pub parameters: Vec<(ParameterLocation, Row)>,
    pub request_body: Option<Table>,
    /// Statuses of the Response Parameters section, with their bodies.
    pub response_bodies: Vec<Status>,
    /// The Status Codes table.
    pub statuses: Vec<Status>,
    /// Named object tables, in page order.
    pub objects: Vec<Table>,
    pub examples: Vec<ExampleSpec>,
    /// A fixed success status the vendor's pages leave implicit (Alibaba: 200).
    pub implicit_success: Option<Status>,
    /// Older Huawei pages: the response is described as "see Request": the success body is the
    /// request body's type.
    pub response_as_request: bool,
    /// Alibaba: the keys of the JSON body the "Request syntax" block shows, with its line: the
    /// parameter rows of these names travel in the body, not in the query.
    pub body_keys: Option<(usize, Vec<String>)>,
    /// Alibaba: the success example is `{}` and no response table exists.
    pub empty_object_response: bool,
}

/// The method of a request line's first word, in any case (the spec model's own names).
pub fn method(word: &str) -> Option<HttpMethod> {
    serde_yaml::from_value(serde_yaml::Value::String(word.to_ascii_uppercase())).ok()
}
