"""The export's data laid out for the PDF: each section a heading and its records, each record its fields as
label and value, and the lists inside a record (a plan's items, an item's points) as smaller sections under it.
Written from the same data as the JSON file, so the two always say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The drawn signatures are images: the PDF draws them; their base64 text would only fill pages.
IMAGE_FIELDS = {"signature_png_base64"}


@dataclass
class Record:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    image: str = ""  # a data: URL
    sections: list[Section] = field(default_factory=list)


@dataclass
class Section:
    title: str
    records: list[Record]
    level: int = 2


def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _record(title: str, data: dict, level: int) -> Record:
    record = Record(title=title)
    for key, value in data.items():
        if key in IMAGE_FIELDS:
            if value:
                record.image = f"data:image/png;base64,{value}"
            continue
        if isinstance(value, dict):
            record.sections.append(Section(label(key), [_record(label(key), value, level + 1)], level + 1))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            record.sections.append(_section(label(key), value, level + 1))
        else:
            record.fields.append((label(key), _text(value)))
    return record


def _section(title: str, rows: list[dict], level: int) -> Section:
    singular = title[:-1] if title.endswith("s") else title
    return Section(title, [_record(f"{singular} {n}", row, level) for n, row in enumerate(rows, start=1)], level)


def sections(data: dict) -> list[Section]:
    out = []
    for key, value in data.items():
        if key == "export":
            continue
        if isinstance(value, dict):
            out.append(Section(label(key), [_record(label(key), value, 2)]))
        else:
            out.append(_section(label(key), value or [], 2))
    return out
