"""The widget's weight: embed.js and embed.css as served, raw and gzipped, against the budget.

The budget is 8 KB of JavaScript and CSS together, gzipped, with the default
language (English, built into embed.js), which is what a browser downloads
from any server that compresses them (the service gzips them itself, with
Zopfli, when asked). The proof-of-work solver and the other languages are
fetched on demand and listed below the total.
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
    # Fetched only when needed: the solver when a person starts on the form, a language when chosen.
    for name in ("pow", "i18n/ar", "i18n/ja"):
        label = "pow.js" if name == "pow" else f"{name}.json"
        print(f"{label:<12}{len(assets[name].body):>12,}{len(assets[name].gzipped):>12,}  (on demand)")
    verdict = "within" if gz_total <= BUDGET_GZIPPED else "OVER"
    print(f"budget: {BUDGET_GZIPPED:,} bytes gzipped -> {verdict} budget "
          f"({gz_total / BUDGET_GZIPPED:.0%} used; Isso's widget is about 20 KB gzipped)")


if __name__ == "__main__":
    main()
