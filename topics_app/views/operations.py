"""Leader election and reassignment pages: each shows its plan first and applies it only from the form on that
plan, with a confirm (admins). Everyone may see the reassignments in progress."""
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from topics_app import errors
from topics_app.operation_forms import DrainForm, ElectLeadersForm, ReassignTopicForm
from topics_app.roles import ADMIN, VIEWER, has_role
from topics_app.services import leader_election, reassignment, topics
from topics_app.views.pages import cluster_page, page

# Service refusals name the request's field; the pages show them above the form (each message names the
# partition or broker at fault).
FORM_FIELDS = {"throttle_bytes_per_s": "throttle"}


def _show(form, error):
    field = FORM_FIELDS.get(error.field)
    form.add_error(field if field in form.fields else None, error.message)


def reassignments_url(cluster):
    return reverse("topics_app:reassignments", args=[cluster.name])


@cluster_page(ADMIN, "Elect leaders of {topic}")
def elect_leaders(request, cluster, topic):
    detail = topics.describe_topic(cluster, topic)
    form = ElectLeadersForm(request.POST or None)
    election, status = None, 200
    if request.method == "POST" and form.is_valid():
        args = dict(topic=topic, partitions=form.cleaned_data["partitions"], election_type=form.cleaned_data["type"])
        applying = request.POST.get("confirm") == "apply"
        try:
            if applying and args["election_type"] == "unclean" and not form.cleaned_data["confirm_unclean"]:
                form.add_error("confirm_unclean", "An unclean election may lose records: tick the box to accept it.")
                election, status = leader_election.plan(cluster, **args), 400
            elif applying:
                election = leader_election.elect(cluster, **args, actor=request.user)
                detail = topics.describe_topic(cluster, topic)
            else:
                election = leader_election.plan(cluster, **args)
        except errors.ClusterUnreachable:
            raise
        except errors.ServiceError as error:
            _show(form, error)
            election, status = None, error.status
    elif request.method == "POST":
        status = 400
    return page(request, "topics_app/elect_leaders.html", f"Elect leaders of {topic}", cluster=cluster,
                nav="topics", topic=detail, form=form, election=election, status=status)


def _plan_or_apply(request, cluster, form, args, started):
    """(redirect, None, 200) once an applied reassignment started, else (None, plan, status): the plan to show, or
    Kafka's refusal next to the form's field."""
    try:
        if request.POST.get("confirm") == "apply":
            applied = reassignment.apply(cluster, **args, actor=request.user)
            messages.success(request, started(len(applied.plan)))
            return redirect(reassignments_url(cluster)), None, 200
        return None, reassignment.plan(cluster, **args), 200
    except errors.ClusterUnreachable:
        raise
    except errors.ServiceError as error:
        _show(form, error)
        return None, None, error.status


@cluster_page(ADMIN, "Reassign partitions of {topic}")
def reassign_topic(request, cluster, topic):
    detail = topics.describe_topic(cluster, topic)
    current = {p.partition: list(p.replicas) for p in detail.partitions}
    form = ReassignTopicForm(request.POST or None, current=current)
    plan, status = None, 200
    if request.method == "POST" and form.is_valid():
        args = dict(form.request_for(topic), throttle_bytes_per_s=form.cleaned_data["throttle"])
        done, plan, status = _plan_or_apply(request, cluster, form, args, lambda count: (
            f"Reassignment of {count} partition{'s' if count != 1 else ''} of {topic} started."))
        if done:
            return done
    elif request.method == "POST":
        status = 400
    return page(request, "topics_app/reassign_topic.html", f"Reassign partitions of {topic}", cluster=cluster,
                nav="topics", topic=detail, form=form, plan=plan, status=status,
                partition_fields=[form[f"replicas_{p}"] for p in sorted(current)])


@cluster_page(VIEWER, "Reassignments")
def reassignments(request, cluster):
    """In progress with progress (everyone); cancel and "move everything off broker N" (admins)."""
    may_act = has_role(request.user, ADMIN)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not may_act:
        raise errors.AccessDenied("Cancelling or planning a reassignment needs the admin role.")
    drain = DrainForm(request.POST if action == "drain" else None, brokers=reassignment.known_brokers(cluster))
    plan, status = None, 200
    if action == "cancel":
        chosen = None if request.POST.get("all") else [
            [topic, int(partition)] for topic, _, partition in
            (item.rpartition(":") for item in request.POST.getlist("partition")) if partition.isdigit()]
        if chosen == []:
            messages.error(request, "Choose the reassignments to cancel.")
            return redirect(reassignments_url(cluster))
        cancelled = reassignment.cancel(cluster, chosen, actor=request.user)
        messages.success(request, f"Cancelled {len(cancelled)} reassignment{'s' if len(cancelled) != 1 else ''}: "
                                  f"the partitions keep their replicas from before.")
        return redirect(reassignments_url(cluster))
    if action == "drain" and drain.is_valid():
        args = dict(drain_brokers=drain.cleaned_data["brokers"], throttle_bytes_per_s=drain.cleaned_data["throttle"])
        done, plan, status = _plan_or_apply(request, cluster, drain, args, lambda count: (
            f"Moving {count} partition{'s' if count != 1 else ''} off broker "
            f"{', '.join(map(str, args['drain_brokers']))}."))
        if done:
            return done
    elif action == "drain":
        status = 400
    return page(request, "topics_app/reassignments.html", "Reassignments", cluster=cluster, nav="reassignments",
                moving=reassignment.in_progress(cluster), drain=drain, plan=plan, may_act=may_act, status=status)
