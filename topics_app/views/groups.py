import re

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from topics_app import errors
from topics_app.forms import GroupFilterForm, ResetOffsetsForm
from topics_app.roles import ADMIN, OPERATOR, VIEWER, has_role
from topics_app.services import groups, history_windows, lag_history, offset_reset, rate_history
from topics_app.views.charts import chart_time_format, lag_chart, rate_chart
from topics_app.views.pages import cluster_page, page

# The group a replay job commits its source offsets in (streams_app names it; this side only recognises it).
REPLAY_GROUP = re.compile(r"^strom-replay-(\d+)$")
SORT_KEYS = {
    "group_id": lambda g: g.group_id,
    "state": lambda g: g.state,
    "group_type": lambda g: g.group_type,
    "members": lambda g: g.members,
    "lag": lambda g: -1 if g.lag is None else g.lag,
}


def own_job_of(group_id):
    """The id of the Strom job a group belongs to, or None for everyone else's groups."""
    found = REPLAY_GROUP.match(group_id)
    return int(found.group(1)) if found else None


def shown_groups(found, search="", show_own=False, sort="group_id"):
    """The groups the list shows: matching the search, Strom's own only when asked, in the chosen order."""
    search = search.strip().lower()
    shown = [g for g in found if search in g.group_id.lower() and (show_own or own_job_of(g.group_id) is None)]
    key = sort.lstrip("-")
    return sorted(shown, key=SORT_KEYS.get(key, SORT_KEYS["group_id"]), reverse=sort.startswith("-"))


@cluster_page(VIEWER, "Consumer groups")
def group_list(request, cluster):
    filters = GroupFilterForm(request.GET or None)
    state, has_lag, search, show_own, sort = None, None, "", False, "group_id"
    if filters.is_valid():
        state = filters.cleaned_data["state"] or None
        has_lag = True if filters.cleaned_data["has_lag"] else None
        search, show_own = filters.cleaned_data["q"], filters.cleaned_data["own"]
        sort = filters.cleaned_data["sort"] or sort
    found = groups.list_groups(cluster, state=state, has_lag=has_lag)
    shown = shown_groups(found, search, show_own, sort)
    for group in shown:
        job = own_job_of(group.group_id)
        group.job_url = reverse("streams_app:job", args=[job]) if job is not None else None
        group.job_id = job
    hidden_own = 0 if show_own else sum(own_job_of(g.group_id) is not None for g in found)
    return page(request, "topics_app/group_list.html", "Consumer groups", cluster=cluster, nav="groups",
                groups=shown, filters=filters, hidden_own=hidden_own, sort=sort)


@cluster_page(VIEWER, "Consumer group {group}")
def group_detail(request, cluster, group):
    window = history_windows.chosen(request.GET.get("window"))
    detail = groups.describe_group(cluster, group)
    time_format = chart_time_format(window)
    return page(request, "topics_app/group_detail.html", f"Consumer group {group}", cluster=cluster,
                nav="groups", group=detail, window=window, windows=list(history_windows.WINDOWS),
                chart=lag_chart(lag_history.history(cluster, group, window), time_format),
                rate_chart=rate_chart(rate_history.group_history(cluster, group, window), "Messages consumed",
                                      time_format=time_format),
                may_reset=has_role(request.user, OPERATOR), may_delete=has_role(request.user, ADMIN))


@cluster_page(OPERATOR, "Reset offsets of {group}")
def reset_offsets(request, cluster, group):
    """Step one shows the plan (a dry run); only the form on that page, with confirm, applies it."""
    detail = groups.describe_group(cluster, group, time_lag=False)
    initial = {"topic": detail.topics[0]} if len(detail.topics) == 1 else {}
    form = ResetOffsetsForm(request.POST or None, initial=initial)
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        args = dict(topic=form.cleaned_data["topic"], partitions=form.cleaned_data["partitions"],
                    to=form.cleaned_data["to"], value=form.value())
        try:
            if request.POST.get("confirm") == "apply":
                plan = offset_reset.apply(cluster, group, **args, actor=request.user)
                count = len(plan.rows)
                messages.success(request, f"Offsets of {group} on {plan.topic} reset for "
                                          f"{count} partition{'s' if count != 1 else ''}.")
                if plan.skipped:
                    messages.warning(request, "Left out: " + "; ".join(
                        f"partition {s.partition} ({s.reason})" for s in plan.skipped) + ".")
                return redirect(reverse("topics_app:group-detail", args=[cluster.name, group]))
            plan = offset_reset.plan(cluster, group, **args)
        except errors.ClusterUnreachable:
            raise  # the whole page becomes the error page
        except errors.ServiceError as error:
            form.add_service_error(error)
            status = error.status
    elif request.method == "POST":
        status = 400
    return page(request, "topics_app/group_reset.html", f"Reset offsets of {group}", cluster=cluster,
                nav="groups", group=detail, form=form, plan=plan, status=status)


@cluster_page(ADMIN, "Delete {group}")
def delete_group(request, cluster, group):
    detail = groups.describe_group(cluster, group, time_lag=False)
    error = None
    if request.method == "POST":
        try:
            groups.delete_group(cluster, group, actor=request.user)
        except errors.ServiceError as failure:
            error = failure
        else:
            messages.success(request, f"Consumer group {group} deleted.")
            return redirect(reverse("topics_app:group-list", args=[cluster.name]))
    return page(request, "topics_app/group_delete.html", f"Delete consumer group {group}", cluster=cluster,
                nav="groups", group=detail, error=error, status=error.status if error else 200)
