"""Photo pieces on other apps' pages (patient, consultation and plan print pages include these)."""

from django import template

register = template.Library()


@register.inclusion_tag("photos/_patient_gallery.html", takes_context=True)
def patient_gallery(context, patient):
    return {"patient": patient, "photos": [], "user": context["user"]}


@register.inclusion_tag("photos/_consultation_photos.html", takes_context=True)
def consultation_photos(context, consultation):
    return {"consultation": consultation, "photos": [], "user": context["user"]}


@register.inclusion_tag("photos/_plan_print_photos.html", takes_context=True)
def plan_print_photos(context, plan):
    return {"plan": plan, "photos": []}
