//! The top-level fields of a YAML (`---`) or TOML (`+++`) front-matter block, each with the byte
//! ranges of its key and value, for the document profile and for `metadata` rules.

use super::{FrontMatter, FrontMatterSyntax};
use crate::span::ByteRange;
use saphyr_parser::{Event, Parser};

/// The value of a front-matter field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// No value (`key:` or `key: ~`).
    Empty,
    /// A scalar, as written (numbers and dates included).
    Text(String),
    /// A list of scalars.
    List(Vec<String>),
    /// A table or a list of tables.
    Nested,
}

impl FieldValue {
    /// Whether the value says nothing: no value, blank text, or an empty list.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(t) => t.trim().is_empty(),
            Self::List(l) => l.iter().all(|t| t.trim().is_empty()),
            Self::Nested => false,
        }
    }

    /// The text of a scalar.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Self::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// One top-level field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key.
    pub key: String,
    /// Where the key is.
    pub key_range: ByteRange,
    /// The value.
    pub value: FieldValue,
    /// Where the value is (empty, right after the key, when there is none).
    pub value_range: ByteRange,
}

/// The fields of a front-matter block, or why it could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Top-level fields in order.
    pub fields: Vec<Field>,
    /// A syntax error: where and what.
    pub error: Option<(ByteRange, String)>,
}

impl Metadata {
    /// A field by key.
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Read the top-level fields of a front-matter block.
pub fn read(source: &str, fm: &FrontMatter) -> Metadata {
    let text = &source[fm.content.as_range()];
    match fm.syntax {
        FrontMatterSyntax::Yaml => read_yaml(text, fm.content.start),
        FrontMatterSyntax::Toml => read_toml(text, fm.content.start),
    }
}

fn read_yaml(text: &str, base: usize) -> Metadata {
    if let Some(meta) = read_simple_yaml(text, base) {
        return meta;
    }
    // saphyr counts positions in characters; map them to bytes.
    let mut char_to_byte: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    char_to_byte.push(text.len());
    let byte = |index: usize| base + char_to_byte.get(index).copied().unwrap_or(text.len());
    let mut meta = Metadata::default();
    let mut depth = 0usize;
    let mut key: Option<(String, ByteRange)> = None;
    // The value being collected at depth >= 2: (start, list items, nested?).
    let mut compound: Option<(usize, Vec<String>, bool)> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => {
                let at = byte(e.marker().index());
                meta.error = Some((ByteRange::new(at, at), e.info().to_string()));
                break;
            }
        };
        let range = ByteRange::new(byte(span.start.index()), byte(span.end.index()));
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth == 2 {
                    compound = Some((
                        range.start,
                        Vec::new(),
                        matches!(event, Event::MappingStart(..)),
                    ));
                } else if depth > 2
                    && let Some(c) = &mut compound
                {
                    c.2 = true;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if depth == 2
                    && let (Some((k, key_range)), Some((start, items, nested))) =
                        (key.take(), compound.take())
                {
                    let value = if nested {
                        FieldValue::Nested
                    } else {
                        FieldValue::List(items)
                    };
                    meta.fields.push(Field {
                        key: k,
                        key_range,
                        value,
                        value_range: ByteRange::new(start, range.end),
                    });
                }
                depth = depth.saturating_sub(1);
            }
            Event::Scalar(value, style, ..) => match depth {
                1 => match key.take() {
                    None => key = Some((value.to_string(), range)),
                    Some((k, key_range)) => {
                        let plain_null = matches!(style, saphyr_parser::ScalarStyle::Plain)
                            && matches!(&*value, "" | "~" | "null" | "Null" | "NULL");
                        let value = if plain_null {
                            FieldValue::Empty
                        } else {
                            FieldValue::Text(value.to_string())
                        };
                        meta.fields.push(Field {
                            key: k,
                            key_range,
                            value,
                            value_range: range,
                        });
                    }
                },
                2 => {
                    if let Some(c) = &mut compound {
                        c.1.push(value.to_string());
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    meta
}

/// The fields of YAML in the form most front matter takes, one `key: value` a line with a
/// double-quoted value or a plain one of common characters, read as the YAML parser would
/// read them; `None` for anything else, which the parser reads. The parser costs more than the
/// rest of reading a short article.
fn read_simple_yaml(text: &str, base: usize) -> Option<Metadata> {
    let mut meta = Metadata::default();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let colon = content.find(": ")?;
        let key = &content[..colon];
        let first = *key.as_bytes().first()?;
        if !(first.is_ascii_alphabetic() || first == b'_')
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        let value_at = colon + 2;
        let value = &content[value_at..];
        let parsed = if let Some(quoted) = value.strip_prefix('"') {
            let inner = quoted.strip_suffix('"')?;
            let printable = |c: char| {
                !c.is_control() && !matches!(c, '"' | '\\' | '\u{2028}' | '\u{2029}' | '\u{feff}')
            };
            if !inner.chars().all(printable) {
                return None;
            }
            FieldValue::Text(inner.to_string())
        } else {
            let first = *value.as_bytes().first()?;
            let common = |b: u8| b.is_ascii_alphanumeric() || b" ._/+()-,;=:".contains(&b);
            if !first.is_ascii_alphanumeric()
                || !value.bytes().all(common)
                || value.ends_with([' ', ':'])
                || value.contains(": ")
            {
                return None;
            }
            if matches!(value, "null" | "Null" | "NULL") {
                FieldValue::Empty
            } else {
                FieldValue::Text(value.to_string())
            }
        };
        meta.fields.push(Field {
            key: key.to_string(),
            key_range: ByteRange::new(base + at, base + at + colon),
            value: parsed,
            value_range: ByteRange::new(base + at + value_at, base + at + content.len()),
        });
        at += line.len();
    }
    (!meta.fields.is_empty()).then_some(meta)
}

fn read_toml(text: &str, base: usize) -> Metadata {
    use std::collections::BTreeMap;
    use toml::Spanned;
    let mut meta = Metadata::default();
    match toml::from_str::<BTreeMap<Spanned<String>, Spanned<toml::Value>>>(text) {
        Ok(table) => {
            let mut fields: Vec<Field> = table
                .into_iter()
                .map(|(k, v)| {
                    let key_range = ByteRange::new(base + k.span().start, base + k.span().end);
                    let value_range = ByteRange::new(base + v.span().start, base + v.span().end);
                    let value = match v.into_inner() {
                        toml::Value::String(s) => FieldValue::Text(s),
                        toml::Value::Array(a)
                            if a.iter().all(|x| !x.is_table() && !x.is_array()) =>
                        {
                            FieldValue::List(
                                a.into_iter()
                                    .map(|x| {
                                        x.as_str().map_or_else(|| x.to_string(), str::to_string)
                                    })
                                    .collect(),
                            )
                        }
                        toml::Value::Array(_) | toml::Value::Table(_) => FieldValue::Nested,
                        other => FieldValue::Text(other.to_string()),
                    };
                    Field {
                        key: k.into_inner(),
                        key_range,
                        value,
                        value_range,
                    }
                })
                .collect();
            fields.sort_by_key(|f| f.key_range.start);
            meta.fields = fields;
        }
        Err(e) => {
            let at = base + e.span().map_or(0, |s| s.start);
            meta.error = Some((ByteRange::new(at, at), e.message().trim().to_string()));
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::split_front_matter;

    fn meta(src: &str) -> Metadata {
        read(src, &split_front_matter(src, 0).unwrap())
    }

    #[test]
    fn yaml_fields_have_byte_ranges() {
        let src = "---\ntitle: \"Café – x\"\nprofile: marketing\ntags: [a, b]\nreviewed_by:\nnested:\n  a: 1\n---\nBody\n";
        let m = meta(src);
        let keys: Vec<&str> = m.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["title", "profile", "tags", "reviewed_by", "nested"]);
        let profile = m.get("profile").unwrap();
        assert_eq!(&src[profile.value_range.as_range()], "marketing");
        assert_eq!(&src[profile.key_range.as_range()], "profile");
        assert_eq!(
            m.get("tags").unwrap().value,
            FieldValue::List(vec!["a".into(), "b".into()])
        );
        assert!(m.get("reviewed_by").unwrap().value.is_empty());
        assert_eq!(m.get("nested").unwrap().value, FieldValue::Nested);
        assert_eq!(
            &src[m.get("title").unwrap().value_range.as_range()],
            "\"Café – x\""
        );
    }

    /// The YAML parser's reading, without the short way.
    fn parsed(text: &str, base: usize) -> Metadata {
        // A comment line after the text makes the short way decline.
        read_yaml(&format!("{text}\n# "), base)
    }

    #[test]
    fn the_short_way_reads_yaml_as_the_parser_does() {
        let keys = [
            "title",
            "profile",
            "last_reviewed",
            "x-id",
            "_k",
            "medquad_id",
            "null",
        ];
        let values = [
            "\"High Blood Cholesterol\"",
            "\"Café – x\"",
            "\"\"",
            "\"  spaced  \"",
            "\"a: b # c\"",
            "marketing",
            "2026-01-15",
            "12",
            "null",
            "Null",
            "true",
            "http://example.org/a_b",
            "a, b; c = d (e)",
            "1.5",
        ];
        let mut compared = 0;
        for (i, key) in keys.iter().enumerate() {
            for (j, value) in values.iter().enumerate() {
                let other = values[(i + j) % values.len()];
                let text = format!("{key}: {value}\nnext: {other}\n");
                let short = read_simple_yaml(&text, 4).expect("the short way reads it");
                assert_eq!(short, parsed(&text, 4), "{text}");
                compared += 1;
            }
        }
        assert_eq!(compared, keys.len() * values.len());
        // Anything else goes to the parser.
        for text in [
            "title: \"a \\\" b\"\n",
            "title: 'single'\n",
            "tags: [a, b]\n",
            "title: a # comment\n",
            "reviewed_by:\n",
            "nested:\n  a: 1\n",
            "title: \"x\"\r\n",
            "  indented: x\n",
            "title: x\n\nnext: y\n",
            "title: -x\n",
            "title: x: y\n",
            "title:  two spaces\n",
            "",
        ] {
            assert!(read_simple_yaml(text, 0).is_none(), "{text:?}");
        }
    }

    #[test]
    fn toml_fields_and_errors() {
        let src = "+++\ntitle = \"x\"\nlast_reviewed = 2026-01-15\n+++\n";
        let m = meta(src);
        let d = m.get("last_reviewed").unwrap();
        assert_eq!(d.value, FieldValue::Text("2026-01-15".into()));
        assert_eq!(&src[d.value_range.as_range()], "2026-01-15");
        let bad = meta("---\ntitle: [unclosed\n---\n");
        assert!(bad.error.is_some());
    }
}
