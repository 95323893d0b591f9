//! Work over a stream of items on several threads, results handed on in item order.
//!
//! Every thread, the calling one included, takes the next item from the stream itself (the
//! walk runs a step at a time under a lock, beside the linting) and works on it; the calling
//! thread also hands finished results on, in order, between items of its own. Threads wait
//! only when there is nothing to do: no thread runs the walk alone and no result wakes a
//! thread of its own, so a run over many small files costs few thread switches.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// How far the stream may be read ahead of the last result handed on: memory stays bounded
/// however many items there are, and however long one of them takes.
const AHEAD: usize = 256;

/// Run `work` over `items` on `jobs` threads and hand each result to `sink`, in item order,
/// on the calling thread. A sink error stops the work and is returned.
pub fn ordered<T: Send, R: Send>(
    items: impl Iterator<Item = T> + Send,
    jobs: usize,
    work: impl Fn(T) -> R + Sync,
    sink: &mut dyn FnMut(R) -> io::Result<()>,
) -> io::Result<()> {
    let state = State {
        items: Mutex::new(Items {
            iter: items,
            next: 0,
            ended: false,
        }),
        results: Mutex::new(Results {
            pending: BTreeMap::new(),
            sunk: 0,
            total: None,
            waiting: false,
            blocked: 0,
        }),
        sunk: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        ready: Condvar::new(),
        room: Condvar::new(),
    };
    std::thread::scope(|scope| {
        for _ in 1..jobs.max(1) {
            scope.spawn(|| {
                let _guard = StopOnPanic(&state);
                loop {
                    match state.take() {
                        Take::Item(i, item) => state.finish(i, work(item)),
                        Take::Ahead => state.wait_for_room(),
                        Take::Ended => return,
                    }
                }
            });
        }
        let _guard = StopOnPanic(&state);
        let result = state.lead(&work, sink);
        if result.is_err() {
            state.halt();
        }
        result
    })
}

struct State<I, R> {
    items: Mutex<Items<I>>,
    results: Mutex<Results<R>>,
    /// `Results::sunk`, readable without the lock.
    sunk: AtomicUsize,
    stop: AtomicBool,
    /// The calling thread waits here for the next result in order.
    ready: Condvar,
    /// Threads too far ahead of the output wait here.
    room: Condvar,
}

struct Items<I> {
    iter: I,
    /// The index of the next item.
    next: usize,
    ended: bool,
}

struct Results<R> {
    /// Results that arrived before the ones in front of them.
    pending: BTreeMap<usize, R>,
    /// How many results were handed on.
    sunk: usize,
    /// How many items there are, once the stream has ended.
    total: Option<usize>,
    /// The calling thread waits for result `sunk`.
    waiting: bool,
    /// How many threads wait for room.
    blocked: usize,
}

enum Take<T> {
    Item(usize, T),
    /// The next item is too far ahead of the output.
    Ahead,
    /// No items are left (or the work stopped).
    Ended,
}

impl<T, I: Iterator<Item = T>, R> State<I, R> {
    fn take(&self) -> Take<T> {
        if self.stop.load(Ordering::Relaxed) {
            return Take::Ended;
        }
        let mut items = lock(&self.items);
        if items.ended {
            return Take::Ended;
        }
        let i = items.next;
        if i >= self.sunk.load(Ordering::Acquire) + AHEAD {
            return Take::Ahead;
        }
        match items.iter.next() {
            Some(item) => {
                items.next += 1;
                Take::Item(i, item)
            }
            None => {
                items.ended = true;
                drop(items);
                let mut results = lock(&self.results);
                results.total = Some(i);
                if results.waiting {
                    self.ready.notify_one();
                }
                Take::Ended
            }
        }
    }

    /// Keep the result of item `i` until it is its turn.
    fn finish(&self, i: usize, result: R) {
        let mut results = lock(&self.results);
        results.pending.insert(i, result);
        if results.waiting && i == results.sunk {
            self.ready.notify_one();
        }
    }

    fn wait_for_room(&self) {
        let next = lock(&self.items).next;
        let mut results = lock(&self.results);
        results.blocked += 1;
        let mut results = self
            .room
            .wait_while(results, |r| {
                next >= r.sunk + AHEAD && !self.stop.load(Ordering::Relaxed)
            })
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        results.blocked -= 1;
    }

    /// The calling thread's part: hand on the results that are ready, in order, and work on
    /// items between them.
    fn lead(
        &self,
        work: &(impl Fn(T) -> R + Sync),
        sink: &mut dyn FnMut(R) -> io::Result<()>,
    ) -> io::Result<()> {
        loop {
            let mut results = lock(&self.results);
            let key = results.sunk;
            if let Some(result) = results.pending.remove(&key) {
                results.sunk += 1;
                self.sunk.store(results.sunk, Ordering::Release);
                if results.blocked > 0 {
                    self.room.notify_all();
                }
                drop(results);
                sink(result)?;
                continue;
            }
            if results.total == Some(key) || self.stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            drop(results);
            match self.take() {
                Take::Item(i, item) => self.finish(i, work(item)),
                Take::Ahead | Take::Ended => {
                    // The next result is on its way from another thread.
                    let mut results = lock(&self.results);
                    results.waiting = true;
                    let mut results = self
                        .ready
                        .wait_while(results, |r| {
                            !r.pending.contains_key(&r.sunk)
                                && r.total != Some(r.sunk)
                                && !self.stop.load(Ordering::Relaxed)
                        })
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    results.waiting = false;
                }
            }
        }
    }

    /// Stop every thread: a sink error, or a panic in one of them.
    fn halt(&self) {
        self.stop.store(true, Ordering::Relaxed);
        let _results = lock(&self.results);
        self.ready.notify_all();
        self.room.notify_all();
    }
}

/// Stops the other threads if the one holding it panics, so that none waits for its result.
struct StopOnPanic<'a, I: Iterator, R>(&'a State<I, R>);

impl<I: Iterator, R> Drop for StopOnPanic<'_, I, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.halt();
        }
    }
}

fn lock<X>(m: &Mutex<X>) -> MutexGuard<'_, X> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(n: usize, jobs: usize) -> Vec<usize> {
        let mut out = Vec::new();
        ordered(
            0..n,
            jobs,
            |i| {
                // Uneven work, so that results arrive out of order.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                i * 2
            },
            &mut |r| {
                out.push(r);
                Ok(())
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn results_come_in_item_order_on_any_number_of_threads() {
        for jobs in [0, 1, 2, 3, 8] {
            for n in [0, 1, 5, AHEAD + 3, 2000] {
                let expected: Vec<usize> = (0..n).map(|i| i * 2).collect();
                assert_eq!(run(n, jobs), expected, "{n} items on {jobs} threads");
            }
        }
    }

    #[test]
    fn a_sink_error_stops_the_work_and_is_returned() {
        let worked = AtomicUsize::new(0);
        let mut seen = 0;
        let result = ordered(
            0..100_000,
            4,
            |i| {
                worked.fetch_add(1, Ordering::Relaxed);
                i
            },
            &mut |i| {
                seen += 1;
                if i == 10 {
                    Err(io::Error::other("closed"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "closed");
        assert_eq!(seen, 11);
        // The stream is read no further than AHEAD past the output (plus one item per thread).
        assert!(worked.load(Ordering::Relaxed) <= 11 + AHEAD + 4);
    }

    #[test]
    fn a_panic_in_any_thread_stops_the_others_instead_of_hanging_them() {
        for jobs in [1, 2, 4] {
            let result = std::panic::catch_unwind(|| {
                ordered(
                    0..100_000,
                    jobs,
                    |i| {
                        if i % 1000 == 3 {
                            panic!("item {i}");
                        }
                        i
                    },
                    &mut |_| Ok(()),
                )
            });
            assert!(result.is_err(), "{jobs} threads");
        }
    }

    #[test]
    fn the_stream_is_read_at_most_ahead_of_the_output() {
        let taken = AtomicUsize::new(0);
        let mut max_gap = 0;
        let mut sunk = 0;
        let items = (0..5000).inspect(|_| {
            taken.fetch_add(1, Ordering::Relaxed);
        });
        ordered(items, 3, |i| i, &mut |_| {
            sunk += 1;
            max_gap = max_gap.max(taken.load(Ordering::Relaxed) - sunk);
            Ok(())
        })
        .unwrap();
        assert_eq!(sunk, 5000);
        assert!(max_gap <= AHEAD, "read {max_gap} ahead");
    }
}
