"""API tokens in Django's admin, for superusers: make one (shown once, then only its digest
is kept), see when each was last used, and revoke. Organisations are listed read-only; one
is made with its first token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from akasse.web.api import tokens
from akasse.web.api.models import Organisation, Token
from akasse.web.api.scopes import FUND, JOBCENTRE, SCOPES, ScopeError, parse_scopes
from akasse.web.members.models import Fund, Municipality


class SuperuserOnly(admin.ModelAdmin[Any]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnly):
    list_display = ("__str__", "kind", "user", "created_at")
    readonly_fields = ("kind", "fund", "municipality", "user", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class NewTokenForm(forms.ModelForm[Token]):
    fund = forms.ModelChoiceField(Fund.objects.all(), required=False, label="A-kasse")
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), required=False, label="Eller: jobcentrets kommune"
    )
    scope_choices = forms.MultipleChoiceField(
        choices=[(scope, f"{scope}: {info.title}") for scope, info in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        label="Rettigheder",
    )
    days = forms.IntegerField(
        min_value=1, max_value=tokens.MAX_DAYS, initial=365, label="Gyldig (dage)"
    )

    class Meta:
        model = Token
        fields = ("name",)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fund, place = data.get("fund"), data.get("municipality")
        if (fund is None) == (place is None):
            raise forms.ValidationError("Vælg enten en a-kasse eller et jobcenters kommune.")
        try:
            parse_scopes(list(data.get("scope_choices") or []), FUND if fund else JOBCENTRE)
        except ScopeError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(Token)
class TokenAdmin(SuperuserOnly):
    list_display = (
        "prefix",
        "name",
        "organisation",
        "scopes",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("organisation",)
    search_fields = ("prefix", "name")
    actions = ["revoke"]
    readonly_fields = (
        "prefix",
        "name",
        "organisation",
        "scopes",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )

    def get_form(
        self, request: HttpRequest, obj: Token | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = NewTokenForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Token | None = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: Token | None = None) -> Any:
        if obj is None:
            return ("name", "fund", "municipality", "scope_choices", "days")
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Token, form: Any, change: bool) -> None:
        """Only new tokens are saved here (the rest is read-only): made by ``tokens.create``,
        and the token shown once."""
        if change:
            return
        data = form.cleaned_data
        fund, place = data["fund"], data["municipality"]
        org = Organisation.of_fund(fund) if fund else Organisation.of_jobcentre(place)
        token, text = tokens.create(
            org,
            data["name"],
            list(data["scope_choices"]),
            data["days"],
            created_by=request.user.get_username(),
        )
        obj.pk, obj.prefix, obj.organisation = token.pk, token.prefix, org
        self.message_user(
            request,
            f"Nøglen {token.prefix} er oprettet. Kopiér den nu; den vises ikke igen: {text}",
            messages.WARNING,
        )

    @admin.action(description="Tilbagekald valgte nøgler", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"{count} nøgle(r) tilbagekaldt.", messages.SUCCESS)
