//! The type expressions of the spec format: `string`, `array<ResourceTag>`, `map<long>`...

/// A parsed type expression; schema names are not looked up yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    String,
    Integer,
    Long,
    Number,
    Boolean,
    Json,
    /// Raw bytes: a file sent in a form or a reply read whole.
    Binary,
    IntOrString,
    Patch,
    Array(Box<TypeExpr>),
    Map(Box<TypeExpr>),
    Named(String),
}

const PRIMITIVES: &[&str] = &[
    "string",
    "integer",
    "long",
    "number",
    "boolean",
    "json",
    "binary",
    "int-or-string",
    "patch",
];

impl TypeExpr {
    /// The expression as the spec format writes it, each schema name shown by `name` (which
    /// lets importers rename schemas while printing).
    pub fn text_with(&self, name: &dyn Fn(&str) -> String) -> String {
        match self {
            TypeExpr::String => "string".to_owned(),
            TypeExpr::Integer => "integer".to_owned(),
            TypeExpr::Long => "long".to_owned(),
            TypeExpr::Number => "number".to_owned(),
            TypeExpr::Boolean => "boolean".to_owned(),
            TypeExpr::Json => "json".to_owned(),
            TypeExpr::Binary => "binary".to_owned(),
            TypeExpr::IntOrString => "int-or-string".to_owned(),
            TypeExpr::Patch => "patch".to_owned(),
            TypeExpr::Array(item) => format!("array<{}>", item.text_with(name)),
            TypeExpr::Map(item) => format!("map<{}>", item.text_with(name)),
            TypeExpr::Named(schema) => name(schema),
        }
    }

    /// Whether `binary` appears anywhere in the expression.
    pub fn mentions_binary(&self) -> bool {
        match self {
            TypeExpr::Binary => true,
            TypeExpr::Array(item) | TypeExpr::Map(item) => item.mentions_binary(),
            _ => false,
        }
    }
}

/// The schema names a type expression mentions (`array<Foo>` names `Foo`); none when `text`
/// does not parse.
pub fn schema_names(text: &str) -> Vec<String> {
    fn walk(expr: &TypeExpr, out: &mut Vec<String>) {
        match expr {
            TypeExpr::Array(item) | TypeExpr::Map(item) => walk(item, out),
            TypeExpr::Named(name) => out.push(name.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(expr) = parse(text) {
        walk(&expr, &mut out);
    }
    out
}

/// Parses `text`, or says what is wrong with it.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let mut parser = Parser { text, rest: text };
    let expr = parser.expr()?;
    if !parser.rest.trim().is_empty() {
        return Err(format!(
            "unexpected `{}` after the type in `{text}`",
            parser.rest.trim()
        ));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    rest: &'a str,
}

impl Parser<'_> {
    fn expr(&mut self) -> Result<TypeExpr, String> {
        self.rest = self.rest.trim_start();
        let end = self
            .rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
            .unwrap_or(self.rest.len());
        let word = &self.rest[..end];
        self.rest = &self.rest[end..];
        if word.is_empty() {
            return Err(format!("expected a type name in `{}`", self.text));
        }
        match word {
            "array" | "map" => {
                let item = self.argument(word)?;
                Ok(if word == "array" {
                    TypeExpr::Array(Box::new(item))
                } else {
                    TypeExpr::Map(Box::new(item))
                })
            }
            "string" => Ok(TypeExpr::String),
            "integer" => Ok(TypeExpr::Integer),
            "long" => Ok(TypeExpr::Long),
            "number" => Ok(TypeExpr::Number),
            "boolean" => Ok(TypeExpr::Boolean),
            "json" => Ok(TypeExpr::Json),
            "binary" => Ok(TypeExpr::Binary),
            "int-or-string" => Ok(TypeExpr::IntOrString),
            "patch" => Ok(TypeExpr::Patch),
            _ => {
                let lower = word.to_ascii_lowercase();
                if PRIMITIVES.contains(&lower.as_str()) || lower == "array" || lower == "map" {
                    return Err(format!(
                        "unknown type word `{word}`: type words are lower case (`{lower}`)"
                    ));
                }
                if self.rest.trim_start().starts_with('<') {
                    return Err(format!(
                        "`{word}` takes no type argument; only `array<T>` and `map<T>` do"
                    ));
                }
                Ok(TypeExpr::Named(word.to_owned()))
            }
        }
    }

    fn argument(&mut self, word: &str) -> Result<TypeExpr, String> {
        let Some(rest) = self.rest.trim_start().strip_prefix('<') else {
            return Err(format!("`{word}` needs an item type: `{word}<T>`"));
        };
        self.rest = rest;
        let item = self.expr()?;
        let Some(rest) = self.rest.trim_start().strip_prefix('>') else {
            return Err(format!("missing `>` to close `{word}<` in `{}`", self.text));
        };
        self.rest = rest;
        Ok(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        assert_eq!(
            parse("array<map<long>>"),
            Ok(TypeExpr::Array(Box::new(TypeExpr::Map(Box::new(
                TypeExpr::Long
            )))))
        );
        assert_eq!(
            parse(" array< io.k8s.v1.Status > "),
            Ok(TypeExpr::Array(Box::new(TypeExpr::Named(
                "io.k8s.v1.Status".into()
            ))))
        );
    }

    #[test]
    fn explains_bad_expressions() {
        assert!(parse("Integer").unwrap_err().contains("lower case"));
        assert!(parse("array").unwrap_err().contains("needs an item type"));
        assert!(parse("array<string").unwrap_err().contains("missing `>`"));
        assert!(parse("string>").unwrap_err().contains("unexpected"));
        assert!(parse("").unwrap_err().contains("expected a type name"));
        assert!(parse("Foo<string>")
            .unwrap_err()
            .contains("takes no type argument"));
    }
}
