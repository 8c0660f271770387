from django.urls import path

from scheduler import converters  # noqa: F401  (registers <signed:...>)

from . import views

app_name = "notifications"

urlpatterns = [
    path("herinneringen-stoppen/<signed:token>/", views.stop_reminders, name="stop-reminders"),
]
