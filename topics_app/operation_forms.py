"""Forms of the leader election and reassignment pages. They only parse what a person typed; the services check
it against the cluster (brokers, partitions, replication factors) and name what is wrong."""
from django import forms

from topics_app.forms import PartitionsField
from topics_app.services.reassignment_plan import MIN_THROTTLE_BYTES_PER_S

ELECTION_CHOICES = [("preferred", "Preferred: the first replica of each partition leads again"),
                    ("unclean", "Unclean: a replica out of sync may lead a partition that has no leader")]


def broker_ids(text):
    """[1, 2, 3] from "1, 2, 3"; ValidationError for anything else. Empty text is an empty list."""
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise forms.ValidationError("Use broker ids separated by commas, e.g. 1,2,3.") from None


class ThrottleField(forms.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=MIN_THROTTLE_BYTES_PER_S, label="Throttle (bytes/s)",
                         help_text="Optional: limits replication traffic on the brokers involved while the data "
                                   "moves; removed when the reassignment ends.", **kwargs)


class ElectLeadersForm(forms.Form):
    partitions = PartitionsField()
    type = forms.ChoiceField(choices=ELECTION_CHOICES, widget=forms.RadioSelect, initial="preferred",
                             label="Election")
    confirm_unclean = forms.BooleanField(required=False, label="I accept that records may be lost")


class ReassignTopicForm(forms.Form):
    """One replica list per partition (the preferred leader first), or a new replication factor."""

    replication_factor = forms.IntegerField(required=False, min_value=1, label="Replication factor",
                                            help_text="Set to change the factor of every partition (existing "
                                                      "replicas are kept first); leave empty to edit the lists.")
    throttle = ThrottleField()

    def __init__(self, *args, current, **kwargs):
        """`current`: {partition: [replica ids]} as the topic has them now."""
        super().__init__(*args, **kwargs)
        self.current = current
        for partition, replicas in sorted(current.items()):
            self.fields[f"replicas_{partition}"] = forms.CharField(
                required=False, label=f"Partition {partition}", initial=",".join(map(str, replicas)),
                help_text="Broker ids, the preferred leader first.")

    def clean(self):
        data = super().clean()
        self.lists = {}
        for partition in self.current:
            name = f"replicas_{partition}"
            if name in self.errors:
                continue
            try:
                self.lists[partition] = broker_ids(data.get(name) or "")
            except forms.ValidationError as error:
                self.add_error(name, error)
        return data

    def request_for(self, topic):
        """The reassignment request: a replication factor, or the lists that changed."""
        factor = self.cleaned_data.get("replication_factor")
        if factor is not None:
            return {"replication_factor": {topic: factor}}
        changed = {str(p): replicas for p, replicas in self.lists.items() if replicas != self.current[p]}
        return {"moves": {topic: changed} if changed else None}


class DrainForm(forms.Form):
    brokers = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple,
                                             label="Move everything off broker")
    throttle = ThrottleField()

    def __init__(self, *args, brokers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brokers"].choices = [(b, f"broker {b}") for b in brokers]
