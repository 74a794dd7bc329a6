//! Segmentation throughput on real text: all of the Russian and all of the
//! English New Testament books in `../shared/data/ru-en/bible-nt`.

mod common;

use bitext::{Document, Lang};
use common::books as corpus;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench_segment(c: &mut Criterion) {
    let mut group = c.benchmark_group("segment");
    for (name, suffix, lang) in [("ru", ".ru.txt", Lang::Russian), ("en", ".en.txt", Lang::English)] {
        let text = corpus(suffix);
        let expected = Document::segment(&text, lang).len();
        assert!(expected > 5000, "{name}: only {expected} sentences");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let doc = Document::segment(&text, lang);
                // a broken fast path must not look fast
                assert_eq!(doc.len(), expected);
                doc.len()
            })
        });
    }
    group.finish();
}

/// The normalised view every input is read through: clean text (the
/// corpus) is checked in place; a decomposed copy is normalised.
fn bench_normalise(c: &mut Criterion) {
    use unicode_normalization::UnicodeNormalization;
    let mut group = c.benchmark_group("normalise");
    let ru = corpus(".ru.txt");
    let nfd: String = ru.nfd().collect();
    for (name, text, changed) in [("ru", &ru, false), ("ru-nfd", &nfd, true)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let view = bitext::Normalized::new(text);
                assert_eq!(view.is_changed(), changed);
                view.as_str().len()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench_segment, bench_normalise
}
criterion_main!(benches);
