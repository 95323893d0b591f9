//! Runs of plain ASCII: the stretches of text that prose and rough prose copy as they are.
//!
//! A run is printable ASCII (`!` to `~`) but a few bytes that mean something to the reader at
//! hand (markup, say), with single spaces between words. Most of an article's bytes are in such
//! runs, so finding where one ends is the innermost loop of reading text: it looks at sixteen
//! bytes at a time, with SSE2 where the machine has it (every x86-64 does) and byte by byte
//! elsewhere.

/// The bytes a run may hold: printable ASCII but the `N` bytes in `stops`, and single spaces.
#[derive(Debug, Clone, Copy)]
pub struct RunBytes<const N: usize> {
    stops: [u8; N],
}

impl<const N: usize> RunBytes<N> {
    /// Printable ASCII but `stops`, and single spaces.
    pub const fn but(stops: [u8; N]) -> Self {
        Self { stops }
    }

    /// Whether `b` is printable ASCII and not a stop (a run starts with such a byte).
    pub const fn is_plain(&self, b: u8) -> bool {
        if !b.is_ascii_graphic() {
            return false;
        }
        let mut i = 0;
        while i < N {
            if self.stops[i] == b {
                return false;
            }
            i += 1;
        }
        true
    }

    /// For each of the sixteen bytes, a bit: the bytes that end a run (neither plain nor a
    /// space), and the spaces.
    fn masks(&self, chunk: &[u8; 16]) -> (u32, u32) {
        #[cfg(target_arch = "x86_64")]
        {
            // SAFETY: SSE2 is part of x86-64 itself, so every machine this code runs on has it.
            unsafe { sse2::masks(chunk, &self.stops) }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self.masks_bytewise(chunk)
        }
    }

    /// [`RunBytes::masks`], a byte at a time.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    fn masks_bytewise(&self, chunk: &[u8; 16]) -> (u32, u32) {
        let mut ends = 0;
        let mut spaces = 0;
        for (i, &b) in chunk.iter().enumerate() {
            if b == b' ' {
                spaces |= 1 << i;
            } else if !self.is_plain(b) {
                ends |= 1 << i;
            }
        }
        (ends, spaces)
    }
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_cmplt_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };

    /// The masks of [`super::RunBytes::masks`].
    #[target_feature(enable = "sse2")]
    pub(super) fn masks<const N: usize>(chunk: &[u8; 16], stops: &[u8; N]) -> (u32, u32) {
        let x = u128::from_le_bytes(*chunk);
        let v = _mm_set_epi64x((x >> 64) as i64, x as i64);
        // As signed bytes, everything below `!` (controls and the space) and everything above
        // 0x7f (non-ASCII) is less than `!`; then DEL and the stops.
        let mut ends = _mm_or_si128(
            _mm_cmplt_epi8(v, _mm_set1_epi8(0x21)),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)),
        );
        for &stop in stops {
            ends = _mm_or_si128(ends, _mm_cmpeq_epi8(v, _mm_set1_epi8(stop as i8)));
        }
        let spaces = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))) as u32;
        let ends = _mm_movemask_epi8(ends) as u32;
        (ends & !spaces, spaces)
    }
}

/// The end of the run that starts at `start`: plain bytes with single spaces between them,
/// which is the same in normalised text and is copied in one piece. A run starts with a plain
/// byte and never ends with a space; `start` itself when no run starts there.
pub fn plain_run<const N: usize>(bytes: &[u8], start: usize, run: &RunBytes<N>) -> usize {
    let Some(rest) = bytes.get(start..) else {
        return start;
    };
    if !rest.first().is_some_and(|&b| run.is_plain(b)) {
        return start;
    }
    let mut end = 0;
    // Whether the byte before `end` is a space: a space there and one at `end` end the run.
    let mut space_before = 0;
    loop {
        let chunk: [u8; 16] = match rest.get(end..).and_then(<[u8]>::first_chunk) {
            Some(chunk) => *chunk,
            None => {
                // The last few bytes, then zeros, which end the run.
                let mut chunk = [0; 16];
                let tail = rest.get(end..).unwrap_or_default();
                chunk[..tail.len()].copy_from_slice(tail);
                chunk
            }
        };
        let (ends, spaces) = run.masks(&chunk);
        let second_spaces = spaces & ((spaces << 1) | space_before);
        let stop = ends | second_spaces;
        if stop != 0 {
            end += stop.trailing_zeros() as usize;
            break;
        }
        space_before = spaces >> 15;
        end += 16;
    }
    while end > 0 && rest[end - 1] == b' ' {
        end -= 1;
    }
    start + end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The run as a byte-at-a-time reading defines it.
    fn one_by_one(bytes: &[u8], start: usize, plain: impl Fn(u8) -> bool) -> usize {
        let mut end = start;
        while let Some(&b) = bytes.get(end) {
            let word_space =
                b == b' ' && end > start && bytes.get(end + 1).is_some_and(|&n| plain(n));
            if !plain(b) && !word_space {
                break;
            }
            end += 1;
        }
        end
    }

    #[test]
    fn runs_keep_single_spaces_between_plain_bytes() {
        let run = RunBytes::but([b'*']);
        let plain = |b: u8| b.is_ascii_graphic() && b != b'*';
        let alphabet = "abcdefghijklmn  *\n\t.\u{7f}é\0".as_bytes();
        let mut seed = 7u32;
        for len in 0..70 {
            for _ in 0..200 {
                let text: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        alphabet[(seed >> 16) as usize % alphabet.len()]
                    })
                    .collect();
                for start in 0..=text.len() + 1 {
                    assert_eq!(
                        plain_run(&text, start, &run),
                        one_by_one(&text, start, plain),
                        "{:?} from {start}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
        assert_eq!(plain_run(b"cures  cancer", 0, &run), 5);
        // A double space across one sixteen bytes and the next.
        assert_eq!(plain_run(b"abcdefghijklmno  pqrstuvwxyz", 0, &run), 15);
        assert_eq!(plain_run(b"abcdefghijklmnop  qrstuvwxyz", 0, &run), 16);
        assert_eq!(plain_run(b"it cures cancer fast *now*", 0, &run), 20);
        assert_eq!(plain_run(b"x", 0, &run), 1);
        assert_eq!(plain_run(b" x", 0, &run), 0);
    }

    #[test]
    fn every_byte_is_told_apart_as_a_byte_at_a_time_tells_it() {
        let run = RunBytes::but(*b"<&*_~`[]");
        for b in 0..=255u8 {
            for at in 0..16 {
                let mut chunk = [b'a'; 16];
                chunk[at] = b;
                assert_eq!(
                    run.masks(&chunk),
                    run.masks_bytewise(&chunk),
                    "byte {b:#04x} at {at}"
                );
                let (ends, spaces) = run.masks(&chunk);
                assert_eq!(ends == 1 << at, !run.is_plain(b) && b != b' ', "{b:#04x}");
                assert_eq!(spaces == 1 << at, b == b' ', "{b:#04x}");
            }
        }
    }
}
