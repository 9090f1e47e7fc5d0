"""Broker pages: the brokers with the metadata quorum, a broker's configs, and editing dynamic configs (admins)
per broker or cluster-wide, with a preview of the changes before they are made."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from topics_app.errors import Conflict, ServiceError
from topics_app.roles import ADMIN, VIEWER, has_role
from topics_app.services import brokers
from topics_app.views.pages import cluster_page, page


def broker_page(request, template, cluster, title, **context):
    return page(request, template, title, cluster=cluster, nav="brokers", can_admin=has_role(request.user, ADMIN),
                **context)


def broker_url(cluster, broker):
    return reverse("topics_app:broker-detail", args=[cluster.name, broker])


@cluster_page(VIEWER, "Brokers")
def broker_list(request, cluster):
    rows, quorum = brokers.brokers_and_quorum(cluster)
    return broker_page(request, "topics_app/broker_list.html", cluster, "Brokers", brokers=rows, quorum=quorum)


@cluster_page(VIEWER, "Broker {broker}")
def broker_detail(request, cluster, broker):
    if broker == brokers.DEFAULT:
        configs = [c for c in brokers.default_configs(cluster) if c.overridden or c.dynamic]
        return broker_page(request, "topics_app/broker_defaults.html", cluster, "Cluster-wide broker defaults",
                           configs=configs)
    detail = brokers.describe_broker(cluster, broker)
    only_changed = request.GET.get("changed") == "1"
    configs = [c for c in detail.configs if not only_changed or not c.is_default]
    return broker_page(request, "topics_app/broker_detail.html", cluster, f"Broker {detail.id}", broker=detail,
                       configs=configs, only_changed=only_changed)


def _edited(configs, post):
    """{name: value, or None to delete the override} from the edit form: an input holds the override at this
    level, so a new value sets it and an emptied input deletes it."""
    changes = {}
    for entry in configs:
        posted = post.get(f"config:{entry.name}")
        if posted is None:
            continue
        posted = posted.strip()
        if posted == (entry.override or "") and (posted or not entry.overridden):
            continue
        changes[entry.name] = posted if posted else None
    return changes


def _confirmed(post):
    """The changes a preview carried: set:<name> values and delete:<name> flags."""
    changes = {key[4:]: value for key, value in post.items() if key.startswith("set:")}
    changes.update({key[7:]: None for key in post if key.startswith("delete:")})
    return changes


@cluster_page(ADMIN, "Broker {broker}")
def broker_configs(request, cluster, broker):
    """Edit dynamic configs of one broker, or cluster-wide (broker "default"): the form, then a preview of each
    change (before → after) checked by Kafka, then the change itself on confirming."""
    if broker == brokers.DEFAULT:
        configs, title, detail = brokers.default_configs(cluster), "Edit cluster-wide broker defaults", None
    else:
        detail = brokers.describe_broker(cluster, broker)
        if not detail.up:
            raise Conflict(f"Broker {detail.id} is down; start it before changing its configs.")
        configs, title = detail.configs, f"Edit dynamic configs of broker {detail.id}"
    editable = [c for c in configs if c.dynamic and not c.sensitive]
    errors, plan, changes = {}, None, {}
    if request.method == "POST":
        confirming = request.POST.get("confirm") == "yes"
        changes = _confirmed(request.POST) if confirming else _edited(editable, request.POST)
        if not changes:
            messages.info(request, "Nothing changed.")
            return redirect(broker_url(cluster, broker))
        try:
            if confirming:
                applied = brokers.alter_broker_configs(cluster, broker, changes, actor=request.user)
            else:
                plan = brokers.plan_config_changes(cluster, broker, changes)
        except ServiceError as error:
            errors[error.field if error.field in changes else next(iter(changes))] = error.message
            plan = None
        else:
            if confirming:
                for change in applied:
                    messages.success(request, f"Changed {change.name}: {change.before} → {change.after}")
                return redirect(broker_url(cluster, broker))
    posted = {c.name: request.POST.get(f"config:{c.name}", c.override or "") for c in editable}
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        posted.update({name: value or "" for name, value in changes.items()})
    return broker_page(request, "topics_app/broker_configs.html", cluster, title, broker_id=broker, detail=detail,
                       configs=editable, posted=posted, errors=errors, plan=plan, changes=changes)
