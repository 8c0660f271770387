from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an organiser (staff) or an administrator.

    Our own model from the first migration, so that fields can be added later
    without swapping the user model under live data.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class ApiToken(models.Model):
    """An organiser's API token, stored only as its SHA-256 digest.

    The key is shown once, when it is made (``accounts.tokens``); a copy of
    the database then lets nobody call the API as an organiser. One token per
    user: making a new one replaces the old.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("user"),
    )
    # hex SHA-256 of the key: the key has 256 random bits, so a plain hash is
    # as safe as a slow password hash and costs one index lookup per request.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so an administrator can tell which key a
    # partner has without anyone storing the key.
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
