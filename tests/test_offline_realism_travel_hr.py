"""Offline travel bookings and HR records read like the real thing (issue 15).

Their prose varies with the data set (the variety measure of tests/offline_variety.py over
10,000 records), flights take as long as their great-circle distance says, prices follow
nights x rate, and every policy, request and note agrees with its record's facts.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from offline_variety import measure, offline_json_records

from data_generator.cli.show import example_options
from data_generator.synth import ANCHOR
from data_generator.tools.hr_employee import RATING_BAND, HrEmployeeTool
from data_generator.tools.hr_employee_facts import period_end
from data_generator.tools.hr_employee_vocabulary import ROLES, TEAM
from data_generator.tools.travel_booking import TravelBookingTool
from data_generator.tools.travel_booking_routes import COORDINATES
from data_generator.tools.travel_booking_vocabulary import AIRPORTS

Record = dict[str, Any]
REGIONS = tuple(AIRPORTS)


@functools.cache
def bookings(trip_type: str, region: str, count: int = 1000) -> tuple[Record, ...]:
    tool = TravelBookingTool({"trip_type": trip_type, "region": region})
    return tuple(offline_json_records(tool, count, seed=7))


@functools.cache
def employees(record_type: str, department: str, count: int = 1000) -> tuple[Record, ...]:
    tool = HrEmployeeTool({"record_type": record_type, "department": department})
    return tuple(offline_json_records(tool, count, seed=7))


def mixed_bookings() -> list[Record]:
    kinds = ("leisure", "family", "business", "honeymoon", "backpacking", "group", "leisure")
    return [r for kind, region in zip(kinds, REGIONS, strict=True) for r in bookings(kind, region)]


# --- variety ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "options"),
    [
        (TravelBookingTool, example_options(TravelBookingTool)),
        (TravelBookingTool, {"trip_type": "family", "region": "asia"}),
        (TravelBookingTool, {"trip_type": "business", "region": "south-america"}),
        (HrEmployeeTool, example_options(HrEmployeeTool)),
        (HrEmployeeTool, {"record_type": "performance-review", "department": "engineering"}),
        (HrEmployeeTool, {"record_type": "performance-review", "department": "support"}),
        (HrEmployeeTool, {"record_type": "leave-request", "department": "legal"}),
    ],
    ids=lambda value: value.name if isinstance(value, type) else "-".join(value.values()),
)
def test_free_text_varies_over_ten_thousand_records(tool: Any, options: dict[str, str]) -> None:
    records = offline_json_records(tool(options), 10_000)
    fields = measure(tool.record_model, records)
    assert fields  # the scenario has prose to measure
    for field in fields:
        assert field.distinct_share >= 0.5, field
        assert field.top_sentence_share <= 0.01, field


# --- travel: flights, prices, names -------------------------------------------------------


def great_circle_km(here: str, there: str) -> float:
    (lat1, lon1), (lat2, lon2) = (map(math.radians, COORDINATES[code]) for code in (here, there))
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(
        lon2 - lon1
    )
    return 6371.0 * math.acos(min(1.0, cosine))


def minutes(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / 60


def test_every_airport_has_coordinates_where_its_city_lies() -> None:
    assert set(COORDINATES) == {code for airports in AIRPORTS.values() for code in airports}
    assert 1400 < great_circle_km("LIS", "CDG") < 1550
    assert 4550 < great_circle_km("EZE", "BOG") < 4800  # the 1 h flight


def test_flight_time_follows_great_circle_distance() -> None:
    flights = [flight for record in mixed_bookings() for flight in record["flights"]]
    assert len(flights) > 10_000
    for flight in flights:
        expected = great_circle_km(flight["from_airport"], flight["to_airport"]) / 800 * 60 + 30
        took = minutes(flight["departure"], flight["arrival"])
        assert abs(took - expected) <= 0.3 * expected, (flight, expected)
    longest = max(minutes(f["departure"], f["arrival"]) for f in flights)
    assert (
        longest > 10 * 60
    )  # long-haul flights take long: Perth to Papeete, Cape Town to Casablanca


def test_a_connection_lies_on_the_way() -> None:
    for record in mixed_bookings():
        for before, after in zip(record["flights"], record["flights"][1:], strict=False):
            if after["departure"][:10] != before["arrival"][:10]:
                continue  # a later hop, not a connection
            direct = great_circle_km(before["from_airport"], after["to_airport"])
            via = great_circle_km(before["from_airport"], before["to_airport"]) + (
                great_circle_km(after["from_airport"], after["to_airport"])
            )
            assert via <= 1.3 * direct + 1, record["flights"]


def test_stays_cost_their_nights_times_their_rate() -> None:
    stays = 0
    for record in mixed_bookings():
        if (hotel := record["hotel"]) is not None:
            stays += 1
            nights = date.fromisoformat(hotel["check_out"]) - date.fromisoformat(hotel["check_in"])
            assert hotel["nights"] == nights.days >= 1
            assert hotel["total"] == pytest.approx(
                hotel["nights"] * hotel["nightly_rate"], abs=0.01
            )
            assert hotel["check_in"] == record["flights"][0]["arrival"][:10]
        if (car := record["car_rental"]) is not None:
            assert car["total"] == pytest.approx(car["days"] * car["daily_rate"], abs=0.01)
    assert stays > 3000


def test_names_fit_what_they_name() -> None:
    lodging = (
        "Hotel",
        "Inn",
        "Suites",
        "Lodge",
        "Residence",
        "Hostel",
        "Guesthouse",
        "Backpackers",
    )
    airline = ("Air", "Airways", "Airlines", "jet", "Express", "Regional")
    for record in mixed_bookings():
        if record["hotel"] is not None:
            assert any(word in record["hotel"]["name"].split() for word in lodging), record["hotel"]
        for flight in record["flights"]:
            assert any(word in flight["carrier"] for word in airline), flight


# --- travel: policy and requests agree with the booking --------------------------------------

DEADLINE = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d) UTC")


def test_the_cancellation_policy_follows_the_payment_the_dates_and_the_stay() -> None:
    refunds = 0
    for record in mixed_bookings():
        policy = record["cancellation_policy"]
        departure = datetime.fromisoformat(record["flights"][0]["departure"])
        match = DEADLINE.search(policy)
        assert match, policy
        deadline = datetime.fromisoformat(f"{match.group(1)}+00:00")
        assert departure - deadline in {timedelta(hours=h) for h in (24, 48, 72, 168)}, policy
        if record["payment_status"] == "refunded":
            refunds += 1
            assert "full refund" in policy or "fully refundable" in policy, policy
            refusals = ("non-refundable", "cannot be refunded", "no refund", "in cash", "prepaid")
            assert not any(words in policy for words in refusals), policy
        if record["payment_status"] == "partially-refunded":
            assert "minus" in policy or "less" in policy, policy
        hotel, car = record["hotel"], record["car_rental"]
        assert (hotel is not None) == ("night" in policy), policy
        if hotel is not None:
            assert hotel["name"] in policy
            assert f"{hotel['nightly_rate']:.2f}" in policy or f"{hotel['total']:.2f}" in policy
        assert (car is not None) == ("car" in policy), policy
        if car is not None:
            assert car["company"] in policy
    assert refunds > 100


FLIGHT_NUMBER = re.compile(r"\b[A-Z]{2}\d{2,4}\b")
HOTEL_REQUEST = re.compile(r"check-in (?:at|on)|check-out|\broom\b|\bsuite\b|dormitory|\bcot\b")


def test_special_requests_name_only_the_bookings_people_flights_hotel_and_car() -> None:
    seen = 0
    for record in mixed_bookings():
        kinds = {t["type"] for t in record["travellers"]}
        numbers = {f["flight_number"] for f in record["flights"]}
        for request in record["special_requests"]:
            seen += 1
            assert set(FLIGHT_NUMBER.findall(request)) <= numbers, request
            if re.search(r"Bassinet|cot\b", request, re.I):
                assert "infant" in kinds, request
            if re.search(r"Child meal|Kids' meal|Child seat|Booster|Extra bed for", request):
                assert "child" in kinds, request
            if re.search(
                r"check-in (?:at|on)|check-out|\broom\b|\bsuite\b|dormitory|\bcot\b", request
            ):
                hotel = record["hotel"]
                assert hotel is not None, request
                assert any(fact in request for fact in (hotel["name"], hotel["check_in"])), request
            if " car " in request:
                assert record["car_rental"] is not None, request
            names = re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", request)
            party = {t["name"] for t in record["travellers"]}
            for name in names:
                first_word = name.split()[0]
                if any(t.startswith(first_word + " ") for t in party):
                    assert name in party, request
    assert seen > 5000


# --- HR: notes, goals, strengths and improvements follow the employee ------------------------


def test_notes_open_with_the_record_types_facts() -> None:
    for record in employees("profile", "sales"):
        notes, first = record["notes"], record["full_name"].split()[0]
        assert notes.startswith(first), notes
        if record["status"] == "terminated":
            assert f"left Sales on {record['termination_date']}" in notes
        elif record["status"] == "active":
            assert f"{record['job_title']} in Sales since {record['hire_date']}" in notes
        else:
            assert "is on leave" in notes
    for record in employees("offboarding", "finance"):
        assert f"last day is {record['termination_date']}" in record["notes"]
    for record in employees("leave-request", "operations"):
        leave = record["leave"]
        assert (
            f"{leave['days']} {'more ' if record['status'] == 'on-leave' else ''}working days "
            f"of {leave['type']} leave from {leave['start']} to {leave['end']}"
        ) in record["notes"]
        for approved in re.findall(r"approved by [A-Za-z ]+ on (\S+)\.", record["notes"]):
            assert record["hire_date"] <= approved <= leave["start"]
    for record in employees("compensation-change", "support"):
        salary = record["salary"]
        assert f"pay moves to {salary['amount']:,.2f} {salary['currency']}" in record["notes"]


BAND_WORDS = {
    "below-expectations": "did not meet",
    "meets-expectations": "met the",
    "exceeds-expectations": "exceeded",
}


@pytest.mark.parametrize("department", ["engineering", "marketing", "hr"])
def test_a_review_speaks_of_its_own_period_rating_and_person(department: str) -> None:
    for record in employees("performance-review", department):
        review, first = record["performance"], record["full_name"].split()[0]
        band = RATING_BAND[review["rating"]]
        assert BAND_WORDS[band] in record["notes"].split(".")[0], record["notes"]
        assert f"the {review['period']} " in record["notes"]
        assert review["strengths"].startswith(first)
        assert review["improvements"].startswith(first)
        deadlines = (review["period"], f"{period_end(review['period']):%d %B %Y}")
        for goal in review["goals"]:
            assert any(deadline in goal for deadline in deadlines), goal
        assert len(set(review["goals"])) == len(review["goals"])


def test_job_titles_fit_their_department() -> None:
    for department in ROLES:
        for record in employees("profile", department, 300):
            title = record["job_title"]
            assert any(role in title for role in ROLES[department]) or TEAM[department] in title
            if record["employment_type"] == "intern":
                hired = date.fromisoformat(record["hire_date"])
                assert (ANCHOR.date() - hired).days < 365  # an internship lasts months
