//! JavaScript and TypeScript with JSX, through the oxc parser: the copy of React and Next.js
//! components.
//!
//! Prose is:
//! - JSX text, with white space as JSX renders it (lines trimmed, line breaks between words a
//!   space, white space at a line break next to a tag dropped) and `{expressions}` masked: they
//!   keep the words around them apart. `{"text"}` children are text. Character references
//!   (`&rsquo;`) are decoded;
//! - the string values of copy attributes (`alt`, `title`, `aria-label`, `placeholder`, `label`,
//!   `content`, `description`, `summary`, or the configured list), caption blocks of their own;
//! - string and template literals that read as copy (letters, at least three words, not a list
//!   of class names) anywhere else, one block each; `{ type: "h2", text: "..." }` data objects
//!   make headings. A string holding markup (`"Buy <strong>now</strong>"`) is read as HTML.
//!
//! Never prose: imports and exports' sources, TypeScript types, object keys, computed member
//! names, comparisons, code attributes and keys (`className`, `href`, `src`, `id`, `key`,
//! `style`...), calls to `console.*`, `require`, `fetch`, class-name helpers, DOM queries,
//! tests and errors, tagged templates (CSS, GraphQL) except `html`, regular expressions, and
//! comments. Comments that start with `healthlint-` are suppression directives.
//!
//! JSX block elements (`p`, `li`, headings, table cells, `div`...) and components end blocks,
//! as does `<br>`; inline elements (`a`, `strong`, `span`, `Link`...) do not. Headings are
//! headings (`h1`–`h6`, `<Heading>`, `as="h2"`), so `scope = "section"` works.
//!
//! Offsets: escapes (`\"`, `\n`, `\u2019`, `\u{1F600}`) and character references are decoded
//! piece by piece, each decoded piece standing for exactly its raw bytes.

use super::html::{self, Dialect};
use super::{ParseError, ReadOptions};
use crate::prose::{BlockKind, DecodeMap, MarkerKind, Prose, ProseBuilder};
use crate::span::ByteRange;
use oxc_allocator::Allocator;
use oxc_ast::ast::BinaryOperator;
use oxc_ast::ast::{
    Argument, BinaryExpression, CallExpression, ComputedMemberExpression, Directive,
    ExportAllDeclaration, ExportFromDeclaration, Expression, ImportDeclaration, ImportExpression,
    JSXAttribute, JSXAttributeItem, JSXAttributeName, JSXAttributeValue, JSXChild, JSXElement,
    JSXElementName, JSXFragment, NewExpression, ObjectExpression, ObjectProperty, PropertyKey,
    StringLiteral, SwitchCase, TSImportEqualsDeclaration, TSInterfaceDeclaration, TSType,
    TSTypeAliasDeclaration, TSTypeAnnotation, TSTypeParameterDeclaration,
    TSTypeParameterInstantiation, TaggedTemplateExpression, TemplateLiteral,
};
use oxc_ast_visit::{Visit, walk};
use oxc_parser::{ParseOptions, Parser};
use oxc_span::{SourceType, Span};
use std::ops::Range;

/// Which dialect to parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// JavaScript with JSX.
    Jsx,
    /// TypeScript without JSX (`<T>x` is a cast).
    Ts,
    /// TypeScript with JSX.
    Tsx,
}

/// Extract the prose of the script in `range` of `source`. A file that does not parse as its
/// extension says is tried as TypeScript with JSX; when neither parses, the error is returned
/// with the prose read from what the parser recovered.
pub fn extract(
    source: &str,
    range: Range<usize>,
    lang: Lang,
    options: &ReadOptions,
) -> (Prose, Option<ParseError>) {
    let end = if source.is_char_boundary(range.end) {
        range.end.min(source.len())
    } else {
        source.len()
    };
    let start = if source.is_char_boundary(range.start) {
        range.start.min(end)
    } else {
        end
    };
    let text = &source[start..end];
    // Spans are `u32`: a larger script is not parsed.
    if u32::try_from(text.len()).is_err() {
        let error = ParseError {
            at: start,
            message: "the script is larger than 4 GiB".into(),
            recovered: false,
        };
        return (Prose::default(), Some(error));
    }
    let types = match lang {
        Lang::Jsx => [SourceType::unambiguous().with_jsx(true), SourceType::tsx()],
        Lang::Ts => [SourceType::ts(), SourceType::tsx()],
        Lang::Tsx => [SourceType::tsx(), SourceType::ts()],
    };
    // One arena per thread, reset between files: no fresh pages for every file.
    thread_local! {
        static ARENA: std::cell::RefCell<Allocator> = std::cell::RefCell::new(Allocator::default());
    }
    ARENA.with(|arena| {
        let mut reused = arena.try_borrow_mut().ok();
        let fresh;
        let allocator: &Allocator = match &mut reused {
            Some(allocator) => {
                allocator.reset();
                allocator
            }
            None => {
                fresh = Allocator::default();
                &fresh
            }
        };
        read(source, start, text, types, allocator, options)
    })
}

/// Parse `text`, the script at `start` of `source`, and read its prose. A syntax error the
/// parser cannot recover from leaves no tree: the lines it stops at are blanked (offsets stay
/// those of the file) and the rest is parsed again.
fn read(
    source: &str,
    start: usize,
    text: &str,
    types: [SourceType; 2],
    allocator: &Allocator,
    options: &ReadOptions,
) -> (Prose, Option<ParseError>) {
    let mut parsed = parse(allocator, text, types);
    let mut error = first_error(&parsed, text).map(|(at, message)| ParseError {
        at: start + at,
        message,
        recovered: !parsed.panicked,
    });
    let blanked;
    if parsed.panicked {
        blanked = blank_errors(text, types);
        parsed = parse(allocator, &blanked, types);
        if let Some(e) = &mut error {
            e.recovered = !parsed.panicked;
        }
    }
    let mut walker = Walker::new(source, start, options);
    walker.visit_program(&parsed.program);
    walker.close_block();
    let range_of = |span: Span| walker.range(span);
    let mut comments = Vec::new();
    for comment in &parsed.program.comments {
        let range = range_of(comment.span);
        let content = range_of(comment.content_span());
        let body = source.get(content.as_range()).unwrap_or_default();
        if body.trim_start().starts_with("healthlint-") {
            comments.push(jsx_comment(source, range));
        }
    }
    let mut prose = walker.b.finish();
    prose.comments.extend(comments);
    prose.comments.sort_by_key(|c| (c.start, c.end));
    prose.comments.dedup();
    (prose, error)
}

/// The first syntax error of a parse: where it points in `text`, and what it says.
fn first_error(parsed: &oxc_parser::ParserReturn<'_>, text: &str) -> Option<(usize, String)> {
    let d = parsed.diagnostics.first()?;
    let at = d
        .labels
        .first()
        .map_or(0, |l| l.offset() as usize)
        .min(text.len());
    Some((at, d.message.to_string()))
}

/// `text` with the lines blanked that the parser cannot get past, a few at most.
fn blank_errors(text: &str, types: [SourceType; 2]) -> String {
    let mut text = text.to_string();
    for _ in 0..MAX_BLANKED_LINES {
        let allocator = Allocator::default();
        let parsed = parse(&allocator, &text, types);
        let Some((at, _)) = first_error(&parsed, &text).filter(|_| parsed.panicked) else {
            break;
        };
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if text[line_start..line_end].trim().is_empty() {
            break;
        }
        let blank: String = text[line_start..line_end]
            .bytes()
            .map(|b| if b == b'\r' { '\r' } else { ' ' })
            .collect();
        drop(parsed);
        text.replace_range(line_start..line_end, &blank);
    }
    text
}

/// How many lines with unrecoverable syntax errors are blanked before giving up.
const MAX_BLANKED_LINES: usize = 8;

/// Parse as the first source type; when that fails, as the second, keeping the better result.
fn parse<'a>(
    allocator: &'a Allocator,
    text: &'a str,
    types: [SourceType; 2],
) -> oxc_parser::ParserReturn<'a> {
    let options = ParseOptions {
        allow_return_outside_function: true,
        ..ParseOptions::default()
    };
    let run = |ty: SourceType| {
        Parser::new(allocator, text, ty)
            .with_options(options)
            .parse()
    };
    let first = run(types[0]);
    if !first.panicked && first.diagnostics.is_empty() {
        return first;
    }
    let second = run(types[1]);
    let score = |p: &oxc_parser::ParserReturn<'_>| (p.panicked, p.diagnostics.len());
    if score(&second) < score(&first) {
        second
    } else {
        first
    }
}

/// A block comment written as a JSX child (`{/* ... */}`) includes its braces.
fn jsx_comment(source: &str, range: ByteRange) -> ByteRange {
    let before = source[..range.start].trim_end_matches([' ', '\t']);
    let after = source[range.end..].trim_start_matches([' ', '\t']);
    if source[range.as_range()].starts_with("/*") && before.ends_with('{') && after.starts_with('}')
    {
        let start = before.len() - 1;
        let end = source.len() - after.len() + 1;
        ByteRange::new(start, end)
    } else {
        range
    }
}

/// A piece of copy and where it comes from.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    /// The original bytes.
    Source(ByteRange),
    /// Decoded text (an escape, a character reference) standing for the bytes.
    Decoded(String, ByteRange),
    /// An expression inside copy (`${name}`, `{count}`): no word, but it keeps words apart.
    Opaque(ByteRange),
}

/// Copy waiting to be added.
enum Unit {
    /// Pieces read as one block of the given kind.
    Segs(Vec<Seg>, BlockKind),
    /// Prose read through the HTML reader.
    Prose(Prose),
}

/// What a JSX element does to the prose around it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Starts and ends a block of this kind; a block quote when `true`.
    Block(BlockKind, bool),
    /// Text flows through it.
    Inline,
    /// Ends the sentence (`<br>`, `<hr>`).
    Break,
    /// Keeps the words around it apart (`<img>`).
    Separator,
    /// Its content is not prose, and it sits in running text (`<code>`).
    Code,
    /// Its content is not prose (`<script>`, `<svg>`).
    Skip,
}

struct Walker<'s, 'o> {
    source: &'s str,
    /// Where the parsed text starts in `source`.
    base: usize,
    options: &'o ReadOptions,
    b: ProseBuilder,
    /// Kinds of the open JSX blocks, innermost last.
    kinds: Vec<BlockKind>,
    quote: usize,
    in_block: bool,
    /// Copy met inside a running JSX block (attributes, strings in expressions), added after it.
    pending: Vec<Unit>,
    /// The block kind the object literals being read give their strings.
    object_kinds: Vec<Option<BlockKind>>,
}

impl<'s, 'o> Walker<'s, 'o> {
    fn new(source: &'s str, base: usize, options: &'o ReadOptions) -> Self {
        Self {
            source,
            base,
            options,
            b: ProseBuilder::new(),
            kinds: Vec::new(),
            quote: 0,
            in_block: false,
            pending: Vec::new(),
            object_kinds: Vec::new(),
        }
    }

    fn range(&self, span: Span) -> ByteRange {
        let len = self.source.len();
        let start = (self.base + span.start as usize).min(len);
        let end = (self.base + span.end as usize).clamp(start, len);
        ByteRange::new(start, end)
    }

    fn ensure_block(&mut self) {
        if !self.in_block {
            let kind = self.kinds.last().copied().unwrap_or(BlockKind::Paragraph);
            self.b.start_block(kind, self.quote > 0);
            self.in_block = true;
        }
    }

    fn close_block(&mut self) {
        self.b.end_block();
        self.in_block = false;
        for unit in std::mem::take(&mut self.pending) {
            self.emit(unit);
        }
    }

    fn emit(&mut self, unit: Unit) {
        match unit {
            Unit::Segs(segs, kind) => {
                self.b.start_block(kind, self.quote > 0);
                self.push_segs(&segs);
                self.b.end_block();
            }
            Unit::Prose(prose) => self.b.append(prose),
        }
    }

    fn push_segs(&mut self, segs: &[Seg]) {
        for seg in segs {
            match seg {
                Seg::Source(r) => {
                    if let Some(text) = self.source.get(r.as_range()) {
                        self.b.push_source(text, r.start);
                    }
                }
                Seg::Decoded(text, r) => {
                    if !text.is_empty() {
                        self.b.push_decoded(text, *r);
                    }
                }
                Seg::Opaque(r) => self.b.push_opaque(*r),
            }
        }
    }

    /// Copy that is a block of its own: added now, or after the running JSX block.
    fn unit(&mut self, unit: Unit) {
        if self.in_block {
            self.pending.push(unit);
        } else {
            self.emit(unit);
        }
    }

    /// A string's pieces as copy, if they are: always when `force` (a copy attribute) and the
    /// text has a letter, otherwise when it reads as copy. Markup goes through the HTML reader.
    fn copy(&mut self, segs: Vec<Seg>, kind: BlockKind, force: bool) {
        let text = text_of(self.source, &segs);
        if has_markup(&text) {
            let prose = self.html(&segs);
            if (force && prose.text.chars().any(char::is_alphabetic)) || reads_as_copy(&prose.text)
            {
                self.unit(Unit::Prose(prose));
            }
            return;
        }
        let wanted = if force {
            text.chars().any(char::is_alphabetic)
        } else {
            reads_as_copy(&text)
        };
        if wanted {
            self.unit(Unit::Segs(segs, kind));
        }
    }

    /// Read decoded pieces as HTML, mapped back to the source.
    fn html(&self, segs: &[Seg]) -> Prose {
        let mut decoded = String::new();
        let mut map = DecodeMap::default();
        for seg in segs {
            match seg {
                Seg::Source(r) => {
                    map.copy(decoded.len(), r.start, r.len());
                    decoded.push_str(self.source.get(r.as_range()).unwrap_or_default());
                }
                Seg::Decoded(text, r) if !text.is_empty() => {
                    map.decoded(decoded.len(), text.len(), *r);
                    decoded.push_str(text);
                }
                Seg::Decoded(..) => {}
                Seg::Opaque(r) => {
                    map.decoded(decoded.len(), 1, *r);
                    decoded.push('\u{1a}');
                }
            }
        }
        let dialect = Dialect {
            template_is_content: false,
            copy_attributes: &self.options.copy_attributes,
        };
        let prose = html::extract_range(&decoded, 0..decoded.len(), &dialect);
        let mut b = ProseBuilder::new();
        b.append_decoded(&prose, &decoded, &map, self.source);
        b.finish()
    }

    /// The pieces of a string or untagged template literal.
    fn string_segs(&self, expr: &Expression<'_>) -> Option<Vec<Seg>> {
        match expr.without_parentheses() {
            Expression::StringLiteral(s) => Some(self.literal_segs(s)),
            Expression::TemplateLiteral(t) => Some(self.template_segs(t)),
            _ => None,
        }
    }

    fn literal_segs(&self, s: &StringLiteral<'_>) -> Vec<Seg> {
        let r = self.range(s.span);
        let mut out = Vec::new();
        if r.len() >= 2 {
            decode_js(self.source, r.start + 1, r.end - 1, &mut out);
        }
        out
    }

    fn template_segs(&self, t: &TemplateLiteral<'_>) -> Vec<Seg> {
        let mut out = Vec::new();
        let mut prev_end = None;
        for quasi in &t.quasis {
            let r = self.range(quasi.span);
            if let Some(end) = prev_end {
                out.push(Seg::Opaque(ByteRange::new(end, r.start.max(end))));
            }
            decode_js(self.source, r.start, r.end, &mut out);
            prev_end = Some(r.end);
        }
        out
    }

    /// The kind of block strings read now belong to.
    fn string_kind(&self) -> BlockKind {
        self.object_kinds
            .last()
            .copied()
            .flatten()
            .unwrap_or(BlockKind::Paragraph)
    }

    fn children(&mut self, children: &[JSXChild<'_>]) {
        for child in children {
            match child {
                JSXChild::Text(t) => self.jsx_text(self.range(t.span)),
                JSXChild::Element(e) => self.visit_jsx_element(e),
                JSXChild::Fragment(f) => self.children(&f.children),
                JSXChild::ExpressionContainer(c) => {
                    let Some(expr) = c.expression.as_expression() else {
                        continue;
                    };
                    if let Some(segs) = self.string_segs(expr) {
                        if segs.iter().any(|s| !matches!(s, Seg::Opaque(_))) {
                            self.ensure_block();
                            self.push_segs(&segs);
                        }
                        if let Expression::TemplateLiteral(t) = expr.without_parentheses() {
                            for e in &t.expressions {
                                self.visit_expression(e);
                            }
                        }
                    } else {
                        if self.in_block {
                            let r = self.range(c.span);
                            self.b.push_opaque(r);
                        }
                        self.visit_expression(expr);
                    }
                }
                JSXChild::Spread(s) => self.visit_expression(&s.expression),
            }
        }
    }

    /// JSX text, white space as JSX renders it: each line trimmed (the first line keeps its
    /// start, the last its end), empty lines dropped, the rest joined by spaces.
    fn jsx_text(&mut self, r: ByteRange) {
        let Some(raw) = self.source.get(r.as_range()) else {
            return;
        };
        let lines: Vec<(usize, &str)> = {
            let mut at = r.start;
            raw.split('\n')
                .map(|l| {
                    let line = (at, l);
                    at += l.len() + 1;
                    line
                })
                .collect()
        };
        let n = lines.len();
        let mut prev_end: Option<usize> = None;
        for (i, (at, line)) in lines.into_iter().enumerate() {
            let ws = |c: char| matches!(c, ' ' | '\t' | '\r');
            let mut s = line;
            if i > 0 {
                s = s.trim_start_matches(ws);
            }
            if i + 1 < n {
                s = s.trim_end_matches(ws);
            }
            if s.is_empty() {
                continue;
            }
            let start = at + (line.len() - line.trim_start_matches(ws).len()).min(line.len());
            let start = if i > 0 { start } else { at };
            let end = start + s.len();
            if s.chars().all(ws) && !self.in_block {
                prev_end = Some(end);
                continue;
            }
            self.ensure_block();
            if let Some(p) = prev_end {
                self.b.push_space(p, start.saturating_sub(p));
            }
            let mut segs = Vec::new();
            decode_entities(self.source, start, end, &mut segs);
            self.push_segs(&segs);
            prev_end = Some(end);
        }
    }

    fn attribute(&mut self, a: &JSXAttribute<'_>) {
        let name = attribute_name(&a.name);
        let force = self.is_copy_attribute(&name);
        if !force && is_code_key(&name) {
            return;
        }
        match &a.value {
            None => {}
            Some(JSXAttributeValue::StringLiteral(s)) => {
                let r = self.range(s.span);
                let mut segs = Vec::new();
                if r.len() >= 2 {
                    decode_entities(self.source, r.start + 1, r.end - 1, &mut segs);
                }
                self.copy(segs, BlockKind::Caption, force);
            }
            Some(JSXAttributeValue::ExpressionContainer(c)) => {
                let Some(expr) = c.expression.as_expression() else {
                    return;
                };
                match self.string_segs(expr) {
                    Some(segs) => {
                        self.copy(segs, BlockKind::Caption, force);
                        if let Expression::TemplateLiteral(t) = expr.without_parentheses() {
                            for e in &t.expressions {
                                self.visit_expression(e);
                            }
                        }
                    }
                    None => self.visit_expression(expr),
                }
            }
            Some(JSXAttributeValue::Element(e)) => self.visit_jsx_element(e),
            Some(JSXAttributeValue::Fragment(f)) => self.visit_jsx_fragment(f),
        }
    }

    fn is_copy_attribute(&self, name: &str) -> bool {
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| *c != '-' && *c != '_')
                .flat_map(char::to_lowercase)
                .collect()
        };
        let name = squash(name);
        self.options
            .copy_attributes
            .iter()
            .any(|a| squash(a) == name)
    }
}

impl<'a> Visit<'a> for Walker<'_, '_> {
    fn visit_jsx_element(&mut self, el: &JSXElement<'a>) {
        let name = element_name(&el.opening_element.name);
        let mut href = None;
        let mut level = None;
        for item in &el.opening_element.attributes {
            match item {
                JSXAttributeItem::Attribute(a) => {
                    let attr = attribute_name(&a.name);
                    let value = match &a.value {
                        Some(JSXAttributeValue::StringLiteral(s)) => Some(s.value.as_str()),
                        _ => None,
                    };
                    match (attr.as_str(), value) {
                        ("href" | "to", Some(v)) => href = Some(v.to_string()),
                        ("as" | "variant" | "component", Some(v)) => {
                            level = level.or_else(|| heading_level(v));
                        }
                        _ => {}
                    }
                    self.attribute(a);
                }
                JSXAttributeItem::SpreadAttribute(s) => self.visit_expression(&s.argument),
            }
        }
        let role = role(&name, level);
        match role {
            Role::Skip => return,
            Role::Code => {
                if self.in_block {
                    let r = self.range(el.span);
                    self.b.push_opaque(r);
                }
                return;
            }
            Role::Break => {
                self.close_block();
                return;
            }
            Role::Separator => {
                if self.in_block {
                    let r = self.range(el.opening_element.span);
                    self.b.push_space(r.start, r.len());
                }
            }
            Role::Block(kind, quote) => {
                self.close_block();
                self.kinds.push(kind);
                self.quote += usize::from(quote);
                self.children(&el.children);
                self.close_block();
                self.quote -= usize::from(quote);
                self.kinds.pop();
                return;
            }
            Role::Inline => {}
        }
        if name == "sup" && self.reference_number(&el.children) {
            self.b.push_marker(MarkerKind::Superscript);
            return;
        }
        self.children(&el.children);
        let link = matches!(name.as_str(), "a" | "Link" | "NextLink" | "Anchor");
        if link && self.in_block && href.as_deref().is_some_and(html::cites) {
            self.b.push_marker(MarkerKind::Link);
        }
    }

    fn visit_jsx_fragment(&mut self, it: &JSXFragment<'a>) {
        self.children(&it.children);
    }

    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        // Most strings of code are one token: no spaces, no escapes, no markup.
        let raw = self
            .source
            .get(self.range(it.span).as_range())
            .unwrap_or_default();
        if !could_be_copy(raw) {
            return;
        }
        let segs = self.literal_segs(it);
        let kind = self.string_kind();
        self.copy(segs, kind, false);
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        let raw = self
            .source
            .get(self.range(it.span).as_range())
            .unwrap_or_default();
        if could_be_copy(raw) {
            let segs = self.template_segs(it);
            let kind = self.string_kind();
            self.copy(segs, kind, false);
        }
        for e in &it.expressions {
            self.visit_expression(e);
        }
    }

    fn visit_tagged_template_expression(&mut self, it: &TaggedTemplateExpression<'a>) {
        // `html` templates (lit, htm) hold markup; CSS, GraphQL and SQL templates are code.
        if matches!(callee_path(&it.tag), (_, Some("html"))) {
            self.visit_template_literal(&it.quasi);
        }
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        let kind = object_kind(it);
        self.object_kinds.push(kind);
        walk::walk_object_expression(self, it);
        self.object_kinds.pop();
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if let Some(name) = it.key.static_name()
            && is_code_key(&name)
        {
            return;
        }
        self.visit_property_key(&it.key);
        self.visit_expression(&it.value);
    }

    fn visit_property_key(&mut self, it: &PropertyKey<'a>) {
        // Names are not copy; only a computed key that is no literal holds code worth reading.
        if let Some(expr) = it.as_expression()
            && !matches!(
                expr.without_parentheses(),
                Expression::StringLiteral(_)
                    | Expression::TemplateLiteral(_)
                    | Expression::NumericLiteral(_)
            )
        {
            self.visit_expression(expr);
        }
    }

    fn visit_computed_member_expression(&mut self, it: &ComputedMemberExpression<'a>) {
        self.visit_expression(&it.object);
        if self.string_segs(&it.expression).is_none() {
            self.visit_expression(&it.expression);
        }
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if it.operator == BinaryOperator::Addition {
            let mut operands = Vec::new();
            flatten_addition(it, &mut operands);
            if operands.iter().any(|e| self.string_segs(e).is_some()) {
                let mut segs = Vec::new();
                for e in &operands {
                    match self.string_segs(e) {
                        Some(s) => segs.extend(s),
                        None => segs.push(Seg::Opaque(self.range(oxc_span::GetSpan::span(*e)))),
                    }
                }
                let kind = self.string_kind();
                self.copy(segs, kind, false);
                for e in operands {
                    match e.without_parentheses() {
                        Expression::StringLiteral(_) => {}
                        Expression::TemplateLiteral(t) => {
                            for e in &t.expressions {
                                self.visit_expression(e);
                            }
                        }
                        e => self.visit_expression(e),
                    }
                }
                return;
            }
        }
        if it.operator.is_equality()
            || it.operator.is_compare()
            || matches!(it.operator, BinaryOperator::In | BinaryOperator::Instanceof)
        {
            // `status === "payment failed"` compares values; it shows nothing.
            for e in [&it.left, &it.right] {
                if self.string_segs(e).is_none() {
                    self.visit_expression(e);
                }
            }
            return;
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_switch_case(&mut self, it: &SwitchCase<'a>) {
        if let Some(test) = &it.test
            && self.string_segs(test).is_none()
        {
            self.visit_expression(test);
        }
        self.visit_statements(&it.consequent);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if is_code_call(&it.callee) {
            return;
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let (_, last) = callee_path(&it.callee);
        if last.is_some_and(|n| n == "RegExp" || n.ends_with("Error") || n == "URL") {
            return;
        }
        self.visit_expression(&it.callee);
        for arg in &it.arguments {
            self.visit_argument(arg);
        }
    }

    fn visit_argument(&mut self, it: &Argument<'a>) {
        walk::walk_argument(self, it);
    }

    fn visit_import_declaration(&mut self, _: &ImportDeclaration<'a>) {}

    fn visit_import_expression(&mut self, _: &ImportExpression<'a>) {}

    fn visit_export_all_declaration(&mut self, _: &ExportAllDeclaration<'a>) {}

    fn visit_export_from_declaration(&mut self, _: &ExportFromDeclaration<'a>) {}

    fn visit_ts_import_equals_declaration(&mut self, _: &TSImportEqualsDeclaration<'a>) {}

    fn visit_directive(&mut self, _: &Directive<'a>) {}

    fn visit_ts_type(&mut self, _: &TSType<'a>) {}

    fn visit_ts_type_annotation(&mut self, _: &TSTypeAnnotation<'a>) {}

    fn visit_ts_type_parameter_declaration(&mut self, _: &TSTypeParameterDeclaration<'a>) {}

    fn visit_ts_type_parameter_instantiation(&mut self, _: &TSTypeParameterInstantiation<'a>) {}

    fn visit_ts_type_alias_declaration(&mut self, _: &TSTypeAliasDeclaration<'a>) {}

    fn visit_ts_interface_declaration(&mut self, _: &TSInterfaceDeclaration<'a>) {}
}

impl Walker<'_, '_> {
    /// Whether the children of a `<sup>` are a reference number (`<sup>1,2</sup>`).
    fn reference_number(&self, children: &[JSXChild<'_>]) -> bool {
        let mut text = String::new();
        for child in children {
            match child {
                JSXChild::Text(t) => {
                    text.push_str(self.source.get(self.range(t.span).as_range()).unwrap_or(""))
                }
                _ => return false,
            }
        }
        super::markdown::is_reference_number(text.trim())
    }
}

fn flatten_addition<'e, 'a>(it: &'e BinaryExpression<'a>, out: &mut Vec<&'e Expression<'a>>) {
    for side in [&it.left, &it.right] {
        match side.without_parentheses() {
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                flatten_addition(b, out);
            }
            _ => out.push(side),
        }
    }
}

/// The name of a JSX element as written (`div`, `Hero`, `motion.div`, `svg:rect`).
fn element_name(name: &JSXElementName<'_>) -> String {
    match name {
        JSXElementName::Identifier(id) => id.name.as_str().to_string(),
        JSXElementName::IdentifierReference(id) => id.name.as_str().to_string(),
        JSXElementName::NamespacedName(n) => {
            format!("{}:{}", n.namespace.name.as_str(), n.name.name.as_str())
        }
        JSXElementName::MemberExpression(m) => m.property.name.as_str().to_string(),
        JSXElementName::ThisExpression(_) => "this".into(),
    }
}

fn attribute_name(name: &JSXAttributeName<'_>) -> String {
    match name {
        JSXAttributeName::Identifier(id) => id.name.as_str().to_string(),
        JSXAttributeName::NamespacedName(n) => {
            format!("{}:{}", n.namespace.name.as_str(), n.name.name.as_str())
        }
    }
}

/// `h1`–`h6` as a heading level.
fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Intrinsic elements that start and end blocks.
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "button", "center", "details", "dialog", "div", "dl",
    "fieldset", "figure", "footer", "form", "header", "hgroup", "legend", "main", "menu", "nav",
    "ol", "optgroup", "option", "p", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul",
];

/// Intrinsic elements whose content is not prose.
const SKIP: &[&str] = &[
    "script", "style", "svg", "math", "noscript", "template", "textarea", "iframe", "canvas",
    "object", "pre", "select", "datalist",
];

/// Components that sit inside running text.
const INLINE_COMPONENTS: &[&str] = &[
    "Link",
    "NextLink",
    "Anchor",
    "A",
    "Trans",
    "FormattedMessage",
    "Strong",
    "Em",
    "B",
    "I",
    "U",
    "Span",
    "Mark",
    "Highlight",
    "Tooltip",
    "Abbr",
    "Sup",
    "Sub",
    "Small",
    "Fragment",
    "Suspense",
];

/// Components whose content is not prose.
const SKIP_COMPONENTS: &[&str] = &["Script", "Style", "Svg", "Code", "Pre", "CodeBlock", "Head"];

fn role(name: &str, level: Option<u8>) -> Role {
    if let Some(l) = level.or_else(|| heading_level(name)) {
        return Role::Block(BlockKind::Heading(l), false);
    }
    let intrinsic = name.starts_with(|c: char| c.is_ascii_lowercase());
    if !intrinsic {
        return match name {
            "Heading" | "Title" => Role::Block(BlockKind::Heading(2), false),
            "Br" => Role::Break,
            "Image" | "Img" | "Icon" => Role::Separator,
            n if SKIP_COMPONENTS.contains(&n) => Role::Skip,
            n if INLINE_COMPONENTS.contains(&n) => Role::Inline,
            _ => Role::Block(BlockKind::Paragraph, false),
        };
    }
    match name {
        "li" | "dt" | "dd" => Role::Block(BlockKind::ListItem, false),
        "td" | "th" => Role::Block(BlockKind::TableCell, false),
        "caption" | "figcaption" | "title" => Role::Block(BlockKind::Caption, false),
        "blockquote" => Role::Block(BlockKind::Paragraph, true),
        "br" | "hr" => Role::Break,
        "img" | "input" | "video" | "audio" | "embed" | "wbr" | "meter" | "progress" => {
            Role::Separator
        }
        "code" | "kbd" | "samp" => Role::Code,
        n if SKIP.contains(&n) => Role::Skip,
        n if BLOCKS.contains(&n) => Role::Block(BlockKind::Paragraph, false),
        _ => Role::Inline,
    }
}

/// The block kind an object literal of copy declares (`{ type: "h2", text: "..." }`).
fn object_kind(it: &ObjectExpression<'_>) -> Option<BlockKind> {
    for prop in &it.properties {
        let oxc_ast::ast::ObjectPropertyKind::ObjectProperty(p) = prop else {
            continue;
        };
        let Some(key) = p.key.static_name() else {
            continue;
        };
        if !matches!(
            &*key,
            "type" | "tag" | "as" | "variant" | "element" | "component"
        ) {
            continue;
        }
        let Expression::StringLiteral(s) = &p.value else {
            continue;
        };
        let v = s.value.as_str();
        if let Some(l) = heading_level(v).or_else(|| (v == "heading").then_some(2)) {
            return Some(BlockKind::Heading(l));
        }
        match v {
            "li" | "listItem" | "list-item" => return Some(BlockKind::ListItem),
            "td" | "th" | "cell" => return Some(BlockKind::TableCell),
            _ => {}
        }
    }
    None
}

/// Attribute and key names whose values are code, never copy.
fn is_code_key(name: &str) -> bool {
    const CODE: &[&str] = &[
        "class",
        "classname",
        "classes",
        "href",
        "src",
        "srcset",
        "id",
        "key",
        "style",
        "sx",
        "css",
        "tw",
        "ref",
        "to",
        "as",
        "component",
        "variant",
        "size",
        "color",
        "type",
        "rel",
        "target",
        "role",
        "lang",
        "method",
        "action",
        "for",
        "htmlfor",
        "d",
        "viewbox",
        "xmlns",
        "fill",
        "stroke",
        "points",
        "transform",
        "path",
        "url",
        "slug",
        "icon",
        "width",
        "height",
        "loading",
        "sizes",
        "media",
        "mode",
        "layout",
        "pattern",
        "autocomplete",
        "inputmode",
        "enctype",
        "charset",
        "http-equiv",
        "property",
        "itemprop",
        "itemtype",
        "mimetype",
        "format",
        "locale",
        "route",
        "query",
        "selector",
        "testid",
    ];
    if name.len() > 32 {
        return false;
    }
    let mut buf = [0u8; 32];
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).unwrap_or_default();
    CODE.contains(&lower)
        || lower.starts_with("data-")
        || (lower.starts_with("on") && name[2..].starts_with(|c: char| c.is_ascii_uppercase()))
        || (lower.starts_with("aria-") && !matches!(lower, "aria-label" | "aria-description"))
        || [
            "classname",
            "class",
            "style",
            "styles",
            "url",
            "href",
            "src",
            "icon",
            "path",
            "slug",
            "key",
        ]
        .iter()
        .any(|s| lower.len() > s.len() && lower.ends_with(s) && !lower.ends_with("subclass"))
        || name.ends_with("Id")
        || name.ends_with("ID")
        || name.ends_with("_id")
}

/// The root and last names of a callee (`console.log` → (`console`, `log`)).
fn callee_path<'e>(e: &'e Expression<'_>) -> (Option<&'e str>, Option<&'e str>) {
    match e.without_parentheses() {
        Expression::Identifier(id) => (Some(id.name.as_str()), Some(id.name.as_str())),
        Expression::StaticMemberExpression(m) => {
            (callee_path(&m.object).0, Some(m.property.name.as_str()))
        }
        Expression::ComputedMemberExpression(m) => (callee_path(&m.object).0, None),
        Expression::ChainExpression(c) => match &c.expression {
            oxc_ast::ast::ChainElement::StaticMemberExpression(m) => {
                (callee_path(&m.object).0, Some(m.property.name.as_str()))
            }
            oxc_ast::ast::ChainElement::CallExpression(call) => callee_path(&call.callee),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// Calls whose string arguments are code: logging, module loading, requests, class-name
/// helpers, DOM queries, storage, tests and errors.
fn is_code_call(callee: &Expression<'_>) -> bool {
    const ROOTS: &[&str] = &[
        "console",
        "require",
        "fetch",
        "cn",
        "clsx",
        "classnames",
        "classNames",
        "cx",
        "twMerge",
        "twJoin",
        "cva",
        "tv",
        "styled",
        "css",
        "keyframes",
        "gql",
        "graphql",
        "describe",
        "it",
        "test",
        "expect",
        "jest",
        "vi",
        "logger",
        "debug",
        "invariant",
        "assert",
        "RegExp",
        "Symbol",
        "localStorage",
        "sessionStorage",
        "axios",
        "process",
        "JSON",
    ];
    const LAST: &[&str] = &[
        "querySelector",
        "querySelectorAll",
        "getElementById",
        "getElementsByClassName",
        "getElementsByTagName",
        "closest",
        "matches",
        "addEventListener",
        "removeEventListener",
        "dispatchEvent",
        "matchMedia",
        "getAttribute",
        "hasAttribute",
        "removeAttribute",
        "getItem",
        "setItem",
        "removeItem",
        "getPropertyValue",
        "setProperty",
        "postMessage",
        "createElement",
        "toggle",
        "contains",
    ];
    let (root, last) = callee_path(callee);
    root.is_some_and(|r| ROOTS.contains(&r))
        || last.is_some_and(|l| LAST.contains(&l) || l.ends_with("Error"))
}

/// Decode a JavaScript string's content (`from..to`, without quotes) into pieces.
fn decode_js(source: &str, from: usize, to: usize, out: &mut Vec<Seg>) {
    let Some(text) = source.get(from..to) else {
        return;
    };
    let bytes = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        if run < i {
            out.push(Seg::Source(ByteRange::new(from + run, from + i)));
        }
        let (decoded, len) = escape(&text[i..]);
        out.push(Seg::Decoded(
            decoded,
            ByteRange::new(from + i, from + i + len),
        ));
        i += len;
        run = i;
    }
    if run < bytes.len() {
        out.push(Seg::Source(ByteRange::new(from + run, to)));
    }
}

/// The text of one escape at the start of `s` (which starts with `\`), and its length.
fn escape(s: &str) -> (String, usize) {
    let rest = &s[1..];
    let Some(c) = rest.chars().next() else {
        return (String::new(), 1);
    };
    let hex = |h: &str| u32::from_str_radix(h, 16).ok();
    let simple = |t: &str| (t.to_string(), 2);
    match c {
        'n' => simple("\n"),
        't' => simple("\t"),
        'r' => simple("\r"),
        'b' => simple("\u{8}"),
        'f' => simple("\u{c}"),
        'v' => simple("\u{b}"),
        '0' if !rest[1..].starts_with(|d: char| d.is_ascii_digit()) => simple("\0"),
        '\r' if rest[1..].starts_with('\n') => (String::new(), 3),
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => (String::new(), 1 + c.len_utf8()),
        'x' => match rest.get(1..3).and_then(hex).and_then(char::from_u32) {
            Some(ch) => (ch.to_string(), 4),
            None => simple("x"),
        },
        'u' if rest[1..].starts_with('{') => {
            let close = rest.find('}');
            match close.and_then(|e| rest.get(2..e)).and_then(hex) {
                Some(cp) => (
                    char::from_u32(cp).unwrap_or('\u{fffd}').to_string(),
                    close.map_or(2, |e| e + 2),
                ),
                None => simple("u"),
            }
        }
        'u' => match rest.get(1..5).and_then(hex) {
            Some(high @ 0xd800..=0xdbff) => {
                let low = rest
                    .get(5..7)
                    .filter(|p| *p == "\\u")
                    .and_then(|_| rest.get(7..11))
                    .and_then(hex)
                    .filter(|l| (0xdc00..=0xdfff).contains(l));
                match low {
                    Some(low) => {
                        let cp = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
                        (char::from_u32(cp).unwrap_or('\u{fffd}').to_string(), 12)
                    }
                    None => ("\u{fffd}".into(), 6),
                }
            }
            Some(cp) => (char::from_u32(cp).unwrap_or('\u{fffd}').to_string(), 6),
            None => simple("u"),
        },
        c => (c.to_string(), 1 + c.len_utf8()),
    }
}

/// Pieces of JSX text or a JSX attribute string (`from..to`): character references decoded,
/// each standing for its raw bytes.
fn decode_entities(source: &str, from: usize, to: usize, out: &mut Vec<Seg>) {
    let Some(text) = source.get(from..to) else {
        return;
    };
    let mut run = 0;
    let mut search = 0;
    while let Some(i) = text[search..].find('&').map(|i| search + i) {
        search = i + 1;
        // A reference is short: the search for its `;` reads no further.
        let Some(len) = text.as_bytes()[i..]
            .iter()
            .take(33)
            .position(|&b| b == b';')
            .filter(|&e| e >= 2)
        else {
            continue;
        };
        let Some(ch) = entity(&text[i + 1..i + len]) else {
            continue;
        };
        if run < i {
            out.push(Seg::Source(ByteRange::new(from + run, from + i)));
        }
        out.push(Seg::Decoded(
            ch.to_string(),
            ByteRange::new(from + i, from + i + len + 1),
        ));
        run = i + len + 1;
        search = run;
    }
    if run < text.len() {
        out.push(Seg::Source(ByteRange::new(from + run, to)));
    }
}

/// The character a reference names (`rsquo`, `#8217`, `#x2019`), for the references copy
/// uses.
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let cp = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(
            char::from_u32(cp)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "copy" => '\u{a9}',
        "reg" => '\u{ae}',
        "trade" => '\u{2122}',
        "deg" => '\u{b0}',
        "middot" => '\u{b7}',
        "bull" => '\u{2022}',
        "times" => '\u{d7}',
        "eacute" => '\u{e9}',
        "egrave" => '\u{e8}',
        "aacute" => '\u{e1}',
        "iacute" => '\u{ed}',
        "oacute" => '\u{f3}',
        "uacute" => '\u{fa}',
        "ntilde" => '\u{f1}',
        "uuml" => '\u{fc}',
        "ouml" => '\u{f6}',
        "auml" => '\u{e4}',
        "szlig" => '\u{df}',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "sup1" => '\u{b9}',
        "sup2" => '\u{b2}',
        "sup3" => '\u{b3}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "sect" => '\u{a7}',
        "para" => '\u{b6}',
        "micro" => '\u{b5}',
        "plusmn" => '\u{b1}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "laquo" => '\u{ab}',
        "raquo" => '\u{bb}',
        "euro" => '\u{20ac}',
        "pound" => '\u{a3}',
        "cent" => '\u{a2}',
        "frac12" => '\u{bd}',
        "frac14" => '\u{bc}',
        "frac34" => '\u{be}',
        _ => return None,
    })
}

/// The decoded text of pieces; an expression is a space.
fn text_of(source: &str, segs: &[Seg]) -> String {
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Source(r) => out.push_str(source.get(r.as_range()).unwrap_or_default()),
            Seg::Decoded(t, _) => out.push_str(t),
            Seg::Opaque(_) => out.push(' '),
        }
    }
    out
}

/// Whether text holds markup: a tag (`<strong>`, `</p>`, `<br/>`) and its end.
fn has_markup(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let at = i + p;
        let next = b.get(at + 1).copied();
        let tag = match next {
            Some(b'/') => b.get(at + 2).is_some_and(u8::is_ascii_alphabetic),
            Some(c) => c.is_ascii_alphabetic(),
            None => false,
        };
        if tag {
            // No `>` after this tag is none after a later one either.
            return b[at..].contains(&b'>');
        }
        i = at + 1;
    }
    false
}

/// Whether a string literal's raw text could hold copy: at least two gaps between words (or an
/// escape, which may be one).
fn could_be_copy(raw: &str) -> bool {
    let mut gaps = 0;
    for b in raw.bytes() {
        match b {
            b' ' | b'\t' | b'\n' | b'\\' => {
                gaps += 1;
                if gaps >= 2 {
                    return true;
                }
            }
            b'<' => return true,
            _ => {}
        }
    }
    false
}

/// Whether a string reads as copy a person would see: at least three words of letters, and not
/// a list of class names (`flex items-center gap-4`).
pub(super) fn reads_as_copy(text: &str) -> bool {
    let mut words = 0;
    let mut tokens = 0;
    let mut codey = 0;
    let mut plain = true;
    for tok in text.split_whitespace() {
        tokens += 1;
        let core = tok.trim_matches(|c: char| !c.is_alphanumeric());
        let word = core.starts_with(char::is_alphabetic)
            && core
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-'));
        words += usize::from(word);
        if tok.contains(['-', ':', '/', '_', '[', '=', '.', '#', '$', '{', '(', '@'])
            || tok.chars().any(|c| c.is_ascii_digit())
        {
            codey += 1;
        }
        if tok.chars().any(|c| c.is_uppercase() || !c.is_ascii())
            || tok.ends_with(['.', ',', '!', '?'])
        {
            plain = false;
        }
    }
    words >= 3 && !(plain && codey * 2 >= tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(src: &str, lang: Lang) -> Prose {
        extract(src, 0..src.len(), lang, &ReadOptions::default()).0
    }

    fn jsx(src: &str) -> Prose {
        prose(src, Lang::Jsx)
    }

    /// The original bytes of the first occurrence of `needle` in the prose.
    fn raw_of<'a>(src: &'a str, p: &Prose, needle: &str) -> &'a str {
        let s = p.text.find(needle).expect("needle in prose");
        &src[p.to_source(s, s + needle.len()).as_range()]
    }

    #[test]
    fn jsx_text_is_prose_with_white_space_as_jsx_renders_it() {
        let cases: &[(&str, &str)] = &[
            (
                "const a = <p>Our tea cures cancer.</p>;",
                "Our tea cures cancer.\n",
            ),
            (
                "const a = <p>\n  Our tea\n  cures cancer.\n</p>;",
                "Our tea cures cancer.\n",
            ),
            // A line break next to a tag drops the white space: JSX renders "teacures".
            (
                "const a = <p>\n  Our tea\n  <b>cures</b> cancer\n</p>;",
                "Our teacures cancer\n",
            ),
            (
                "const a = <p>Our <b>tea</b> <i>cures</i>{\" \"}cancer</p>;",
                "Our tea cures cancer\n",
            ),
            (
                "const a = <p>Over {count} patients{/* note */} agree</p>;",
                "Over \u{1a} patients agree\n",
            ),
            (
                "const a = <div><h2>Title</h2><p>One</p>Two<br/>Three</div>;",
                "Title\nOne\nTwo\nThree\n",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(jsx(src).text, *want, "{src}");
        }
    }

    #[test]
    fn block_kinds_follow_elements_and_components() {
        let src = "export default () => (<main><Heading as=\"h1\">Lose weight</Heading>\
                   <ul><li>one</li></ul><table><tr><td>cell</td></tr></table>\
                   <blockquote><p>quoted</p></blockquote><Hero>hero</Hero>\
                   <p>a <Link href=\"https://doi.org/1\">study</Link> said</p></main>);";
        let p = jsx(src);
        assert_eq!(
            p.text,
            "Lose weight\none\ncell\nquoted\nhero\na study said\n"
        );
        let kinds: Vec<_> = p.blocks.iter().map(|b| (b.kind, b.quoted)).collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading(1), false),
                (BlockKind::ListItem, false),
                (BlockKind::TableCell, false),
                (BlockKind::Paragraph, true),
                (BlockKind::Paragraph, false),
                (BlockKind::Paragraph, false),
            ]
        );
        assert_eq!(p.markers.len(), 1);
        assert_eq!(p.markers[0].kind, MarkerKind::Link);
    }

    #[test]
    fn copy_attributes_are_captions_after_the_running_block() {
        let src = "<p>Before <img src=\"/cures-cancer.png\" className=\"cures cancer now\" \
                   alt=\"Tea that cures&nbsp;cancer\" /> after <input placeholder={'Your goal weight'} /></p>";
        let p = jsx(src);
        assert_eq!(
            p.text,
            "Before after\nTea that cures cancer\nYour goal weight\n"
        );
        assert_eq!(p.blocks[1].kind, BlockKind::Caption);
        assert_eq!(raw_of(src, &p, "cures cancer"), "cures&nbsp;cancer");
    }

    #[test]
    fn strings_that_read_as_copy_are_blocks() {
        let src = r#"
import x from "our tea cures cancer";
const classes = "flex items-center justify-between gap-4";
const data = [{ type: "h2", text: "Why it works" }, { type: "p", text: "Our gummies cure type 2 diabetes." }];
const ok = "short";
console.log("our tea cures cancer");
if (status === "tea cures cancer") {}
const re = /cures? cancer/;
const t = `Lose ${n} pounds in one month`;
const joined = "Our tea " + "cures cancer " + name + " fast";
const el = document.querySelector("div cures cancer now");
"#;
        let p = jsx(src);
        assert_eq!(
            p.text,
            "Why it works\nOur gummies cure type 2 diabetes.\nLose \u{1a} pounds in one month\nOur tea cures cancer \u{1a} fast\n"
        );
        assert_eq!(p.blocks[0].kind, BlockKind::Heading(2));
    }

    #[test]
    fn escapes_are_decoded_and_map_to_their_raw_bytes() {
        let src = r#"const a = "Tom\u2019s tea \"cures\"\ncancer \x41nd \u{1F600} heals\
 eczema";"#;
        let p = jsx(src);
        assert_eq!(
            p.text,
            "Tom's tea \"cures\" cancer And \u{1F600} heals eczema\n"
        );
        assert_eq!(raw_of(src, &p, "Tom's"), "Tom\\u2019s");
        assert_eq!(raw_of(src, &p, "cures\" cancer"), "cures\\\"\\ncancer");
        assert_eq!(raw_of(src, &p, "heals eczema"), "heals\\\n eczema");
        let s = p.text.find("Tom").unwrap();
        assert_eq!(p.shown(src, s, s + 5), "Tom\u{2019}s");
    }

    #[test]
    fn strings_with_markup_are_read_as_html() {
        let src = r#"const c = { __html: "<p>Our <strong>tea</strong> cures\u00a0cancer.</p><p>Second one here.</p>" };"#;
        let p = jsx(src);
        assert_eq!(p.text, "Our tea cures cancer.\nSecond one here.\n");
        assert_eq!(raw_of(src, &p, "cures cancer"), "cures\\u00a0cancer");
        assert_eq!(raw_of(src, &p, "tea cures"), "tea</strong> cures");
    }

    #[test]
    fn code_is_not_prose() {
        let src = r#"
import { cure } from "./cures-cancer";
export * from "./treats-diabetes";
type Claim = "cures cancer fast" | "heals all eczema";
interface P { label: "reverses type 2 diabetes" }
const styles = { "cures cancer today": 1, heroClassName: "cures cancer today" };
const q = obj["cures cancer right now"];
fetch("/api/cures cancer today");
throw new Error("this cures cancer bug");
// Our tea cures cancer.
/* <p>Our tea cures cancer.</p> */
const a = <div className="cures cancer now" id="cures cancer now" href="x y z" style={{ x: "cures cancer now" }}>{/* <p>cures cancer</p> */}</div>;
const s = styled.div`content: "cures cancer now";`;
"#;
        let p = prose(src, Lang::Tsx);
        assert_eq!(p.text, "");
    }

    #[test]
    fn directives_are_comments() {
        let src = "// healthlint-disable-next-line x -- why\nconst a = <p>\n  {/* healthlint-disable-next-line y -- why */}\n  text\n</p>;\n// a plain comment\n";
        let p = jsx(src);
        let comments: Vec<&str> = p.comments.iter().map(|c| &src[c.as_range()]).collect();
        assert_eq!(
            comments,
            [
                "// healthlint-disable-next-line x -- why",
                "{/* healthlint-disable-next-line y -- why */}"
            ]
        );
    }

    #[test]
    fn typescript_and_fallbacks() {
        let src = "const x = <T,>(a: T): T => a;\nconst y = <p>Our tea cures cancer.</p>;";
        assert_eq!(prose(src, Lang::Tsx).text, "Our tea cures cancer.\n");
        // TypeScript in a .js file parses as TSX.
        let src = "const n: number = 1;\nexport const P = () => <p>Typed and still read.</p>;";
        let (p, err) = extract(src, 0..src.len(), Lang::Jsx, &ReadOptions::default());
        assert_eq!(p.text, "Typed and still read.\n");
        assert!(err.is_none());
        // A cast in a .ts file is no JSX.
        let src = "const a = <any>b; const m = \"Our tea cures cancer today.\";";
        assert_eq!(prose(src, Lang::Ts).text, "Our tea cures cancer today.\n");
    }

    #[test]
    fn syntax_errors_are_reported_and_the_rest_is_read() {
        let src = "const a = <p>Our tea cures cancer.</p>;\nconst b = {{{;\n";
        let (p, err) = extract(src, 0..src.len(), Lang::Jsx, &ReadOptions::default());
        let err = err.expect("an error");
        assert!(err.at >= src.find("{{{").unwrap(), "{err:?}");
        // The line the parser cannot get past is blanked; the rest is read.
        assert!(err.recovered);
        assert_eq!(p.text, "Our tea cures cancer.\n");
    }

    #[test]
    fn reads_as_copy_tells_copy_from_code() {
        for (text, copy) in [
            ("Our gummies cure diabetes", true),
            ("Lose up to 20% of your weight.", true),
            ("flex items-center justify-between", false),
            ("text-sm md:text-lg font-bold", false),
            ("two words", false),
            ("/api/v1/products", false),
            ("Pain-free in days", true),
        ] {
            assert_eq!(reads_as_copy(text), copy, "{text}");
        }
    }

    #[test]
    fn malformed_input_never_panics() {
        for src in [
            "",
            "<",
            "<p>",
            "\"\\",
            "\"\\u{110000}\"",
            "'\\uD800'",
            "'\\uD83D\\uDE00 is a face'",
            "`${`",
            "<p>&#0; &#xFFFFFF; &; &amp</p>",
            "<p>\r\n  x\r\n</p>",
            "const a = \"\\x4\";",
            "\u{e9}<p>\u{e9}</p>",
            "<a href={x}>{...y}</a>",
        ] {
            for lang in [Lang::Jsx, Lang::Ts, Lang::Tsx] {
                let p = prose(src, lang);
                for (i, c) in p.text.char_indices() {
                    let r = p.to_source(i, i + c.len_utf8());
                    assert!(src.get(r.as_range()).is_some(), "{src:?} at {i}");
                }
            }
        }
    }
}
