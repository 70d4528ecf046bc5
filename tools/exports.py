"""Generated export files, for the import tests and bench/importers.py.

`write_wxr` writes a WordPress export (WXR 1.2) of any size in the shares a real blog has:
mostly approved comments, some pending and spam, a little trash, pingbacks and replies.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

__all__ = ["write_wxr"]

WORDS = ("the leeks went in early this year and the slugs found them within a week so I tried copper "
         "tape beer traps grit and finally a hedgehog house which worked better than anything else "
         "café naïve über smörgåsbord weather frost rain compost seedlings greenhouse").split()
STATUSES = ["1"] * 85 + ["0"] * 5 + ["spam"] * 8 + ["trash"] * 1 + ["1"] * 1
NAMES = [f"Reader {n}" for n in range(3000)]


def write_wxr(path: Path, comments: int, seed: int = 7, posts: int | None = None,
              site: str = "https://bench.example") -> int:
    """Write a WXR 1.2 file with `comments` comments (100 a post by default); return its size in bytes."""
    posts = posts or max(1, comments // 100)
    rng = random.Random(seed)
    start = datetime(2008, 1, 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                  'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                  "\n<channel>\n<title>Bench blog</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n")
        comment_id = 0
        per_post = comments // posts
        for post in range(1, posts + 1):
            posted = start + timedelta(days=post)
            out.write(f"<item>\n<title>Post {post} &amp; its comments</title>\n"
                      f"<link>{site}/{posted:%Y/%m}/post-{post}/</link>\n"
                      f"<wp:post_id>{post}</wp:post_id>\n<wp:post_type>post</wp:post_type>\n"
                      "<wp:status>publish</wp:status>\n")
            ids: list[int] = []
            moment = posted
            count = per_post + (comments - per_post * posts if post == posts else 0)
            for _ in range(count):
                comment_id += 1
                moment += timedelta(minutes=rng.randint(1, 600))
                name = rng.choice(NAMES)
                kind = "pingback" if rng.random() < 0.01 else ""
                parent = rng.choice(ids) if ids and rng.random() < 0.3 else 0
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 80)))
                if rng.random() < 0.2:
                    body += "\n\nSee <a href=\"https://example.org/notes\">my notes</a> &amp; photos."
                email = f"r{NAMES.index(name)}@example.org" if rng.random() < 0.8 else ""
                out.write(
                    "<wp:comment>\n"
                    f"<wp:comment_id>{comment_id}</wp:comment_id>\n"
                    f"<wp:comment_author><![CDATA[{name}]]></wp:comment_author>\n"
                    f"<wp:comment_author_email>{email}</wp:comment_author_email>\n"
                    "<wp:comment_author_url></wp:comment_author_url>\n"
                    f"<wp:comment_author_IP>198.51.100.{rng.randint(1, 254)}</wp:comment_author_IP>\n"
                    f"<wp:comment_date>{moment:%Y-%m-%d %H:%M:%S}</wp:comment_date>\n"
                    f"<wp:comment_date_gmt>{moment:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>\n"
                    f"<wp:comment_content><![CDATA[{body}]]></wp:comment_content>\n"
                    f"<wp:comment_approved>{rng.choice(STATUSES)}</wp:comment_approved>\n"
                    f"<wp:comment_type>{kind}</wp:comment_type>\n"
                    f"<wp:comment_parent>{parent}</wp:comment_parent>\n"
                    "</wp:comment>\n")
                ids.append(comment_id)
            out.write("</item>\n")
        out.write("</channel>\n</rss>\n")
    return path.stat().st_size
