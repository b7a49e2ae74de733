"""The offers catalogue: the LAB offer types of the dataset schema and the fund's own offers."""

from django.db import migrations

CATALOGUE = [
    ("guidance_upskilling", "Vejledning og opkvalificering", "lab"),
    ("job_education_6w", "Seks ugers jobrettet uddannelse", "lab"),
    ("internship", "Virksomhedspraktik", "lab"),
    ("wage_subsidy", "Løntilskud", "lab"),
    ("availability_test", "Rådighedsafprøvende tilbud", "lab"),
    ("cv_workshop", "CV-værksted", "fund"),
    ("job_search_course", "Jobsøgningskursus", "fund"),
    ("network_group", "Netværksgruppe", "fund"),
]


def add(apps, schema_editor):  # type: ignore[no-untyped-def]
    offer_type = apps.get_model("members", "OfferType")
    for code, name, source in CATALOGUE:
        offer_type.objects.update_or_create(code=code, defaults={"name": name, "source": source})


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("members", "OfferType").objects.filter(
        code__in=[code for code, _, _ in CATALOGUE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
