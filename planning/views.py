from django.contrib.auth.decorators import permission_required
from django.shortcuts import render


@permission_required("planning.view_treatmentplan", raise_exception=True)
def plan_list(request):
    return render(request, "planning/plan_list.html", {})
