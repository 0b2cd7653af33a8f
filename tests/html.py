"""Reading the app's pages by their structure (BeautifulSoup), so an assertion says where on the page a text must be.

A substring check (`"Caution" in html`) also passes when the text is in the navigation, a script, a hidden template
or another row; these helpers find the element first (the page's <main>, a table by its caption, the error next to
one form field, the row of one product) and read its text, with whitespace folded to single spaces.

    page = soup(response)
    assert field_error(page, "email") == "Enter a valid email address."
    assert field_value(page, "family_name") == "Laurent-Dupré"
    assert row_with(table_rows(page, "Previous aesthetic treatments"), "Azzalure")[2] == "50 U"
    assert text_of(page, "h1") == "Zoë Martin"
"""

import re

from bs4 import BeautifulSoup, Tag


def soup(page) -> BeautifulSoup:
    """A response, bytes or str, parsed; a parsed page or element is returned as it is."""
    if isinstance(page, Tag):
        return page
    content = getattr(page, "content", page)
    if isinstance(content, bytes):
        content = content.decode()
    return BeautifulSoup(content, "html.parser")


def squash(value: str) -> str:
    return " ".join(value.split())


def text(node: Tag | None) -> str:
    """The element's text as a reader sees it, whitespace folded ("" for no element)."""
    return "" if node is None else squash(node.get_text(" "))


def main(page) -> Tag:
    """The page's own content: its <main>, without the layout's navigation, header and footer."""
    found = soup(page).find("main")
    assert found is not None, "the page has no <main>"
    return found


def section(page, heading: str) -> Tag:
    """The part of the page under one heading: the element aria-labelledby that heading, else the heading's
    <section>. The heading's text must equal `heading`, or start with it (a count may follow, "Photos 0")."""
    page = soup(page)
    headings = [
        h
        for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
        if text(h) == heading or text(h).startswith(heading + " ")
    ]
    assert len(headings) == 1, f"{len(headings)} headings read {heading!r}"
    found = headings[0]
    if found.get("id"):
        labelled = page.find(attrs={"aria-labelledby": found["id"]})
        if labelled is not None:
            return labelled
    container = found.find_parent("section")
    assert container is not None, f"the heading {heading!r} is in no section"
    return container


def one(page, selector: str) -> Tag:
    """The one element matching the CSS selector (fails, saying how many there were, unless exactly one)."""
    found = soup(page).select(selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]


def text_of(page, selector: str) -> str:
    """The text of the one element matching the CSS selector."""
    return text(one(page, selector))


def texts_of(page, selector: str) -> list[str]:
    """The texts of every element matching the CSS selector, in page order."""
    return [text(node) for node in soup(page).select(selector)]


def h1_count(page) -> int:
    return len(soup(page).find_all("h1"))


def hrefs(page) -> set[str]:
    return {a["href"] for a in soup(page).find_all("a", href=True)}


def field(page, name: str) -> Tag:
    """The one form control (input, select or textarea) with this name."""
    found = soup(page).find_all(["input", "select", "textarea"], attrs={"name": name})
    assert len(found) == 1, f"{len(found)} form controls are named {name!r}"
    return found[0]


def field_value(page, name: str) -> str | None:
    """What the form shows in the field: an input's value, the selected option's value or a textarea's text."""
    control = field(page, name)
    if control.name == "textarea":
        return control.get_text().removeprefix("\r").removeprefix("\n")  # a browser drops the first newline
    if control.name == "select":
        selected = control.find("option", selected=True)
        return selected.get("value") if selected is not None else None
    return control.get("value")


def field_is_invalid(page, name: str) -> bool:
    """The field is marked invalid (Bootstrap's is-invalid, which also tells assistive technology via the error)."""
    return "is-invalid" in field(page, name).get("class", [])


def field_error(page, name: str) -> str:
    """The error message shown next to one form field ("" when it has none).

    crispy-forms writes each message as `id="error_<n>_id_<field>"`; a hand-written field points at its message with
    aria-describedby, or has its `.invalid-feedback` in the field's own wrapper (the largest element around the field
    that holds no other form control).
    """
    page = soup(page)
    control = field(page, name)
    field_id = control.get("id") or f"id_{name}"
    messages = page.find_all(id=re.compile(rf"^error_\d+_{re.escape(field_id)}$"))
    if not messages:
        described = [page.find(id=ref) for ref in control.get("aria-describedby", "").split()]
        messages = [node for node in described if node is not None and "invalid-feedback" in node.get("class", [])]
    if not messages:
        wrapper, node = None, control.parent
        while node is not None and len(node.find_all(["input", "select", "textarea"])) == 1:
            wrapper, node = node, node.parent
        messages = wrapper.select(".invalid-feedback") if wrapper is not None else []
    return " ".join(text(node) for node in messages)


def table(page, caption: str) -> Tag:
    """The one table whose <caption> contains this text."""
    found = [t for t in soup(page).find_all("table") if caption in text(t.caption)]
    assert len(found) == 1, f"{len(found)} tables have a caption with {caption!r}"
    return found[0]


def rows(node: Tag) -> list[list[str]]:
    """The text of each cell of each body row (rows of <thead> left out) of a table or any element with rows."""
    return [
        [text(cell) for cell in tr.find_all(["td", "th"], recursive=False)]
        for tr in node.find_all("tr")
        if tr.find_parent("thead") is None
    ]


def table_rows(page, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, each a list of its cells' texts."""
    return rows(table(page, caption))


def row_with(found_rows: list[list[str]], *texts: str) -> list[str]:
    """The one row that has every text in some cell (fails unless exactly one row has)."""
    matching = [row for row in found_rows if all(any(t in cell for cell in row) for t in texts)]
    assert len(matching) == 1, f"{len(matching)} rows have {texts!r}: {found_rows!r}"
    return matching[0]


def alerts(page) -> list[str]:
    """The text of every alert on the page (Bootstrap's .alert, role=alert or role=status)."""
    page = soup(page)
    found = page.select(".alert, [role=alert], [role=status]")
    unique = [node for node in found if not any(node is not other and node in other.descendants for other in found)]
    return [text(node) for node in unique]
