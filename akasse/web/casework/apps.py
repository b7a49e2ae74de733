from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "akasse.web.casework"
    label = "casework"
    verbose_name = "Sagsbehandling"
