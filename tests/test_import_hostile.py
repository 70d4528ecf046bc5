"""Hostile and broken files: one line saying what is wrong, exit status 1, and nothing written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Comment, ImportedComment, Thread, db

DATA = Path(__file__).parent / "data" / "import"
WXR = (DATA / "wordpress.xml").read_bytes()

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&lol5;</title></item></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>
<link>https://blog.example/a/</link><wp:post_id>1</wp:post_id>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>&secret;</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>
</wp:comment></item></channel></rss>
"""


def _declared(encoding: str) -> bytes:
    return WXR.replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode(), 1)


HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "refused: the file declares the entity 'lol'; "
                                       "entities are never expanded"),
    "external entity": (EXTERNAL_ENTITY, "refused: the file declares an external entity 'secret' "
                                         "(file:///etc/passwd)"),
    "truncated": (WXR[: len(WXR) * 2 // 3], "the file ends too early (cut off?) at line"),
    "empty": (b"", "the file ends too early"),
    "unknown encoding": (_declared("klingon-8"),
                         "declares an encoding this program does not know: 'klingon-8'"),
    "neither utf-8 nor windows-1252": (WXR.replace(b"Bernard Quill", b"Bernard \x81\x8d Quill"),
                                       "bytes that are neither UTF-8 nor Windows-1252"),
    "utf-16 declared, ascii bytes": (_declared("UTF-16"),
                                     "declares UTF-16 but its first bytes are not UTF-16"),
    "cut-off gzip": (gzip.compress(WXR)[:2000], "the compressed file is damaged or ends too early"),
    "zip": (b"PK\x03\x04" + bytes(40), "the file is a zip archive: unpack it"),
    "not xml": (b"Name,Email,Comment\nBernard,b@example.org,hello\n", "not well-formed XML at line 1"),
    "broken in the middle": (WXR.replace(b"</wp:comment_author_email>", b"</wp:comment_author_mail>", 1),
                             "not well-formed XML at line"),
}


def run(runner, site, path: Path):
    result = runner.invoke(args=["import", "wordpress", str(path), "--site", site.key])
    db.session.expire_all()
    return result


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_broken_files_get_one_line_and_write_nothing(runner, site, tmp_path, case):
    data, message = HOSTILE[case]
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    result = run(runner, site, path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    assert message in errors[0]
    # The progress bar's label is the only other line.
    assert [line for line in result.output.splitlines() if line.strip() and line not in errors] \
        == ["reading export.xml"]
    for model in (Comment, Thread, ImportedComment):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_a_failure_after_many_comments_leaves_no_half_import(runner, site, tmp_path):
    # Comments are written in batches as the file is read; the break comes after the first ones.
    start = WXR.index(b"<item>")
    end = WXR.index(b"</channel>")
    items = WXR[start:end]
    many = WXR[:start] + b"".join(
        items.replace(b"<wp:comment_id>", b"<wp:comment_id>%d" % n)
        .replace(b"<wp:post_id>", b"<wp:post_id>%d" % n)
        for n in range(1, 120)) + b"<item><title>cut"
    path = tmp_path / "cut.xml"
    path.write_bytes(many)
    result = run(runner, site, path)
    assert result.exit_code == 1
    assert "the file ends too early" in result.output
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_utf16_with_a_byte_order_mark_is_read(runner, site, tmp_path):
    path = tmp_path / "utf16.xml"
    text = WXR.decode("utf-8", errors="replace").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16"))
    result = runner.invoke(args=["import", "wordpress", str(path), "--site", site.key, "--map",
                                 "https://old-garden.example=https://blog.example"])
    assert result.exit_code == 0, result.output
    assert "imported 8 comments in 2 threads" in result.output


def test_an_html_entity_outside_cdata_is_read_not_refused(runner, site, tmp_path):
    path = tmp_path / "nbsp.xml"
    path.write_bytes(WXR.replace(b"<title>First frost</title>", b"<title>First&nbsp;frost &hellip;</title>"))
    result = run(runner, site, path)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Thread.title).where(Thread.uri.endswith("/first-frost/"))) \
        == "First\u00a0frost \u2026"


def test_a_gzip_compressed_export_is_read(runner, site, tmp_path):
    path = tmp_path / "export.xml.gz"
    path.write_bytes(gzip.compress(WXR))
    result = runner.invoke(args=["import", "wordpress", str(path), "--site", site.key, "--map",
                                 "https://old-garden.example=https://blog.example"])
    assert result.exit_code == 0, result.output
    assert "imported 8 comments in 2 threads" in result.output
