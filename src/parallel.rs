//! Work spread over the machine's cores, for judging hundreds of orgs at once.

/// `f` of every item, worked out on every core (items dealt out in turn), in order.
pub fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> anyhow::Result<R> + Sync,
) -> anyhow::Result<Vec<R>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len().max(1));
    if workers == 1 {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    let done: Vec<anyhow::Result<Vec<R>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                scope.spawn(move || {
                    let mut lane = Vec::with_capacity(items.len() / workers + 1);
                    for item in items.iter().skip(w).step_by(workers) {
                        lane.push(f(item)?);
                    }
                    Ok(lane)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a worker panicked"))
            .collect()
    });
    let mut lanes = Vec::with_capacity(workers);
    for lane in done {
        lanes.push(lane?.into_iter());
    }
    let mut out = Vec::with_capacity(items.len());
    for i in 0..items.len() {
        out.push(
            lanes[i % workers]
                .next()
                .expect("every item was worked out"),
        );
    }
    Ok(out)
}
