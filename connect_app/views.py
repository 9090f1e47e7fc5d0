"""The Kafka Connect pages: Connect clusters, their connectors and plugins, and the forms that change them."""
from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from connect_app import services
from connect_app.forms import ConnectorFilterForm, ConnectorForm, ConnectorNameForm
from connect_app.models import ConnectCluster
from topics_app.errors import ClusterUnreachable, ServiceError
from topics_app.roles import ADMIN, OPERATOR, VIEWER, role_required
from topics_app.views.pages import page, row_page


def connect_page(role, title):
    """A page under /connect/<connect>/ (see row_page): the view gets the ConnectCluster, and an error page
    shows under its Kafka cluster."""
    return row_page(ConnectCluster, "connect", role, title, cluster_of=lambda connect: connect.kafka_cluster)


def connect_view(request, template, title, connect, **context):
    return page(request, template, title, cluster=connect.kafka_cluster, nav="connect", connect=connect, **context)


def detail_url(connect, name):
    return reverse("connect_app:connector-detail", args=[connect.name, name])


@role_required(VIEWER)
def connect_list(request):
    ConnectCluster.ensure_default()
    found = [(connect, services.status(connect)) for connect in ConnectCluster.objects.select_related("kafka_cluster")]
    return page(request, "connect_app/connect_list.html", "Kafka Connect", nav="connect", found=found)


@connect_page(VIEWER, "Connectors of {connect.name}")
def connector_list(request, connect):
    filters = ConnectorFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    found = services.list_connectors(connect, state=state or None)
    return connect_view(request, "connect_app/connector_list.html", f"Connectors of {connect.name}", connect,
                        connectors=found, filters=filters)


@connect_page(VIEWER, "Plugins of {connect.name}")
def plugin_list(request, connect):
    return connect_view(request, "connect_app/plugin_list.html", f"Plugins of {connect.name}", connect,
                        plugins=services.list_plugins(connect))


def saved(request, form, save):
    """Run save() for a valid POST of the connector form: (redirect, None) once it worked, else (None, status)
    with Connect's objections on the form. A Connect that cannot be reached makes the whole page the error."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return save(), None
    except ClusterUnreachable:
        raise
    except ServiceError as error:
        form.add_connect_errors(error)
        return None, error.status


@connect_page(ADMIN, "New connector")
def connector_create(request, connect):
    """GET ?plugin=<class>: the form Connect's validate describes; POST: create once Connect finds no problem."""
    plugin = request.GET.get("plugin", "")
    try:
        validation = services.validate(connect, plugin, {})
    except ClusterUnreachable:
        raise
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("connect_app:plugin-list", connect.name)
    form = ConnectorForm(request.POST or None, validation=validation)

    def create():
        services.create_connector(connect, form.name(), form.config(), actor=request.user)
        messages.success(request, f"Connector {form.name()} created.")
        return redirect(detail_url(connect, form.name()))

    done, status = saved(request, form, create)
    return done or connect_view(request, "connect_app/connector_form.html",
                                f"New {plugin.rsplit('.', 1)[-1]} connector", connect, form=form, plugin=plugin,
                                status=status)


@connect_page(VIEWER, "Connector {name}")
def connector_detail(request, connect, name):
    detail = services.describe_connector(connect, name)
    return connect_view(request, "connect_app/connector_detail.html", f"Connector {name}", connect, connector=detail,
                        actions=[(action, label) for action, (label, _, _) in ACTIONS.items()])


@connect_page(ADMIN, "Edit connector {name}")
def connector_edit(request, connect, name):
    detail = services.describe_connector(connect, name)
    form = ConnectorForm(request.POST or None, validation=detail.validation, config=detail.config, editing=True)

    def update():
        services.update_config(connect, name, form.config(), actor=request.user)
        messages.success(request, f"The config of {name} was changed.")
        return redirect(detail_url(connect, name))

    done, status = saved(request, form, update)
    return done or connect_view(request, "connect_app/connector_form.html", f"Edit connector {name}", connect,
                                form=form, plugin=detail.class_name, connector=detail, status=status)


# Each button on a connector's page: action -> (label, service call, what the message afterwards says).
ACTIONS = {
    "pause": ("Pause", services.pause, "paused"),
    "resume": ("Resume", services.resume, "resumed"),
    "stop": ("Stop", services.stop, "stopped"),
    "restart": ("Restart the connector", services.restart, "restarted"),
    "restart-with-tasks": ("Restart with its tasks", partial(services.restart, include_tasks=True),
                           "restarted with its tasks"),
    "restart-failed": ("Restart what failed", partial(services.restart, include_tasks=True, only_failed=True),
                       "restarted: the connector and tasks that had failed"),
}


def changed(request, connect, name, change, done):
    """An operator's button: change(), then back to the connector's page saying what happened (or Connect's
    refusal). A Connect that cannot be reached makes the whole page the error."""
    try:
        change()
    except ClusterUnreachable:
        raise
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(detail_url(connect, name))


@require_POST
@connect_page(OPERATOR, "Connector {name}")
def connector_action(request, connect, name, action):
    if action not in ACTIONS:
        raise Http404(f"Connectors have no action {action!r}.")
    _, change, done = ACTIONS[action]
    return changed(request, connect, name, lambda: change(connect, name, actor=request.user),
                   f"Connector {name} {done}.")


@require_POST
@connect_page(OPERATOR, "Connector {name}")
def task_restart(request, connect, name, task):
    return changed(request, connect, name, lambda: services.restart_task(connect, name, task, actor=request.user),
                   f"Task {task} of {name} restarted.")


def confirmed_change(change, template, verb):
    """An admin's change that asks for the connector's name typed out first (reset offsets, delete)."""

    @connect_page(ADMIN, f"{verb} {{name}}")
    def view(request, connect, name):
        detail = services.describe_connector(connect, name)
        form = ConnectorNameForm(request.POST or None, name=name)
        if request.method == "POST" and form.is_valid():
            try:
                where = change(request, connect, name)
            except ClusterUnreachable:
                raise
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                return redirect(where)
        return connect_view(request, template, f"{verb} {name}", connect, connector=detail, form=form,
                            status=400 if form.errors else 200)

    return view


def _reset(request, connect, name):
    services.reset_offsets(connect, name, actor=request.user)
    messages.success(request, f"The offsets of {name} were reset.")
    return detail_url(connect, name)


def _delete(request, connect, name):
    services.delete_connector(connect, name, actor=request.user)
    messages.success(request, f"Connector {name} deleted.")
    return reverse("connect_app:connector-list", args=[connect.name])


connector_reset_offsets = confirmed_change(_reset, "connect_app/connector_reset_offsets.html", "Reset the offsets of")
connector_delete = confirmed_change(_delete, "connect_app/connector_delete.html", "Delete")
