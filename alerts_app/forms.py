"""The rule form (admin) and the silence form (operator); the services check every field again."""
from django import forms

from alerts_app.models import AlertRule, Kind
from alerts_app.services.rules import checked_fields, parse_until
from topics_app.errors import InvalidRequest
from topics_app.models import Cluster


class RuleForm(forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Kind.choices)
    cluster = forms.ModelChoiceField(Cluster.objects.all(), to_field_name="name", empty_label=None)
    target = forms.CharField(required=False, max_length=500,
                             help_text="The groups, topics, brokers (\"broker 1\"), jobs' topics or connectors to "
                                       "watch; empty or * for all.")
    pattern_type = forms.ChoiceField(choices=AlertRule.PatternType.choices, initial="glob", label="Pattern")
    # Text, not a number field: the service names the field when it is not a number.
    threshold = forms.CharField(initial="0", help_text="Messages for lag, seconds for time lag, messages/s for "
                                                        "rates, partitions for health; 0 for the other kinds.")
    for_s = forms.CharField(initial="0", label="For (seconds)", help_text="How long it must hold before it fires.")
    renotify_s = forms.CharField(required=False, label="Re-notify every (seconds)",
                                 help_text="While it keeps firing; empty to notify once.")
    webhook_url = forms.CharField(required=False, label="Webhook URL", max_length=1000,
                                  help_text="One JSON POST per transition, with a Slack-compatible text.")
    email_to = forms.CharField(required=False, label="E-mail to", max_length=1000,
                               help_text="Addresses separated by commas.")

    @classmethod
    def for_rule(cls, rule, data=None):
        initial = {"name": rule.name, "kind": rule.kind, "cluster": rule.cluster.name, "target": rule.target,
                   "pattern_type": rule.pattern_type, "threshold": f"{rule.threshold:g}", "for_s": rule.for_s,
                   "renotify_s": rule.renotify_s or ""}
        for channel in rule.channels:
            if channel["type"] == "webhook":
                initial.setdefault("webhook_url", channel["url"])
            else:
                initial.setdefault("email_to", channel["to"])
        return cls(data, initial=initial)

    def clean(self):
        data = super().clean()
        channels = []
        if data.get("webhook_url"):
            channels.append({"type": "webhook", "url": data["webhook_url"]})
        if data.get("email_to"):
            channels.append({"type": "email", "to": data["email_to"]})
        try:
            self.checked = checked_fields({**data, "channels": channels})
        except InvalidRequest as error:
            for field, problems in error.fields.items():
                if field == "channels":
                    field = "webhook_url" if "webhook" in problems[0] else "email_to"
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, problems)
        return data


class SilenceForm(forms.Form):
    until = forms.CharField(required=False, help_text="A date and time, e.g. 2026-01-31T18:00 (server time) or "
                                                      "2026-01-31T18:00:00Z; empty to notify again now.")

    def clean_until(self):
        try:
            return parse_until(self.cleaned_data["until"])
        except InvalidRequest as error:
            raise forms.ValidationError(error.message) from error


class DeleteForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, delete this rule and its history")
