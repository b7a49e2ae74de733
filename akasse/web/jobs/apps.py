from django.apps import AppConfig


class JobConfig(AppConfig):
    name = "akasse.web.jobs"
    label = "jobs"
    verbose_name = "Jobåbninger, jobpræsentationer og jobformidlinger"
