"""Builders for the fetch tests: feeds and pages in a few lines. All text is invented.

The stories are about towns that do not exist; each story is made from its number, so the
soak benchmark can publish as many distinct articles as it likes.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from xml.sax.saxutils import escape

TOWNS = ["Eastmere", "Lowbridge", "Harrowfield", "Quillon Bay", "Sutter's Reach", "Marrowdale", "Pellingham"]
THINGS = ["ferry terminal", "public library", "tram depot", "flood barrier", "covered market", "night school"]
OFFICIALS = ["Mayor Idris Fenwick", "councillor Ana Belcourt", "harbour master Tomas Reyne", "engineer Olu Marsh"]


def story(number: int) -> tuple[str, list[str]]:
    """A headline and four paragraphs (about 150 words), different for every number."""
    town = TOWNS[number % len(TOWNS)]
    thing = THINGS[(number // len(TOWNS)) % len(THINGS)]
    official = OFFICIALS[number % len(OFFICIALS)]
    cost = 3 + number % 17
    title = f"{town} opens its new {thing} after {cost} months of work (report {number})"
    paragraphs = [
        f"The new {thing} in {town} opened on Monday morning, {cost} months after building began, "
        f"and several hundred residents queued in light rain to be among the first inside. Report number {number}.",
        f"{official} told the crowd that the project had stayed within its budget of {cost * 2} million crowns, "
        f"a claim the town's auditors are expected to check in their annual review next spring.",
        f"Local traders said they hoped the {thing} would bring visitors back to the old centre, which lost "
        f"two banks and a cinema over the past decade. Some residents complained about noise during the works.",
        "The opening hours will be extended in the summer, and a second phase, including a small garden "
        "and a bicycle shelter, is planned for the following year if the regional grant is renewed.",
    ]
    return title, paragraphs


def article_page(number: int, *, canonical: str | None = None, site: str = "Eastmere Gazette") -> bytes:
    """A news page with navigation, the article, a related box and a footer."""
    title, paragraphs = story(number)
    head_link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {site}</title>
<meta property="og:site_name" content="{site}">{head_link}</head>
<body>
<nav><a href="/">Home</a> <a href="/town">Town</a> <a href="/sport">Sport</a> <a href="/weather">Weather</a></nav>
<main><article><h1>{escape(title)}</h1>
<p class="byline">By Staff Reporter, published 3 June 2025</p>
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/a">Tide tables for the week</a></li><li><a href="/b">Letters</a></li></ul></aside>
</main>
<footer><p>Copyright {site}. All rights reserved.</p></footer>
</body></html>""".encode()


def nav_page() -> bytes:
    """A section front: links and nothing else."""
    links = "".join(f'<li><a href="/story/{n}">{escape(story(n)[0])}</a></li>' for n in range(6))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Town news</title></head>
<body><nav><a href="/">Home</a> <a href="/town">Town</a></nav><ul>{links}</ul>
<footer>Copyright Eastmere Gazette</footer></body></html>""".encode()


def rfc822(when: dt.datetime) -> str:
    return format_datetime(when)


BASE_DATE = dt.datetime(2025, 6, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def rss(items: list[dict], *, title: str = "Eastmere Gazette", ttl: int | None = None, raw: bool = False) -> bytes:
    """An RSS 2.0 feed. Each item: title, link, description, and optionally guid, date.
    With ``raw`` the strings are put in as written (to test escaping), else XML-escaped."""
    put = (lambda text: text) if raw else escape
    parts = []
    for item in items:
        date = item.get("date")
        parts.append(
            "<item>"
            f"<title>{put(item['title'])}</title>"
            f"<link>{put(item['link'])}</link>"
            f"<description>{put(item.get('description', ''))}</description>"
            + (f"<guid>{put(item['guid'])}</guid>" if item.get("guid") else "")
            + (f"<pubDate>{rfc822(date)}</pubDate>" if date else "")
            + "</item>"
        )
    ttl_element = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>Town news</description>{ttl_element}"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def rss_for(base: str, numbers, *, path: str = "/story/{n}", ttl: int | None = None, title: str = "Eastmere Gazette") -> bytes:
    """A feed of stories by number, newest first, linking to ``base + path``."""
    items = []
    for n in numbers:
        headline, paragraphs = story(n)
        items.append({"title": headline, "link": base + path.format(n=n), "description": paragraphs[0],
                      "guid": f"story-{n}", "date": BASE_DATE + dt.timedelta(minutes=n)})
    return rss(items, ttl=ttl, title=title)


def atom(entries: list[dict], *, title: str = "Lowbridge Courier") -> bytes:
    """An Atom 1.0 feed. Each entry: title, link, summary, updated (aware datetime), id."""
    parts = []
    for entry in entries:
        parts.append(
            "<entry>"
            f"<title type=\"html\">{escape(entry['title'])}</title>"
            f"<link rel=\"alternate\" href=\"{escape(entry['link'])}\"/>"
            f"<id>{escape(entry['id'])}</id>"
            f"<updated>{entry['updated'].isoformat()}</updated>"
            f"<summary type=\"html\">{escape(entry.get('summary', ''))}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:lowbridge-courier</id><updated>2025-06-03T08:00:00Z</updated>"
        + "".join(parts)
        + "</feed>"
    ).encode()
