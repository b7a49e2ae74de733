"""Lists come in pages: ``limit`` (at most ``MAX_LIMIT``) and ``offset``, in a stable order
(each list's own, ending in its rows' ids), with the total ``count``."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from pydantic import ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
# The largest id a query may ask for (a 64-bit signed integer, the database's id).
MAX_ID = 2**63 - 1
M = TypeVar("M", bound=Model)


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rækker pr. side.")
    offset: int = Field(0, ge=0, le=MAX_ID, description="Rækker, der springes over.")

    @model_validator(mode="before")
    @classmethod
    def _known_parameters_only(cls, data: Any, info: ValidationInfo) -> Any:
        """A parameter the list does not know is refused, not ignored: a misspelt filter
        (``pendng=true``) would otherwise list everything."""
        request = (info.context or {}).get("request")
        if request is not None:
            unknown = sorted(set(request.GET) - set(cls.model_fields))
            if unknown:
                raise PydanticCustomError(
                    "unknown_parameters",
                    "Unknown parameters: {names}",
                    {"names": ", ".join(repr(name) for name in unknown)},
                )
        return data


def window(rows: QuerySet[M], query: PageQuery) -> tuple[int, list[M]]:
    """The total count and the rows of the page; ``rows`` must be ordered."""
    assert rows.ordered, "a page of an unordered query is not stable"
    return rows.count(), list(rows[query.offset : query.offset + query.limit])
