from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "akasse.web.accounts"
    label = "accounts"
    verbose_name = "Brugere og roller"
