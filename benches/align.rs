//! Alignment speed at growing sizes, on the New Testament in
//! `../shared/data/ru-en/bible-nt` (all 23 books, about 5,400 Russian and
//! 5,700 English sentences) and on that text repeated to about 10,000 and
//! 100,000 sentences a side (and 1,000,000 with `BITEXT_BENCH_1M=1`; the
//! README's million-sentence figure comes from a `bitext align` run under
//! `/usr/bin/time -v`).
//!
//! * `align/N`: alignment alone (both documents segmented beforehand);
//! * `end_to_end/N`: segmentation of both editions plus alignment;
//! * `threads/T`: alignment of the 100,000-sentence input on T threads.
//!
//! Every bench checks its output (every sentence in exactly one bead, in
//! order), so that a broken fast path cannot look fast.

use std::time::Duration;

mod common;

use bitext::{AlignConfig, Aligner, Alignment, Document, Lang};
use common::books;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Checks that the beads cover both documents exactly once, in order.
fn check(a: &Alignment, n: usize, m: usize) -> usize {
    let (mut i, mut j) = (0, 0);
    for b in a.beads() {
        assert_eq!((b.src().start, b.tgt().start), (i, j), "beads must tile both documents");
        i = b.src().end;
        j = b.tgt().end;
    }
    assert_eq!((i, j), (n, m));
    a.beads().len()
}

fn bench(c: &mut Criterion) {
    let (ru1, en1) = (books(".ru.txt"), books(".en.txt"));
    let aligner = Aligner::new(AlignConfig::default());
    let mut sizes: Vec<(&str, usize)> = vec![("nt", 1), ("10k", 2), ("100k", 19)];
    if std::env::var_os("BITEXT_BENCH_1M").is_some() {
        sizes.push(("1M", 185));
    }
    let mut align = c.benchmark_group("align");
    align.sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut inputs = Vec::new();
    for &(name, copies) in &sizes {
        let (ru, en) = (ru1.repeat(copies), en1.repeat(copies));
        inputs.push((name, ru, en));
    }
    for (name, ru, en) in &inputs {
        let src = Document::segment(ru, Lang::Russian);
        let tgt = Document::segment(en, Lang::English);
        align.throughput(Throughput::Elements(src.len() as u64));
        align.bench_with_input(BenchmarkId::from_parameter(name), &(src, tgt), |b, (s, t)| {
            b.iter(|| check(&aligner.align(s, t).expect("align"), s.len(), t.len()))
        });
    }
    align.finish();

    let mut e2e = c.benchmark_group("end_to_end");
    e2e.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, ru, en) in &inputs {
        e2e.throughput(Throughput::Bytes((ru.len() + en.len()) as u64));
        e2e.bench_with_input(BenchmarkId::from_parameter(name), &(ru, en), |b, (ru, en)| {
            b.iter(|| {
                let (s, t) =
                    rayon::join(|| Document::segment(ru, Lang::Russian), || Document::segment(en, Lang::English));
                check(&aligner.align(&s, &t).expect("align"), s.len(), t.len())
            })
        });
    }
    e2e.finish();

    let (_, ru, en) = inputs.iter().find(|(n, _, _)| *n == "100k").expect("the 100k input");
    let src = Document::segment(ru, Lang::Russian);
    let tgt = Document::segment(en, Lang::English);
    let mut threads = c.benchmark_group("threads");
    threads.sample_size(10).warm_up_time(Duration::from_secs(1));
    let mut results = Vec::new();
    for t in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(t).build().expect("thread pool");
        results.push(pool.install(|| aligner.align(&src, &tgt).expect("align")));
        threads.bench_function(BenchmarkId::from_parameter(t), |b| {
            b.iter(|| pool.install(|| check(&aligner.align(&src, &tgt).expect("align"), src.len(), tgt.len())))
        });
    }
    // the thread count must not change the result
    assert_eq!(results[0], results[1]);
    threads.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
