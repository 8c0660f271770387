from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an organiser (staff) or an administrator.

    Our own model from the first migration, so that fields can be added later
    without swapping the user model under live data.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
