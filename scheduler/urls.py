"""URL map. The public paths are a stable interface (see DESIGN.md): change with care."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Calendar apps keep a feed's address for years: no language prefix.
    path("calendar/", include("events.feed_urls", namespace="calendar")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("notifications.urls")),
    path("", include("events.urls")),
)

admin.site.site_header = "Open je Ogen"
admin.site.site_title = "Open je Ogen"
admin.site.index_title = "Back office"
