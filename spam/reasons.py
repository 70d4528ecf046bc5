"""Say in words why the model gave a comment its score.

A score's reasons are the features whose weight times value pushed it most, each described the way a
moderator reads it ("links to bit.ly", "a phone number", "the word 'casino'"). Character n-grams are
merged into one "text pattern" reason and used only when better reasons are few; link counts, the
number of linked sites and the link token are merged into one reason that names the sites. Every
description comes from the row ``spam.features.TextNormaliser`` wrote: nothing here normalises the
text again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .features import PROMOTION_PATTERNS, RAW_COLUMNS
from .textnorm import SHORTENER_DOMAINS, token_domain

__all__ = ["Reason", "pick_reasons", "WORD_MIN_WEIGHT"]

# A single word or word pair is named as a reason only when it moves the log-odds this much on
# its own (about a third more or less likely to be spam): "the word 'coming'" at 0.03 explains
# nothing and, shown beside a 0.00 score, reads like an accusation. It still counts in the score.
# moderation/console/reasons.py applies the same floor to scores stored before it existed.
WORD_MIN_WEIGHT = 0.25


@dataclass(frozen=True)
class Reason:
    """One feature's push on a score, in words a moderator understands."""

    feature: str
    text: str
    weight: float


_PROMOTION_TEXT = {
    "call_to_action": "a call to action ('{}')",
    "own_promotion": "promotes the writer's own work ('{}')",
    "audience_request": "asks for subscribers, followers or likes ('{}')",
    "support_line": "a support or helpline phrase ('{}')",
    "offer": "offers a product or service ('{}')",
}


_STRUCTURE_TEXT: dict[str, Callable[[dict[str, Any]], str]] = {
    "links": lambda r: _plural(int(r["links"]), "link"),
    "domains": lambda r: _plural(int(r["domains"]), "different linked site"),
    "shortener": lambda r: "a link shortener",
    "length": lambda r: f"length ({int(r['chars'])} characters)",
    "short_text": lambda r: f"a very short comment ({int(r['chars'])} characters)",
    "caps": lambda r: (
        "mostly capital letters" if r["caps_share"] >= 0.5
        else f"{round(100 * r['caps_share'])}% capital letters"
    ),
    "digits": lambda r: f"{round(100 * r['digit_share'])}% digits",
    "repeated_chars": lambda r: "repeated characters ('!!!!', 'sooooo')",
    "repeated_words": lambda r: "the same words repeated",
    "exclaims": lambda r: "runs of '!!' or '??'",
    "phone": lambda r: "a phone number" + _quoted(r, "phone", "({})"),
    "email": lambda r: "an e-mail address",
    "money": lambda r: "sums of money or percentages",
    "author_link": lambda r: "a link in the author name",
    "obfuscated": lambda r: "disguised spelling (spaced letters, look-alike characters)",
    "honeypot": lambda r: "the honeypot field was filled",
    "seconds_missing": lambda r: "no form timing",
    "seconds_lt3": lambda r: f"submitted {r['seconds']:.0f} s after the form was shown",
    "seconds_lt10": lambda r: f"submitted {r['seconds']:.0f} s after the form was shown",
    "seconds_normal": lambda r: f"took {r['seconds']:.0f} s to write",
    "author_approved": lambda r: f"author has {_plural(int(r['author_approved']), 'approved comment')}",
    "author_spam": lambda r: f"author has {_plural(int(r['author_spam']), 'earlier spam comment')}",
    "near_duplicates": lambda r: f"{_plural(int(r['near_duplicates']), 'near-identical comment')} today",
}
_CUE_TEXT: dict[str, Callable[[dict[str, Any]], str]] = {
    "toll_free": lambda r: "a toll-free phone number" + _quoted(r, "phone", "({})"),
    "praise_pitch": lambda r: "generic praise for the post, then a pitch",
    "code": lambda r: "quotes code or an error message" + _quoted(r, "code", "('{}')"),
    "author_url": lambda r: "the author gave a website" + _quoted(r, "author_domain", "({})"),
    "author_url_keyword": lambda r: "the author's website looks like a keyword domain"
    + _quoted(r, "author_domain", "({})"),
    "author_url_word": lambda r: "the author's website has a selling word in its name"
    + _quoted(r, "author_domain", "({})"),
    "author_url_dashed": lambda r: "the author's website is a dashed phrase"
    + _quoted(r, "author_domain", "({})"),
    "author_url_tld": lambda r: "the author's website is on a throwaway domain"
    + _quoted(r, "author_domain", "({})"),
    "author_keyword": lambda r: "the author name reads like an advert" + _quoted(r, "author", "('{}')"),
    "author_word": lambda r: "the author name has a selling word in it" + _quoted(r, "author", "('{}')"),
    "email_keyword": lambda r: "the e-mail address looks commercial" + _quoted(r, "email_domain", "({})"),
    "link_keyword": lambda r: "links to a keyword domain" + _quoted(r, "link_domain", "({})"),
    "other_script": lambda r: "written in another alphabet than the page" + _quoted(r, "script", "({})"),
    "on_topic": lambda r: "speaks about the page"
    + (f" ('{', '.join(r['evidence']['shared'])}')" if r["evidence"].get("shared") else ""),
    "off_topic": lambda r: (
        f"nothing in common with the page '{r['evidence']['page_title']}'"
        if r["evidence"].get("page_title") else "nothing in common with the page's other comments"
    ),
}
_SPECIAL_WORDS = {
    "__url__": "a link", "__email__": "an e-mail address", "__phone__": "a phone number",
    "__tollfree__": "a toll-free phone number",
}


def _quoted(raw: dict[str, Any], key: str, form: str) -> str:
    value = raw["evidence"].get(key)
    return " " + form.format(value) if value else ""


# The link count, the distinct-site count and the ``__url__`` token move together, so a moderator
# sees them as one reason that names the linked sites.
_LINK_FEATURES = frozenset({"structure:links", "structure:domains", "words:__url__"})


def _merge_link_reasons(reasons: list[Reason], text: str, links: int) -> list[Reason]:
    parts = [r for r in reasons if r.feature in _LINK_FEATURES]
    if not parts:
        return reasons
    rest = [r for r in reasons if r.feature not in _LINK_FEATURES]
    # The normalised text carries each link as its domain token, in order.
    sites = list(dict.fromkeys(d for d in map(token_domain, text.split()) if d is not None))
    shown = ", ".join(sites[:3]) + (", ..." if len(sites) > 3 else "")
    if links == 1 and sites:
        words = f"links to {shown}"
    elif sites:
        words = f"{links} links to {shown}"
    else:
        words = _plural(links, "link")
    merged = Reason("structure:links", words, sum(r.weight for r in parts))
    for i, r in enumerate(rest):
        if r.feature == "structure:shortener" and sites:
            short = [d for d in sites if d in SHORTENER_DOMAINS]
            rest[i] = Reason(r.feature, f"a link shortener ({', '.join(short) or shown})", r.weight)
    return [merged, *rest]


# The phone count, the toll-free cue and the ``__phone__`` / ``__tollfree__`` tokens are one fact
# to a moderator: one reason that quotes the number.
_PHONE_FEATURES = frozenset(
    {"structure:phone", "cues:toll_free", "words:__phone__", "words:__tollfree__"}
)


def _merge_phone_reasons(reasons: list[Reason], raw: dict[str, Any]) -> list[Reason]:
    parts = [r for r in reasons if r.feature in _PHONE_FEATURES]
    if len(parts) < 2:
        return reasons
    rest = [r for r in reasons if r.feature not in _PHONE_FEATURES]
    kind = "a toll-free phone number" if raw["toll_free"] else "a phone number"
    merged = Reason("structure:phone", kind + _quoted(raw, "phone", "({})"),
                    sum(r.weight for r in parts))
    return [merged, *rest]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _describe(group: str, name: str, raw: dict[str, Any], text: str) -> str | None:
    if group == "promotion":
        found = PROMOTION_PATTERNS[name].search(text)
        return _PROMOTION_TEXT[name].format(found.group(0) if found else "")
    if group == "cues":
        return _CUE_TEXT[name](raw)
    if group == "structure":
        if name == "seconds_missing":
            return None  # the absence of a signal is no reason a moderator can act on
        return _STRUCTURE_TEXT[name](raw)
    parts = name.split(" ")
    shown = []
    for p in parts:
        dom = token_domain(p)
        if dom is not None:
            shown.append(dom)
        else:
            shown.append(_SPECIAL_WORDS.get(p, p))
    if len(parts) == 1:
        dom = token_domain(parts[0])
        if dom is not None:
            return f"links to {dom}"
        if parts[0] in _SPECIAL_WORDS:
            return _SPECIAL_WORDS[parts[0]]
        if not any(c.isalnum() for c in parts[0]):
            return f"the sign '{parts[0]}'"
        return f"the word '{parts[0]}'"
    if any(token_domain(p) for p in parts):
        return "links to " + " / ".join(s for s, p in zip(shown, parts, strict=True) if token_domain(p))
    return "the words '" + " ".join(shown) + "'"


def pick_reasons(names: Sequence[str], contributions: Sequence[float], logit: float,
                 row: np.ndarray, n_text: int, top: int) -> list[Reason]:
    """Choose and describe the ``top`` reasons for one scored row.

    ``names`` ("group__feature") and ``contributions`` (weight times value) are the row's non-zero
    features, ``logit`` the model's decision value and ``row`` the normaliser's output (text first,
    then ``RAW_COLUMNS``, then the evidence dict). For a spam-leaning score the reasons are mostly those
    pushing towards spam, plus up to two of the strongest pushes the other way when they are
    sizeable (and the reverse for a ham-leaning one). A word is a reason only above
    ``WORD_MIN_WEIGHT``.
    """
    if top <= 0:
        return []
    direction = 1.0 if logit >= 0 else -1.0
    text = str(row[0])
    raw = dict(zip(RAW_COLUMNS, row[n_text:-1], strict=True))
    raw["evidence"] = row[-1]

    reasons: list[Reason] = []
    char_parts: list[tuple[float, str]] = []
    for full_name, w in zip(names, contributions, strict=True):
        if w == 0.0:
            continue
        group, _, name = str(full_name).partition("__")
        if name == "?":
            continue  # a hashed column none of this comment's n-grams maps to: nothing to name
        if group in ("chars", "cased"):
            char_parts.append((float(w), name))
            continue
        # (The weight first: it turns away most words, and costs least.)
        if group == "words" and abs(w) < WORD_MIN_WEIGHT and token_domain(name) is None \
                and name not in _SPECIAL_WORDS:
            continue
        if group == "words" and all(word in ENGLISH_STOP_WORDS for word in name.split(" ")):
            continue  # "the word 'the'" tells a moderator nothing; it still counts in the score
        described = _describe(group, name, raw, text)
        if described is not None:
            dom = token_domain(name) if group == "words" else None
            feature = f"domain:{dom}" if dom else f"{group}:{name}"
            reasons.append(Reason(feature=feature, text=described, weight=float(w)))

    reasons = _merge_link_reasons(reasons, text, int(raw["links"]))
    reasons = _merge_phone_reasons(reasons, raw)
    pro = sorted((r for r in reasons if r.weight * direction > 0), key=lambda r: -abs(r.weight))
    con = sorted((r for r in reasons if r.weight * direction < 0), key=lambda r: -abs(r.weight))
    same_way = [(w, g) for w, g in char_parts if w * direction > 0]
    if len(pro) < top and same_way:
        same_way.sort(key=lambda p: -abs(p[0]))
        # Both char groups see "Free" and "free", and one or two letters say nothing to a
        # reader: name the three strongest distinct patterns of three characters or more.
        patterns = dict.fromkeys(g.strip() for _, g in same_way if len(g.strip()) >= 3)
        unique = list({p.lower(): p for p in reversed(patterns)}.values())[::-1]
        shown = ", ".join(f"'{g}'" for g in unique[:3]) or "of its characters"
        total = sum(w for w, _ in same_way)
        pro.append(Reason("chars:*", f"the text pattern {shown}", total))
        pro.sort(key=lambda r: -abs(r.weight))
    chosen = pro[:top]
    # The other way too, so a moderator sees what spoke for the comment as well as against it:
    # up to two sizeable pushes, in the places of the weakest same-way ones.
    sizeable = [r for r in con if chosen and abs(r.weight) >= 0.25 * abs(chosen[0].weight)][:2]
    if sizeable and len(chosen) >= top:
        keep = max(top - len(sizeable), (top + 1) // 2)
        chosen = chosen[:keep] + sizeable[: top - keep]
    elif con and len(chosen) < top:
        chosen = chosen + con[: top - len(chosen)]
    return chosen
