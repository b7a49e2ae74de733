from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "akasse.web.monitoring"
    label = "monitoring"
    verbose_name = "Opfølgning og evaluering"
