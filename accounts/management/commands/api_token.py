"""Give an organiser (or administrator) an API token: ``manage.py api_token USERNAME``.

Prints the token. It lasts until rotated (``--rotate``) or revoked (``--revoke``);
administrators can do the same under "Tokens" in the back office.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print the API token of an organiser or administrator, creating it if needed."

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--rotate", action="store_true", help="Replace the token.")
        action.add_argument("--revoke", action="store_true", help="Delete the token.")

    def handle(self, *args, username: str, rotate: bool, revoke: bool, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user called {username!r}.") from exc
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write("Token revoked." if deleted else "There was no token.")
            return
        # Only staff can organise series; anyone else would get a token that can only read.
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{username!r} is not an active organiser or administrator.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
