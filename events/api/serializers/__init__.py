"""Serializers: what the API shows and accepts. Writes are handed to the services.

Fields marked *organisers only* are present for everyone but ``null`` unless the
caller may change that row (an organiser of its series, or an administrator;
for venues any organiser): contact persons, internal notes and meeting links
are not for the public.
"""

from .base import ErrorSerializer
from .planning import (
    MeetingSerializer,
    SeriesSerializer,
    StopSerializer,
    StopStatusSerializer,
    VenueSerializer,
)
from .registrations import (
    OrganiserRegistrationSerializer,
    OwnRegistrationSerializer,
    RegistrationReceiptSerializer,
    RegistrationRequestSerializer,
)

__all__ = [
    "ErrorSerializer",
    "MeetingSerializer",
    "OrganiserRegistrationSerializer",
    "OwnRegistrationSerializer",
    "RegistrationReceiptSerializer",
    "RegistrationRequestSerializer",
    "SeriesSerializer",
    "StopSerializer",
    "StopStatusSerializer",
    "VenueSerializer",
]
