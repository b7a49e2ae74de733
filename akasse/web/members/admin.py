"""Reference data in Django's admin, for the fund's administrator."""

from django.contrib import admin

from akasse.web.members.models import (
    Branch,
    Caseworker,
    Fund,
    Municipality,
    OfferType,
    TrialParticipation,
)


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin[Fund]):
    list_display = ("code", "name", "in_trial", "placement_target_2021")
    search_fields = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ("code", "name", "region", "free_municipality")
    list_filter = ("region", "free_municipality")
    search_fields = ("code", "name")


@admin.register(TrialParticipation)
class TrialParticipationAdmin(admin.ModelAdmin[TrialParticipation]):
    list_display = ("fund", "municipality", "from_date", "to_date", "list_source")
    list_filter = ("fund",)


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin[Branch]):
    list_display = ("id", "name", "fund", "municipality")
    list_filter = ("fund",)
    search_fields = ("name",)


@admin.register(Caseworker)
class CaseworkerAdmin(admin.ModelAdmin[Caseworker]):
    list_display = ("id", "fund", "branch", "capacity_per_day", "conversation_days_per_week")
    list_filter = ("fund",)


@admin.register(OfferType)
class OfferTypeAdmin(admin.ModelAdmin[OfferType]):
    list_display = ("code", "name", "source", "active")
    list_filter = ("source", "active")
