"""The API, version 1: its operations, errors and OpenAPI document."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from akasse.web.api import errors
from akasse.web.api.auth import SCOPE_KEY
from akasse.web.api.views import hours, offers, spells

VERSION = "1"
DESCRIPTION = """For the jobcentres' systems and a fund's member system. Every operation
needs a token (`Authorization: Bearer akasse_...`) with the scope it names; what a token
reaches is what a user of its organisation sees in the case application. Every read of a
case is written to the audit log. Errors are JSON with a Danish `detail`. See docs/api.md."""


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name (``list_spells``), not its module's path."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Each operation's security requirement names the scope it needs."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if SCOPE_KEY in operation:
                    operation["security"] = [{"TokenAuth": [operation[SCOPE_KEY]]}]
        return schema


api = Api(
    title="akasse API",
    version=VERSION,
    description=DESCRIPTION,
    urls_namespace=f"api-v{VERSION}",
    docs_url=None,
)
errors.install(api)
api.add_router("", spells.router)
api.add_router("", hours.router)
api.add_router("", offers.router)
