//! Plain text: paragraphs are separated by blank lines; the lines of a paragraph are joined.

use crate::prose::{BlockKind, Prose, ProseBuilder};

/// Extract the prose of plain text starting at byte `start`.
pub fn extract(source: &str, start: usize) -> Prose {
    let mut b = ProseBuilder::for_source(source.len().saturating_sub(start));
    let mut pos = start;
    for line in source[start..].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            b.end_block();
        } else {
            if !b.in_block() {
                b.start_block(BlockKind::Paragraph, false);
            }
            b.push_source(content, pos);
            b.push_space(pos + content.len(), line.len() - content.len());
        }
        pos += line.len();
    }
    let mut prose = b.finish();
    prose.mark_run_in_references();
    prose
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_lines_join() {
        let src = "First line\r\nsecond line.\r\n\r\nNext  para.\n";
        let p = extract(src, 0);
        assert_eq!(p.text, "First line second line.\nNext para.\n");
        assert_eq!(p.blocks.len(), 2);
        let s = p.text.find("second").unwrap();
        assert_eq!(&src[p.to_source(s, s + 6).as_range()], "second");
    }

    #[test]
    fn a_run_in_reference_list_is_marked() {
        let src = "It cures flu.\n\nSee the data. References Smith J. Cures flu. 2020.\n";
        let p = extract(src, 0);
        let claim = p.text.find("cures flu").unwrap();
        let listed = p.text.rfind("Cures flu").unwrap();
        assert!(!p.in_references(claim));
        assert!(p.in_references(listed));
    }
}
