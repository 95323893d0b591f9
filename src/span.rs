//! Byte ranges into the original file, and the conversion to line and column that happens only
//! when a diagnostic is reported.

/// A half-open range of byte offsets into the original file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ByteRange {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl ByteRange {
    /// A range from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// As a `std` range, for slicing.
    pub fn as_range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl From<std::ops::Range<usize>> for ByteRange {
    fn from(r: std::ops::Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// Line starts of a text, so that byte offsets can be turned into lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Where text begins on line 1: after a UTF-8 byte order mark, which no editor shows.
    first_line_start: usize,
    /// The last offset asked for and its column: a later offset on the same line counts its
    /// column on from there, so many findings along one long line do not each count from the
    /// line's start.
    last: std::cell::Cell<Option<(usize, usize)>>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        // Counted first: a long text's list is not copied as it grows.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let first_line_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            line_starts,
            first_line_start,
            last: std::cell::Cell::new(None),
        }
    }

    /// Line and column of a byte offset into `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts[line];
        if line == 0 {
            start = start.max(self.first_line_start.min(offset));
        }
        let (from, counted) = match self.last.get() {
            Some((last, column)) if (start..=offset).contains(&last) => (last, column - 1),
            _ => (start, 0),
        };
        let column = match text.get(from..offset) {
            Some(s) => {
                let column = counted + s.chars().count() + 1;
                self.last.set(Some((offset, column)));
                column
            }
            None => {
                text.get(start..offset)
                    .map_or(offset - start, |s| s.chars().count())
                    + 1
            }
        };
        Position {
            line: line + 1,
            column,
        }
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of a 1-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> ByteRange {
        let start = self.line_starts[line - 1];
        let mut end = self.line_starts.get(line).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        ByteRange::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_counted_on_from_the_last_position_are_the_same() {
        let text = "\u{feff}é cures\nflu – and «cures» again, cures\n\nend é";
        let offsets: Vec<usize> = (0..=text.len()).collect();
        let index = LineIndex::new(text);
        // Ascending, descending, and back and forth across lines, off character boundaries too.
        let order: Vec<usize> = offsets
            .iter()
            .copied()
            .chain(offsets.iter().rev().copied())
            .chain(offsets.iter().map(|&o| (o * 7) % (text.len() + 1)))
            .collect();
        for offset in order {
            assert_eq!(
                index.position(text, offset),
                LineIndex::new(text).position(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn columns_count_scalar_values_and_skip_bom() {
        let text = "\u{feff}Caf\u{e9} cures\r\nline two \u{2014} x";
        let index = LineIndex::new(text);
        let cures = text.find("cures").unwrap();
        assert_eq!(index.position(text, cures), Position { line: 1, column: 6 });
        let x = text.rfind('x').unwrap();
        assert_eq!(
            index.position(text, x),
            Position {
                line: 2,
                column: 12
            }
        );
        assert_eq!(index.line_range(text, 1), ByteRange::new(0, cures + 5));
    }

    #[test]
    fn end_of_text_is_a_valid_position() {
        let text = "ab\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
    }
}
