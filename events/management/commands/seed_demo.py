"""``manage.py seed_demo``: load the demo data of ``events.demo``; a thin adapter."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Load realistic Dutch demo data: the 'Open je Ogen' tour (two kits, a year of stops "
        "around today), venues and CoMensha's expert meetings with registrations, plus two "
        "logins for local use only. Safe to run again: demo rows are updated in place, "
        "nothing is created twice and nothing is deleted. The logins get their demo password "
        "only when they are created; an existing account keeps its password and rights."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Seed as if this local date (YYYY-MM-DD) were today. Default: today.",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        try:
            summary = seed_demo(today=today)
        except ValidationError as exc:
            # E.g. an organiser's own stop now takes a demo stop's dates; one transaction,
            # so nothing was written.
            raise CommandError(f"Demo data not loaded, nothing was changed: {exc}") from exc

        write = self.stdout.write
        write(self.style.SUCCESS(f"Demo data ready for {summary.today:%Y-%m-%d}."))
        write(f"  venues:           {summary.venues}")
        write(f"  exhibition stops: {summary.stops} ({summary.kits} kits)")
        write(f"  meetings:         {summary.meetings}")
        write(f"  registrations:    {summary.registrations}")
        write(f"  rows added now:   {summary.created}")
        for refusal in summary.refused:
            write(self.style.WARNING(f"  not registered: {refusal}"))
        write("Demo logins, for local use only (never on a shared or public server):")
        for login in summary.logins:
            note = "" if login.created else " (existing account: password and rights not reset)"
            write(f"  {login.username} / {login.password}  - {login.role}{note}")
