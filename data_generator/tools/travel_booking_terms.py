"""Cancellation policies and special requests of ``travel-booking``, from a booking's facts.

A policy is drawn from tables keyed by the fare kind (refundable, refundable less a fee,
travel credit, non-refundable) and the hotel rate (free to cancel or prepaid), and names
the booking's own deadlines, amounts, hotel and car. The fare kind follows the cabin and
agrees with the payment: a refunded booking was refundable. Requests are drawn from tables
keyed by who travels (children, infants), the room booked, the car and the trip type.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from collections.abc import Mapping

from data_generator.phrases import Grammar
from data_generator.schema import STRING_MAX_LENGTH

__all__ = ["FARE_KINDS", "fare_kind", "hotel_refundable", "policy", "requests"]

#: Fare kinds of each cabin, with their weights.
FARE_KINDS: dict[str, dict[str, float]] = {
    "economy": {"nonrefundable": 0.4, "fee": 0.3, "credit": 0.2, "refundable": 0.1},
    "premium-economy": {"fee": 0.45, "credit": 0.2, "refundable": 0.35},
    "business": {"refundable": 0.7, "fee": 0.3},
    "first": {"refundable": 1.0},
}
_FARE_DRAW = {
    cabin: (tuple(weights), tuple(itertools.accumulate(weights.values())))
    for cabin, weights in FARE_KINDS.items()
}
#: Fare kinds that agree with a cancelled booking's refund.
_REFUNDED_KINDS = {"refunded": "refundable", "partially-refunded": "fee"}

_POLICY = Grammar({
    "fare_refundable": [
        "{Air} may be cancelled for a full refund until {deadline}, {hours} hours before "
        "departure{lapse?}",
        "{Air} is fully refundable up to {hours} hours before the {route} departure, that is "
        "until {deadline}{lapse?}",
        "a full refund of {air_amount} is given for {air} if it is cancelled before {deadline}",
    ],
    "fare_fee": [
        "{Air} is refundable until {deadline}, less a service fee of {fee} per traveller",
        "cancelling {air} before {deadline} refunds the {air_amount} paid minus {fee} per "
        "traveller",
        "{Air} can be cancelled until {deadline} ({hours} hours before departure) for a "
        "refund less {fee} per traveller{lapse?}",
    ],
    "fare_credit": [
        "{Air} is not refunded in cash: cancelled before {deadline}, its {air_amount} becomes "
        "travel credit valid for {months} months",
        "if {air} is cancelled before {deadline}, the {air_amount} paid is kept as travel "
        "credit for {months} months{lapse?}",
    ],
    "fare_nonrefundable": [
        "{Air} is non-refundable; date changes until {deadline} cost {fee} per ticket plus "
        "any fare difference",
        "no refund is given for {air}, but it can be rebooked until {deadline} for {fee} per "
        "traveller",
        "{Air} cannot be refunded once ticketed; a change before {deadline} costs {fee} per "
        "ticket",
    ],
    "air": [
        "the {cabin} airfare", "the airfare in {cabin}", "the {cabin} fare on {carrier}",
        "the {route} {cabin} fare", "the fare of the {cabin} tickets",
    ],
    "lapse": ["; after that the fare is lost", "; a no-show forfeits the fare",
              "; later cancellations are not refunded"],
    "hotel_free": [
        "{Hotel} can be cancelled free of charge until {hotel_deadline}; after that the "
        "first night ({nightly}) is charged",
        "the {room} at {hotel} is free to cancel until {hotel_deadline}, then one night "
        "({nightly}) is due",
        "{hotel} waives every charge for cancellations made before {hotel_deadline}; later "
        "ones cost the first night, {nightly}",
    ],
    "hotel_prepaid": [
        "the {room} at {hotel} is a prepaid rate: the {nights}-night stay ({hotel_total}) is "
        "not refunded",
        "{hotel} charges the full {hotel_total} for the {nights} nights from {check_in} at "
        "booking and does not refund it",
        "the stay at {hotel} from {check_in} is non-refundable: {hotel_total} for {nights} "
        "nights",
    ],
    "car_terms": [
        "{company} releases the {car_class} car without charge until {car_deadline}; a "
        "no-show at {pickup_airport} costs one day's rent ({daily})",
        "cancelling the {car_class} car from {company} is free up to 48 hours before pick-up "
        "on {pickup_date}",
        "the {car_class} car can be cancelled with {company} until {car_deadline} at no cost",
    ],
})  # fmt: skip

_REQUESTS = Grammar({
    "meal": ["{Meal_kind} meal for {traveller} on {flights}",
             "{traveller} asks for {a meal_kind} meal on {flights}"],
    "meal_kind": ["vegetarian", "vegan", "gluten-free", "halal", "kosher", "low-sodium",
                  "diabetic", "lactose-free", "Hindu vegetarian", "low-fat", "nut-free"],
    "flights": ["all flights", "flight {flight}", "the {route} flight", "every leg"],
    "child_meal": ["Child meal for {child} on {flights}", "Kids' meal for {child} on {flights}"],
    "seat": ["{Seat_kind} seat for {traveller} on {flights}",
             "{traveller} would like {a seat_kind} seat on {flights}"],
    "seat_kind": ["aisle", "window", "front-row", "extra-legroom", "exit-row", "bulkhead"],
    "together": ["Seats together for {lead} and the party of {party} on {flights}",
                 "Seat {lead} next to {second} on {flights}"],
    "bassinet": ["Bassinet position for {infant} on {flights}",
                 "Bassinet seat for baby {infant} on flight {flight}"],
    "cot": ["Cot for {infant} in the {room} at {hotel}",
            "Baby cot in the {room} at {hotel} from {check_in}"],
    "wheelchair": ["Wheelchair assistance for {traveller} at {airport} ({city})",
                   "{traveller} needs a wheelchair from check-in to the gate in {city} "
                   "({airport})"],
    "early": ["Early check-in at {hotel} on {check_in}: flight {arriving} lands at {landing} UTC",
              "Early check-in on {check_in} if the {room} at {hotel} is ready"],
    "late": ["Late check-out from {hotel} on {check_out}, until {late_hour}",
             "Keep the {room} at {hotel} until {late_hour} on {check_out}"],
    "room_pref": ["{Preference} {room} at {hotel}", "{A preference} {room} for the stay from "
                  "{check_in}"],
    "preference": ["quiet", "high-floor", "ground-floor", "non-smoking", "courtyard-facing",
                   "accessible", "connecting"],
    "suite": ["Welcome fruit basket in the suite at {hotel} for {lead}",
              "Butler service in the suite at {hotel} on arrival on {check_in}"],
    "family": ["Extra bed for {child} in the family room at {hotel}",
               "Family room at {hotel} with a sofa bed made up for {child}"],
    "dormitory": ["Lower bunk and a locker for {traveller} in the dormitory at {hotel}",
                  "Bed in a female-only dormitory at {hotel} for {traveller}"],
    "twin": ["Twin beds made up apart in the room at {hotel} from {check_in}"],
    "double": ["King-size bed in the double room at {hotel} from {check_in}"],
    "single": ["Desk and fast Wi-Fi in the single room at {hotel} from {check_in}"],
    "transfer": ["Airport transfer from {stop} to {hotel} on {check_in}",
                 "Pick-up at {stop} arrivals for flight {arriving} on {check_in}"],
    "car_extra": ["{Extra} with the {car_class} car from {company} at {pickup_airport}",
                  "{Extra} for the {car_class} car collected on {pickup_date}"],
    "extra": ["satnav", "snow chains", "a roof box", "unlimited mileage", "a toll transponder"],
    "child_seat": ["Child seat for {child} in the {car_class} car from {company}",
                   "Booster seat for {child} in the {car_class} car on {pickup_date}"],
    "driver": ["{second} as a second driver of the {car_class} car from {company}",
               "Add {second} as a driver of the {car_class} car collected on {pickup_date}"],
    "honeymoon": ["Honeymoon welcome amenity in the {room} at {hotel} for {lead} and {second}",
                  "Flowers and a cake in the {room} at {hotel} on {check_in} for the "
                  "honeymoon"],
    "invoice": ["Invoice addressed to {company_name}, for the attention of {lead}",
                "VAT receipt for {company_name} on {lead}'s booking"],
})  # fmt: skip
#: Policies drawn at most to find one within the wire schema's length bound.
_POLICY_TRIES = 8


def fare_kind(rng: random.Random, cabin: str, payment_status: str) -> str:
    """The fare kind of a booking: a refund says which, else the cabin's weights decide."""
    if payment_status in _REFUNDED_KINDS:
        return _REFUNDED_KINDS[payment_status]
    kinds, cumulative = _FARE_DRAW[cabin]
    return kinds[bisect(cumulative, rng.random() * cumulative[-1], 0, len(kinds) - 1)]


def hotel_refundable(rng: random.Random, fare: str, payment_status: str) -> bool:
    """Whether the hotel rate is free to cancel: it is when the booking was refunded."""
    if payment_status == "refunded" or (payment_status == "partially-refunded" and fare != "fee"):
        return True
    return rng.random() < 0.7


def policy(
    rng: random.Random, fare: str, hotel: str | None, car: bool, facts: Mapping[str, str]
) -> str:
    """The cancellation policy: the fare's terms, then the hotel's and the car's.

    Each is a sentence naming the booking's facts; ``hotel`` is ``hotel_free``,
    ``hotel_prepaid`` or None (no hotel).
    """
    shortest: list[str] = []  # the parts of the shortest policy drawn
    for _ in range(_POLICY_TRIES):
        parts = [_POLICY.sentence(rng, f"fare_{fare}", **facts)]
        if hotel is not None:
            parts.append(_POLICY.sentence(rng, hotel, **facts))
        if car:
            parts.append(_POLICY.sentence(rng, "car_terms", **facts))
        text = " ".join(parts)
        # Within what a model may answer (the wire schema's bound), else the shortest drawn,
        # its car terms in their shortest words if it is still too long.
        if len(text) <= STRING_MAX_LENGTH:
            return text
        if not shortest or len(text) < len(" ".join(shortest)):
            shortest = parts
    if car and len(" ".join(shortest)) > STRING_MAX_LENGTH:
        shortest[-1] = "The {company} car is free to cancel.".format_map(facts)
    return " ".join(shortest)


def requests(
    rng: random.Random, kinds: list[str], count: int, facts: Mapping[str, str]
) -> list[str]:
    """``count`` distinct requests of the kinds ``kinds`` names (tables of the request grammar)."""
    chosen = rng.sample(kinds, min(count, len(kinds)))
    return [_REQUESTS.expand(rng, kind, **facts) for kind in chosen]
