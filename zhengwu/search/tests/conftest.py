import pytest


@pytest.fixture(autouse=True)
def _fresh_dictionary(settings):
    """Each test sees the dictionary/synonyms of its own (rolled-back) database state."""
    from zhengwu.search import segment

    settings.ZHENGWU_SEARCH_DICT_REFRESH_SECONDS = 0
    segment.invalidate()
    yield
    segment.invalidate()
