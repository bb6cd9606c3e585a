"""travel-booking: what trip type and region do, its rules and its itinerary text.

What every scenario must do (help, schema, formats, examples, 1,000 distinct records,
declared frequencies, repair-or-reject) is checked by test_catalogue.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, get_args

import pytest
from rule_cases import Case, cases, check_case

from data_generator import DataGenerator, Settings
from data_generator.runtime import runtime_of
from data_generator.tools.travel_booking import (
    Flight,
    Region,
    TravelBooking,
    TravelBookingTool,
    Traveller,
    TripType,
)
from data_generator.tools.travel_booking_vocabulary import AIRPORTS

TRIP_TYPES: tuple[str, ...] = get_args(TripType)
REGIONS: tuple[str, ...] = get_args(Region)


def travel(trip_type: str = "leisure", region: str = "asia") -> TravelBookingTool:
    return TravelBookingTool({"trip_type": trip_type, "region": region})


def offline(tool: TravelBookingTool, count: int, seed: int) -> list[TravelBooking]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def bookings() -> tuple[TravelBooking, ...]:
    """200 offline leisure bookings in Asia (made once per session)."""
    return tuple(offline(travel(), 200, 38))


@functools.cache
def rich() -> TravelBooking:
    """A booking with a hotel, a car and three flights or more."""
    return next(
        r for r in bookings() if r.hotel and r.car_rental is not None and len(r.flights) >= 3
    )


# --- options ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trip_type", "region"),
    [*zip(TRIP_TYPES, REGIONS, strict=False), ("group", "middle-east")],
)
def test_trip_type_and_region_shape_every_booking(trip_type: str, region: str) -> None:
    tool = travel(trip_type, region)
    for record in offline(tool, 30, 5):
        assert tool.problems(record) == []
        codes = {c for f in record.flights for c in (f.from_airport, f.to_airport)}
        assert codes <= set(AIRPORTS[region])
        assert record.flights[0].from_airport == record.flights[-1].to_airport  # round trip
        kinds = [t.type for t in record.travellers]
        if trip_type == "honeymoon":
            assert kinds == ["adult", "adult"]
        if trip_type == "family":
            assert {"child", "infant"} & set(kinds)
        if trip_type == "backpacking":
            assert {f.cabin for f in record.flights} == {"economy"}


def test_a_drawn_cabin_is_set_on_every_flight_of_an_answer() -> None:
    cabin = next(a for a in runtime_of(travel()).attributes if a.name == "cabin")
    answer = rich().model_dump(mode="json")

    cabin.set_in(answer, "first")

    assert {flight["cabin"] for flight in answer["flights"]} == {"first"}
    assert cabin.observed(answer) == "first"


# --- rules ----------------------------------------------------------------------------


def elsewhere(*flights: Flight) -> str:
    """An airport of the region that none of ``flights`` touches."""
    touched = {code for f in flights for code in (f.from_airport, f.to_airport)}
    return next(code for code in sorted(AIRPORTS["asia"]) if code not in touched)


def change_flight(n: int, **update: Any) -> Callable[[TravelBooking], dict[str, Any]]:
    def change(r: TravelBooking) -> dict[str, Any]:
        flights = list(r.flights)
        flights[n] = flights[n].model_copy(update=update)
        return {"flights": flights}

    return change


def change_stay(field: str, **update: Any) -> Callable[[TravelBooking], dict[str, Any]]:
    return lambda r: {field: getattr(r, field).model_copy(update=update)}


CHILD = Traveller(name="Mei Ito", email=None, phone=None, type="child")
HOUR = timedelta(hours=1)
RULES = {
    "flights out of order": Case(
        lambda r: {"flights": r.flights[::-1]}, mends=lambda r: r.flights == rich().flights
    ),
    "hotel nights and total": Case(
        lambda r: (
            change_stay("hotel", nights=r.hotel.nights + 3, total=1.0)(r) | {"total_price": 2}
        ),
        mends=lambda r: r.hotel == rich().hotel and r.total_price == rich().total_price,
    ),
    "car days and total": Case(
        change_stay("car_rental", days=40, total=0.0),
        mends=lambda r: r.car_rental == rich().car_rental and r.total_price == rich().total_price,
    ),
    "total price": Case(
        lambda r: {"total_price": 1.23}, mends=lambda r: r.total_price == rich().total_price
    ),
    "lead traveller not first": Case(
        lambda r: {"travellers": [CHILD, *r.travellers]},
        mends=lambda r: r.travellers == [rich().travellers[0], CHILD, *rich().travellers[1:]],
    ),
    "arrives before it departs": Case(
        lambda r: change_flight(0, arrival=r.flights[0].departure - HOUR)(r),
        rejects="flight 1 does not arrive after it departs",
    ),
    "same airport": Case(
        change_flight(1, from_airport="SIN", to_airport="SIN"),
        rejects="flight 2 departs from and arrives at SIN",
    ),
    "no connection": Case(
        lambda r: change_flight(1, from_airport=elsewhere(*r.flights[:2]))(r),
        rejects=f"not from {rich().flights[0].to_airport} where flight 1 arrived",
    ),
    "tight connection": Case(
        lambda r: change_flight(1, departure=r.flights[0].arrival - HOUR / 12)(r),
        rejects="flight 2 departs before flight 1 arrives",
    ),
    "booked late": Case(
        lambda r: {"booked_at": r.flights[0].departure + HOUR},
        rejects="booked_at is not before the first departure",
    ),
    "foreign airport": Case(
        change_flight(0, from_airport="LIS"), rejects="airport LIS is not one of the asia airports"
    ),
    "car airport": Case(
        change_stay("car_rental", pickup_airport="JFK"),
        rejects="airport JFK is not one of the asia airports",
    ),
    "hotel dates": Case(
        lambda r: change_stay("hotel", check_out=r.hotel.check_in)(r),
        rejects="hotel check_out is not after check_in",
    ),
    "car dates": Case(
        lambda r: change_stay("car_rental", dropoff_date=r.car_rental.pickup_date)(r),
        rejects="car dropoff_date is not after pickup_date",
    ),
    "no adult": Case(
        lambda r: {"travellers": [t.model_copy(update={"type": "child"}) for t in r.travellers]},
        rejects="the booking has no adult traveller",
    ),
    "no contact": Case(
        lambda r: {"travellers": [t.model_copy(update={"email": None}) for t in r.travellers]},
        rejects="first traveller must be an adult with e-mail and phone",
    ),
}


@cases(RULES)
def test_rules(case: Case) -> None:
    check_case(travel(), rich(), case)


# --- text -----------------------------------------------------------------------------


def test_text_holds_the_whole_booking() -> None:
    tool = travel()
    for record in bookings()[:20]:
        text = tool.render_text(record)
        assert text.splitlines()[0] == f"Booking {record.booking_reference} ({record.booking_id})"
        assert f"Total price: {record.total_price:.2f} {record.currency}" in text
        assert f"Status: {record.status}" in text
        for traveller in record.travellers:
            assert traveller.name in text
            for contact in (traveller.email, traveller.phone):
                assert contact is None or contact in text
        for flight in record.flights:
            assert f"{flight.flight_number} {flight.carrier}: {flight.from_airport}" in text
            assert flight.departure.isoformat() in text
            assert flight.arrival.isoformat() in text
        if record.hotel is not None:
            assert f"{record.hotel.name}, {record.hotel.city}" in text
            assert f"{record.hotel.total:.2f}" in text
        if record.car_rental is not None:
            assert record.car_rental.company in text
        for request in record.special_requests:
            assert f"- {request}" in text
        assert record.cancellation_policy in text
