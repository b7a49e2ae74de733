"""The verify command's verdict in words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from akasse.web.audit.chain import Verdict

KINDS = {
    "changed": gettext_lazy("ændret"),
    "removed": gettext_lazy("fjernet"),
    "reordered": gettext_lazy("flyttet"),
}


def verdict_text(verdict: Verdict) -> str:
    count = verdict.checked
    if verdict.broken is None:
        return ngettext(
            "Adgangsloggen er intakt: %(count)d hændelse kontrolleret.",
            "Adgangsloggen er intakt: %(count)d hændelser kontrolleret.",
            count,
        ) % {"count": count}
    broken = verdict.broken
    where = _(
        "Adgangsloggen er brudt ved hændelse id %(id)d (nummer %(seq)d): %(kind)s – %(detail)s."
    )
    before = ngettext(
        "%(count)d hændelse før den er intakt.", "%(count)d hændelser før den er intakte.", count
    )
    values = {"id": broken.event_id, "seq": broken.seq, "kind": KINDS[broken.kind]}
    return f"{where % (values | {'detail': broken.detail})} {before % {'count': count}}"
