"""The connector form comes from Connect's validate answer: a field per visible config, the plugin's own configs
first, a secret never shown back and kept when left empty, and Connect's errors next to the fields they name.
Secrets in a shown config are masked as Connect masks them."""
from connect_app.errors import ConfigInvalid
from connect_app.forms import ConnectorForm
from connect_app.services import HIDDEN, ConfigField, Validation, masked

PLUGIN = "org.example.DatabaseSource"


def config(name, type="STRING", group="", required=False, recommended=(), visible=True, default=None):
    return ConfigField(name=name, type=type, required=required, default=default, importance="HIGH",
                       documentation=f"What {name} is.", group=group, display_name=name, value=None,
                       recommended=list(recommended), errors=[], visible=visible)


VALIDATION = Validation(PLUGIN, [
    config("name", group="Common", required=True), config("connector.class", group="Common", required=True),
    config("tasks.max", "INT", group="Common", default="1"),
    config("errors.tolerance", group="Error Handling", recommended=["none", "all"]),
    config("connection.url", required=True), config("connection.password", "PASSWORD"),
    config("batch.enabled", "BOOLEAN"), config("hidden.one", visible=False),
])


def test_the_plugins_own_configs_come_first_under_its_name_then_connects_groups():
    form = ConnectorForm(validation=VALIDATION)
    assert [(group, [f.name for f in fields]) for group, fields in form.grouped()] == [
        ("Connector", ["name"]),
        ("DatabaseSource", ["connection.url", "connection.password", "batch.enabled"]),
        ("Common", ["tasks.max"]),
        ("Error Handling", ["errors.tolerance"]),
    ]
    assert "Required." in form.fields["connection.url"].help_text
    assert "Default: 1." in form.fields["tasks.max"].help_text


def test_only_filled_in_values_are_sent_with_the_plugin_class():
    form = ConnectorForm({"name": "db", "connection.url": "jdbc:x", "tasks.max": "", "errors.tolerance": "all",
                          "batch.enabled": ""}, validation=VALIDATION)
    assert form.is_valid(), form.errors
    assert form.name() == "db"
    assert form.config() == {"connection.url": "jdbc:x", "errors.tolerance": "all", "connector.class": PLUGIN}


def test_a_secret_is_never_rendered_back():
    form = ConnectorForm(validation=VALIDATION, config={"connection.password": "s3cret", "connection.url": "jdbc:x"},
                         editing=True)
    html = form.as_div()
    assert "s3cret" not in html and 'value="jdbc:x"' in html
    assert "name" not in form.fields


def test_an_edit_keeps_the_configs_the_form_has_no_field_for_and_each_secret_left_empty():
    stored = {"name": "db", "connector.class": PLUGIN, "connection.url": "jdbc:x", "connection.password": HIDDEN,
              "transforms": "route", "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter"}
    form = ConnectorForm({"connection.url": "jdbc:y", "connection.password": ""}, validation=VALIDATION,
                         config=stored, editing=True)
    assert form.is_valid(), form.errors
    assert form.config() == {"connection.url": "jdbc:y", "connection.password": HIDDEN, "transforms": "route",
                             "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
                             "connector.class": PLUGIN}


def test_connects_errors_land_next_to_their_fields_and_the_others_on_top():
    form = ConnectorForm({"name": "db"}, validation=VALIDATION)
    assert form.is_valid()
    form.add_connect_errors(ConfigInvalid("2 problems", fields={
        "connection.url": ['Missing required configuration "connection.url" which has no default value.'],
        "not.in.form": ["Unknown."]}))
    assert form.errors["connection.url"] == ['Missing required configuration "connection.url" which has no default '
                                             'value.']
    assert form.non_field_errors() == ["not.in.form: Unknown."]


def test_secrets_show_as_connect_masks_them_and_empty_ones_stay_empty():
    shown = masked({"connection.password": "s3cret", "connection.url": "jdbc:x"}, VALIDATION)
    assert shown == {"connection.password": HIDDEN, "connection.url": "jdbc:x"}
    assert masked({"connection.password": ""}, VALIDATION) == {"connection.password": ""}
