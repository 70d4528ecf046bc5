"""Labelled comments: the CSV formats we read, the starter corpus, and labelled sets to train on.

Three layouts are read: ``youtube`` (the YouTube Spam Collection: COMMENT_ID, AUTHOR, DATE,
CONTENT, CLASS), ``sms`` (label then text, tab- or comma-separated) and ``generic`` (a header with
``text`` or ``body`` and ``label``, and optional columns for what a live site knows: author, title,
email, author_url (the website field), page_title (the page the comment sits under), the client
signals and the author's history). A bad file ends with one ``CsvFormatError``
naming the file, row and column; nothing is half-read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .features import Sample

__all__ = [
    "CsvFormatError",
    "FORMATS",
    "Labelled",
    "STARTER_CSV",
    "STARTER_SOURCE",
    "corpus_kinds",
    "csv_corpus",
    "detect_format",
    "load_labelled_csv",
    "starter_corpus",
]

STARTER_CSV = Path(__file__).resolve().parents[1] / "data" / "starter_corpus.csv"
# The source of the starter corpus's samples: a model trained on them assumes
# spam.features.SPAM_PRIOR, since the corpus's own share of spam is made up.
STARTER_SOURCE = "starter"


class CsvFormatError(ValueError):
    """A labelled CSV cannot be read; the message is one line naming the file, row and column."""


_TRUE = {"1", "true", "yes", "y"}
_FALSE = {"0", "false", "no", "n", ""}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFormatError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise CsvFormatError(
            f"{path}: row {row}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if not text.strip():
        raise CsvFormatError(f"{path}: empty file")
    return text


def _records(path: Path, text: str, delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """Return (row number, fields) for each non-blank record; the header is row 1."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    row = 0
    try:
        for fields in reader:
            row += 1
            if fields and any(f.strip() for f in fields):
                out.append((row, fields))
    except csv.Error as exc:
        raise CsvFormatError(f"{path}: row {row + 1}: {exc}") from exc
    return out


def _header_map(path: Path, header: list[str]) -> dict[str, int]:
    return {h.strip().lower(): i for i, h in enumerate(header)}


def _field(path: Path, row: int, fields: list[str], index: int, column: str, width: int) -> str:
    if len(fields) != width:
        raise CsvFormatError(f"{path}: row {row}: expected {width} columns, got {len(fields)}")
    return fields[index]


def _load_youtube(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    records = _records(path, text)
    (_, header), body = records[0], records[1:]
    cols = _header_map(path, header)
    for name in ("content", "class"):
        if name not in cols:
            raise CsvFormatError(f"{path}: row 1: missing column {name.upper()}")
    width = len(header)
    samples, labels = [], []
    for row, fields in body:
        content = _field(path, row, fields, cols["content"], "CONTENT", width)
        label = fields[cols["class"]].strip()
        if label not in ("0", "1"):
            raise CsvFormatError(f"{path}: row {row}, column CLASS: expected 0 or 1, got {label!r}")
        if not content.strip():
            raise CsvFormatError(f"{path}: row {row}, column CONTENT: empty text")
        author = fields[cols["author"]] if "author" in cols else ""
        samples.append(Sample(body=content, author=author))
        labels.append(int(label))
    return samples, labels


def _spam_ham(path: Path, row: int, column: str, value: str, numeric: bool) -> int:
    v = value.strip().lower()
    if v == "spam" or (numeric and v == "1"):
        return 1
    if v == "ham" or (numeric and v == "0"):
        return 0
    expected = "spam, ham, 1 or 0" if numeric else "spam or ham"
    raise CsvFormatError(f"{path}: row {row}, column {column}: expected {expected}, got {value!r}")


def _load_sms(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    first = text.lstrip().split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    records = _records(path, text, delimiter)
    if records and records[0][1][0].strip().lower() not in ("spam", "ham"):
        records = records[1:]  # a header row such as "label,text" or "v1,v2"
    samples, labels = [], []
    for row, fields in records:
        if len(fields) < 2:
            raise CsvFormatError(f"{path}: row {row}, column text: missing (expected label and text)")
        label = _spam_ham(path, row, "label", fields[0], numeric=False)
        body = delimiter.join(fields[1:])  # unquoted commas in the text split it; join it back
        if not body.strip():
            raise CsvFormatError(f"{path}: row {row}, column text: empty text")
        samples.append(Sample(body=body))
        labels.append(label)
    return samples, labels


def _load_generic(path: Path, text: str) -> tuple[list[Sample], list[int]]:
    records = _records(path, text)
    (_, header), body = records[0], records[1:]
    cols = _header_map(path, header)
    text_col = "text" if "text" in cols else "body" if "body" in cols else None
    if text_col is None:
        raise CsvFormatError(f"{path}: row 1: missing column text (or body)")
    if "label" not in cols:
        raise CsvFormatError(f"{path}: row 1: missing column label")
    width = len(header)
    samples, labels = [], []
    for row, fields in body:
        content = _field(path, row, fields, cols[text_col], text_col, width)
        if not content.strip():
            raise CsvFormatError(f"{path}: row {row}, column {text_col}: empty text")
        label = _spam_ham(path, row, "label", fields[cols["label"]], numeric=True)

        def opt(name: str, fields: list[str] = fields) -> str:
            return fields[cols[name]].strip() if name in cols else ""

        hp = opt("honeypot").lower()
        if hp not in _TRUE | _FALSE:
            raise CsvFormatError(f"{path}: row {row}, column honeypot: expected 0 or 1, got {hp!r}")
        seconds: float | None = None
        if opt("seconds_to_submit"):
            try:
                seconds = float(opt("seconds_to_submit"))
            except ValueError:
                seconds = -1.0
            if not seconds >= 0:
                raise CsvFormatError(
                    f"{path}: row {row}, column seconds_to_submit: expected a number of seconds, "
                    f"got {opt('seconds_to_submit')!r}"
                )
        counts = {}
        for name in ("author_approved", "author_spam", "near_duplicates"):
            value = opt(name)
            if value and not value.isdigit():
                raise CsvFormatError(
                    f"{path}: row {row}, column {name}: expected a whole number, got {value!r}"
                )
            counts[name] = int(value) if value else 0
        samples.append(
            Sample(
                body=content, author=opt("author"), title=opt("title"), email=opt("email"),
                honeypot=hp in _TRUE, seconds_to_submit=seconds, author_url=opt("author_url"),
                page_title=opt("page_title"), **counts,
            )
        )
        labels.append(label)
    return samples, labels


_LOADERS = {"youtube": _load_youtube, "sms": _load_sms, "generic": _load_generic}


def load_labelled_csv(path: str | Path, fmt: str) -> tuple[list[Sample], list[int]]:
    """Read a labelled CSV ("youtube", "sms" or "generic") into samples and 0/1 labels (1 = spam)."""
    path = Path(path)
    if fmt not in _LOADERS:
        raise ValueError(f"unknown CSV format {fmt!r}; expected one of {', '.join(_LOADERS)}")
    samples, labels = _LOADERS[fmt](path, _read_text(path))
    if not samples:
        raise CsvFormatError(f"{path}: no data rows")
    return samples, labels


FORMATS = tuple(_LOADERS)


@dataclass
class Labelled:
    """Samples with 0/1 labels (1 = spam) and where each came from."""

    samples: list[Sample] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(self.samples + other.samples, self.labels + other.labels,
                        self.sources + other.sources)

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, indices: Sequence[int]) -> Labelled:
        return Labelled([self.samples[i] for i in indices], [self.labels[i] for i in indices],
                        [self.sources[i] for i in indices])


def detect_format(path: str | Path) -> str:
    """Guess a labelled CSV's format from its first line: youtube, sms or generic."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as file:
            first = file.readline()
    except OSError:
        return "generic"  # the loader reports the unreadable file in its own words
    header = first.lower()
    if "content" in header and "class" in header:
        return "youtube"
    if header.split("\t" if "\t" in header else ",", 1)[0].strip() in ("spam", "ham", "v1"):
        return "sms"
    return "generic"


def starter_corpus(path: str | Path = STARTER_CSV) -> Labelled:
    """Return the corpus the starter model is trained on."""
    samples, labels = load_labelled_csv(path, "generic")
    return Labelled(samples, labels, [STARTER_SOURCE] * len(labels))


def corpus_kinds(path: str | Path = STARTER_CSV) -> list[str]:
    """Return each data row's ``kind`` column (its family, as "spam/support-phone"), "" if absent.

    The order is that of ``load_labelled_csv(path, "generic")``, so the two zip together.
    """
    path = Path(path)
    records = _records(path, _read_text(path))
    cols = _header_map(path, records[0][1])
    if "kind" not in cols:
        return [""] * (len(records) - 1)
    return [fields[cols["kind"]].strip() for _, fields in records[1:]]


def csv_corpus(path: str | Path, fmt: str | None = None) -> Labelled:
    """Read a labelled CSV; CsvFormatError names the row and column of a bad one."""
    fmt = fmt or detect_format(path)
    samples, labels = load_labelled_csv(path, fmt)
    return Labelled(samples, labels, [f"csv:{Path(path).name}"] * len(labels))
