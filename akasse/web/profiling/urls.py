from django.urls import path

from akasse.web.profiling import views

urlpatterns = [
    path("sager/<int:spell_id>/spoergeskema/", views.questionnaire, name="questionnaire"),
    path("sager/<int:spell_id>/profilafklaring/", views.assess_now, name="assess"),
    path("sager/<int:spell_id>/profilafklaring/ret/", views.correct, name="correct"),
    path("team/profilafklaring/", views.team_overrides, name="overrides"),
]
