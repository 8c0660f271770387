from django.urls import path

from . import planner_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("tentoonstelling/<slug:slug>/", views.stop_detail, name="stop-detail"),
    path("bijeenkomsten/<slug:slug>/", views.meeting_detail, name="meeting-detail"),
    path("locaties/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("waar/", planner_views.where, name="where"),
]
