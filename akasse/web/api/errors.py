"""The API's errors: JSON ``{"detail": "..."}`` with a Danish text, and for invalid input
the fields at fault under ``errors``. 401 without a valid token, 403 for a scope the token
lacks, 404 for what does not exist or lies outside the organisation's cases (the two are not
told apart), 422 for invalid input and refused changes."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class FieldError(Schema):
    location: str  # path, query, header or body
    field: str
    message: str


class Error(Schema):
    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotAuthenticated(ApiError):
    status = 401


class MissingScope(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class Unprocessable(ApiError):
    status = 422


NO_TOKEN = "Mangler API-nøgle: send den som 'Authorization: Bearer <nøgle>'."
BAD_TOKEN = "API-nøglen er ugyldig, udløbet eller tilbagekaldt."
BAD_BODY = "Forespørgslens indhold er ikke gyldig JSON."
NOT_FOUND = "Findes ikke blandt organisationens sager."
NOT_FOUND_PATH = "API'et har ingen sådan adresse. Se /api/v1/openapi.json."
SERVER_ERROR = "Der opstod en fejl på serveren. Forespørgslen er ikke gennemført."

# Pydantic's error types in Danish; ``ctx`` fills in limits and patterns.
_MESSAGES = {
    "missing": "mangler",
    "int_parsing": "skal være et heltal",
    "int_type": "skal være et heltal",
    "bool_parsing": "skal være true eller false",
    "bool_type": "skal være true eller false",
    "date_parsing": "skal være en dato som ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "skal være en dato som ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "skal være en dato som ÅÅÅÅ-MM-DD",
    "date_type": "skal være en dato som ÅÅÅÅ-MM-DD",
    "string_type": "skal være en tekst",
    "string_pattern_mismatch": "har ikke den rette form ({pattern})",
    "string_too_long": "må højst have {max_length} tegn",
    "string_too_short": "skal have mindst {min_length} tegn",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than_equal": "skal være højst {le}",
    "literal_error": "skal være en af {expected}",
    "enum": "skal være en af {expected}",
    "json_invalid": "er ikke gyldig JSON",
    "model_attributes_type": "skal være et JSON-objekt",
    "dict_type": "skal være et JSON-objekt",
    "model_type": "skal være et JSON-objekt",
    "extra_forbidden": "kendes ikke",
    "unknown_parameters": "har parametre, som listen ikke kender: {names}",
}
_LOCATIONS = {"path", "query", "header", "body", "cookie", "form", "file"}


def field_error(error: dict[str, Any]) -> FieldError:
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc and loc[0] in _LOCATIONS else "body"
    # ninja puts the name of the schema holding the query or body first; the field follows.
    names = [p for p in loc[1:] if p not in {"payload", "filters", "data"}]
    template = _MESSAGES.get(str(error.get("type")), "er ugyldig")
    ctx = {k: str(v).replace(" or ", " eller ") for k, v in (error.get("ctx") or {}).items()}
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = template
    return FieldError(location=location, field=".".join(names) or location, message=message)


def _json(api: NinjaAPI, request: HttpRequest, status: int, error: Error) -> HttpResponse:
    response = api.create_response(request, error.model_dump(mode="json"), status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def install(api: NinjaAPI) -> None:
    """The API's handlers for its own errors and ninja's."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _json(api, request, exc.status, Error(detail=exc.detail))

    @api.exception_handler(AuthenticationError)
    def no_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _json(api, request, 401, Error(detail=NO_TOKEN))

    @api.exception_handler(AuthorizationError)
    def forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return _json(api, request, 403, Error(detail="Nøglen giver ikke adgang til dette."))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [field_error(e) for e in exc.errors]
        text = "; ".join(f"{e.field} {e.message}" for e in errors)
        detail = f"Forespørgslen er ugyldig: {text}." if text else "Forespørgslen er ugyldig."
        return _json(api, request, 422, Error(detail=detail, errors=errors))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja's own: the one a request can cause is a body that is not JSON.
        detail = BAD_BODY if exc.status_code == 400 else "Forespørgslen kan ikke behandles."
        return _json(api, request, exc.status_code, Error(detail=detail))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _json(api, request, 404, Error(detail=NOT_FOUND))

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API request failed: %s %s", request.method, request.path)
        return _json(api, request, 500, Error(detail=SERVER_ERROR))


# The error responses every operation may give, for the OpenAPI document; a change may also
# be sent a body that is not JSON.
READ_ERRORS: dict[int, type[Error]] = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS: dict[int, type[Error]] = {400: Error, **READ_ERRORS}
