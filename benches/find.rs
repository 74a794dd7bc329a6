//! Ranked `find` over an aligned pair, on the New Testament in
//! `../shared/data/ru-en/bible-nt` (about 5,400 Russian and 5,700 English
//! sentences) and on that text repeated to about 100,000 sentences a side
//! (and 1,000,000 with `BITEXT_BENCH_1M=1`).
//!
//! * `find/first/N`: a [`Finder`]'s first query, which makes both
//!   editions' words and indexes;
//! * `find/query/N`: a query to a finder that has them.
//!
//! Every query's result is checked (the passage found is the verse the
//! paraphrase comes from), so that a broken fast path cannot look fast.

use std::time::Duration;

mod common;

use bitext::{AlignConfig, Aligner, Document, FindOptions, Finder, Lang};
use common::books;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// A reader's wording of a verse, and a word the verse has.
const QUERY: &str = "love your enemies and pray for the people who persecute you";
const IN_VERSE: &str = "enemies";

fn bench(c: &mut Criterion) {
    let (ru1, en1) = (books(".ru.txt"), books(".en.txt"));
    let mut sizes: Vec<(&str, usize)> = vec![("nt", 1), ("100k", 19)];
    if std::env::var_os("BITEXT_BENCH_1M").is_some() {
        sizes.push(("1M", 185));
    }
    let mut group = c.benchmark_group("find");
    group.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, copies) in sizes {
        let (ru, en) = (ru1.repeat(copies), en1.repeat(copies));
        let src = Document::segment(&ru, Lang::Russian);
        let tgt = Document::segment(&en, Lang::English);
        let alignment = Aligner::new(AlignConfig::default()).align(&src, &tgt).expect("align");
        let options = FindOptions::default();
        let check = |hits: &[bitext::Hit]| {
            let best = hits.first().expect("a passage");
            assert!(best.found().text.contains(IN_VERSE), "{}", best.found().text);
            hits.len()
        };
        group.throughput(Throughput::Elements(tgt.len() as u64));
        group.bench_function(BenchmarkId::new("first", name), |b| {
            b.iter(|| check(&Finder::new(&alignment, &src, &tgt).expect("the documents aligned").find(QUERY, &options)))
        });
        let finder = Finder::new(&alignment, &src, &tgt).expect("the documents aligned");
        check(&finder.find(QUERY, &options));
        group.bench_function(BenchmarkId::new("query", name), |b| b.iter(|| check(&finder.find(QUERY, &options))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
