"""Transactions: every transactional id, the partitions hanging ones hold open, a topic's producers, the abort."""
import time
from datetime import datetime, timezone

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from topics_app.errors import ClusterUnreachable, ServiceError
from topics_app.forms import TypedNameForm
from topics_app.roles import ADMIN, VIEWER, has_role
from topics_app.services import transactions
from topics_app.views.pages import cluster_page, page

TARGET_FIELDS = ("topic", "partition", "producer_id", "producer_epoch", "coordinator_epoch")


class ConfirmAbortForm(TypedNameForm):
    what = "transactional id"

    def __init__(self, *args, name, **kwargs):
        super().__init__(*args, name=name, **kwargs)
        self.fields["confirm_name"].label = f"Type {name} to confirm"
        self.fields["confirm_name"].help_text = "The transactional id, or the partition when its coordinator " \
                                                "has lost track of the transaction."
        for name_of_field in TARGET_FIELDS:
            self.fields[name_of_field] = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_confirm_name(self):
        if self.cleaned_data["confirm_name"] != self.name:
            raise forms.ValidationError(f"This is not {self.name}.")
        return self.cleaned_data["confirm_name"]


def _job_url(job_id):
    if job_id is None:
        return None
    try:
        return reverse("streams_app:job", args=[job_id])
    except NoReverseMatch:  # streams_app is not installed
        return None


def _when(ms):
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc) if ms is not None else None


def _abort_query(row):
    return "&".join(f"{name}={getattr(row, name)}" for name in TARGET_FIELDS)


@cluster_page(VIEWER, "Transactions")
def transaction_list(request, cluster):
    found = transactions.overview(cluster)
    now_ms = int(time.time() * 1000)
    for row in found.transactions:
        row.job_url = _job_url(row.replay_job_id)
        row.started = _when(row.started_ms)
        open_now = row.started_ms is not None and row.state in transactions.OPEN_STATES
        row.open_ms = now_ms - row.started_ms if open_now else None
    for row in found.hanging:
        row.abort_query = _abort_query(row)
    return page(request, "topics_app/transaction_list.html", "Transactions", cluster=cluster, nav="transactions",
                overview=found, may_abort=has_role(request.user, ADMIN))


@cluster_page(VIEWER, "Producers of {topic}")
def topic_producers(request, cluster, topic):
    rows = transactions.topic_producers(cluster, topic)
    for row in rows:
        row.last_write = _when(row.last_timestamp_ms)
        row.abort_query = _abort_query(row) if row.hanging else None
    return page(request, "topics_app/topic_producers.html", f"Producers of {topic}", cluster=cluster,
                nav="topics", topic=topic, topic_name=topic, producers=rows, may_abort=has_role(request.user, ADMIN))


@cluster_page(ADMIN, "Abort a transaction")
def transaction_abort(request, cluster):
    """Only a hanging transaction, named by its partition and producer, and confirmed by typing its id."""
    data = request.POST if request.method == "POST" else request.GET
    target, row, form, refusal = None, None, None, None
    try:
        target = transactions.abort_target(data)
        row = transactions.hanging_producer(cluster, target)
    except ClusterUnreachable:
        raise
    except ServiceError as error:
        refusal = error
    if row is not None:
        confirm_with = row.transactional_id or f"{target.topic}-{target.partition}"
        form = ConfirmAbortForm(request.POST if request.method == "POST" else None, name=confirm_with,
                                initial={name: getattr(target, name) for name in TARGET_FIELDS})
        if request.method == "POST" and form.is_valid():
            try:
                transactions.abort_transaction(cluster, target, actor=request.user)
            except ClusterUnreachable:
                raise
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Transaction of producer {target.producer_id} aborted on "
                                          f"{target.topic}-{target.partition}.")
                return redirect("topics_app:transaction-list", cluster.name)
    status = refusal.status if refusal else (400 if request.method == "POST" else 200)
    return page(request, "topics_app/transaction_abort.html", "Abort a transaction", cluster=cluster,
                nav="transactions", target=target, row=row, form=form, refusal=refusal,
                job_url=_job_url(transactions.replay_job_of(row.transactional_id or "")) if row else None,
                status=status)
