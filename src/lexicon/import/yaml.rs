//! quanteda dictionaries in YAML: dictionary text in, categories out. Keys are categories and may
//! nest (`politics: {domestic: [...]}` gives the category `politics.domestic`); values are lists of
//! entries, each a word, a `*` glob or a multi-word phrase, as quanteda's `dictionary()` reads
//! them. Key order is kept.

use super::{Categories, Parsed};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A YAML node of a dictionary: a list of entries or a mapping of sub-keys, in file order.
enum Node {
    List(Vec<Spanned<String>>),
    Map(Vec<(Spanned<String>, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of dictionary entries or a mapping of categories")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = seq.next_element::<Spanned<String>>()? {
                    out.push(e);
                }
                Ok(Node::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<String>, Node>()? {
                    out.push((k, v));
                }
                Ok(Node::Map(out))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Err(E::custom("a category's value must be a list of entries (write `- word`)"))
            }
        }
        d.deserialize_any(V)
    }
}

fn walk(node: &Node, path: &mut Vec<String>, line: usize, categories: &mut Categories) {
    match node {
        Node::List(entries) => {
            let c = categories.declare(&path.join("."), line);
            for e in entries {
                categories.add(c, &e.value, e.referenced.line() as usize);
            }
        }
        Node::Map(children) => {
            for (key, child) in children {
                path.push(key.value.clone());
                walk(child, path, key.referenced.line() as usize, categories);
                path.pop();
            }
        }
    }
}

pub(super) fn parse(text: &str) -> Parsed {
    let root: Node = serde_saphyr::from_str(text).map_err(|e| {
        let message = e.to_string();
        let line = message
            .split("line ")
            .nth(1)
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        (line, format!("not a quanteda YAML dictionary: {}", message.lines().next().unwrap_or("")))
    })?;
    let mut categories = Categories::default();
    match &root {
        Node::Map(_) => walk(&root, &mut Vec::new(), 1, &mut categories),
        Node::List(_) => return Err((1, "the top level must map category names to entries".into())),
    }
    categories.finish()
}
