from django.contrib import admin
from django.http import HttpRequest

from akasse.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the log is evidence, so nobody edits or deletes it here."""

    list_display = ("seq", "at", "username", "action", "member_id", "what", "why", "address")
    list_filter = ("action",)
    search_fields = ("username", "member_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
