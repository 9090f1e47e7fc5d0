"""The connector form, built from Connect's own validate answer for a plugin: one field per config it describes."""
from django import forms

from connect_app.services import CLASS, HIDDEN, NAME, STATES
from topics_app.forms import TypedNameForm

STATE_CHOICES = [("", "any state")] + [(state, state.lower()) for state in STATES]

class ConnectorFilterForm(forms.Form):
    state = forms.ChoiceField(choices=STATE_CHOICES, required=False)

def config_field(definition, value):
    """The form field for one of Connect's config definitions, starting at `value`."""
    options = dict(required=False, label=definition.name, initial=value)
    help_parts = [definition.documentation]
    if definition.default not in (None, ""):
        help_parts.append(f"Default: {definition.default}.")
    if definition.required:
        help_parts.append("Required.")
    options["help_text"] = " ".join(part for part in help_parts if part)
    if definition.type == "BOOLEAN":
        return forms.ChoiceField(choices=[("", "default"), ("true", "true"), ("false", "false")], **options)
    if definition.recommended and definition.type != "LIST":
        choices = list(dict.fromkeys([*definition.recommended, *([value] if value else [])]))
        return forms.ChoiceField(choices=[("", "default")] + [(v, v) for v in choices], **options)
    if definition.secret:
        options["initial"] = ""
        if value:
            options["help_text"] += " Leave empty to keep the current value."
        return forms.CharField(widget=forms.PasswordInput(render_value=False), **options)
    return forms.CharField(**options)

class ConnectorForm(forms.Form):
    """`validation` (services.Validation) gives the fields; `config` the current values (edit) or none (create).

    Field names are Connect's config names, which contain dots: the form keeps them as they are and
    `config()` returns only what was filled in, so an empty field means the plugin's default.
    """

    def __init__(self, *args, validation, config=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        config = config or {}
        self.editing, self.stored = editing, config
        if not editing:
            self.fields[NAME] = forms.CharField(label="Name", max_length=249,
                                                help_text="The connector's name, unique in this Connect cluster.")
        # The plugin's own configs (Connect gives them no group) first, then Connect's groups in its order.
        self.groups = {"": []}
        for definition in validation.fields:
            if definition.name in (NAME, CLASS) or not definition.visible:
                continue
            self.fields[definition.name] = config_field(definition, config.get(definition.name))
            self.groups.setdefault(definition.group, []).append(definition.name)
        self.secrets = {definition.name for definition in validation.fields if definition.secret}
        self.plugin = validation.plugin

    def grouped(self):
        """(group, [bound fields]): the name, the plugin's own configs, then Connect's groups in its order."""
        sections = [("Connector", [self[NAME]])] if NAME in self.fields else []
        own = self.plugin.rsplit(".", 1)[-1]
        return sections + [(group or own, [self[name] for name in names])
                           for group, names in self.groups.items() if names]

    def config(self):
        """The config to send: what was filled in; when editing, also the stored configs the form has no field
        for (transforms, client overrides, ...) and each secret left empty as Connect masks it, which the
        service replaces with the stored value."""
        values = {key: value for key, value in self.cleaned_data.items() if key != NAME and value not in ("", None)}
        if self.editing:
            kept = {key: value for key, value in self.stored.items() if key not in self.fields and key != NAME}
            secrets = {key: HIDDEN for key in self.secrets if key in self.stored and key not in values}
            values = {**kept, **secrets, **values}
        return {**values, CLASS: self.plugin}

    def name(self):
        return self.cleaned_data.get(NAME, "")

    def add_connect_errors(self, error):
        """Connect's refusal, each message next to the field it names (the form's top for the others)."""
        fields = error.fields or ({error.field: [error.message]} if error.field else {})
        shown = False
        for key, messages in fields.items():
            target = key if key in self.fields else None
            for message in messages:
                self.add_error(target, message if target else f"{key}: {message}")
                shown = True
        if not shown:
            self.add_error(None, error.message)

class ConnectorNameForm(TypedNameForm):
    what = "connector"
