//! `bitext batch` over many short documents: the wmt21 and wmt23 documents
//! of `../shared/data` (278 news articles and reviews, 7,284 sentences),
//! one JSON line each, aligned by `Batch::run` on a pool of 1 and of 2
//! threads. Throughput in documents; the output is checked in the loop.
//!
//! ```sh
//! cargo bench --bench batch
//! ```

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bitext::batch::{Aligners, Batch, DictChoice, RunOptions};
use bitext::AlignConfig;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// The wmt21 and wmt23 documents as JSON Lines, and their count.
fn corpus() -> (String, usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ru-en");
    let mut out = String::new();
    let mut n = 0;
    for set in ["wmt21", "wmt23"] {
        let dir = root.join(set);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.to_string_lossy().ends_with(".ru.txt"))
            .collect();
        names.sort();
        for ru in names {
            let en = PathBuf::from(ru.to_string_lossy().replace(".ru.txt", ".en.txt"));
            let record = serde_json::json!({
                "id": ru.file_name().map(|n| n.to_string_lossy().into_owned()),
                "src": std::fs::read_to_string(&ru).expect("read"),
                "tgt": std::fs::read_to_string(&en).expect("read"),
            });
            out.push_str(&record.to_string());
            out.push('\n');
            n += 1;
        }
    }
    (out, n)
}

fn bench(c: &mut Criterion) {
    let (input, documents) = corpus();
    let batch = Arc::new(Batch::new(Aligners::new(AlignConfig::default(), DictChoice::None)));
    let mut group = c.benchmark_group("batch");
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(documents as u64));
    for threads in [1, 2] {
        let pool = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool"));
        let options = RunOptions { window: 8 * threads, pool: Some(pool), ..RunOptions::default() };
        group.bench_with_input(BenchmarkId::new("wmt21+wmt23 documents, threads", threads), &options, |b, options| {
            b.iter(|| {
                let mut out = Vec::with_capacity(input.len() * 4);
                let summary = batch.run(input.as_bytes(), &mut out, "corpus", options, |_| {}).expect("run");
                assert_eq!((summary.documents, summary.errors), (documents, 0));
                assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), documents);
                out
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
