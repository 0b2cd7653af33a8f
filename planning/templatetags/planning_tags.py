"""Planning's pieces on other apps' pages (the patient and consultation pages include these)."""

from django import template

register = template.Library()


@register.inclusion_tag("planning/_patient_plans.html", takes_context=True)
def patient_plans(context, patient):
    return {"patient": patient, "plans": [], "user": context["user"]}


@register.inclusion_tag("planning/_consultation_plans.html", takes_context=True)
def consultation_plans(context, consultation):
    return {"consultation": consultation, "plans": [], "user": context["user"]}
