"""Pages: the jobs list, a job with live progress, forms to start jobs, cancel, run again, schedules."""
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from streams_app.jobs.forms import FORMS, ScheduleForm
from streams_app.models import Job, JobSchedule
from streams_app.services.jobs import schedules, starting
from topics_app import errors
from topics_app.models import Cluster
from topics_app.roles import OPERATOR, VIEWER, has_role, role_required
from topics_app.views.pages import page

TITLES = {"ingest": "Ingest a file", "generate": "Generate a demo stream", "replay": "Replay a topic"}


@role_required(VIEWER)
def job_list(request):
    jobs = Job.objects.select_related("cluster", "created_by")
    if request.GET.get("state") in Job.State.values:
        jobs = jobs.filter(state=request.GET["state"])
    return page(request, "streams_app/job_list.html", "Jobs", jobs=jobs[:200], states=Job.State.values,
                can_run=has_role(request.user, OPERATOR),
                schedules=JobSchedule.objects.select_related("job", "periodic_task")[:100])


@role_required(VIEWER)
def job_page(request, job_id):
    job = get_object_or_404(Job.objects.select_related("cluster", "created_by"), pk=job_id)
    return page(request, "streams_app/job.html", f"{job.get_kind_display()} job {job.pk}", job=job,
                can_run=has_role(request.user, OPERATOR), schedules=schedules.for_job(job),
                schedule_form=ScheduleForm(), bad_lines=(job.result or {}).get("bad_lines", [])[:1000])


@role_required(OPERATOR)
def job_new(request, kind):
    if kind not in FORMS:
        raise Http404("No such kind of job.")
    Cluster.ensure_default()
    form_class = FORMS[kind]
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = starting.start(request.user, kind, form.request_data(), uploaded=request.FILES.get("file"))
            except errors.ServiceError as error:
                form.add_service_error(error)
            else:
                return redirect(job)
    else:
        form = form_class(initial=request.GET.dict())
    return page(request, "streams_app/job_new.html", TITLES[kind], form=form, kind=kind,
                multipart=kind == "ingest")


@require_POST
@role_required(OPERATOR)
def job_cancel(request, job_id):
    starting.cancel(request.user, get_object_or_404(Job, pk=job_id))
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
            schedules.create(job, data["every_s"], data["crontab"], actor=request.user)
        except errors.ServiceError as service_error:
            error = service_error.message
    else:
        error = "; ".join(f"{field}: {messages[0]}" for field, messages in form.errors.items())
    if error:
        return page(request, "streams_app/job.html", f"{job.get_kind_display()} job {job.pk}", job=job,
                    can_run=True, schedules=schedules.for_job(job), schedule_form=form, schedule_error=error,
                    bad_lines=(job.result or {}).get("bad_lines", [])[:1000], status=400)
    return redirect(job)


@require_POST
@role_required(OPERATOR)
def schedule_delete(request, schedule_id):
    schedule = get_object_or_404(JobSchedule, pk=schedule_id)
    job = schedule.job
    schedules.delete(schedule, actor=request.user)
    return redirect("streams_app:jobs") if request.POST.get("next") == "list" else redirect(job)
