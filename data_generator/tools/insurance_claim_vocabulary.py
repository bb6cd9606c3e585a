"""Word lists of the ``insurance-claim`` scenario: documents, places, roads and names."""

from __future__ import annotations

#: The supporting document an adjuster asks for, per policy type.
DOCUMENTS = {
    "auto": "repair estimate", "home": "contractor's quote", "health": "medical records",
    "travel": "airline letter", "life": "death certificate", "pet": "veterinary records",
}  # fmt: skip
#: The document an open claim still waits for, per policy type (not one already received).
AWAITED = {
    "auto": "engineer's report", "home": "loss adjuster's report", "health": "specialist's report",
    "travel": "supplier's refund statement", "life": "attending physician's statement",
    "pet": "full clinical history",
}  # fmt: skip
#: How an adjuster's first note says the claim came in.
CHANNEL_PHRASES = {
    "online": "through the online portal", "phone": "by phone", "mobile-app": "in the mobile app",
    "agent": "through an agent", "email": "by e-mail",
}  # fmt: skip
# Streets, towns and insurer name endings of the fictional world.
STREETS = (
    "Oak Street", "Birch Lane", "Harbour Road", "Elm Avenue", "Station Road", "Mill Way",
    "Church Lane", "Victoria Road", "Park Avenue", "Meadow Close", "King Street", "Quarry Lane",
)  # fmt: skip
TOWNS = (
    "Denver", "Toronto", "Leeds", "Perth", "Austin", "Dublin", "Auckland", "Cork", "Calgary",
    "Bristol", "Hobart", "Galway",
)  # fmt: skip
#: Roads where a vehicle incident happens, and the compass points of a distance from a town.
ROADS = ("Route 9", "the ring road", "Highway 12", "the coast road", "the bypass", "Mill Lane")
BEARINGS = ("north", "south", "east", "west")
#: Hospitals and clinics: ``{town} {kind}``.
FACILITY_KINDS = ("General Hospital", "Community Hospital", "Day Surgery Centre", "Medical Centre")
#: Where a travel claim happens, and where a pet or a car is seen.
CITIES = (
    "Lisbon", "Osaka", "Nairobi", "Reykjavik", "Lima", "Hanoi", "Vienna", "Cape Town",
    "Marrakesh", "Bogota", "Seville", "Krakow",
)  # fmt: skip
VEHICLES = ("hatchback", "saloon", "estate car", "SUV", "pickup truck", "minivan", "van")
#: How an incident's date is introduced (``{day}`` is the incident date).
WHEN = ("On {day}", "Early on {day}", "Late on {day}")
#: Where an insured died: (words in the incident, kind of place).
DIED_WHERE = (("at home", "home"), ("in hospital", "hospital"), ("in a hospice", "hospice"))
INSURER_KINDS = ("Insurance", "Mutual", "Assurance", "Underwriters")
#: Fatal accidents: (words in the incident, where: on a road or at an address).
FATAL_ACCIDENTS = (
    ("a road accident", "road"), ("a cycling accident", "road"), ("a fall at work", "address"),
    ("a fall at home", "address"),
)  # fmt: skip
