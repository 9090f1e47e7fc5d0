from django import forms

TARGET_CHOICES = [
    ("earliest", "Earliest: the oldest offset still in the log"),
    ("latest", "Latest: the log end (skip everything not yet consumed)"),
    ("timestamp", "Date and time: the first record at or after it"),
    ("offset", "A specific offset"),
    ("shift", "Shift by ±N from the committed offset"),
]
# Which input holds the value for each target; errors on "value" are shown there.
VALUE_FIELD = {"timestamp": "timestamp", "offset": "offset", "shift": "shift"}


class GroupFilterForm(forms.Form):
    state = forms.ChoiceField(required=False, choices=[("", "Any state")] + [
        (s, s) for s in ("Stable", "Empty", "PreparingRebalance", "CompletingRebalance", "Dead")])
    has_lag = forms.BooleanField(required=False, label="Only groups with lag")


class ResetOffsetsForm(forms.Form):
    topic = forms.CharField(max_length=249, widget=forms.TextInput(attrs={"list": "group-topics"}))
    partitions = forms.CharField(required=False, help_text="Comma-separated partition numbers; empty for all.")
    to = forms.ChoiceField(choices=TARGET_CHOICES, widget=forms.RadioSelect, initial="earliest", label="Reset to")
    timestamp = forms.DateTimeField(
        required=False, label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text="In the server's time zone.")
    offset = forms.IntegerField(required=False, min_value=0)
    shift = forms.IntegerField(required=False, help_text="Negative to re-read, positive to skip.")

    def clean_partitions(self):
        text = self.cleaned_data["partitions"].strip()
        if not text:
            return None
        try:
            numbers = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
        except ValueError:
            raise forms.ValidationError("Use partition numbers separated by commas, e.g. 0,2,5.") from None
        if any(n < 0 for n in numbers):
            raise forms.ValidationError("Partition numbers cannot be negative.")
        return numbers

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

