"""Throughput of the three ways to align a corpus: `bitext batch` with 1 and
2 threads, the Python package (`Aligner.align_many` and `Aligner.batch`), and
the Spark job in local mode; on the wmt21 + wmt23 documents of
../shared/data repeated to about 20,000 documents.

    python examples/spark/throughput.py --bin target/release/bitext [--copies 72] [--no-spark]

Prints documents/s and sentences/s for each; Spark's time is given with and
without its start-up (the JVM and the session, measured on an empty job).
Run it on a quiet machine: the figures are wall-clock times.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "ru-en"


def corpus(copies):
    records = []
    for name in ["wmt21", "wmt23"]:
        for ru in sorted((SHARED / name).glob("*.ru.txt")):
            stem = ru.name[: -len(".ru.txt")]
            en = ru.with_name(stem + ".en.txt")
            records.append({"src": ru.read_text(encoding="utf-8"), "tgt": en.read_text(encoding="utf-8"), "stem": f"{name}/{stem}"})
    lines = []
    for copy in range(copies):
        for r in records:
            lines.append(json.dumps({"id": f"{copy}:{r['stem']}", "src": r["src"], "tgt": r["tgt"]}, ensure_ascii=False))
    return lines


def sentences_of(output_lines):
    total = 0
    for line in output_lines:
        v = json.loads(line)
        if "error" not in v:
            total += len(v["src"]["sentences"]) + len(v["tgt"]["sentences"])
    return total


def row(name, docs, sentences, seconds, note=""):
    print(f"| {name} | {docs} | {seconds:.1f} | {docs / seconds:.0f} | {sentences / seconds:.0f} | {note} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=str(REPO / "target" / "release" / "bitext"))
    parser.add_argument("--copies", type=int, default=72, help="copies of the 278 documents (72: 20,016)")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    lines = corpus(args.copies)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="bitext-throughput-"))
    path = tmp / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} documents, {path.stat().st_size / 1e6:.1f} MB, {os.cpu_count()} cores\n")
    print("| path | documents | seconds | documents/s | sentences/s | note |")
    print("|---|---|---|---|---|---|")
    reference = None
    for threads in [1, 2]:
        start = time.perf_counter()
        done = subprocess.run(
            [args.bin, "--threads", str(threads), "batch", str(path), "--dict", "none"], capture_output=True, check=True
        )
        seconds = time.perf_counter() - start
        out = done.stdout.decode().splitlines()
        reference = reference or out
        row(f"bitext batch --threads {threads}", len(out), sentences_of(out), seconds)
    sentences = sentences_of(reference)

    import bitext

    aligner = bitext.Aligner(dict="none")
    start = time.perf_counter()
    records = [json.loads(line) for line in lines]
    count = sum(1 for _ in aligner.align_many(records))
    row("Python align_many (2 cores)", count, sentences, time.perf_counter() - start, "JSON parsing in Python included")
    start = time.perf_counter()
    got = list(aligner.batch(lines))
    row("Python Aligner.batch (2 cores)", len(got), sentences, time.perf_counter() - start)
    assert got == reference, "Aligner.batch differs from bitext batch"

    if args.no_spark:
        return
    job = REPO / "examples" / "spark" / "align_corpus.py"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    empty = tmp / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(job), str(empty), str(tmp / "empty-out"), "--master", "local[2]", "--dict", "none"], env=env, check=True, capture_output=True)
    startup = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, str(job), str(path), str(tmp / "out"), "--master", "local[2]", "--dict", "none"], env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    parts = sorted((tmp / "out").glob("part-*"))
    out = [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert out == reference, "Spark's output differs from bitext batch's"
    row("Spark local[2]", len(out), sentences, seconds - startup, f"start-up ({startup:.1f} s, an empty job) taken off; {seconds:.1f} s in all")


if __name__ == "__main__":
    main()
