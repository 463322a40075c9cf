"""The main text of an HTML page: scripts, navigation, comments and other boilerplate
dropped, block elements turned into line breaks, and the page's title and date kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


_DROP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "canvas",
                        "nav", "header", "footer", "aside", "form", "button", "select",
                        "textarea", "object", "embed", "head"})
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                         "h6", "tr", "table", "section", "article", "main", "blockquote",
                         "pre", "dd", "dt", "dl", "figure", "figcaption", "hr"})
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col",
                        "source", "track", "wbr", "param", "embed"})
_BOILER_ATTR = re.compile(r"(comment|share|social|nav|menu|footer|sidebar|breadcrumb|"
                          r"related|recommend|advert|banner|toolbar|copyright|login)", re.I)
_DATE_META = ("article:published_time", "pubdate", "publishdate", "date", "dc.date",
              "publish_date", "og:published_time")


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.main_parts: list[str] = []
        self.main_depth: int | None = None
        self.title: list[str] = []
        self.in_title = False
        self.meta: dict[str, str] = {}

    @property
    def dropping(self) -> bool:
        return any(drop for _, drop in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "title":
            self.in_title = True
        if tag in _VOID_TAGS:
            if tag in _BLOCK_TAGS:
                self._emit("\n")
            return
        marker = " ".join((a.get("class", ""), a.get("id", "")))
        drop = tag in _DROP_TAGS or bool(_BOILER_ATTR.search(marker)) or "hidden" in a
        self.stack.append((tag, drop))
        if tag in ("article", "main") and self.main_depth is None and not self.dropping:
            self.main_depth = len(self.stack)
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID_TAGS:
            return
        # Close up to the matching tag; tolerate unclosed inner tags.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                if self.main_depth is not None and i + 1 == self.main_depth:
                    self.main_depth = -1  # main content closed: stop collecting it
                del self.stack[i:]
                break
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if not self.dropping:
            self._emit(data)

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        if self.main_depth is not None and self.main_depth > 0:
            self.main_parts.append(s)


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text of an HTML page (no scripts, navigation or widgets) and its metadata."""
    p = _MainText()
    p.feed(html)
    p.close()
    body = "".join(p.main_parts) if "".join(p.main_parts).strip() else "".join(p.parts)
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", ln).strip() for ln in body.splitlines()]
    text = "\n".join(ln for ln in lines if ln)
    date = next((p.meta[k] for k in _DATE_META if k in p.meta), None)
    title = re.sub(r"\s+", " ", "".join(p.title)).strip() or p.meta.get("og:title")
    url = p.meta.get("og:url")
    if title and not text.startswith(title):
        text = f"{title}\n{text}" if text else title
    return text, {"title": title, "date": date, "url": url}
