"""The organiser's own logistics feed in the back office: see the link, renew it.

Shown as "Calendar feed" in the Events section. Everyone who organises a
series (and every administrator) sees only their own feed here; the link is
made on first request (a POST), and renewing makes the old one answer 404.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..models import CalendarToken
from ..permissions import is_administrator, is_organiser
from .tokens import calendar_token_url, issue_calendar_token, renew_calendar_token


@admin.register(CalendarToken)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Not a list of tokens: one page with the signed-in organiser's feed link."""

    def _may_use(self, request: HttpRequest) -> bool:
        return is_administrator(request) or is_organiser(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may_use(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        # Only the page below; no token of anyone else is ever listed.
        return self._may_use(request) and obj is None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self._may_use(request):
            return HttpResponseRedirect("../../")
        if request.method == "POST":
            if "renew" in request.POST:
                renew_calendar_token(user=request.user)
                self.message_user(
                    request,
                    _("Your feed has a new address; the old one no longer works."),
                    messages.SUCCESS,
                )
            else:
                issue_calendar_token(user=request.user)
            return HttpResponseRedirect(request.path)
        token = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Your logistics calendar feed"),
            "opts": self.model._meta,
            "token": token,
        }
        if token is not None:
            webcal = calendar_token_url(token, webcal=True)
            context.update(
                https_url=calendar_token_url(token),
                webcal_url=webcal,
                google_url="https://calendar.google.com/calendar/render?cid=" + quote(webcal),
            )
        return TemplateResponse(request, "admin/events/calendartoken/feed.html", context)
