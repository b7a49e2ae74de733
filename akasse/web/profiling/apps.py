from django.apps import AppConfig


class ProfilingConfig(AppConfig):
    name = "akasse.web.profiling"
    label = "profiling"
    verbose_name = "Profilafklaring"
