"""The marks that split the suite: a whole refresh is `e2e` wherever it hides, so `make test-fast` runs none."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import E2E_FOLDER, pytest_collection_modifyitems, require_e2e

TESTS = Path(__file__).parent


def collected(path: Path, *fixtures: str) -> SimpleNamespace:
    """What the marking hook reads of a collected test: its file and the fixtures it uses."""
    marks = []
    return SimpleNamespace(path=path, fixturenames=list(fixtures), add_marker=marks.append, marks=marks)


def test_tests_in_tests_e2e_and_tests_using_the_session_refresh_are_marked_e2e():
    items = [
        collected(E2E_FOLDER / "test_new.py", "tmp_path"),
        collected(TESTS / "sql" / "test_sql.py", "warehouse", "refreshed"),  # `warehouse` uses `refreshed`
        collected(TESTS / "extract" / "test_extract_tables.py", "tmp_path"),
        collected(TESTS / "extract" / "test_e2e_in_the_name.py"),
    ]
    pytest_collection_modifyitems(items)
    assert [[mark.name for mark in item.marks] for item in items] == [["e2e"], ["e2e"], [], []]


def test_a_whole_refresh_in_a_test_not_marked_e2e_fails_that_test_naming_it(request):
    with pytest.raises(pytest.fail.Exception) as failed:
        require_e2e("refresh_into")
    assert str(failed.value) == (
        f"{request.node.nodeid} runs refresh_into, a whole refresh: mark it @pytest.mark.e2e "
        "or move it to tests/e2e/"
    )


@pytest.mark.e2e
def test_a_test_marked_e2e_may_refresh():
    require_e2e("refresh_into")
