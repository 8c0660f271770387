from django.urls import path

from scheduler import converters  # noqa: F401  (registers <signed:...>)

from . import views

app_name = "notifications"

urlpatterns = [
    path("herinneringen-stoppen/<signed:token>/", views.stop_reminders, name="stop-reminders"),
    # The back office's message preview frame (staff only; see views.message_preview).
    path("berichtvoorbeeld/<uuid:key>/", views.message_preview, name="message-preview"),
]
