"""zhengwu.core.submission: one case per token, through the database's unique constraint."""
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from zhengwu.applications import actions
from zhengwu.applications.models import Application
from zhengwu.applications.tests.factories import applicant
from zhengwu.core import submission
from zhengwu.ops.models import SubmissionToken


def token_for(form="yisq"):
    return submission.read({submission.FIELD: submission.new_token(form)}, form)


def test_tokens_are_signed_per_form():
    raw = submission.new_token("yisq")
    assert submission.read({submission.FIELD: raw}, "yisq").fresh
    assert submission.read({submission.FIELD: raw}, "other_form") is None
    assert submission.read({submission.FIELD: raw[:-2]}, "yisq") is None
    assert submission.read({}, "yisq") is None


def test_second_claim_returns_the_first_result_without_filing(county):
    token = token_for()
    file = lambda: actions.submit_online(unit=county.department, data=applicant()).query_code  # noqa: E731
    first = submission.submit_once("yisq", token, file)
    # The view's look-up missed (a racing request): the unique token alone stops the second case.
    second = submission.submit_once("yisq", token, file)
    assert (first.replayed, second.replayed) == (False, True)
    assert second.result == first.result == Application.objects.get().query_code
    assert SubmissionToken.objects.get().result == first.result


def test_failed_submission_leaves_no_claim(county):
    token = token_for()

    def bad():
        actions.submit_online(unit=county.department, data=applicant())
        raise ValidationError("后面的检查失败")

    with pytest.raises(ValidationError):
        submission.submit_once("yisq", token, bad)
    assert not SubmissionToken.objects.exists() and not Application.objects.exists()
    retry = submission.submit_once("yisq", token, lambda: actions.submit_online(
        unit=county.department, data=applicant()).query_code)
    assert not retry.replayed and Application.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_one_token_file_once(county):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory test SQLite has no busy wait between threads; "
                    "test_reliability covers concurrent posts on a SQLite file")
    token = token_for()
    inside = threading.Event()
    results, errors = [], []

    def slow_file():
        inside.set()
        app = actions.submit_online(unit=county.department, data=applicant())
        threading.Event().wait(0.5)  # hold the claim uncommitted while the other request arrives
        return app.query_code

    def post(create):
        try:
            results.append(submission.submit_once("yisq", token, create))
        except Exception as exc:  # broad on purpose: reported below
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=post, args=(slow_file,))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=post, args=(lambda: actions.submit_online(
        unit=county.department, data=applicant()).query_code,))
    second.start()
    first.join(30)
    second.join(30)
    assert not errors
    assert sorted(r.replayed for r in results) == [False, True]
    assert results[0].result == results[1].result == Application.objects.get().query_code
