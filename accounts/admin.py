from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import tokens
from .models import ApiToken, User

admin.site.register(User, UserAdmin)


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user"]
        help_texts = {
            "user": _(
                "An active organiser or administrator. If they already have a token, the new "
                "one replaces it and the old one stops working."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True, is_staff=True)

    def validate_unique(self) -> None:
        # Adding a token for a user who has one rotates it (accounts.tokens).
        pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Administrators make and revoke organisers' API tokens; a key is shown once, at creation."""

    form = ApiTokenForm
    list_display = ["user", "prefix", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]
    readonly_fields = ["user", "prefix", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a token is made or revoked, never edited

    def save_model(self, request, obj: ApiToken, form, change: bool) -> None:
        token, key = tokens.issue_api_token(user=obj.user)
        obj.pk, obj.digest, obj.prefix, obj.created_at = (
            token.pk,
            token.digest,
            token.prefix,
            token.created_at,
        )
        request.new_api_token_key = key

    def response_add(self, request, obj: ApiToken, post_url_continue=None):
        # The admin's never_cache already forbids caching this page (no-store).
        return TemplateResponse(
            request,
            "admin/accounts/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "title": _("API token made"),
                "opts": self.model._meta,
                "token": obj,
                "key": request.new_api_token_key,
            },
        )
