from django.contrib import admin
from django.urls import include, path

from akasse.web.accounts.views import ThrottledAdminLoginForm

admin.site.login_form = ThrottledAdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("akasse.web.accounts.urls")),
    path("", include("akasse.web.casework.urls")),
    path("", include("akasse.web.monitoring.urls")),
    path("", include("akasse.web.profiling.urls")),
    path("", include("akasse.web.audit.urls")),
    path("", include("akasse.web.api.urls")),
]
