from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("herinneringen-stoppen/<str:token>/", views.stop_reminders, name="stop-reminders"),
]
