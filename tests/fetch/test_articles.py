import datetime as dt

import pytest

from newsum.fetch import FeedEntry, fetch_article, parse_feed

from .conftest import Reply
from .pages import article_page, nav_page, rss_for, story
from .test_client import make_client


@pytest.fixture
def client():
    with make_client() as made:
        yield made


def test_an_entry_becomes_a_document(server, client):
    server.route("/story/7", Reply(body=article_page(7)))
    feed = parse_feed(rss_for(server.base, [7], title="Gazette feed"), url=server.url("/feed.xml"))
    (entry,) = feed.entries
    result = fetch_article(entry, client=client, feed=feed)
    document = result.document
    assert result.reason is None and document is not None
    assert document.id == document.url == result.canonical == server.url("/story/7")
    assert document.title == story(7)[0]
    assert document.date == entry.published and document.date.tzinfo == dt.timezone.utc
    assert document.source == "Eastmere Gazette"  # the outlet the page names, before the feed's title
    assert document.format == "html" and document.encoding == "utf-8"
    assert story(7)[1][1] in document.text
    assert "Tide tables" not in document.text and "All rights reserved" not in document.text
    assert document.extra == {"fetched_url": server.url("/story/7"), "feed": server.url("/feed.xml"), "entry_id": "story-7"}


def test_the_feed_title_is_the_source_when_the_page_names_no_outlet(server, client):
    page = article_page(8).replace(b'<meta property="og:site_name" content="Eastmere Gazette">', b"")
    page = page.replace(b" | Eastmere Gazette", b"").replace(b"Copyright Eastmere Gazette. ", b"")
    server.route("/story/8", Reply(body=page))
    feed = parse_feed(rss_for(server.base, [8], title="Gazette feed"), url=server.url("/feed.xml"))
    result = fetch_article(feed.entries[0], client=client, feed=feed)
    assert result.document.source == "Gazette feed"  # not the host name the extractor falls back on


def test_the_same_article_reached_two_ways_is_one_article(server, client):
    canonical = server.url("/story/9")
    server.route("/story/9", Reply(body=article_page(9, canonical=canonical)))
    server.route("/amp/story/9", Reply(body=article_page(9, canonical="/story/9")))
    by_tracking = fetch_article(server.url("/story/9?utm_source=rss&utm_medium=feed&fbclid=abc"), client=client)
    by_amp = fetch_article(server.url("/amp/story/9?ref=homepage"), client=client)
    assert by_tracking.document.id == by_amp.document.id == canonical


def test_a_canonical_link_to_another_site_is_not_believed(server, client):
    server.route("/story/10", Reply(body=article_page(10, canonical="https://elsewhere.example.com/stolen")))
    result = fetch_article(server.url("/story/10"), client=client)
    assert result.document.id == server.url("/story/10")


def test_a_navigation_page_is_not_an_article(server, client):
    server.route("/town", Reply(body=nav_page()))
    result = fetch_article(server.url("/town"), client=client)
    assert result.document is None and not result.transient
    assert result.reason.startswith("not an article")


def test_a_short_page_is_not_an_article(server, client):
    server.route("/brief", Reply(body=b"<html><body><article><p>Ferry delayed by fog this morning, the harbour office said."
                                      b"</p></article></body></html>"))
    result = fetch_article(server.url("/brief"), client=client)
    assert result.document is None and result.reason.startswith("not an article: only ")


def test_a_pdf_link_is_skipped(server, client):
    server.route("/report.pdf", Reply(body=b"%PDF-1.7\n...", content_type="application/pdf"))
    result = fetch_article(server.url("/report.pdf"), client=client)
    assert result.document is None and result.reason == "not HTML: application/pdf"


def test_a_pdf_served_as_html_is_skipped(server, client):
    server.route("/report", Reply(body=b"%PDF-1.7\n" + b"\x00" * 100))
    result = fetch_article(server.url("/report"), client=client)
    assert result.document is None and result.reason.startswith("not HTML: this is a PDF document")


def test_a_page_that_fails_gives_no_document_not_the_teaser(server, client):
    server.route("/story/11", Reply(status=500))
    entry = FeedEntry(id="s11", link=server.url("/story/11"), title="Teaser title", published=None,
                      summary="A teaser of two sentences that must not become the article. It is only a teaser.")
    result = fetch_article(entry, client=client)
    assert result.document is None and result.transient
    assert result.reason == "page fetch failed: server error: HTTP 500 Internal Server Error"


def test_an_article_forbidden_by_robots_txt_is_skipped(server, client):
    server.route("/robots.txt", Reply(body="User-agent: *\nDisallow: /members/\n", content_type="text/plain"))
    server.route("/members/12", Reply(body=article_page(12)))
    result = fetch_article(server.url("/members/12"), client=client)
    assert result.document is None and result.reason == "forbidden by robots.txt" and not result.transient
    assert server.hits("/members/12") == []


def test_a_page_too_large_is_skipped(server):
    server.route("/story/13", Reply(stream=6_000_000))
    with make_client(max_bytes=5_000_000) as client:
        result = fetch_article(server.url("/story/13"), client=client)
    assert result.document is None and result.reason == "too large: over 5 MB"


def test_a_latin_1_page_named_by_its_header(server, client):
    page = article_page(14).decode().replace('<meta charset="utf-8">', "").replace("opened on", "opened, caf\u00e9s full, on")
    server.route("/story/14", Reply(body=page.encode("latin-1"), content_type="text/html; charset=ISO-8859-1"))
    result = fetch_article(server.url("/story/14"), client=client)
    assert "caf\u00e9s full" in result.document.text and result.document.encoding == "iso-8859-1"


def test_an_entry_without_a_link(client):
    result = fetch_article(FeedEntry(id="x", link=None, title="t", published=None, summary="s"), client=client)
    assert result.document is None and result.reason == "the entry has no http(s) link"
