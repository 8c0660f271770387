"""URL map. The public paths are a stable interface (see DESIGN.md): change with care."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    # The API answers in the language of Accept-Language, without a /nl/ or /en/ prefix.
    path("api/v1/", include("events.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from the drf-spectacular-sidecar package: no CDN. The split view serves
    # its start-up script as a file (?script) and templates/api/swagger_ui.html its
    # styles, so the Content-Security-Policy needs nothing inline. (drf-spectacular's
    # Redoc page is left out: its template loads fonts from Google.)
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # Calendar apps keep a feed's address for years: no language prefix.
    path("calendar/", include("events.calendar.urls", namespace="calendar")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("organiser/", include("events.planning.urls")),
    path("", include("notifications.urls")),
    path("", include("events.registrations.urls")),
    path("", include("events.pages.urls")),
)

admin.site.site_header = "Open je Ogen"
admin.site.site_title = "Open je Ogen"
admin.site.index_title = "Back office"
