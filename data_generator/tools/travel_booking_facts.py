"""The facts of one ``travel-booking`` draft that its policy and requests name, as strings."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from data_generator import synth
from data_generator.tools import travel_booking_vocabulary as words

__all__ = ["booking_facts", "request_kinds"]

_HOURS = ("24", "48", "72", "168")
_BEFORE = {hours: timedelta(hours=int(hours)) for hours in _HOURS}
_FEES_EUR = (25, 40, 50, 60, 75, 90, 120, 150)


def _money(amount: float, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def _pick(rng: random.Random, values: Any) -> Any:
    return values[int(rng.random() * len(values))]


def booking_facts(rng: random.Random, record: dict[str, Any], stop: str) -> dict[str, str]:
    """What a policy or request may name: deadlines, amounts, people, flights, hotel, car."""
    currency, flights = record["currency"], record["flights"]
    travellers = record["travellers"]
    first = flights[0]
    hours = _pick(rng, _HOURS)
    deadline = first["departure"] - _BEFORE[hours]
    fee = round(_pick(rng, _FEES_EUR) * words.PER_EURO[currency])
    flight = _pick(rng, flights)
    landing = next(f for f in flights if f["to_airport"] == stop)
    adults = [t["name"] for t in travellers if t["type"] == "adult"]
    facts = {
        "hours": hours,
        "deadline": f"{deadline.isoformat(' ', 'minutes')[:16]} UTC",
        "fee": f"{fee} {currency}",
        "months": _pick(rng, ("6", "12", "18", "24")),
        "air_amount": _money(sum(f["fare"] for f in flights), currency),
        "cabin": words.CABIN_NAMES[first["cabin"]],
        "carrier": first["carrier"],
        "route": f"{first['from_airport']}-{stop}",
        "flight": flight["flight_number"],
        "landing": landing["arrival"].isoformat()[11:16],
        "arriving": landing["flight_number"],
        "stop": stop,
        "traveller": _pick(rng, travellers)["name"],
        "lead": travellers[0]["name"],
        "second": adults[1] if len(adults) > 1 else travellers[-1]["name"],
        "party": str(len(travellers)),
        "child": next((t["name"] for t in travellers if t["type"] == "child"), ""),
        "infant": next((t["name"] for t in travellers if t["type"] == "infant"), ""),
        "airport": (airport := _pick(rng, (first["from_airport"], stop))),
        "city": words.CITY_OF[airport],
        "late_hour": _pick(rng, ("13:00", "14:00", "15:00", "16:00", "18:00")),
    }
    if record["trip_type"] == "business":
        facts["company_name"] = synth.company_name(rng)
    if (hotel := record["hotel"]) is not None:
        before = hotel["check_in"] - timedelta(days=1 + int(rng.random() * 3))
        hour = _pick(rng, ("12:00", "15:00", "18:00", "23:59"))
        facts |= {
            "hotel": hotel["name"], "room": words.ROOM_NAMES[hotel["room_type"]],
            "check_in": str(hotel["check_in"]), "check_out": str(hotel["check_out"]),
            "nights": str(hotel["nights"]), "nightly": _money(hotel["nightly_rate"], currency),
            "hotel_total": _money(hotel["total"], currency),
            "hotel_deadline": f"{hour} local time on {before}",
        }  # fmt: skip
    if (car := record["car_rental"]) is not None:
        before = car["pickup_date"] - timedelta(days=1 + int(rng.random() * 2))
        facts |= {
            "company": car["company"], "car_class": car["car_class"],
            "pickup_airport": car["pickup_airport"], "pickup_date": str(car["pickup_date"]),
            "car_deadline": f"{before} {_pick(rng, ('09:00', '12:00', '18:00'))}",
            "daily": _money(car["daily_rate"], currency),
        }  # fmt: skip
    return facts


def request_kinds(
    trip_type: str, kinds: list[str], hotel: dict[str, Any] | None, car: dict[str, Any] | None
) -> list[str]:
    """The request tables that fit the booking: who travels, the room, the car, the trip."""
    wanted = ["meal", "seat", "wheelchair"]
    adults = kinds.count("adult")
    if len(kinds) > 1:
        wanted.append("together")
    if "child" in kinds:
        wanted.append("child_meal")
    if "infant" in kinds:
        wanted.append("bassinet")
    if trip_type == "business":
        wanted.append("invoice")
    if hotel is not None:
        wanted += ["early", "late", "room_pref", "transfer"]
        room = hotel["room_type"]
        if room != "family" or "child" in kinds:
            wanted.append(room)
        if "infant" in kinds:
            wanted.append("cot")
        if trip_type == "honeymoon":
            wanted.append("honeymoon")
    if car is not None:
        wanted.append("car_extra")
        if "child" in kinds:
            wanted.append("child_seat")
        if adults > 1:
            wanted.append("driver")
    return wanted
