from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("catalog.view_treatment", raise_exception=True)
def index(request):
    return render(request, "catalog/index.html", {})
