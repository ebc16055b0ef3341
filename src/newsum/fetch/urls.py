"""One spelling per article address: canonical URLs, and a page's own rel=canonical.

An article reached two ways (a feed link with ``?utm_source=rss``, a share link with
``?fbclid=...``, the mobile host) must become one article, because its canonical URL is its
id in the store. Two steps get there:

* :func:`canonical_url` rewrites only what cannot change which page a server returns: case of
  scheme and host, default ports, the fragment, tracking parameters, the order of parameters.
* :func:`page_canonical_url` then believes the page's ``<link rel="canonical">``, but only
  when it names the same site, so a page cannot claim another outlet's address (and with it
  replace that outlet's article in the store).

Deliberately not done: a trailing ``index.html`` or ``/`` is kept (``/news/`` and
``/news/index.html`` are usually one page on static servers, but nothing obliges a server to
map them so, and the page's rel=canonical settles it when it matters); ``www.`` is kept
(``example.org`` and ``www.example.org`` are different hosts); the path's case is kept (paths
are case-sensitive); percent-escapes are not decoded (``%2F`` and ``/`` differ).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from ..errors import InputError

__all__ = ["canonical_url", "page_canonical_url", "same_site", "TRACKING_PARAMETERS", "TRACKING_PREFIXES"]

#: Query parameters that say how a reader arrived, never which page to serve. Each is
#: documented by the service that adds it: Google Analytics campaign tags (``utm_*``, and
#: ``_ga``/``_gl`` for cross-domain linking), ad click ids (Facebook ``fbclid``, Google
#: ``gclid``/``gclsrc``/``dclid``/``gbraid``/``wbraid``, Microsoft ``msclkid``, Yandex
#: ``yclid``, Twitter ``twclid``), Mailchimp (``mc_cid``, ``mc_eid``), Instagram ``igshid``,
#: Marketo ``mkt_tok``, HubSpot (``_hsenc``, ``_hsmi``, ``hsCtaTracking``), Adobe/Omniture
#: (``s_cid``, ``cmpid``, ``icid``), Webtrends (``wt_mc``, ``wt.mc_id``), AT Internet (``xtor``,
#: ``at_medium``, ``at_campaign``), comScore (``ns_*`` below), Outbrain/Olytics (``oly_*``),
#: Vero (``vero_id``, ``vero_conv``), NYT share links (``smid``), MSN syndication (``ocid``),
#: Twitter's ``ref_src``/``ref_url``, and ``ref``, a referrer label on news sites.
#:
#: ``ref`` is the one that is sometimes content elsewhere (a git branch on a code host); on an
#: article page it is a referrer, and merging two such pages is the lesser harm than storing
#: one article once per newsletter that linked to it. Names compare case-insensitively.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "mc_cid", "mc_eid", "igshid", "mkt_tok", "_hsenc", "_hsmi", "hsctatracking",
        "_ga", "_gl", "s_cid", "cmpid", "icid", "wt_mc", "wt.mc_id", "xtor", "at_medium",
        "at_campaign", "vero_id", "vero_conv", "smid", "ocid", "ref", "ref_src", "ref_url",
    }
)

#: Parameter name prefixes that are tracking whatever follows: Google Analytics campaign tags
#: (``utm_source``, ``utm_medium``, ``utm_campaign``, ``utm_term``, ``utm_content``,
#: ``utm_id`` ...), comScore (``ns_source``, ``ns_mchannel``, ``ns_campaign``, ``ns_linkname``,
#: ``ns_fee``) and Olytics (``oly_anon_id``, ``oly_enc_id``).
TRACKING_PREFIXES = ("utm_", "ns_", "oly_")

_DEFAULT_PORTS = {"http": 80, "https": 443}

# Host labels that name another view of the same site: the mobile and AMP editions, and the
# www. prefix. A canonical link may move between these and the bare host (m.example.org ->
# www.example.org); see same_site.
_EDITION_LABELS = ("www.", "m.", "mobile.", "amp.")

_PERCENT_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_BODY_START = re.compile(r"<body[\s>]", re.IGNORECASE)


def canonical_url(url: str, *, base: str | None = None) -> str:
    """``url`` spelled the one way newsum stores it.

    Scheme and host lower-cased (a trailing dot dropped), the default port dropped, an empty
    path made ``/``, the fragment dropped (except ``#!`` addresses, where old script-driven
    sites keep the page), tracking parameters dropped (:data:`TRACKING_PARAMETERS`,
    :data:`TRACKING_PREFIXES`), the remaining parameters sorted, percent-escapes in upper
    case. A relative ``url`` is resolved against ``base``. Raises :class:`InputError` for
    anything that is not an absolute http(s) URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise InputError(f"a URL must be a non-empty string, got {url!r}; give an http:// or https:// address")
    text = url.strip()
    if base is not None:
        text = urljoin(base, text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InputError(f"{url!r} is not a valid URL ({error}); give an http:// or https:// address") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        raise InputError(f"{url!r} is not an absolute http(s) URL; give an address like https://example.org/news/story")
    netloc = host if ":" not in host else f"[{host}]"  # IPv6 literals keep their brackets
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = _upper_escapes(parts.path) or "/"
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, path, _clean_query(parts.query), fragment))


def _upper_escapes(text: str) -> str:
    return _PERCENT_ESCAPE.sub(lambda match: match.group(0).upper(), text)


def _clean_query(query: str) -> str:
    """The query without tracking parameters, its pieces sorted.

    Pieces are kept as written (not decoded and re-encoded), so ``a=b+c`` and ``a=b%20c``
    stay as the server was given them; only the order and the tracking pieces change.
    """
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        name = piece.split("=", 1)[0].lower()
        if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES):
            continue
        kept.append(_upper_escapes(piece))
    return "&".join(sorted(kept))


def same_site(first: str, second: str) -> bool:
    """Whether two URLs are on one site, as far as we can tell without the public suffix list.

    The same host, or hosts that differ only by an edition label (``www.``, ``m.``,
    ``mobile.``, ``amp.``). Sibling subdomains (``a.example.org``, ``b.example.org``) are not
    the same site: on hosting platforms they belong to different people.
    """
    return _site_host(first) == _site_host(second) != ""


def _site_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    for label in _EDITION_LABELS:
        if host.startswith(label) and host.count(".") >= 2:
            return host[len(label):]
    return host


def page_canonical_url(html: str, *, url: str) -> str:
    """The canonical URL of a page fetched from ``url``: its ``<link rel="canonical">`` when
    that is on the same site (:func:`same_site`), else ``url`` itself; canonicalized either way.

    A canonical link to the site's front page from a deeper page is ignored: it is a common
    template mistake, and believing it would make every article of the site one article.
    """
    own = canonical_url(url)
    href = _canonical_href(html)
    if href is None:
        return own
    try:
        claimed = canonical_url(href, base=own)
    except InputError:
        return own
    if not same_site(claimed, own):
        return own
    if urlsplit(claimed).path == "/" and urlsplit(own).path != "/":
        return own
    return claimed


class _CanonicalFinder(HTMLParser):
    """The first ``<link rel="canonical" href>`` of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href: str | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True  # a rel=canonical is only valid in <head>
            return
        if tag != "link":
            return
        values = {name.lower(): value or "" for name, value in attrs}
        if "canonical" in values.get("rel", "").lower().split() and values.get("href", "").strip():
            self.href = values["href"].strip()
            self.done = True

    handle_startendtag = handle_starttag


def _canonical_href(html: str) -> str | None:
    finder = _CanonicalFinder()
    # Only the head can hold it: parse up to <body> (or, without one, the first 200 000
    # characters, which hold the head of any page we have seen) rather than whole pages.
    match = _BODY_START.search(html, 0, 200_000)
    head = html[: match.start() if match else 200_000]
    try:
        finder.feed(head)
        finder.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but a page is untrusted input
        return None
    return finder.href
