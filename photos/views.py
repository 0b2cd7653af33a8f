"""Photo pages: upload, gallery, detail/edit, archive, compare, and the one view that hands out photo bytes.

The bytes are served only by `photo_file`, after the permission check, with `no-store` caching, each serve
logged as a PhotoAccess row.

Production hand-off (HARMONY_PHOTO_SERVE_MODE=x-accel): Django still checks the permission and logs the serve,
then answers with an empty body and `X-Accel-Redirect: /_protected_photos/<name>`; nginx streams the file from
an `internal` location that no browser can request directly::

    location /_protected_photos/ {
        internal;                                  # only reachable through X-Accel-Redirect
        alias /srv/harmony/private_media/;         # = HARMONY_PRIVATE_MEDIA_ROOT, with the trailing slash
        add_header Cache-Control "private, no-store" always;
        add_header X-Content-Type-Options nosniff always;
    }

(The prefix can be changed with settings.HARMONY_PHOTO_ACCEL_PREFIX.) On object storage the equivalent is a
private bucket and a short-lived signed URL (e.g. S3 pre-signed GET, a minute or two) issued by this same view
in place of the bytes; the permission check and the PhotoAccess log stay here.
"""

import mimetypes
import uuid
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accesslog.models import RecordKind
from accesslog.services import access_record
from clinic.formtools import add_service_errors
from photos import access, sections, selectors, services
from photos.forms import CompareForm, PhotoEditForm, PhotoUploadForm
from photos.models import PhotoStage, PhotoView
from photos.processing import PhotoLimits
from photos.storage import private_storage


def _reverse_or(name: str, code, fallback: str) -> str:
    # Patient and consultation pages belong to the clinic app; photos work (and link back) without them.
    try:
        return reverse(name, args=[code])
    except NoReverseMatch:
        return fallback


def patient_url(patient) -> str:
    return _reverse_or("patients:patient_detail", patient.code, reverse("photos:gallery", args=[patient.code]))


def session_url(session) -> str | None:
    plan_url = _reverse_or("planning:plan_detail", session.plan.code, "")
    return f"{plan_url}#sessions" if plan_url else None


def consultation_url(consultation) -> str | None:
    return _reverse_or("patients:consultation_detail", consultation.code, "") or None


def _uuid_or_404(value: str):
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404("No such record.") from exc


@permission_required("photos.view_photo", raise_exception=True)
@require_GET
def gallery(request, code):
    patient = selectors.get_patient_for_photos(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.PHOTOS, code=patient.code, patient=patient)
    gallery = sections.patient_gallery(request=request, patient=patient, on_gallery_page=True)
    return render(
        request, "photos/gallery.html", {"patient": patient, "patient_url": patient_url(patient), "gallery": gallery}
    )


@permission_required("photos.add_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload(request, code):
    patient = selectors.get_patient_for_photos(user=request.user, code=code)
    consultation = session = None
    consultation_code = request.GET.get("consultation")
    if consultation_code:
        consultation = selectors.get_consultation_of(patient=patient, code=_uuid_or_404(consultation_code))
    session_code = request.GET.get("session")
    if session_code:
        session = selectors.get_session_of(patient=patient, code=_uuid_or_404(session_code))
    limits = PhotoLimits.from_settings()
    max_mb = round(limits.max_bytes / (1024 * 1024))
    back_url = (
        (session and session_url(session)) or (consultation and consultation_url(consultation)) or patient_url(patient)
    )
    outcome = None
    if request.method == "POST":
        form = PhotoUploadForm(request.POST, request.FILES, max_megabytes=max_mb)
        if form.is_valid():
            try:
                outcome = services.photo_upload_batch(
                    patient=patient,
                    consultation=consultation,
                    session=session,
                    files=form.cleaned_data["files"],
                    view=form.cleaned_data["view"],
                    stage=form.cleaned_data["stage"],
                    taken_on=form.cleaned_data["taken_on"],
                    by=request.user,
                    limits=limits,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                for rejection in outcome.rejected:
                    form.add_error("files", rejection.message)
                if outcome.saved and not outcome.rejected:
                    count = len(outcome.saved)
                    messages.success(request, f"{count} photo{'s' if count != 1 else ''} saved.")
                    return redirect(reverse("photos:gallery", args=[patient.code]) + "#photos")
    else:
        # Photos taken at a treatment session are usually the "after" set.
        form = PhotoUploadForm(max_megabytes=max_mb, initial={"stage": PhotoStage.AFTER} if session else None)
    return render(
        request,
        "photos/upload.html",
        {
            "patient": patient,
            "consultation": consultation,
            "session": session,
            "form": form,
            "outcome": outcome,
            "back_url": back_url,
            "patient_url": patient_url(patient),
            "consent_missing": not patient.consent_photos_clinical,
            "max_bytes": limits.max_bytes,
        },
    )


@permission_required("photos.view_photo", raise_exception=True)
@require_http_methods(["GET", "POST"])
def detail(request, code):
    photo, can_change = selectors.get_photo_for_user(user=request.user, code=code, for_change=request.method == "POST")
    form = PhotoEditForm(request.POST or None, instance=photo) if can_change else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.photo_update(
                photo=photo,
                by=request.user,
                view=data["view"],
                stage=data["stage"],
                taken_on=data["taken_on"],
                notes=data["notes"],
                consent_marketing=data["consent_marketing"],
                include_in_print=data["include_in_print"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Photo details saved.")
            return redirect("photos:detail", code=photo.code)
    # The page is logged in the clinic-wide access log; the photo's files, as each is served, in PhotoAccess below.
    access_record(request=request, kind=RecordKind.PHOTO, code=photo.code, patient=photo.patient)
    accesses = list(photo.accesses.select_related("user")[:10])
    return render(
        request,
        "photos/detail.html",
        {
            "photo": photo,
            "patient": photo.patient,
            "form": form,
            "can_change": can_change,
            "accesses": accesses,
            "access_count": photo.accesses.count(),
            "patient_url": patient_url(photo.patient),
            "consultation_url": photo.consultation and consultation_url(photo.consultation),
            "session_url": photo.session and session_url(photo.session),
        },
    )


@permission_required("photos.change_photo", raise_exception=True)
@require_POST
def archive(request, code):
    photo, _ = selectors.get_photo_for_user(user=request.user, code=code, for_change=True)
    restore = request.POST.get("action") == "restore"
    services.photo_set_archived(photo=photo, by=request.user, archived=not restore)
    messages.success(
        request,
        "Photo restored to the gallery."
        if restore
        else "Photo archived: it no longer shows in the gallery, comparisons or prints, and can be restored here.",
    )
    return redirect("photos:detail", code=photo.code)


@permission_required("photos.view_photo", raise_exception=True)
@require_GET
def photo_file(request, code, variant):
    if variant not in services.VARIANTS:
        raise Http404("No such photo variant.")
    photo, _ = selectors.get_photo_for_user(user=request.user, code=code)
    stored = {"image": photo.image, "thumb": photo.thumbnail, "original": photo.original}[variant]
    if not stored or not stored.name:
        raise Http404("This photo has no such file.")
    if not access.can_fetch(user=request.user, variant=variant):
        raise PermissionDenied
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    suffix = mimetypes.guess_extension(content_type) or ""
    if suffix == ".jpe":
        suffix = ".jpg"
    if getattr(settings, "HARMONY_PHOTO_SERVE_MODE", "") == "x-accel":
        if not private_storage.exists(stored.name):
            raise Http404("The photo file is missing.")
        response = HttpResponse(content_type=content_type)
        prefix = getattr(settings, "HARMONY_PHOTO_ACCEL_PREFIX", "/_protected_photos/")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.name)
    else:
        try:
            handle = private_storage.open(stored.name, "rb")
        except FileNotFoundError as exc:
            raise Http404("The photo file is missing.") from exc
        response = FileResponse(handle, content_type=content_type)
    services.photo_log_access(photo=photo, user=request.user, variant=variant)
    # A neutral name: never the patient's name, never the name the file was uploaded with.
    response["Content-Disposition"] = f'inline; filename="photo-{variant}{suffix}"'
    response["Cache-Control"] = "private, no-store, max-age=0"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _ratio_class(photo) -> str:
    if photo.width > photo.height * 1.05:
        return "ratio-landscape"
    if photo.height > photo.width * 1.05:
        return "ratio-portrait"
    return "ratio-square"


@permission_required("photos.view_photo", raise_exception=True)
@require_GET
def compare(request, code):
    patient = selectors.get_patient_for_photos(user=request.user, code=code)
    access_record(request=request, kind=RecordKind.PHOTOS, code=patient.code, patient=patient)
    all_photos = list(selectors.compare_choices(patient=patient))
    counts = {}
    for p in all_photos:
        counts[p.view] = counts.get(p.view, 0) + 1
    available = [(value, label, counts[value]) for value, label in PhotoView.choices if value in counts]

    view = request.GET.get("view") or next((v for v, _, n in available if n >= 2), available[0][0] if available else "")
    of_view = [p for p in all_photos if p.view == view]
    data = {"view": view}
    defaults = {"left": of_view[0].code if of_view else "", "right": of_view[-1].code if len(of_view) > 1 else ""}
    other_codes = {str(p.code) for p in all_photos if p.view != view}
    for key in ("left", "right"):
        value = request.GET.get(key, "")
        # A photo of the previously chosen view (the view was just changed) gives way to this view's default.
        data[key] = defaults[key] if not value or value in other_codes else value
    if "left" not in request.GET and data["left"] and str(data["left"]) == str(data["right"]):
        # "Compare" from a photo's own page names only that photo: set it beside another of the same view.
        chosen = next(i for i, p in enumerate(of_view) if str(p.code) == str(data["right"]))
        other = chosen + 1 if chosen + 1 < len(of_view) else chosen - 1
        if other >= 0:
            # Keep time running left to right: the earlier of the two goes left.
            first, second = sorted((chosen, other))
            data["left"], data["right"] = of_view[first].code, of_view[second].code
    form = None
    left = right = None
    if view:
        form = CompareForm(data, photos=selectors.compare_choices(patient=patient, view=view), views=available)
        if form.is_valid():
            left, right = form.cleaned_data["left"], form.cleaned_data["right"]
        elif len(of_view) < 2 and "left" not in request.GET:
            form = CompareForm(
                initial=data, photos=selectors.compare_choices(patient=patient, view=view), views=available
            )
    return render(
        request,
        "photos/compare.html",
        {
            "patient": patient,
            "patient_url": patient_url(patient),
            "form": form,
            "available": available,
            "view": view,
            "left": left,
            "right": right,
            "ratio_class": _ratio_class(left) if left else "ratio-portrait",
            "enough_photos": any(n >= 2 for _, _, n in available),
        },
    )
