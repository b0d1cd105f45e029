"""The demo 问答 library answers its own example question and covers the demo's policies (more than 12 pairs)."""
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def test_example_question_is_answered_by_the_demo_library():
    from zhengwu.importer.demo import load
    from zhengwu.org.models import Unit
    from zhengwu.search import demo, qa
    from zhengwu.search.models import QAPair

    built = load(hooks=False)
    demo.load_demo(government=built.government, units=list(Unit.objects.all()), today=built.today)
    template = Path(qa.__file__).parent / "templates" / "search" / "ask.html"
    example = re.search(r'placeholder="如：([^"]+)"', template.read_text()).group(1)
    result = qa.ask(example)
    assert result.answered, (example, result.confidence)
    assert result.answers[0].qa.question == example
    # Every pair found the records it cites (a pair whose sources are missing is silently skipped).
    assert QAPair.objects.count() == len(demo.QA_PAIRS) > 12
