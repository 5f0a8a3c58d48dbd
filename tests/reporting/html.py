"""What a page of figures shows, read with the standard library's HTML parser: its charts (DSFR
Chart elements and their attributes), its data tables (caption, header cells with their scope,
rows of cell texts) and its download links."""

from html.parser import HTMLParser

CHART_TAGS = {"line-chart", "bar-chart", "gauge-chart", "map-chart", "pie-chart"}


class Figures(HTMLParser):
    """Feed a page; then `charts` (list of (tag, attrs dict, enclosing section id)), `tables`
    ({table id or section id: {"caption", "scopes", "header", "rows"}}), `downloads` (list of
    hrefs of fr-link--download links) and `hidden` (ids of sections whose chart is aria-hidden)
    hold what it shows."""

    def __init__(self):
        super().__init__()
        self.charts, self.tables, self.downloads = [], {}, []
        self._section = None
        self._table = None
        self._row = None
        self._cell = None
        self._caption = None
        self.hidden = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "tremplin-chart" in classes:
            self._section = attrs.get("id")
        elif "tremplin-chart__figure" in classes and attrs.get("aria-hidden") == "true":
            self.hidden.add(self._section)
        elif tag in CHART_TAGS:
            self.charts.append((tag, attrs, self._section))
        elif tag == "div" and "fr-table" in classes:
            self._table = {"caption": "", "scopes": [], "header": [], "rows": []}
            self.tables[attrs.get("id") or self._section] = self._table
        elif tag == "caption" and self._table is not None:
            self._caption = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
            if tag == "th" and attrs.get("scope"):
                self._table["scopes"].append(attrs["scope"])
        elif tag == "a" and "fr-link--download" in classes:
            self.downloads.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._table["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if not self._table["header"] and not self._table["rows"]:
                self._table["header"] = self._row
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def figures(content):
    """The `Figures` of an HTML text or a test client's response."""
    parser = Figures()
    parser.feed(content if isinstance(content, str) else content.content.decode())
    return parser
