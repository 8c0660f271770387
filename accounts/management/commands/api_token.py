"""Give an organiser (or administrator) an API token: ``manage.py api_token USERNAME``.

Prints the new key once: only its digest is stored, so it cannot be shown
again. Asking again for a user who has one says so; ``--rotate`` makes a new
one (the old stops working), ``--revoke`` ends it. Administrators can do the
same under "API tokens" in the back office.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import tokens
from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Make an API token for an organiser or administrator and print its key once."

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
            revoked = tokens.revoke_api_token(user=user)
            self.stdout.write("Token revoked." if revoked else "There was no token.")
            return
        # Only staff can organise series; anyone else would get a token that can only read.
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{username!r} is not an active organiser or administrator.")
        existing = ApiToken.objects.filter(user=user).first()
        if existing and not rotate:
            raise CommandError(
                f"{username!r} already has a token (starting {existing.prefix}); its key is "
                "stored only as a hash and cannot be shown again. Use --rotate for a new one."
            )
        _token, key = tokens.issue_api_token(user=user)
        self.stdout.write(key)
