from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "akasse.web.api"
    label = "api"
    verbose_name = "JSON-API"
