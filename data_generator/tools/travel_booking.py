"""``travel-booking``: trip bookings with travellers, connecting flights, a hotel and a car."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId, ReservedEmail, ReservedPhone
from data_generator.records import Money, UtcDatetime, cents, in_order, same_amount
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import travel_booking_routes as routes
from data_generator.tools import travel_booking_terms as terms
from data_generator.tools import travel_booking_vocabulary as words
from data_generator.tools.travel_booking_facts import booking_facts, request_kinds

__all__ = ["TravelBooking", "TravelBookingOptions", "TravelBookingTool"]

TripType = Literal["business", "leisure", "family", "group", "honeymoon", "backpacking"]
Region = Literal[
    "europe", "north-america", "south-america", "asia", "africa", "oceania", "middle-east"
]
Status = Literal["confirmed", "ticketed", "cancelled", "completed"]
TravellerType = Literal["adult", "child", "infant"]
Cabin = Literal["economy", "premium-economy", "business", "first"]
RoomType = Literal["single", "double", "twin", "family", "suite", "dormitory"]
CarClass = Literal["economy", "compact", "midsize", "suv", "minivan", "premium"]
Currency = Literal[
    "EUR", "GBP", "CHF", "USD", "CAD", "BRL", "SGD", "JPY", "ZAR", "AUD", "NZD", "AED"
]
PaymentStatus = Literal["pending", "deposit-paid", "paid", "refunded", "partially-refunded"]

_AIRPORT = r"^[A-Z]{3}$"

STATUS_WEIGHTS = {"confirmed": 0.35, "ticketed": 0.3, "completed": 0.25, "cancelled": 0.1}
TRAVELLER_BANDS = {"1": (1, 1), "2": (2, 2), "3-4": (3, 4), "5+": (5, 10)}
LENGTH_BANDS = {"1-3 days": (1, 3), "4-8 days": (4, 8), "9+ days": (9, 30)}
#: Per trip type: weights of travellers band, trip length band and cabin (in band order).
PROFILES: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {
    "business": ((0.7, 0.25, 0.05, 0.0), (0.7, 0.25, 0.05), (0.35, 0.2, 0.4, 0.05)),
    "leisure": ((0.25, 0.45, 0.25, 0.05), (0.2, 0.55, 0.25), (0.75, 0.15, 0.08, 0.02)),
    "family": ((0.0, 0.1, 0.65, 0.25), (0.1, 0.55, 0.35), (0.8, 0.15, 0.05, 0.0)),
    "group": ((0.0, 0.0, 0.15, 0.85), (0.3, 0.5, 0.2), (0.9, 0.08, 0.02, 0.0)),
    "honeymoon": ((0.0, 1.0, 0.0, 0.0), (0.0, 0.45, 0.55), (0.45, 0.2, 0.3, 0.05)),
    "backpacking": ((0.55, 0.35, 0.1, 0.0), (0.0, 0.2, 0.8), (1.0, 0.0, 0.0, 0.0)),
}
CABINS: tuple[str, ...] = ("economy", "premium-economy", "business", "first")
CABIN_FACTOR = {"economy": 1.0, "premium-economy": 1.6, "business": 3.2, "first": 5.5}
HOTEL_SHARE = {"business": 0.85, "leisure": 0.8, "family": 0.8, "group": 0.9,
               "honeymoon": 0.95, "backpacking": 0.6}  # fmt: skip
CAR_SHARE = {"business": 0.35, "leisure": 0.35, "family": 0.5, "group": 0.15,
             "honeymoon": 0.3, "backpacking": 0.1}  # fmt: skip
NIGHTLY = {"business": (110, 320), "leisure": (70, 250), "family": (90, 260),
           "group": (120, 400), "honeymoon": (160, 480), "backpacking": (18, 60)}  # fmt: skip
PER_EURO = words.PER_EURO
PAYMENT: dict[str, tuple[str, ...]] = {
    "confirmed": ("pending", "deposit-paid", "paid"), "ticketed": ("paid",),
    "completed": ("paid",), "cancelled": ("refunded", "partially-refunded"),
}  # fmt: skip
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


def set_cabin(record: dict[str, Any], cabin: str) -> None:
    """Book every flight of a booking's JSON dump in ``cabin``."""
    for flight in record["flights"]:
        flight["cabin"] = cabin


def band_of(bands: Mapping[str, tuple[int, int]], value: int) -> str:
    """Name the band that holds ``value`` (the last band, above them all)."""
    return next((band for band, (_, high) in bands.items() if value <= high), [*bands][-1])


def trip_days(record: Mapping[str, Any]) -> int:
    """Days from the first departure to the last arrival of a record's JSON dump."""
    flights = record["flights"]
    first = date.fromisoformat(min(f["departure"] for f in flights)[:10])
    last = date.fromisoformat(max(f["arrival"] for f in flights)[:10])
    return (last - first).days


class TravelBookingOptions(BaseModel):
    """Options of the ``travel-booking`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    trip_type: TripType = Field(default="leisure", description="Kind of trip booked.")
    region: Region = Field(default="europe", description="Region all the airports lie in.")


class Traveller(BaseModel):
    """One person on the booking."""

    name: str = Field(min_length=3, description="Fictional full name.")
    email: ReservedEmail | None = Field(
        description="Reserved example.com/.org/.net address, or null."
    )
    phone: ReservedPhone | None = Field(description="Fictional +1-XXX-555-01XX number, or null.")
    type: TravellerType = Field(description="Fare type: adult, child (2-11) or infant (<2).")


class Flight(BaseModel):
    """One flight leg."""

    flight_number: str = Field(pattern=r"^[A-Z]{2}\d{2,4}$", description="E.g. NJ1234.")
    carrier: str = Field(min_length=2, description="Fictional or generic airline name.")
    from_airport: str = Field(
        pattern=_AIRPORT, description="Departure airport: IATA code from the region's list."
    )
    to_airport: str = Field(
        pattern=_AIRPORT, description="Arrival airport: IATA code from the region's list."
    )
    departure: UtcDatetime = Field(description="Departure time (UTC).")
    arrival: UtcDatetime = Field(description="Arrival time (UTC), after departure.")
    cabin: Cabin = Field(description="Cabin class.")
    fare: Money = Field(ge=0, description="Fare of this leg for the whole party.")


class Hotel(BaseModel):
    """The hotel stay."""

    name: str = Field(min_length=3, description="Fictional hotel name.")
    city: str = Field(min_length=2, description="City of the hotel.")
    check_in: date = Field(description="Check-in date.")
    check_out: date = Field(description="Check-out date, after check-in.")
    nights: int = Field(ge=1, description="Nights between check-in and check-out.")
    room_type: RoomType = Field(description="Room booked.")
    nightly_rate: Money = Field(ge=0, description="Price per night.")
    total: Money = Field(ge=0, description="nights x nightly_rate.")


class CarRental(BaseModel):
    """The rental car."""

    company: str = Field(min_length=3, description="Fictional rental company.")
    pickup_airport: str = Field(
        pattern=_AIRPORT, description="Pick-up airport: IATA code from the region's list."
    )
    pickup_date: date = Field(description="Pick-up date.")
    dropoff_date: date = Field(description="Drop-off date, after pick-up.")
    days: int = Field(ge=1, description="Rental days between pick-up and drop-off.")
    car_class: CarClass = Field(description="Car category.")
    daily_rate: Money = Field(ge=0, description="Price per day.")
    total: Money = Field(ge=0, description="days x daily_rate.")


class TravelBooking(BaseModel):
    """A trip booking: travellers, flights in travel order, an optional hotel and car."""

    booking_id: Annotated[str, RecordId("BKG")] = Field(description="Booking id, BKG-000123.")
    booking_reference: str = Field(
        pattern=r"^[A-Z0-9]{6}$", description="Six-character record locator, e.g. Q7XK2M."
    )
    trip_type: Annotated[TripType, FromOption("trip_type")] = Field(description="Kind of trip.")
    region: Annotated[Region, FromOption("region")] = Field(description="Region of the trip.")
    booked_at: Annotated[UtcDatetime, Later] = Field(
        description="When it was booked (UTC), before departure."
    )
    status: Annotated[Status, Drawn(STATUS_WEIGHTS)] = Field(
        description="Where the booking stands."
    )
    travellers: Annotated[list[Traveller], Later] = Field(
        min_length=1, description="The party; the first is the lead adult with contact data."
    )
    flights: Annotated[list[Flight], Later] = Field(
        min_length=1, description="Flight legs in travel order; each departs where the last ended."
    )
    hotel: Annotated[Hotel | None, Later] = Field(description="The hotel stay, or null.")
    car_rental: Annotated[CarRental | None, Later] = Field(description="The rental car, or null.")
    total_price: Annotated[Money, Later] = Field(
        ge=0, description="Sum of fares, hotel total and car total."
    )
    currency: Currency = Field(description="Currency of every amount.")
    payment_status: PaymentStatus = Field(description="State of the payment.")
    cancellation_policy: Annotated[str, Later] = Field(
        min_length=5, description="Cancellation terms."
    )
    special_requests: Annotated[list[str], Later] = Field(
        description="Requests by the travellers (may be empty)."
    )


def _is_lead(traveller: Traveller) -> bool:
    return traveller.type == "adult" and bool(traveller.email) and bool(traveller.phone)


def _lead_first(record: TravelBooking) -> TravelBooking:
    """The booking with its first adult with contact data moved to the front (if any)."""
    lead = next((t for t in record.travellers if _is_lead(t)), None)
    if lead is None:
        return record
    travellers = [lead, *(t for t in record.travellers if t is not lead)]
    return record.model_copy(update={"travellers": travellers})


@dataclass(frozen=True)
class _Priced:
    """How a stay is priced: units (nights, days) between two dates, at a rate per unit."""

    field: str
    label: str
    start: str
    end: str
    unit: str
    rate: str

    def days(self, stay: Any) -> int:
        """Days from the stay's start date to its end date."""
        return int((getattr(stay, self.end) - getattr(stay, self.start)).days)

    def total(self, stay: Any) -> float:
        """What the stay costs: its units at its rate, in cents."""
        return cents(getattr(stay, self.unit) * getattr(stay, self.rate))


STAYS = (
    _Priced("hotel", "hotel", "check_in", "check_out", "nights", "nightly_rate"),
    _Priced("car_rental", "car", "pickup_date", "dropoff_date", "days", "daily_rate"),
)


def _stays(record: TravelBooking) -> list[tuple[_Priced, Any]]:
    """The booking's stays (hotel, car) with how each is priced."""
    return [(kind, stay) for kind in STAYS if (stay := getattr(record, kind.field)) is not None]


def _recount(record: TravelBooking) -> TravelBooking:
    """Hotel nights and car days counted from their dates (where the dates allow)."""
    updates = {
        kind.field: stay.model_copy(update={kind.unit: kind.days(stay)})
        for kind, stay in _stays(record)
        if kind.days(stay) > 0
    }
    return record.model_copy(update=updates)


def _retotal(record: TravelBooking) -> TravelBooking:
    """Hotel and car totals computed from their units and rates."""
    updates = {
        kind.field: stay.model_copy(update={"total": kind.total(stay)})
        for kind, stay in _stays(record)
    }
    return record.model_copy(update=updates)


def _price(record: TravelBooking) -> float:
    """The booking's price: every fare, the hotel total and the car total."""
    amounts = [flight.fare for flight in record.flights]
    amounts += [stay.total for _, stay in _stays(record)]
    return cents(sum(amounts))


class TravelBookingTool(DataGeneratorTool[TravelBookingOptions, TravelBooking]):
    """Trip bookings with travellers, connecting flights, hotel, car and price."""

    name = "travel-booking"
    description = "Trip bookings: travellers, connecting flights, hotel, car rental and price."

    system = (
        "You write realistic, internally consistent travel bookings for test and demo "
        "data. Travellers, airlines, hotels and rental companies are fictional; e-mail "
        "addresses use example.com, example.org or example.net and phone numbers are "
        "+1-XXX-555-01XX."
    )

    def build_prompt(self) -> str:
        """User prompt; per-record attributes arrive in ``{{$attributes}}``."""
        options = self.options
        airports = ", ".join(
            f"{code} ({city})" for code, city in words.AIRPORTS[options.region].items()
        )
        return (
            f"Write {options.trip_type} travel booking number {{{{$index}}}} in the region "
            f"{options.region}.\n"
            f"Use only these airports: {airports}.\n"
            "List flights in travel order: each flight arrives after it departs, and the next "
            "flight departs from the airport where the previous one arrived, after it arrived. "
            "booked_at is before the first departure. All times are UTC. The first traveller "
            "is an adult with e-mail and phone. Hotel nights are the days from check_in to "
            "check_out and its total is nights x nightly_rate; the car likewise with days and "
            "daily_rate. total_price is the sum of every fare, the hotel total and the car "
            "total, all in one currency."
        )

    examples = (
        "datagen travel-booking --trip-type family --region europe --count 5 -o "
        "data/family-trips --provider offline",
        "datagen travel-booking --trip-type backpacking --region south-america -n 3 -f txt -o "
        "data/backpacking-trips --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """Party size, trip length and cabin (after status), following the trip type."""
        party, length, cabin = PROFILES[self.options.trip_type]
        return [
            # Party size and trip length cannot be set: travellers and dates are not made up.
            Attribute(
                "travellers",
                dict(zip(TRAVELLER_BANDS, party, strict=True)),
                observe=lambda record: band_of(TRAVELLER_BANDS, len(record["travellers"])),
            ),
            Attribute(
                "trip_length",
                dict(zip(LENGTH_BANDS, length, strict=True)),
                observe=lambda record: band_of(LENGTH_BANDS, trip_days(record)),
            ),
            Attribute(
                "cabin",
                dict(zip(CABINS, cabin, strict=True)),
                observe=lambda record: record["flights"][0]["cabin"],
                apply=set_cabin,
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        options = self.options
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        return {
            "booking_reference": lambda rng, _ctx: "".join(
                synth.choose(rng, alphabet) for _ in range(6)
            ),
            "currency": lambda rng, _ctx: synth.choose(rng, words.CURRENCIES[options.region]),
            "payment_status": lambda rng, ctx: synth.choose(rng, PAYMENT[ctx.attributes["status"]]),
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Build party, itinerary, stay and price so that every rule holds."""
        trip, draw = self.options.trip_type, rng.random
        rate = PER_EURO[record["currency"]]
        low, high = TRAVELLER_BANDS[ctx.attributes["travellers"]]
        record["travellers"] = self._party(rng, low + int(draw() * (high - low + 1)))
        kinds = [t["type"] for t in record["travellers"]]
        payers = kinds.count("adult") + 0.75 * kinds.count("child") + 0.1 * kinds.count("infant")
        low, high = LENGTH_BANDS[ctx.attributes["trip_length"]]
        days = low + int(draw() * (high - low + 1))
        start = self._first_day(rng, record["status"], days)
        flights, stop, stay_end = self._itinerary(rng, ctx, start, days, payers * rate)
        record["flights"] = flights
        check_in, check_out = start.date(), (start + stay_end * _DAY).date()
        if draw() < HOTEL_SHARE[trip]:
            record["hotel"] = self._hotel(rng, stop, check_in, check_out, rate)
        if draw() < CAR_SHARE[trip]:
            record["car_rental"] = self._car(rng, stop, check_in, check_out, rate)
        amounts = [f["fare"] for f in flights]
        amounts += [s["total"] for s in (record["hotel"], record["car_rental"]) if s]
        record["total_price"] = cents(sum(amounts))
        lead_time = _MINUTE * (1440 + int(draw() * 180 * 1440))
        booked = flights[0]["departure"] - lead_time
        if booked > synth.ANCHOR:  # bookings of future trips were made before "now"
            booked = synth.ANCHOR - _MINUTE * int(draw() * 30 * 1440)
        record["booked_at"] = booked
        self._terms(rng, record, kinds, stop)
        return record

    def _hotel(
        self, rng: random.Random, stop: str, check_in: date, check_out: date, rate: float
    ) -> dict[str, Any]:
        """A hotel in the city of ``stop`` for the whole stay, priced in the booking currency."""
        trip = self.options.trip_type
        low, high = NIGHTLY[trip]
        nightly = cents((low + rng.random() * (high - low)) * rate)
        nights = (check_out - check_in).days
        return {
            "name": words.hotel_name(rng, words.CITY_OF[stop], hostel=trip == "backpacking"),
            "city": words.CITY_OF[stop], "check_in": check_in, "check_out": check_out,
            "nights": nights, "room_type": synth.choose(rng, words.ROOMS[trip]),
            "nightly_rate": nightly, "total": cents(nights * nightly),
        }  # fmt: skip

    def _car(
        self, rng: random.Random, stop: str, pickup: date, dropoff: date, rate: float
    ) -> dict[str, Any]:
        """A rental car picked up at ``stop`` for the whole stay, priced in the booking currency."""
        daily = cents((25 + rng.random() * 95) * rate)
        days = (dropoff - pickup).days
        return {
            "company": synth.choose(rng, words.CAR_COMPANIES), "pickup_airport": stop,
            "pickup_date": pickup, "dropoff_date": dropoff, "days": days,
            "car_class": synth.choose(rng, words.CARS[self.options.trip_type]), "daily_rate": daily,
            "total": cents(days * daily),
        }  # fmt: skip

    def _party(self, rng: random.Random, count: int) -> list[dict[str, Any]]:
        trip, draw = self.options.trip_type, rng.random
        if trip == "family":
            adults = 1 if count == 2 or draw() < 0.15 else 2
        elif trip == "leisure" and count >= 3 and draw() < 0.3:
            adults = count - 1
        else:
            adults = count
        lead = synth.person_name(rng)
        family_name = lead.rsplit(" ", 1)[1]
        party = []
        for n in range(count):
            name = lead if n == 0 else synth.person_name(rng)
            kind = "adult" if n < adults else "infant" if draw() < 0.2 else "child"
            if trip in ("family", "honeymoon") or kind != "adult":
                name = f"{name.split(' ', 1)[0]} {family_name}" if n else name
            contact = n == 0 or (kind == "adult" and draw() < 0.5)
            party.append({
                "name": name,
                "email": synth.email_address(rng, name) if contact else None,
                "phone": synth.phone_number(rng) if contact else None,
                "type": kind,
            })  # fmt: skip
        return party

    @staticmethod
    def _first_day(rng: random.Random, status: str, days: int) -> datetime:
        """Midnight UTC of the first travel day: past for completed, future for open."""
        if status == "completed":
            first, last = -400, -(days + 2)
        elif status == "cancelled":
            first, last = -200, 200
        else:
            first, last = 3, 270
        return synth.ANCHOR + _DAY * (first + int(rng.random() * (last - first + 1)))

    def _itinerary(
        self, rng: random.Random, ctx: RecordContext, start: datetime, days: int, scale: float
    ) -> tuple[list[dict[str, Any]], str, int]:
        """Flights out, maybe on to a second stop, and home, each hop within one UTC day.

        Returns the legs, the first stop (where the hotel and car are) and the day the
        traveller leaves it. Hops depart 05:00-10:55 and take at most 13 hours.
        """
        codes = words.AIRPORT_CODES[self.options.region]
        origin, stop = rng.sample(codes, 2)
        hops = [(0, origin, stop)]
        leave = days
        if self.options.trip_type == "backpacking" and days >= 4 and rng.random() < 0.5:
            second = synth.choose(rng, [c for c in codes if c not in (origin, stop)])
            leave = 1 + int(rng.random() * (days - 1))
            hops.append((leave, stop, second))
            stop_home = second
        else:
            stop_home = stop
        hops.append((days, stop_home, origin))
        cabin = ctx.attributes["cabin"]
        legs: list[dict[str, Any]] = []
        for day, source, target in hops:
            route = [source, target]
            if rng.random() < 0.35 and (hub := routes.hub_between(rng, source, target, codes)):
                route.insert(1, hub)
            pairs = list(itertools.pairwise(route))
            blocks = [routes.flight_minutes(rng, here, there) for here, there in pairs]
            layovers = [45 + 5 * int(rng.random() * 28) for _ in blocks[1:]]
            # The hop departs 05:00-22:00 UTC when it can, and lands the same UTC day.
            latest = min(1320, 1435 - sum(blocks) - sum(layovers))
            earliest = min(300, latest)
            moment = (
                start
                + _DAY * day
                + _MINUTE * (earliest + 5 * int(rng.random() * ((latest - earliest) // 5 + 1)))
            )
            code = synth.choose(rng, list(words.CARRIERS))
            for leg, ((here, there), minutes) in enumerate(zip(pairs, blocks, strict=True)):
                if leg:
                    moment += _MINUTE * layovers[leg - 1]
                per_km = 0.06 + rng.random() * 0.06
                per_person = (35 + routes.distance_km(here, there) * per_km) * CABIN_FACTOR[cabin]
                legs.append({
                    "flight_number": f"{code}{10 + int(rng.random() * 9990)}",
                    "carrier": words.CARRIERS[code], "from_airport": here, "to_airport": there,
                    "departure": moment, "arrival": moment + _MINUTE * minutes,
                    "cabin": cabin, "fare": cents(per_person * scale),
                })  # fmt: skip
                moment += _MINUTE * minutes
        return legs, stop, leave

    def _terms(
        self, rng: random.Random, record: dict[str, Any], kinds: list[str], stop: str
    ) -> None:
        """The cancellation policy and special requests, from the booking's own facts."""
        facts = booking_facts(rng, record, stop)
        flights, hotel, car = record["flights"], record["hotel"], record["car_rental"]
        fare = terms.fare_kind(rng, flights[0]["cabin"], record["payment_status"])
        hotel_terms = None
        if hotel is not None:
            free = terms.hotel_refundable(rng, fare, record["payment_status"])
            hotel_terms = "hotel_free" if free else "hotel_prepaid"
        record["cancellation_policy"] = terms.policy(rng, fare, hotel_terms, car is not None, facts)
        wanted = request_kinds(self.options.trip_type, kinds, hotel, car)
        record["special_requests"] = terms.requests(rng, wanted, int(rng.random() * 4), facts)

    @rule(
        "the flights are not in departure order",
        fix=lambda record: record.model_copy(
            update={"flights": sorted(record.flights, key=lambda flight: flight.departure)}
        ),
    )
    def flights_in_order(self, record: TravelBooking) -> bool:
        return in_order([flight.departure for flight in record.flights])

    @rule("the first traveller must be an adult with e-mail and phone", fix=_lead_first)
    def lead_traveller_first(self, record: TravelBooking) -> bool | str:
        if not any(t.type == "adult" for t in record.travellers):
            return "the booking has no adult traveller"
        return _is_lead(record.travellers[0])

    @rule("a stay does not end after it starts")
    def stays_end_after_they_start(self, record: TravelBooking) -> list[str]:
        return [
            f"{kind.label} {kind.end} is not after {kind.start}"
            for kind, stay in _stays(record)
            if kind.days(stay) <= 0
        ]

    @rule("a stay's nights or days do not match its dates", fix=_recount)
    def stay_units_match_dates(self, record: TravelBooking) -> list[str]:
        return [
            f"{kind.field.replace('_', ' ')} {kind.unit} do not match its dates"
            for kind, stay in _stays(record)
            if kind.days(stay) > 0 and getattr(stay, kind.unit) != kind.days(stay)
        ]

    @rule("a stay's total is not its units x rate", fix=_retotal)
    def stay_totals(self, record: TravelBooking) -> list[str]:
        return [
            f"{kind.label} total is not {kind.unit} x {kind.rate}"
            for kind, stay in _stays(record)
            if not same_amount(stay.total, kind.total(stay))
        ]

    @rule(
        "total_price is not the sum of fares, hotel and car",
        fix=lambda record: record.model_copy(update={"total_price": _price(record)}),
    )
    def price_adds_up(self, record: TravelBooking) -> bool:
        return same_amount(record.total_price, _price(record))

    @rule("a flight does not go from one airport to another in time")
    def flights_fly(self, record: TravelBooking) -> list[str]:
        problems = []
        for n, flight in enumerate(record.flights, 1):
            if flight.arrival <= flight.departure:
                problems.append(f"flight {n} does not arrive after it departs")
            if flight.from_airport == flight.to_airport:
                problems.append(f"flight {n} departs from and arrives at {flight.to_airport}")
        return problems

    @rule("a flight does not connect with the previous one")
    def flights_connect(self, record: TravelBooking) -> list[str]:
        problems = []
        for n, (before, after) in enumerate(itertools.pairwise(record.flights), 2):
            if after.from_airport != before.to_airport:
                problems.append(
                    f"flight {n} departs from {after.from_airport}, not from "
                    f"{before.to_airport} where flight {n - 1} arrived"
                )
            if after.departure <= before.arrival:
                problems.append(f"flight {n} departs before flight {n - 1} arrives")
        return problems

    @rule("booked_at is not before the first departure")
    def booked_before_departure(self, record: TravelBooking) -> bool:
        return record.booked_at < min(flight.departure for flight in record.flights)

    @rule("an airport is not in the region")
    def airports_in_region(self, record: TravelBooking) -> list[str]:
        region = self.options.region
        codes = [code for f in record.flights for code in (f.from_airport, f.to_airport)]
        if record.car_rental is not None:
            codes.append(record.car_rental.pickup_airport)
        return [
            f"airport {code} is not one of the {region} airports"
            for code in dict.fromkeys(codes)
            if code not in words.AIRPORTS[region]
        ]

    def render_text(self, record: TravelBooking) -> str:
        """A readable itinerary: facts, travellers, flights, stay, price and terms."""
        money = record.currency
        travellers = "\n".join(
            f"- {t.name} ({t.type})"
            + "".join(f", {value}" for value in (t.email, t.phone) if value)
            for t in record.travellers
        )
        flights = "\n".join(
            f"{n}. {f.flight_number} {f.carrier}: {f.from_airport} "
            f"({words.CITY_OF.get(f.from_airport, '?')}) {f.departure.isoformat()} -> "
            f"{f.to_airport} ({words.CITY_OF.get(f.to_airport, '?')}) {f.arrival.isoformat()}, "
            f"{f.cabin}, {f.fare:.2f} {money}"
            for n, f in enumerate(record.flights, 1)
        )
        sections = [("Travellers", travellers), ("Flights", flights)]
        if (hotel := record.hotel) is not None:
            sections.append((
                "Hotel",
                f"{hotel.name}, {hotel.city}\n{hotel.check_in} to {hotel.check_out} "
                f"(nights: {hotel.nights}), {hotel.room_type} room at {hotel.nightly_rate:.2f} "
                f"{money} a night: {hotel.total:.2f} {money}",
            ))  # fmt: skip
        if (car := record.car_rental) is not None:
            sections.append((
                "Car rental",
                f"{car.company}, {car.car_class} from {car.pickup_airport}\n"
                f"{car.pickup_date} to {car.dropoff_date} (days: {car.days}) at "
                f"{car.daily_rate:.2f} {money} a day: {car.total:.2f} {money}",
            ))  # fmt: skip
        requests = "\n".join(f"- {r}" for r in record.special_requests) or "None."
        sections += [
            ("Special requests", requests),
            ("Cancellation policy", record.cancellation_policy),
        ]
        return render_document(
            f"Booking {record.booking_reference} ({record.booking_id})",
            facts=[
                ("Trip", f"{record.trip_type}, {record.region}"),
                ("Status", record.status),
                ("Booked", record.booked_at.isoformat()),
                ("Total price", f"{record.total_price:.2f} {money}"),
                ("Payment", record.payment_status),
            ],
            sections=sections,
        )
