from django.contrib import admin

from jobs.models import Job, JobStatus


class JobStatusInline(admin.TabularInline[JobStatus, Job]):
    model = JobStatus
    extra = 0
    can_delete = False
    readonly_fields = ["status_type", "timestamp"]
    ordering = ["timestamp", "id"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # History is appended through the API's services only, never rewritten.
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["id", "name", "current_status", "created_at", "updated_at"]
    list_filter = ["current_status"]
    search_fields = ["name"]
    readonly_fields = ["current_status", "current_status_at", "created_at", "updated_at"]
    ordering = ["-created_at", "-id"]
    show_full_result_count = False
    inlines = [JobStatusInline]
