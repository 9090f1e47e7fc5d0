"""Which role a request needs on a URL where viewers read and a higher role writes."""
from topics_app.roles import ADMIN, OPERATOR, VIEWER, IsOperator, role_per_method


def test_each_named_method_needs_its_role():
    needs = role_per_method(GET=VIEWER, POST=OPERATOR, DELETE=ADMIN)()

    assert [needs.needed_role(m) for m in ("GET", "POST", "DELETE")] == [VIEWER, OPERATOR, ADMIN]


def test_head_and_options_need_what_get_needs():
    needs = role_per_method(GET=VIEWER, POST=ADMIN)()

    assert (needs.needed_role("HEAD"), needs.needed_role("OPTIONS")) == (VIEWER, VIEWER)


def test_a_method_not_named_needs_the_highest_role_named():
    needs = role_per_method(GET=VIEWER, POST=OPERATOR)()

    assert (needs.needed_role("PUT"), needs.needed_role("PATCH")) == (OPERATOR, OPERATOR)


def test_a_single_role_class_needs_that_role_for_every_method():
    assert {IsOperator().needed_role(m) for m in ("GET", "HEAD", "POST", "DELETE")} == {OPERATOR}
