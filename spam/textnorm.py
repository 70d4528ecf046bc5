"""Normalise comment text before the spam classifier turns it into features.

Spammers disguise the words a filter looks for, and real comments arrive with markup and invisible
characters, so every text goes through the same steps before any n-gram is counted: zero-width and
control characters are removed (U+FEFF is common in pasted text), HTML tags are stripped while a
link's href is kept, the text is NFKC-normalised (fullwidth and "mathematical" letters become plain
ones), links become domain tokens (``__url__ __dom_bit_ly__``), e-mail addresses and phone numbers
become ``__email__`` and ``__phone__``, and obfuscations are folded back: spaced or dotted letters
("v i a g r a", "v.i.a.g.r.a"), Cyrillic and Greek look-alike letters inside an otherwise Latin word,
and leetspeak digits between letters ("v1agra", "c4sino"). The result is lower-case with runs of a
repeated character cut to two ("soooo" -> "soo"). The counts the classifier also needs (links,
domains, shorteners, obfuscations, e-mails, phones) come back with the text, so the work is done once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "NormalisedText",
    "SHORTENER_DOMAINS",
    "TOLL_FREE_PREFIXES",
    "domain_token",
    "normalise",
    "normalise_many",
    "registrable_domain",
    "remove_invisible",
    "strip_invisible",
    "token_domain",
]

# Link shorteners hide the real target; a moderator wants to know one was used.
SHORTENER_DOMAINS = frozenset(
    {
        "bit.ly", "bitly.com", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly",
        "adf.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "rb.gy", "t.ly", "v.gd",
        "shorte.st", "bc.vc", "lnkd.in", "youtu.be", "tr.im", "qr.net", "x.co", "soo.gd",
    }
)

# Top-level domains we accept for a bare "example.com" without a scheme; a closed list keeps
# "e.g." or "end.Then" from being read as links.
_BARE_TLDS = (
    "com|net|org|info|biz|ly|io|co|me|tv|gl|be|to|xyz|online|site|club|top|shop|store|app|gg|cc|"
    "ru|de|uk|us|fr|br|pl|es|it|nl|au|ca|in|ws|eu|tk|ml|ga|cf|pw|su|cn|jp|kr|vn|id|ph|mx|ar|edu|gov|"
    "live|link|win|bid|loan|vip|pro|fun|space|website|tech|today|news|blog|page|world|ws"
)
# Names that look like bare domains but, written alone, are what programmers call their tools
# ("an ASP.NET app"); with a scheme, "www." or a path they are links again.
_NOT_LINKS = frozenset({"asp.net", "vb.net", "ado.net", "the.net"})
# Second-level labels under which the registrable domain has three labels (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})

# Invisible characters that split words without showing: zero-width, bidi controls, soft hyphen,
# BOM, and C0/C1 controls other than whitespace.
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160"
    "\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]+)[^>]*>""", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,500}>|<!--.*?-->", re.DOTALL)
_DOT_WORD = re.compile(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*", re.IGNORECASE)
_DOT_SPACED_TLD = re.compile(r"\b(\w+)\s+dot\s+(com|net|org|ru|info|ly)\b", re.IGNORECASE)
_SPACED_DOT_TLD = re.compile(r"\b(\w{2,})\s+\.\s*(com|net|org|ly|ru|info)\b", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
_URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()\[\]]+"
    r"|\b(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+(?:" + _BARE_TLDS + r")\b"
    r"(?:/[^\s<>\"'()\[\]]*)?",
    re.IGNORECASE,
)
# Phone numbers as people write them: "+1 (800) 555-0199", "800.555.0199", "+44 20 7946 0958",
# "+91 98765 43210". A run of digits and dots followed by ".digit" is a version or an IP address.
_PHONE = re.compile(
    r"(?<![\w+.])(?:\+?\d{1,3}[\s.-]?)?"
    r"(?:\(\d{2,4}\)[\s.-]?\d{3,4}[\s.-]?\d{3,4}|\d{2,4}[\s.-]\d{3,4}[\s.-]?\d{3,4}|\d{5}[\s.-]\d{5})"
    r"(?![\w]|\.\d)"
)
# North American toll-free prefixes: scams that want a call rather than a click give these.
TOLL_FREE_PREFIXES = frozenset({"800", "888", "877", "866", "855", "844", "833"})
_TOLL_FREE_PREFIX = "8(?:00|88|77|66|55|44|33)"
# Toll-free numbers the general pattern misses: ten or eleven digits in one run, and vanity numbers
# spelled with capitals ("1-800-FLOWERS", "1 888 GO-HELP-NOW").
_TOLL_FREE_EXTRA = re.compile(
    r"(?<![\w+])(?:\+?1)?" + _TOLL_FREE_PREFIX + r"\d{7}(?!\w)"
    r"|(?<![\w+])(?:\+?1[\s.-]?)?\(?" + _TOLL_FREE_PREFIX + r"\)?[\s.-]"
    r"(?=[A-Z0-9\s.-]{0,12}[A-Z])(?:[A-Z0-9][\s.-]?){6,9}[A-Z0-9](?![\w])"
)
_NOT_DIGIT = re.compile(r"\D")
# Cheap tests that must pass before the patterns above can match. Most comments have no link, no
# phone number and no disguise, and a failed pattern costs as much as a match: it is tried at
# every position. Each hint is a necessary part of its pattern, so skipping changes nothing.
# The link hint, "://" or "www." or ".tld" (case ignored), searched as three: a pattern that
# starts with a literal is found by the regex engine's fast scan for that character, while an
# alternation of different first characters is tried at every position.
_WWW = re.compile(r"[wW][wW][wW]\.")
_DOT_TLD = re.compile(r"\.(?:" + _BARE_TLDS + r")\b", re.IGNORECASE)
# The same for an ASCII text in lower case, where it finds the same places.
_DOT_TLD_LOWER = re.compile(r"\.(?:" + _BARE_TLDS + r")\b")
# The spaces a stretch that may hold a link is cut at (whitespace, but not all of it: enough).
_SPACE_CUT = re.compile(r"[ \n\t]")
_TWO_DIGITS = re.compile(r"\d\d")
# "dot" in any case, which _DOT_WORD and _DOT_SPACED_TLD cannot match without.
_DOT_HINT = re.compile(r"[dD][oO][tT]")
# What each of the two needs: "dot" after a bracket, or between spaces.
_DOT_BRACKET = re.compile(r"[\[({]\s*[dD][oO][tT]")
_DOT_SPACED = re.compile(r"\s[dD][oO][tT]\s")
# Where a phone number can start (what _PHONE begins with): "+", "(" or a digit, not after a word
# character, "+" or "." (the look-behind is taken after the character, so the engine skips to the
# few characters that can start one).
_PHONE_START = re.compile(r"[+(\d](?<![\w+.].)")
_TOLL_FREE_HINT = re.compile(_TOLL_FREE_PREFIX)
# A space before a dot, led by the dot for the same reason.
_SPACE_DOT = re.compile(r"\.(?<=\s\.)")
_IP_ADDRESS = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def _is_toll_free(number: str) -> bool:
    if number.startswith("+") and not number.startswith("+1"):
        return False
    digits = _NOT_DIGIT.sub("", number)
    if len(digits) >= 4 and digits[0] == "1":
        digits = digits[1:]
    return digits[:3] in TOLL_FREE_PREFIXES and (len(digits) == 10 or not digits[3:].isdigit())


# Four or more single letters separated by the same space, dot, dash, underscore or star.
_SPACED = re.compile(r"(?<![\w.])[^\W\d_]([ .\-_*])(?:[^\W\d_]\1){2,}[^\W\d_](?!\w)")
# Part of every _SPACED match (from its first separator on), led by the separator: a pattern led
# by a lookbehind is tried at every position, one led by a set of characters only where they are.
_SPACED_HINT = re.compile(r"([ .\-_*])[^\W\d_]\1[^\W\d_]\1")
# Only words _fold_word can change: with a non-ASCII character, or a leet character between letters.
# Handing every other word to Python would cost more than all the rest of normalising.
_FOLDABLE_WORD = re.compile(r"\S*(?:[^\x00-\x7f]|[a-zA-Z][01345780@$]+[a-zA-Z])\S*")
_REPEAT = re.compile(r"(.)\1{2,}")

# Look-alike letters folded to Latin only inside a word that also has Latin letters, so genuine
# Russian or Greek text is left alone.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ԛ": "q", "ԝ": "w", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Latin letters with strokes or hooks used as disguises
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h",
}
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)
# _fold_word changes a word only if it has a leet character between letters or one of these: a
# text with neither (Chinese, or accented Latin) is left as it is without a call per word.
_HAS_CONFUSABLE = re.compile("[" + "".join(map(re.escape, _CONFUSABLES)) + "]")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "8": "b"}
_LEET_TABLE = str.maketrans(_LEET)
_LEET_CHARS = frozenset(_LEET)
# A leet character counts only when letters stand on both sides of it (so "mp3", "ps4", "2015"
# and "covid19" are left alone).
_LEET_INSIDE = re.compile(r"[a-zA-Z][01345780@$]+[a-zA-Z]")
# Found in the same texts as _LEET_INSIDE, but led by the leet character, which most texts have
# few of, rather than by a letter, which is tried at nearly every position.
_HAS_LEET_INSIDE = re.compile(r"[01345780@$](?<=[a-zA-Z][01345780@$])[01345780@$]*[a-zA-Z]")


@dataclass
class NormalisedText:
    """The normalised text and what was found while normalising it."""

    text: str
    domains: list[str] = field(default_factory=list)
    links: int = 0
    emails: int = 0
    phones: int = 0
    obfuscated: int = 0
    # Each phone number as written, and how many of them are North American toll-free numbers.
    phone_numbers: list[str] = field(default_factory=list)
    toll_free: int = 0

    @property
    def shorteners(self) -> int:
        return sum(1 for d in self.domains if d in SHORTENER_DOMAINS)


def registrable_domain(host: str) -> str:
    """Return the registrable part of a host name: "m.youtube.com" -> "youtube.com"."""
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def domain_token(domain: str) -> str:
    """Return the single word that stands for a domain in normalised text."""
    return "__dom_" + domain.replace(".", "_").replace("-", "_") + "__"


def token_domain(token: str) -> str | None:
    """Return the domain a ``__dom_...__`` token stands for (hyphens come back as dots)."""
    if token.startswith("__dom_") and token.endswith("__") and len(token) > 8:
        return token[6:-2].replace("_", ".")
    return None


_HOST_END = re.compile(r"[/?#:]")


def _host_of(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    host = _HOST_END.split(rest, maxsplit=1)[0].lower().strip(".")
    host = host.rsplit("@", 1)[-1]
    if host.startswith("www."):
        host = host[4:]
    return host


# Letters that are a disguise only beside Latin ones: Cyrillic and Greek look-alikes. Latin letters
# with strokes ("ł", "ø", "ı") are folded for matching too, but they are how Polish, Danish or
# Turkish readers spell, so a word is counted as disguised only for the others.
_FOREIGN_LOOKALIKES = frozenset(
    c for c in _CONFUSABLES
    if unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK")) or c == "ɡ"  # script g
)
# "MP3s", "PS4s", "x86s": a model number in the plural, not leetspeak.
_MODEL_PLURAL = re.compile(r"[A-Za-z]+\d+s\W*")
# What programmers name things, not disguises: a part of a dotted, slashed or dashed name
# ("org.slf4j", "web3.js", "s3://", "log4j-core") or two different digits running ("sha256sum",
# "x264", "utf16le"). Leetspeak swaps one letter for one digit, "g00gle" at most doubling one.
_IDENTIFIER = re.compile(r"[A-Za-z0-9][._/:\\-][A-Za-z0-9]|(\d)(?!\1)\d")
# A "\u00fc" whose backslash an old export tool dropped ("fu00fcr", "Itu2019s"): the character
# is put back, or its digits would read as leetspeak and its letters as a word of their own. Only
# the blocks such texts carry (Latin, Greek, Cyrillic, punctuation, CJK), and only with two or
# more digits among the four, so "ubade" or "menu" followed by a word stay as they are.
_LOST_ESCAPE = re.compile(r"\\?u([02-9][0-9a-fA-F]{3})")
# Where the blocks' escapes start; a few substring tests cost less than the search of every "u".
_LOST_ESCAPE_STARTS = ("u0", "u2", "u4", "u5", "u6", "u7", "u8", "u9")
_LOST_ESCAPE_BLOCKS = ((0x00A0, 0x052F), (0x2010, 0x206F), (0x4E00, 0x9FFF))


def _is_namespace(found: str) -> bool:
    """Say whether a bare "name.tld" is a programmer's dotted name ("System.IO", "System.Net").

    Without a scheme, "www." or a path, a top-level part written with capitals in a name that is
    not all capitals is code, not an address; "CHEAPPILLS.COM" stays a link.
    """
    if "/" in found or found[:4].lower() == "www." or found.isupper():
        return False
    return any(c.isupper() for c in found.rsplit(".", 1)[-1])


def _put_back_escape(match: re.Match[str]) -> str:
    digits = match.group(1)
    code = int(digits, 16)
    if sum(c.isdigit() for c in digits) >= 2 and any(lo <= code <= hi for lo, hi in _LOST_ESCAPE_BLOCKS):
        return chr(code)
    return match.group(0)


def _fold_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.isascii():
        # A link's domain token ("__dom_w3schools_com__") is spelled as the host was registered.
        if (_LEET_INSIDE.search(word) and sum(c.isalpha() for c in word) >= 3
                and not word.startswith("__dom_") and not _IDENTIFIER.search(word)
                and not _MODEL_PLURAL.fullmatch(word)):
            # Only fold the run of letters and leet characters, keep trailing punctuation.
            core = re.sub(r"[^A-Za-z01345780@$]", "", word)
            if sum(c in _LEET_CHARS for c in core) <= max(1, len(core) // 2):
                return "\x01" + word.translate(_LEET_TABLE)
        return word
    folded = word.translate(_CONFUSABLE_TABLE)
    if folded != word and any("a" <= c.lower() <= "z" for c in word) and folded.isascii():
        disguised = any(c in _FOREIGN_LOOKALIKES for c in word)
        return ("\x01" + folded) if disguised else folded
    return word


def _fold_spaced(match: re.Match[str]) -> str:
    return " \x01" + re.sub(r"[ .\-_*]", "", match.group(0)) + " "


def remove_invisible(text: str) -> str:
    """Remove zero-width, bidi and control characters (the first step of ``normalise``)."""
    return _INVISIBLE.sub("", text)


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi and control characters and unify whitespace."""
    # Tabs and carriage returns are not among the characters removed, so turning them into
    # spaces after removing gives what turning them first would (and lets a caller that has
    # the text without them already skip the regular expression).
    return _INVISIBLE.sub("", text).replace("\t", " ").replace("\r", " ")


def normalise(text: str) -> NormalisedText:
    """Normalise one comment text (see the module docstring for the steps)."""
    return normalise_many([text])[0]


def normalise_many(texts: Sequence[str], invisible_removed: bool = False) -> list[NormalisedText]:
    """Normalise each of a batch of texts, as ``normalise`` does, the last steps for all at once.

    ``invisible_removed``: the texts are what ``remove_invisible`` gives, so its step is skipped.
    """
    if not invisible_removed:
        texts = [_INVISIBLE.sub("", text) for text in texts]
    results = [_normalise_to_lower(text) for text in texts]
    for result, repeats in zip(results, _have_repeats([r.text for r in results]), strict=True):
        text = result.text
        if repeats:
            text = _REPEAT.sub(r"\1\1", text)
        # What re.sub(r"\s+", " ", text).strip() gives, at a quarter of the cost: str.split() and
        # \s agree on what whitespace is (tests/unit/test_ngrams.py checks every code point).
        result.text = " ".join(text.split())
    return results


# Below this many texts, searching each costs less than numpy's calls over the batch.
_BATCH_MIN = 8


def _have_repeats(texts: list[str]) -> list[bool]:
    """Which texts have one character three times running, not a line break: where _REPEAT
    changes something.

    For a batch, one pass over its code points with numpy: a search of each text costs more, as
    the regex engine tries it at every position. The texts are joined by "\x00", which no
    normalised text has (_INVISIBLE removes it), so no run spans two of them.
    """
    if len(texts) < _BATCH_MIN:
        return [_REPEAT.search(text) is not None for text in texts]
    codes = np.frombuffer("\x00".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    same = codes[1:] == codes[:-1]
    first = np.flatnonzero(same[1:] & same[:-1])  # codes[k] == codes[k + 1] == codes[k + 2]
    first = first[codes[first] != ord("\n")]
    flags = np.zeros(len(texts), dtype=bool)
    if len(first):
        # A text's number is how many separators come before it.
        flags[np.searchsorted(np.flatnonzero(codes == 0), first)] = True
    return flags.tolist()


def _link_spans(text: str) -> list[tuple[int, int]]:
    """Stretches of text holding every place _URL can match, each cut at whitespace: the runs of
    non-space characters around each link hint, in order.

    A link has no whitespace in it and holds a hint ("://", "www." or ".tld"), and a \b at a cut
    next to whitespace is what it is in the whole text, so _URL finds in these stretches exactly
    what it finds in the text. A link drop is mostly prose around one address, which the pattern
    is slow to search: a word start there is tried as a domain, letter by letter.
    """
    ascii_ = text.isascii()
    if ascii_:
        # Lower case keeps an ASCII text's positions, and a pattern without IGNORECASE lets the
        # regex engine reject most of the top-level domains by their first letter.
        lowered = text.lower()
        tld, www = _DOT_TLD_LOWER.search(lowered), lowered.find("www.")
    else:
        lowered = text
        tld, www = _DOT_TLD.search(text), (m.start() if (m := _WWW.search(text)) else -1)
    scheme = text.find("://")
    if tld is None and www < 0 and scheme < 0:
        return []  # most comments: no link
    hits: list[int] = []
    if tld is not None:
        hits += [tld.start()] + [m.start() for m in tld.re.finditer(lowered, tld.end())]
    if www >= 0:
        hits += [www] + (_find_all(lowered, "www.", www + 1) if ascii_ else
                         [m.start() for m in _WWW.finditer(text, www + 1)])
    if scheme >= 0:
        hits += [scheme] + _find_all(text, "://", scheme + 1)
    spans: list[tuple[int, int]] = []
    for at in sorted(hits):
        if spans and at < spans[-1][1]:
            continue
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1
        space = _SPACE_CUT.search(text, at)
        spans.append((start, space.start() if space else len(text)))
    return spans


def _find_all(text: str, needle: str, start: int) -> list[int]:
    found = []
    at = text.find(needle, start)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _sub_links(repl: Callable[[re.Match[str]], str], text: str) -> str:
    """_URL.sub(repl, text), searching only the stretches _link_spans gives."""
    pieces, done = [], 0
    for start, end in _link_spans(text):
        pieces += [text[done:start], _URL.sub(repl, text[start:end])]
        done = end
    if not done:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _sub_phones(repl: Callable[[re.Match[str]], str], text: str) -> str:
    """_PHONE.sub(repl, text), trying _PHONE only where a number can start."""
    pieces, done = [], 0
    for start in _PHONE_START.finditer(text):
        at = start.start()
        if at < done:
            continue
        found = _PHONE.match(text, at)
        if found:
            pieces += [text[done:at], repl(found)]
            done = found.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _normalise_to_lower(text: str) -> NormalisedText:
    """Every step of ``normalise`` after removing invisible characters, up to lower case (runs and
    spaces are left to the batch)."""
    if "<" in text:
        text = _HREF.sub(r" \1 ", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        # Again after unescaping: "sub&#8203;scribe" hides a zero-width space too.
        text = _INVISIBLE.sub("", html.unescape(text))
    if any(start in text for start in _LOST_ESCAPE_STARTS):
        text = _LOST_ESCAPE.sub(_put_back_escape, text)
    text = unicodedata.normalize("NFKC", text)
    if _DOT_HINT.search(text):
        if _DOT_BRACKET.search(text):
            text = _DOT_WORD.sub(".", text)
        if _DOT_SPACED.search(text):
            text = _DOT_SPACED_TLD.sub(r"\1.\2", text)
    if _SPACE_DOT.search(text):
        text = _SPACED_DOT_TLD.sub(r"\1.\2", text)

    result = NormalisedText(text="")
    if "@" in text:
        text, result.emails = _EMAIL.subn(" __email__ ", text)

    domains: list[str] = []

    def url_to_tokens(match: re.Match[str]) -> str:
        if match.group(0).lower() in _NOT_LINKS or _is_namespace(match.group(0)):
            return match.group(0)
        result.links += 1
        host = _host_of(match.group(0))
        tokens = [" __url__"]
        if host:
            domains.append(host)
            tokens.append(domain_token(host))
            reg = registrable_domain(host)
            if reg != host:
                tokens.append(domain_token(reg))
        return " ".join(tokens) + " "

    text = _sub_links(url_to_tokens, text)
    result.domains = domains
    numbers: list[str] = []

    def phone_to_tokens(match: re.Match[str]) -> str:
        number = match.group(0).strip(" .-")
        if _IP_ADDRESS.fullmatch(number):
            return match.group(0)
        numbers.append(number)
        if _is_toll_free(number):
            result.toll_free += 1
            return " __phone__ __tollfree__ "
        return " __phone__ "

    # Vanity numbers first: the general pattern would take "1-800-356" of "1-800-356-9377" alike.
    if _TWO_DIGITS.search(text):
        if _TOLL_FREE_HINT.search(text):
            text = _TOLL_FREE_EXTRA.sub(phone_to_tokens, text)
        text = _sub_phones(phone_to_tokens, text)
    result.phones = len(numbers)
    result.phone_numbers = numbers

    if _SPACED_HINT.search(text):
        text = _SPACED.sub(_fold_spaced, text)
    if _HAS_LEET_INSIDE.search(text) or (not text.isascii() and _HAS_CONFUSABLE.search(text)):
        text = _FOLDABLE_WORD.sub(_fold_word, text)
    if "\x01" in text:
        result.obfuscated = text.count("\x01")
        text = text.replace("\x01", "")

    result.text = text.lower()
    return result
