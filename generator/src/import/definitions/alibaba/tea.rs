//! A reader of the parts of a Darabonba (Tea) definition that say something about the wire:
//! the models (request, response and shared structures) and, per operation, the
//! `<operation>WithOptions` function that maps a request's fields to the query, the body and
//! the path, and its `OpenApi.Params` (action, path, method, body styles).
//!
//! Tea is the language Alibaba generates its SDKs from; this reads the subset its API
//! definitions use, token by token, and stops with the line and column of anything it does not
//! expect, so a new release that uses more of the language is refused rather than misread.
//! Statements of a function that are not one of the mappings below are skipped: they only
//! validate or copy (`Util.validateModel`, `OpenApiUtil.convert`).

use std::collections::BTreeMap;
use std::fmt;

/// A parsed definition.
#[derive(Debug, Default)]
pub struct TeaFile {
    pub models: BTreeMap<String, Model>,
    /// One per `<operation>WithOptions` function, in file order.
    pub calls: Vec<Call>,
}

/// `model Name { ... }` or `model Name = { ... }`.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub fields: Vec<Field>,
}

/// `ident?: type(name='wire', description='...', example='...', deprecated=true)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The SDK's name of the field (`clusterId`).
    pub ident: String,
    /// The wire name (`cluster_id`): the `name` attribute, or else the identifier.
    pub wire: String,
    /// Declared without `?`.
    pub required: bool,
    pub ty: TeaType,
    pub description: Option<String>,
    pub example: Option<String>,
    pub deprecated: bool,
    /// `nullable=true`.
    pub nullable: bool,
    /// The line of the declaration, for findings.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TeaType {
    /// `string`, `boolean`, `long`, `int32`, `float`, `object`, `any`, `readable`, ...
    Basic(String),
    /// Another model, by name (`KubeletConfig`).
    Named(String),
    Array(Box<TeaType>),
    /// `map[string]T`.
    Map(Box<TeaType>),
    /// An inline `{ ... }`.
    Inline(Vec<Field>),
}

/// What one `<operation>WithOptions` function does with its request.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// `action` of its `OpenApi.Params`: the operation's name.
    pub action: String,
    /// The function's own name (`cleanClusterUserPermissionsWithOptions`).
    pub function: String,
    pub line: usize,
    /// The doc comment above the function, split by its `@tags`.
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: Option<String>,
    /// The function's path arguments, in order (`ClusterId`).
    pub path_arguments: Vec<String>,
    /// The model of the `request` argument (`CleanClusterUserPermissionsRequest`).
    pub request_model: Option<String>,
    /// The declared return model (`CleanClusterUserPermissionsResponse`).
    pub response_model: String,
    /// `query['Key'] = request.field`, in order: (wire key, field identifier).
    pub query: Vec<(String, String)>,
    /// `body['Key'] = request.field`.
    pub body: Vec<(String, String)>,
    /// `headers['Key'] = request.field` (into the real headers).
    pub headers: Vec<(String, String)>,
    /// `body = Util.toArray(request.field)`: the body is that field, a JSON array.
    pub whole_body: Option<String>,
    /// `request.xShrink = OpenApiUtil.arrayToStringWithSpecifiedStyle(tmpReq.x, 'key', 'style')`:
    /// shrunk field -> (original field, style).
    pub shrunk: BTreeMap<String, (String, String)>,
    /// `pathname`, with `${OpenApiUtil.getEncodeParam(X)}` written as `{X}`.
    pub path: String,
    pub method: String,
    pub style: String,
    pub auth_type: String,
    pub request_body_type: String,
    pub body_type: String,
    pub version: String,
    pub protocol: String,
}

/// Where and why the definition could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeaError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for TeaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    /// A single-quoted string, unescaped.
    Str(String),
    /// A back-quoted template, raw.
    Template(String),
    Number(String),
    /// A `/** ... */` comment, raw.
    Doc(String),
    Punct(char),
}

#[derive(Debug, Clone)]
struct Spanned {
    token: Token,
    line: usize,
    column: usize,
}

fn lex(text: &str) -> Result<Vec<Spanned>, TeaError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut column) = (0, 1, 1);
    let advance = |i: &mut usize, line: &mut usize, column: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let (start_line, start_column) = (line, column);
        let error = |message: &str| TeaError {
            line: start_line,
            column: start_column,
            message: message.to_owned(),
        };
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut column);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut column);
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            let begin = i;
            loop {
                if i + 1 >= chars.len() {
                    return Err(error("a comment that is not closed"));
                }
                if chars[i] == '*' && chars[i + 1] == '/' {
                    advance(&mut i, &mut line, &mut column);
                    advance(&mut i, &mut line, &mut column);
                    break;
                }
                advance(&mut i, &mut line, &mut column);
            }
            let raw: String = chars[begin..i].iter().collect();
            if raw.starts_with("/**") {
                tokens.push(Spanned {
                    token: Token::Doc(raw),
                    line: start_line,
                    column: start_column,
                });
            }
            continue;
        }
        let token = if c == '\'' || c == '`' {
            advance(&mut i, &mut line, &mut column);
            let mut value = String::new();
            loop {
                let Some(&next) = chars.get(i) else {
                    return Err(error("a string that is not closed"));
                };
                advance(&mut i, &mut line, &mut column);
                if next == c {
                    break;
                }
                if next == '\\' && c == '\'' {
                    let Some(&escaped) = chars.get(i) else {
                        return Err(error("a string that is not closed"));
                    };
                    advance(&mut i, &mut line, &mut column);
                    value.push(escaped);
                    continue;
                }
                value.push(next);
            }
            if c == '\'' {
                Token::Str(value)
            } else {
                Token::Template(value)
            }
        } else if c.is_ascii_alphabetic() || c == '_' || c == '@' || c == '$' {
            let mut value = String::from(c);
            advance(&mut i, &mut line, &mut column);
            while let Some(&next) = chars.get(i) {
                if !(next.is_ascii_alphanumeric() || next == '_') {
                    break;
                }
                value.push(next);
                advance(&mut i, &mut line, &mut column);
            }
            Token::Ident(value)
        } else if c.is_ascii_digit() {
            let mut value = String::new();
            while let Some(&next) = chars.get(i) {
                if next.is_ascii_digit() || next == '.' {
                    value.push(next);
                    advance(&mut i, &mut line, &mut column);
                } else {
                    break;
                }
            }
            Token::Number(value)
        } else if "{}[]()<>=?:;,.!&|+-*/%".contains(c) {
            advance(&mut i, &mut line, &mut column);
            Token::Punct(c)
        } else {
            return Err(error(&format!("an unexpected character `{c}`")));
        };
        tokens.push(Spanned {
            token,
            line: start_line,
            column: start_column,
        });
    }
    Ok(tokens)
}

/// Reads `text`, a whole `main.tea`.
pub fn parse(text: &str) -> Result<TeaFile, TeaError> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let mut file = TeaFile::default();
    let mut doc: Option<String> = None;
    while let Some(spanned) = parser.peek().cloned() {
        match &spanned.token {
            Token::Doc(text) => {
                doc = Some(text.clone());
                parser.at += 1;
            }
            Token::Ident(word) if word == "model" => {
                parser.at += 1;
                let name = parser.ident()?;
                if parser.is_punct('=') {
                    parser.at += 1;
                }
                parser.expect('{')?;
                let fields = parser.fields()?;
                if file.models.insert(name.clone(), Model { fields }).is_some() {
                    return Err(parser.error_at(&spanned, &format!("the model `{name}` twice")));
                }
                doc = None;
            }
            Token::Ident(word) if word == "async" || word == "function" => {
                if word == "async" {
                    parser.at += 1;
                }
                let function_line = parser.peek().map(|s| s.line).unwrap_or(spanned.line);
                parser.expect_ident("function")?;
                let name = parser.ident()?;
                let call = parser.function(&name, function_line, doc.take())?;
                if let Some(call) = call.filter(|_| name.ends_with("WithOptions")) {
                    file.calls.push(call);
                }
            }
            Token::Ident(word) if word == "init" => {
                parser.at += 1;
                parser.skip_group('(', ')')?;
                parser.skip_group('{', '}')?;
                doc = None;
            }
            Token::Ident(word) if word == "import" || word == "extends" => {
                while !parser.is_punct(';') {
                    parser.next()?;
                }
                parser.at += 1;
            }
            _ => {
                return Err(parser.error_at(
                    &spanned,
                    "expected a model, a function, `init`, `import` or `extends`",
                ))
            }
        }
    }
    Ok(file)
}

struct Parser {
    tokens: Vec<Spanned>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Spanned> {
        self.tokens.get(self.at)
    }

    fn peek_token(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead).map(|s| &s.token)
    }

    fn error_at(&self, spanned: &Spanned, message: &str) -> TeaError {
        TeaError {
            line: spanned.line,
            column: spanned.column,
            message: message.to_owned(),
        }
    }

    fn error(&self, message: &str) -> TeaError {
        match self.peek().or(self.tokens.last()) {
            Some(spanned) => self.error_at(spanned, message),
            None => TeaError {
                line: 1,
                column: 1,
                message: message.to_owned(),
            },
        }
    }

    fn next(&mut self) -> Result<Spanned, TeaError> {
        let spanned = self
            .peek()
            .cloned()
            .ok_or_else(|| self.error("the file ends early"))?;
        self.at += 1;
        Ok(spanned)
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek_token(0) == Some(&Token::Punct(c))
    }

    fn expect(&mut self, c: char) -> Result<(), TeaError> {
        if self.is_punct(c) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{c}`")))
        }
    }

    fn ident(&mut self) -> Result<String, TeaError> {
        match self.peek_token(0) {
            Some(Token::Ident(word)) => {
                let word = word.clone();
                self.at += 1;
                Ok(word)
            }
            _ => Err(self.error("expected a name")),
        }
    }

    fn expect_ident(&mut self, word: &str) -> Result<(), TeaError> {
        match self.peek_token(0) {
            Some(Token::Ident(found)) if found == word => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error(&format!("expected `{word}`"))),
        }
    }

    /// Skips a balanced `open ... close`, starting at `open`.
    fn skip_group(&mut self, open: char, close: char) -> Result<(), TeaError> {
        self.expect(open)?;
        let mut depth = 1;
        while depth > 0 {
            match self.next()?.token {
                Token::Punct(c) if c == open => depth += 1,
                Token::Punct(c) if c == close => depth -= 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// The fields of a model up to its closing `}`.
    fn fields(&mut self) -> Result<Vec<Field>, TeaError> {
        let mut fields = Vec::new();
        loop {
            if self.is_punct('}') {
                self.at += 1;
                return Ok(fields);
            }
            if let Some(Token::Doc(_)) = self.peek_token(0) {
                self.at += 1;
                continue;
            }
            let line = self.peek().map(|s| s.line).unwrap_or_default();
            let ident = self.ident()?;
            let required = if self.is_punct('?') {
                self.at += 1;
                false
            } else {
                true
            };
            self.expect(':')?;
            let ty = self.ty()?;
            let mut field = Field {
                wire: ident.clone(),
                ident,
                required,
                ty,
                description: None,
                example: None,
                deprecated: false,
                nullable: false,
                line,
            };
            if self.is_punct('(') {
                self.attributes(&mut field)?;
            }
            if self.is_punct(',') {
                self.at += 1;
            }
            fields.push(field);
        }
    }

    fn ty(&mut self) -> Result<TeaType, TeaError> {
        if self.is_punct('[') {
            self.at += 1;
            let item = self.ty()?;
            self.expect(']')?;
            return Ok(TeaType::Array(Box::new(item)));
        }
        if self.is_punct('{') {
            self.at += 1;
            return Ok(TeaType::Inline(self.fields()?));
        }
        let word = self.ident()?;
        if word == "map" {
            self.expect('[')?;
            let key = self.ident()?;
            if key != "string" {
                return Err(self.error(&format!("a map keyed by `{key}`; only `string` keys")));
            }
            self.expect(']')?;
            let value = self.ty()?;
            return Ok(TeaType::Map(Box::new(value)));
        }
        let mut name = word;
        while self.is_punct('.') {
            self.at += 1;
            name = format!("{name}.{}", self.ident()?);
        }
        const BASIC: &[&str] = &[
            "string", "boolean", "long", "int32", "int64", "integer", "float", "double", "object",
            "any", "readable", "bytes", "number",
        ];
        if BASIC.contains(&name.as_str()) {
            Ok(TeaType::Basic(name))
        } else {
            Ok(TeaType::Named(name))
        }
    }

    /// `(name='wire', description='...', ...)`; attributes other than these five are refused.
    fn attributes(&mut self, field: &mut Field) -> Result<(), TeaError> {
        self.expect('(')?;
        loop {
            if self.is_punct(')') {
                self.at += 1;
                return Ok(());
            }
            let key = self.ident()?;
            self.expect('=')?;
            let value = match self.next()?.token {
                Token::Str(value) | Token::Number(value) | Token::Ident(value) => value,
                _ => return Err(self.error(&format!("the attribute `{key}` has no value"))),
            };
            match key.as_str() {
                "name" => field.wire = value,
                "description" => field.description = Some(value),
                "example" => field.example = Some(value),
                "deprecated" => field.deprecated = value == "true",
                "nullable" => field.nullable = value == "true",
                other => {
                    return Err(self.error(&format!("the field attribute `{other}` is not read")))
                }
            }
            if self.is_punct(',') {
                self.at += 1;
            }
        }
    }

    /// A function from its name on: its arguments, return type and body. Returns what a
    /// `WithOptions` function does with its request; `None` for other functions.
    fn function(
        &mut self,
        name: &str,
        line: usize,
        doc: Option<String>,
    ) -> Result<Option<Call>, TeaError> {
        let mut call = Call {
            function: name.to_owned(),
            line,
            ..Call::default()
        };
        if let Some(doc) = doc {
            read_doc(&doc, &mut call);
        }
        // Arguments: `Name: type`, comma separated.
        self.expect('(')?;
        while !self.is_punct(')') {
            let argument = self.ident()?;
            self.expect(':')?;
            let ty = self.ty()?;
            match (argument.as_str(), &ty) {
                ("headers" | "runtime", _) => {}
                ("request" | "tmpReq", TeaType::Named(model)) => {
                    call.request_model = Some(model.clone())
                }
                (_, TeaType::Basic(basic)) if basic == "string" => {
                    call.path_arguments.push(argument)
                }
                _ if !name.ends_with("WithOptions") => {}
                _ => {
                    return Err(self.error(&format!(
                        "the argument `{argument}` is not one that is read"
                    )))
                }
            }
            if self.is_punct(',') {
                self.at += 1;
            }
        }
        self.expect(')')?;
        if let Some(Token::Ident(word)) = self.peek_token(0) {
            if word == "throws" {
                self.at += 1;
            }
        }
        self.expect(':')?;
        let returned = self.ty()?;
        call.response_model = match returned {
            TeaType::Named(model) => model,
            TeaType::Basic(basic) => basic,
            _ => String::new(),
        };
        let body_start = self.at;
        self.skip_group('{', '}')?;
        let body_end = self.at;
        if !name.ends_with("WithOptions") {
            return Ok(None);
        }
        self.read_body(body_start, body_end, &mut call)?;
        if call.action.is_empty() {
            return Err(TeaError {
                line,
                column: 1,
                message: format!("`{name}` has no `action` in its `OpenApi.Params`"),
            });
        }
        Ok(Some(call))
    }

    /// The statements of a function body that map the request, found by their shape.
    fn read_body(&self, start: usize, end: usize, call: &mut Call) -> Result<(), TeaError> {
        let tokens: Vec<&Token> = self.tokens[start..end].iter().map(|s| &s.token).collect();
        let punct = |t: &Token, c: char| *t == Token::Punct(c);
        let mut i = 0;
        while i < tokens.len() {
            let window = &tokens[i..];
            // `query['Key'] = request.field;` (and `body[...]`, `realHeaders[...]`)
            if let [Token::Ident(target), open, Token::Str(key), close, eq, Token::Ident(source), dot, Token::Ident(field), ..] =
                window
            {
                let mapping = punct(open, '[')
                    && punct(close, ']')
                    && punct(eq, '=')
                    && punct(dot, '.')
                    && (source == "request" || source == "tmpReq");
                if mapping {
                    let pair = (key.clone(), field.clone());
                    match target.as_str() {
                        "query" => call.query.push(pair),
                        "body" => call.body.push(pair),
                        "realHeaders" | "headers" => call.headers.push(pair),
                        other => {
                            return Err(self.error_at(
                                &self.tokens[start + i],
                                &format!("a request field mapped into `{other}`"),
                            ))
                        }
                    }
                    i += 8;
                    continue;
                }
            }
            // `request.xShrink = OpenApiUtil.arrayToStringWithSpecifiedStyle(tmpReq.x, 'key', 'style');`
            if let [Token::Ident(request), dot, Token::Ident(shrunk), eq, Token::Ident(util), dot2, Token::Ident(function), open, Token::Ident(_), dot3, Token::Ident(original), comma, Token::Str(_), comma2, Token::Str(style), ..] =
                window
            {
                let shape = request == "request"
                    && punct(dot, '.')
                    && punct(eq, '=')
                    && util == "OpenApiUtil"
                    && punct(dot2, '.')
                    && punct(open, '(')
                    && punct(dot3, '.')
                    && punct(comma, ',')
                    && punct(comma2, ',');
                if shape {
                    if function != "arrayToStringWithSpecifiedStyle" {
                        return Err(self.error_at(
                            &self.tokens[start + i],
                            &format!("the shrink function `{function}` is not read"),
                        ));
                    }
                    call.shrunk
                        .insert(shrunk.clone(), (original.clone(), style.clone()));
                    i += 15;
                    continue;
                }
            }
            // `body = Util.toArray(request.field),` inside the OpenApiRequest
            if let [Token::Ident(body), eq, Token::Ident(util), dot, Token::Ident(to_array), open, Token::Ident(request), dot2, Token::Ident(field), ..] =
                window
            {
                if body == "body"
                    && punct(eq, '=')
                    && util == "Util"
                    && punct(dot, '.')
                    && to_array == "toArray"
                    && punct(open, '(')
                    && request == "request"
                    && punct(dot2, '.')
                {
                    call.whole_body = Some(field.clone());
                    i += 9;
                    continue;
                }
            }
            // The `OpenApi.Params` entries: `key = 'value',` or `pathname = `...`,`
            if let [Token::Ident(key), eq, value, ..] = window {
                if punct(eq, '=') {
                    let text = match value {
                        Token::Str(s) => Some(s.clone()),
                        Token::Template(t) => Some(path_template(t)),
                        _ => None,
                    };
                    if let Some(text) = text {
                        let slot = match key.as_str() {
                            "action" => Some(&mut call.action),
                            "pathname" => Some(&mut call.path),
                            "method" => Some(&mut call.method),
                            "style" => Some(&mut call.style),
                            "authType" => Some(&mut call.auth_type),
                            "reqBodyType" => Some(&mut call.request_body_type),
                            "bodyType" => Some(&mut call.body_type),
                            "version" => Some(&mut call.version),
                            "protocol" => Some(&mut call.protocol),
                            _ => None,
                        };
                        if let Some(slot) = slot {
                            *slot = text;
                            i += 3;
                            continue;
                        }
                    }
                }
            }
            i += 1;
        }
        Ok(())
    }
}

/// `/a/${OpenApiUtil.getEncodeParam(ClusterId)}/b` -> `/a/{ClusterId}/b`.
fn path_template(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..end];
        let name = inner
            .strip_prefix("OpenApiUtil.getEncodeParam(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or(inner);
        out.push('{');
        out.push_str(name);
        out.push('}');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The `@summary`, `@description` and `@deprecated` of a `/** ... */` comment.
fn read_doc(raw: &str, call: &mut Call) {
    let body = raw.trim_start_matches("/**").trim_end_matches("*/");
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        let line = line.trim_start();
        let line = line.strip_prefix('*').unwrap_or(line);
        let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
        if let Some(rest) = line.strip_prefix('@') {
            let (tag, text) = rest.split_once(' ').unwrap_or((rest, ""));
            sections.push((tag.to_owned(), text.to_owned()));
        } else if let Some((_, text)) = sections.last_mut() {
            text.push('\n');
            text.push_str(line);
        }
    }
    for (tag, text) in sections {
        let text = text.trim().to_owned();
        if text.is_empty() {
            continue;
        }
        match tag.as_str() {
            "summary" => call.summary = Some(text),
            "description" => call.description = Some(text),
            "deprecated" => call.deprecated = Some(text),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"
import Util;
extends OpenApi;

init(config: OpenApi.Config){
  super(config);
  @endpointMap = { 'a' = 'b', };
}

model Tag {
  key?: string(name='key', description='The key.', example='env'),
}

model ListThingsRequest {
  ids?: [ string ](name='ids', description='This parameter is required.'),
  tags?: [ Tag ](name='tags'),
  spec?: {
    size?: long(name='size', example='3'),
  }(name='spec', deprecated=true),
}

model ListThingsShrinkRequest {
  idsShrink?: string(name='ids'),
  tags?: [ Tag ](name='tags'),
}

model ListThingsResponseBody = {
  items?: [ map[string]any ](name='items', description='It\'s here.'),
}

/**
 * @summary Lists things.
 *
 * @description Two
 * lines.
 */
async function listThingsWithOptions(ClusterId: string, tmpReq: ListThingsRequest, headers: map[string]string, runtime: Util.RuntimeOptions): ListThingsResponse {
  Util.validateModel(tmpReq);
  var request = new ListThingsShrinkRequest{};
  OpenApiUtil.convert(tmpReq, request);
  if (!Util.isUnset(tmpReq.ids)) {
    request.idsShrink = OpenApiUtil.arrayToStringWithSpecifiedStyle(tmpReq.ids, 'ids', 'json');
  }
  var query : map[string]any = {};
  if (!Util.isUnset(request.idsShrink)) {
    query['ids'] = request.idsShrink;
  }
  var body : map[string]any = {};
  if (!Util.isUnset(request.tags)) {
    body['tags'] = request.tags;
  }
  var req = new OpenApi.OpenApiRequest{
    headers = headers,
    query = OpenApiUtil.query(query),
    body = OpenApiUtil.parseToMap(body),
  };
  var params = new OpenApi.Params{
    action = 'ListThings',
    pathname = `/clusters/${OpenApiUtil.getEncodeParam(ClusterId)}/things`,
    method = 'POST',
    style = 'ROA',
    reqBodyType = 'json',
    bodyType = 'json',
  };
  return callApi(params, req, runtime);
}

async function listThings(ClusterId: string, request: ListThingsRequest): ListThingsResponse {
  var runtime = new Util.RuntimeOptions{};
  return listThingsWithOptions(ClusterId, request, {}, runtime);
}
"#;

    #[test]
    fn reads_models_and_what_a_call_does_with_its_request() {
        let file = parse(SAMPLE).expect("parses");
        assert_eq!(file.models.len(), 4);
        let request = &file.models["ListThingsRequest"];
        assert_eq!(request.fields[0].wire, "ids");
        assert_eq!(
            request.fields[0].ty,
            TeaType::Array(Box::new(TeaType::Basic("string".into())))
        );
        assert!(request.fields[2].deprecated);
        assert!(matches!(&request.fields[2].ty, TeaType::Inline(f) if f[0].wire == "size"));
        let body = &file.models["ListThingsResponseBody"];
        assert_eq!(body.fields[0].description.as_deref(), Some("It's here."));

        assert_eq!(file.calls.len(), 1);
        let call = &file.calls[0];
        assert_eq!(call.action, "ListThings");
        assert_eq!(call.path, "/clusters/{ClusterId}/things");
        assert_eq!(call.path_arguments, ["ClusterId"]);
        assert_eq!(call.request_model.as_deref(), Some("ListThingsRequest"));
        assert_eq!(call.query, [("ids".to_owned(), "idsShrink".to_owned())]);
        assert_eq!(call.body, [("tags".to_owned(), "tags".to_owned())]);
        assert_eq!(
            call.shrunk["idsShrink"],
            ("ids".to_owned(), "json".to_owned())
        );
        assert_eq!(call.summary.as_deref(), Some("Lists things."));
        assert_eq!(call.description.as_deref(), Some("Two\nlines."));
        assert_eq!(call.body_type, "json");
    }

    #[test]
    fn refuses_what_it_cannot_read_with_the_place() {
        let error = parse("model A {\n  x?: string(name='x', position='Query'),\n}").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(error.message.contains("position"), "{error}");
        let error = parse("model A {\n  x?: string(name='x),\n}").unwrap_err();
        assert!(error.message.contains("not closed"), "{error}");
        let error = parse("struct A {}").unwrap_err();
        assert_eq!((error.line, error.column), (1, 1));
    }
}
