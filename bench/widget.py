"""The widget's weight: embed.js and embed.css as served, raw and gzipped, against the budget.

The budget is 8 KB of JavaScript and CSS together, gzipped,
which is what a browser downloads from any server that compresses them
(the service gzips both itself when asked).
"""

from __future__ import annotations

from moderation.embed import embed_assets

__all__ = ["main", "BUDGET_GZIPPED"]

BUDGET_GZIPPED = 8 * 1024


def main() -> None:
    assets = embed_assets()
    rows = [("embed.js", assets["js"]), ("embed.css", assets["css"])]
    raw_total = sum(len(a.body) for _, a in rows)
    gz_total = sum(len(a.gzipped) for _, a in rows)
    print(f"{'file':<12}{'raw bytes':>12}{'gzipped':>12}")
    for name, asset in rows:
        print(f"{name:<12}{len(asset.body):>12,}{len(asset.gzipped):>12,}")
    print(f"{'total':<12}{raw_total:>12,}{gz_total:>12,}")
    verdict = "within" if gz_total <= BUDGET_GZIPPED else "OVER"
    print(f"budget: {BUDGET_GZIPPED:,} bytes gzipped -> {verdict} budget "
          f"({gz_total / BUDGET_GZIPPED:.0%} used; Isso's widget is about 20 KB gzipped)")


if __name__ == "__main__":
    main()
