"""The read-only catalog for every staff role (thin views: the selectors decide what is shown)."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from catalog import selectors

can_view_catalog = permission_required("catalog.view_treatment", raise_exception=True)


@can_view_catalog
def index(request):
    return render(request, "catalog/index.html", selectors.catalog_index())


@can_view_catalog
def treatment_detail(request, slug):
    return render(request, "catalog/treatment_detail.html", selectors.treatment_detail(slug=slug))


@can_view_catalog
def area_detail(request, slug):
    return render(request, "catalog/area_detail.html", selectors.area_detail(slug=slug))


@can_view_catalog
def concern_detail(request, slug):
    return render(request, "catalog/concern_detail.html", selectors.concern_detail(slug=slug))


@can_view_catalog
def template_list(request):
    return render(request, "catalog/template_list.html", {"templates": selectors.template_list()})


@can_view_catalog
def template_detail(request, slug):
    return render(request, "catalog/template_detail.html", selectors.template_detail(slug=slug))


@can_view_catalog
def product_list(request):
    return render(request, "catalog/product_list.html", selectors.product_list())
