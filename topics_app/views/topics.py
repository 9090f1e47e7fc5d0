"""Topic pages: list, create, detail, edit configs, add partitions, purge, delete."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse

from topics_app import config_fields, topic_rules
from topics_app.errors import ServiceError
from topics_app.forms import AddPartitionsForm, PurgeForm, TopicCreateForm, TypedNameForm
from topics_app.roles import ADMIN, TOPIC_CREATOR, VIEWER, has_role
from topics_app.services import groups, health, history_windows, purge, rate_history, topics
from topics_app.services.topic_configs import alter_configs
from topics_app.views.charts import chart_time_format, rate_chart
from topics_app.views.pages import cluster_page, page

SORT_KEYS = {"name", "partitions", "replication_factor", "messages", "size_bytes", "under_replicated", "messages_per_s"}


def topic_page(request, template, cluster, title, **context):
    return page(request, template, title, cluster=cluster, nav="topics",
                can_admin=has_role(request.user, ADMIN), **context)


def topic_url(cluster, name):
    return reverse("topics_app:topic-detail", args=[cluster.name, name])


@cluster_page(VIEWER, "Topics")
def topic_list(request, cluster):
    search = request.GET.get("q", "")
    internal = request.GET.get("internal") == "1"
    sort = request.GET.get("sort", "name")
    key = sort.lstrip("-") if sort.lstrip("-") in SORT_KEYS else "name"
    problem = request.GET.get("health") or None
    found = topics.list_topics(cluster, search=search, include_internal=internal, health=problem)
    # A topic not sampled twice yet has no rate: it sorts as the slowest.
    found.sort(key=lambda t: -1 if getattr(t, key) is None else getattr(t, key), reverse=sort.startswith("-"))
    return topic_page(request, "topics_app/topic_list.html", cluster, "Topics", topics=found, search=search,
                      internal=internal, sort=sort, problem=problem, health_kinds=health.KINDS)


@cluster_page(TOPIC_CREATOR, "Create a topic")
def topic_create(request, cluster):
    form = TopicCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            topics.create_topic(cluster, data["name"], data["partitions"], data["replication_factor"],
                                data["configs"], actor=request.user)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Topic {data['name']} created.")
            return redirect(topic_url(cluster, data["name"]))
    return topic_page(request, "topics_app/topic_create.html", cluster, "Create a topic", form=form)


@cluster_page(VIEWER, "Topic {topic}")
def topic_detail(request, cluster, topic):
    detail = topics.describe_topic(cluster, topic)
    retention = detail.config("retention.ms")
    window = history_windows.chosen(request.GET.get("window"))
    rates = rate_chart(rate_history.topic_history(cluster, topic, window), "Messages in",
                       series_name=lambda partition: f"partition {partition}", time_format=chart_time_format(window))
    return topic_page(request, "topics_app/topic_detail.html", cluster, f"Topic {topic}", topic=detail,
                      retention=retention, window=window, windows=list(history_windows.WINDOWS), rate_chart=rates)


@cluster_page(ADMIN, "Topic {topic}")
def topic_configs(request, cluster, topic):
    """Edit every writable config at once; only the changed ones are sent, in one atomic request."""
    detail = topics.describe_topic(cluster, topic)
    errors = {}
    if request.method == "POST":
        changes = {}
        for entry in detail.configs:
            if entry.read_only or entry.sensitive:
                continue
            if request.POST.get(f"reset:{entry.name}") and entry.is_override:
                changes[entry.name] = None
                continue
            try:
                submitted = config_fields.submitted_value(entry.name, request.POST)
                if submitted is None or _same_value(entry.name, submitted.strip(), entry.value or ""):
                    continue
                changes[entry.name] = topic_rules.clean_config(entry.name, submitted)
            except ValidationError as error:
                errors[entry.name] = " ".join(error.messages)
        if not changes and not errors:
            messages.info(request, "Nothing changed.")
            return redirect(topic_url(cluster, topic))
        if not errors:
            try:
                applied = alter_configs(cluster, topic, changes, actor=request.user)
            except ServiceError as error:
                errors[error.field if error.field in changes else next(iter(changes))] = error.message
            else:
                for change in applied:
                    messages.success(request, f"{change.name}: {change.before} → {change.after}")
                return redirect(topic_url(cluster, topic))
    only_overrides = request.GET.get("overrides") == "1"
    shown = [entry for entry in detail.configs if not entry.read_only and not entry.sensitive
             and (entry.is_override or not only_overrides)]
    if request.method == "POST":
        inputs = {e.name: config_fields.posted_field(e.name, request.POST, e.value) for e in shown}
    else:
        inputs = {e.name: config_fields.config_field(e.name, e.value) for e in shown}
    return topic_page(request, "topics_app/topic_configs.html", cluster, f"Edit configs of {topic}", topic=detail,
                      errors=errors, shown=shown, inputs=inputs, only_overrides=only_overrides)


def _same_value(name, submitted, current):
    if name == "cleanup.policy":
        policies = topic_rules.CLEANUP_POLICIES
        return policies.get(submitted, submitted) == policies.get(current, current)
    return submitted == current


@cluster_page(ADMIN, "Topic {topic}")
def topic_partitions(request, cluster, topic):
    detail = topics.describe_topic(cluster, topic)
    current = len(detail.partitions)
    form = AddPartitionsForm(request.POST or None, initial={"count": current + 1})
    if request.method == "POST" and form.is_valid():
        count = form.cleaned_data["count"]
        try:
            topics.add_partitions(cluster, topic, count, actor=request.user)
        except ServiceError as error:
            form.add_error("count", error.message)
        else:
            messages.success(request, f"{topic} now has {count} partitions (was {current}).")
            return redirect(topic_url(cluster, topic))
    return topic_page(request, "topics_app/topic_partitions.html", cluster, f"Add partitions to {topic}",
                      topic=detail, form=form, current=current)


@cluster_page(ADMIN, "Topic {topic}")
def topic_purge(request, cluster, topic):
    """Choose what to purge, see how many offsets would go, then confirm."""
    detail = topics.describe_topic(cluster, topic)
    form = PurgeForm(request.POST or None, partitions=[p.partition for p in detail.partitions])
    plan = None
    if request.method == "POST" and form.is_valid():
        partition, before = form.cleaned_data["partition"], form.cleaned_data["before_offset"]
        if partition is None:
            wanted = None
        else:
            latest = next(p.latest_offset for p in detail.partitions if p.partition == partition)
            wanted = {partition: latest if before is None else before}
        try:
            plan = purge.plan(cluster, topic, wanted)
            if request.POST.get("confirm") == "yes":
                deleted = purge.apply(cluster, plan, actor=request.user)
                messages.success(request, f"Purged {sum(deleted.values()):,} offsets from {topic}.")
                return redirect(topic_url(cluster, topic))
        except ServiceError as error:
            form.add_error("before_offset" if error.field == "partitions" else None, error.message)
            plan = None
    return topic_page(request, "topics_app/topic_purge.html", cluster, f"Purge {topic}", topic=detail, form=form,
                      plan=plan)


@cluster_page(ADMIN, "Topic {topic}")
def topic_delete(request, cluster, topic):
    detail = topics.describe_topic(cluster, topic)
    form = TypedNameForm(request.POST or None, name=topic)
    if detail.internal:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            topics.delete_topic(cluster, topic, actor=request.user)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Topic {topic} deleted.")
            return redirect("topics_app:topic-list", cluster.name)
    return topic_page(request, "topics_app/topic_delete.html", cluster, f"Delete {topic}", topic=detail, form=form)


@cluster_page(VIEWER, "Consumer groups of {topic}")
def topic_groups(request, cluster, topic):
    """The groups that read the topic (committed offsets on it) and their lag on it."""
    return topic_page(request, "topics_app/topic_groups.html", cluster, f"Consumer groups of {topic}", topic=topic,
                      readers=groups.groups_of_topic(cluster, topic))
