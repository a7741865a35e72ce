"""Reading an HTML report back with the standard library's parser: elements, headings, tables, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    """One element: its tag, attributes, children and text (its own and its descendants')."""

    tag: str
    attrs: dict[str, str]
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All text inside, whitespace collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> list[str]:
        out = list(self.parts[:1])
        for n, child in enumerate(self.children):
            out += child._texts()
            out += self.parts[n + 1:n + 2]
        return out

    def iter(self, tag: str | None = None) -> list[Element]:
        """This element and every descendant (with ``tag`` only), in document order."""
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            found += child.iter(tag)
        return found

    def ancestors(self) -> list[Element]:
        """Parent, grandparent, ... up to the document."""
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.node = self.root
        self.node.parts.append("")
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.node)
        element.parts.append("")
        self.node.children.append(element)
        self.node.parts.append("")
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.node)
        element.parts.append("")
        self.node.children.append(element)
        self.node.parts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.node.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.node.tag}>")
            while self.node.parent is not None and self.node.tag != tag:
                self.node = self.node.parent
        if self.node.parent is not None:
            self.node = self.node.parent

    def handle_data(self, data: str) -> None:
        self.node.parts[-1] += data


def read_html(data: bytes) -> tuple[Element, list[str]]:
    """The document tree of UTF-8 HTML bytes, and the nesting errors met (none in a well-formed page)."""
    reader = _Reader()
    reader.feed(data.decode("utf-8"))
    reader.close()
    return reader.root, reader.errors


def headings(root: Element) -> list[tuple[int, str]]:
    """Every ``h1``..``h6`` in document order: (level, text)."""
    return [(int(e.tag[1]), e.text) for e in root.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]


def visible_text(root: Element) -> str:
    """The text a reader sees: the body without the style sheet."""
    body = root.iter("body")[0]
    return " ".join(body.text.split())
