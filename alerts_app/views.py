"""The alert pages: rules with their state, a rule's firings and deliveries, and the forms that change them."""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from alerts_app.forms import DeleteForm, RuleForm, SilenceForm
from alerts_app.models import AlertRule
from alerts_app.services import rules, status
from topics_app.errors import ServiceError
from topics_app.roles import ADMIN, OPERATOR, VIEWER, role_required
from topics_app.views.pages import page

HISTORY_ROWS = 100


def rule_page(role):
    def decorator(view):
        @role_required(role)
        @wraps(view)
        def wrapped(request, rule_id):
            return view(request, get_object_or_404(AlertRule.objects.select_related("cluster"), pk=rule_id))
        return wrapped
    return decorator


@role_required(VIEWER)
def rule_list(request):
    return page(request, "alerts_app/rule_list.html", "Alerts", nav="alerts", rules=status.rule_states(),
                firing=status.firing_now(), sample_interval_s=settings.LAG_SAMPLE_INTERVAL_S)


def _saved_form(request, form, save, title, rule=None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data["cluster"], form.checked)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Alert rule {saved.name} saved.")
            return redirect(saved.get_absolute_url())
    status_code = 400 if form.errors else 200
    return page(request, "alerts_app/rule_form.html", title, cluster=rule.cluster if rule else None, nav="alerts",
                form=form, rule=rule, status=status_code)


@role_required(ADMIN)
def rule_create(request):
    form = RuleForm(request.POST or None)
    return _saved_form(request, form, lambda cluster, data: rules.create_rule(cluster, data, actor=request.user),
                       "New alert rule")


@rule_page(ADMIN)
def rule_edit(request, rule):
    form = RuleForm.for_rule(rule, request.POST or None)
    return _saved_form(request, form,
                       lambda cluster, data: rules.update_rule(cluster, rule, data, actor=request.user),
                       f"Edit alert rule {rule.name}", rule)


@rule_page(VIEWER)
def rule_detail(request, rule):
    return page(request, "alerts_app/rule_detail.html", f"Alert rule {rule.name}", cluster=rule.cluster,
                nav="alerts", rule=rule, channels=status.channels_seen_by(request.user, rule),
                firings=rule.firings.exclude(state="pending")[:HISTORY_ROWS],
                pending=rule.firings.filter(state="pending"), deliveries=status.deliveries_of(rule),
                silenced=bool(rule.silenced_until and rule.silenced_until > timezone.now()))


@rule_page(OPERATOR)
def rule_silence(request, rule):
    form = SilenceForm(request.POST or None, initial={
        "until": timezone.localtime(rule.silenced_until).strftime("%Y-%m-%dT%H:%M") if rule.silenced_until else ""})
    if request.method == "POST" and form.is_valid():
        rules.silence_rule(rule, form.cleaned_data["until"], actor=request.user)
        until = form.cleaned_data["until"]
        messages.success(request, f"{rule.name} is silenced until {timezone.localtime(until):%Y-%m-%d %H:%M}."
                         if until else f"{rule.name} notifies again.")
        return redirect(rule.get_absolute_url())
    return page(request, "alerts_app/rule_silence.html", f"Silence {rule.name}", cluster=rule.cluster,
                nav="alerts", rule=rule, form=form, status=400 if form.errors else 200)


@rule_page(ADMIN)
def rule_delete(request, rule):
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rules.delete_rule(rule, actor=request.user)
        messages.success(request, f"Alert rule {rule.name} deleted.")
        return redirect("alerts_app:rule-list")
    return page(request, "alerts_app/rule_delete.html", f"Delete {rule.name}", cluster=rule.cluster, nav="alerts",
                rule=rule, form=form, status=400 if form.errors else 200)
