"""The employers and the job openings in Django's admin. Employers (the CVR register's) and
portal ads are shared, so only a superuser changes them; a fund's administrator keeps the job
orders employers gave their own fund."""

from django.contrib import admin

from akasse.web.jobs.models import Employer, JobOpening
from akasse.web.members.admin import FundScoped, Shared


@admin.register(Employer)
class EmployerAdmin(Shared):
    list_display = ("cvr", "name", "industry", "municipality")
    list_filter = ("industry",)
    search_fields = ("cvr", "name")


@admin.register(JobOpening)
class JobOpeningAdmin(FundScoped):
    list_display = ("id", "title", "employer", "municipality", "posted_on", "closes_on", "source")
    list_filter = ("source", "disco_major")
    search_fields = ("title", "employer__name")
    raw_id_fields = ("employer",)
    date_hierarchy = "posted_on"
