"""Pages: the jobs list, a job with live progress, forms to start jobs, cancel, run again, schedules."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from streams_app.jobs import display
from streams_app.jobs.forms import FORMS, ScheduleForm
from streams_app.models import Job, JobSchedule
from streams_app.services.jobs import schedules, starting, uploads
from streams_app.services.jobs.common import QueueUnavailable
from topics_app import errors
from topics_app.models import Cluster
from topics_app.roles import ADMIN, OPERATOR, VIEWER, has_role, role_required
from topics_app.views.pages import page

TITLES = {"ingest": "Ingest a file", "generate": "Generate a demo stream", "replay": "Replay a topic"}


@role_required(VIEWER)
def job_list(request):
    jobs = Job.objects.select_related("cluster", "created_by")
    if request.GET.get("state") in Job.State.values:
        jobs = jobs.filter(state=request.GET["state"])
    return page(request, "streams_app/job_list.html", "Jobs", jobs=jobs[:200], states=Job.State.values,
                can_run=has_role(request.user, OPERATOR),
                schedules=_with_next_runs(list(
                    JobSchedule.objects.select_related("job", "periodic_task", "created_by")[:100])))


@role_required(VIEWER)
def job_page(request, job_id):
    job = get_object_or_404(Job.objects.select_related("cluster", "created_by"), pk=job_id)
    return _job_page(request, job, can_run=has_role(request.user, OPERATOR), schedule_form=ScheduleForm())


def _job_page(request, job, status=200, **context):
    show_paths = has_role(request.user, ADMIN)
    return page(request, "streams_app/job.html", f"{job.get_kind_display()} job {job.pk}", job=job,
                schedules=_with_next_runs(schedules.for_job(job)),
                bad_lines=(job.result or {}).get("bad_lines", [])[:1000],
                params=display.readable_params(job.params, show_paths),
                job_error=display.visible_error(job.params, job.error, show_paths), status=status, **context)


def _with_next_runs(found):
    """Each schedule with `next_run`: when beat will start it next."""
    now = timezone.now()
    for schedule in found:
        task = schedule.periodic_task
        schedule.next_run = display.next_run(schedule.every_s, schedule.crontab, task.last_run_at if task else None,
                                             now) if task and task.enabled else None
    return found


@role_required(OPERATOR)
def job_new(request, kind):
    if kind not in FORMS:
        raise Http404("No such kind of job.")
    Cluster.ensure_default()
    form_class = FORMS[kind]
    kept = None
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        try:
            # An upload is stored at once, so a refused form keeps it for the next try instead of asking again.
            kept = _kept_upload(request) if kind == "ingest" else None
        except errors.ServiceError as error:
            form.is_valid()
            form.add_service_error(error)
        else:
            if form.is_valid():
                try:
                    job = starting.start(request.user, kind, form.request_data(), kept=kept)
                except errors.ServiceError as error:
                    form.add_service_error(error)
                    if isinstance(error, QueueUnavailable):
                        status = error.status
                else:
                    messages.success(request, f"{job.get_kind_display()} job {job.pk} started.")
                    return redirect(job)
        if kept is not None:
            form.data = form.data.copy()
            form.data["kept_file"] = kept.name
    else:
        form = form_class(initial=request.GET.dict())
    return page(request, "streams_app/job_new.html", TITLES[kind], form=form, kind=kind, status=status,
                multipart=kind == "ingest", kept_name=kept.name.split("-", 1)[1] if kept else None)


def _kept_upload(request):
    """The file this post uploaded (stored now), or the one an earlier refused post kept, or None (a server
    path named instead of a new upload replaces a kept file)."""
    if request.FILES.get("file") is not None:
        return uploads.store(request.FILES["file"])
    if request.POST.get("path"):
        return None
    return uploads.kept(request.POST.get("kept_file"))


@require_POST
@role_required(OPERATOR)
def job_cancel(request, job_id):
    starting.cancel(request.user, get_object_or_404(Job, pk=job_id))
    messages.success(request, f"Job {job_id}: cancel asked; it stops after its current batch.")
    return redirect("streams_app:job", job_id)


@require_POST
@role_required(OPERATOR)
def job_rerun(request, job_id):
    job = get_object_or_404(Job, pk=job_id)
    try:
        new = starting.rerun(request.user, job)
    except errors.ServiceError as error:
        return page(request, "topics_app/kafka_error.html", f"Run job {job.pk} again", error=error,
                    status=error.status)
    messages.success(request, f"Job {new.pk} started: job {job.pk} run again.")
    return redirect(new)


@require_POST
@role_required(OPERATOR)
def job_schedule(request, job_id):
    job = get_object_or_404(Job, pk=job_id)
    form = ScheduleForm(request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            schedule = schedules.create(job, data["every_s"], data["crontab"], actor=request.user)
        except errors.ServiceError as service_error:
            error = service_error.message
        else:
            messages.success(request, f"Job {job.pk} scheduled: {schedule.describe()}.")
    else:
        error = "; ".join(f"{field}: {problems[0]}" for field, problems in form.errors.items())
    if error:
        return _job_page(request, job, status=400, can_run=True, schedule_form=form, schedule_error=error)
    return redirect(job)


@require_POST
@role_required(OPERATOR)
def schedule_delete(request, schedule_id):
    schedule = get_object_or_404(JobSchedule, pk=schedule_id)
    job = schedule.job
    described = schedule.describe()
    schedules.delete(schedule, actor=request.user)
    messages.success(request, f"Schedule of job {job.pk} ({described}) deleted.")
    return redirect("streams_app:jobs") if request.POST.get("next") == "list" else redirect(job)
