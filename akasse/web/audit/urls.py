from django.urls import path

from akasse.web.audit import views

urlpatterns = [
    path("adgangslog/", views.audit_search, name="audit_search"),
    path("adgangslog/medlemmer/<int:member_id>/", views.audit_member, name="audit_member"),
    path("adgangslog/brugere/<int:user_id>/", views.audit_user, name="audit_user"),
]
