"""Topic and consumer-group forms. Topic forms speak human units and give Kafka its config values;
every field is validated before anything is sent."""
from django import forms

from topics_app import topic_rules

DURATION_CHOICES = [("days", "days"), ("hours", "hours"), ("minutes", "minutes"), ("ms", "milliseconds"),
                    ("forever", "forever")]
SIZE_CHOICES = [("GB", "GB"), ("MB", "MB"), ("bytes", "bytes"), ("unlimited", "no limit")]
CLEANUP_CHOICES = [("delete", "delete old segments"), ("compact", "compact (keep the latest value per key)"),
                   ("compact,delete", "both")]


class TopicNameField(forms.CharField):
    default_validators = [topic_rules.validate_topic_name]

    def __init__(self, **kwargs):
        super().__init__(max_length=249, **kwargs)


def duration_ms(amount, unit):
    if unit == "forever":
        return topic_rules.FOREVER
    return None if amount is None else amount * topic_rules.DURATION_UNITS_MS[unit]


def size_bytes(amount, unit):
    if unit == "unlimited":
        return -1
    return None if amount is None else amount * topic_rules.SIZE_UNITS_BYTES[unit]


class TopicCreateForm(forms.Form):
    # The form field that holds each config, so Kafka's refusals appear next to it.
    CONFIG_FIELDS = {"retention.ms": "retention_amount", "retention.bytes": "retention_bytes_amount",
                     "segment.bytes": "segment_bytes_amount", "cleanup.policy": "cleanup_policy",
                     "min.insync.replicas": "min_insync_replicas", "max.message.bytes": "max_message_bytes"}

    name = TopicNameField(help_text="1–249 characters: letters, digits, '.', '_' and '-'.")
    partitions = forms.IntegerField(min_value=1, max_value=topic_rules.MAX_PARTITIONS, initial=3)
    replication_factor = forms.IntegerField(
        min_value=1, max_value=topic_rules.SHORT_MAX, required=False,
        help_text="Empty takes the cluster's default.replication.factor (3 on a three-node cluster).")
    retention_amount = forms.IntegerField(label="Retention", min_value=1, required=False,
                                          help_text="Empty keeps the broker's default (7 days).")
    retention_unit = forms.ChoiceField(choices=DURATION_CHOICES, initial="days", required=False)
    retention_bytes_amount = forms.IntegerField(label="Retention size per partition", min_value=1, required=False)
    retention_bytes_unit = forms.ChoiceField(choices=SIZE_CHOICES, initial="GB", required=False)
    segment_bytes_amount = forms.IntegerField(label="Segment size", min_value=1, required=False)
    segment_bytes_unit = forms.ChoiceField(choices=SIZE_CHOICES[:3], initial="MB", required=False)
    cleanup_policy = forms.ChoiceField(choices=[("", "broker default (delete)")] + CLEANUP_CHOICES, required=False)
    min_insync_replicas = forms.IntegerField(label="min.insync.replicas", min_value=1, required=False)
    max_message_bytes = forms.IntegerField(label="max.message.bytes", min_value=0, required=False)
    extra_configs = forms.CharField(
        label="Other configs", required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="One name=value per line, e.g. compression.type=zstd",
    )

    def clean_extra_configs(self):
        configs = {}
        for number, line in enumerate(self.cleaned_data["extra_configs"].splitlines(), start=1):
            if not line.strip():
                continue
            name, sep, value = line.partition("=")
            if not sep:
                raise forms.ValidationError(f"Line {number}: write name=value.")
            try:
                configs[name.strip()] = topic_rules.clean_config(name.strip(), value)
            except forms.ValidationError as error:
                raise forms.ValidationError(f"Line {number}: {' '.join(error.messages)}") from None
        return configs

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        chosen = {
            "retention.ms": duration_ms(data.get("retention_amount"), data.get("retention_unit") or "days"),
            "retention.bytes": size_bytes(data.get("retention_bytes_amount"), data.get("retention_bytes_unit") or "GB"),
            "segment.bytes": size_bytes(data.get("segment_bytes_amount"), data.get("segment_bytes_unit") or "MB"),
            "cleanup.policy": data.get("cleanup_policy") or None,
            "min.insync.replicas": data.get("min_insync_replicas"),
            "max.message.bytes": data.get("max_message_bytes"),
        }
        configs = dict(data.get("extra_configs") or {})
        for name, value in chosen.items():
            if value is None:
                continue
            try:
                configs[name] = topic_rules.clean_config(name, value)
            except forms.ValidationError as error:
                self.add_error(self.CONFIG_FIELDS[name], error)
        if data["replication_factor"] and (data.get("min_insync_replicas") or 0) > data["replication_factor"]:
            self.add_error("min_insync_replicas", "It cannot be larger than the replication factor.")
        data["configs"] = configs
        return data

    def add_service_error(self, error):
        field = error.field
        if field not in self.fields:
            field = self.CONFIG_FIELDS.get(field, "extra_configs" if field else None)
        self.add_error(field, error.message)


class AddPartitionsForm(forms.Form):
    count = forms.IntegerField(label="New total partition count", min_value=1, max_value=topic_rules.MAX_PARTITIONS)
    understood = forms.BooleanField(
        label="I understand that messages with the same key will go to a different partition from now on.",
    )


class PurgeForm(forms.Form):
    partition = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                       help_text="Empty: every partition.")
    before_offset = forms.IntegerField(min_value=0, max_value=topic_rules.LONG_MAX, required=False,
                                       help_text="Delete records before this offset. Empty: up to the latest.")

    def __init__(self, *args, partitions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partition"].choices = [("", "all partitions")] + [(p, str(p)) for p in partitions]

    def clean(self):
        data = super().clean()
        if data.get("before_offset") is not None and data.get("partition") is None:
            self.add_error("partition", "Choose the partition the offset belongs to.")
        return data


class TypedNameForm(forms.Form):
    """A change that destroys something, confirmed by typing the name of what it destroys."""

    what = "topic"
    confirm_name = forms.CharField()

    def __init__(self, *args, name, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self.fields["confirm_name"].label = f"Type the {self.what}'s name to confirm"

    def clean_confirm_name(self):
        if self.cleaned_data["confirm_name"] != self.name:
            raise forms.ValidationError(f"This is not the {self.what}'s name.")
        return self.cleaned_data["confirm_name"]


TARGET_CHOICES = [
    ("earliest", "Earliest: the oldest offset still in the log"),
    ("latest", "Latest: the log end (skip everything not yet consumed)"),
    ("timestamp", "Date and time: the first record at or after it"),
    ("offset", "A specific offset"),
    ("shift", "Shift by ±N from the committed offset"),
]
# Which input holds the value for each target; errors on "value" are shown there.
VALUE_FIELD = {"timestamp": "timestamp", "offset": "offset", "shift": "shift"}


class PartitionsField(forms.CharField):
    """Partition numbers typed as "0, 2, 5": a sorted list, or None (all) when left empty."""

    def __init__(self, **kwargs):
        super().__init__(required=False, help_text="Comma-separated partition numbers; empty for all.", **kwargs)

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        try:
            numbers = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
        except ValueError:
            raise forms.ValidationError("Use partition numbers separated by commas, e.g. 0,2,5.") from None
        if any(n < 0 for n in numbers):
            raise forms.ValidationError("Partition numbers cannot be negative.")
        return numbers


class GroupFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Group id contains",
                        widget=forms.TextInput(attrs={"placeholder": "Group id contains", "size": 30}))
    state = forms.ChoiceField(required=False, choices=[("", "Any state")] + [
        (s, s) for s in ("Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling",
                      "Dead")])
    has_lag = forms.BooleanField(required=False, label="Only groups with lag")
    own = forms.BooleanField(required=False, label="Show Strom's own groups")
    sort = forms.CharField(required=False, widget=forms.HiddenInput)


class ResetOffsetsForm(forms.Form):
    topic = forms.CharField(max_length=249, widget=forms.TextInput(attrs={"list": "group-topics"}))
    partitions = PartitionsField()
    to = forms.ChoiceField(choices=TARGET_CHOICES, widget=forms.RadioSelect, initial="earliest", label="Reset to")
    timestamp = forms.DateTimeField(
        required=False, label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text="In the server's time zone.")
    offset = forms.IntegerField(required=False, min_value=0)
    shift = forms.IntegerField(required=False, help_text="Negative to re-read, positive to skip.")

    def clean(self):
        data = super().clean()
        field = VALUE_FIELD.get(data.get("to"))
        if field and data.get(field) is None and field not in self.errors:
            self.add_error(field, "Required for this kind of reset.")
        return data

    def value(self):
        field = VALUE_FIELD.get(self.cleaned_data["to"])
        if field == "timestamp":
            return int(self.cleaned_data["timestamp"].timestamp() * 1000)
        return self.cleaned_data[field] if field else None

    def add_service_error(self, error):
        """Show a service refusal on the field it names (the service calls the value 'value')."""
        field = error.field
        if field == "value":
            field = VALUE_FIELD.get(self.cleaned_data.get("to"))
        self.add_error(field if field in self.fields else None, error.message)

