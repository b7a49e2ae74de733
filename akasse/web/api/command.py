"""``akasse api``: tokens (``token create``, ``token list``, ``token revoke``) and the OpenAPI
document (``openapi``).

Imported by ``akasse.web.cli`` to add the parser; Django is set up only when a command runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
ORG_KINDS = {
    "fund": "fund",
    "a-kasse": "fund",
    "jobcentre": "municipality",
    "jobcenter": "municipality",
}


def _setup() -> None:
    from akasse.web.startup import setup_django  # noqa: PLC0415

    setup_django()


def cmd_create(args: argparse.Namespace) -> int:
    _setup()
    from akasse.web.api import tokens  # noqa: PLC0415

    kind, _, code = args.org.partition(":")
    try:
        if kind not in ORG_KINDS or not code:
            raise tokens.TokenError(
                f"--org {args.org!r}: skriv fund:<a-kassens kode> eller jobcentre:<kommunekode>."
            )
        org = tokens.organisation(**{ORG_KINDS[kind]: code})
        token, text = tokens.create(
            org, args.name, args.scopes, args.days, created_by="akasse api token create"
        )
    except tokens.TokenError as exc:
        print(f"akasse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(
        f"Nøgle {token.prefix} for {org} ({token.scopes}), gyldig til {token.expires_at:%Y-%m-%d}."
    )
    print("Kopiér den nu; den gemmes kun som hash og vises ikke igen:")
    print(text)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    _setup()
    from django.utils import timezone  # noqa: PLC0415

    from akasse.web.api.models import Token  # noqa: PLC0415

    now = timezone.now()
    rows = Token.objects.select_related("organisation").order_by("organisation", "created_at")
    for t in rows:
        if not args.all and not t.active(now):
            continue
        state = "aktiv" if t.active(now) else ("tilbagekaldt" if t.revoked_at else "udløbet")
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "aldrig"
        print(
            f"{t.prefix}  {t.organisation}  {t.name}  [{t.scopes}]  "
            f"udløber {t.expires_at:%Y-%m-%d}  sidst brugt {used}  {state}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    _setup()
    from akasse.web.api import tokens  # noqa: PLC0415

    try:
        token = tokens.revoke(args.prefix)
    except tokens.TokenError as exc:
        print(f"akasse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Nøgle {token.prefix} ({token.name}) er tilbagekaldt.")
    return 0


def openapi_text() -> str:
    """The OpenAPI document as served at /api/v1/openapi.json, as docs/openapi.json keeps it."""
    from akasse.web.api.api import VERSION, api  # noqa: PLC0415

    document: dict[str, Any] = api.get_openapi_schema(path_prefix=f"/api/v{VERSION}/")
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    _setup()
    text = openapi_text()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    api = sub.add_parser("api", help="the JSON API: tokens and the OpenAPI document")
    commands = api.add_subparsers(dest="api_command", required=True)
    token = commands.add_parser("token", help="create, list and revoke API tokens")
    actions = token.add_subparsers(dest="token_command", required=True)
    c = actions.add_parser("create", help="a new token for a fund or a jobcentre")
    c.add_argument(
        "--org",
        required=True,
        help="fund:<code> (e.g. fund:FOA-A) or jobcentre:<municipality code> (jobcentre:0751)",
    )
    c.add_argument("--name", required=True, help="the system that uses the token")
    c.add_argument("--scopes", required=True, help="e.g. 'spells:read,hours:write'")
    c.add_argument("--days", type=int, default=365, help="valid for (default 365)")
    c.set_defaults(func=cmd_create)
    ls = actions.add_parser("list", help="the active tokens")
    ls.add_argument("--all", action="store_true", help="revoked and expired ones too")
    ls.set_defaults(func=cmd_list)
    r = actions.add_parser("revoke", help="revoke a token by its id")
    r.add_argument("prefix", help="the token's id (the part after akasse_)")
    r.set_defaults(func=cmd_revoke)
    o = commands.add_parser("openapi", help="write the OpenAPI document")
    o.add_argument("-o", "--output", help="file (default: standard output)")
    o.set_defaults(func=cmd_openapi)
