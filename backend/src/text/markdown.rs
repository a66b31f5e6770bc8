//! A policy document's Markdown as HTML that is safe to put in any page, whoever wrote the text.
//!
//! CommonMark lets an author write raw HTML and link to any URL; an editor's account may be taken
//! over, so neither is trusted. Raw HTML is shown as the text it is, a link goes only where a reader
//! can follow it safely (`http:`, `https:`, `mailto:`, a relative path, a `#fragment`), and an image
//! becomes a link to it: the pages that show documents allow no external origin (their
//! Content-Security-Policy), and a document must not make a reader's browser fetch anything.

use pulldown_cmark::{
    html, Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

/// The HTML of `markdown`, with tables and ~~strikethrough~~; headings get the ids `h-1`, `h-2`, …
pub fn to_html(markdown: &str) -> String {
    to_html_with_id_prefix(markdown, "h")
}

/// As [`to_html`], with headings' ids `{prefix}-1`, `{prefix}-2`, … so that two documents on one
/// page (the original and its translation) do not share an anchor.
///
/// Ids are numbered, not slugs of the heading's text: a Japanese heading makes a poor slug, and a
/// number in order stays stable while a heading's wording is revised.
pub fn to_html_with_id_prefix(markdown: &str, prefix: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Safe::new(prefix).filter(Parser::new_ext(markdown, options).collect());
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Whether a link may go to `destination`: a scheme we allow, or none at all (a relative path or a
/// fragment, which stays on the server that serves the page).
fn allowed_destination(destination: &str) -> bool {
    // As a browser reads a URL: it trims leading C0 controls and spaces and drops tabs and newlines
    // anywhere, so `java\tscript:` is `javascript:` to it and must be to us.
    let url: String = destination
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let before_path = url.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    match before_path.split_once(':') {
        None => true,
        Some((scheme, _)) => ["http", "https", "mailto"]
            .iter()
            .any(|allowed| scheme.eq_ignore_ascii_case(allowed)),
    }
}

/// What became of a link or an image that was opened, so that its end is written to match.
enum Opened {
    /// Written as `<a>`: its end closes the anchor.
    Anchor,
    /// Dropped (a destination not allowed, or an image inside a link, where a second `<a>` cannot
    /// nest): only its text is written.
    TextOnly,
}

/// The pass over the parser's events that makes them safe (the module's doc says what that means).
struct Safe<'p> {
    prefix: &'p str,
    headings: usize,
    opened: Vec<Opened>,
    anchors_open: usize,
    /// The current table's column alignments, its header being read, and the next cell's column.
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

/// A document's headings sit under the page's own title (its one `<h1>`): `#` renders as `<h2>`,
/// and the deepest levels share `<h6>`.
fn below_page(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

impl<'p> Safe<'p> {
    fn new(prefix: &'p str) -> Self {
        Safe {
            prefix,
            headings: 0,
            opened: Vec::new(),
            anchors_open: 0,
            alignments: Vec::new(),
            in_head: false,
            column: 0,
        }
    }

    fn filter<'a>(mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len());
        let mut events = events.into_iter().peekable();
        while let Some(event) = events.next() {
            match event {
                // The author's HTML, shown as text. A block of it becomes a paragraph of that text.
                Event::Html(raw) | Event::InlineHtml(raw) => out.push(Event::Text(raw)),
                Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
                Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
                Event::Start(Tag::Heading { level, .. }) => {
                    self.headings += 1;
                    out.push(Event::Start(Tag::Heading {
                        level: below_page(level),
                        id: Some(format!("{}-{}", self.prefix, self.headings).into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                }
                Event::End(TagEnd::Heading(level)) => {
                    out.push(Event::End(TagEnd::Heading(below_page(level))));
                }
                Event::Start(link @ Tag::Link { .. }) => out.extend(self.open(link)),
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    let alt_is_empty = matches!(events.peek(), Some(Event::End(TagEnd::Image)));
                    let shown = alt_is_empty.then(|| Event::Text(dest_url.clone()));
                    let link = Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id: CowStr::Borrowed(""),
                    };
                    let opened = self.open(link);
                    // An image with no alt text would be an empty, invisible link: show where it goes.
                    out.extend(opened.into_iter().chain(shown));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if let Some(Opened::Anchor) = self.opened.pop() {
                        self.anchors_open -= 1;
                        out.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::Table(alignments)) => {
                    self.alignments.clone_from(&alignments);
                    out.push(Event::Start(Tag::Table(alignments)));
                }
                Event::Start(Tag::TableHead) => {
                    (self.in_head, self.column) = (true, 0);
                    out.push(Event::Start(Tag::TableHead));
                }
                Event::End(TagEnd::TableHead) => {
                    self.in_head = false;
                    out.push(Event::End(TagEnd::TableHead));
                }
                Event::Start(Tag::TableRow) => {
                    self.column = 0;
                    out.push(Event::Start(Tag::TableRow));
                }
                Event::Start(Tag::TableCell) => {
                    out.push(self.cell());
                    self.column += 1;
                }
                other => out.push(other),
            }
        }
        out
    }

    /// The start of a link (an image comes here as a link to it), or nothing if it is dropped.
    fn open<'a>(&mut self, link: Tag<'a>) -> Option<Event<'a>> {
        let Tag::Link { ref dest_url, .. } = link else {
            return None;
        };
        if self.anchors_open == 0 && allowed_destination(dest_url) {
            self.opened.push(Opened::Anchor);
            self.anchors_open += 1;
            Some(Event::Start(link))
        } else {
            self.opened.push(Opened::TextOnly);
            None
        }
    }

    /// A table cell's start. pulldown-cmark aligns a column with a `style` attribute, which a
    /// Content-Security-Policy without `'unsafe-inline'` (ours) blocks: a class says it instead.
    fn cell<'a>(&self) -> Event<'a> {
        let class = match self.alignments.get(self.column) {
            Some(Alignment::Left) => "align-left",
            Some(Alignment::Center) => "align-center",
            Some(Alignment::Right) => "align-right",
            Some(Alignment::None) | None => return Event::Start(Tag::TableCell),
        };
        let element = if self.in_head { "th" } else { "td" };
        // The writer closes the cell itself (`</th>` or `</td>`, by its own record of the header).
        Event::Html(format!("<{element} class=\"{class}\">").into())
    }
}

#[cfg(test)]
mod tests {
    use super::{allowed_destination, to_html, to_html_with_id_prefix};

    /// No element or attribute that could run script or load anything.
    fn assert_inert(html: &str) {
        let lower = html.to_lowercase();
        for forbidden in [
            "<script",
            "<img",
            "<iframe",
            "<svg",
            "<style",
            "<object",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "vbscript:",
            "data:",
            "style=",
        ] {
            // An escaped `<` never starts a tag, so only the unescaped forms count.
            let found = if forbidden.starts_with('<') {
                lower.contains(forbidden)
            } else {
                attribute_values_and_tags(&lower).contains(forbidden)
            };
            assert!(!found, "{forbidden:?} in {html}");
        }
    }

    /// The text inside tags (`<…>`), where attributes live: text between tags is inert.
    fn attribute_values_and_tags(html: &str) -> String {
        let mut inside = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if in_tag => inside.push(c),
                _ => {}
            }
        }
        inside
    }

    #[test]
    fn raw_html_blocks_and_inline_html_are_shown_as_text() {
        let html = to_html("<script>alert(1)</script>\n\n本文<b onclick=\"x()\">太字</b>\n");
        assert_inert(&html);
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("本文&lt;b onclick=\"x()\"&gt;太字&lt;/b&gt;"),
            "{html}"
        );
    }

    #[test]
    fn an_img_with_onerror_is_text() {
        let html =
            to_html("<img src=x onerror=alert(1)>\n\n段落 <img src=x onerror=alert(1)> 中\n");
        assert_inert(&html);
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
    }

    #[test]
    fn script_urls_are_dropped_and_their_text_kept() {
        for markdown in [
            "[押す](javascript:alert(1))",
            "[押す](JavaScript:alert(1))",
            "[押す](  javascript:alert(1))",
            "[押す](java&#x09;script:alert(1))",
            "[押す](javascript&#58;alert(1))",
            "[押す](vbscript:msgbox)",
            "[押す](data:text/html;base64,PHNjcmlwdD4=)",
            "[押す][r]\n\n[r]: javascript:alert(1)",
        ] {
            let html = to_html(markdown);
            assert_inert(&html);
            assert!(!html.contains("<a"), "{markdown}: {html}");
            assert!(html.contains("押す"), "{markdown}: {html}");
        }
    }

    #[test]
    fn allowed_links_are_kept() {
        let html = to_html(
            "[a](https://example.jp/規程?x=1&y=2) [b](http://a.test) [c](mailto:isms@example.jp) \
             [d](../standards) [e](#h-3) [f](/policies/1.json)",
        );
        assert!(
            html.contains(r#"<a href="https://example.jp/%E8%A6%8F%E7%A8%8B?x=1&amp;y=2">a</a>"#),
            "{html}"
        );
        for href in [
            "http://a.test",
            "mailto:isms@example.jp",
            "../standards",
            "#h-3",
            "/policies/1.json",
        ] {
            assert!(html.contains(&format!("href=\"{href}\"")), "{href}: {html}");
        }
    }

    #[test]
    fn autolinks_follow_the_same_rule() {
        let html = to_html("<https://example.jp/a> <javascript:alert(1)> <isms@example.jp>");
        assert_inert(&html);
        assert!(html.contains(r#"<a href="https://example.jp/a">https://example.jp/a</a>"#));
        assert!(html.contains(r#"<a href="mailto:isms@example.jp">isms@example.jp</a>"#));
        // The refused autolink's text stays, as text.
        assert!(html.contains("javascript:alert(1)") && html.matches("<a ").count() == 2);
    }

    #[test]
    fn a_title_cannot_inject_an_attribute() {
        let html = to_html(r#"[x](https://example.jp "a&quot; onmouseover=&quot;alert(1)")"#);
        assert!(
            html.contains(r#"title="a&quot; onmouseover=&quot;alert(1)""#),
            "{html}"
        );
        let html = to_html(r#"[x](https://example.jp "\" onmouseover=\"alert(1)")"#);
        assert!(
            html.contains(r#"title="&quot; onmouseover=&quot;alert(1)""#),
            "{html}"
        );
        let html = to_html("[x](<https://example.jp/\"onmouseover=\"alert(1)>)");
        assert!(!html.contains("\"onmouseover"), "{html}");
    }

    #[test]
    fn entities_stay_text() {
        let html = to_html("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#60;b&#62; &copy;");
        assert_inert(&html);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt; ©"));
    }

    #[test]
    fn images_become_links_and_load_nothing() {
        let html = to_html("![組織図](/files/org.png \"図1\") ![](https://example.jp/a.png)");
        assert_inert(&html);
        assert!(
            html.contains(r#"<a href="/files/org.png" title="図1">組織図</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="https://example.jp/a.png">https://example.jp/a.png</a>"#),
            "{html}"
        );
        let html = to_html("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)");
        assert_inert(&html);
        assert!(!html.contains("<a") && html.contains('x') && html.contains('y'));
    }

    #[test]
    fn an_image_inside_a_link_does_not_nest_anchors() {
        let html = to_html("[![ロゴ](/logo.png)](https://example.jp)");
        assert_eq!(html, "<p><a href=\"https://example.jp\">ロゴ</a></p>\n");
    }

    #[test]
    fn headings_are_numbered_in_order_one_level_below_the_page() {
        let html =
            to_html("# 情報セキュリティ基本方針\n\n## 1. 目的\n\n本文\n\n### (1) 組織体制\n");
        assert!(
            html.contains("<h2 id=\"h-1\">情報セキュリティ基本方針</h2>"),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"h-2\">1. 目的</h3>"), "{html}");
        assert!(html.contains("<h4 id=\"h-3\">(1) 組織体制</h4>"), "{html}");
        assert!(!html.contains("<h1"), "the page has the one h1: {html}");
        let english = to_html_with_id_prefix("# Policy\n## Purpose\n###### Deep", "en-h");
        assert!(english.contains("<h2 id=\"en-h-1\">") && english.contains("<h3 id=\"en-h-2\">"));
        assert!(english.contains("<h6 id=\"en-h-3\">Deep</h6>"), "{english}");
    }

    #[test]
    fn japanese_text_and_strikethrough() {
        let html = to_html("職員等は、**情報資産**を~~私的に~~適正に取り扱う。\n");
        assert_eq!(
            html,
            "<p>職員等は、<strong>情報資産</strong>を<del>私的に</del>適正に取り扱う。</p>\n"
        );
    }

    #[test]
    fn tables_align_by_class_not_style() {
        let html = to_html(
            "| 分類 | 説明 | 件数 |\n| :--- | :---: | ---: |\n| 機密性3 | 秘密文書 | 12 |\n| 機密性2 | <b>x</b> | 40 |\n",
        );
        assert_inert(&html);
        assert!(html.contains(r#"<thead><tr><th class="align-left">分類</th><th class="align-center">説明</th><th class="align-right">件数</th></tr></thead>"#), "{html}");
        assert!(html.contains(r#"<tr><td class="align-left">機密性3</td><td class="align-center">秘密文書</td><td class="align-right">12</td></tr>"#), "{html}");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
        let plain = to_html("| a | b |\n| --- | --- |\n| 1 | 2 |\n");
        assert!(
            plain.contains("<th>a</th>") && plain.contains("<td>2</td>"),
            "{plain}"
        );
    }

    #[test]
    fn destinations_by_scheme() {
        for ok in [
            "https://a",
            "HTTP://a",
            "mailto:a@b",
            "a/b:c",
            "#x:y",
            "?q=a:b",
            "",
            "規程.md",
        ] {
            assert!(allowed_destination(ok), "{ok}");
        }
        for refused in [
            "javascript:x",
            "\u{1}javascript:x",
            "ja\nvascript:x",
            "file:///etc/passwd",
            "tel:0120",
            "data:,x",
            "about:blank",
        ] {
            assert!(!allowed_destination(refused), "{refused:?}");
        }
    }
}
