//! Bounded parallelism: at most so many jobs at once, and at most so many per key (per host), so
//! that a document full of images from one server does not flood it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

/// Jobs waiting and running, by key.
struct Queues {
    /// Per key: indices of waiting items (in input order) and the number running.
    keys: Vec<(VecDeque<usize>, usize)>,
    /// Next key to look at first, so that keys take turns.
    turn: usize,
    waiting: usize,
}

impl Queues {
    /// The next item whose key has fewer than `per_key` running, marked as running.
    fn take(&mut self, per_key: usize) -> Option<(usize, usize)> {
        let n = self.keys.len();
        for k in (0..n).map(|i| (self.turn + i) % n) {
            let (queue, running) = &mut self.keys[k];
            if *running < per_key {
                if let Some(item) = queue.pop_front() {
                    *running += 1;
                    self.waiting -= 1;
                    self.turn = (k + 1) % n;
                    return Some((k, item));
                }
            }
        }
        None
    }
}

/// Marks a job of `key` finished when dropped, even by a panic, so that no thread waits forever.
struct Done<'a> {
    state: &'a Mutex<Queues>,
    wake: &'a Condvar,
    key: usize,
}

impl Drop for Done<'_> {
    fn drop(&mut self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).keys[self.key].1 -= 1;
        self.wake.notify_all();
    }
}

/// Runs `job` on every item of `items` on up to `total` threads, with at most `per_key` items of
/// one key (as `key` gives it) running at once, and returns the results in the order of `items`.
/// `total` and `per_key` below 1 are read as 1.
pub(super) fn run_bounded<T, R>(
    items: &[T],
    key: impl Fn(&T) -> String,
    total: usize,
    per_key: usize,
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let per_key = per_key.max(1);
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut keys: Vec<(VecDeque<usize>, usize)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let k = *index.entry(key(item)).or_insert_with(|| {
            keys.push((VecDeque::new(), 0));
            keys.len() - 1
        });
        keys[k].0.push_back(i);
    }
    let state = Mutex::new(Queues {
        keys,
        turn: 0,
        waiting: items.len(),
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let threads = total.max(1).min(items.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let (k, i) = {
                    let mut q = state.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if q.waiting == 0 {
                            return;
                        }
                        if let Some(next) = q.take(per_key) {
                            break next;
                        }
                        q = wake.wait(q).unwrap_or_else(|e| e.into_inner());
                    }
                };
                let _done = Done {
                    state: &state,
                    wake: &wake,
                    key: k,
                };
                let r = job(&items[i]);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item is taken by a thread, which stores its result"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_keep_input_order_and_limits_hold() {
        let items: Vec<(String, usize)> = (0..40).map(|i| (format!("h{}", i % 3), i)).collect();
        let running: HashMap<String, AtomicUsize> = ["h0", "h1", "h2"]
            .map(|h| (h.to_string(), AtomicUsize::new(0)))
            .into();
        let total_running = AtomicUsize::new(0);
        let max_per = AtomicUsize::new(0);
        let max_total = AtomicUsize::new(0);
        let out = run_bounded(
            &items,
            |(h, _)| h.clone(),
            4,
            2,
            |(h, i)| {
                let per = running[h].fetch_add(1, Ordering::SeqCst) + 1;
                let all = total_running.fetch_add(1, Ordering::SeqCst) + 1;
                max_per.fetch_max(per, Ordering::SeqCst);
                max_total.fetch_max(all, Ordering::SeqCst);
                std::thread::yield_now();
                running[h].fetch_sub(1, Ordering::SeqCst);
                total_running.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
        );
        assert_eq!(out, (0..40).map(|i| i * 2).collect::<Vec<_>>());
        assert!(max_per.load(Ordering::SeqCst) <= 2);
        assert!(max_total.load(Ordering::SeqCst) <= 4);
    }

    #[test]
    fn empty_input_and_zero_limits() {
        let none: Vec<u8> = Vec::new();
        assert!(run_bounded(&none, |_| String::new(), 0, 0, |x| *x).is_empty());
        assert_eq!(
            run_bounded(&[1, 2], |_| String::new(), 0, 0, |x| x + 1),
            [2, 3]
        );
    }
}
