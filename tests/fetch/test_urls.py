import pytest

from newsum.errors import InputError
from newsum.fetch import canonical_url, page_canonical_url, same_site


@pytest.mark.parametrize(
    "given, expected",
    [
        ("HTTP://News.Example.ORG/Story/7", "http://news.example.org/Story/7"),  # path case kept
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org./a", "https://example.org/a"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org/#!/story/7", "https://example.org/#!/story/7"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed&id=7", "https://example.org/a?id=7"),
        ("https://example.org/a?fbclid=XYZ&gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref=home&cmpid=5", "https://example.org/a"),
        ("https://example.org/a?UTM_Campaign=x&Ref=y&p=2", "https://example.org/a?p=2"),
        ("https://example.org/a?q=b+c&r=d%2fe", "https://example.org/a?q=b+c&r=d%2Fe"),  # kept as written
        ("https://example.org/news/index.html", "https://example.org/news/index.html"),  # not guessed away
        ("https://example.org/news/", "https://example.org/news/"),
        ("  https://example.org/a  ", "https://example.org/a"),
    ],
)
def test_canonical_url(given, expected):
    assert canonical_url(given) == expected


def test_canonical_url_is_idempotent():
    once = canonical_url("HTTPS://Example.org:443/x?utm_id=1&b=2&a=1#top")
    assert canonical_url(once) == once


def test_relative_links_resolve_against_the_base():
    assert canonical_url("../b?utm_source=x", base="https://example.org/news/a/") == "https://example.org/news/b"


@pytest.mark.parametrize("bad", ["", "mailto:desk@example.org", "ftp://example.org/a", "/only/a/path", "http://"])
def test_non_http_urls_are_refused_with_a_hint(bad):
    with pytest.raises(InputError, match="http"):
        canonical_url(bad)


def _head(canonical: str) -> str:
    return f'<html><head><link rel="canonical" href="{canonical}"></head><body><p>text</p></body></html>'


def test_rel_canonical_on_the_same_site_is_followed():
    page = "https://www.example.org/amp/story-7?utm_source=x"
    assert page_canonical_url(_head("/story-7"), url=page) == "https://www.example.org/story-7"
    assert page_canonical_url(_head("https://www.example.org/story-7?fbclid=1"), url=page) == "https://www.example.org/story-7"


def test_rel_canonical_may_move_between_editions_of_one_site():
    assert page_canonical_url(_head("https://www.example.org/s/7"), url="https://m.example.org/s/7") == "https://www.example.org/s/7"
    assert page_canonical_url(_head("https://example.org/s/7"), url="http://www.example.org/s/7") == "https://example.org/s/7"


@pytest.mark.parametrize(
    "claimed",
    [
        "https://other-outlet.example.com/s/7",  # another site: spoofing
        "https://blog.example.org/s/7",  # a sibling subdomain (could be someone else's)
        "https://www.example.org/",  # the front page: a template mistake
        "javascript:alert(1)",
    ],
)
def test_rel_canonical_elsewhere_is_ignored(claimed):
    assert page_canonical_url(_head(claimed), url="https://www.example.org/s/7") == "https://www.example.org/s/7"


def test_rel_canonical_in_the_body_is_ignored():
    html = '<html><head></head><body><link rel="canonical" href="/other"></body></html>'
    assert page_canonical_url(html, url="https://example.org/s/7") == "https://example.org/s/7"


def test_same_site():
    assert same_site("https://www.example.org/a", "http://example.org/b")
    assert not same_site("https://a.example.org/", "https://b.example.org/")
    assert not same_site("https://example.org/", "https://example.com/")
