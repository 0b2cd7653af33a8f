"""Catalog pages: every staff role may browse (all hold the catalog view permissions); outsiders get 403."""

from django.urls import reverse

from tests.matrix import Row, staff_page

BROWSE = staff_page(catalogadmin=200)
MISSING = staff_page(frontdesk=404, practitioner=404, catalogadmin=404)


def _sample(kind: str, url_name: str):
    def build(request) -> str:
        sample = request.getfixturevalue("catalog_sample")
        return reverse(url_name, args=[sample[kind].slug])

    return build


def _retired_treatment(request) -> str:
    sample = request.getfixturevalue("catalog_sample")
    treatment = sample["treatment"]
    treatment.is_active = False
    treatment.save()
    return reverse("catalog:treatment_detail", args=[treatment.slug])


ROWS: list = [
    Row("catalog:treatment_detail", BROWSE, url=_sample("treatment", "catalog:treatment_detail")),
    Row(
        "catalog:treatment_detail",
        MISSING,
        url=lambda request: reverse("catalog:treatment_detail", args=["no-such-treatment"]),
        id="GET catalog:treatment_detail (unknown slug)",
    ),
    Row("catalog:treatment_detail", MISSING, url=_retired_treatment, id="GET catalog:treatment_detail (retired)"),
    Row("catalog:area_detail", BROWSE, url=_sample("area", "catalog:area_detail")),
    Row(
        "catalog:area_detail",
        MISSING,
        url=lambda request: reverse("catalog:area_detail", args=["no-such-area"]),
        id="GET catalog:area_detail (unknown slug)",
    ),
    Row("catalog:concern_detail", BROWSE, url=_sample("concern", "catalog:concern_detail")),
    Row("catalog:template_list", BROWSE),
    Row("catalog:template_detail", BROWSE, url=_sample("template", "catalog:template_detail")),
    Row(
        "catalog:template_detail",
        MISSING,
        url=lambda request: reverse("catalog:template_detail", args=["no-such-template"]),
        id="GET catalog:template_detail (unknown slug)",
    ),
    Row("catalog:product_list", BROWSE),
]
