//! Rule packs: loading, validation with compiler-style errors, and compilation of every pattern
//! of every rule into one [`Matcher`].

pub mod builtin;
pub mod kinds;
pub mod spec;
pub mod vocab;

use crate::error::{SetupError, SetupErrors, SourceFile};
use crate::matcher::{Matcher, MatcherBuilder, SlotId};
use crate::prose::{normalise, normalise_chars};
use kinds::Kind;
use spec::{Flag, KindName, PackFile, RuleSpec, SeveritySpec};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;
use toml::Spanned;
use vocab::Vocab;

const CODE: &str = "healthlint::pack";

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// Full id: `pack/rule`.
    pub id: String,
    /// Id of the pack.
    pub pack: String,
    /// Kind and its compiled configuration.
    pub kind: Kind,
    /// Default severity per profile.
    pub severity: SeveritySpec,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Why the rule exists.
    pub rationale: Option<String>,
    /// Regulation or guidance behind the rule.
    pub source: Option<String>,
    /// More information.
    pub url: Option<String>,
    /// Context flags that exempt a match.
    pub exempt: Vec<Flag>,
    /// Texts the rule must flag and must pass.
    pub examples: Examples,
    /// The pack file the rule is defined in.
    pub file: SourceFile,
    /// Span of the rule's id in that file.
    pub span: std::ops::Range<usize>,
}

impl Rule {
    /// Whether a context flag exempts matches of this rule.
    pub fn exempts(&self, flag: Flag) -> bool {
        self.exempt.contains(&flag)
    }
}

/// An example text of a rule, with its place in the pack file.
#[derive(Debug, Clone)]
pub struct Example {
    /// The text, linted as a Markdown document.
    pub text: String,
    /// Span of the example in the pack file.
    pub span: std::ops::Range<usize>,
}

/// `examples.fail` and `examples.pass` of a rule.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Texts the rule must flag.
    pub fail: Vec<Example>,
    /// Texts the rule must not flag.
    pub pass: Vec<Example>,
}

/// A loaded pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// Pack id.
    pub id: String,
    /// One line on what it covers.
    pub description: Option<String>,
    /// Version.
    pub version: Option<String>,
    /// Where it came from: `builtin:NAME` or a path.
    pub origin: String,
    /// Indices of its rules in [`RuleSet::rules`].
    pub rules: std::ops::Range<usize>,
}

/// Every rule of every pack in use, compiled once per run.
#[derive(Debug)]
pub struct RuleSet {
    /// Rules in pack order, then file order.
    pub rules: Vec<Rule>,
    /// Packs in load order.
    pub packs: Vec<Pack>,
    /// One matcher for all patterns of all rules.
    pub matcher: Matcher,
    /// For each slot of the matcher, the rule it belongs to.
    pub slot_rule: Vec<usize>,
    /// Cue lists of the context analysis: the built-in ones and those packs add.
    pub cues: crate::context::Cues,
}

impl RuleSet {
    /// Load and compile packs. Every error in every file is collected before returning.
    pub fn load(files: &[SourceFile]) -> Result<Self, SetupErrors> {
        let mut errors = Vec::new();
        let shared_file = SourceFile::new("builtin:shared/vocab", builtin::SHARED_VOCAB);
        let shared = parse_vocab_file(&shared_file, &mut errors);
        let context_file = SourceFile::new("builtin:shared/context", builtin::CONTEXT);
        let mut cue_spec = parse_context_file(&context_file, &mut errors);
        let mut builder = MatcherBuilder::new();
        let mut slot_rule = Vec::new();
        let mut rules = Vec::new();
        let mut packs: Vec<Pack> = Vec::new();
        let mut pack_spans: HashMap<String, (String, std::ops::Range<usize>)> = HashMap::new();
        let mut pending: Vec<Pending> = Vec::new();
        for (file_index, file) in files.iter().enumerate() {
            let parsed = match toml::from_str::<PackFile>(&file.text) {
                Ok(p) => p,
                Err(e) => {
                    errors.push(toml_error(CODE, file, &e));
                    continue;
                }
            };
            let pack_id = parsed.pack.id.get_ref().clone();
            if !is_id(&pack_id) {
                errors.push(
                    SetupError::at(CODE, file, parsed.pack.id.span(), format!("`{pack_id}` is not a valid pack id"))
                        .with_help("ids are lower-case letters, digits, `-` and `_`, starting with a letter or digit"),
                );
            }
            if let Some((other, _)) = pack_spans.get(&pack_id) {
                errors.push(
                    SetupError::at(
                        CODE,
                        file,
                        parsed.pack.id.span(),
                        format!("pack `{pack_id}` is loaded twice"),
                    )
                    .with_help(format!(
                        "it was already loaded from {other}; remove one of them from `extends`"
                    )),
                );
                continue;
            }
            pack_spans.insert(pack_id.clone(), (file.name.clone(), parsed.pack.id.span()));
            let vocab = vocab::resolve(&parsed.vocab, &shared, file, &mut errors);
            if let Some(extra) = &parsed.context {
                match crate::context::Cues::compile(extra.get_ref()) {
                    Ok(_) => cue_spec.extend(extra.get_ref()),
                    Err(e) => errors.push(
                        SetupError::at(
                            CODE,
                            file,
                            extra.span(),
                            format!("invalid [context] cue list: {e}"),
                        )
                        .with_label("in this table"),
                    ),
                }
            }
            let first = rules.len();
            let mut seen: HashMap<String, std::ops::Range<usize>> = HashMap::new();
            for spec in &parsed.rule {
                let name = spec.id.get_ref();
                if let Some(prev) = seen.get(name) {
                    let (line, _) = file.line_col(prev.start);
                    errors.push(
                        SetupError::at(CODE, file, spec.id.span(), format!("duplicate rule id `{name}`"))
                            .with_label("defined again here")
                            .with_help(format!("`{name}` is first defined on line {line}; rule ids must be unique within a pack")),
                    );
                    continue;
                }
                seen.insert(name.clone(), spec.id.span());
                let mut c = Compiler {
                    file,
                    file_index,
                    vocab: &vocab,
                    builder: &mut builder,
                    slot_rule: &mut slot_rule,
                    errors: &mut errors,
                    pending: &mut pending,
                    rule: rules.len(),
                };
                if let Some(rule) = compile_rule(&pack_id, spec, &mut c) {
                    rules.push(rule);
                }
            }
            packs.push(Pack {
                id: pack_id,
                description: parsed.pack.description.clone(),
                version: parsed.pack.version.clone(),
                origin: file.name.clone(),
                rules: first..rules.len(),
            });
        }
        // The cue lists compile beside the patterns.
        let (matcher, cues) = std::thread::scope(|scope| {
            let cues = scope.spawn(|| crate::context::Cues::compile(&cue_spec));
            add_pending(pending, files, &mut builder, &mut errors);
            let cues = cues
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if !errors.is_empty() {
                return Err(errors);
            }
            let matcher = builder.build().map_err(|(slot, message)| {
                let rule = &rules[slot_rule[slot as usize]];
                vec![
                    SetupError::at(
                        CODE,
                        &rule.file,
                        rule.span.clone(),
                        format!(
                            "the patterns of `{}` cannot be compiled: {message}",
                            rule.id
                        ),
                    )
                    .with_help("split the rule, or use fewer or smaller vocabularies"),
                ]
            })?;
            let cues = cues.map_err(|e| {
                vec![SetupError::plain(
                    CODE,
                    format!("cannot compile the context cue lists: {e}"),
                )]
            })?;
            Ok((matcher, cues))
        })?;
        Ok(Self {
            rules,
            packs,
            matcher,
            slot_rule,
            cues,
        })
    }

    /// Index of a rule by its full id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}

/// Whether `s` is a valid pack or rule id.
pub fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
        })
}

/// A TOML syntax or schema error at its place.
pub fn toml_error(code: &'static str, file: &SourceFile, e: &toml::de::Error) -> SetupError {
    let message = e.message().trim().to_string();
    let span = e.span().unwrap_or(0..0);
    let (label, help) = if message.starts_with("unknown field") {
        (
            "unknown key",
            Some("check the spelling; `healthlint schema` lists every key"),
        )
    } else if message.starts_with("unknown variant") {
        ("unknown value", None)
    } else if message.starts_with("missing field") {
        ("in this table", None)
    } else {
        ("here", None)
    };
    let mut err = SetupError::at(code, file, span, message).with_label(label);
    if let Some(help) = help {
        err = err.with_help(help);
    }
    err
}

fn parse_context_file(file: &SourceFile, errors: &mut SetupErrors) -> spec::CueSpec {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct ContextFile {
        context: spec::CueSpec,
    }
    match toml::from_str::<ContextFile>(&file.text) {
        Ok(c) => c.context,
        Err(e) => {
            errors.push(toml_error(CODE, file, &e));
            spec::CueSpec::default()
        }
    }
}

fn parse_vocab_file(file: &SourceFile, errors: &mut SetupErrors) -> Vocab {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct VocabFile {
        vocab: vocab::VocabSpec,
    }
    match toml::from_str::<VocabFile>(&file.text) {
        Ok(v) => vocab::resolve(&v.vocab, &Vocab::new(), file, errors),
        Err(e) => {
            errors.push(toml_error(CODE, file, &e));
            Vocab::new()
        }
    }
}

/// The span of a part of a TOML string value, when the value is written without escapes so
/// that offsets inside it are offsets in the file; otherwise the span of the whole value.
pub fn inner_span(
    file: &SourceFile,
    value: &Spanned<String>,
    range: std::ops::Range<usize>,
) -> std::ops::Range<usize> {
    let span = value.span();
    let raw = file.text.get(span.clone()).unwrap_or_default();
    let plain = raw.len() == value.get_ref().len() + 2
        && (raw.starts_with('"') || raw.starts_with('\''))
        && &raw[1..raw.len() - 1] == value.get_ref();
    if plain {
        span.start + 1 + range.start..span.start + 1 + range.end
    } else {
        span
    }
}

/// The error for a `{name}` that names no vocabulary.
pub fn unknown_vocab<'a>(
    file: &SourceFile,
    value: &Spanned<String>,
    unknown: &vocab::Unknown,
    known: impl Iterator<Item = &'a String>,
) -> SetupError {
    let mut names: Vec<&str> = known.map(String::as_str).collect();
    names.sort_unstable();
    let suggestion = names
        .iter()
        .filter(|n| similar(n, &unknown.name))
        .map(|n| format!("did you mean `{{{n}}}`? "))
        .next()
        .unwrap_or_default();
    SetupError::at(CODE, file, inner_span(file, value, unknown.range.clone()), format!("unknown vocabulary `{{{}}}`", unknown.name))
        .with_label("not defined in [vocab]")
        .with_help(format!(
            "{suggestion}define it under [vocab], or use one of the shared vocabularies; write \\{{ for a literal brace"
        ))
}

fn similar(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a) || (a.len() > 3 && b.len() > 3 && a[..3] == b[..3])
}

/// Compiles the patterns of one rule into slots of the matcher, collecting errors.
pub struct Compiler<'a> {
    file: &'a SourceFile,
    /// Where `file` is in the list of files loaded.
    file_index: usize,
    vocab: &'a Vocab,
    builder: &'a mut MatcherBuilder,
    slot_rule: &'a mut Vec<usize>,
    errors: &'a mut SetupErrors,
    /// Patterns expanded but not yet parsed (see [`add_pending`]).
    pending: &'a mut Vec<Pending>,
    rule: usize,
}

/// A pattern or phrase of a slot, waiting for [`add_pending`]: parsing and analysing the packs'
/// expressions is most of the time taken to load them, and they are independent of each other.
enum Pending {
    /// A pattern with its `{vocab}` names expanded.
    Pattern {
        slot: SlotId,
        /// Index of the pack file in the files loaded.
        file: usize,
        value: Spanned<String>,
        /// The pattern with its characters normalised, before expansion.
        text: String,
        expanded: String,
        used_vocab: bool,
        /// With its `{name}`s as placeholders, and the vocabularies they stand for, when the
        /// parse of each vocabulary can be spliced in (see [`crate::matcher::parse_spliced`]).
        spliced: Option<(String, Vec<String>)>,
        /// How many errors there were when the pattern was met: its own go in at that place,
        /// so that errors come in the order of the files.
        errors_before: usize,
    },
    /// A phrase, normalised.
    Phrase { slot: SlotId, phrase: String },
}

/// What became of a pending pattern or phrase.
enum Ready {
    Expression(SlotId, crate::matcher::Analysed),
    Phrase(SlotId, String),
    Error(usize, SetupError),
}

/// Parse and analyse the pending patterns on every core, then add them to their slots in the
/// order they came, and their errors where they would have been.
fn add_pending(
    pending: Vec<Pending>,
    files: &[SourceFile],
    builder: &mut MatcherBuilder,
    errors: &mut SetupErrors,
) {
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Each vocabulary is parsed once, by the first pattern that needs it.
    let parts: HashMap<String, OnceLock<Option<regex_syntax::hir::Hir>>> = pending
        .iter()
        .filter_map(|p| match p {
            Pending::Pattern {
                spliced: Some((_, parts)),
                ..
            } => Some(parts),
            _ => None,
        })
        .flatten()
        .map(|part| (part.clone(), OnceLock::new()))
        .collect();
    let splice = |skeleton: &str, names: &[String]| {
        let hirs: Vec<&regex_syntax::hir::Hir> = names
            .iter()
            .map(|part| {
                parts
                    .get(part.as_str())?
                    .get_or_init(|| crate::matcher::parse_part(part))
                    .as_ref()
            })
            .collect::<Option<_>>()?;
        crate::matcher::parse_spliced(skeleton, &hirs)
    };
    let work = |item: Pending| match item {
        Pending::Phrase { slot, phrase } => Ready::Phrase(slot, phrase),
        Pending::Pattern {
            slot,
            file,
            value,
            text,
            expanded,
            used_vocab,
            spliced,
            errors_before,
        } => match parse_pattern(
            &files[file],
            &value,
            &text,
            &expanded,
            used_vocab,
            spliced.and_then(|(skeleton, names)| splice(&skeleton, &names)),
        ) {
            Ok(parsed) => Ready::Expression(slot, crate::matcher::analyse(&expanded, parsed)),
            Err(e) => Ready::Error(errors_before, *e),
        },
    };
    let mut late: Vec<(usize, SetupError)> = Vec::new();
    let mut sink = |ready: Ready| {
        match ready {
            Ready::Expression(slot, expression) => builder.add_analysed(slot, expression),
            Ready::Phrase(slot, phrase) => builder.add_phrase(slot, &phrase),
            Ready::Error(at, e) => late.push((at, e)),
        }
        Ok(())
    };
    // The sink never fails.
    let _ = crate::parallel::ordered(pending.into_iter(), jobs, work, &mut sink);
    if late.is_empty() {
        return;
    }
    let earlier = std::mem::take(errors);
    let mut late = late.into_iter().peekable();
    for (i, e) in earlier.into_iter().enumerate() {
        while let Some((_, l)) = late.next_if(|(at, _)| *at <= i) {
            errors.push(l);
        }
        errors.push(e);
    }
    errors.extend(late.map(|(_, l)| l));
}

/// Parse an expanded pattern (unless its parse is known: `spliced`) and check that it cannot
/// match empty text; the error names the place in the pack file.
fn parse_pattern(
    file: &SourceFile,
    value: &Spanned<String>,
    text: &str,
    expanded: &str,
    used_vocab: bool,
    spliced: Option<crate::matcher::Parsed>,
) -> Result<crate::matcher::Parsed, Box<SetupError>> {
    let parsed = match spliced.map_or_else(|| crate::matcher::parse(expanded), Ok) {
        Ok(parsed) => parsed,
        Err(e) => {
            let (kind, span) = match &*e {
                regex_syntax::Error::Parse(e) => (e.kind().to_string(), *e.span()),
                regex_syntax::Error::Translate(e) => (e.kind().to_string(), *e.span()),
                _ => (
                    e.to_string(),
                    regex_syntax::ast::Span::splat(regex_syntax::ast::Position::new(0, 1, 1)),
                ),
            };
            let place = if used_vocab || text != value.get_ref() {
                value.span()
            } else {
                inner_span(
                    file,
                    value,
                    span.start.offset..span.end.offset.max(span.start.offset + 1),
                )
            };
            let help = if kind.contains("look-around") {
                "healthlint judges negation, questions and attribution itself: list them in `exempt` instead"
            } else {
                "patterns use Rust regex syntax; for plain text use `phrases`, which need no escaping"
            };
            return Err(Box::new(
                SetupError::at(
                    CODE,
                    file,
                    place,
                    format!("invalid regular expression: {kind}"),
                )
                .with_label(kind)
                .with_help(help),
            ));
        }
    };
    if crate::matcher::matches_empty(&parsed.hir) {
        let mut e = SetupError::at(
            CODE,
            file,
            value.span(),
            "this pattern can match empty text, so it would flag every position",
        );
        e.help = Some("make every part optional only if another part is required".into());
        return Err(Box::new(e));
    }
    Ok(parsed)
}

impl Compiler<'_> {
    /// Record an error at a span of the pack file.
    pub fn error(
        &mut self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> &mut SetupError {
        self.errors
            .push(SetupError::at(CODE, self.file, span, message));
        self.errors.last_mut().expect("just pushed")
    }

    /// A new slot with the given patterns and phrases. A pattern's `{vocab}` names are checked
    /// now; it is parsed, and checked to be a valid regex that cannot match empty text, with the
    /// others at the end (see [`add_pending`]).
    pub fn slot(&mut self, patterns: &[Spanned<String>], phrases: &[Spanned<String>]) -> SlotId {
        let slot = self.builder.add_slot();
        self.slot_rule.push(self.rule);
        for value in patterns {
            let text = normalise_chars(value.get_ref());
            let vocab = self.vocab;
            let mut lookup = |n: &str| vocab.get(n).cloned();
            match vocab::expand(&text, &mut lookup) {
                Ok((expanded, used_vocab)) => {
                    let spliced = used_vocab.then(|| skeleton(&text, vocab)).flatten();
                    self.pending.push(Pending::Pattern {
                        slot,
                        file: self.file_index,
                        value: value.clone(),
                        text,
                        expanded,
                        used_vocab,
                        spliced,
                        errors_before: self.errors.len(),
                    });
                }
                Err(unknown) => {
                    let err = unknown_vocab(self.file, value, &unknown, self.vocab.keys());
                    self.errors.push(err);
                }
            }
        }
        for p in phrases {
            let phrase = normalise(p.get_ref());
            if phrase.is_empty() {
                self.error(p.span(), "empty phrase");
            } else {
                self.pending.push(Pending::Phrase { slot, phrase });
            }
        }
        slot
    }
}

/// A pattern with its `{name}`s as placeholders, and the vocabularies they stand for, when
/// both read the same wherever they stand (see [`crate::matcher::splices`]).
fn skeleton(text: &str, vocab: &vocab::Vocab) -> Option<(String, Vec<String>)> {
    if !crate::matcher::splices(text) {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut lookup = |name: &str| {
        let alternatives = vocab.get(name)?;
        parts.push(alternatives.clone());
        crate::matcher::placeholder(parts.len() - 1)
    };
    let (skeleton, _) = vocab::expand(text, &mut lookup).ok()?;
    parts
        .iter()
        .all(|p| crate::matcher::splices(p))
        .then_some((skeleton, parts))
}

fn list(v: &Option<Spanned<Vec<Spanned<String>>>>) -> &[Spanned<String>] {
    v.as_ref().map_or(&[], |l| l.get_ref().as_slice())
}

/// The kind-specific keys a rule uses, with their spans.
fn used_keys(spec: &RuleSpec) -> Vec<(&'static str, std::ops::Range<usize>)> {
    fn l<T>(v: &Option<Spanned<T>>) -> Option<std::ops::Range<usize>> {
        v.as_ref().map(Spanned::span)
    }
    let keys = [
        ("patterns", l(&spec.patterns)),
        ("phrases", l(&spec.phrases)),
        ("exempt", l(&spec.exempt)),
        ("any", l(&spec.any)),
        ("placement", l(&spec.placement)),
        ("within", l(&spec.within)),
        ("exact", l(&spec.exact)),
        ("when", l(&spec.when)),
        ("require", l(&spec.require)),
        ("forbid", l(&spec.forbid)),
        ("scope", l(&spec.scope)),
        ("claims", l(&spec.claims)),
        ("markers", l(&spec.markers)),
        ("marker_patterns", l(&spec.marker_patterns)),
        ("fields", l(&spec.fields)),
        ("date_field", l(&spec.date_field)),
        ("max_age_days", l(&spec.max_age_days)),
    ];
    keys.into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect()
}

fn compile_rule(pack: &str, spec: &RuleSpec, c: &mut Compiler<'_>) -> Option<Rule> {
    let name = spec.id.get_ref();
    let errors_before = c.errors.len();
    if !is_id(name) {
        c.error(spec.id.span(), format!("`{name}` is not a valid rule id"))
            .help = Some(
            "ids are lower-case letters, digits, `-` and `_`, starting with a letter or digit"
                .into(),
        );
    }
    let kind_name = *spec.kind.get_ref();
    let uses = kinds::keys(kind_name);
    for (key, span) in used_keys(spec) {
        if !uses.contains(&key) {
            let owners: Vec<&str> = KindName::ALL
                .iter()
                .filter(|k| kinds::keys(**k).contains(&key))
                .map(|k| k.name())
                .collect();
            let e = c.error(span, format!("`{key}` is not used by `{kind_name}` rules"));
            e.label = "not used by this kind".into();
            e.help = Some(format!(
                "`{key}` belongs to {} rules; `{kind_name}` rules use {}",
                owners.join(" and "),
                uses.iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let Some(message) = &spec.message else {
        c.error(spec.id.span(), format!("rule `{name}` has no `message`"))
            .help = Some("add `message = \"...\"`: one sentence saying what is wrong".into());
        return None;
    };
    let Some(severity) = &spec.severity else {
        c.error(spec.id.span(), format!("rule `{name}` has no `severity`"))
            .help =
            Some("add `severity = \"error\"`, `\"warning\"`, `\"info\"` or `\"off\"`".into());
        return None;
    };
    let kind = Kind::compile(spec, c)?;
    let examples = spec
        .examples
        .as_ref()
        .map_or_else(Examples::default, |e| Examples {
            fail: e.fail.iter().map(example).collect(),
            pass: e.pass.iter().map(example).collect(),
        });
    if c.errors.len() > errors_before {
        return None;
    }
    Some(Rule {
        id: format!("{pack}/{name}"),
        pack: pack.to_string(),
        kind,
        severity: *severity.get_ref(),
        message: message.get_ref().clone(),
        help: spec.help.clone(),
        rationale: spec.rationale.clone(),
        source: spec.source.clone(),
        url: spec.url.clone(),
        exempt: spec
            .exempt
            .as_ref()
            .map(|e| e.get_ref().iter().map(|f| *f.get_ref()).collect())
            .unwrap_or_default(),
        examples,
        file: c.file.clone(),
        span: spec.id.span(),
    })
}

fn example(e: &Spanned<String>) -> Example {
    Example {
        text: e.get_ref().clone(),
        span: e.span(),
    }
}

/// Parse a built-in or user pack's rules without compiling them: `(pack id, rule names)`.
/// Used to check rule ids named in the configuration.
pub fn rule_names(text: &str) -> Option<(String, Vec<String>)> {
    #[derive(serde::Deserialize)]
    struct Ids {
        pack: IdOnly,
        #[serde(default)]
        rule: Vec<IdOnly>,
    }
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: String,
    }
    let ids: Ids = toml::from_str(text).ok()?;
    Some((ids.pack.id, ids.rule.into_iter().map(|r| r.id).collect()))
}

/// A short map from rule id to something, for lookups by full id.
pub type ById<T> = BTreeMap<String, T>;

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<RuleSet, SetupErrors> {
        RuleSet::load(&[SourceFile::new("house.toml", text)])
    }

    fn first_error(text: &str) -> (String, String) {
        let errors = load(text).unwrap_err();
        let e = &errors[0];
        (e.message.clone(), e.place().unwrap_or_default())
    }

    const HEAD: &str = "[pack]\nid = \"house\"\n\n";

    #[test]
    fn a_valid_pack_compiles_with_full_ids() {
        let set = load(&format!(
            "{HEAD}[vocab]\nill = [\"cancer\", \"flu\"]\n\n[[rule]]\nid = \"cure\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"cures? {{ill}}\"]\nphrases = [\"miracle cure\"]\n"
        ))
        .unwrap();
        assert_eq!(set.rules[0].id, "house/cure");
        assert_eq!(set.packs[0].rules, 0..1);
    }

    #[test]
    fn invalid_regex_points_into_the_pattern() {
        let (msg, place) = first_error(&format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"cures (cancer\"]\n"
        ));
        assert!(
            msg.contains("invalid regular expression: unclosed group"),
            "{msg}"
        );
        assert_eq!(place, "house.toml:9:20");
    }

    #[test]
    fn unknown_vocab_points_at_the_name() {
        let (msg, place) = first_error(&format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"cures {{diseese}}\"]\n"
        ));
        assert_eq!(msg, "unknown vocabulary `{diseese}`");
        assert_eq!(place, "house.toml:9:20");
    }

    #[test]
    fn duplicate_ids_unknown_keys_and_kinds_are_reported() {
        let rule = "[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\nphrases = [\"x\"]\n";
        let (msg, place) = first_error(&format!("{HEAD}{rule}\n{rule}"));
        assert_eq!(msg, "duplicate rule id `r`");
        assert_eq!(place, "house.toml:12:6");
        let (msg, place) = first_error(&format!("{HEAD}{rule}sevrity = \"x\"\n"));
        assert!(msg.starts_with("unknown field `sevrity`"), "{msg}");
        assert_eq!(place, "house.toml:10:1");
        let (msg, _) = first_error(&format!("{HEAD}{}", rule.replace("banned", "forbidden")));
        assert!(msg.starts_with("unknown variant `forbidden`"), "{msg}");
    }

    #[test]
    fn keys_of_another_kind_are_reported_with_their_owner() {
        let errors = load(&format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\nphrases = [\"x\"]\nplacement = \"end\"\n"
        ))
        .unwrap_err();
        assert_eq!(
            errors[0].message,
            "`placement` is not used by `banned` rules"
        );
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`placement` belongs to required rules")
        );
    }

    #[test]
    fn errors_come_in_the_order_of_the_file_though_patterns_are_parsed_last() {
        let rule = |id: &str, pattern: &str| {
            format!(
                "[[rule]]\nid = \"{id}\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"{pattern}\"]\n\n"
            )
        };
        let errors = load(&format!(
            "{HEAD}{}{}{}{}{}",
            rule("a", "cures (cancer"),
            rule("a", "x"),
            rule("b", "(cure)?"),
            rule("c", "cures {{nothing}}"),
            rule("d", "heals [flu"),
        ))
        .unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages[0].contains("unclosed group"), "{messages:?}");
        assert_eq!(messages[1], "duplicate rule id `a`");
        assert!(messages[2].contains("can match empty text"), "{messages:?}");
        assert_eq!(messages[3], "unknown vocabulary `{nothing}`");
        assert!(
            messages[4].contains("unclosed character class"),
            "{messages:?}"
        );
    }

    #[test]
    fn patterns_that_match_empty_text_are_rejected() {
        let (msg, _) = first_error(&format!(
            "{HEAD}[[rule]]\nid = \"r\"\nkind = \"banned\"\nseverity = \"error\"\nmessage = \"m\"\npatterns = [\"(cure)?\"]\n"
        ));
        assert!(msg.contains("can match empty text"), "{msg}");
    }
}
