//! `{name}` expansion: named lists of alternatives from `[vocab]`, usable in any pattern of the
//! pack, and the shared vocabularies every pack can use.

use crate::error::{SetupError, SetupErrors, SourceFile};
use crate::prose::normalise_chars;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// Expanded vocabularies: name → a regex alternation.
pub type Vocab = HashMap<String, String>;

/// Whether `s` can name a vocabulary.
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A `{name}` with no vocabulary behind it, by byte range in the pattern.
#[derive(Debug)]
pub struct Unknown {
    /// Range of `{name}` in the pattern.
    pub range: std::ops::Range<usize>,
    /// The name.
    pub name: String,
}

/// Replace every `{name}` in `pattern` by `(?:alternatives)`. Returns the expansion and whether
/// anything was expanded. Escaped braces and regex repetitions such as `{2,3}` are left alone.
pub fn expand(
    pattern: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<(String, bool), Unknown> {
    let mut out = String::with_capacity(pattern.len());
    let mut expanded = false;
    let mut chars = pattern.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            out.push(c);
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
            continue;
        }
        if c == '{'
            && let Some(len) = pattern[i + 1..].find('}')
            && is_name(&pattern[i + 1..i + 1 + len])
        {
            let name = &pattern[i + 1..i + 1 + len];
            let Some(alternatives) = lookup(name) else {
                return Err(Unknown {
                    range: i..i + len + 2,
                    name: name.to_string(),
                });
            };
            out.push_str("(?:");
            out.push_str(&alternatives);
            out.push(')');
            expanded = true;
            while chars.peek().is_some_and(|&(j, _)| j <= i + len + 1) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    Ok((out, expanded))
}

/// Vocabulary entries as written in a file.
pub type VocabSpec = BTreeMap<String, Spanned<Vec<Spanned<String>>>>;

/// Resolve the vocabularies of one file on top of `base`: entries may use other names, of this
/// file or of `base`; the file's own names win.
pub fn resolve(
    spec: &VocabSpec,
    base: &Vocab,
    file: &SourceFile,
    errors: &mut SetupErrors,
) -> Vocab {
    let mut done = base.clone();
    for name in spec.keys() {
        done.remove(name);
    }
    let mut stack = Vec::new();
    for name in spec.keys() {
        resolve_one(name, spec, &mut done, &mut stack, file, errors);
    }
    done
}

fn resolve_one(
    name: &str,
    spec: &VocabSpec,
    done: &mut Vocab,
    stack: &mut Vec<String>,
    file: &SourceFile,
    errors: &mut SetupErrors,
) -> Option<String> {
    if let Some(v) = done.get(name) {
        return Some(v.clone());
    }
    let entries = spec.get(name)?;
    if !is_name(name) {
        errors.push(
            SetupError::at(
                "healthlint::pack",
                file,
                entries.span(),
                format!("`{name}` cannot name a vocabulary"),
            )
            .with_help("vocabulary names are letters, digits, `_` and `-`, starting with a letter"),
        );
        return None;
    }
    if stack.iter().any(|s| s == name) {
        errors.push(
            SetupError::at(
                "healthlint::pack",
                file,
                entries.span(),
                format!(
                    "vocabulary `{name}` refers to itself (through {})",
                    stack.join(" → ")
                ),
            )
            .with_label("cycle"),
        );
        return None;
    }
    stack.push(name.to_string());
    let mut alternatives = Vec::new();
    let mut ok = true;
    for entry in entries.get_ref() {
        let text = normalise_chars(entry.get_ref());
        let mut lookup = |n: &str| resolve_one(n, spec, done, stack, file, errors);
        match expand(&text, &mut lookup) {
            Ok((expanded, _)) => alternatives.push(expanded),
            Err(unknown) => {
                ok = false;
                errors.push(super::unknown_vocab(file, entry, &unknown, spec.keys()));
            }
        }
    }
    stack.pop();
    if entries.get_ref().is_empty() {
        errors.push(SetupError::at(
            "healthlint::pack",
            file,
            entries.span(),
            format!("vocabulary `{name}` is empty"),
        ));
        ok = false;
    }
    if !ok {
        return None;
    }
    let joined = alternatives.join("|");
    done.insert(name.to_string(), joined.clone());
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_expand_and_repetitions_and_escapes_stay() {
        let mut lookup = |n: &str| (n == "cure").then(|| "cures?|heals?".to_string());
        let (out, used) = expand(r"{cure} a{2,3} \{cure} x", &mut lookup).unwrap();
        assert_eq!(out, r"(?:cures?|heals?) a{2,3} \{cure} x");
        assert!(used);
        let err = expand("ok {nope} x", &mut lookup).unwrap_err();
        assert_eq!((err.range, err.name.as_str()), (3..9, "nope"));
    }

    #[test]
    fn vocabularies_refer_to_each_other_and_cycles_are_errors() {
        let file = SourceFile::new("p.toml", "");
        let spec: VocabSpec = toml::from_str::<BTreeMap<String, _>>(
            "a = ['x', '{b}']\nb = ['y']\nc = ['{d}']\nd = ['{c}']\n",
        )
        .unwrap();
        let mut errors = Vec::new();
        let vocab = resolve(&spec, &Vocab::new(), &file, &mut errors);
        assert_eq!(vocab["a"], "x|(?:y)");
        assert!(!vocab.contains_key("c"));
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("refers to itself")),
            "{errors:?}"
        );
    }
}
