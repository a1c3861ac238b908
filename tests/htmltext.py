"""What a reader sees in rendered markup: the text of one script, with or without pinyin."""

from html.parser import HTMLParser


class _Visible(HTMLParser):
    def __init__(self, script: str, pinyin: bool):
        super().__init__(convert_charrefs=True)
        self.hidden_classes = {"hans"} if script == "hant" else {"hant"}
        self.hidden_tags = {"rp"} | (set() if pinyin else {"rt"})
        self.stack: list[bool] = []  # is each open element hidden
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        hidden = tag in self.hidden_tags or bool(classes & self.hidden_classes)
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str, script: str, pinyin: bool = False) -> str:
    """The characters shown when `script` is chosen (CSS hides the other script's forms)."""
    parser = _Visible(script, pinyin)
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
