//! The public page of the basic policy (情報セキュリティ基本方針): one HTML document, read without
//! signing in and printed on A4.
//!
//! The basic policy is published; the standards and procedures under it are not (the basic policy's
//! 「公開」 clause). The page says which version it is, from when it applies and the SHA-256 of its
//! content, so a printed copy can be checked against the record; the same version is offered as
//! JSON for machines.
//!
//! Everything the page needs is in it: one inline `<style>`, system fonts, no script, no image.
//! Mamori's Content-Security-Policy allows styles from files only (`style-src 'self'`), so this
//! page is served with its own policy, [`content_security_policy`], that allows exactly its style
//! by hash and nothing else.

use base64::Engine;
use sha2::{Digest, Sha256};

/// What the page shows. Text fields are plain text (escaped here); `*_html` fields are HTML from
/// [`super::markdown`], put in as they are.
pub struct PublicPage<'a> {
    pub title: &'a str,
    pub version: u32,
    /// `YYYY-MM-DD`.
    pub effective_date: &'a str,
    /// The SHA-256 of the content, in hex.
    pub content_hash: &'a str,
    /// From [`super::markdown::to_html`].
    pub body_html: &'a str,
    /// The English title and body, a reference translation. Render the body with
    /// [`super::markdown::to_html_with_id_prefix`] and a prefix of its own (`"en-h"`), so that its
    /// headings' ids do not repeat the Japanese text's.
    pub translation: Option<(&'a str, &'a str)>,
    /// Where the same version is served as JSON.
    pub json_path: &'a str,
    pub organisation: &'a str,
}

/// The page's one stylesheet. Its SHA-256 is in [`content_security_policy`]: any change here changes
/// the hash with it, as both are computed from this text.
const STYLE: &str = r#"
:root {
  font-family: "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", "Meiryo", system-ui, sans-serif;
  color: #1d2330; background: #f6f7f9; line-height: 1.8;
}
body { margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; background: #fff; }
a { color: #1f4e8c; }
header { border-bottom: 2px solid #1d2330; padding-bottom: 1rem; margin-bottom: 2rem; }
.organisation { margin: 0; color: #5a6275; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 0.25rem 0 1rem; }
h2, article h3, .translation h3 { font-size: 1.2rem; margin: 2rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 0.5rem; }
.meta { margin: 0; }
.meta div { display: flex; flex-wrap: wrap; column-gap: 1rem; margin: 0.25rem 0; }
.meta dt { flex: 0 0 13em; color: #5a6275; }
.meta dd { flex: 1 1 20em; min-width: 0; margin: 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
.hash { overflow-wrap: anywhere; word-break: break-all; }
.json { margin: 1rem 0 0; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #b8bfcc; padding: 0.25rem 0.5rem; vertical-align: top; }
th { background: #eef1f5; }
.align-left { text-align: left; } .align-center { text-align: center; } .align-right { text-align: right; }
.translation { margin-top: 3rem; border-top: 1px solid #b8bfcc; }
.translation .note { color: #5a6275; font-size: 0.9rem; }
@page { size: A4; margin: 20mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@media print {
  :root { background: #fff; font-size: 10.5pt; line-height: 1.7; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .json { display: none; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  p, li, tr { orphans: 3; widows: 3; }
  tr, .meta div { break-inside: avoid; }
  .translation { break-before: page; page-break-before: always; border-top: none; margin-top: 0; }
}
"#;

/// The page as a complete HTML5 document.
pub fn render(page: &PublicPage) -> String {
    let title = escape(page.title);
    let organisation = escape(page.organisation);
    let iso = escape(page.effective_date);
    let effective = match japanese_date(page.effective_date) {
        Some(japanese) => format!("<time datetime=\"{iso}\">{japanese}</time>（{iso}）"),
        None => iso.clone(),
    };
    let hash = escape(page.content_hash);
    let json = escape(page.json_path);
    let version = page.version;
    let body = without_title(page.body_html, page.title);
    let translation = page
        .translation
        .map(|(english_title, english_body)| {
            format!(
                "<section class=\"translation\" lang=\"en\" aria-labelledby=\"translation\">\n\
                 <h2 id=\"translation\">Reference translation: {}</h2>\n\
                 <p class=\"note\">This English translation is for reference only. \
                 The Japanese text above is the authoritative version.</p>\n\
                 {}</section>\n",
                escape(english_title),
                without_title(english_body, english_title),
            )
        })
        .unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"ja\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}（第{version}版）｜{organisation}</title>\n\
         <link rel=\"alternate\" type=\"application/json\" href=\"{json}\">\n\
         <style>{STYLE}</style>\n\
         </head>\n\
         <body>\n\
         <main>\n\
         <header>\n\
         <p class=\"organisation\">{organisation}</p>\n\
         <h1>{title}</h1>\n\
         <dl class=\"meta\">\n\
         <div><dt>版</dt><dd>第{version}版</dd></div>\n\
         <div><dt>施行日</dt><dd>{effective}</dd></div>\n\
         <div><dt>ハッシュ値（SHA-256）</dt><dd><code class=\"hash\">{hash}</code></dd></div>\n\
         </dl>\n\
         <p class=\"json\"><a href=\"{json}\" type=\"application/json\">この版をJSON形式で見る</a></p>\n\
         </header>\n\
         <article>\n{body}</article>\n\
         {translation}\
         </main>\n\
         </body>\n\
         </html>\n"
    )
}

/// The Content-Security-Policy to serve [`render`]'s page with, in place of the server-wide one:
/// its inline style by hash, and nothing else at all (no script, no image, no font, no origin).
pub fn content_security_policy() -> String {
    style_only_policy(STYLE)
}

/// The Content-Security-Policy of a page that is HTML and one inline `<style>`, nothing else.
pub fn style_only_policy(style: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'none'"
    )
}

/// `2026-04-01` as `2026年4月1日`, or `None` if it is not such a date.
fn japanese_date(iso: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(iso, &format).ok()?;
    Some(format!(
        "{}年{}月{}日",
        date.year(),
        u8::from(date.month()),
        date.day()
    ))
}

/// `body` without its first heading when that heading is the document's title: the Markdown starts
/// with `# title` (rendered one level below the page, as `<h2>`), and the header already shows it.
fn without_title<'b>(body: &'b str, title: &str) -> &'b str {
    // Markdown's writer escapes text as body text: `&`, `<` and `>` only.
    let title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    body.strip_prefix("<h2 id=\"")
        .and_then(|rest| rest.split_once("\">"))
        .and_then(|(_, rest)| rest.strip_prefix(title.as_str()))
        .and_then(|rest| rest.strip_prefix("</h2>"))
        .map_or(body, |rest| rest.trim_start_matches('\n'))
}

/// `text` safe inside an element and inside a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{content_security_policy, render, PublicPage};
    use crate::text::markdown::{to_html, to_html_with_id_prefix};
    use base64::Engine;
    use sha2::{Digest, Sha256};

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn page<'a>(body: &'a str, translation: Option<(&'a str, &'a str)>) -> PublicPage<'a> {
        PublicPage {
            title: "情報セキュリティ基本方針",
            version: 2,
            effective_date: "2026-04-01",
            content_hash: HASH,
            body_html: body,
            translation,
            json_path: "/public/policies/basic.json",
            organisation: "宮城県市町村自治振興センター",
        }
    }

    #[test]
    fn the_header_names_the_version_the_date_and_the_hash() {
        let body = to_html("# 情報セキュリティ基本方針\n\n## 1. 目的\n\n本文。\n");
        let html = render(&page(&body, None));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
        assert!(html.ends_with("</html>\n"));
        assert!(html.contains("<p class=\"organisation\">宮城県市町村自治振興センター</p>"));
        assert!(html.contains("<h1>情報セキュリティ基本方針</h1>"));
        assert!(html.contains("第2版"));
        assert!(
            html.contains("<time datetime=\"2026-04-01\">2026年4月1日</time>（2026-04-01）"),
            "{html}"
        );
        assert!(html.contains(&format!("<code class=\"hash\">{HASH}</code>")));
        assert!(html.contains("<a href=\"/public/policies/basic.json\""));
        assert!(html.contains("<h3 id=\"h-2\">1. 目的</h3>"));
        // The body's own `# title` is not shown a second time under the header's.
        assert_eq!(html.matches("情報セキュリティ基本方針</h1>").count(), 1);
        assert!(!html.contains("<section"));
        assert!(
            !html.contains("<script")
                && !html.contains("<img")
                && !html.contains("<link rel=\"stylesheet\"")
        );
    }

    #[test]
    fn a_body_whose_first_heading_is_not_the_title_keeps_it() {
        let body = to_html("# 前文\n\n本文。\n");
        let html = render(&page(&body, None));
        assert!(html.contains("<h2 id=\"h-1\">前文</h2>"), "{html}");
    }

    #[test]
    fn interpolated_text_is_escaped() {
        let html = render(&PublicPage {
            title: "<script>alert(1)</script>",
            version: 1,
            effective_date: "\"><script>x</script>",
            content_hash: "<b>",
            body_html: "",
            translation: Some(("</section><script>y</script>", "")),
            json_path: "\" onclick=\"z()",
            organisation: "A & B's",
        });
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("\" onclick"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("A &amp; B&#39;s"));
        assert!(html.contains("<code class=\"hash\">&lt;b&gt;</code>"));
        // A date that is not one is shown as given (escaped), without a `<time>`.
        assert!(
            html.contains("<dd>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</dd>"),
            "{html}"
        );
        assert!(!html.contains("<time"));
    }

    #[test]
    fn the_translation_follows_in_english() {
        let body = to_html("# 情報セキュリティ基本方針\n\n## 1. 目的\n");
        let english = to_html_with_id_prefix(
            "# Basic Information Security Policy\n\n## 1. Purpose\n",
            "en-h",
        );
        let html = render(&page(
            &body,
            Some(("Basic Information Security Policy", &english)),
        ));
        let section = html
            .find("<section class=\"translation\" lang=\"en\"")
            .unwrap();
        assert!(section > html.find("<h3 id=\"h-2\">1. 目的</h3>").unwrap());
        assert!(html.contains(
            "<h2 id=\"translation\">Reference translation: Basic Information Security Policy</h2>"
        ));
        assert!(html.contains("authoritative"));
        assert!(html.contains("<h3 id=\"en-h-2\">1. Purpose</h3>"));
        assert!(!html.contains("<h2 id=\"en-h-1\">"));
    }

    #[test]
    fn the_policy_allows_exactly_the_page_style() {
        let html = render(&page("", None));
        let start = html.find("<style>").unwrap() + "<style>".len();
        let end = html.find("</style>").unwrap();
        let style = &html[start..end];
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style));
        let policy = content_security_policy();
        assert!(
            policy.contains(&format!("style-src 'sha256-{hash}';")),
            "{policy}"
        );
        assert!(policy.starts_with("default-src 'none';"));
        for absent in ["script-src", "http", "'unsafe-inline'", "'self'", "*"] {
            assert!(!policy.contains(absent), "{absent} in {policy}");
        }
        // One `<style>`, and no `style=` attribute the hash would not cover.
        assert_eq!(html.matches("<style").count(), 1);
        assert!(!html.contains("style="));
    }

    #[test]
    fn the_demo_policy_renders_with_its_translation() {
        let body = to_html(include_str!("../../demo/documents/basic-policy.ja.md"));
        let english = to_html_with_id_prefix(
            include_str!("../../demo/documents/basic-policy.en.md"),
            "en-h",
        );
        let html = render(&page(
            &body,
            Some(("Basic Information Security Policy", &english)),
        ));
        let sections = [
            "目的",
            "定義",
            "対象とする脅威",
            "適用範囲",
            "職員等の遵守義務",
        ]
        .into_iter()
        .chain(["情報セキュリティ対策", "監査及び自己点検", "見直し"])
        .chain(["対策基準の策定", "実施手順の策定", "公開"]);
        for (number, name) in (1..).zip(sections) {
            assert!(
                html.contains(&format!("\">{number}. {name}</h3>")),
                "{number}. {name}"
            );
        }
        assert!(html.contains("\">11. Publication</h3>"));
        assert_eq!(html.matches("<h1").count(), 1);
    }

    #[test]
    fn the_style_loads_nothing() {
        let html = render(&page("", None));
        for external in ["url(", "@import", "@font-face"] {
            assert!(!html.contains(external), "{external}");
        }
        assert!(html.contains("@page { size: A4; margin: 20mm;"));
    }
}
