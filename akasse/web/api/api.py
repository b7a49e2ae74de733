"""The API, version 1: its operations, errors and OpenAPI document."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from akasse.web.api import errors
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
