"""travel-booking: offline bookings keep their rules, repairs, rejections, text and CLI."""

from __future__ import annotations

import csv
import functools
import itertools
import re
import shlex
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_generator import DataGenerator, Settings
from data_generator.records import same_amount
from data_generator.tool import InvariantError
from data_generator.tools.travel_booking import (
    CarRental,
    Flight,
    Hotel,
    Region,
    TravelBooking,
    TravelBookingTool,
    Traveller,
    TripType,
)
from data_generator.tools.travel_booking_vocabulary import AIRPORTS

TRIP_TYPES: tuple[str, ...] = get_args(TripType)
REGIONS: tuple[str, ...] = get_args(Region)
SEED = 38  # any seed works for the rules; the frequency test needs a typical sample


def travel(trip_type: str = "leisure", region: str = "asia") -> TravelBookingTool:
    tool = TravelBookingTool({"trip_type": trip_type, "region": region})
    return tool


def offline(tool: TravelBookingTool, count: int, seed: int) -> list[TravelBooking]:
    settings = Settings(provider="offline", seed=seed)
    return DataGenerator(tool, count=count, settings=settings).generate_data()


@functools.cache
def bookings() -> tuple[TravelBooking, ...]:
    """1000 offline leisure bookings in Asia (made once per session)."""
    return tuple(offline(travel(), 1000, SEED))


def fares_and_stays(record: TravelBooking) -> float:
    amounts = [f.fare for f in record.flights]
    amounts += [s.total for s in (record.hotel, record.car_rental) if s is not None]
    return round(sum(amounts), 2)


def sample(predicate: Callable[[TravelBooking], bool] = lambda r: True) -> TravelBooking:
    return next(r for r in bookings() if predicate(r))


# --- offline records ------------------------------------------------------------------


def test_offline_bookings_validate_keep_the_rules_and_differ() -> None:
    records = bookings()
    tool = travel()
    assert len(records) == 1000
    assert [r.booking_id for r in records] == [f"BKG-{i:06d}" for i in range(1, 1001)]
    without_ids = set()
    for record in records:
        TravelBooking.model_validate_json(record.model_dump_json())
        assert tool.invariant_problems(record) == [], record.booking_id
        assert record.total_price == fares_and_stays(record)
        assert (record.trip_type, record.region) == ("leisure", "asia")
        without_ids.add(record.model_dump_json(exclude={"booking_id", "booking_reference"}))
    assert len(without_ids) == 1000


def test_attributes_follow_the_declared_weights() -> None:
    tool = travel()
    dumps = [r.model_dump(mode="json") for r in bookings()]
    for attribute in tool.attributes():
        counts = Counter(attribute.observed(d) for d in dumps)
        expected = attribute.probabilities()
        assert set(counts) <= set(expected), attribute.name
        for value, share in expected.items():
            assert abs(counts[value] / 1000 - share) <= 0.03, (attribute.name, value)


@pytest.mark.parametrize(
    ("trip_type", "region"),
    [*zip(TRIP_TYPES, REGIONS, strict=False), ("group", "middle-east")],
)
def test_every_trip_type_and_region_keeps_the_rules(trip_type: str, region: str) -> None:
    tool = travel(trip_type, region)
    records = offline(tool, 80, 5)
    assert len(records) == 80
    for record in records:
        assert tool.invariant_problems(record) == []
        assert (record.trip_type, record.region) == (trip_type, region)
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


def test_only_reserved_contact_data_and_no_identifier_shapes() -> None:
    for record in bookings()[:300]:
        for traveller in record.travellers:
            if traveller.email is not None:
                assert traveller.email.rsplit("@", 1)[1] in {
                    "example.com",
                    "example.org",
                    "example.net",
                }
            if traveller.phone is not None:
                assert re.fullmatch(r"\+1-\d{3}-555-01\d{2}", traveller.phone)
        text = record.model_dump_json()
        assert not re.search(r"\b\d{3}-\d{2}-\d{4}\b", text)
        assert not re.search(r"\d{13,19}", text)


# --- repairs --------------------------------------------------------------------------


def test_post_process_keeps_a_valid_booking_as_it_is() -> None:
    record = sample()
    assert travel().post_process(record) == record


def test_post_process_resets_trip_type_and_region_to_the_options() -> None:
    record = sample()
    wrong = record.model_copy(update={"trip_type": "business", "region": "europe"})
    assert travel().post_process(wrong) == record


def test_post_process_puts_flights_in_departure_order() -> None:
    record = sample(lambda r: len(r.flights) >= 3)
    shuffled = [*reversed(record.flights)]

    repaired = travel().post_process(record.model_copy(update={"flights": shuffled}))

    assert repaired.flights == record.flights


def test_post_process_recounts_hotel_nights_and_totals() -> None:
    record = sample(lambda r: r.hotel is not None)
    assert record.hotel is not None
    hotel = record.hotel.model_copy(update={"nights": record.hotel.nights + 3, "total": 1.0})

    repaired = travel().post_process(record.model_copy(update={"hotel": hotel, "total_price": 2}))

    assert repaired.hotel == record.hotel
    assert repaired.total_price == record.total_price


def test_post_process_recounts_car_days_and_totals() -> None:
    record = sample(lambda r: r.car_rental is not None)
    assert record.car_rental is not None
    car = record.car_rental.model_copy(update={"days": 40, "total": 0.0})

    repaired = travel().post_process(record.model_copy(update={"car_rental": car}))

    assert repaired.car_rental == record.car_rental
    assert repaired.total_price == record.total_price


def test_post_process_recomputes_the_total_price() -> None:
    record = sample()
    repaired = travel().post_process(record.model_copy(update={"total_price": 1.23}))
    assert repaired.total_price == record.total_price == fares_and_stays(record)


def test_post_process_moves_an_adult_with_contact_data_to_the_front() -> None:
    record = sample()
    child = Traveller(name="Mei Ito", email=None, phone=None, type="child")
    travellers = [child, *record.travellers]

    repaired = travel().post_process(record.model_copy(update={"travellers": travellers}))

    assert repaired.travellers == [*record.travellers[:1], child, *record.travellers[1:]]


def shifted(flight: Flight, **update: Any) -> Flight:
    return flight.model_copy(update=update)


def change_flight(n: int, **update: Any) -> Callable[[TravelBooking], dict[str, Any]]:
    def change(r: TravelBooking) -> dict[str, Any]:
        flights = list(r.flights)
        flights[n] = shifted(flights[n], **update)
        return {"flights": flights}

    return change


def change_stay(field: str, **update: Any) -> Callable[[TravelBooking], dict[str, Any]]:
    return lambda r: {field: getattr(r, field).model_copy(update=update)}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: change_flight(0, arrival=r.flights[0].departure - timedelta(hours=1))(r),
            "flight 1 does not arrive after it departs",
        ),
        (change_flight(1, from_airport="SIN", to_airport="SIN"), "departs from and arrives at"),
        (
            lambda r: change_flight(1, from_airport=r.flights[1].to_airport)(r),
            "flight 2 departs from",
        ),
        (
            lambda r: change_flight(1, departure=r.flights[0].arrival - timedelta(minutes=5))(r),
            "flight 2 departs before flight 1 arrives",
        ),
        (
            lambda r: {"booked_at": r.flights[0].departure + timedelta(minutes=1)},
            "booked_at is not before the first departure",
        ),
        (change_flight(0, from_airport="LIS"), "airport LIS is not one of the asia airports"),
        (
            lambda r: change_stay("hotel", check_out=r.hotel.check_in)(r),
            "hotel check_out is not after check_in",
        ),
        (
            lambda r: change_stay("car_rental", dropoff_date=r.car_rental.pickup_date)(r),
            "car dropoff_date is not after pickup_date",
        ),
        (
            change_stay("car_rental", pickup_airport="JFK"),
            "airport JFK is not one of",
        ),
        (
            lambda r: {
                "travellers": [t.model_copy(update={"type": "child"}) for t in r.travellers]
            },
            "no adult traveller",
        ),
        (
            lambda r: {"travellers": [t.model_copy(update={"email": None}) for t in r.travellers]},
            "first traveller must be an adult with e-mail and phone",
        ),
    ],
    ids=[
        "arrives-first",
        "same-airport",
        "no-connection",
        "tight-connection",
        "booked-late",
        "foreign-airport",
        "hotel-dates",
        "car-dates",
        "car-airport",
        "no-adult",
        "no-contact",
    ],
)
def test_post_process_rejects_what_it_cannot_mend(
    change: Callable[[TravelBooking], dict[str, Any]], message: str
) -> None:
    record = sample(
        lambda r: r.hotel is not None and r.car_rental is not None and len(r.flights) >= 3
    )
    with pytest.raises(InvariantError, match=message):
        travel().post_process(record.model_copy(update=change(record)))


# --- property tests -------------------------------------------------------------------

ASIA = sorted(AIRPORTS["asia"])
START = datetime(2025, 6, 1, tzinfo=timezone.utc)
# Mostly chains of region airports; now and then a foreign one, a repeat, a negative time.
AIRPORT = st.sampled_from([*ASIA[:8] * 3, "LIS"])
LEGS = st.tuples(
    st.lists(AIRPORT, min_size=2, max_size=5),  # the route, airport after airport
    st.lists(st.integers(-30, 600), min_size=4, max_size=4),  # leg durations (minutes)
    st.lists(st.integers(-60, 3000), min_size=4, max_size=4),  # gaps between legs
    st.lists(st.floats(0, 2000, allow_nan=False), min_size=4, max_size=4),  # fares
    st.permutations(range(4)),  # the order the answer lists the legs in
)
STAY = st.none() | st.tuples(st.integers(-1, 10), st.integers(1, 12), st.floats(0, 500))


def stay_models(
    hotel: tuple[int, int, float] | None, car: tuple[int, int, float] | None
) -> tuple[Hotel | None, CarRental | None]:
    first = date(2025, 6, 2)
    made_hotel = made_car = None
    if hotel is not None:
        made_hotel = Hotel(name="Cedar Court Inn", city="Seoul", check_in=first,
                           check_out=first + timedelta(days=hotel[0]), nights=hotel[1],
                           room_type="double", nightly_rate=hotel[2], total=5.0)  # fmt: skip
    if car is not None:
        made_car = CarRental(company="Compass Cars", pickup_airport="ICN", pickup_date=first,
                             dropoff_date=first + timedelta(days=car[0]), days=car[1],
                             car_class="compact", daily_rate=car[2], total=7.0)  # fmt: skip
    return made_hotel, made_car


def must_reject(flights: list[Flight], booked_at: datetime, stays: tuple[Any, Any]) -> bool:
    """The rules that no repair can restore, checked independently of the tool."""
    ordered = sorted(flights, key=lambda f: f.departure)
    bad_leg = any(f.arrival <= f.departure or f.from_airport == f.to_airport for f in ordered)
    bad_link = any(
        b.from_airport != a.to_airport or b.departure <= a.arrival
        for a, b in itertools.pairwise(ordered)
    )
    foreign = any(
        c not in AIRPORTS["asia"] for f in ordered for c in (f.from_airport, f.to_airport)
    )
    hotel, car = stays
    bad_stay = (hotel is not None and hotel.check_out <= hotel.check_in) or (
        car is not None and car.dropoff_date <= car.pickup_date
    )
    return bad_leg or bad_link or foreign or bad_stay or booked_at >= ordered[0].departure


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    legs=LEGS,
    booked=st.integers(-3000, 60),
    hotel=STAY,
    car=STAY,
    price=st.floats(0, 10000, allow_nan=False),
)
def test_post_process_either_rejects_or_returns_a_consistent_booking(
    legs: tuple[list[str], list[int], list[int], list[float], list[int]],
    booked: int,
    hotel: tuple[int, int, float] | None,
    car: tuple[int, int, float] | None,
    price: float,
) -> None:
    route, durations, gaps, fares, order = legs
    moment, flights = START, []
    for n, (source, target) in enumerate(itertools.pairwise(route)):
        arrival = moment + timedelta(minutes=durations[n])
        flights.append(
            Flight(
                flight_number=f"NJ{100 + n}",
                carrier="Northjet",
                from_airport=source,
                to_airport=target,
                departure=moment,
                arrival=arrival,
                cabin="economy",
                fare=fares[n],
            )
        )
        moment = arrival + timedelta(minutes=gaps[n])
    flights = [flights[i] for i in order if i < len(flights)]
    booked_at = START + timedelta(minutes=booked)
    stays = stay_models(hotel, car)
    record = bookings()[0].model_copy(
        update={
            "flights": flights,
            "booked_at": booked_at,
            "hotel": stays[0],
            "car_rental": stays[1],
            "total_price": price,
        }
    )
    tool = travel()
    reject = must_reject(flights, booked_at, stays)

    try:
        repaired = tool.post_process(record)
    except InvariantError:
        assert reject
        return

    assert not reject
    assert tool.invariant_problems(repaired) == []
    assert tool.repair(repaired) == repaired  # idempotent
    assert sorted(f.flight_number for f in repaired.flights) == sorted(
        f.flight_number for f in flights
    )
    assert same_amount(repaired.total_price, fares_and_stays(repaired))
    if repaired.hotel is not None:
        assert repaired.hotel.nights == (repaired.hotel.check_out - repaired.hotel.check_in).days


@settings(max_examples=100, deadline=None)
@given(
    route=st.lists(st.sampled_from(ASIA), min_size=2, max_size=6).filter(
        lambda codes: all(a != b for a, b in itertools.pairwise(codes))
    ),
    durations=st.lists(st.integers(30, 900), min_size=5, max_size=5),
    gaps=st.lists(st.integers(1, 5000), min_size=5, max_size=5),
)
def test_a_booking_built_to_keep_the_rules_has_no_problems(
    route: list[str], durations: list[int], gaps: list[int]
) -> None:
    moment, flights = START, []
    for n, (source, target) in enumerate(itertools.pairwise(route)):
        arrival = moment + timedelta(minutes=durations[n])
        flights.append(
            Flight(
                flight_number=f"TW{10 + n}",
                carrier="Tailwind Air",
                from_airport=source,
                to_airport=target,
                departure=moment,
                arrival=arrival,
                cabin="business",
                fare=100.0 + n,
            )
        )
        moment = arrival + timedelta(minutes=gaps[n])
    base = bookings()[0]
    record = base.model_copy(
        update={
            "flights": flights,
            "booked_at": START - timedelta(days=3),
            "hotel": None,
            "car_rental": None,
            "total_price": round(sum(f.fare for f in flights), 2),
        }
    )
    tool = travel()
    assert tool.invariant_problems(record) == []
    assert tool.post_process(record) == record


# --- text -----------------------------------------------------------------------------


def test_text_holds_the_whole_booking() -> None:
    tool = travel()
    for record in bookings()[:60]:
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


# --- command line ---------------------------------------------------------------------


def test_cli_writes_a_csv_of_bookings(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("travel-booking", "--trip-type", "group", "--region", "africa", "-n", "4",
                   "-f", "csv", "--seed", "3", "-o", "out", "--provider", "offline")  # fmt: skip
    assert done.code == 0, done.stderr
    with (tmp_path / "out" / "travel-booking.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["booking_id"] for row in rows] == [f"BKG-{i:06d}" for i in range(1, 5)]
    assert {row["trip_type"] for row in rows} == {"group"}
    assert {row["region"] for row in rows} == {"africa"}


def test_cli_writes_readable_text(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("travel-booking", "-n", "2", "-f", "txt", "-o", "out", "--provider", "offline")
    assert done.code == 0, done.stderr
    text = (tmp_path / "out" / "travel-booking-000002.txt").read_text(encoding="utf-8")
    assert text.startswith("Booking ")
    assert "Trip: leisure, europe" in text  # the defaults
    assert "Flights\n-------\n1. " in text


@pytest.mark.parametrize(("flag", "value"), [("--trip-type", "cruise"), ("--region", "antarctica")])
def test_cli_refuses_a_bad_choice_naming_the_flag(
    run_cli: Callable[..., Any], flag: str, value: str
) -> None:
    done = run_cli("travel-booking", flag, value, "-n", "1", "--provider", "offline")
    assert done.code == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert flag in lines[0]
    assert value in lines[0]


def test_cli_help_shows_the_flags_with_choices_and_defaults(run_cli: Callable[..., Any]) -> None:
    done = run_cli("travel-booking", "--help")
    assert done.code == 0
    text = " ".join(done.stdout.split())
    assert "--trip-type <business|leisure|family|group|honeymoon|backpacking>" in text
    assert "[default: leisure]" in text
    assert "--region <" + "|".join(REGIONS) + ">" in text
    assert "[default: europe]" in text


@pytest.mark.parametrize("example", TravelBookingTool().examples)
def test_every_example_command_runs(
    run_cli: Callable[..., Any], tmp_path: Path, example: str
) -> None:
    words = shlex.split(example)
    assert words[:2] == ["datagen", "travel-booking"]
    done = run_cli(*words[1:], "-o", "out", "--seed", "1")
    assert done.code == 0, done.stderr
    assert "Wrote" in done.stdout
    assert any((tmp_path / "out").iterdir())
