"""The Python API against the command line: same alignments, same JSON,
same errors."""

import json
import threading
import time

import pytest

import bitext
from conftest import DATA, wmt_records

RU = (DATA / "trial.ru.txt").read_text(encoding="utf-8")
EN = (DATA / "trial.en.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def aligner():
    return bitext.Aligner(dict="none")


def test_segment_gives_sentences_with_character_and_byte_offsets():
    text = "Вышинский. Садитесь. Т. е. вы отказываетесь?\n\nБухарин. Нет.\n"
    doc = bitext.segment(text, lang="ru")
    assert doc.lang == "ru"
    assert len(doc) == len(doc.sentences) > 0
    encoded = text.encode("utf-8")
    for s in doc:
        # character offsets index the str, byte offsets its UTF-8 encoding
        assert text[s.start : s.end] == encoded[s.byte_start : s.byte_end].decode("utf-8")
        assert s.text in text[s.start : s.end]
        assert s.kind in {"speech", "text", "stage_direction", "heading", "separator"}
    assert doc[-1].text == "Нет."
    with pytest.raises(IndexError):
        doc[len(doc)]


def test_segment_json_is_what_the_command_writes(cli, tmp_path):
    doc = bitext.segment(RU)
    assert doc.to_json() == cli("segment", DATA / "trial.ru.txt", "--format", "json")


def test_align_is_an_iterable_of_pairs(aligner):
    a = aligner.align("Суд идет. Прошу встать.", "The Court is coming. Please rise.")
    pairs = list(a)
    assert [(p.src, p.tgt) for p in pairs] == [([0], [0]), ([1], [1])]
    assert pairs[1].src_text == "Прошу встать."
    assert pairs[1].tgt_text == "Please rise."
    assert 0.0 <= pairs[0].score <= 1.0
    assert pairs[0].kind == "1:1"
    assert (a.src_lang, a.tgt_lang) == ("ru", "en")
    assert len(a) == 2 and a[-1].index == 1
    assert [s.text for s in a.src] == ["Суд идет.", "Прошу встать."]


def test_to_json_and_to_tmx_are_what_align_writes(cli, aligner):
    a = aligner.align(RU, EN)
    src, tgt = DATA / "trial.ru.txt", DATA / "trial.en.txt"
    assert a.to_json() == cli("align", src, tgt, "--dict", "none", "--format", "json")
    assert a.to_tmx() == cli("align", src, tgt, "--dict", "none", "--format", "tmx")
    assert a.to_tsv() == cli("align", src, tgt, "--dict", "none", "--format", "tsv")


def test_find_and_audit_are_what_the_command_reports(cli, aligner):
    a = aligner.align(RU, EN)
    src, tgt = DATA / "trial.ru.txt", DATA / "trial.en.txt"
    found = bitext.find(a, "pious face")
    assert found == json.loads(cli("find", src, tgt, "pious face", "--dict", "none", "--format", "json"))
    assert found["hits"] and found["hits"][0]["match"]
    assert a.find("pious face") == found
    alone = bitext.find(a, "pious face", translate=False)
    assert alone == json.loads(
        cli("find", src, tgt, "pious face", "--dict", "none", "--no-translate", "--format", "json")
    )
    report = bitext.audit(a)
    assert report == json.loads(cli("audit", src, tgt, "--dict", "none", "--format", "json"))
    assert a.audit(min_confidence=0.9)["summary"]["beads"] == len(a)


def test_bytes_are_read_as_the_command_reads_files(aligner):
    a = aligner.align("Да. Нет.".encode(), b"Yes. No.")
    assert len(a) == 2
    with pytest.raises(ValueError, match="not valid UTF-8 at byte offset 2"):
        aligner.align(b"ok\xff", b"Yes.")
    with pytest.raises(ValueError, match="looks binary"):
        aligner.align("Да.\x00", "Yes.")
    with pytest.raises(TypeError, match="src must be str or bytes"):
        aligner.align(5, "Yes.")


def test_bad_input_raises_value_error_with_the_library_message(aligner):
    with pytest.raises(ValueError, match="unknown language `klingon`; valid values"):
        aligner.align("Да.", "Yes.", src_lang="klingon")
    with pytest.raises(ValueError, match="unknown input mode `words`"):
        aligner.align("Да.", "Yes.", input="words")
    with pytest.raises(ValueError, match="cannot tell the language of `src`"):
        aligner.align("1937", "Yes.")
    with pytest.raises(ValueError, match="cannot tell the language of the text"):
        bitext.segment("1937")
    assert bitext.segment("").lang == "en"
    with pytest.raises(ValueError, match="max_bead must be 2 or 3"):
        bitext.Aligner(max_bead=5)
    tight = bitext.Aligner(dict="none", max_cells=10)
    with pytest.raises(ValueError, match="limit exceeded"):
        tight.align(RU, EN)


def test_files_raise_os_error(tmp_path):
    with pytest.raises(OSError, match="no such file"):
        bitext.Aligner(dict=tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfe\x00")
    broken = bitext.Aligner(dict=str(bad))
    with pytest.raises(ValueError, match="bad.tsv"):
        broken.align("Суд идет.", "The Court.")


def test_a_dictionary_file_is_used(tmp_path):
    words = tmp_path / "ru-en.tsv"
    words.write_text("суд\tcourt\nвстать\trise\n", encoding="utf-8")
    a = bitext.Aligner(dict=[words]).align("Суд идет. Прошу встать.", "The Court is coming. Please rise.")
    highlights = [(h["text"], h["via"]) for hit in a.find("rise")["hits"] for h in hit["highlights"]]
    assert highlights == [("встать", "dictionary")]
    plain = bitext.Aligner(dict="none").align("Суд идет. Прошу встать.", "The Court is coming. Please rise.")
    assert [h for hit in plain.find("rise")["hits"] for h in hit["highlights"]] == []


def test_align_many_keeps_order_ids_and_errors(aligner):
    items = [
        ("Да.", "Yes."),
        {"id": "x", "src": "Нет.", "tgt": "No."},
        ("Да.", "Yes.", "ru", "en"),
        {"id": "bad", "src": "Да.", "tgt": "Yes.", "src_lang": "klingon"},
        (1, 2),
        {"id": 9, "src": "Суд идет. Прошу встать.", "tgt": "The Court is coming. Please rise."},
    ]
    out = list(aligner.align_many(items, errors="return"))
    assert [type(x).__name__ for x in out] == ["Alignment", "Alignment", "Alignment", "ValueError", "TypeError", "Alignment"]
    assert out[1].id == "x" and out[5].id == 9 and out[0].id is None
    assert "pair 3" in str(out[3]) and "klingon" in str(out[3])
    assert len(out[5]) == 2
    # raised in place; the iteration can go on
    it = aligner.align_many(items[2:5], window=1)
    assert len(next(it)) == 1
    with pytest.raises(ValueError, match="klingon"):
        next(it)
    with pytest.raises(TypeError):
        next(it)
    with pytest.raises(StopIteration):
        next(it)


def test_align_many_equals_align_whatever_the_window(aligner):
    records = wmt_records()[:60]
    one_by_one = [aligner.align(r["src"], r["tgt"]).to_json() for r in records]
    for window in [1, 3, 64]:
        many = [a.to_json() for a in aligner.align_many(records, window=window)]
        assert many == one_by_one


def test_batch_lines_are_what_the_command_writes(cli, aligner, tmp_path):
    records = wmt_records()
    assert len(records) > 250, "the wmt21 and wmt23 documents of ../shared/data"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(7, "not json")
    lines.insert(20, "")
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = cli("batch", path, "--dict", "none").splitlines()
    got = list(aligner.batch(lines))
    assert got == expected
    assert json.loads(got[7])["error"].startswith("not JSON")
    assert list(aligner.batch(line.encode() for line in lines[:5])) == expected[:5]


def test_the_gil_is_released_while_aligning():
    # a long pair: the trial record, many times over
    src, tgt = RU * 40, EN * 40
    aligner = bitext.Aligner(dict="none")
    done = threading.Event()

    def work():
        aligner.align(src, tgt)
        done.set()

    counted = 0
    worker = threading.Thread(target=work)
    start = time.perf_counter()
    worker.start()
    while not done.is_set():
        counted += 1
    worker.join()
    elapsed = time.perf_counter() - start
    # with the GIL held by the aligner, this loop would barely run
    assert elapsed > 0.05
    assert counted > 10_000, f"{counted} iterations in {elapsed:.2f} s"


def test_threads_share_one_aligner(aligner):
    pairs = [("Да. Нет.", "Yes. No."), (RU[:2000], EN[:2000])] * 4
    results = [None] * len(pairs)

    def work(i):
        results[i] = aligner.align(*pairs[i]).to_json()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(pairs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [aligner.align(*p).to_json() for p in pairs]
