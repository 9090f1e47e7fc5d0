"""A CSV cell that a spreadsheet would run as a formula gets a leading single quote (OWASP's CSV injection)."""
import pytest

from streams_app.services.export import inert_cell


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tx", "\rx", "+/8="])
def test_a_cell_starting_like_a_formula_is_quoted(text):
    assert inert_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["pizza", "1=1", "a-b", "'=already quoted", " =x", ""])
def test_any_other_cell_is_kept_as_it_is(text):
    assert inert_cell(text) == text


def test_a_missing_key_stays_missing():
    assert inert_cell(None) is None
