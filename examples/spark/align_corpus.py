"""Align a corpus of document pairs on a Spark cluster with bitext.

Reads document pairs as JSON Lines (one object a line: ``id``, ``src``,
``tgt``, optional ``src_lang``, ``tgt_lang``, ``input``; other fields are
passed through) or Parquet with the same columns, aligns each partition with
the ``bitext`` Python package (one ``Aligner`` per executor process, its
dictionary loaded once there, the partition's documents aligned on all the
cores the process has), and writes one line a document, exactly what
``bitext batch`` writes: JSON Lines (a folder of ``part-*`` files, in input
order) or Parquet (columns ``id``, ``line``, ``error``, ``alignment``).

Local run (as the test does)::

    python examples/spark/align_corpus.py corpus.jsonl out/ --master 'local[2]'

On a cluster, with the wheel built by ``pip wheel ./python`` installed on
the executors (or shipped with ``--py-files``)::

    spark-submit --master yarn --num-executors 50 --executor-cores 4 \\
        --py-files bitext-0.1.0-cp39-abi3-manylinux_2_28_x86_64.whl \\
        examples/spark/align_corpus.py hdfs:///corpora/pairs.jsonl hdfs:///corpora/aligned
"""

import argparse
import json
import os
import sys

# one aligner per Python worker process, made on first use and kept while
# Spark reuses the worker (spark.python.worker.reuse, the default)
_ALIGNER = None
_ALIGNER_KEY = None


def aligner(dict_choice, max_bead):
    """The process's aligner, made once."""
    global _ALIGNER, _ALIGNER_KEY
    key = (dict_choice, max_bead)
    if _ALIGNER is None or _ALIGNER_KEY != key:
        import bitext

        _ALIGNER = bitext.Aligner(dict=dict_choice, max_bead=max_bead)
        _ALIGNER_KEY = key
    return _ALIGNER


def align_partition(rows, dict_choice, max_bead, window):
    """Aligns one partition of ``(line number, JSON text)`` rows; yields the
    output lines in order."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    line, text = first

    def texts():
        yield text
        for _, t in rows:
            yield t

    yield from aligner(dict_choice, max_bead).batch(texts(), window=window, first_line=line)


def read_pairs(spark, path, fmt, partitions):
    """The input as an RDD of ``(line number from 1, JSON text)``, in order."""
    if fmt == "parquet":
        lines = spark.read.parquet(path).toJSON()
    else:
        lines = spark.sparkContext.textFile(path, minPartitions=partitions)
    # numbered as `bitext batch` numbers lines, for the errors' `line`
    return lines.zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file or folder, or Parquet (with --input-format parquet)")
    parser.add_argument("output", help="output folder")
    parser.add_argument("--input-format", choices=["json", "parquet"], default=None)
    parser.add_argument("--output-format", choices=["json", "parquet"], default="json")
    parser.add_argument("--dict", default="auto", help="auto, none, or a dictionary file on every executor")
    parser.add_argument("--max-bead", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=None, help="input partitions (default: Spark's)")
    parser.add_argument("--window", type=int, default=None, help="documents in flight per executor process")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("bitext-align-corpus")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        fmt = args.input_format or ("parquet" if args.input.endswith(".parquet") else "json")
        partitions = args.partitions or spark.sparkContext.defaultParallelism
        rows = read_pairs(spark, args.input, fmt, partitions)
        dict_choice, max_bead, window = args.dict, args.max_bead, args.window
        out = rows.mapPartitions(lambda part: align_partition(part, dict_choice, max_bead, window))
        if args.output_format == "json":
            out.saveAsTextFile(args.output)
        else:
            from pyspark.sql import Row

            def to_row(text):
                v = json.loads(text)
                ident = v.get("id")
                return Row(
                    id=ident if isinstance(ident, str) or ident is None else json.dumps(ident),
                    line=v.get("line"),
                    error=v.get("error"),
                    alignment=None if "error" in v else text,
                )

            spark.createDataFrame(out.map(to_row), "id string, line long, error string, alignment string").write.parquet(
                args.output
            )
    finally:
        spark.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    main()
