"""Plain text and links from the small HTML fragments ActivityPub exports carry (posts, bios, fields).

Mastodon stores a post's content as HTML (``<p>``, ``<br>``, ``<a class="mention">``). Checks
read plain text, so paragraphs become blank lines, ``<br>`` a newline, entities are decoded,
and links are collected separately, leaving out mentions and hashtags (they have their own
fields). Uses the standard library's tolerant parser: broken markup never raises.
"""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP_CLASSES = {"mention", "hashtag", "u-url"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")
        elif tag == "a":
            values = dict(attrs)
            href = values.get("href")
            if href and not _SKIP_CLASSES & set((values.get("class") or "").split()):
                self.links.append(href)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> tuple[str, list[str]]:
    """(plain text, links that are not mentions or hashtags) of an HTML fragment."""
    parser = _Extractor()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts).strip(), list(dict.fromkeys(parser.links))
