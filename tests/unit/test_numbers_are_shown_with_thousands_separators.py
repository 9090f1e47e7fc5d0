"""The `thousands` template filter: whole numbers get separators, anything else is left as it is."""
from topics_app.templatetags.strom import thousands


def test_whole_numbers_get_a_separator_every_three_digits():
    assert thousands(300065) == "300,065"
    assert thousands("1048588") == "1,048,588"
    assert thousands(-1234) == "-1,234"
    assert thousands(999) == "999"


def test_text_and_empty_values_are_left_as_they_are():
    assert thousands("compact") == "compact"
    assert thousands(None) is None
    assert thousands("") == ""
    assert thousands(True) is True
