"""Downloading an attachment or a 解读 image, after the access check in `stored_files`.

Anyone may download the files of a currently published record (and of its published 解读); the rest only
the staff of the owning unit and 公开办 — for everybody else the file does not exist (404, as for the record page).
Under nginx (`ZHENGWU_ACCEL_REDIRECT`) the view answers with `X-Accel-Redirect` to the internal location
`ZHENGWU_ACCEL_REDIRECT_PREFIX` (default /_protected/, mapped to MEDIA_ROOT) and nginx sends the bytes; otherwise a
streaming FileResponse.
"""
from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_safe

from . import stored_files
from .models import Attachment, Interpretation


def _content_disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _send(field_file, filename: str, *, public: bool, inline: bool = False) -> HttpResponse:
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404("文件不存在。")
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if getattr(settings, "ZHENGWU_ACCEL_REDIRECT", False):
        response = HttpResponse(content_type=content_type)
        prefix = getattr(settings, "ZHENGWU_ACCEL_REDIRECT_PREFIX", "/_protected/")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + escape_uri_path(field_file.name)
    else:
        response = FileResponse(field_file.storage.open(field_file.name, "rb"), content_type=content_type)
        response["Content-Length"] = str(field_file.size)
    response["Content-Disposition"] = _content_disposition(filename, inline=inline)
    # A published record may be withdrawn: caches keep a public file only briefly, never a staff-only one.
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def attachment(request, pk: int):
    item = get_object_or_404(Attachment.objects.select_related("record", "record__unit"), pk=pk)
    if not stored_files.may_download_attachment(request.user, item):
        raise Http404("文件不存在。")
    return _send(item.file, item.name, public=stored_files.attachment_is_public(item))


@require_safe
def interpretation_image(request, pk: int):
    interp = get_object_or_404(Interpretation.objects.select_related("record", "record__unit"), pk=pk)
    if not interp.image or not stored_files.may_download_interpretation_image(request.user, interp):
        raise Http404("文件不存在。")
    ext = interp.image.name.rsplit(".", 1)[-1] if "." in interp.image.name else "png"
    return _send(interp.image, f"{interp.title}（图解）.{ext}", public=stored_files.interpretation_is_public(interp),
                 inline=True)
