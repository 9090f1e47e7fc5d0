"""Connectors, their tasks and plugins, read from and changed through a Connect cluster's REST API.

Plain functions that take the Connect cluster first and return plain data. Every change is audited.
What Strom shows is what Connect says at that moment: nothing here is cached.
"""
from dataclasses import dataclass, field
from functools import partial

from connect_app.connect_rest import ConnectRest, quote
from connect_app.errors import ConfigInvalid, ConnectFailed
from topics_app.errors import InvalidRequest, NotFound, ServiceError
from topics_app.models import AuditEntry

STATES = ("RUNNING", "PAUSED", "STOPPED", "FAILED", "UNASSIGNED", "RESTARTING")
# Connect shows a secret's value as this wherever it masks it (its validate answer); Strom does the same.
HIDDEN = "[hidden]"
# Configs every connector has that the create form asks for apart from the plugin's own.
NAME, CLASS = "name", "connector.class"


@dataclass
class Task:
    id: int
    state: str
    worker_id: str
    trace: str = ""


@dataclass
class Connector:
    name: str
    type: str
    class_name: str
    state: str
    worker_id: str
    tasks: list[Task]
    topics: list[str]
    trace: str = ""

    @property
    def addressable(self):
        """Whether Connect's REST API can reach this connector: it refuses a path with an encoded '/'."""
        return "/" not in self.name

    @property
    def tasks_running(self):
        return sum(task.state == "RUNNING" for task in self.tasks)

    @property
    def tasks_failed(self):
        return sum(task.state == "FAILED" for task in self.tasks)


@dataclass
class ConnectorDetail(Connector):
    config: dict[str, str] = field(default_factory=dict)
    offsets: list[dict] = field(default_factory=list)
    # Connect's validate answer for the stored config: it says which configs are secret, and the edit form is
    # built from it.
    validation: "Validation | None" = None


@dataclass
class Plugin:
    class_name: str
    type: str
    version: str

    @property
    def short_name(self):
        return self.class_name.rsplit(".", 1)[-1]

    @property
    def makes_connectors(self):
        return self.type in ("source", "sink")


@dataclass
class ConfigField:
    """One config a plugin takes, as Connect's validate describes it, with the value checked and its errors."""

    name: str
    type: str
    required: bool
    default: str | None
    importance: str
    documentation: str
    group: str
    display_name: str
    value: str | None
    recommended: list[str]
    errors: list[str]
    visible: bool

    @property
    def secret(self):
        return self.type == "PASSWORD"


@dataclass
class Validation:
    plugin: str
    fields: list[ConfigField]

    @property
    def errors(self):
        return {f.name: f.errors for f in self.fields if f.errors}


@dataclass
class ConnectStatus:
    name: str
    url: str
    kafka_cluster: str | None
    reachable: bool
    version: str | None
    error: str = ""


def status(connect):
    """Whether the Connect cluster answers, and its version."""
    kafka = connect.kafka_cluster.name if connect.kafka_cluster else None
    try:
        root = ConnectRest(connect).get("/")
    except ServiceError as error:
        return ConnectStatus(connect.name, connect.url, kafka, False, None, error.message)
    return ConnectStatus(connect.name, connect.url, kafka, True, root.get("version"))


def _tasks(status_answer):
    return [Task(t["id"], t["state"], t.get("worker_id", ""), t.get("trace", ""))
            for t in sorted(status_answer.get("tasks", []), key=lambda t: t["id"])]


def _connector(name, status_answer, info, topics, cls=Connector, **extra):
    """A connector from Connect's status and info answers. Just after its creation a connector has no status yet:
    its type then comes from its info, and its state is UNASSIGNED."""
    own = status_answer.get("connector", {})
    return cls(name=name, type=status_answer.get("type") or info.get("type") or "",
               class_name=info.get("config", {}).get(CLASS, ""),
               state=own.get("state", "UNASSIGNED"), worker_id=own.get("worker_id", ""),
               tasks=_tasks(status_answer), topics=sorted(topics), trace=own.get("trace", ""), **extra)


def list_connectors(connect, state=None):
    """Every connector with its state, tasks and the topics it has used, by name; only those in `state` if given."""
    if state and state not in STATES:
        raise InvalidRequest(f"Unknown state {state!r}; choose one of {', '.join(STATES)}.", field="state")
    rest = ConnectRest(connect)
    found = rest.get("/connectors", expand=["status", "info"])
    names = sorted(found)
    connectors = [
        _connector(name, found[name].get("status", {}), found[name].get("info", {}), used)
        for name, used in zip(names, rest.each(partial(_topics_used, rest), names))
    ]
    return [c for c in connectors if not state or c.state == state]


def _topics_used(rest, name):
    """The topics the connector has used, as Connect tracks them; [] when Connect cannot say for this one
    (a name with '/', made by another tool, that Connect's REST API cannot address)."""
    try:
        return rest.get(f"/connectors/{quote(name)}/topics").get(name, {}).get("topics", [])
    except (InvalidRequest, NotFound):
        return []


def _unless_just_created(rest, path):
    """Connect's answer at `path`, or {} while a connector just created has no status or offsets yet."""
    try:
        return rest.get(path)
    except NotFound:
        return {}


def masked(config, validation):
    """The config with each secret (a PASSWORD config, by Connect's definition) shown as Connect shows it."""
    secrets = {f.name for f in validation.fields if f.secret}
    return {key: HIDDEN if key in secrets and value else value for key, value in config.items()}


def describe_connector(connect, name):
    rest = ConnectRest(connect)
    path = f"/connectors/{quote(name)}"
    info = rest.get(path)
    state, offsets = rest.each(partial(_unless_just_created, rest), [f"{path}/status", f"{path}/offsets"])
    config = info.get("config", {})
    validation = validate(connect, config.get(CLASS, ""), config)
    return _connector(name, state, info, _topics_used(rest, name), cls=ConnectorDetail,
                      config=masked(config, validation), offsets=offsets.get("offsets", []), validation=validation)


def list_plugins(connect, connectors_only=False):
    answer = ConnectRest(connect).get("/connector-plugins", connectorsOnly=str(connectors_only).lower())
    plugins = [Plugin(p["class"], p.get("type", ""), p.get("version") or "") for p in answer]
    return sorted(plugins, key=lambda p: (not p.makes_connectors, p.type, p.class_name))


def validate(connect, plugin, config):
    """Connect's own check of `config` for `plugin`: each config's definition, value and errors."""
    if not plugin:
        raise InvalidRequest("Choose the connector's plugin class.", field=CLASS)
    config = {**config, CLASS: plugin}
    try:
        answer = ConnectRest(connect).put(f"/connector-plugins/{quote(plugin)}/config/validate", config)
    except ConnectFailed as error:
        # Connect answers an unknown class with a 500 that lists every plugin it has; its first sentence says it.
        reason = error.connect_message.split(", available connectors are")[0].split("Exception: ")[-1]
        raise InvalidRequest(f"Connect cannot use the plugin {plugin!r}: {reason}", field=CLASS) from None
    fields = []
    for entry in answer.get("configs", []):
        definition, value = entry.get("definition", {}), entry.get("value", {})
        fields.append(ConfigField(
            name=definition.get("name") or value.get("name"), type=definition.get("type", "STRING"),
            required=bool(definition.get("required")), default=definition.get("default_value"),
            importance=definition.get("importance", ""), documentation=definition.get("documentation") or "",
            group=definition.get("group") or "", display_name=definition.get("display_name") or "",
            value=value.get("value"), recommended=list(value.get("recommended_values") or []),
            errors=list(value.get("errors") or []), visible=value.get("visible", True)))
    return Validation(plugin, fields)


def _checked(connect, name, config):
    validation = validate(connect, config.get(CLASS, ""), {**config, NAME: name})
    if validation.errors:
        count = sum(len(messages) for messages in validation.errors.values())
        raise ConfigInvalid(f"Connect found {count} problem{'s' if count != 1 else ''} in the config: "
                            + "; ".join(f"{key}: {' '.join(messages)}" for key, messages in validation.errors.items()),
                            fields=validation.errors)


def create_connector(connect, name, config, *, actor):
    """Create `name` once Connect's validate finds no problem in its config."""
    name = (name or "").strip()
    if not name:
        raise InvalidRequest("Give the connector a name.", field=NAME)
    if "/" in name:
        raise InvalidRequest("A connector's name may not contain '/': Connect would create it, but its REST API "
                             "refuses every path with an encoded '/', so the connector could never be changed or "
                             "deleted.", field=NAME)
    config = {key: str(value) for key, value in config.items() if key != NAME}
    with AuditEntry.track(actor, "create_connector", cluster=connect.name, target=name,
                          details={"class": config.get(CLASS, "")}):
        _checked(connect, name, config)
        ConnectRest(connect).post("/connectors", {"name": name, "config": {**config, NAME: name}})


def update_config(connect, name, config, *, actor):
    """Replace the connector's config. A secret sent back as Connect shows it ([hidden]) or empty keeps its value."""
    rest = ConnectRest(connect)
    current = rest.get(f"/connectors/{quote(name)}/config")
    config = {key: str(value) for key, value in config.items() if key != NAME}
    config.setdefault(CLASS, current.get(CLASS, ""))
    details = {}
    with AuditEntry.track(actor, "update_connector_config", cluster=connect.name, target=name, details=details):
        validation = validate(connect, config[CLASS], {**current, **config})
        for secret in (f.name for f in validation.fields if f.secret):
            if config.get(secret) in ("", HIDDEN) and secret in current:
                config[secret] = current[secret]
        # The audit entry, written when the block ends, names the configs that change (never their values).
        details["changed"] = sorted(key for key in set(config) | set(current) - {NAME}
                                    if config.get(key) != current.get(key))
        _checked(connect, name, config)
        rest.put(f"/connectors/{quote(name)}/config", {**config, NAME: name})


def _act(connect, name, action, method, path, actor, details=None, **query):
    with AuditEntry.track(actor, action, cluster=connect.name, target=name, details=details):
        getattr(ConnectRest(connect), method)(f"/connectors/{quote(name)}{path}", **query)


def pause(connect, name, *, actor):
    _act(connect, name, "pause_connector", "put", "/pause", actor)


def resume(connect, name, *, actor):
    _act(connect, name, "resume_connector", "put", "/resume", actor)


def stop(connect, name, *, actor):
    _act(connect, name, "stop_connector", "put", "/stop", actor)


def restart(connect, name, *, include_tasks=False, only_failed=False, actor):
    _act(connect, name, "restart_connector", "post", "/restart", actor,
         details={"include_tasks": include_tasks, "only_failed": only_failed},
         includeTasks=str(include_tasks).lower(), onlyFailed=str(only_failed).lower())


def restart_task(connect, name, task_id, *, actor):
    _act(connect, name, "restart_connector_task", "post", f"/tasks/{int(task_id)}/restart", actor,
         details={"task": int(task_id)})


def reset_offsets(connect, name, *, actor):
    """Forget a stopped connector's committed offsets; Connect refuses it for a connector that is not stopped."""
    with AuditEntry.track(actor, "reset_connector_offsets", cluster=connect.name, target=name):
        try:
            ConnectRest(connect).delete(f"/connectors/{quote(name)}/offsets")
        except InvalidRequest as refused:
            raise InvalidRequest(f"Connect refused to reset the offsets of {name}: {refused.message}",
                                 field="state") from None


def delete_connector(connect, name, *, actor):
    _act(connect, name, "delete_connector", "delete", "", actor)
