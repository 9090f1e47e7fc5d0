"""Forms to start jobs from the pages; they build the same request the API takes."""
from django import forms

from streams_app.services.jobs import ingest, replay, schedules
from topics_app.models import Cluster


def _clusters():
    return [(c.name, c.name) for c in Cluster.objects.all()]


class JobForm(forms.Form):
    cluster = forms.ChoiceField(choices=_clusters)

    def request_data(self):
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def add_service_error(self, error):
        """Put a service's refusal on the field it names (start.value → start_value, filter.key → filter_key)."""
        field = (error.field or "").replace(".", "_")
        field = {"path": "path", "file": "file", "topic": self._topic_field()}.get(field, field)
        self.add_error(field if field in self.fields else None, error.message)

    def _topic_field(self):
        return "topic" if "topic" in self.fields else "source_topic"


class GenerateForm(JobForm):
    topic = forms.CharField(max_length=249)
    count = forms.IntegerField(required=False, min_value=1, help_text="How many records; or give a duration.")
    duration_s = forms.IntegerField(required=False, min_value=1, label="Duration (s)")
    rate = forms.IntegerField(required=False, min_value=1, help_text="Records per second; empty: as fast as it goes.")


class IngestForm(JobForm):
    file = forms.FileField(required=False, help_text="Upload a file, or name one on the server below.")
    kept_file = forms.CharField(required=False, widget=forms.HiddenInput)
    path = forms.CharField(required=False, help_text="A file inside the server's ingest directory.")
    topic = forms.CharField(max_length=249)
    create_topic = forms.BooleanField(required=False, label="Create the topic if it does not exist")
    topic_partitions = forms.IntegerField(required=False, min_value=1, max_value=100_000, initial=1,
                                          label="Partitions of a created topic")
    format = forms.ChoiceField(choices=[(f, f) for f in ingest.FORMATS])
    key_field = forms.CharField(required=False, help_text="CSV column or JSON field (dotted path) for the key.")
    timestamp_field = forms.CharField(required=False, help_text="Milliseconds since 1970 or ISO 8601.")
    header_fields = forms.CharField(required=False, help_text="Comma-separated columns or fields, sent as headers.")
    on_bad_line = forms.ChoiceField(choices=[(ingest.FAIL, "fail the job (nothing is produced)"),
                                             (ingest.SKIP, "skip it and list it")])
    rate = forms.IntegerField(required=False, min_value=1, help_text="Records per second; empty: as fast as it goes.")

    def request_data(self):
        data = super().request_data()
        data.pop("file", None)
        data.pop("kept_file", None)
        return data


BOUND_HELP = "For offset: one offset, or partition:offset pairs like 0:10,1:25. For timestamp: ms or ISO 8601."


class ReplayForm(JobForm):
    source_topic = forms.CharField(max_length=249)
    partitions = forms.CharField(required=False, help_text="Comma-separated, e.g. 0,2; empty: all.")
    start_type = forms.ChoiceField(choices=[(t, t) for t in replay.START_TYPES], label="Start")
    start_value = forms.CharField(required=False, help_text=BOUND_HELP)
    end_type = forms.ChoiceField(choices=[(t, t) for t in replay.END_TYPES], label="End",
                                 help_text="latest: the end as it is when the job starts. Ends are exclusive.")
    end_value = forms.CharField(required=False, help_text=BOUND_HELP)
    target_cluster = forms.ChoiceField(choices=_clusters, required=False)
    target_topic = forms.CharField(max_length=249)
    create_target = forms.BooleanField(required=False, help_text="Create it with the source's partition count.")
    filter_key = forms.CharField(required=False, label="Key equals")
    filter_key_contains = forms.CharField(required=False, label="Key contains")
    filter_contains = forms.CharField(required=False, label="Value contains")
    filter_header_key = forms.CharField(required=False, label="Header name")
    filter_header_value = forms.CharField(required=False, label="Header value")
    filter_json_path = forms.CharField(required=False, label="JSON path")
    filter_json_value = forms.CharField(required=False, label="JSON value")
    rate = forms.IntegerField(required=False, min_value=1, help_text="Records per second; empty: as fast as it goes.")
    parts = forms.IntegerField(required=False, min_value=1, initial=1,
                               help_text="Split the copy by partition into this many parts, which as many workers "
                                         "run at once; at most the number of partitions.")

    def clean_partitions(self):
        raw = self.cleaned_data["partitions"].strip()
        if not raw:
            return None
        try:
            return [int(p) for p in raw.split(",")]
        except ValueError:
            raise forms.ValidationError("Partitions are numbers separated by commas.") from None

    @staticmethod
    def _bound(kind, raw):
        bound = {"type": kind}
        raw = (raw or "").strip()
        if kind == replay.OFFSET and ":" in raw:
            bound["value"] = dict(pair.split(":", 1) for pair in raw.split(",") if ":" in pair)
        elif kind != replay.EARLIEST and kind != replay.LATEST:
            bound["value"] = raw
        return bound

    def request_data(self):
        data = self.cleaned_data
        return {
            "cluster": data["cluster"], "source_topic": data["source_topic"], "partitions": data["partitions"],
            "start": self._bound(data["start_type"], data["start_value"]),
            "end": self._bound(data["end_type"], data["end_value"]),
            "target_cluster": data.get("target_cluster") or data["cluster"], "target_topic": data["target_topic"],
            "create_target": data["create_target"],
            "filter": {name: data[f"filter_{name}"] for name in replay.FILTER_FIELDS if data.get(f"filter_{name}")},
            "rate": data.get("rate"), "parts": data.get("parts"),
        }


class ScheduleForm(forms.Form):
    every_s = forms.IntegerField(required=False, min_value=schedules.MIN_EVERY_S, label="Every (seconds)",
                                 help_text=f"At least {schedules.MIN_EVERY_S}.")
    crontab = forms.CharField(required=False, help_text="Or a crontab: minute hour day-of-month month day-of-week, "
                                                        "e.g. 0 2 * * * for 02:00 every night.")


FORMS = {"ingest": IngestForm, "generate": GenerateForm, "replay": ReplayForm}
