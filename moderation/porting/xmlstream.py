"""Stream the records of a large XML export, one element at a time, safely.

The parser is defusedxml's: a file that declares entities (the "billion laughs") or reaches for
external ones is refused before anything is read from it. Only the element being handed out is in
memory; it is detached from its parent once the caller is done, so a 2 GB export is read in the
memory of its largest record. Every record carries the line it starts on, for the report.
"""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from .cleaning import Cleaning, TextStream, UnreadableFile

__all__ = ["child_text", "line_of", "local", "open_export", "stream_records"]

LINE_ATTRIBUTE = "{urn:porting}line"


def local(tag: str) -> str:
    """Return a tag's name without its namespace: WXR 1.0, 1.1 and 1.2 differ only there."""
    return tag.rsplit("}", 1)[-1]


def child_text(element: ET.Element, name: str) -> str:
    """Return the text of the first child with this local name, or ""."""
    for child in element:
        if local(child.tag) == name:
            return child.text or ""
    return ""


class _RecordTarget:
    """Expat handlers that build only the elements at `depth` and below, and hand each record out.

    They are set on the defused parser's expat object directly: ElementTree's own handlers would
    cost a Python call per event on top of ours, most of them for elements nobody reads.
    """

    def __init__(self, depth: int, line_tags: frozenset[str], expat: Any) -> None:
        self.depth = depth
        self.line_tags = line_tags
        self.expat = expat
        self.level = 0
        self.stack: list[ET.Element] = []
        self.texts: list[str] = []
        self.ready: list[ET.Element] = []
        self.root_tag = ""
        self._names: dict[str, tuple[str, str]] = {}

    def _name(self, raw: str) -> tuple[str, str]:
        # Expat gives "namespace}local"; ElementTree spells it "{namespace}local".
        known = self._names.get(raw)
        if known is None:
            known = self._names[raw] = ("{" + raw, raw.rsplit("}", 1)[1]) if "}" in raw else (raw, raw)
        return known

    def _flush_text(self) -> None:
        text = "".join(self.texts)
        self.texts = []
        element = self.stack[-1]
        if len(element):
            element[-1].tail = (element[-1].tail or "") + text
        else:
            element.text = (element.text or "") + text

    def start(self, raw: str, attrs: list[str] | dict[str, str]) -> None:
        self.level += 1
        if self.level < self.depth:
            if self.level == 1:
                self.root_tag = self._name(raw)[0]
            return
        tag, name = self._name(raw)
        if isinstance(attrs, dict):
            attrib = {self._name(k)[0]: v for k, v in attrs.items()}
        else:
            attrib = {self._name(attrs[i])[0]: attrs[i + 1] for i in range(0, len(attrs), 2)}
        if self.texts:
            self._flush_text()
        if self.level == self.depth:
            element = ET.Element(tag, attrib)
            element.set(LINE_ATTRIBUTE, str(self.expat.CurrentLineNumber))
        else:
            element = ET.SubElement(self.stack[-1], tag, attrib)
            if name in self.line_tags:
                element.set(LINE_ATTRIBUTE, str(self.expat.CurrentLineNumber))
        self.stack.append(element)

    def end(self, raw: str) -> None:
        level = self.level
        self.level -= 1
        if level < self.depth:
            return
        if self.texts:
            self._flush_text()
        element = self.stack.pop()
        if level == self.depth:
            self.ready.append(element)

    def data(self, text: str) -> None:
        if self.level >= self.depth:
            self.texts.append(text)


def open_export(path: Path) -> BinaryIO:
    """Open an export for reading, unpacked on the fly when gzip-compressed (Disqus mails .xml.gz)."""
    with open(path, "rb") as probe:
        magic = probe.read(4)
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if magic == b"PK\x03\x04":
        raise UnreadableFile("the file is a zip archive: unpack it and import the XML file inside")
    return open(path, "rb")


def line_of(element: ET.Element) -> int:
    """Return the line an element marked by `stream_records(line_tags=...)` starts on (0: unknown)."""
    return int(element.attrib.pop(LINE_ATTRIBUTE, "0"))


def stream_records(raw: BinaryIO, depth: int, cleaning: Cleaning, *, root: str, label: str,
                   line_tags: frozenset[str] = frozenset(),
                   progress: Callable[[int], None] | None = None) -> Iterator[tuple[ET.Element, int]]:
    """Yield (element, line) for every element `depth` levels down (the root is depth 1).

    The root element must be called `root` (any namespace), or the file is not a `label` export.
    Elements named in `line_tags` below a record remember their line too (see `line_of`).
    Raises UnreadableFile with one line saying what is wrong (and where) for anything that is
    not a whole, well-formed, entity-free XML document.
    """
    parser = DefusedXMLParser(target=ET.TreeBuilder(), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    expat = parser.parser
    target = _RecordTarget(depth, line_tags, expat)
    # Only the element handlers change: the defused entity and DTD handlers stay in place.
    expat.StartElementHandler = target.start
    expat.EndElementHandler = target.end
    expat.CharacterDataHandler = target.data
    stream = TextStream(raw, cleaning)
    seen = 0
    closing = False
    try:
        while True:
            text = stream.read()
            if not text:
                closing = True
                parser.close()
                break
            parser.feed(text)
            if target.root_tag and local(target.root_tag) != root:
                raise UnreadableFile(f"not a {label} export: it starts with <{local(target.root_tag)}>, "
                                     f"not <{root}>")
            if progress is not None:
                progress(stream.position - seen)
                seen = stream.position
            while target.ready:
                element = target.ready.pop(0)
                yield element, line_of(element)
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        if closing:
            raise UnreadableFile(f"the file ends too early (cut off?) at line {line}: {reason}") from None
        raise UnreadableFile(f"not well-formed XML at line {line}, column {column + 1}: {reason}") from None
    except EntitiesForbidden as error:
        what = f"an external entity {error.name!r} ({error.sysid})" if error.sysid \
            else f"the entity {error.name!r}"
        raise UnreadableFile(f"refused: the file declares {what}; entities are never expanded") from None
    except DefusedXmlException as error:
        raise UnreadableFile(f"refused: {error}") from None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise UnreadableFile(f"the compressed file is damaged or ends too early ({error})") from None
    while target.ready:
        element = target.ready.pop(0)
        yield element, line_of(element)
