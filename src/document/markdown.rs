//! Markdown through pulldown-cmark. Prose is paragraph, heading, list-item, table-cell and
//! image-alt text, link text included; code blocks, inline code, link destinations, autolinks,
//! raw HTML and HTML comments are not prose.

use crate::prose::{BlockKind, MarkerKind, Prose, ProseBuilder};
use crate::span::ByteRange;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Extract the prose of Markdown text starting at byte `start`.
pub fn extract(source: &str, start: usize) -> Prose {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut reader = Reader {
        source,
        b: ProseBuilder::for_source(source.len().saturating_sub(start)),
        skip: 0,
        quote: 0,
        item: 0,
        image: 0,
        caption: Vec::new(),
        captions: Vec::new(),
        links: Vec::new(),
        sup: false,
        code: 0,
    };
    for (event, range) in Parser::new_ext(&source[start..], options).into_offset_iter() {
        let range = ByteRange::new(range.start + start, range.end + start);
        reader.event(event, range);
    }
    reader.close_block();
    reader.b.finish()
}

struct Reader<'s> {
    source: &'s str,
    b: ProseBuilder,
    /// Depth of constructs whose text is not prose (code blocks, autolinks, HTML blocks).
    skip: usize,
    quote: usize,
    item: usize,
    image: usize,
    /// Pieces of the image alt text being read.
    caption: Vec<(String, ByteRange)>,
    /// Alt texts waiting for the enclosing block to end, to become blocks of their own.
    captions: Vec<Vec<(String, ByteRange)>>,
    /// For each open link: whether it counts as a citation marker (`None` for autolinks).
    links: Vec<Option<bool>>,
    sup: bool,
    /// Depth of code blocks (comments there are examples, not directives).
    code: usize,
}

impl Reader<'_> {
    /// Record the comment that starts in this HTML (it may run past it, to its `-->`).
    fn comment(&mut self, html: &str, range: ByteRange) {
        let Some(open) = html.find("<!--") else {
            return;
        };
        let start = range.start + open;
        let end = self.source[start + 4..]
            .find("-->")
            .map_or(self.source.len(), |i| start + 4 + i + 3);
        self.b.push_comment(ByteRange::new(start, end));
    }

    fn start(&mut self, kind: BlockKind) {
        self.close_block();
        self.b.start_block(kind, self.quote > 0);
    }

    fn close_block(&mut self) {
        self.b.end_block();
        for caption in std::mem::take(&mut self.captions) {
            self.b.start_block(BlockKind::Caption, self.quote > 0);
            for (text, range) in caption {
                self.b.push_text(self.source, &text, range);
            }
            self.b.end_block();
        }
    }

    fn event(&mut self, event: Event<'_>, range: ByteRange) {
        match event {
            Event::Start(tag) => self.start_tag(tag, range),
            Event::End(tag) => self.end_tag(tag, range),
            Event::Text(text) if self.skip == 0 => {
                if self.image > 0 {
                    self.caption.push((text.into_string(), range));
                } else if self.sup && is_reference_number(&text) {
                    self.b.push_marker(MarkerKind::Superscript);
                } else {
                    self.b.push_text(self.source, &text, range);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_)
                if self.skip == 0 && self.image == 0 =>
            {
                self.b.push_opaque(range);
            }
            Event::SoftBreak | Event::HardBreak if self.skip == 0 && self.image == 0 => {
                self.b.push_space(range.start, range.len());
            }
            Event::Html(html) | Event::InlineHtml(html)
                if self.code == 0 && html.contains("<!--") =>
            {
                self.comment(&html, range);
            }
            Event::InlineHtml(html) if self.skip == 0 => {
                let tag = html.trim().to_ascii_lowercase();
                if tag.starts_with("<sup") {
                    self.sup = true;
                } else if tag.starts_with("</sup") {
                    self.sup = false;
                } else if !tag.starts_with("<!--") {
                    self.b.push_space(range.start, 0);
                }
            }
            Event::FootnoteReference(_) if self.skip == 0 => {
                self.b.push_marker(MarkerKind::Footnote);
            }
            Event::Rule => self.close_block(),
            _ => {}
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>, range: ByteRange) {
        match tag {
            Tag::Paragraph if self.item > 0 && !self.b.in_block() => {
                self.start(BlockKind::ListItem)
            }
            Tag::Paragraph => self.start(BlockKind::Paragraph),
            Tag::Heading { level, .. } => self.start(BlockKind::Heading(level as u8)),
            Tag::Item => {
                self.item += 1;
                self.start(BlockKind::ListItem);
            }
            Tag::TableCell => self.start(BlockKind::TableCell),
            Tag::BlockQuote(_) => {
                self.close_block();
                self.quote += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.close_block();
                self.skip += 1;
                self.code += usize::from(matches!(tag, Tag::CodeBlock(_)));
            }
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            } => {
                self.skip += 1;
                self.links.push(None);
                self.b.push_space(range.start, 0);
            }
            Tag::Link { dest_url, .. } => {
                let cites = !dest_url.is_empty() && !dest_url.starts_with('#');
                self.links.push(Some(cites));
            }
            Tag::Image { .. } => {
                self.image += 1;
            }
            Tag::FootnoteDefinition(_) => {
                self.close_block();
                self.b.set_reference(true);
            }
            Tag::List(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.close_block(),
            _ => {}
        }
    }

    fn end_tag(&mut self, tag: TagEnd, range: ByteRange) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => self.close_block(),
            TagEnd::Item => {
                self.item = self.item.saturating_sub(1);
                self.close_block();
            }
            TagEnd::BlockQuote(_) => {
                self.close_block();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.skip = self.skip.saturating_sub(1);
                if tag == TagEnd::CodeBlock {
                    self.code = self.code.saturating_sub(1);
                }
            }
            TagEnd::Link => match self.links.pop() {
                Some(None) => {
                    self.skip = self.skip.saturating_sub(1);
                    self.b.push_space(range.end, 0);
                }
                Some(Some(true)) => self.b.push_marker(MarkerKind::Link),
                _ => {}
            },
            TagEnd::Image => {
                self.image = self.image.saturating_sub(1);
                if self.image == 0 && !self.caption.is_empty() {
                    self.captions.push(std::mem::take(&mut self.caption));
                }
            }
            TagEnd::FootnoteDefinition => {
                self.close_block();
                self.b.set_reference(false);
            }
            TagEnd::List(_) | TagEnd::Table => self.close_block(),
            _ => {}
        }
    }
}

/// Whether superscript text is a reference number such as `1`, `2,3` or `4-6`.
pub(super) fn is_reference_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '\u{2013}' | ' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prose::BlockKind;

    fn prose(src: &str) -> Prose {
        extract(src, 0)
    }

    #[test]
    fn sections_titled_as_references_are_marked() {
        let src = "It cures flu.\n\n## WORKS CITED\n\nSmith J. Cures flu.\n\n# Next\n\nIt cures colds.\n\n\
                   **References:**\n\nJones K. Cures colds.\n";
        let p = prose(src);
        let at = |s: &str| p.text.find(s).unwrap();
        assert!(!p.in_references(at("cures flu")));
        assert!(
            p.in_references(at("Cures flu")),
            "under a heading, any case"
        );
        assert!(
            !p.in_references(at("cures colds")),
            "the next heading ends the section"
        );
        assert!(
            p.in_references(at("Cures colds")),
            "a title paragraph runs to the end"
        );
        let long = "References and notes on why this paragraph is far too long to be a title. ";
        let p = prose(&format!("{}\n\nIt cures flu.\n", long.repeat(3)));
        assert!(!p.in_references(p.text.find("cures flu").unwrap()));
    }

    #[test]
    fn code_urls_html_and_comments_are_not_prose() {
        let src = "Text `cures cancer` here.\n\n```\ncures cancer\n```\n\n    cures cancer\n\n\
                   [a link](https://x.test/cures-cancer) and <https://cures.cancer>.\n\n\
                   <!-- cures cancer -->\n\n<div>cures cancer</div>\n";
        let p = prose(src);
        assert!(!p.text.contains("cures"), "{:?}", p.text);
        assert!(p.text.contains("a link and"), "{:?}", p.text);
    }

    #[test]
    fn inline_markup_joins_and_soft_breaks_become_spaces() {
        let src = "It is **clinically**\nproven and c*ure*s.\n";
        let p = prose(src);
        assert_eq!(p.text, "It is clinically proven and cures.\n");
        let s = p.text.find("clinically").unwrap();
        let r = p.to_source(s, s + "clinically proven".len());
        assert_eq!(&src[r.as_range()], "clinically**\nproven");
        assert_eq!(p.shown(src, s, s + 17), "clinically proven");
    }

    #[test]
    fn blocks_follow_structure() {
        let src =
            "# Title\n\nPara one.\n\n- item a\n- item b\n\n| h |\n|---|\n| cell |\n\n> quoted\n";
        let p = prose(src);
        let kinds: Vec<_> = p.blocks.iter().map(|b| (b.kind, b.quoted)).collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Heading(1), false),
                (BlockKind::Paragraph, false),
                (BlockKind::ListItem, false),
                (BlockKind::ListItem, false),
                (BlockKind::TableCell, false),
                (BlockKind::TableCell, false),
                (BlockKind::Paragraph, true),
            ]
        );
    }

    #[test]
    fn links_footnotes_and_superscripts_are_markers() {
        let src =
            "Studies show it [works](https://doi.org/x).[^1] Also<sup>2</sup>.\n\n[^1]: Ref.\n";
        let p = prose(src);
        let kinds: Vec<_> = p.markers.iter().map(|m| m.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                MarkerKind::Link,
                MarkerKind::Footnote,
                MarkerKind::Superscript
            ]
        );
        assert!(
            p.text.starts_with("Studies show it works. Also."),
            "{:?}",
            p.text
        );
    }

    #[test]
    fn reference_sections_and_footnotes_are_marked() {
        let src = "Claim.[^1]\n\n## References\n\n1. It cures cancer (Smith 2020).\n\n## Next\n\nText.\n\n[^1]: Cures flu. 2021.\n";
        let p = prose(src);
        let refs: Vec<(String, bool)> = p
            .blocks
            .iter()
            .map(|b| (p.text[b.start..b.end].to_string(), b.reference))
            .collect();
        assert_eq!(
            refs,
            [
                ("Claim.".to_string(), false),
                ("References".to_string(), true),
                ("It cures cancer (Smith 2020).".to_string(), true),
                ("Next".to_string(), false),
                ("Text.".to_string(), false),
                ("Cures flu. 2021.".to_string(), true),
            ]
        );
    }

    #[test]
    fn image_alt_text_is_a_caption_block() {
        let src = "See ![Cures cancer fast](x.png) below.\n";
        let p = prose(src);
        assert_eq!(p.text, "See below.\nCures cancer fast\n");
        assert_eq!(p.blocks[1].kind, BlockKind::Caption);
    }

    #[test]
    fn entities_map_back_to_their_bytes() {
        let src = "Alzheimer&rsquo;s disease\n";
        let p = prose(src);
        assert_eq!(p.text, "Alzheimer's disease\n");
        let r = p.to_source(0, p.text.len() - 1);
        assert_eq!(&src[r.as_range()], "Alzheimer&rsquo;s disease");
    }
}
