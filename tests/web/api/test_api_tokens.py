"""Tokens: stored as digests only, 401 without a valid one (none, malformed, unknown, revoked,
expired), 403 for a scope the token lacks, scopes checked against the organisation, last use
noted; made, listed and revoked with ``akasse api token`` and in the admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from akasse.cli import main
from akasse.web.accounts.models import Role, User
from akasse.web.api import tokens
from akasse.web.api.models import Organisation, Token, token_digest
from akasse.web.api.tokens import TokenError
from tests.web.api.conftest import Api
from tests.web.world import PASSWORD, World

NO_TOKEN = "Mangler API-nøgle: send den som 'Authorization: Bearer <nøgle>'."
BAD_TOKEN = "API-nøglen er ugyldig, udløbet eller tilbagekaldt."
SPELL = "/api/v1/spells/101"


def get(token: str | None, url: str = SPELL) -> tuple[int, dict[str, object]]:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = Client(headers=headers).get(url)
    return response.status_code, response.json()


def test_it_keeps_only_the_digest_of_a_token(api: Api) -> None:
    text = api.tokens["fund"]
    token = Token.objects.get(digest=token_digest(text))
    assert text.startswith(f"akasse_{token.prefix}_")
    stored = " ".join(str(v) for v in Token.objects.filter(pk=token.pk).values().first().values())
    secret = text.split("_", 2)[2]  # the secret may itself hold "_"
    assert text not in stored and secret not in stored


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, NO_TOKEN),
        ("Basic dXNlcjpwYXNz", NO_TOKEN),
        ("Bearer ", BAD_TOKEN),
        ("Bearer akasse_00000000_gættet", BAD_TOKEN),
        ("Bearer ikke-en-nøgle", BAD_TOKEN),
    ],
)
def test_it_answers_401_without_a_valid_token(api: Api, header: str | None, detail: str) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = Client(headers=headers).get(SPELL)
    assert response.status_code == 401
    assert response.json() == {"detail": detail, "errors": []}
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_a_revoked_token(api: Api) -> None:
    token = Token.objects.get(digest=token_digest(api.tokens["fund"]))
    assert get(api.tokens["fund"])[0] == 200
    tokens.revoke(token.prefix)
    assert get(api.tokens["fund"]) == (401, {"detail": BAD_TOKEN, "errors": []})


def test_it_refuses_an_expired_token(api: Api) -> None:
    Token.objects.filter(digest=token_digest(api.tokens["fund"])).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert get(api.tokens["fund"]) == (401, {"detail": BAD_TOKEN, "errors": []})


def test_it_answers_403_for_a_scope_the_token_lacks(api: Api) -> None:
    assert get(api.tokens["narrow"])[0] == 200
    assert get(api.tokens["narrow"], f"{SPELL}/plan") == (
        403,
        {"detail": "Nøglen har ikke rettigheden plans:read.", "errors": []},
    )


def test_it_gives_registering_hours_to_funds_and_deciding_offers_to_jobcentres(
    world: World,
) -> None:
    jobcentre = tokens.organisation(municipality="0751")
    with pytest.raises(TokenError, match=r"^hours:write kan ikke gives til et jobcenter\.$"):
        tokens.create(jobcentre, "Jobcentrets system", "spells:read hours:write")
    fund = tokens.organisation(fund="FOA-A")
    with pytest.raises(TokenError, match=r"^offers:write kan ikke gives til en a-kasse\.$"):
        tokens.create(fund, "Medlemssystem", ["offers:write"])
    with pytest.raises(TokenError, match=r"^Ukendt rettighed: spells:write\. Mulige"):
        tokens.create(fund, "Medlemssystem", "spells:write")
    with pytest.raises(TokenError, match=r"^En nøgle kan gælde fra 1 til 730 dage, ikke 0\.$"):
        tokens.create(fund, "Medlemssystem", "spells:read", days=0)
    token, _ = tokens.create(fund, "Medlemssystem", "hours:write,spells:read")
    assert token.scopes == "spells:read hours:write"


def test_it_scopes_a_token_as_a_user_of_its_organisation_who_cannot_log_in(
    world: World,
) -> None:
    fund = tokens.organisation(fund="FOA-A")
    jobcentre = tokens.organisation(municipality="0751")
    assert tokens.organisation(fund="FOA-A") == fund
    assert (fund.user.role, fund.user.fund_id, fund.user.branch_id) == (
        Role.FUND_ADMIN,
        "FOA-A",
        None,
    )
    assert (jobcentre.user.role, jobcentre.user.municipality_id) == (Role.JOBCENTRE, "0751")
    for org in (fund, jobcentre):
        assert not org.user.has_usable_password() and not org.user.is_staff
        assert not Client().login(username=org.user.username, password="")
    with pytest.raises(TokenError, match=r"^A-kassen 'XX-A' findes ikke\.$"):
        tokens.organisation(fund="XX-A")


def test_it_notes_when_a_token_was_last_used(api: Api) -> None:
    token = Token.objects.get(digest=token_digest(api.tokens["fund"]))
    assert token.last_used_at is None
    get(api.tokens["fund"])
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    get(api.tokens["fund"])  # within the minute: not written again
    token.refresh_from_db()
    assert token.last_used_at == first


def test_it_makes_lists_and_revokes_tokens_on_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["api", "token", "create", "--org", "fund:FOA-A", "--name", "Medlemssystem"]
    assert main([*argv, "--scopes", "spells:read,hours:read", "--days", "30"]) == 0
    out = capsys.readouterr().out
    text = re.findall(r"^akasse_\w+_\S+$", out, re.MULTILINE)[0]
    token = Token.objects.get(digest=token_digest(text))
    assert token.scopes == "spells:read hours:read"
    assert token.created_by == "akasse api token create"
    assert f"Nøgle {token.prefix} for A-kasse FOA-A (spells:read hours:read)" in out
    assert get(text)[0] == 200
    assert main(["api", "token", "list"]) == 0
    assert f"{token.prefix}  A-kasse FOA-A  Medlemssystem  [spells:read hours:read]" in (
        capsys.readouterr().out
    )
    assert main(["api", "token", "revoke", token.prefix]) == 0
    assert f"Nøgle {token.prefix} (Medlemssystem) er tilbagekaldt." in capsys.readouterr().out
    assert get(text)[0] == 401
    assert main(["api", "token", "list"]) == 0
    assert token.prefix not in capsys.readouterr().out
    assert main(["api", "token", "list", "--all"]) == 0
    assert "tilbagekaldt" in capsys.readouterr().out


def test_the_command_line_says_what_is_wrong(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    create = ["api", "token", "create", "--name", "x", "--scopes", "spells:read"]
    assert main([*create, "--org", "FOA-A"]) == 2
    assert "skriv fund:<a-kassens kode> eller jobcentre:<kommunekode>" in capsys.readouterr().err
    assert main([*create, "--org", "jobcentre:9999"]) == 2
    assert "Kommunen '9999' findes ikke." in capsys.readouterr().err
    assert main(["api", "token", "revoke", "ffffffff"]) == 2
    assert "Ingen nøgle med id 'ffffffff'." in capsys.readouterr().err
    assert not Token.objects.exists()


def test_a_superuser_makes_and_revokes_a_token_in_the_admin(world: World) -> None:
    User.objects.create_superuser("admin", password=PASSWORD, role=Role.FUND_ADMIN, fund=world.fund)
    admin = Client()
    assert admin.login(username="admin", password=PASSWORD)
    form = {
        "name": "Jobcentrets system",
        "municipality": "0751",
        "scope_choices": ["spells:read", "offers:write"],
        "days": "90",
    }
    response = admin.post("/admin/api/token/add/", form, follow=True)
    page = response.content.decode()
    text = re.findall(r"akasse_[0-9a-f]{8}_[\w-]+", page)[0]
    token = Token.objects.get(digest=token_digest(text))
    assert token.organisation == Organisation.objects.get(municipality="0751")
    assert (token.scopes, token.created_by) == ("spells:read offers:write", "admin")
    assert "den vises ikke igen" in page
    assert get(text, "/api/v1/spells") == (200, {"count": 0, "limit": 25, "offset": 0, "items": []})
    assert text not in admin.get(f"/admin/api/token/{token.pk}/change/").content.decode()
    refused = admin.post("/admin/api/token/add/", form | {"scope_choices": ["hours:write"]})
    assert "hours:write kan ikke gives til et jobcenter." in refused.content.decode()
    admin.post("/admin/api/token/", {"action": "revoke", "_selected_action": [str(token.pk)]})
    assert get(text, "/api/v1/spells")[0] == 401


def test_only_a_superuser_reaches_the_tokens_in_the_admin(world: World) -> None:
    User.objects.create_user(
        "fundadmin", password=PASSWORD, role=Role.FUND_ADMIN, fund=world.fund, is_staff=True
    )
    client = Client()
    assert client.login(username="fundadmin", password=PASSWORD)
    assert client.get("/admin/api/token/").status_code == 403
    assert client.get("/admin/api/token/add/").status_code == 403
