from django.urls import path

from streams_app.api import messages as api
from streams_app.jobs import api as jobs_api

urlpatterns = [
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/", api.messages, name="api-messages"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/export/", api.export_messages,
         name="api-messages-export"),
    path("jobs/", jobs_api.job_list, name="api-jobs"),
    path("jobs/ingest/", jobs_api.start_ingest, name="api-jobs-ingest"),
    path("jobs/replay/", jobs_api.start_replay, name="api-jobs-replay"),
    path("jobs/generate/", jobs_api.start_generate, name="api-jobs-generate"),
    path("jobs/<int:job_id>/", jobs_api.job_detail, name="api-job"),
    path("jobs/<int:job_id>/cancel/", jobs_api.cancel_job, name="api-job-cancel"),
    path("jobs/<int:job_id>/rerun/", jobs_api.rerun_job, name="api-job-rerun"),
    path("jobs/<int:job_id>/schedules/", jobs_api.job_schedules, name="api-job-schedules"),
    path("jobs/schedules/<int:schedule_id>/", jobs_api.delete_schedule, name="api-job-schedule"),
]
