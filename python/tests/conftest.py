"""Shared helpers of the Python package's tests."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = REPO / "data"
SHARED = REPO.parent / "shared" / "data"


def bitext_bin():
    """The `bitext` command to compare with: $BITEXT_BIN, else one built in target/."""
    given = os.environ.get("BITEXT_BIN")
    if given:
        return given
    for target in [os.environ.get("CARGO_TARGET_DIR"), str(REPO / "target")]:
        if not target:
            continue
        for profile in ["release", "debug"]:
            path = pathlib.Path(target) / profile / "bitext"
            if path.is_file():
                return str(path)
    return None


@pytest.fixture(scope="session")
def cli():
    """Runs the command and gives its standard output (skips without one)."""
    binary = bitext_bin()
    if binary is None:
        pytest.skip("no bitext command built (set BITEXT_BIN)")

    def run(*args, stdin=None):
        done = subprocess.run(
            [binary, *map(str, args)], input=stdin, capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode()

    return run


def wmt_records():
    """The wmt21 and wmt23 documents of ../shared/data, as batch records."""
    records = []
    for name in ["wmt21", "wmt23"]:
        folder = SHARED / "ru-en" / name
        for ru in sorted(folder.glob("*.ru.txt")):
            stem = ru.name[: -len(".ru.txt")]
            en = folder / f"{stem}.en.txt"
            records.append(
                {"id": f"{name}/{stem}", "src": ru.read_text(encoding="utf-8"), "tgt": en.read_text(encoding="utf-8")}
            )
    return records


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path
