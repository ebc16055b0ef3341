import datetime as dt

import pytest

from newsum.errors import IngestError
from newsum.fetch import html_to_text, parse_feed, parse_opml, parse_url_list, read_feed_list

from .pages import BASE_DATE, atom, rss, rss_for, story

UTC = dt.timezone.utc


def test_rss_entries_have_canonical_links_utc_dates_and_text():
    content = rss([
        {"title": "Ferry terminal opens", "link": "https://Example.org/s/1?utm_source=rss&utm_medium=feed",
         "description": "<p>First paragraph.</p><p>Second one.</p>", "guid": "s-1", "date": BASE_DATE},
    ], ttl=30)
    feed = parse_feed(content, url="https://example.org/feed.xml")
    assert feed.format == "rss20"
    assert feed.title == "Eastmere Gazette"
    assert feed.ttl == 30
    (entry,) = feed.entries
    assert entry.link == "https://example.org/s/1"
    assert entry.title == "Ferry terminal opens"
    assert entry.published == dt.datetime(2025, 6, 3, 7, 30, tzinfo=UTC)  # 09:30 +02:00
    assert entry.published.tzinfo is not None
    assert entry.summary == "First paragraph.\nSecond one."


def test_atom_feed():
    content = atom([
        {"title": "Lowbridge &amp; the tram depot", "link": "https://courier.example.org/t/4", "id": "urn:t4",
         "updated": dt.datetime(2025, 6, 1, 22, 15, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
         "summary": "<p>The depot <em>reopened</em>.</p>"},
    ])
    feed = parse_feed(content, url="https://courier.example.org/atom")
    assert feed.format == "atom10"
    (entry,) = feed.entries
    assert (entry.id, entry.link) == ("urn:t4", "https://courier.example.org/t/4")
    assert entry.title == "Lowbridge & the tram depot"
    assert entry.published == dt.datetime(2025, 6, 2, 2, 15, tzinfo=UTC)
    assert entry.summary == "The depot reopened."


def test_rdf_feed():
    content = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://harrow.example.org/"><title>Harrowfield Post</title><link>https://harrow.example.org/</link>
    <description>News</description></channel>
  <item rdf:about="https://harrow.example.org/n/9"><title>Night school expands</title>
    <link>https://harrow.example.org/n/9</link><description>Two new classes.</description>
    <dc:date>2025-05-30T18:00:00+01:00</dc:date></item>
</rdf:RDF>"""
    feed = parse_feed(content)
    assert feed.format == "rss10"
    (entry,) = feed.entries
    assert entry.link == "https://harrow.example.org/n/9"
    assert entry.published == dt.datetime(2025, 5, 30, 17, 0, tzinfo=UTC)


def test_entities_in_titles_and_bodies_are_unescaped_once_and_tags_removed():
    # Written as publishers write them: the description escaped twice, entities of all kinds.
    content = rss([{
        "title": "Council&#8217;s &quot;bold&quot; plan for Eastmere &amp; Westmere &lt;b&gt;today&lt;/b&gt;",
        "link": "https://example.org/s/2",
        "description": "&lt;p&gt;The &lt;b&gt;council&lt;/b&gt; said &amp;quot;yes&amp;quot; &amp;amp; more.&lt;/p&gt;"
                       "&lt;p&gt;It&amp;#8217;s   done.&lt;br&gt;Next   line.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;",
    }], raw=True)
    (entry,) = parse_feed(content).entries
    assert entry.title == "Council\u2019s \"bold\" plan for Eastmere & Westmere today"
    assert entry.summary == "The council said \"yes\" & more.\nIt\u2019s done.\nNext line."
    for text in (entry.title, entry.summary):
        assert "<" not in text and "&quot;" not in text and "&amp;" not in text and "&#" not in text


def test_cdata_html_is_read_as_html():
    content = rss([{"title": "<![CDATA[Tom &amp; Ana\u2019s <i>market</i>]]>", "link": "https://example.org/s/3",
                    "description": "<![CDATA[<div><p>One &amp; two</p><ul><li>three</li></ul></div>]]>"}], raw=True)
    (entry,) = parse_feed(content).entries
    assert entry.title == "Tom & Ana\u2019s market"
    assert entry.summary == "One & two\nthree"


def test_html_to_text():
    html = "<h2>Head</h2><p>A  <a href='x'>link</a>\n in text</p><style>p{}</style><p>&eacute;t&eacute; &#x2014; ok</p>"
    assert html_to_text(html) == "Head\nA link in text\n\u00e9t\u00e9 \u2014 ok"
    assert html_to_text("") == ""
    assert html_to_text("plain & simple") == "plain & simple"


def test_relative_links_resolve_against_the_feed_url_and_bad_links_are_none():
    content = rss([{"title": "a", "link": "/s/4"}, {"title": "b", "link": "mailto:desk@example.org"}])
    first, second = parse_feed(content, url="https://example.org/feeds/all.xml").entries
    assert first.link == "https://example.org/s/4"
    assert second.link is None


def test_not_a_feed_raises_with_a_hint():
    with pytest.raises(IngestError, match="feed's address"):
        parse_feed(b"<html><body><p>Our news page</p></body></html>", url="https://example.org/news")


def test_rss_builder_matches_story_titles():
    feed = parse_feed(rss_for("http://127.0.0.1:1", [5, 6]))
    assert [e.title for e in feed.entries] == [story(5)[0], story(6)[0]]


OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="Towns">
    <outline text="Eastmere Gazette" type="rss" xmlUrl="https://gazette.example.org/feed?utm_source=opml"/>
    <outline text="Lowbridge Courier" title="The Courier" type="rss" xmlUrl="https://courier.example.org/atom"/>
  </outline>
  <outline text="Harrowfield Post" type="rss" xmlURL="https://harrow.example.org/rss"/>
  <outline text="Again" type="rss" xmlUrl="https://gazette.example.org/feed"/>
</body></opml>"""


def test_opml_lists_feeds_in_folders_without_repeats():
    sources = parse_opml(OPML)
    assert [(s.url, s.title) for s in sources] == [
        ("https://gazette.example.org/feed", "Eastmere Gazette"),
        ("https://courier.example.org/atom", "The Courier"),
        ("https://harrow.example.org/rss", "Harrowfield Post"),
    ]


def test_url_list_with_comments(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# towns\nhttps://gazette.example.org/feed\n\n  https://courier.example.org/atom   # the courier\n")
    listed = read_feed_list(path)
    assert listed.format == "text"
    assert [s.url for s in listed.sources] == ["https://gazette.example.org/feed", "https://courier.example.org/atom"]


def test_read_feed_list_detects_opml(tmp_path):
    path = tmp_path / "subscriptions.xml"
    path.write_bytes(OPML)
    listed = read_feed_list(path)
    assert listed.format == "opml" and len(listed.sources) == 3


def test_a_bad_line_names_its_place():
    with pytest.raises(IngestError) as error:
        parse_url_list("https://ok.example.org/feed\nnot a url\n", path="feeds.txt")
    assert error.value.line == 2 and "feeds.txt, line 2" in str(error.value) and "one feed URL per line" in str(error.value)


def test_broken_opml_says_so():
    with pytest.raises(IngestError, match="not well-formed OPML"):
        parse_opml(b"<opml><body><outline xmlUrl='x'></body>", path="subs.opml")
