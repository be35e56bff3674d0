//! The layout of the runtime's macros in generated code (`cloudgen_runtime::model!` and
//! `cloudgen_runtime::string_enum!`).
//!
//! prettyplease prints a macro's tokens as a filled paragraph with a space around every `:`,
//! which reads badly for the long lists these macros take. Their grammar is the generator's
//! own, so they are laid out here instead: a constructor line, one setter per line, and enum
//! values packed to the line width. Each invocation is swapped for a placeholder before
//! prettyplease runs and its layout put in the placeholder's place afterwards.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::format_ident;
use syn::{Item, ItemMacro};

/// The line width prettyplease fills to.
const WIDTH: usize = 100;
const INDENT: &str = "    ";

/// Replaces every invocation of a runtime macro in `items` (nested inline modules included)
/// with a placeholder invocation, returning the laid-out text of each, by placeholder index.
pub fn extract(items: &mut [Item], layouts: &mut Vec<String>) {
    for item in items {
        match item {
            Item::Macro(mac) => {
                if let Some(text) = layout(mac) {
                    let placeholder = format_ident!("{}{}", PLACEHOLDER, layouts.len());
                    layouts.push(text);
                    *item = syn::parse_quote!(#placeholder!(););
                }
            }
            Item::Mod(module) => {
                if let Some((_, items)) = &mut module.content {
                    extract(items, layouts);
                }
            }
            _ => {}
        }
    }
}

pub(super) const PLACEHOLDER: &str = "__cloudgen_layout_";

/// `text` with each placeholder line replaced by its layout, at the placeholder's indentation.
pub fn restore(text: &str, layouts: &[String]) -> String {
    let mut out =
        String::with_capacity(text.len() + layouts.iter().map(String::len).sum::<usize>());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let index = trimmed
            .strip_prefix(PLACEHOLDER)
            .and_then(|rest| rest.strip_suffix("!();"))
            .and_then(|index| index.parse::<usize>().ok());
        match index.and_then(|index| layouts.get(index)) {
            Some(layout) => {
                let indent = &line[..line.len() - trimmed.len()];
                for laid in layout.lines() {
                    if !laid.is_empty() {
                        out.push_str(indent);
                    }
                    out.push_str(laid);
                    out.push('\n');
                }
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Which runtime macro an invocation is, by its path.
fn runtime_macro(mac: &syn::Macro) -> Option<&'static str> {
    let path: Vec<String> = mac
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match path
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["cloudgen_runtime", "model"] => Some("model"),
        ["cloudgen_runtime", "string_enum"] => Some("string_enum"),
        _ => None,
    }
}

/// A `cloudgen_runtime::model!` invocation, read back: the type, the constructor's arguments
/// (`name: Type`), and its setter groups with their entries (`with_x => x: Type`), each
/// printed compactly. The API report reads generated files through this too.
pub(crate) struct ModelCall {
    pub name: String,
    pub arguments: Vec<String>,
    /// `(is the list group, entries)`, in the order written.
    pub groups: Vec<(bool, Vec<String>)>,
}

/// Reads a `model!` invocation; `None` for another macro or tokens not in its grammar.
pub(crate) fn model_call(mac: &syn::Macro) -> Option<ModelCall> {
    if runtime_macro(mac)? != "model" {
        return None;
    }
    let tokens: Vec<TokenTree> = mac.tokens.clone().into_iter().collect();
    let [TokenTree::Ident(name), TokenTree::Group(args), groups @ ..] = tokens.as_slice() else {
        return None;
    };
    let groups = groups
        .iter()
        .map(|token| match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                Some((false, entries(group.stream())))
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
                Some((true, entries(group.stream())))
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some(ModelCall {
        name: name.to_string(),
        arguments: entries(args.stream()),
        groups,
    })
}

/// The text of one runtime macro invocation, or `None` for any other macro (or tokens not in
/// the macro's grammar, which prettyplease then prints as it would).
fn layout(mac: &ItemMacro) -> Option<String> {
    match runtime_macro(&mac.mac)? {
        "model" => model_call(&mac.mac).map(|call| model(&call)),
        _ => {
            let tokens: Vec<TokenTree> = mac.mac.tokens.clone().into_iter().collect();
            string_enum(&tokens)
        }
    }
}

/// `Name(args) { setters } [lists]`, either group left out when empty.
fn model(call: &ModelCall) -> String {
    let mut out = String::from("cloudgen_runtime::model! {\n");
    // The constructor on one line when it fits; each group on one line when it has one entry
    // that fits; otherwise an entry a line.
    let name = &call.name;
    list(
        &mut out,
        &format!("{name}("),
        ")",
        &call.arguments,
        "",
        usize::MAX,
    );
    for (is_list, entries) in &call.groups {
        let (open, close) = match is_list {
            false => ("{", "}"),
            true => ("[", "]"),
        };
        list(&mut out, open, close, entries, " ", 1);
    }
    out.push_str("}\n");
    out
}

/// Writes `open`, `entries` and `close` as one indented line when there are at most
/// `one_line_up_to` entries and the line fits (`pad` inside the delimiters), else an entry a line.
fn list(
    out: &mut String,
    open: &str,
    close: &str,
    entries: &[String],
    pad: &str,
    one_line_up_to: usize,
) {
    let line = format!("{INDENT}{open}{pad}{}{pad}{close}", entries.join(", "));
    if entries.len() <= one_line_up_to && line.len() <= WIDTH {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push_str(&format!("{INDENT}{open}\n"));
    for entry in entries {
        out.push_str(&format!("{INDENT}{INDENT}{entry},\n"));
    }
    out.push_str(&format!("{INDENT}{close}\n"));
}

/// `Name { Variant = "wire", ... }`, the values packed to the line width.
fn string_enum(tokens: &[TokenTree]) -> Option<String> {
    let [TokenTree::Ident(name), TokenTree::Group(values)] = tokens else {
        return None;
    };
    if values.delimiter() != Delimiter::Brace {
        return None;
    }
    let mut out = format!("cloudgen_runtime::string_enum! {{\n{INDENT}{name} {{\n");
    let prefix = format!("{INDENT}{INDENT}");
    let mut line = String::new();
    for entry in entries(values.stream()) {
        let entry = format!("{entry},");
        if !line.is_empty() && prefix.len() + line.len() + 1 + entry.len() > WIDTH {
            out.push_str(&format!("{prefix}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&entry);
    }
    if !line.is_empty() {
        out.push_str(&format!("{prefix}{line}\n"));
    }
    out.push_str(&format!("{INDENT}}}\n}}\n"));
    Some(out)
}

/// The comma-separated entries of a group, each printed compactly.
fn entries(stream: TokenStream) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut depth = 0usize;
    for token in stream {
        if let TokenTree::Punct(punct) = &token {
            match punct.as_char() {
                '<' => depth += 1,
                '>' if depth > 0 && !ends_arrow(&current) => depth -= 1,
                ',' if depth == 0 => {
                    entries.push(print(&current));
                    current.clear();
                    continue;
                }
                _ => {}
            }
        }
        current.push(token);
    }
    if !current.is_empty() {
        entries.push(print(&current));
    }
    entries
}

/// Whether the tokens so far end in `=`, so that a `>` after them makes `=>`.
fn ends_arrow(tokens: &[TokenTree]) -> bool {
    matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == '=')
}

/// Tokens as a person writes them: `a: T`, `with_a => a: Vec<T>`, `A = "a"`, `x::Y<Z, W>`.
fn print(tokens: &[TokenTree]) -> String {
    let mut out = String::new();
    // Whether the previous token was a punctuation joined to this one (`::`, `=>`).
    let mut joined = false;
    let mut previous_was_word = false;
    for token in tokens {
        match token {
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let joins_next = punct.spacing() == Spacing::Joint;
                match c {
                    ':' if joins_next || joined => out.push(':'),
                    ':' => out.push_str(": "),
                    ',' => out.push_str(", "),
                    '=' if joins_next => out.push_str(" ="),
                    '=' => out.push_str(" = "),
                    '>' if joined && out.ends_with('=') => out.push_str("> "),
                    other => out.push(other),
                }
                joined = joins_next;
                previous_was_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                out.push_str(&format!("{open}{}{close}", print(&inner)));
                joined = false;
                previous_was_word = false;
            }
            word => {
                if previous_was_word {
                    out.push(' ');
                }
                out.push_str(&word.to_string());
                joined = false;
                previous_was_word = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid(tokens: TokenStream) -> String {
        let mut items: Vec<Item> = syn::parse2::<syn::File>(tokens).unwrap().items;
        let mut layouts = Vec::new();
        extract(&mut items, &mut layouts);
        assert_eq!(layouts.len(), 1);
        layouts.remove(0)
    }

    #[test]
    fn lays_out_models_with_one_setter_a_line() {
        let text = laid(quote::quote! {
            cloudgen_runtime::model!(Tag(key: String, map: std::collections::BTreeMap<String, i32>) {
                with_value => value: String, with_next => next: Box<Tag>
            } [with_type => r#type: serde_json::Value]);
        });
        assert_eq!(
            text,
            "cloudgen_runtime::model! {\n    \
            Tag(key: String, map: std::collections::BTreeMap<String, i32>)\n    \
            {\n        with_value => value: String,\n        with_next => next: Box<Tag>,\n    }\n    \
            [ with_type => r#type: serde_json::Value ]\n}\n"
        );
    }

    #[test]
    fn packs_enum_values() {
        let text = laid(quote::quote! {
            cloudgen_runtime::string_enum!(Mode { Fast = "fast", Safe = "safe" });
        });
        assert_eq!(
            text,
            "cloudgen_runtime::string_enum! {\n    Mode {\n        Fast = \"fast\", Safe = \"safe\",\n    }\n}\n"
        );
    }

    #[test]
    fn restores_layouts_at_their_indentation() {
        let text = "mod a {\n    __cloudgen_layout_0!();\n}\n";
        assert_eq!(
            restore(text, &["m! {\n    x\n}\n".to_owned()]),
            "mod a {\n    m! {\n        x\n    }\n}\n"
        );
    }
}
