from django.urls import path

from akasse.web.monitoring import views

urlpatterns = [path("opfoelgning/", views.analysis, name="analysis")]
