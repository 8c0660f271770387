"""One kit, one place at a time, guaranteed by PostgreSQL itself.

Exclusion constraints (GiST, hence ``btree_gist`` for the plain ``=`` on the
foreign keys), so that two transactions can never both commit a clash,
whatever code path they take:

- a kit's confirmed stops never share an occupied day (``occupied_from`` to
  ``occupied_until``: setup and teardown widened by the kit's transport days,
  stored on the stop because a constraint sees only its own row);
- a venue's confirmed stops never share a day between setup and teardown;
- a venue's draft and published meetings never overlap in time.

SQLite has no exclusion constraints: there the planning service's checks hold
the rules, and SQLite runs one writing transaction at a time.

The constraints are not part of the model state (``Meta``), so that
``makemigrations`` sees the same models on SQLite and PostgreSQL. Creating the
extension needs a role that may create it (``btree_gist`` is a trusted
extension from PostgreSQL 13 on, so a database owner can).
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField, RangeOperators
from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations
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


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
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
