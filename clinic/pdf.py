"""Pages as PDF, for every app: a template rendered as for the browser, laid out for paper by WeasyPrint.

    pdf = render_pdf("consents/signed_pdf.html", context, request=request)
    return pdf_response(pdf, filename="consent.pdf")

WeasyPrint (CourtBouillon, BSD) turns HTML and CSS into PDF in Python, on the system's pango: no browser, no
network. The page is laid out with the print media type, so a page's `@media print` rules and Bootstrap's
`d-print-none` apply as when a person prints it, and the shared print stylesheet `static/css/pdf.css` (the A4 page,
its margins and page numbers) is added to every PDF.

Nothing a PDF draws is fetched over the network. Its relative URLs resolve against an internal origin
(PDF_BASE_URL), and the fetcher hands out only:
- static files (`/static/...`), read from the collected static files or, in development, the apps' own folders;
- `data:` URLs (a signature's PNG is embedded in the page as one);
- other pages of Harmony's own (a plan's photos), asked of their views with the request's own user, so the view's
  permission check and its access log apply as for the browser; only images and stylesheets are taken.
Anything else (another host, a file: URL) is refused and left out of the PDF.

WeasyPrint draws an inline <svg> (the face chart) as an image of its own, with the styles the SVG itself holds and
not the page's: `svg_stylesheets` (static paths) and `svg_css` are copied into each inline SVG as its <style>.
"""

from __future__ import annotations

import mimetypes
import re
from copy import copy
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import Resolver404, resolve

PDF_BASE_URL = "https://harmony.pdf.internal/"
PDF_STYLESHEET = "css/pdf.css"
INTERNAL_TYPES = ("image/",)  # what another Harmony page may give a PDF


class PDFFetchRefused(ValueError):
    """A URL a PDF may not fetch; WeasyPrint leaves the image or stylesheet out."""


def _static_file(path: str) -> Path | None:
    """The file behind a /static/ path: the collected copy (its hashed name, in production) or the app's own."""
    name = path.removeprefix(settings.STATIC_URL).lstrip("/")
    if not name or ".." in Path(name).parts:
        return None
    try:
        collected = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local files
        collected = None
    if collected is not None and collected.is_file():
        return collected
    found = finders.find(name)
    return Path(found) if found else None


def _weasyprint():
    """WeasyPrint, imported without the Pillow setting it changes on import.

    weasyprint.images sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES for the whole process, which would let a truncated
    photo or signature pass the checks that decode it fully (photos.processing, consents.signatures). The setting
    is put back: a PDF then leaves out a truncated image instead of drawing half of it.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    import weasyprint
    import weasyprint.urls

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def _fetcher_class():
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    class HarmonyFetcher(URLFetcher):
        """WeasyPrint's fetcher, limited to data: URLs, static files and Harmony's own pages (see the module)."""

        def __init__(self, *, request):
            super().__init__(allowed_protocols=("data", "https"))
            self.request = request

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if not url.startswith(PDF_BASE_URL):
                raise PDFFetchRefused(f"PDFs fetch nothing from outside Harmony: {url}")
            parts = urlsplit(url)
            if parts.path.startswith(settings.STATIC_URL):
                path = _static_file(parts.path)
                if path is None:
                    raise PDFFetchRefused(f"No such static file: {parts.path}")
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
            body, mime = self._internal(parts.path, parts.query)
            return URLFetcherResponse(url, body, {"Content-Type": mime})

        def _internal(self, path: str, query: str) -> tuple[bytes, str]:
            """Another Harmony page (a photo), asked of its view as the request's user would ask for it."""
            try:
                match = resolve(path)
            except Resolver404:
                raise PDFFetchRefused(f"No such page: {path}") from None
            sub = copy(self.request)
            sub.method = "GET"
            sub.path = sub.path_info = path
            sub.GET = QueryDict(query)
            sub.POST = QueryDict()
            sub.META = {**self.request.META, "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
            response = match.func(sub, *match.args, **match.kwargs)
            mime = response.get("Content-Type", "").split(";")[0]
            if response.status_code != 200 or not mime.startswith(INTERNAL_TYPES):
                raise PDFFetchRefused(f"{path} gave {response.status_code} {mime}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            # Close the file the response streamed, not the response: HttpResponse.close() sends request_finished,
            # which closes the database connection in the middle of the request making the PDF (PostgreSQL).
            streamed = getattr(response, "file_to_stream", None)
            if streamed is not None:
                streamed.close()
            return body, mime

    return HarmonyFetcher


def render_pdf(template_name: str, context: dict, *, request) -> bytes:
    """The template rendered with the request (its user, its CSRF token, the context processors), as a PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request), request=request)


def _svg_styled(html: str, css: str) -> str:
    """Each inline <svg> of the page with `css` as its own <style> (what WeasyPrint applies inside an SVG)."""
    if not css.strip():
        return html
    style = "<style>" + css.replace("</", "<\\/") + "</style>"
    return _SVG_START.sub(lambda match: match.group(0) + style, html)


_SVG_START = re.compile(r"<svg\b[^>]*>", re.IGNORECASE)


def html_to_pdf(html: str, *, request, svg_stylesheets: tuple[str, ...] = (), svg_css: str = "") -> bytes:
    """A page's HTML (a view's response, say) as a PDF; its images are fetched as the request's user (see above)."""
    weasyprint = _weasyprint()
    CSS, HTML = weasyprint.CSS, weasyprint.HTML

    sheets = []
    for name in svg_stylesheets:
        path = _static_file(static(name))
        if path is None:
            raise ValueError(f"No static file {name!r} to style the PDF's SVGs with.")
        sheets.append(path.read_text(encoding="utf-8"))
    html = _svg_styled(html, "\n".join([*sheets, svg_css]))
    fetcher = _fetcher_class()(request=request)
    stylesheet = CSS(url=urljoin(PDF_BASE_URL, static(PDF_STYLESHEET)), url_fetcher=fetcher)
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=fetcher, media_type="print")
    # Presentational hints: an <img>'s width and height attributes size it, as in a browser.
    return document.write_pdf(stylesheets=[stylesheet], presentational_hints=True)


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """The PDF shown in the browser (saved under `filename`, which must not name the patient)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
