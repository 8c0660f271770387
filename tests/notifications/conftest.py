"""The owner / other organiser / administrator trio of the events tests, shared here."""

from tests.events.conftest import *  # noqa: F403
