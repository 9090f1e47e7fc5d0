"""Which groups the list shows and in what order; a replay job's group is recognised as Strom's own."""
from topics_app.services.groups import GroupSummary
from topics_app.views.groups import own_job_of, shown_groups


def group(group_id, members=0, lag=None, state="Empty"):
    return GroupSummary(group_id=group_id, state=state, protocol_type="consumer", group_type="classic",
                        members=members, topics=[], lag=lag)


GROUPS = [group("food", members=2, lag=30, state="Stable"), group("billing", lag=5), group("strom-replay-12"),
          group("audit-food", lag=None)]


def ids(found):
    return [g.group_id for g in found]


def test_a_replay_jobs_group_belongs_to_that_job_and_no_other_group_does():
    assert own_job_of("strom-replay-12") == 12
    assert own_job_of("strom-replay-x") is None
    assert own_job_of("my-strom-replay-3") is None


def test_stroms_own_groups_are_hidden_unless_asked_for():
    assert ids(shown_groups(GROUPS)) == ["audit-food", "billing", "food"]
    assert "strom-replay-12" in ids(shown_groups(GROUPS, show_own=True))


def test_the_search_matches_part_of_the_id_whatever_the_case():
    assert ids(shown_groups(GROUPS, search="FOOD")) == ["audit-food", "food"]


def test_sorting_by_lag_puts_groups_without_committed_offsets_first_and_can_be_reversed():
    assert ids(shown_groups(GROUPS, sort="lag")) == ["audit-food", "billing", "food"]
    assert ids(shown_groups(GROUPS, sort="-lag")) == ["food", "billing", "audit-food"]
    assert ids(shown_groups(GROUPS, sort="-members"))[0] == "food"
