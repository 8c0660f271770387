"""Migrations: they match the models, each app's history is one straight line, and the
PostgreSQL-only guarantees come and go with their migration."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

OUR_APPS = ("accounts", "venues", "events", "notifications")
EXCLUSION_CONSTRAINTS = {
    "exhibitionstop_kit_one_place_at_a_time",
    "exhibitionstop_venue_one_stop_at_a_time",
    "meeting_venue_one_meeting_at_a_time",
}


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """A model change without its migration fails here, not on a deployment."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("app", OUR_APPS)
def test_each_app_has_one_straight_migration_history(app):
    """No merge migrations, no two migrations with one number: 0001, 0002, ... each on the last."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    names = sorted(name for label, name in graph.nodes if label == app)

    assert [int(name[:4]) for name in names] == list(range(1, len(names) + 1))
    assert graph.leaf_nodes(app) == [(app, names[-1])]
    for previous, name in itertools.pairwise(names):
        parents = {parent.key for parent in graph.node_map[(app, name)].parents}
        assert {key for key in parents if key[0] == app} == {(app, previous)}, name


def exclusion_constraints() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'x'")
        return {name for (name,) in cursor.fetchall()} & EXCLUSION_CONSTRAINTS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exclusion_constraints_come_and_go_with_their_migration():
    executor = MigrationExecutor(connection)
    assert exclusion_constraints() == EXCLUSION_CONSTRAINTS

    executor.migrate([("events", "0001_initial")])
    assert exclusion_constraints() == set()

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert exclusion_constraints() == EXCLUSION_CONSTRAINTS
