from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from akasse.web.accounts.models import User


@admin.register(User)
class AkasseUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "fund", "branch", "municipality", "is_active")
    list_filter = ("role", "fund", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Rolle og adgang",
            {"fields": ("role", "fund", "branch", "municipality", "caseworker", "member")},
        ),
    )
    raw_id_fields = ("caseworker", "member")
