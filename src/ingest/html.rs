//! HTML pages: a saved news page in, a `Record` out. The main text is the paragraphs, headings,
//! list items and quotes of the page's `<article>` (else `[itemprop=articleBody]`, `<main>`,
//! `<body>`), leaving out scripts, navigation, headers and footers, asides, forms, figures and
//! anything whose class, id or role marks it as a cookie banner, advert, share bar, newsletter box
//! or related-links list — the boilerplate-removal heuristics of Kohlschütter et al. (2010,
//! "Boilerplate detection using shallow text features") reduced to the markup cues news pages
//! give. Metadata comes from JSON-LD (`NewsArticle` `headline`, `datePublished`,
//! `publisher.name`), then Open Graph and `article:` meta tags, then `<time datetime>`; the
//! outlet falls back to the domain of the canonical URL (`<link rel=canonical>`, `og:url`), marked
//! as taken from the URL.

use super::dates::{self, Parsed};
use super::fields::FieldMap;
use super::record::Record;
use scraper::{ElementRef, Html, Selector};

/// Tags whose content is never article text.
const SKIPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "figure",
    "figcaption",
    "select",
    "input",
    "label",
    "dialog",
    "menu",
];
/// Tags read as one block of text each.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
    "dt",
];
/// Words in a class or id that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "advert",
    "advertisement",
    "promo",
    "newsletter",
    "subscribe",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "menu",
    "nav",
    "navbar",
    "footer",
    "comments",
    "popup",
    "modal",
    "paywall",
    "banner",
    "ad",
    "ads",
    "sponsored",
    "outbrain",
    "taboola",
];
/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "complementary",
    "contentinfo",
    "dialog",
    "alertdialog",
    "search",
];
/// JSON-LD types that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "Report",
];

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

/// Reads one HTML page.
pub fn parse(content: &str, fields: &FieldMap) -> Record {
    let page = Html::parse_document(content);
    let mut record = Record {
        from_fields: true,
        ..Record::default()
    };
    let meta = |key: &str| -> Option<String> {
        let css = format!(r#"meta[property="{key}"], meta[name="{key}"], meta[itemprop="{key}"]"#);
        page.select(&selector(&css))
            .find_map(|m| m.value().attr("content"))
            .map(clean)
            .filter(|v| !v.is_empty())
    };
    let ld = json_ld(&page);
    let ld_str = |key: &str| {
        ld.as_ref()
            .and_then(|o| o.get(key))
            .and_then(|v| v.as_str())
            .map(clean)
            .filter(|v| !v.is_empty())
    };
    let publisher = ld
        .as_ref()
        .and_then(|o| o.get("publisher"))
        .and_then(|p| match p {
            serde_json::Value::String(s) => Some(clean(s)),
            serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(clean),
            _ => None,
        });
    let first_text = |css: &str| {
        page.select(&selector(css))
            .map(|e| clean(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };

    record.title = ld_str("headline")
        .or_else(|| meta("og:title"))
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title"));
    let canonical = page
        .select(&selector(r#"link[rel="canonical"]"#))
        .find_map(|l| l.value().attr("href"))
        .map(clean)
        .filter(|u| u.contains("://"))
        .or_else(|| meta("og:url"))
        .or_else(|| ld_str("url"));
    record.url = canonical.clone();
    record.outlet = publisher
        .filter(|p| !p.is_empty())
        .or_else(|| meta("og:site_name"));
    if record.outlet.is_none()
        && let Some(domain) = canonical.as_deref().and_then(domain_of)
    {
        record.outlet = Some(domain);
        record.outlet_from_url = true;
    }
    let time = page
        .select(&selector("time[datetime]"))
        .find_map(|t| t.value().attr("datetime"))
        .map(clean);
    let date_sources = [
        ("JSON-LD datePublished", ld_str("datePublished")),
        ("article:published_time", meta("article:published_time")),
        ("<time datetime>", time),
        ("meta date", meta("date").or_else(|| meta("pubdate"))),
    ];
    for (what, raw) in date_sources {
        let Some(raw) = raw else { continue };
        match dates::parse_prefix_ordered(&raw, fields.date_order) {
            (Parsed::NotADate, _) => record
                .notes
                .push(format!("{what} {raw:?} is not a date slant reads")),
            (parsed, _) => {
                let ok = matches!(parsed, Parsed::Date(_));
                record.set_date(parsed, what);
                if ok {
                    break;
                }
            }
        }
    }

    let mut blocks = Vec::new();
    let root = ["article", "[itemprop=articleBody]", "main", "body"]
        .iter()
        .find_map(|css| page.select(&selector(css)).next())
        .unwrap_or_else(|| page.root_element());
    collect_blocks(root, &mut blocks);
    let title = record.title.clone().unwrap_or_default();
    blocks.retain(|b| *b != title);
    let mut body = blocks.join("\n\n");
    if body.is_empty() {
        body = ld_str("articleBody").unwrap_or_default();
    }
    record.text = match (title.is_empty(), body.is_empty()) {
        (true, _) => body,
        // A page with a headline and no body holds no article: left empty, it is rejected.
        (false, true) => String::new(),
        (false, false) => format!("{title}\n\n{body}"),
    };
    record
}

/// Whitespace runs (including newlines inside a paragraph) become single spaces.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `example.com` from `https://www.example.com/path?q`.
pub fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.starts_with('.')).then_some(host)
}

fn is_furniture(e: &ElementRef) -> bool {
    let v = e.value();
    if SKIPPED_TAGS.contains(&v.name())
        || v.attr("hidden").is_some()
        || v.attr("aria-hidden") == Some("true")
    {
        return true;
    }
    if v.attr("role")
        .is_some_and(|r| FURNITURE_ROLES.contains(&r.to_lowercase().as_str()))
    {
        return true;
    }
    let names = v.attr("class").unwrap_or("").to_string() + " " + v.attr("id").unwrap_or("");
    names
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| FURNITURE_WORDS.contains(&word))
}

/// Appends the text blocks under `e` in document order.
fn collect_blocks(e: ElementRef, blocks: &mut Vec<String>) {
    for child in e.children() {
        if let Some(el) = ElementRef::wrap(child) {
            // A bare <time> between blocks is a dateline, read as metadata, not text.
            if is_furniture(&el) || el.value().name() == "time" {
                continue;
            }
            if BLOCK_TAGS.contains(&el.value().name()) {
                let mut text = String::new();
                inline_text(el, &mut text);
                let text = clean(&text);
                if !text.is_empty() {
                    blocks.push(text);
                }
            } else {
                collect_blocks(el, blocks);
            }
        } else if let Some(text) = child.value().as_text() {
            let text = clean(text);
            if !text.is_empty() {
                blocks.push(text);
            }
        }
    }
}

/// The text inside a block, leaving out furniture nested in it (an inline script or ad).
fn inline_text(e: ElementRef, out: &mut String) {
    for child in e.children() {
        if let Some(el) = ElementRef::wrap(child) {
            if !is_furniture(&el) {
                if el.value().name() == "br" {
                    out.push(' ');
                }
                inline_text(el, out);
            }
        } else if let Some(text) = child.value().as_text() {
            out.push_str(text);
        }
    }
}

/// The first JSON-LD object of an article type, looking into arrays and `@graph`.
fn json_ld(page: &Html) -> Option<serde_json::Map<String, serde_json::Value>> {
    fn find(v: serde_json::Value) -> Option<serde_json::Map<String, serde_json::Value>> {
        match v {
            serde_json::Value::Array(items) => items.into_iter().find_map(find),
            serde_json::Value::Object(mut o) => {
                let is_article = match o.get("@type") {
                    Some(serde_json::Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                    Some(serde_json::Value::Array(ts)) => ts
                        .iter()
                        .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
                    _ => false,
                };
                if is_article {
                    return Some(o);
                }
                o.remove("@graph").and_then(find)
            }
            _ => None,
        }
    }
    page.select(&selector(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| serde_json::from_str(&s.text().collect::<String>()).ok())
        .find_map(find)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_from_urls() {
        let cases = [
            ("https://www.foxnews.com/politics/x", Some("foxnews.com")),
            (
                "http://user@news.example.org:8080/a?b#c",
                Some("news.example.org"),
            ),
            ("harborherald.example", Some("harborherald.example")),
            ("/relative/path", None),
            ("https://localhost/", None),
        ];
        for (url, want) in cases {
            assert_eq!(domain_of(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn open_graph_and_time_when_there_is_no_json_ld() {
        let page = r#"<html><head><title>Port reopens | Harbor Herald</title>
            <meta property="og:site_name" content="Harbor Herald"><meta property="og:title" content="Port reopens">
            </head><body><nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies</div>
            <main><h1>Port reopens</h1><time datetime="2031-03-02T08:00:00Z">2 March</time>
            <p>Ships came <b>back</b> on Monday.</p><div class="share-bar"><p>Share this</p></div>
            <p>Crews <script>track()</script>cheered.</p></main><footer><p>© Harbor Herald</p></footer></body></html>"#;
        let r = parse(page, &FieldMap::default());
        assert_eq!(r.outlet.as_deref(), Some("Harbor Herald"));
        assert!(!r.outlet_from_url);
        assert_eq!(r.title.as_deref(), Some("Port reopens"));
        assert_eq!(r.date.unwrap().to_string(), "2031-03-02");
        assert_eq!(
            r.text,
            "Port reopens\n\nShips came back on Monday.\n\nCrews cheered."
        );
    }

    #[test]
    fn outlet_from_the_canonical_domain_when_no_publisher_is_named() {
        let page = r#"<html><head><link rel="canonical" href="https://www.meridianwire.example/world/1"></head>
            <body><article><p>Text.</p></article></body></html>"#;
        let r = parse(page, &FieldMap::default());
        assert_eq!(
            (r.outlet.as_deref(), r.outlet_from_url),
            (Some("meridianwire.example"), true)
        );
        assert_eq!(
            r.url.as_deref(),
            Some("https://www.meridianwire.example/world/1")
        );
        assert_eq!((r.title, r.text.as_str()), (None, "Text."));
    }
}
