//! Work spread over the machine's cores, with results in input order, so
//! that what is produced does not depend on how the threads ran.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads parallel work uses: `PROTOGEN_THREADS` when it is a
/// positive number, else one per available core.
pub fn threads() -> usize {
    std::env::var("PROTOGEN_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` of every item, computed on up to [`threads`] threads (the calling
/// one among them), in the items' order. A panic in `f` is raised again
/// in the caller.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let helpers = threads().min(items.len()).saturating_sub(1);
    if helpers == 0 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        // A helper that cannot be started leaves its share to the others.
        let started: Vec<_> = (0..helpers)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(crate::THREAD_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut results = vec![work()];
        for helper in started {
            match helper.join() {
                Ok(r) => results.push(r),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (i, r) in results.into_iter().flatten() {
            slots[i] = Some(r);
        }
    });
    slots
        .into_iter()
        .map(|s| s.expect("every item is done"))
        .collect()
}

/// `f` of every item, computed on up to [`threads`] threads, each result
/// given to `consume` on the calling thread in the items' order as soon as
/// it and those before it are done, so that the results are not all held
/// at once. The first error from `consume` stops the work and is returned;
/// a panic in `f` is raised again in the caller.
pub fn for_each_in_order<T: Sync, R: Send, E>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let workers = threads().min(items.len());
    if workers <= 1 {
        return items.iter().try_for_each(|item| consume(f(item)));
    }
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let (next, f) = (&next, &f);
        let started: Vec<_> = (0..workers)
            .filter_map(|_| {
                let tx = tx.clone();
                let work = move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    if tx.send((i, f(item))).is_err() {
                        break;
                    }
                };
                std::thread::Builder::new()
                    .stack_size(crate::THREAD_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        drop(tx);
        // Results that came before their turn, by index.
        let mut early = std::collections::HashMap::new();
        let mut turn = 0;
        let mut result = Ok(());
        // Runs until every worker has finished (all senders gone).
        for (i, r) in rx {
            if result.is_err() {
                continue;
            }
            early.insert(i, r);
            while let Some(r) = early.remove(&turn) {
                turn += 1;
                if let Err(e) = consume(r) {
                    result = Err(e);
                    // The workers take no further item.
                    next.store(items.len(), Ordering::Relaxed);
                    break;
                }
            }
        }
        for worker in started {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        // What no worker took (none could be started) is done here.
        result?;
        items[turn..].iter().try_for_each(|item| consume(f(item)))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = super::map(&items, |&i| i * i);
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |_| 0).is_empty());
    }

    #[test]
    fn results_are_consumed_in_order_until_an_error() {
        let items: Vec<u64> = (0..1000).collect();
        let mut seen = Vec::new();
        let r: Result<(), ()> = super::for_each_in_order(
            &items,
            |&i| i * i,
            |r| {
                seen.push(r);
                Ok(())
            },
        );
        assert!(r.is_ok());
        assert_eq!(seen, items.iter().map(|i| i * i).collect::<Vec<_>>());
        let mut seen = Vec::new();
        let r = super::for_each_in_order(
            &items,
            |&i| i,
            |r| {
                seen.push(r);
                if r == 500 {
                    Err(r)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err(500));
        assert_eq!(seen, (0..=500).collect::<Vec<_>>());
    }
}
