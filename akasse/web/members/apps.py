from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "akasse.web.members"
    label = "members"
    verbose_name = "Medlemmer og stamdata"
