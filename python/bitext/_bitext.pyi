"""Type stubs of the compiled part of ``bitext`` (see ``bitext/__init__.py``)."""

import os
from typing import Any, Iterable, Iterator, Literal, Mapping, Optional, Sequence, Tuple, Union

__version__: str

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]
PairItem = Union[
    Tuple[Text, Text],
    Tuple[Text, Text, Optional[str], Optional[str]],
    Mapping[str, Any],
]

class Sentence:
    """One sentence of a :class:`Document`.

    ``start`` and ``end`` are character offsets into the document's text
    (``doc.text[s.start:s.end]`` is the sentence with its speaker label);
    ``byte_start`` and ``byte_end`` are byte offsets into its UTF-8
    encoding, the ``start`` and ``end`` of the JSON. ``text`` is the
    sentence without its speaker label.
    """

    @property
    def index(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def byte_start(self) -> int: ...
    @property
    def byte_end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def speaker(self) -> Optional[str]: ...
    @property
    def kind(self) -> Literal["speech", "text", "stage_direction", "heading", "separator"]: ...
    @property
    def paragraph(self) -> int: ...
    @property
    def utterance(self) -> int: ...

class Document:
    """A segmented edition: its language and sentences."""

    @property
    def lang(self) -> str:
        """The language, as an ISO 639-1 code (``"ru"``)."""
    @property
    def text(self) -> str:
        """The text the document was made from."""
    @property
    def sentences(self) -> list[Sentence]:
        """The sentences, in order."""
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Sentence: ...
    def __iter__(self) -> Iterator[Sentence]: ...
    def to_json(self) -> str:
        """The document as ``bitext segment --format json`` writes it."""

class Pair:
    """One bead of an :class:`Alignment`.

    ``src`` and ``tgt`` are sentence indices (empty for text in one
    edition only); ``score`` is the aligner's confidence in [0, 1];
    ``kind`` is ``"1:1"``, ``"2:1"``, ``"1:0"``, ...
    """

    @property
    def index(self) -> int: ...
    @property
    def src(self) -> list[int]: ...
    @property
    def tgt(self) -> list[int]: ...
    @property
    def src_text(self) -> str: ...
    @property
    def tgt_text(self) -> str: ...
    @property
    def src_speaker(self) -> Optional[str]: ...
    @property
    def tgt_speaker(self) -> Optional[str]: ...
    @property
    def score(self) -> float: ...
    @property
    def cost(self) -> float: ...
    @property
    def kind(self) -> str: ...

class Alignment:
    """Two editions aligned: a sequence of :class:`Pair`, in order."""

    @property
    def id(self) -> Any:
        """The id given with the pair to :meth:`Aligner.align_many`, else ``None``."""
    @property
    def src(self) -> Document: ...
    @property
    def tgt(self) -> Document: ...
    @property
    def src_lang(self) -> str: ...
    @property
    def tgt_lang(self) -> str: ...
    @property
    def pairs(self) -> list[Pair]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Pair: ...
    def __iter__(self) -> Iterator[Pair]: ...
    def to_json(self) -> str:
        """Exactly what ``bitext align --format json`` writes."""
    def to_tmx(self) -> str:
        """Exactly what ``bitext align --format tmx`` writes."""
    def to_tsv(self) -> str:
        """Exactly what ``bitext align --format tsv`` writes."""
    def find(
        self,
        query: str,
        context: int = 1,
        edition: Optional[Literal["src", "tgt"]] = None,
        consecutive: bool = False,
        exact: bool = False,
        limit: int = 10,
        translate: bool = True,
    ) -> dict[str, Any]:
        """See :func:`bitext.find`."""
    def audit(self, min_confidence: float = 0.5) -> dict[str, Any]:
        """See :func:`bitext.audit`."""

class AlignMany(Iterator[Union[Alignment, BaseException]]):
    """The iterator of :meth:`Aligner.align_many`."""

    def __iter__(self) -> "AlignMany": ...
    def __next__(self) -> Union[Alignment, BaseException]: ...

class BatchLines(Iterator[str]):
    """The iterator of :meth:`Aligner.batch`."""

    def __iter__(self) -> "BatchLines": ...
    def __next__(self) -> str: ...

class Aligner:
    """Aligns document pairs; immutable, shared by threads.

    ``dict`` is ``"auto"`` (an installed Debian dictionary for each language
    pair, when there is one), ``"none"`` or ``None``, a path (TSV of word
    pairs or a dictd ``.index``) or a list of paths; each dictionary is
    loaded once, on first use for its language pair.
    """

    def __init__(
        self,
        dict: Union[None, str, "os.PathLike[str]", Sequence[PathLike]] = "auto",
        max_bead: int = 2,
        max_cells: Optional[int] = None,
        input: Literal["text", "lines"] = "text",
        max_sentence_chars: int = 2000,
    ) -> None: ...
    def align(
        self,
        src: Text,
        tgt: Text,
        src_lang: Optional[str] = None,
        tgt_lang: Optional[str] = None,
        input: Optional[Literal["text", "lines"]] = None,
    ) -> Alignment:
        """Aligns two editions; ``ValueError`` for bad input, ``OSError`` for files."""
    def align_many(
        self,
        pairs: Iterable[PairItem],
        window: Optional[int] = None,
        errors: Literal["raise", "return"] = "raise",
    ) -> AlignMany:
        """Aligns many pairs on all cores, yielding alignments in input order."""
    def batch(self, lines: Iterable[Text], window: Optional[int] = None, first_line: int = 1) -> BatchLines:
        """JSON Lines in, the lines ``bitext batch`` writes out, in order."""

def segment(
    text: Text,
    lang: Optional[str] = None,
    input: Literal["text", "lines"] = "text",
    max_sentence_chars: int = 2000,
) -> Document:
    """Splits one edition into sentences (and speaker turns)."""

def find(
    alignment: Alignment,
    query: str,
    context: int = 1,
    edition: Optional[Literal["src", "tgt"]] = None,
    consecutive: bool = False,
    exact: bool = False,
    limit: int = 10,
    translate: bool = True,
) -> dict[str, Any]:
    """Finds a quote with its counterpart, as ``bitext find --format json``."""

def audit(alignment: Alignment, min_confidence: float = 0.5) -> dict[str, Any]:
    """Where two editions diverge, as ``bitext audit --format json``."""
