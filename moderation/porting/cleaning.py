"""Make real export files readable: decode, drop what XML forbids, repair mojibake, HTML to text.

Exports from old blogs break strict parsers for a byte here and there: control characters, HTML
entities XML does not know, Latin-1 bytes in a file that says UTF-8, text that was encoded to UTF-8
twice. `TextStream` fixes those on the way into the parser, chunk by chunk, so a file of any size
is read in constant memory, and counts every change in `Cleaning` so the report can say what was
dropped. The rule: only change what a strict parser would refuse or what decodes to the same text
a person meant; anything else is a clear error, never a guess.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from html.entities import html5
from html.parser import HTMLParser
from typing import BinaryIO

__all__ = ["Cleaning", "TextStream", "UnreadableFile", "html_to_text", "repair_mojibake", "tidy"]

CHUNK = 1 << 16
SNIFF = 1024


class UnreadableFile(Exception):
    """The file cannot be read as text at all; the message is one line for the person importing."""


@dataclass
class Cleaning:
    """What was changed on the way in, for the report."""

    control_characters: int = 0
    non_utf8_bytes: int = 0
    html_entities: int = 0
    mojibake_repaired: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        if self.control_characters:
            out.append(f"dropped {self.control_characters} control characters that XML does not allow")
        if self.non_utf8_bytes:
            out.append(f"read {self.non_utf8_bytes} bytes that were not UTF-8 as Windows-1252")
        if self.html_entities:
            out.append(f"read {self.html_entities} HTML entities (like &nbsp;) that XML does not define")
        if self.mojibake_repaired:
            out.append(f"repaired {self.mojibake_repaired} texts that had been encoded to UTF-8 twice")
        return out + self.notes


# Characters XML 1.0 forbids even as character references; tab, LF and CR are fine.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_NAMED_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_NAMED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _forbidden(code: int) -> bool:
    return code < 0x20 and code not in (0x09, 0x0A, 0x0D) or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF \
        or 0xD800 <= code <= 0xDFFF


def _sniff_encoding(head: bytes) -> tuple[str, int]:
    """Return the file's encoding and how many BOM bytes to skip."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return name, len(bom)
    if head[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        return ("utf-16-le" if head[0] == 0x3C else "utf-16-be"), 0
    match = _DECLARED.match(head.lstrip())
    if not match:
        return "utf-8", 0
    declared = match.group(1).decode("ascii")
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        raise UnreadableFile(f"the file declares an encoding this program does not know: {declared!r}") \
            from None
    if name.startswith(("utf-16", "utf-32")):
        # The file's first bytes were single-byte ASCII, so this declaration is false.
        raise UnreadableFile(f"the file declares {declared} but its first bytes are not {declared}")
    return name, 0


class TextStream:
    """A file-like reader over a byte stream that gives clean text to an XML parser.

    `read(n)` returns str. Bytes that are not valid in a UTF-8 file are read as Windows-1252 (the
    usual cause: a Latin-1 comment pasted into a UTF-8 database); control characters, and
    character references to them, are dropped; HTML-only entities become character references.
    `position` is how many bytes were consumed, for a progress bar.
    """

    def __init__(self, raw: BinaryIO, cleaning: Cleaning) -> None:
        self.raw = raw
        self.cleaning = cleaning
        self.position = 0
        head = raw.read(SNIFF)
        self.encoding, skip = _sniff_encoding(head)
        self._pending = head[skip:]
        self.position = len(head)
        # Undecodable bytes come through as lone surrogates, read as Windows-1252 in _clean.
        errors = "surrogateescape" if self.encoding == "utf-8" else "strict"
        self._decoder = codecs.getincrementaldecoder(self.encoding)(errors=errors)
        self._carry = ""
        self._done = False

    def read(self, size: int = -1) -> str:
        while not self._done:
            if self._pending:
                data, self._pending = self._pending, b""
            else:
                data = self.raw.read(CHUNK)
                self.position += len(data)
            final = not data
            try:
                text = self._decoder.decode(data, final)
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"bytes that are not {self.encoding} text near byte "
                                     f"{self.position - len(data) + error.start}") from None
            text = self._carry + text
            self._carry = ""
            if not final:
                # A reference cut in two by the chunk boundary waits for its end.
                cut = text.rfind("&")
                if cut != -1 and ";" not in text[cut:] and len(text) - cut < 40:
                    text, self._carry = text[:cut], text[cut:]
            else:
                self._done = True
            text = self._clean(text)
            if text:
                return text
        return ""

    def _clean(self, text: str) -> str:
        if "\x00" in text and text.count("\x00") > len(text) // 10:
            raise UnreadableFile(f"the file is not {self.encoding} text (it is full of NUL bytes: "
                                 "UTF-16 without a byte order mark, or not text at all)")
        if self.encoding == "utf-8" and _ESCAPED.search(text):
            text = _ESCAPED.sub(self._as_cp1252, text)
        text, dropped = _CONTROL.subn("", text)
        self.cleaning.control_characters += dropped
        if "&" in text:
            text = _CHAR_REF.sub(self._char_ref, text)
            text = _NAMED_REF.sub(self._named_ref, text)
        return text

    def _as_cp1252(self, match: re.Match[str]) -> str:
        raw = bytes(ord(c) - 0xDC00 for c in match.group(0))
        if any(b in _CP1252_UNDEFINED for b in raw):
            raise UnreadableFile(f"bytes that are neither UTF-8 nor Windows-1252 text: {raw[:8]!r}")
        self.cleaning.non_utf8_bytes += len(raw)
        return raw.decode("cp1252")

    def _char_ref(self, match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if _forbidden(code):
            self.cleaning.control_characters += 1
            return ""
        return match.group(0)

    def _named_ref(self, match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _XML_NAMED:
            return match.group(0)
        text = html5.get(name + ";")
        if text is None:
            return match.group(0)  # left for the parser to refuse, or for a DTD to define
        self.cleaning.html_entities += 1
        return "".join(f"&#{ord(c)};" for c in text)


_ESCAPED = re.compile("[\udc80-\udcff]+")
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


# --- text fields -------------------------------------------------------------

def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # what Latin-1 makes of the five bytes Windows-1252 leaves undefined


_CONTINUATION = "".join(_cp1252_char(b) for b in range(0x80, 0xC0))
_TO_BYTE = {_cp1252_char(b): b for b in range(0x80, 0x100)}
# A UTF-8 sequence read back as Windows-1252: a lead byte (C2-F4) then one to three continuation bytes.
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{re.escape(_CONTINUATION)}]{{1,3}}")


def _unmangle(match: re.Match[str]) -> str:
    try:
        return bytes(_TO_BYTE[c] for c in match.group(0)).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return match.group(0)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Windows-1252 and encoded again ("cafÃ©" -> "café").

    Each suspicious run is repaired only if its bytes decode as UTF-8, so text that merely
    contains such letters ("Ã" in Portuguese before a space) is left alone.
    """
    if not _MOJIBAKE.search(text):
        return text
    # Twice: text encoded three times needs two passes, and the second pass is a no-op otherwise.
    for _ in range(2):
        repaired = _MOJIBAKE.sub(_unmangle, text)
        if repaired == text:
            break
        text = repaired
    return text


def tidy(text: str | None, cleaning: Cleaning | None = None) -> str:
    """Return a field's text with line endings as LF, control characters gone and mojibake repaired."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    repaired = repair_mojibake(text)
    if repaired != text and cleaning is not None:
        cleaning.mojibake_repaired += 1
    return repaired


# --- HTML comment bodies -----------------------------------------------------

_BLOCK = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "pre", "h1", "h2", "h3", "h4", "h5",
                    "h6", "table", "tr"})
_SKIP = frozenset({"script", "style"})


class _TextOf(HTMLParser):
    def __init__(self, newlines_are_breaks: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_newlines = newlines_are_breaks
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []
        self.skipping = 0
        self.after_break = False

    def _emit(self, text: str) -> None:
        self.parts.append(text)

    def _paragraph(self) -> None:
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self._emit("\n\n" if not "".join(self.parts[-1:]).endswith("\n") else "\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self._emit("\n")
            self.after_break = True
        elif tag in _BLOCK:
            self._paragraph()
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((href.strip(), len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self._paragraph()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            shown = "".join(self.parts[start:]).strip()
            # Keep where a link pointed when its words do not say it; readers saw both.
            if href.startswith(("http://", "https://")) and href.rstrip("/") not in shown:
                self._emit(f" ({href})" if shown else href)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.after_break and data.startswith("\n"):
            data = data[1:]  # "<br />\n" is one line break, not two
        self.after_break = False
        if not self.keep_newlines:
            data = re.sub(r"\s+", " ", data)
        self._emit(data)


def html_to_text(markup: str, newlines_are_breaks: bool = True) -> str:
    """Return the text a reader saw in an HTML comment body, with line breaks and link targets.

    WordPress keeps a comment as typed, with a few tags allowed and its line breaks meaningful;
    Disqus keeps rendered HTML where only tags break lines (`newlines_are_breaks=False`).
    """
    if "<" not in markup and "&" not in markup:
        return markup.strip("\n") if newlines_are_breaks else re.sub(r"\s+", " ", markup).strip()
    parser = _TextOf(newlines_are_breaks)
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text) if not newlines_are_breaks else text
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") if newlines_are_breaks else text.strip()


def unescape(text: str) -> str:
    """Return text with HTML character references read, for names and titles kept as HTML."""
    return html.unescape(text) if "&" in text else text
