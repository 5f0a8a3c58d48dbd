"""What a page shows a person finding their way: its <h1>, its breadcrumb and its footer links,
read with the standard library's HTML parser."""

from html.parser import HTMLParser


class PageOutline(HTMLParser):
    """Feed a page; then `h1` (text), `breadcrumb` (list of (text, href or None)) and
    `footer_links` (list of (text, href)) hold what it shows."""

    def __init__(self):
        super().__init__()
        self.h1 = None
        self.breadcrumb = []
        self.footer_links = []
        self._in = set()
        self._text = None
        self._href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "h1" and self.h1 is None:
            self._in.add("h1")
            self._text = []
        elif tag == "ol" and "fr-breadcrumb__list" in classes:
            self._in.add("breadcrumb")
        elif tag == "footer":
            self._in.add("footer")
        elif tag == "a" and self._in & {"breadcrumb", "footer"}:
            self._in.add("a")
            self._text, self._href = [], attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "h1" and "h1" in self._in:
            self._in.discard("h1")
            self.h1 = " ".join("".join(self._text).split())
        elif tag == "a" and "a" in self._in:
            self._in.discard("a")
            text = " ".join("".join(self._text).split())
            if "breadcrumb" in self._in:
                self.breadcrumb.append((text, self._href))
            else:
                self.footer_links.append((text, self._href))
        elif tag == "ol":
            self._in.discard("breadcrumb")
        elif tag == "footer":
            self._in.discard("footer")

    def handle_data(self, data):
        if self._in & {"h1", "a"} and self._text is not None:
            self._text.append(data)


def outline(response):
    """The `PageOutline` of a test client's response."""
    parser = PageOutline()
    parser.feed(response.content.decode())
    return parser
