"""Word lists of the ``travel-booking`` scenario: airports, carriers, hotels, rentals and terms."""

from __future__ import annotations

import random

#: The airports a booking of each region may use: IATA code -> city.
AIRPORTS: dict[str, dict[str, str]] = {
    "europe": {
        "LIS": "Lisbon", "MAD": "Madrid", "BCN": "Barcelona", "CDG": "Paris",
        "AMS": "Amsterdam", "FRA": "Frankfurt", "MUC": "Munich", "FCO": "Rome",
        "VIE": "Vienna", "CPH": "Copenhagen", "DUB": "Dublin", "ATH": "Athens",
        "WAW": "Warsaw", "PRG": "Prague",
    },
    "north-america": {
        "JFK": "New York", "LAX": "Los Angeles", "ORD": "Chicago", "ATL": "Atlanta",
        "DFW": "Dallas", "DEN": "Denver", "SEA": "Seattle", "SFO": "San Francisco",
        "MIA": "Miami", "BOS": "Boston", "YYZ": "Toronto", "YVR": "Vancouver",
        "MEX": "Mexico City",
    },
    "south-america": {
        "GRU": "Sao Paulo", "GIG": "Rio de Janeiro", "EZE": "Buenos Aires", "SCL": "Santiago",
        "LIM": "Lima", "BOG": "Bogota", "UIO": "Quito", "MVD": "Montevideo", "CUZ": "Cusco",
        "ASU": "Asuncion",
    },
    "asia": {
        "NRT": "Tokyo", "ICN": "Seoul", "PEK": "Beijing", "PVG": "Shanghai",
        "HKG": "Hong Kong", "SIN": "Singapore", "BKK": "Bangkok", "KUL": "Kuala Lumpur",
        "DEL": "Delhi", "BOM": "Mumbai", "MNL": "Manila", "CGK": "Jakarta", "HAN": "Hanoi",
        "TPE": "Taipei",
    },
    "africa": {
        "JNB": "Johannesburg", "CPT": "Cape Town", "NBO": "Nairobi", "ADD": "Addis Ababa",
        "LOS": "Lagos", "ACC": "Accra", "CAI": "Cairo", "CMN": "Casablanca",
        "DAR": "Dar es Salaam", "KGL": "Kigali", "DSS": "Dakar", "ZNZ": "Zanzibar",
    },
    "oceania": {
        "SYD": "Sydney", "MEL": "Melbourne", "BNE": "Brisbane", "PER": "Perth",
        "ADL": "Adelaide", "CNS": "Cairns", "AKL": "Auckland", "CHC": "Christchurch",
        "WLG": "Wellington", "ZQN": "Queenstown", "NAN": "Nadi", "PPT": "Papeete",
    },
    "middle-east": {
        "DXB": "Dubai", "AUH": "Abu Dhabi", "DOH": "Doha", "RUH": "Riyadh", "JED": "Jeddah",
        "AMM": "Amman", "MCT": "Muscat", "BAH": "Manama", "KWI": "Kuwait City",
        "TLV": "Tel Aviv", "BEY": "Beirut",
    },
}  # fmt: skip
AIRPORT_CODES = {region: tuple(airports) for region, airports in AIRPORTS.items()}
CITY_OF = {code: city for airports in AIRPORTS.values() for code, city in airports.items()}
ROOMS: dict[str, tuple[str, ...]] = {
    "business": ("single", "double"), "leisure": ("double", "twin", "suite"),
    "family": ("family", "suite"), "group": ("twin", "family", "dormitory"),
    "honeymoon": ("suite", "double"), "backpacking": ("dormitory", "twin", "double"),
}  # fmt: skip
CARS: dict[str, tuple[str, ...]] = {
    "business": ("midsize", "premium"), "leisure": ("economy", "compact", "midsize"),
    "family": ("suv", "minivan"), "group": ("minivan",),
    "honeymoon": ("compact", "premium"), "backpacking": ("economy", "compact"),
}  # fmt: skip
CURRENCIES: dict[str, tuple[str, ...]] = {
    "europe": ("EUR", "EUR", "GBP", "CHF"), "north-america": ("USD", "USD", "CAD"),
    "south-america": ("USD", "BRL"), "asia": ("USD", "SGD", "JPY"), "africa": ("USD", "ZAR"),
    "oceania": ("AUD", "NZD"), "middle-east": ("USD", "AED"),
}  # fmt: skip
CARRIERS = {
    "AU": "Aurora Air", "BW": "Bluewing Airways", "CQ": "Coastline Airlines",
    "MQ": "Meridian Air", "NJ": "Northjet", "SX": "Skyroute Express", "TW": "Tailwind Air",
    "ZV": "Zenith Airways", "PQ": "Pacific Crest Air", "LK": "Lark Regional",
}  # fmt: skip
HOTEL_WORDS = ("Harbour View", "Old Town", "Cedar Court", "Riverside", "Grand Meridian",
               "Blue Lantern", "Sunset Palms", "Granite House", "Lighthouse", "Maple Garden",
               "Silver Fern", "Olive Grove", "Amber Gate", "Northstar")  # fmt: skip
HOTEL_KINDS = ("Hotel", "Inn", "Suites", "Lodge", "Residence", "Boutique Hotel")
HOSTEL_KINDS = ("Hostel", "Guesthouse", "Backpackers")
CAR_COMPANIES = ("Roadrunner Rentals", "Wayfarer Car Hire", "Citylink Drive",
                 "Sunrise Auto Rental", "Compass Cars", "Greenmile Rentals")  # fmt: skip
#: Units of each currency per euro, so offline prices look plausible in any currency.
PER_EURO = {
    "EUR": 1.0, "GBP": 0.85, "CHF": 0.95, "USD": 1.1, "CAD": 1.5, "BRL": 5.5, "SGD": 1.45,
    "JPY": 160.0, "ZAR": 20.0, "AUD": 1.65, "NZD": 1.8, "AED": 4.0,
}  # fmt: skip
ROOM_NAMES = {
    "single": "single room", "double": "double room", "twin": "twin room",
    "family": "family room", "suite": "suite", "dormitory": "dormitory bed",
}  # fmt: skip
CABIN_NAMES = {
    "economy": "economy", "premium-economy": "premium economy", "business": "business class",
    "first": "first class",
}  # fmt: skip


def hotel_name(rng: random.Random, city: str, *, hostel: bool) -> str:
    """A hotel (or hostel) name: ``Harbour View Hotel``, ``Lisbon Old Town Inn``."""
    word = HOTEL_WORDS[int(rng.random() * len(HOTEL_WORDS))]
    kinds = HOSTEL_KINDS if hostel else HOTEL_KINDS
    kind = kinds[int(rng.random() * len(kinds))]
    shape = rng.random()
    if shape < 0.3:
        return f"{city} {word} {kind}"
    if shape < 0.45 and kind in ("Hotel", "Hostel"):
        return f"{kind} {word} {city}"
    return f"{word} {kind}"
