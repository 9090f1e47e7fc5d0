from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from topics_app import errors
from topics_app.forms import GroupFilterForm, ResetOffsetsForm
from topics_app.models import AuditEntry, Cluster
from topics_app.roles import ADMIN, OPERATOR, VIEWER, has_role, role_required
from topics_app.services import groups, lag_history
from topics_app.views.charts import lag_chart
from topics_app.views.pages import kafka_error_page, page


@role_required(VIEWER)
def group_list(request, cluster):
    cluster = get_object_or_404(Cluster, name=cluster)
    filters = GroupFilterForm(request.GET or None)
    state, has_lag = None, None
    if filters.is_valid():
        state = filters.cleaned_data["state"] or None
        has_lag = True if filters.cleaned_data["has_lag"] else None
    try:
        found = groups.list_groups(cluster, state=state, has_lag=has_lag)
    except errors.ServiceError as error:
        return kafka_error_page(request, cluster, error, "Consumer groups")
    return page(request, "topics_app/group_list.html", "Consumer groups", cluster=cluster, nav="groups",
                groups=found, filters=filters)


@role_required(VIEWER)
def group_detail(request, cluster, group):
    cluster = get_object_or_404(Cluster, name=cluster)
    window = request.GET.get("window") if request.GET.get("window") in lag_history.WINDOWS else "1h"
    try:
        detail = groups.describe_group(cluster, group)
    except errors.ServiceError as error:
        return kafka_error_page(request, cluster, error, f"Consumer group {group}")
    history = lag_history.history(cluster, group, window)
    return page(request, "topics_app/group_detail.html", f"Consumer group {group}", cluster=cluster,
                nav="groups", group=detail, window=window, windows=list(lag_history.WINDOWS),
                chart=lag_chart(history, "%d %b %H:%M" if window == "7d" else "%H:%M"),
                may_reset=has_role(request.user, OPERATOR), may_delete=has_role(request.user, ADMIN))


@role_required(OPERATOR)
def reset_offsets(request, cluster, group):
    """Step one shows the plan (a dry run); only the form on that page, with confirm, applies it."""
    cluster = get_object_or_404(Cluster, name=cluster)
    try:
        detail = groups.describe_group(cluster, group, time_lag=False)
    except errors.ServiceError as error:
        return kafka_error_page(request, cluster, error, f"Reset offsets of {group}")
    initial = {"topic": detail.topics[0]} if len(detail.topics) == 1 else {}
    form = ResetOffsetsForm(request.POST or None, initial=initial)
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        confirmed = request.POST.get("confirm") == "apply"
        args = dict(topic=form.cleaned_data["topic"], partitions=form.cleaned_data["partitions"],
                    to=form.cleaned_data["to"], value=form.value())
        try:
            if confirmed:
                details = dict(args)
                with AuditEntry.track(request.user, "reset_offsets", cluster=cluster, target=group,
                                      details=details):
                    plan = groups.plan_reset(cluster, group, **args, dry_run=False)
                    details["offsets"] = plan.moves()
                messages.success(request, f"Offsets of {group} on {plan.topic} reset for "
                                          f"{len(plan.rows)} partition(s).")
                return redirect(reverse("topics_app:group-detail", args=[cluster.name, group]))
            plan = groups.plan_reset(cluster, group, **args, dry_run=True)
        except errors.ClusterUnreachable as error:
            return kafka_error_page(request, cluster, error, f"Reset offsets of {group}")
        except errors.ServiceError as error:
            form.add_service_error(error)
            status = error.status
    elif request.method == "POST":
        status = 400
    return page(request, "topics_app/group_reset.html", f"Reset offsets of {group}", cluster=cluster,
                nav="groups", group=detail, form=form, plan=plan, status=status)


@role_required(ADMIN)
def delete_group(request, cluster, group):
    cluster = get_object_or_404(Cluster, name=cluster)
    try:
        detail = groups.describe_group(cluster, group, time_lag=False)
    except errors.ServiceError as error:
        return kafka_error_page(request, cluster, error, f"Delete {group}")
    error = None
    if request.method == "POST":
        try:
            with AuditEntry.track(request.user, "delete_consumer_group", cluster=cluster, target=group):
                groups.delete_group(cluster, group)
        except errors.ServiceError as failure:
            error = failure
        else:
            messages.success(request, f"Consumer group {group} deleted.")
            return redirect(reverse("topics_app:group-list", args=[cluster.name]))
    return page(request, "topics_app/group_delete.html", f"Delete consumer group {group}", cluster=cluster,
                nav="groups", group=detail, error=error, status=error.status if error else 200)
