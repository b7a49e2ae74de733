from django.contrib.auth import views as auth_views
from django.urls import path

from akasse.web.accounts import two_factor, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/kode/", two_factor.verify, name="otp_verify"),
    path("login/app/", two_factor.setup, name="otp_setup"),
    # Logging out ends every session of the user (akasse.web.accounts.sessions).
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("healthz/", views.healthz, name="healthz"),
    path("ping/", views.ping, name="ping"),
    path("favicon.ico", views.favicon, name="favicon"),
]
