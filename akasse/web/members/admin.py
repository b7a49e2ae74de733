"""Reference data in Django's admin. A fund's administrator sees and changes their own fund's
rows only; the national reference data (municipalities, the jobcentres' consultants, the
offers catalogue) is shared, so only a superuser changes it."""

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from akasse.web.members.models import (
    Branch,
    Caseworker,
    Consultant,
    Fund,
    Municipality,
    OfferType,
    TrialParticipation,
)


def _fund(request: HttpRequest) -> str | None:
    return getattr(request.user, "fund_id", None)


class FundScoped(admin.ModelAdmin[Any]):
    fund_path = "fund"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        fund = _fund(request)
        return qs.filter(**{self.fund_path: fund}) if fund else qs.none()

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if not request.user.is_superuser:
            fund = _fund(request)
            if db_field.name == "fund":
                kwargs["queryset"] = Fund.objects.filter(pk=fund)
            elif db_field.name == "branch":
                kwargs["queryset"] = Branch.objects.filter(fund_id=fund)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class Shared(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(Fund)
class FundAdmin(FundScoped):
    fund_path = "code"
    list_display = ("code", "name", "in_trial", "placement_target_2021")
    search_fields = ("code", "name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(Municipality)
class MunicipalityAdmin(Shared):
    list_display = ("code", "name", "region", "free_municipality")
    list_filter = ("region", "free_municipality")
    search_fields = ("code", "name")


@admin.register(TrialParticipation)
class TrialParticipationAdmin(FundScoped):
    list_display = ("fund", "municipality", "from_date", "to_date", "list_source")
    list_filter = ("fund",)


@admin.register(Branch)
class BranchAdmin(FundScoped):
    list_display = ("id", "name", "fund", "municipality")
    list_filter = ("fund",)
    search_fields = ("name",)


@admin.register(Caseworker)
class CaseworkerAdmin(FundScoped):
    list_display = (
        "id",
        "name",
        "fund",
        "branch",
        "capacity_per_day",
        "conversation_days_per_week",
    )
    list_filter = ("fund",)
    search_fields = ("name",)


@admin.register(Consultant)
class ConsultantAdmin(Shared):
    list_display = ("id", "name", "municipality")
    list_filter = ("municipality",)
    search_fields = ("name",)


@admin.register(OfferType)
class OfferTypeAdmin(Shared):
    list_display = ("code", "name", "source", "active")
    list_filter = ("source", "active")
