from django.contrib import admin

from streams_app.models import Job, JobPart, JobSchedule


class JobPartInline(admin.TabularInline):
    """A split job's parts, as its workers left them."""

    model = JobPart
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in JobPart._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "cluster", "state", "done", "total", "created_by", "created_at", "finished_at")
    list_filter = ("state", "kind", "cluster")
    search_fields = ("error",)
    # Jobs are started from Strom's pages and API, which validate and queue them; here they are read.
    readonly_fields = [f.name for f in Job._meta.fields if f.name != "cancel_requested"]
    inlines = [JobPartInline]

    def has_add_permission(self, request):
        return False


@admin.register(JobSchedule)
class JobScheduleAdmin(admin.ModelAdmin):
    list_display = ("id", "job", "every_s", "crontab", "last_job", "created_by", "created_at")
    readonly_fields = ("job", "every_s", "crontab", "periodic_task", "created_by", "created_at", "last_job")

    def has_add_permission(self, request):
        return False
