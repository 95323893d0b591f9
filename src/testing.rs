//! Helpers for the unit tests.

/// Texts of `pieces` words (with a separator after each), drawn from `words` and `seps` by a
/// seeded generator: the same texts on every run.
pub fn random_texts<'a>(
    seed: u64,
    words: &'a [&'a str],
    seps: &'a [&'a str],
    pieces: usize,
) -> impl Iterator<Item = String> + 'a {
    let mut state = seed;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    std::iter::repeat_with(move || {
        let mut text = String::new();
        for _ in 0..pieces {
            text.push_str(words[next(words.len())]);
            text.push_str(seps[next(seps.len())]);
        }
        text
    })
}
