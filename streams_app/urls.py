from django.urls import path

from streams_app.jobs import views as job_views
from streams_app.views import messages as views

app_name = "streams_app"

urlpatterns = [
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/", views.messages_page, name="messages"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/export/", views.export_page, name="export"),
    path("clusters/<slug:cluster>/topics/<str:topic>/messages/<int:partition>/<int:offset>/",
         views.message_page, name="message"),
    path("clusters/<slug:cluster>/topics/<str:topic>/live/", views.live_page, name="live"),
    path("clusters/<slug:cluster>/topics/<str:topic>/produce/", views.produce_page, name="produce"),
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/new/<str:kind>/", job_views.job_new, name="job-new"),
    path("jobs/<int:job_id>/", job_views.job_page, name="job"),
    path("jobs/<int:job_id>/cancel/", job_views.job_cancel, name="job-cancel"),
    path("jobs/<int:job_id>/rerun/", job_views.job_rerun, name="job-rerun"),
    path("jobs/<int:job_id>/schedules/", job_views.job_schedule, name="job-schedule"),
    path("jobs/schedules/<int:schedule_id>/delete/", job_views.schedule_delete, name="job-schedule-delete"),
]
