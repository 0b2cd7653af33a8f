"""docs/clinical-sources.md lists every seeded clinical number: it is generated from the seed and kept up to date."""

from pathlib import Path

from catalog import seed
from planning.management.commands.clinical_sources import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "clinical-sources.md"


def test_the_committed_clinical_sources_document_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/clinical-sources.md is out of date: run `python manage.py clinical_sources > docs/clinical-sources.md`"
    )


def test_every_seeded_dose_range_appears_with_its_source_and_a_section():
    text = render()
    for treatment in seed.TREATMENTS:
        for dose_range in treatment["ranges"]:
            assert dose_range["source"] in text
            assert "§" in dose_range["source"]
