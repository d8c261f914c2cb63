//! Field mapping: the user's `--field role=name` pairs, a `--preset` and the study's `[fields]` in,
//! the field names each article role is read from (JSON keys, CSV/TSV headers, Parquet columns)
//! out. A mapped role reads only the named field; unmapped roles try the built-in names in
//! `record.rs`, which already cover ABP, news-please and Media Cloud shapes.

use super::dates::DateOrder;
use super::record::{DATE_FIELDS, ID_FIELDS, OUTLET_FIELDS, TEXT_FIELDS, TITLE_FIELDS, URL_FIELDS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The roles a field can be mapped to.
pub const ROLES: &[&str] = &["id", "outlet", "date", "title", "text", "url", "group"];

/// Known export shapes, mapped in one go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// news-please JSON: outlet from `source_domain`, date from `date_publish`, text from `maintext`.
    NewsPlease,
    /// Media Cloud story lists (CSV): `media_name`, `publish_date`, `title`, `url`, and `text`
    /// when the export has it; without a text column the headline is the text analysed.
    Mediacloud,
}

impl Preset {
    fn mapping(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Preset::NewsPlease => &[
                ("outlet", "source_domain"),
                ("date", "date_publish"),
                ("title", "title"),
                ("text", "maintext"),
                ("url", "url"),
            ],
            Preset::Mediacloud => &[
                ("id", "stories_id"),
                ("outlet", "media_name"),
                ("date", "publish_date"),
                ("title", "title"),
                ("url", "url"),
                ("text", "text"),
            ],
        }
    }
}

/// How structured records are read: field names per role and how numeric dates are read.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FieldMap {
    /// role → the one field it is read from (user mapping over preset).
    mapped: BTreeMap<String, String>,
    /// Records without a text field are read with their headline as the text (Media Cloud lists).
    pub title_as_text: bool,
    pub date_order: DateOrder,
}

impl FieldMap {
    /// Builds the map from a preset, then the study's `[fields]`, then `--field` pairs (later
    /// wins). An unknown role is an error naming it.
    pub fn new(
        preset: Option<Preset>,
        study: &BTreeMap<String, String>,
        flags: &[String],
        group_field: Option<&str>,
        date_order: DateOrder,
    ) -> Result<FieldMap, String> {
        let mut map = FieldMap {
            date_order,
            title_as_text: preset == Some(Preset::Mediacloud),
            ..FieldMap::default()
        };
        if let Some(p) = preset {
            for (role, name) in p.mapping() {
                map.mapped.insert(role.to_string(), name.to_string());
            }
        }
        let mut pairs: Vec<(String, String)> =
            study.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for flag in flags {
            let (role, name) = flag.split_once('=').ok_or_else(|| {
                format!("--field {flag:?}: expected ROLE=FIELD, e.g. outlet=source_name")
            })?;
            pairs.push((role.trim().to_string(), name.trim().to_string()));
        }
        if let Some(g) = group_field {
            pairs.push(("group".to_string(), g.to_string()));
        }
        for (role, name) in pairs {
            if !ROLES.contains(&role.as_str()) {
                return Err(format!(
                    "unknown field role {role:?} (expected one of: {})",
                    ROLES.join(", ")
                ));
            }
            if name.is_empty() {
                return Err(format!("field role {role:?} is mapped to an empty name"));
            }
            map.mapped.insert(role, name);
        }
        Ok(map)
    }

    /// The field names tried for `role`, in order.
    pub fn names(&self, role: &str) -> Vec<&str> {
        if let Some(name) = self.mapped.get(role) {
            return vec![name.as_str()];
        }
        match role {
            "id" => ID_FIELDS.to_vec(),
            "outlet" => OUTLET_FIELDS.to_vec(),
            "date" => DATE_FIELDS.to_vec(),
            "title" => TITLE_FIELDS.to_vec(),
            "text" => TEXT_FIELDS.to_vec(),
            "url" => URL_FIELDS.to_vec(),
            _ => Vec::new(),
        }
    }

    /// Whether a table with these (lower-cased) column names has a column the text can come from;
    /// otherwise the reason, naming the columns looked for.
    pub fn check_text_column(&self, header: &[String]) -> Result<(), String> {
        let text = self.names("text");
        let has = |names: &[&str]| {
            header
                .iter()
                .any(|h| names.iter().any(|n| n.eq_ignore_ascii_case(h)))
        };
        if has(&text) || (self.title_as_text && has(&self.names("title"))) {
            Ok(())
        } else {
            Err(format!(
                "no text column (expected one of: {})",
                text.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_study_override_preset() {
        let study = BTreeMap::from([("outlet".to_string(), "publisher_name".to_string())]);
        let flags = vec!["text=body_html".to_string(), "outlet = site".to_string()];
        let m = FieldMap::new(
            Some(Preset::NewsPlease),
            &study,
            &flags,
            Some("leaning"),
            DateOrder::MonthFirst,
        )
        .unwrap();
        let cases: &[(&str, &[&str])] = &[
            ("outlet", &["site"]),
            ("text", &["body_html"]),
            ("date", &["date_publish"]),
            ("group", &["leaning"]),
            ("id", ID_FIELDS),
        ];
        for (role, want) in cases {
            assert_eq!(m.names(role), *want, "{role}");
        }
        assert!(!m.title_as_text);
    }

    #[test]
    fn bad_mappings_say_what_is_wrong() {
        let none = BTreeMap::new();
        let err = |flag: &str| {
            FieldMap::new(
                None,
                &none,
                &[flag.to_string()],
                None,
                DateOrder::MonthFirst,
            )
            .unwrap_err()
        };
        assert_eq!(
            err("outlet"),
            "--field \"outlet\": expected ROLE=FIELD, e.g. outlet=source_name"
        );
        assert!(err("author=byline").starts_with("unknown field role \"author\""));
        assert_eq!(
            err("text="),
            "field role \"text\" is mapped to an empty name"
        );
    }

    #[test]
    fn mediacloud_lists_without_text_use_headlines() {
        let m = FieldMap::new(
            Some(Preset::Mediacloud),
            &BTreeMap::new(),
            &[],
            None,
            DateOrder::MonthFirst,
        )
        .unwrap();
        let header = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(
            m.check_text_column(&header(&["media_name", "title", "url"]))
                .is_ok()
        );
        let plain = FieldMap::default();
        assert!(
            plain
                .check_text_column(&header(&["media_name", "title"]))
                .is_err()
        );
        assert!(plain.check_text_column(&header(&["Content"])).is_ok());
    }
}
