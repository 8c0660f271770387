"""factory_boy factories for the domain; realistic Dutch values, relative dates."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone

from accounts.models import User
from events.models import (
    ExhibitionKit,
    ExhibitionStop,
    Meeting,
    MeetingStatus,
    OpeningHours,
    Registration,
    RegistrationStatus,
    Sector,
    Series,
    SeriesKind,
    StopStatus,
)
from venues.models import Province, Venue, VenueClosure, VenueKind


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@comensha.test")
    password = factory.django.Password("correct horse battery staple")


class OrganiserFactory(UserFactory):
    is_staff = True


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Stadhuis {n}")
    slug = factory.Sequence(lambda n: f"venue-{n}")
    kind = VenueKind.TOWN_HALL
    street_address = "Markt 1"
    postal_code = "3511 AA"
    city = "Utrecht"
    municipality = "Utrecht"
    province = Province.UTRECHT
    seats = 120


class VenueClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenueClosure

    venue = factory.SubFactory(VenueFactory)
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + timedelta(days=6))
    reason = "Verbouwing"


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Expertbijeenkomsten {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    kind = SeriesKind.MEETING_SERIES
    is_public = True

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisers.add(*extracted)


class TourFactory(SeriesFactory):
    name = factory.Sequence(lambda n: f"Open je Ogen {n}")
    kind = SeriesKind.EXHIBITION_TOUR


class ExhibitionKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionKit

    series = factory.SubFactory(TourFactory)
    name = factory.Sequence(lambda n: f"Set {n}")
    slug = factory.Sequence(lambda n: f"kit-{n}")
    transport_days = 1


class ExhibitionStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionStop

    kit = factory.SubFactory(ExhibitionKitFactory)
    venue = factory.SubFactory(VenueFactory)
    slug = factory.Sequence(lambda n: f"stop-{n}")
    host_organisation = "Gemeente Utrecht"
    opens_on = factory.LazyFunction(lambda: date.today() + timedelta(days=14))
    closes_on = factory.LazyAttribute(lambda s: s.opens_on + timedelta(days=20))
    setup_on = factory.LazyAttribute(lambda s: s.opens_on - timedelta(days=1))
    teardown_on = factory.LazyAttribute(lambda s: s.closes_on + timedelta(days=1))
    # Derived by the planning service; factories write rows directly, so derive here too.
    occupied_from = factory.LazyAttribute(
        lambda s: s.setup_on - timedelta(days=s.kit.transport_days)
    )
    occupied_until = factory.LazyAttribute(
        lambda s: s.teardown_on + timedelta(days=s.kit.transport_days)
    )
    status = StopStatus.CONFIRMED


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    stop = factory.SubFactory(ExhibitionStopFactory)
    weekday = 0
    opens_at = "09:00"
    closes_at = "17:00"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    series = factory.SubFactory(SeriesFactory)
    title = factory.Sequence(lambda n: f"Expertbijeenkomst geringste aanwijzing {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    venue = factory.SubFactory(VenueFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=3))
    capacity = 20
    status = MeetingStatus.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.org")
    organisation = "GGD Utrecht"
    sector = Sector.MEDICAL
    status = RegistrationStatus.CONFIRMED
    consent_at = factory.LazyFunction(timezone.now)
    waitlisted_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.status == RegistrationStatus.WAITLISTED else None
    )
    cancelled_at = factory.LazyAttribute(
        lambda r: timezone.now() if r.status == RegistrationStatus.CANCELLED else None
    )
