"""One kit, one place at a time: the stop's occupied days, and the database's guarantee.

1. ``occupied_from`` / ``occupied_until`` on a stop: setup minus the kit's
   transport days, teardown plus them. Stored because an exclusion constraint
   can only look at its own row; filled here for existing stops, kept by
   ``events.planning`` afterwards.
2. On PostgreSQL, exclusion constraints (GiST, hence ``btree_gist`` for the
   plain ``=`` on the foreign keys) so that two transactions can never both
   commit a clash, whatever code path they take:
   - a kit's confirmed stops never share an occupied day;
   - a venue's confirmed stops never share a day between setup and teardown;
   - a venue's draft and published meetings never overlap in time.
   SQLite has no exclusion constraints: there the planning service's checks
   hold the rules, and SQLite runs one writing transaction at a time.

The exclusion constraints are not part of the model state (``Meta``), so that
``makemigrations`` sees the same models on SQLite and PostgreSQL. Creating the
extension needs a role that may create it (``btree_gist`` is a trusted
extension from PostgreSQL 13 on, so a database owner can). On a database that
already holds clashing confirmed stops, this migration stops with an
IntegrityError: resolve the clash first.
"""

from datetime import timedelta

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations, models
from django.db.migrations.operations.base import Operation
from django.db.models import Func, Q, Value


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class TimestampRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class OnPostgreSQLOnly(Operation):
    """Run ``operation`` against PostgreSQL only, and leave the model state alone."""

    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"


def fill_occupied_days(apps, schema_editor):
    ExhibitionStop = apps.get_model("events", "ExhibitionStop")
    for stop in ExhibitionStop.objects.select_related("kit").only(
        "setup_on", "teardown_on", "kit__transport_days"
    ):
        transport = timedelta(days=stop.kit.transport_days)
        ExhibitionStop.objects.filter(pk=stop.pk).update(
            occupied_from=stop.setup_on - transport, occupied_until=stop.teardown_on + transport
        )


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="exhibitionstop",
            name="occupied_from",
            field=models.DateField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="exhibitionstop",
            name="occupied_until",
            field=models.DateField(null=True, editable=False),
        ),
        migrations.RunPython(fill_occupied_days, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="exhibitionstop",
            name="occupied_from",
            field=models.DateField(
                editable=False,
                help_text="Setup day minus the kit's transport days; kept by the planning service.",
                verbose_name="kit occupied from",
            ),
        ),
        migrations.AlterField(
            model_name="exhibitionstop",
            name="occupied_until",
            field=models.DateField(
                editable=False,
                help_text="Teardown day plus the kit's transport days; kept by the planning service.",
                verbose_name="kit occupied until",
            ),
        ),
        migrations.AddConstraint(
            model_name="exhibitionstop",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("occupied_from__lte", models.F("setup_on")),
                    ("occupied_until__gte", models.F("teardown_on")),
                ),
                name="exhibitionstop_occupancy_covers_stay",
                violation_error_message="The kit's occupancy must cover setup to teardown.",
            ),
        ),
        # Django's CreateExtension skips other databases going forwards, not backwards.
        OnPostgreSQLOnly(BtreeGistExtension()),
        OnPostgreSQLOnly(
            migrations.AddConstraint(
                model_name="exhibitionstop",
                constraint=ExclusionConstraint(
                    name="exhibitionstop_kit_one_place_at_a_time",
                    expressions=[
                        ("kit", RangeOperators.EQUAL),
                        (
                            DateRange("occupied_from", "occupied_until", Value("[]")),
                            RangeOperators.OVERLAPS,
                        ),
                    ],
                    condition=Q(status="confirmed"),
                ),
            )
        ),
        OnPostgreSQLOnly(
            migrations.AddConstraint(
                model_name="exhibitionstop",
                constraint=ExclusionConstraint(
                    name="exhibitionstop_venue_one_stop_at_a_time",
                    expressions=[
                        ("venue", RangeOperators.EQUAL),
                        (
                            DateRange("setup_on", "teardown_on", Value("[]")),
                            RangeOperators.OVERLAPS,
                        ),
                    ],
                    condition=Q(status="confirmed"),
                ),
            )
        ),
        OnPostgreSQLOnly(
            migrations.AddConstraint(
                model_name="meeting",
                constraint=ExclusionConstraint(
                    name="meeting_venue_one_meeting_at_a_time",
                    expressions=[
                        ("venue", RangeOperators.EQUAL),
                        (
                            TimestampRange("starts_at", "ends_at", Value("[)")),
                            RangeOperators.OVERLAPS,
                        ),
                    ],
                    condition=Q(venue__isnull=False, status__in=["draft", "published"]),
                ),
            )
        ),
    ]
