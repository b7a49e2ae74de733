from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "akasse.web.accounts"
    label = "accounts"
    verbose_name = "Brugere og roller"

    def ready(self) -> None:
        from akasse.web.accounts import sessions  # noqa: PLC0415

        sessions.connect()
