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
use crate::text::squash;
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

/// How far into a page its encoding is looked for, as browsers do (WHATWG HTML, "prescan a byte
/// stream to determine its encoding").
const PRESCAN_BYTES: usize = 1024;

/// An HTML page's text. UTF-8, and UTF-16 with a byte-order mark, are read as any text file is
/// (`decode_text`); any other page is decoded as the encoding its first 1,024 bytes declare
/// (`<meta charset="…">` or `<meta http-equiv="Content-Type" content="…; charset=…">`), else as
/// windows-1252, the encoding browsers give an undeclared page (WHATWG Encoding §4.2: the
/// "latin1" and "iso-8859-1" labels name it too). The note, for the ingest log, names the
/// encoding when the page was not UTF-8.
pub fn decode(bytes: Vec<u8>) -> std::result::Result<(String, Option<String>), String> {
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if bom || std::str::from_utf8(&bytes).is_ok() {
        return super::decode_text(bytes);
    }
    let declared = declared_encoding(&bytes[..bytes.len().min(PRESCAN_BYTES)]);
    // What browsers do with a declaration (WHATWG HTML, "prescan"): UTF-16 without a byte-order
    // mark is read as UTF-8, x-user-defined as windows-1252. A page declaring UTF-8 that is not
    // keeps its valid text, each bad byte replaced by U+FFFD.
    let (encoding, how) = match declared {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
            (encoding_rs::UTF_8, format!("the page declares {}, which a page without a byte-order mark cannot be", e.name()))
        }
        Some(e) if e == encoding_rs::X_USER_DEFINED => (encoding_rs::WINDOWS_1252, format!("the page declares {}", e.name())),
        Some(e) => (e, "as the page declares".to_string()),
        None => (encoding_rs::WINDOWS_1252, "no encoding declared and not UTF-8".to_string()),
    };
    let (text, _, malformed) = encoding.decode(&bytes);
    if text.contains('\0') {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    let replaced = if malformed { "; bytes invalid in it replaced by U+FFFD" } else { "" };
    Ok((text.into_owned(), Some(format!("decoded from {} ({how}{replaced})", encoding.name()))))
}

/// The encoding the first bytes of a page declare: a `<meta>` tag's `charset` attribute, or the
/// `charset=` of its `content` when it has `http-equiv`, whose label the Encoding Standard knows
/// (labels of the "replacement" encoding, which would turn the page into one U+FFFD, are no
/// declaration). A tag cut off by the end of `head` is not read, as its label may be cut too.
fn declared_encoding(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&head[from..], b"<meta").map(|i| from + i) {
        let end = at + find(&head[at..], b">")?;
        let tag = &head[at..end];
        from = end;
        // `charset` as an attribute (after a space), or inside `content` of an http-equiv tag.
        let attribute = (1..tag.len()).find(|&i| tag[i - 1].is_ascii_whitespace() && tag[i..].starts_with(b"charset"));
        let Some(c) = attribute.or_else(|| find(tag, b"http-equiv").and_then(|_| find(tag, b"charset"))) else { continue };
        let rest = tag[c + b"charset".len()..].trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=").map(<[u8]>::trim_ascii_start) else { continue };
        let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
        let label_end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace());
        if let Some(e) = encoding_rs::Encoding::for_label_no_replacement(&rest[..label_end.unwrap_or(rest.len())]) {
            return Some(e);
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
            .map(squash)
            .filter(|v| !v.is_empty())
    };
    let ld = json_ld(&page);
    let ld_str = |key: &str| {
        ld.as_ref()
            .and_then(|o| o.get(key))
            .and_then(|v| v.as_str())
            .map(squash)
            .filter(|v| !v.is_empty())
    };
    let publisher = ld
        .as_ref()
        .and_then(|o| o.get("publisher"))
        .and_then(|p| match p {
            serde_json::Value::String(s) => Some(squash(s)),
            serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(squash),
            _ => None,
        });
    let first_text = |css: &str| {
        page.select(&selector(css))
            .map(|e| squash(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };

    record.title = ld_str("headline")
        .or_else(|| meta("og:title"))
        .or_else(|| first_text("h1"))
        .or_else(|| first_text("title"));
    let canonical = page
        .select(&selector(r#"link[rel="canonical"]"#))
        .find_map(|l| l.value().attr("href"))
        .map(squash)
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
        .map(squash);
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
                let text = squash(&text);
                if !text.is_empty() {
                    blocks.push(text);
                }
            } else {
                collect_blocks(el, blocks);
            }
        } else if let Some(text) = child.value().as_text() {
            let text = squash(text);
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

    #[test]
    fn pages_are_decoded_in_the_encoding_they_declare() {
        type Case = (&'static [u8], Result<(&'static str, Option<&'static str>), &'static str>);
        let cases: [Case; 12] = [
            // UTF-8 needs no note.
            (b"<p>caf\xC3\xA9</p>", Ok(("<p>café</p>", None))),
            // 0xE9 is é in windows-1252 and ISO-8859-1, whose label browsers read as windows-1252.
            (b"<meta charset=\"windows-1252\"><p>caf\xE9</p>", Ok(("<meta charset=\"windows-1252\"><p>café</p>", Some("decoded from windows-1252 (as the page declares)")))),
            (
                b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'><p>S\xE3o Paulo</p>",
                Ok(("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'><p>São Paulo</p>", Some("decoded from windows-1252 (as the page declares)"))),
            ),
            // 日本 in Shift_JIS: 0x93FA 0x967B.
            (b"<meta charset=shift_jis><p>\x93\xFA\x96\x7B</p>", Ok(("<meta charset=shift_jis><p>日本</p>", Some("decoded from Shift_JIS (as the page declares)")))),
            // No declaration and not UTF-8: the web's default.
            (b"<p>\x93quoted\x94</p>", Ok(("<p>“quoted”</p>", Some("decoded from windows-1252 (no encoding declared and not UTF-8)")))),
            // Declared UTF-8 but not: the bad byte is replaced, and the log says so.
            (b"<meta charset=utf-8><p>a\xFFb</p>", Ok(("<meta charset=utf-8><p>a\u{FFFD}b</p>", Some("decoded from UTF-8 (as the page declares; bytes invalid in it replaced by U+FFFD)")))),
            // An unknown label is no declaration.
            (b"<meta charset=klingon><p>caf\xE9</p>", Ok(("<meta charset=klingon><p>café</p>", Some("decoded from windows-1252 (no encoding declared and not UTF-8)")))),
            (b"<p>\xE9\x00\x00</p>", Err("binary file (contains NUL bytes)")),
            // A meta tag naming "charset" without declaring one does not hide the declaration after it.
            (
                b"<meta name=keywords content=\"charset, unicode\"><meta charset=windows-1251><p>\xCC\xEE\xF1\xEA\xE2\xE0</p>",
                Ok(("<meta name=keywords content=\"charset, unicode\"><meta charset=windows-1251><p>Москва</p>", Some("decoded from windows-1251 (as the page declares)"))),
            ),
            // What browsers make of UTF-16 and x-user-defined declarations; a replacement label is none.
            (b"<meta charset=utf-16><p>a\xFFb</p>", Ok(("<meta charset=utf-16><p>a\u{FFFD}b</p>", Some("decoded from UTF-8 (the page declares UTF-16LE, which a page without a byte-order mark cannot be; bytes invalid in it replaced by U+FFFD)")))),
            (b"<meta charset=x-user-defined><p>caf\xE9</p>", Ok(("<meta charset=x-user-defined><p>café</p>", Some("decoded from windows-1252 (the page declares x-user-defined)")))),
            (b"<meta charset=iso-2022-kr><p>caf\xE9</p>", Ok(("<meta charset=iso-2022-kr><p>café</p>", Some("decoded from windows-1252 (no encoding declared and not UTF-8)")))),
        ];
        for (bytes, want) in cases {
            let got = decode(bytes.to_vec());
            let got = got.as_ref().map(|(t, n)| (t.as_str(), n.as_deref())).map_err(String::as_str);
            assert_eq!(got, want, "{}", String::from_utf8_lossy(bytes));
        }
    }
}
