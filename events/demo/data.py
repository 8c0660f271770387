"""The demo's data: the tour, its venues and kits, CoMensha's meetings and who registers.

Plain module-level structures, read by ``seed.py``. Dates are offsets from the
Monday of the current week (``seed_demo`` turns them into days), so the demo
always has a past, a present and a future.

Every person and e-mail address here is fictional; the organisations and
public buildings are real Dutch ones, used as examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo

from venues.models import Province, VenueKind

from ..models import (
    MeetingLanguage,
    MeetingStatus,
    Sector,
    SeriesKind,
    StopStatus,
    Weekday,
)
from ..registrations.services import (
    Attendee,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _email(name: str, domain: str) -> str:
    """A fictional address from a name: "Daan de Vries" -> daan.de.vries@<domain>."""
    return ".".join(name.lower().replace("'", "").split()) + "@" + domain


# --- Logins (local use only) ---------------------------------------------------


@dataclass(frozen=True)
class LoginPlan:
    username: str
    password: str
    email: str
    first_name: str
    last_name: str
    is_superuser: bool
    role: str


ORGANISER = LoginPlan(
    "organisator", "openjeogen-demo", "organisator@example.nl", "Eline", "Verhoef",
    is_superuser=False, role="organiser of all three series (staff, not superuser)",
)  # fmt: skip
ADMINISTRATOR = LoginPlan(
    "beheerder", "openjeogen-beheer", "beheerder@example.nl", "Ruud", "Kamphuis",
    is_superuser=True, role="superuser",
)  # fmt: skip

# --- Venues --------------------------------------------------------------------


@dataclass(frozen=True)
class VenuePlan:
    slug: str
    name: str
    kind: str
    street_address: str
    postal_code: str
    city: str
    province: str
    latitude: str
    longitude: str
    contact_name: str
    accessibility_notes: str
    seats: int | None = None
    municipality: str = ""  # when it differs from the city

    @property
    def contact_email(self) -> str:
        return _email(self.contact_name, "example.nl")


TOWN_HALL, LIBRARY, HOSPITAL = VenueKind.TOWN_HALL, VenueKind.LIBRARY, VenueKind.HOSPITAL
LIFT_AND_TOILET = "Lift naar alle verdiepingen en een invalidentoilet op de begane grond."

VENUES: list[VenuePlan] = [
    VenuePlan("stadhuis-zwolle", "Stadhuis Zwolle", TOWN_HALL,
              "Grote Kerkplein 15", "8011 PK", "Zwolle", Province.OVERIJSSEL,
              "52.512180", "6.092830", "Marloes Wessels",
              f"Drempelvrije ingang aan het Grote Kerkplein. {LIFT_AND_TOILET}", seats=80),
    VenuePlan("bibliotheek-rotterdam", "Centrale Bibliotheek Rotterdam", LIBRARY,
              "Hoogstraat 110", "3011 PV", "Rotterdam", Province.ZUID_HOLLAND,
              "51.922050", "4.489640", "Jasper Kooiman",
              "Drempelvrije ingang, roltrappen en liften; ringleiding bij de informatiebalie; "
              "invalidentoilet op elke verdieping.", seats=150),
    VenuePlan("stadhuis-groningen", "Stadhuis Groningen", TOWN_HALL,
              "Grote Markt 1", "9712 HN", "Groningen", Province.GRONINGEN,
              "53.218860", "6.568140", "Wietske Boersma",
              f"Ingang voor rolstoelen via de Waagstraat (bel aan). {LIFT_AND_TOILET}", seats=60),
    VenuePlan("bibliotheek-lochal-tilburg", "Bibliotheek LocHal", LIBRARY,
              "Burgemeester Brokxlaan 1000", "5041 SG", "Tilburg", Province.NOORD_BRABANT,
              "51.560480", "5.083370", "Bas Verhagen",
              "Gelijkvloerse ingang; naast de tribunetrap een lift; invalidentoilet op de "
              "begane grond.", seats=200),
    VenuePlan("stadhuis-middelburg", "Stadhuis Middelburg", TOWN_HALL,
              "Markt 1", "4331 LK", "Middelburg", Province.ZEELAND,
              "51.498780", "3.610380", "Corine Dekker",
              "Monumentaal pand: hellingbaan aan de Noordstraat; de tentoonstelling staat in de "
              "gelijkvloerse burgerzaal.", seats=50),
    VenuePlan("bibliotheek-centre-ceramique", "Bibliotheek Centre Céramique", LIBRARY,
              "Avenue Céramique 50", "6221 KV", "Maastricht", Province.LIMBURG,
              "50.844410", "5.701390", "Luc Habets",
              "Drempelvrij, liften bij de hoofdingang; rolstoel te leen bij de balie.", seats=120),
    VenuePlan("stadhuis-leiden", "Stadhuis Leiden", TOWN_HALL,
              "Stadhuisplein 1", "2311 EJ", "Leiden", Province.ZUID_HOLLAND,
              "52.158330", "4.493050", "Femke Zwart",
              f"Toegankelijke ingang aan het Stadhuisplein. {LIFT_AND_TOILET}"),
    VenuePlan("gemeentehuis-heerenveen", "Gemeentehuis Heerenveen", TOWN_HALL,
              "Crackstraat 2", "8441 ES", "Heerenveen", Province.FRIESLAND,
              "52.959310", "5.924030", "Sjoerd Hiemstra",
              f"Automatische deuren en een gelijkvloerse hal. {LIFT_AND_TOILET}"),
    VenuePlan("stadhuis-almere", "Stadhuis Almere", TOWN_HALL,
              "Stadhuisplein 1", "1315 HR", "Almere", Province.FLEVOLAND,
              "52.370810", "5.218630", "Naima Ouali",
              "Volledig drempelvrij; gehandicaptenparkeerplaatsen in de garage onder het "
              "stadhuis.", seats=100),
    VenuePlan("ziekenhuis-amstelland", "Ziekenhuis Amstelland", HOSPITAL,
              "Laan van de Helende Meesters 8", "1186 AM", "Amstelveen", Province.NOORD_HOLLAND,
              "52.296420", "4.859360", "Gerda Mol",
              "De tentoonstelling staat in de centrale hal; rolstoelen bij de hoofdingang; de "
              "vergaderzalen op de eerste verdieping zijn met de lift bereikbaar.", seats=40),
    VenuePlan("bibliotheek-rozet-arnhem", "Bibliotheek Rozet", LIBRARY,
              "Kortestraat 16", "6811 EP", "Arnhem", Province.GELDERLAND,
              "51.983010", "5.910440", "Thomas Lubbers",
              "Drempelvrije ingang aan het Rozetplein; liften naar alle verdiepingen; "
              "ringleiding in de zalen.", seats=90),
    VenuePlan("gemeentehuis-emmen", "Gemeentehuis Emmen", TOWN_HALL,
              "Raadhuisplein 1", "7811 AP", "Emmen", Province.DRENTHE,
              "52.784620", "6.897650", "Harm Lanting",
              f"Gelijkvloerse publiekshal. {LIFT_AND_TOILET}"),
    VenuePlan("stadhuis-den-bosch", "Stadhuis 's-Hertogenbosch", TOWN_HALL,
              "Markt 1", "5211 JV", "'s-Hertogenbosch", Province.NOORD_BRABANT,
              "51.688540", "5.304120", "Ilse van Oers",
              "Ingang voor rolstoelen via de Hinthamerstraat; de tentoonstelling staat in de "
              "gelijkvloerse Burgerzaal."),
    VenuePlan("bibliotheek-neude-utrecht", "Bibliotheek Neude", LIBRARY,
              "Neude 11", "3512 AE", "Utrecht", Province.UTRECHT,
              "52.092770", "5.118900", "Joost Ravensberg",
              f"Voormalig postkantoor: hellingbaan naast de hoofdingang. {LIFT_AND_TOILET}",
              seats=70),
    VenuePlan("jaarbeurs-utrecht", "Jaarbeurs Meeting Center", VenueKind.CONFERENCE_CENTRE,
              "Jaarbeursplein 6", "3521 AL", "Utrecht", Province.UTRECHT,
              "52.087390", "5.106520", "Annemiek Stam",
              "Op vijf minuten lopen van Utrecht Centraal; volledig drempelvrij; ringleiding in "
              "alle zalen.", seats=120),
]  # fmt: skip

CLOSURES = [
    # The Rotterdam library renovates its exhibition space after its stop.
    ("bibliotheek-rotterdam", "Verbouwing van de tentoonstellingsruimte", 6, 7),
]

# --- Series and exhibition kits ------------------------------------------------

TOUR, EXPERT_MEETINGS, CARE = "open-je-ogen", "geringste-aanwijzing", "signalen-in-de-zorg"

SERIES = [
    dict(
        slug=TOUR,
        name="Open je Ogen",
        kind=SeriesKind.EXHIBITION_TOUR,
        description=(
            "De rondreizende fototentoonstelling 'Open je Ogen' van CoMensha laat zien dat "
            "mensenhandel ook in Nederland gebeurt, dichtbij. Portretten en verhalen, zoals dat "
            "van Kim: 'Ik stond onder druk van bedreigingen en mijn gevoel van schaamte was "
            "groot.' De tentoonstelling draagt bij aan meer bewustwording van mensenhandel bij "
            "gemeenten en het publiek."
        ),
    ),
    dict(
        slug=EXPERT_MEETINGS,
        name="Geringste aanwijzing",
        kind=SeriesKind.MEETING_SERIES,
        description=(
            "Expertbijeenkomsten over de 'geringste aanwijzing': de norm dat de politie bij de "
            "geringste aanwijzing van mensenhandel een mogelijk slachtoffer moet registreren. "
            "Daarover was en is veel onduidelijkheid. De tiende rapportage van de Nationaal "
            "Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen onderzocht het zicht op "
            "buitenlandse slachtoffers en de hantering van de 'geringste aanwijzing'."
        ),
    ),
    dict(
        slug=CARE,
        name="Signalen van mensenhandel in de zorg",
        kind=SeriesKind.MEETING_SERIES,
        description=(
            "Hoe pakken medische professionals signalen van mensenhandel op? CoMensha "
            "onderzoekt hoe de medische sector met het thema omgaat, aanvullend op het onderzoek "
            "'Zicht op mensenhandel bij medische professionals' van de Nationaal Rapporteur. Doel: "
            "meer bewustwording, meer signalering en meer meldingen door zorgprofessionals."
        ),
    ),
]

SET_A, SET_B = "open-je-ogen-set-a", "open-je-ogen-set-b"

KITS = [
    dict(slug=SET_A, name="Set A", panel_count=24, transport_days=1,
         description="Volledige set: 24 panelen met portretten en verhalen, vrijstaand."),
    dict(slug=SET_B, name="Set B", panel_count=16, transport_days=2,
         description="Compacte set: 16 panelen voor kleinere hallen; vervoer met een bestelbus."),
]  # fmt: skip

# --- Tour stops ----------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    weekdays: tuple[int, ...]
    opens_at: time
    closes_at: time


MON, TUE, WED, THU, FRI, SAT, SUN = Weekday.values
TOWN_HALL_HOURS = (
    Hours((MON, TUE, WED, THU, FRI), time(8, 30), time(17, 0)),
    Hours((THU,), time(18, 0), time(20, 0)),  # late opening for the council's public evening
)
LIBRARY_HOURS = (
    Hours((MON, TUE, WED, FRI), time(10, 0), time(18, 0)),
    Hours((THU,), time(10, 0), time(20, 0)),
    Hours((SAT,), time(10, 0), time(16, 0)),
)
HOSPITAL_HOURS = (Hours((MON, TUE, WED, THU, FRI, SAT, SUN), time(8, 0), time(20, 0)),)


@dataclass(frozen=True)
class StopPlan:
    """A stay of ``weeks`` weeks from week ``first_week`` (0 is the current week).

    Set up on that Monday, open Tuesday, close on the Thursday of the last
    week and taken down on the Friday. Every kit leaves a free week between
    two stops, well over its transport days.
    """

    kit: str
    venue: str
    first_week: int
    weeks: int
    status: str
    host_organisation: str
    hours: tuple[Hours, ...]
    description: str = ""
    internal_notes: str = ""

    @property
    def slug(self) -> str:
        return f"{self.kit}-{self.venue}"


CONF, OPT, DRAFT = StopStatus.CONFIRMED, StopStatus.OPTION, StopStatus.DRAFT
HALL = "De tentoonstelling staat in de publiekshal en is gratis te bezoeken."
READING_ROOM = "Te zien op de begane grond van de bibliotheek, gratis toegankelijk."

STOPS: list[StopPlan] = [
    StopPlan(SET_A, "stadhuis-zwolle", -12, 4, CONF, "Gemeente Zwolle", TOWN_HALL_HOURS, HALL,
             "Laden en lossen via de dienstingang aan de Voorstraat."),
    StopPlan(SET_A, "bibliotheek-rotterdam", -7, 4, CONF, "Bibliotheek Rotterdam", LIBRARY_HOURS,
             READING_ROOM, "Opbouw voor 10:00, dan gaat de bibliotheek open."),
    StopPlan(SET_A, "stadhuis-groningen", -2, 4, CONF, "Gemeente Groningen", TOWN_HALL_HOURS,
             HALL + " Op donderdagavond rondleiding door de zorgcoördinator mensenhandel.",
             "Sleutel van de Burgerzaal bij de bodes."),
    StopPlan(SET_A, "bibliotheek-lochal-tilburg", 3, 4, CONF, "Bibliotheek Midden-Brabant",
             LIBRARY_HOURS, READING_ROOM),
    StopPlan(SET_A, "stadhuis-middelburg", 8, 5, CONF, "Gemeente Middelburg", TOWN_HALL_HOURS, HALL,
             "Smalle deur: panelen één voor één naar binnen."),
    StopPlan(SET_A, "bibliotheek-centre-ceramique", 14, 4, OPT, "Centre Céramique",
             LIBRARY_HOURS, READING_ROOM, "Optie tot de begroting van de bibliotheek rond is."),
    StopPlan(SET_A, "stadhuis-leiden", 26, 4, DRAFT, "Gemeente Leiden", TOWN_HALL_HOURS, HALL,
             "Eerste gesprek gevoerd; datum nog niet voorgelegd."),
    StopPlan(SET_B, "gemeentehuis-heerenveen", -11, 4, CONF, "Gemeente Heerenveen",
             TOWN_HALL_HOURS, HALL),
    StopPlan(SET_B, "stadhuis-almere", -6, 4, CONF, "Gemeente Almere", TOWN_HALL_HOURS, HALL),
    StopPlan(SET_B, "ziekenhuis-amstelland", -1, 5, CONF, "Ziekenhuis Amstelland", HOSPITAL_HOURS,
             "In de centrale hal van het ziekenhuis, voor patiënten, bezoekers en personeel. "
             "Tijdens de stop is er een bijeenkomst over signalen van mensenhandel in de zorg.",
             "Afstemmen met de afdeling Communicatie; panelen niet voor de nooduitgang."),
    StopPlan(SET_B, "bibliotheek-rozet-arnhem", 5, 4, CONF, "Bibliotheek Arnhem", LIBRARY_HOURS,
             READING_ROOM),
    StopPlan(SET_B, "gemeentehuis-emmen", 10, 5, CONF, "Gemeente Emmen", TOWN_HALL_HOURS, HALL),
    StopPlan(SET_B, "stadhuis-den-bosch", 16, 4, OPT, "Gemeente 's-Hertogenbosch",
             TOWN_HALL_HOURS, HALL, "Gemeente beslist na de raadsvergadering."),
    StopPlan(SET_B, "bibliotheek-neude-utrecht", 34, 4, CONF, "Bibliotheek Utrecht", LIBRARY_HOURS,
             READING_ROOM, "Ruim vooruit vastgelegd; opbouw via de achteringang."),
]  # fmt: skip

# --- Meetings ------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingPlan:
    series: str
    slug: str
    title: str
    week: int  # 0 is the current week
    weekday: int
    starts: time  # Europe/Amsterdam wall-clock time
    ends: time
    capacity: int
    audience: str
    description: str
    venue: str | None = None
    online_url: str = ""
    language: str = MeetingLanguage.DUTCH
    status: str = MeetingStatus.PUBLISHED


NATIONAL_MEETING = "landelijke-expertbijeenkomst-geringste-aanwijzing"
FOLLOW_UP = "vervolgbijeenkomst-geringste-aanwijzing"
CARE_MEETING = "signalen-van-mensenhandel-voor-medische-professionals"
ER_WORKSHOP = "workshop-signalen-op-de-spoedeisende-hulp"
ONLINE_EN = "recognising-signs-of-trafficking-in-healthcare-online"
GP_DRAFT = "signalen-van-mensenhandel-in-de-huisartsenpraktijk"
CHAIN = "politie, gemeenten, zorgcoördinatoren, opvang en hulpverlening, IND, OM"
MEDICAL = "artsen, verpleegkundigen, SEH-personeel"

MEETINGS: list[MeetingPlan] = [
    MeetingPlan(
        EXPERT_MEETINGS, NATIONAL_MEETING, "Landelijke expertbijeenkomst 'geringste aanwijzing'",
        -8, THU, time(13, 30), time(17, 0), 80, CHAIN,
        "De eerste landelijke expertbijeenkomst over de 'geringste aanwijzing'. Wanneer moet "
        "de politie een mogelijk slachtoffer van mensenhandel registreren? Over die norm "
        "bestaat veel onduidelijkheid, zeker bij buitenlandse slachtoffers. Met casussen uit "
        "de praktijk en een gesprek tussen politie, gemeenten en opvang.",
        venue="jaarbeurs-utrecht",
    ),
    MeetingPlan(
        EXPERT_MEETINGS, FOLLOW_UP, "Vervolgbijeenkomst geringste aanwijzing",
        9, THU, time(13, 30), time(17, 0), 60, CHAIN,
        "Vervolg op de landelijke expertbijeenkomst. We bespreken de tiende rapportage van de "
        "Nationaal Rapporteur Mensenhandel en Seksueel Geweld tegen Kinderen, met het "
        "onderzoek 'Zicht op buitenlandse slachtoffers van mensenhandel en hantering van de "
        "geringste aanwijzing', en wat de aanbevelingen betekenen voor de hele keten.",
        venue="jaarbeurs-utrecht",
    ),
    MeetingPlan(
        CARE, CARE_MEETING, "Signalen van mensenhandel voor medische professionals",
        3, TUE, time(13, 30), time(17, 0), 25, MEDICAL,
        "Slachtoffers van mensenhandel komen vaak in de zorg terecht, maar worden zelden "
        "herkend. Welke signalen ziet u op de SEH, in de spreekkamer of op de verloskamer, en "
        "wat doet u ermee? Met casuïstiek, de meldroute en een rondleiding langs de "
        "tentoonstelling 'Open je Ogen' in de centrale hal.",
        venue="ziekenhuis-amstelland",
    ),
    MeetingPlan(
        CARE, ER_WORKSHOP, "Workshop: signalen op de Spoedeisende Hulp",
        5, WED, time(19, 0), time(21, 30), 12, "SEH-artsen, SEH-verpleegkundigen, ambulancezorg",
        "Praktische avondworkshop in een kleine groep: gesprekstechniek, wanneer u Veilig "
        "Thuis of de politie inschakelt, en hoe u een mogelijk slachtoffer aanmeldt.",
        venue="ziekenhuis-amstelland",
    ),
    MeetingPlan(
        CARE, ONLINE_EN, "Recognising signs of human trafficking in healthcare (online)",
        6, THU, time(15, 0), time(16, 30), 100, "doctors, nurses, emergency department staff",
        "An online session in English for healthcare professionals who work with patients "
        "who do not speak Dutch. What signs of human trafficking can you spot during a "
        "consultation, and how do you report them in the Netherlands?",
        online_url="https://meet.example.org/comensha/signs-in-healthcare",
        language=MeetingLanguage.ENGLISH,
    ),
    MeetingPlan(
        CARE, GP_DRAFT, "Signalen van mensenhandel in de huisartsenpraktijk",
        16, TUE, time(9, 30), time(12, 30), 40,
        "huisartsen, praktijkondersteuners, doktersassistenten",
        "In voorbereiding: een ochtend voor de eerste lijn, samen met de GGD.",
        venue="jaarbeurs-utrecht", status=MeetingStatus.DRAFT,
    ),
]  # fmt: skip

# --- Registrations -------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    organisation: str
    sector: str
    domain: str = "example.org"
    remarks: str = ""
    language: str = "nl"

    @property
    def email(self) -> str:
        return _email(self.name, self.domain)

    def attendee(self) -> Attendee:
        return Attendee(
            name=self.name,
            email=self.email,
            sector=self.sector,
            organisation=self.organisation,
            remarks=self.remarks,
            language=self.language,
        )


MED, GEM, POL, OPV, OVR = (
    Sector.MEDICAL, Sector.MUNICIPALITY, Sector.POLICE, Sector.CARE_SHELTER, Sector.OTHER,
)  # fmt: skip
AMSTELLAND = "Ziekenhuis Amstelland"

P = Person
CARE_MEETING_PEOPLE = (  # 23 of 25 seats: nearly full
    P("Anouk Jansen", AMSTELLAND, MED),
    P("Daan de Vries", AMSTELLAND, MED),
    P("Fatima El Amrani", "Huisartsenpraktijk Westwijk", MED),
    P("Sanne Bakker", "GGD Amsterdam", MED),
    P("Jeroen Visser", "GGD Amsterdam", MED),
    P("Lotte Mulder", "Verloskundigenpraktijk De Wieg", MED),
    P("Mehmet Yilmaz", AMSTELLAND, MED),
    P("Eva Smit", "Huisartsenpost Amstelland", MED),
    P("Thijs Meijer", AMSTELLAND, MED, remarks="Vegetarisch."),
    P("Noor Hendriks", "GGD Hollands Midden", MED),
    P("Bram van Dijk", "Forensisch Medisch Centrum", MED),
    P("Iris de Boer", AMSTELLAND, MED),
    P("Sophie Dekker", "Veilig Thuis Amsterdam-Amstelland", OPV),
    P("Ruben van Leeuwen", "Spoedpost Zuid", MED),
    P("Femke Brouwer", "Huisartsenpraktijk Westwijk", MED),
    P("Yusuf Bouzid", "GGD Amsterdam", MED),
    P("Maud de Graaf", AMSTELLAND, MED),
    P("Lars Kok", "Huisartsenpost Amstelland", MED),
    P("Julia Vermeulen", "Verloskundigenpraktijk De Wieg", MED),
    P("Koen van den Berg", AMSTELLAND, MED, remarks="Ik gebruik een rolstoel."),
    P("Esther Peters", "Gemeente Amstelveen", GEM, domain="example.nl"),
    P("Milan Jacobs", "Forensisch Medisch Centrum", MED),
    P("Hanneke Willems", "GGD Hollands Midden", MED),
)
ER_WORKSHOP_PEOPLE = (  # 12 seats: the last three wait
    P("Tim Bos", AMSTELLAND, MED),
    P("Linda van der Meer", AMSTELLAND, MED),
    P("Anouk Jansen", AMSTELLAND, MED),
    P("Samira Haddou", "Spoedpost Zuid", MED),
    P("Wouter Schouten", "Ambulancezorg Amstelland", MED),
    P("Marloes Prins", AMSTELLAND, MED),
    P("Rick Hoekstra", "Spoedpost Zuid", MED),
    P("Nadia Aksoy", AMSTELLAND, MED),
    P("Joost van Wijk", "Ambulancezorg Amstelland", MED),
    P("Charlotte Kuiper", AMSTELLAND, MED),
    P("Stefan Post", "Huisartsenpost Amstelland", MED),
    P("Ilse Koster", AMSTELLAND, MED),
    P("Dirk Huisman", "Spoedpost Zuid", MED),
    P("Emma Claassen", AMSTELLAND, MED),
    P("Ahmed Benali", "Ambulancezorg Amstelland", MED),
)
CHAIN_PEOPLE = (
    P("Marieke van Rijn", "Politie eenheid Oost-Nederland", POL, domain="example.nl"),
    P("Pieter Smit", "Politie eenheid Rotterdam", POL, domain="example.nl"),
    P("Yvonne de Wit", "Gemeente Utrecht", GEM, domain="example.nl"),
    P("Karin Vos", "Fier", OPV),
    P("Ahmed El Idrissi", "Koninklijke Marechaussee", POL, domain="example.nl"),
    P("Ingrid Timmermans", "Veilig Thuis Rotterdam Rijnmond", OPV),
    P("Hans Bosman", "Openbaar Ministerie", OVR, domain="example.nl"),
    P("Saskia Verbeek", "Gemeente Eindhoven", GEM, domain="example.nl"),
    P("Gerard Hofman", "Politie eenheid Noord-Nederland", POL, domain="example.nl"),
    P("Nicole Maas", "Immigratie- en Naturalisatiedienst", OVR, domain="example.nl"),
    P("Tom Evers", "Gemeente Groningen", GEM, domain="example.nl"),
)
ONLINE_PEOPLE = (
    P("Lisa Groen", "GGD Haaglanden", MED, language="en"),
    P("Emre Kaya", AMSTELLAND, MED, language="en"),
    P("Annelies Schipper", "Fier", OPV, language="en", remarks="Graag de slides achteraf."),
    P("Joris Dijkstra", "GGD Fryslân", MED),
)

# Meeting slug -> people in the order they registered.
REGISTRATIONS: dict[str, tuple[Person, ...]] = {
    NATIONAL_MEETING: CHAIN_PEOPLE[:8],
    FOLLOW_UP: (*CHAIN_PEOPLE[0:1], *CHAIN_PEOPLE[2:4], *CHAIN_PEOPLE[8:]),
    CARE_MEETING: CARE_MEETING_PEOPLE,
    ER_WORKSHOP: ER_WORKSHOP_PEOPLE,
    ONLINE_EN: ONLINE_PEOPLE,
}
# (meeting slug, e-mail) of registrations that were cancelled.
CANCELLATIONS = {(NATIONAL_MEETING, CHAIN_PEOPLE[1].email)}
