from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "akasse.web.audit"
    label = "audit"
    verbose_name = "Adgangslog"
