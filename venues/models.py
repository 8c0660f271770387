from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Fryslân"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class VenueKind(models.TextChoices):
    TOWN_HALL = "town_hall", _("town hall")
    LIBRARY = "library", _("library")
    HOSPITAL = "hospital", _("hospital")
    CONFERENCE_CENTRE = "conference_centre", _("conference centre")
    EDUCATION = "education", _("school or university")
    OTHER = "other", _("other")


class Venue(models.Model):
    """A place that hosts a stop of the exhibition or a meeting."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=VenueKind.choices)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=16)
    city = models.CharField(_("city"), max_length=100)
    municipality = models.CharField(_("municipality"), max_length=100)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["city", "name"]
        indexes = [models.Index(fields=["province", "city"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    # Explicit: a NULL in a comparison would let the CHECK pass.
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="venue_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def get_absolute_url(self) -> str:
        return reverse("venue-detail", kwargs={"slug": self.slug})

    @property
    def address_line(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"


class VenueClosure(models.Model):
    """Days (inclusive) on which a venue cannot host anything."""

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="closures", verbose_name=_("venue")
    )
    starts_on = models.DateField(_("first closed day"))
    ends_on = models.DateField(_("last closed day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("venue closure")
        verbose_name_plural = _("venue closures")
        ordering = ["venue", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="venueclosure_ends_after_start",
                violation_error_message=_("The last closed day cannot be before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name}: {self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"
