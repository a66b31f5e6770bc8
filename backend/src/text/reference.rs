//! The API's reference as a page, rendered from its OpenAPI document: every operation with its
//! security, parameters, body and answers, and every schema with its constraints. One HTML file
//! with one inline style and no script, served by Mamori itself (nothing from a CDN).

use serde_json::{Map, Value};

use super::page::escape;

pub const STYLE: &str = "\
:root { font-family: system-ui, \"Noto Sans CJK JP\", sans-serif; color: #1d2330; line-height: 1.6; }
body { margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 2px solid #1d2330; }
h3 { font-size: 1.05rem; margin: 1.75rem 0 0.25rem; font-family: ui-monospace, Menlo, Consolas, monospace; }
.method { display: inline-block; min-width: 4.5em; font-weight: bold; }
.get { color: #1f6f3f; } .post { color: #1f4e8c; } .put { color: #7a4b00; } .delete { color: #9b1c1c; }
table { border-collapse: collapse; margin: 0.5rem 0; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #c9ced8; padding: 0.2rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
.meta { color: #5a6275; font-size: 0.9rem; margin: 0.2rem 0; }
nav ul { columns: 2; font-size: 0.9rem; }
";

/// A schema in one line: its type, format, enum and constraints.
fn summary(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(|r| r.as_str()) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(list) = schema.get(key).and_then(|v| v.as_array()) {
            let parts: Vec<String> = list.iter().map(summary).collect();
            return parts.join(" | ");
        }
    }
    let mut parts = Vec::new();
    match &schema["type"] {
        Value::String(t) => parts.push(escape(t)),
        Value::Array(types) => parts.push(escape(
            &types
                .iter()
                .filter_map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        )),
        _ => {}
    }
    if schema["type"] == "array" || schema.get("items").is_some() {
        parts.push(format!("of {}", summary(&schema["items"])));
    }
    if let Some(format) = schema["format"].as_str() {
        parts.push(format!("({})", escape(format)));
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect();
        parts.push(format!("one of {}", values.join(", ")));
    }
    if let Some(value) = schema.get("const") {
        parts.push(format!("= <code>{}</code>", escape(&value.to_string())));
    }
    for (key, label) in [
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minItems", "min items"),
        ("maxItems", "max items"),
    ] {
        if let Some(n) = schema.get(key).filter(|v| v.is_number()) {
            parts.push(format!("{label} {n}"));
        }
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        parts.push(format!("pattern <code>{}</code>", escape(pattern)));
    }
    parts.join(" ")
}

/// A description, escaped, its `code` spans (as the document writes them, in backticks) shown as
/// code.
fn text(value: &Value) -> String {
    let escaped = escape(value.as_str().unwrap_or_default());
    let spans: Vec<&str> = escaped.split('`').collect();
    if spans.len().is_multiple_of(2) {
        // An odd number of backticks: not code spans, shown as written.
        return escaped;
    }
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            if i % 2 == 1 {
                format!("<code>{span}</code>")
            } else {
                (*span).to_owned()
            }
        })
        .collect()
}

/// The page of `document`.
pub fn render(document: &Value) -> String {
    let mut out = String::new();
    let info = &document["info"];
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} {} — reference</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{} <small>{}</small></h1>\n<p>{}</p>\n\
         <p class=\"meta\">The same as OpenAPI 3.1: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>\n",
        text(&info["title"]),
        text(&info["version"]),
        text(&info["title"]),
        text(&info["version"]),
        text(&info["description"]),
    ));
    out.push_str(
        "<h2 id=\"security\">Security</h2>\n<table><tr><th>Scheme</th><th>How</th></tr>\n",
    );
    for (name, scheme) in document["components"]["securitySchemes"]
        .as_object()
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
            escape(name),
            text(&scheme["description"])
        ));
    }
    out.push_str("</table>\n<nav><h2>Operations</h2><ul>\n");
    let empty = Map::new();
    let paths = document["paths"].as_object().unwrap_or(&empty);
    let operations: Vec<(&String, &String, &Value)> = paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, op)| (path, method, op))
        })
        .collect();
    for (path, method, operation) in &operations {
        out.push_str(&format!(
            "<li><a href=\"#{}\"><span class=\"method {method}\">{}</span> {}</a></li>\n",
            escape(operation["operationId"].as_str().unwrap_or_default()),
            method.to_uppercase(),
            escape(path)
        ));
    }
    out.push_str("</ul></nav>\n");
    for (path, method, operation) in &operations {
        out.push_str(&format!(
            "<section><h3 id=\"{}\"><span class=\"method {method}\">{}</span> {}</h3>\n<p>{}</p>\n",
            escape(operation["operationId"].as_str().unwrap_or_default()),
            method.to_uppercase(),
            escape(path),
            text(&operation["summary"])
        ));
        let security: Vec<String> = operation["security"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|requirement| requirement.as_object().into_iter().flatten())
            .map(|(scheme, scopes)| {
                let scopes: Vec<String> = scopes
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str())
                    .map(|s| format!("<code>{}</code>", escape(s)))
                    .collect();
                if scopes.is_empty() {
                    escape(scheme)
                } else {
                    format!("{} ({})", escape(scheme), scopes.join(", "))
                }
            })
            .collect();
        out.push_str(&format!(
            "<p class=\"meta\">Security: {}{}</p>\n",
            if security.is_empty() {
                "none (public)".to_owned()
            } else {
                security.join(" or ")
            },
            operation["x-cedar-action"]
                .as_str()
                .map(|a| format!(" · Cedar action <code>{}</code>", escape(a)))
                .unwrap_or_default()
        ));
        if let Some(parameters) = operation["parameters"].as_array() {
            out.push_str(
                "<table><tr><th>Parameter</th><th>In</th><th>Schema</th><th>About</th></tr>\n",
            );
            for p in parameters {
                out.push_str(&format!(
                    "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                    text(&p["name"]),
                    if p["required"] == true {
                        " (required)"
                    } else {
                        ""
                    },
                    text(&p["in"]),
                    summary(&p["schema"]),
                    text(&p["description"])
                ));
            }
            out.push_str("</table>\n");
        }
        if let Some(body) = operation.get("requestBody") {
            out.push_str(&format!(
                "<p class=\"meta\">Body: {} — {}</p>\n",
                summary(&body["content"]["application/json"]["schema"]),
                text(&body["description"])
            ));
        }
        out.push_str("<table><tr><th>Status</th><th>Answer</th></tr>\n");
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            let schema = response["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .map(|c| summary(&c["schema"]))
                .unwrap_or_default();
            let types: Vec<String> = response["x-problem-types"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str())
                .map(|t| format!("<code>{}</code>", escape(t)))
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td>{} {}{}</td></tr>\n",
                escape(status),
                text(&response["description"]),
                schema,
                if types.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", types.join(", "))
                }
            ));
        }
        out.push_str("</table>\n</section>\n");
    }
    out.push_str("<h2 id=\"schemas\">Schemas</h2>\n");
    for (name, schema) in document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(
            "<section><h3 id=\"schema-{0}\">{0}</h3>\n<p>{1}</p>\n",
            escape(name),
            text(&schema["description"])
        ));
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str())
            .collect();
        match schema["properties"].as_object() {
            Some(properties) => {
                out.push_str("<table><tr><th>Field</th><th>Schema</th><th>About</th></tr>\n");
                for (field, property) in properties {
                    out.push_str(&format!(
                        "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>\n",
                        escape(field),
                        if required.contains(&field.as_str()) {
                            " (required)"
                        } else {
                            ""
                        },
                        summary(property),
                        text(&property["description"])
                    ));
                }
                out.push_str("</table>\n");
            }
            None => out.push_str(&format!("<p>{}</p>\n", summary(schema))),
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_operation_shows_its_parameters_answers_and_constraints_escaped() {
        let document = json!({
            "info": {"title": "Mamori API", "version": "1", "description": "<b>d</b> `x-scope`"},
            "components": {"securitySchemes": {"bearer": {"description": "a token"}},
                "schemas": {"ClientBody": {"required": ["name"], "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 200}}}}},
            "paths": {"/api/v1/clients": {"post": {
                "operationId": "post_clients", "summary": "Register", "x-cedar-action": "clients.manage",
                "security": [{"session": []}, {"bearer": ["feed:read"]}],
                "parameters": [{"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string", "pattern": "^\"[0-9]+\"$"}}],
                "requestBody": {"description": "JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ClientBody"}}}},
                "responses": {"201": {"description": "Created"}, "422": {"description": "Invalid", "x-problem-types": ["/problems/validation"]}}
            }}}
        });
        let html = render(&document);
        assert!(
            html.contains("&lt;b&gt;d&lt;/b&gt; <code>x-scope</code>"),
            "{html}"
        );
        assert!(html.contains("<code>If-Match</code> (required)"));
        assert!(html.contains("bearer (<code>feed:read</code>)"));
        assert!(html.contains("<a href=\"#schema-ClientBody\">ClientBody</a>"));
        assert!(html.contains("min length 1 max length 200"));
        assert!(html.contains("<code>/problems/validation</code>"));
        assert!(!html.contains("<script"));
    }
}
