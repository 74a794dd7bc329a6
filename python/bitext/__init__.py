"""Sentence alignment of two editions of a text in different languages.

``bitext`` lines up two editions of the same text, sentence by sentence and
speaker turn by speaker turn: a length model (Gale-Church) with anchors
(numbers, names, a dictionary and a lexicon learned from the pair), by
dynamic programming. The work is done in Rust, with the GIL released.

>>> import bitext
>>> aligner = bitext.Aligner(dict="none")
>>> a = aligner.align("Суд идет. Прошу встать.", "The Court is coming. Please rise.")
>>> [(p.src, p.tgt) for p in a]
[([0], [0]), ([1], [1])]

* :func:`segment` splits one edition into sentences.
* :class:`Aligner` aligns one pair (:meth:`Aligner.align`), many pairs on
  all cores (:meth:`Aligner.align_many`), or a corpus in JSON Lines as
  ``bitext batch`` does (:meth:`Aligner.batch`).
* :class:`Alignment` is an iterable of :class:`Pair`; ``to_json()``,
  ``to_tmx()`` and ``to_tsv()`` write what ``bitext align`` writes.
* :func:`find` finds a quote with its counterpart; :func:`audit` says where
  two editions diverge.

Errors are ``ValueError`` for bad input and ``OSError`` for files, with the
messages of the command line.
"""

from ._bitext import (
    Aligner,
    AlignMany,
    Alignment,
    BatchLines,
    Document,
    Pair,
    Sentence,
    __version__,
    audit,
    find,
    segment,
)

__all__ = [
    "Aligner",
    "AlignMany",
    "Alignment",
    "BatchLines",
    "Document",
    "Pair",
    "Sentence",
    "audit",
    "find",
    "segment",
    "__version__",
]
