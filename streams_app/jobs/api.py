"""The jobs API: list, start (ingest, generate, replay), show, cancel, run again, schedules."""
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from streams_app.jobs import display
from streams_app.models import Job, JobSchedule
from streams_app.services.jobs import schedules, starting
from topics_app.roles import ADMIN, OPERATOR, VIEWER, IsOperator, IsViewer, has_role, role_per_method

JOB_FIELDS = {
    "id": serializers.IntegerField(), "kind": serializers.CharField(), "state": serializers.CharField(),
    "progress": inline_serializer("JobProgress", {"done": serializers.IntegerField(),
                                                  "total": serializers.IntegerField(allow_null=True)}),
    "error": serializers.CharField(), "cluster": serializers.CharField(), "params": serializers.DictField(),
    "result": serializers.DictField(), "cancel_requested": serializers.BooleanField(),
    "created_by": serializers.CharField(allow_null=True), "created_at": serializers.DateTimeField(),
    "started_at": serializers.DateTimeField(allow_null=True), "finished_at": serializers.DateTimeField(allow_null=True),
    "rerun_of": serializers.IntegerField(allow_null=True),
    "parts": inline_serializer("JobPart", {
        "index": serializers.IntegerField(), "partitions": serializers.ListField(child=serializers.IntegerField()),
        "state": serializers.CharField(), "done": serializers.IntegerField(), "total": serializers.IntegerField(),
        "worker": serializers.CharField(), "error": serializers.CharField()}, many=True),
}
JobSerializer = inline_serializer("Job", JOB_FIELDS)


def job_data(job, show_paths):
    """A job as the API shows it; the file's path on the server only when `show_paths` (for admins)."""
    return {
        "id": job.pk, "kind": job.kind, "state": job.state, "progress": {"done": job.done, "total": job.total},
        "error": display.visible_error(job.params, job.error, show_paths), "cluster": job.cluster.name,
        "params": display.visible_params(job.params, show_paths), "result": job.result,
        "cancel_requested": job.cancel_requested,
        "created_by": job.created_by.username if job.created_by else None,
        "created_at": job.created_at, "started_at": job.started_at, "finished_at": job.finished_at,
        "rerun_of": job.rerun_of_id,
        "parts": [{"index": part.index, "partitions": part.partitions, "state": part.state, "done": part.done,
                   "total": part.total, "worker": part.worker, "error": part.error} for part in job.parts.all()],
    }


def shows_paths(request):
    return has_role(request.user, ADMIN)


def schedule_data(schedule):
    task = schedule.periodic_task
    return {"id": schedule.pk, "job": schedule.job_id, "every_s": schedule.every_s, "crontab": schedule.crontab,
            "last_job": schedule.last_job_id, "last_run_at": task.last_run_at if task else None,
            "total_run_count": task.total_run_count if task else 0,
            "created_by": schedule.created_by.username if schedule.created_by else None,
            "enabled": not schedule.disabled, "disabled_at": schedule.disabled_at,
            "disabled_reason": schedule.disabled_reason}


@extend_schema(responses=inline_serializer("JobList", JOB_FIELDS, many=True))
@api_view(["GET"])
@permission_classes([IsViewer])
def job_list(request):
    jobs = Job.objects.select_related("cluster", "created_by").prefetch_related("parts")
    for name in ("kind", "state"):
        if request.query_params.get(name):
            jobs = jobs.filter(**{name: request.query_params[name]})
    show_paths = shows_paths(request)
    return Response([job_data(job, show_paths) for job in jobs[:200]])


def _start(request, kind):
    job = starting.start(request.user, kind, request.data, uploaded=request.FILES.get("file"))
    return Response(job_data(job, shows_paths(request)), status=201)


@extend_schema(request=inline_serializer("IngestRequest", {
    "file": serializers.FileField(required=False), "path": serializers.CharField(required=False),
    "cluster": serializers.CharField(required=False), "topic": serializers.CharField(),
    "create_topic": serializers.BooleanField(required=False, help_text="Create the topic if it does not exist."),
    "topic_partitions": serializers.IntegerField(required=False, help_text="Partitions of a created topic (1)."),
    "format": serializers.ChoiceField(["csv", "jsonl", "lines"]),
    "key_field": serializers.CharField(required=False), "timestamp_field": serializers.CharField(required=False),
    "header_fields": serializers.CharField(required=False, help_text="Comma-separated."),
    "on_bad_line": serializers.ChoiceField(["fail", "skip"], required=False),
    "rate": serializers.IntegerField(required=False)}), responses={201: JobSerializer})
@api_view(["POST"])
@permission_classes([IsOperator])
@parser_classes([MultiPartParser, FormParser, JSONParser])
def start_ingest(request):
    return _start(request, Job.Kind.INGEST)


@extend_schema(request=inline_serializer("ReplayRequest", {
    "cluster": serializers.CharField(required=False), "source_topic": serializers.CharField(),
    "partitions": serializers.ListField(child=serializers.IntegerField(), allow_null=True, required=False),
    "start": serializers.DictField(required=False), "end": serializers.DictField(required=False),
    "target_cluster": serializers.CharField(required=False), "target_topic": serializers.CharField(),
    "create_target": serializers.BooleanField(required=False),
    "filter": serializers.DictField(allow_null=True, required=False),
    "rate": serializers.IntegerField(allow_null=True, required=False),
    "parts": serializers.IntegerField(required=False, help_text="Split by partition into this many parts, run by "
                                                                "as many workers at once; 1 by default.")}),
    responses={201: JobSerializer})
@api_view(["POST"])
@permission_classes([IsOperator])
def start_replay(request):
    return _start(request, Job.Kind.REPLAY)


@extend_schema(request=inline_serializer("GenerateRequest", {
    "cluster": serializers.CharField(required=False), "topic": serializers.CharField(),
    "count": serializers.IntegerField(required=False), "duration_s": serializers.IntegerField(required=False),
    "rate": serializers.IntegerField(required=False)}), responses={201: JobSerializer})
@api_view(["POST"])
@permission_classes([IsOperator])
def start_generate(request):
    return _start(request, Job.Kind.GENERATE)


@extend_schema(responses=JobSerializer)
@api_view(["GET"])
@permission_classes([IsViewer])
def job_detail(request, job_id):
    job = get_object_or_404(Job.objects.select_related("cluster", "created_by"), pk=job_id)
    return Response(job_data(job, shows_paths(request)))


@extend_schema(request=None, responses=JobSerializer)
@api_view(["POST"])
@permission_classes([IsOperator])
def cancel_job(request, job_id):
    job = starting.cancel(request.user, get_object_or_404(Job, pk=job_id))
    return Response(job_data(job, shows_paths(request)))


@extend_schema(request=None, responses={201: JobSerializer})
@api_view(["POST"])
@permission_classes([IsOperator])
def rerun_job(request, job_id):
    job = starting.rerun(request.user, get_object_or_404(Job, pk=job_id))
    return Response(job_data(job, shows_paths(request)), status=201)


SCHEDULE_FIELDS = {
    "id": serializers.IntegerField(), "job": serializers.IntegerField(),
    "every_s": serializers.IntegerField(allow_null=True), "crontab": serializers.CharField(allow_blank=True),
    "last_job": serializers.IntegerField(allow_null=True), "last_run_at": serializers.DateTimeField(allow_null=True),
    "total_run_count": serializers.IntegerField(), "created_by": serializers.CharField(allow_null=True),
    "enabled": serializers.BooleanField(), "disabled_at": serializers.DateTimeField(allow_null=True),
    "disabled_reason": serializers.CharField(allow_blank=True, allow_null=True),
}


@extend_schema(methods=["GET"], responses=inline_serializer("ScheduleList", SCHEDULE_FIELDS, many=True))
@extend_schema(methods=["POST"], request=inline_serializer("ScheduleRequest", {
    "every_s": serializers.IntegerField(required=False, min_value=schedules.MIN_EVERY_S),
    "crontab": serializers.CharField(required=False)}),
    responses={201: inline_serializer("Schedule", SCHEDULE_FIELDS)})
@api_view(["GET", "POST"])
@permission_classes([role_per_method(GET=VIEWER, POST=OPERATOR)])
def job_schedules(request, job_id):
    job = get_object_or_404(Job, pk=job_id)
    if request.method == "GET":
        return Response([schedule_data(s) for s in schedules.for_job(job)])
    schedule = schedules.create(job, request.data.get("every_s"), request.data.get("crontab"), actor=request.user)
    return Response(schedule_data(schedule), status=201)


@extend_schema(request=None, responses={204: None})
@api_view(["DELETE"])
@permission_classes([IsOperator])
def delete_schedule(request, schedule_id):
    schedules.delete(get_object_or_404(JobSchedule, pk=schedule_id), actor=request.user)
    return Response(status=204)
