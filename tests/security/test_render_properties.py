"""The renderer turns any text into inert HTML: three tags, http(s) links, nothing that runs.

Hypothesis generates texts biased towards the characters and fragments that
break sanitizers (angle brackets, quotes, ampersands, schemes, handlers,
invisible and direction characters) and checks properties of every output.
Runs are bounded and derandomized so CI cannot flake.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models.render import LINK_REL, render_body
from tests.security.payloads import PAYLOADS

# How many examples comes from the Hypothesis profile (tests/conftest.py): 200, or 40 in test-fast.
SETTINGS = settings(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "<", ">", "\"", "'", "`", "&", "&amp;", "&#x3C;", "&lt;", "=", "/", "\n", "\n\n", "\r\n", "\t", " ",
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "onload=", " onclick=", "javascript:",
    "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:text/html,", "http://", "https://", "HTTP://",
    "http://example.com/", "https://a.b/?x=1&y=2", "http://x/\"onmouseover=\"", "(", ")", ".", ",",
    "<a href=", "<svg/onload=", "<p>", "</p>", "<br>", "<!--", "-->", "<![CDATA[", "\u202e",
    "\u200b", "\ufeff", "\u00a0", "😀", "\U0001d54f", "é", "\u0301",
]
# The body a comment can have: validation refuses control characters other than
# line breaks and tabs, and lone surrogates (see moderation/validation.py).
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters=[
    chr(c) for c in range(0x20) if chr(c) not in "\n\r\t"] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)])
TEXTS = st.lists(st.sampled_from(FRAGMENTS) | st.text(CHARACTERS, max_size=12), max_size=40).map("".join)


class _Tags(HTMLParser):
    """Collect every start tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "br":
            self.text.append("\n")
        elif tag == "p" and len([t for t, _ in self.tags if t == "p"]) > 1:
            self.text.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def visible_text(markup: str) -> str:
    """Return what a reader sees, with <br> as a line break and paragraphs as a blank line."""
    return "".join(parse(markup).text)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@SETTINGS
@given(TEXTS)
@example("<script>alert(1)</script>")
@example("http://example.com/\"onmouseover=\"alert(1)")
@example("java\tscript:alert(1) and javascript:alert(1)")
@example("http://x/\"onmouseover=\"")
def test_rendered_html_has_only_paragraphs_breaks_and_http_links(text: str) -> None:
    out = render_body(text)
    for tag, attrs in parse(out).tags:
        assert tag in ("p", "br", "a"), out
        names = {name for name, _ in attrs}
        if tag == "a":
            assert names <= {"href", "rel"}, out
            # nh3 drops an href it cannot parse as a URL ("http://[::1"): the
            # link is then plain text, which is harmless.
            href = dict(attrs).get("href")
            assert href is None or href.lower().startswith(("http://", "https://")), out
            assert dict(attrs).get("rel") == LINK_REL, out
        else:
            assert not names, out


@SETTINGS
@given(TEXTS)
def test_rendered_html_never_carries_a_handler_or_a_script_url(text: str) -> None:
    out = render_body(text)
    lowered = out.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered), out
    for _tag, attrs in parse(out).tags:
        for _name, value in attrs:
            value = (value or "").lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:")), out


@SETTINGS
@given(TEXTS)
def test_rendering_keeps_every_visible_character_the_author_typed(text: str) -> None:
    # Escaping, links and paragraphs only add markup: a reader sees the same
    # characters, with only the line breaks between them re-laid out.
    assert _squeeze(visible_text(render_body(text))) == _squeeze(text)


@SETTINGS
@given(TEXTS)
def test_rendering_is_deterministic_and_rendering_its_own_text_gives_the_same_html(text: str) -> None:
    out = render_body(text)
    assert render_body(text) == out
    # The visible text, with paragraphs as blank lines and <br> as line breaks,
    # is a canonical form of the comment: rendering it again changes nothing.
    assert render_body(visible_text(out)) == out


def test_every_payload_of_the_abuse_corpus_renders_inert() -> None:
    for payload in PAYLOADS:
        out = render_body(payload)
        lowered = out.lower()
        assert "<script" not in lowered and "<svg" not in lowered and "<img" not in lowered, payload
        for tag, attrs in parse(out).tags:
            assert tag in ("p", "br", "a"), payload
            for name, value in attrs:
                assert not name.startswith("on"), payload
                if name == "href":
                    assert (value or "").lower().startswith(("http://", "https://")), payload
