"""Attachments behind access checks: random names on disk, downloads only for who may see the record."""
from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection

from zhengwu.disclosure import actions, stored_files
from zhengwu.disclosure.models import Attachment, Interpretation, Record
from zhengwu.disclosure.tests.factories import make_published, make_record
from zhengwu.disclosure.tests.test_attachments_manage import docx_bytes, image_bytes

pytestmark = pytest.mark.django_db

NAME = "2026年春季学期开学工作安排.docx"


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def files(county):
    """One record in each status, each with the same attachment."""
    data = docx_bytes("开学工作安排")
    draft = make_record(county.department, by=county.editor, title="草稿")
    in_review = make_record(county.department, by=county.editor, title="审核中")
    published = make_record(county.department, by=county.editor, title="已发布")
    withdrawn = make_record(county.department, by=county.editor, title="已撤下")
    out = {}
    for key, record in (("draft", draft), ("in_review", in_review), ("published", published),
                        ("withdrawn", withdrawn)):
        out[key] = actions.add_attachment(record, by=county.editor, name=NAME, data=data)
    actions.submit(in_review, by=county.editor)
    for record in (published, withdrawn):
        actions.submit(record, by=None)
        actions.record_secrecy_review(record, by=None, opinion="不涉密。")
        record = actions.approve(record, by=None)
        if record.status == Record.Status.OFFICE_REVIEW:
            actions.approve(record, by=None)
    actions.unpublish(withdrawn, by=county.office_admin, reason="内容已过时。")
    out["data"] = data
    return out


def test_stored_under_a_random_name_original_kept(files):
    attachment = files["published"]
    assert stored_files.is_random_name(attachment.file.name)
    assert "开学" not in attachment.file.name and attachment.file.name.endswith(".docx")
    assert attachment.name == NAME
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes() == files["data"]


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_anonymous_cannot_download_unpublished_files(client, files, status):
    attachment = files[status]
    assert client.get(attachment.download_url).status_code == 404
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_anonymous_downloads_a_published_file_under_its_original_name(client, files):
    response = client.get(files["published"].download_url)
    assert response.status_code == 200
    assert _content(response) == files["data"]
    assert f"filename*=UTF-8''{quote(NAME)}" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Cache-Control"] == "public, max-age=300"


def test_media_is_not_served_wholesale(client, files):
    assert client.get(f"/media/{files['published'].file.name}").status_code == 404


@pytest.mark.parametrize("who", ["other_editor", "other_reviewer"])
def test_staff_of_another_unit_cannot_download(client, county, files, who):
    client.force_login(getattr(county, who))
    for status in ("draft", "in_review", "withdrawn"):
        assert client.get(files[status].download_url).status_code == 404


@pytest.mark.parametrize("who", ["editor", "reviewer", "office_admin"])
def test_owning_unit_and_office_download_unpublished(client, county, files, who):
    client.force_login(getattr(county, who))
    response = client.get(files["draft"].download_url)
    assert response.status_code == 200 and _content(response) == files["data"]
    assert response["Cache-Control"] == "private, no-store"


def test_x_accel_redirect_hands_the_file_to_nginx(client, files, settings):
    settings.ZHENGWU_ACCEL_REDIRECT = True
    attachment = files["published"]
    response = client.get(attachment.download_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{attachment.file.name}"
    assert response.content == b""
    assert client.get(files["draft"].download_url).status_code == 404


def test_interpretation_image_follows_its_record(client, county):
    record = make_record(county.department, by=county.editor, title="政策")
    interp = actions.add_interpretation(record, by=county.editor, form=Interpretation.Form.GRAPHIC,
                                        title="一图读懂", image_name="图解.png", image_data=image_bytes())
    assert stored_files.is_random_name(interp.image.name)
    assert client.get(interp.image_url).status_code == 404
    published = make_published(county.department, by=county.editor, title="已发布政策")
    shown = actions.add_interpretation(published, by=county.reviewer, form=Interpretation.Form.GRAPHIC,
                                       title="一图读懂", image_name="图解.png", image_data=image_bytes())
    response = client.get(shown.image_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    page = client.get(f"/xxgk/jd/{shown.pk}/").content.decode()
    assert shown.image_url in page and "/media/" not in page


def test_portal_and_api_link_the_checked_download(client, files):
    attachment = files["published"]
    page = client.get(attachment.record.get_absolute_url()).content.decode()
    assert attachment.download_url in page and "/media/" not in page
    data = client.get(f"/api/v1/documents/{attachment.record.pk}").json()
    assert data["attachments"][0]["url"].endswith(attachment.download_url)


def test_migration_moves_old_files_to_random_names(county, django_capture_on_commit_callbacks):
    record = make_record(county.department, by=county.editor, title="旧附件")
    attachment = actions.add_attachment(record, by=county.editor, name="旧.txt", data=b"old-bytes")
    storage = attachment.file.storage
    old_name = storage.save("attachments/2025/03/旧.txt", attachment.file.open("rb"))
    Attachment.objects.filter(pk=attachment.pk).update(file=old_name)
    migration = importlib.import_module("zhengwu.disclosure.migrations.0004_random_file_names")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    with django_capture_on_commit_callbacks(execute=True):
        migration.move_to_random_names(django_apps, editor)
    attachment.refresh_from_db()
    assert stored_files.is_random_name(attachment.file.name)
    assert storage.open(attachment.file.name).read() == b"old-bytes"
    assert not storage.exists(old_name)
    assert attachment.name == "旧.txt"
