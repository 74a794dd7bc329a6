"""The Spark job of examples/spark in Spark's local mode: its output equals
`bitext batch`'s, document by document, on the wmt21 and wmt23 documents
of ../shared/data."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import REPO, wmt_records, write_jsonl

pyspark = pytest.importorskip("pyspark")

JOB = REPO / "examples" / "spark" / "align_corpus.py"


def run_job(*args):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(JOB), *map(str, args)], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode()[-4000:]
    return time.perf_counter() - start


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_local_output_equals_batch(cli, tmp_path):
    records = wmt_records()
    assert len(records) > 250
    # one line that fails, to check that errors keep their place and line
    records.insert(100, {"id": "broken", "src": 5})
    corpus = write_jsonl(tmp_path / "wmt.jsonl", records)
    expected = cli("batch", corpus, "--dict", "none").splitlines()
    out = tmp_path / "aligned"
    seconds = run_job(corpus, out, "--master", "local[2]", "--dict", "none", "--partitions", "4")
    parts = sorted(p for p in out.iterdir() if p.name.startswith("part-"))
    got = [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()]
    assert len(got) == len(expected) == len(records)
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g == e, f"document {i} ({json.loads(e).get('id')})"
    assert json.loads(got[100])["line"] == 101
    print(f"spark local[2]: {len(records)} documents in {seconds:.1f} s, JVM start-up included")


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")
def test_spark_reads_and_writes_parquet(cli, tmp_path):
    from pyspark.sql import SparkSession

    records = wmt_records()[:20]
    expected = cli("batch", write_jsonl(tmp_path / "few.jsonl", records), "--dict", "none").splitlines()
    spark = SparkSession.builder.master("local[1]").appName("bitext-test").getOrCreate()
    try:
        source = tmp_path / "pairs.parquet"
        spark.createDataFrame(records, "id string, src string, tgt string").coalesce(1).write.parquet(str(source))
        out = tmp_path / "aligned.parquet"
        run_job(source, out, "--master", "local[2]", "--dict", "none", "--output-format", "parquet")
        rows = spark.read.parquet(str(out)).collect()
    finally:
        spark.stop()
    by_id = {r["id"]: r for r in rows}
    assert len(by_id) == len(records)
    for line in expected:
        ident = json.loads(line)["id"]
        assert by_id[ident]["error"] is None
        assert by_id[ident]["alignment"] == line
