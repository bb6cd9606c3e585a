"""``ecommerce-order-history``: one customer's orders at an online shop, with returns."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId, ReservedEmail
from data_generator.messages import count_of, indefinite
from data_generator.records import UtcDatetime, cents, in_order, same_amount, total
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    NotSettableError,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import order_history_vocabulary as words
from data_generator.tools.order_history_returns import return_reason

__all__ = ["CustomerOrderHistory", "OrderHistoryOptions", "OrderHistoryTool"]

Industry = Literal[
    "electronics", "apparel", "grocery", "home-garden", "beauty", "sports", "toys", "books"
]
Status = Literal["placed", "shipped", "delivered", "cancelled", "returned"]
Currency = Literal["USD", "EUR", "GBP", "CAD", "AUD"]
LoyaltyTier = Literal["none", "bronze", "silver", "gold", "platinum"]
Segment = Literal["value-seeker", "mainstream", "premium", "business"]
#: An amount rounded to cents that cannot be negative (bound before rounding, so the JSON
#: schema shows a plain ``minimum``).
Amount = Annotated[float, Field(ge=0), AfterValidator(cents)]

TIER_WEIGHTS = {"none": 0.25, "bronze": 0.3, "silver": 0.25, "gold": 0.14, "platinum": 0.06}
SEGMENT_WEIGHTS = {"value-seeker": 0.3, "mainstream": 0.4, "premium": 0.2, "business": 0.1}
#: Order-count bands as offsets above --orders-min, with their weights.
COUNT_BANDS = {(0, 1): 0.5, (2, 4): 0.35, (5, 9): 0.15}
UNDELIVERED = ("placed", "shipped", "cancelled")
FREE_SHIPPING_TIERS = ("gold", "platinum")
FREE_SHIPPING_FROM = 75.0
SHIPPING_FEES = (4.99, 6.99, 9.99)

# Country: currency, regions, postal code shape (# digit, A letter), tax rate.
COUNTRIES: dict[str, tuple[Currency, tuple[str, ...], str, float]] = {
    "US": ("USD", ("Oregon", "Texas", "Ohio", "Vermont", "Arizona"), "#####", 0.07),
    "CA": ("CAD", ("Ontario", "Manitoba", "Nova Scotia", "Alberta"), "A#A #A#", 0.13),
    "GB": ("GBP", ("Devon", "Yorkshire", "Kent", "Cumbria"), "AA# #AA", 0.2),
    "DE": ("EUR", ("Bavaria", "Saxony", "Hesse", "Bremen"), "#####", 0.19),
    "AU": ("AUD", ("Victoria", "Queensland", "Tasmania"), "####", 0.1),
}
COUNTRY_WEIGHTS = {"US": 0.5, "CA": 0.12, "GB": 0.14, "DE": 0.14, "AU": 0.1}


def count_bands(orders_min: int) -> dict[str, float]:
    """The order-count bands for ``--orders-min`` (``"3-4"``, ...) and their weights."""
    return {f"{orders_min + low}-{orders_min + high}": w for (low, high), w in COUNT_BANDS.items()}


def count_band(count: int, orders_min: int) -> str:
    """Name the band of :func:`count_bands` that holds ``count`` (``"other"`` if none)."""
    for low, high in COUNT_BANDS:
        if low <= count - orders_min <= high:
            return f"{orders_min + low}-{orders_min + high}"
    return "other"


class OrderHistoryOptions(BaseModel):
    """Options of the ``ecommerce-order-history`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    industry: Industry = Field(default="electronics", description="What the shop sells.")
    orders_min: int = Field(default=3, ge=1, le=50, description="Fewest orders per customer.")
    returns_percent: float = Field(
        default=10.0, ge=0, le=100, description="Percent of customers with one returned order."
    )


class OrderItem(BaseModel):
    """One line of an order."""

    sku: str = Field(pattern=r"^[A-Z]{3}-\d{6}$", description="Product SKU, ELE-000123.")
    product_name: str = Field(min_length=2, description="Product name.")
    quantity: int = Field(ge=1, description="Units ordered.")
    unit_price: Amount = Field(description="Price of one unit.")
    line_total: Amount = Field(description="quantity times unit_price.")


class Address(BaseModel):
    """A fictional shipping address."""

    street: str = Field(min_length=3, description="House number and street.")
    city: str = Field(min_length=2, description="Fictional town.")
    region: str = Field(min_length=2, description="State, province or county.")
    postal_code: str = Field(min_length=3, max_length=10, description="Postal code.")
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO country code.")


class Order(BaseModel):
    """One order and what became of it."""

    order_id: str = Field(pattern=r"^ORD-\d{6,}-\d{2,}$", description="Order id, ORD-000123-01.")
    placed_at: UtcDatetime = Field(description="When it was placed (UTC).")
    status: Status = Field(description="Where the order stands.")
    items: list[OrderItem] = Field(min_length=1, description="Order lines.")
    subtotal: Amount = Field(description="Sum of the line totals.")
    shipping: Amount = Field(description="Shipping charge.")
    tax: Amount = Field(description="Tax charged.")
    total: Amount = Field(description="subtotal + shipping + tax.")
    currency: Currency = Field(description="ISO currency of every amount.")
    shipping_address: Address = Field(description="Where it was sent.")
    delivered_at: UtcDatetime | None = Field(description="When delivered; delivered/returned.")
    returned_at: UtcDatetime | None = Field(description="When returned; only returned orders.")
    return_reason: str | None = Field(description="Why it was returned; only returned orders.")


class CustomerOrderHistory(BaseModel):
    """One customer's order history."""

    customer_id: Annotated[str, RecordId("CUST")] = Field(description="Customer id, CUST-000123.")
    customer_name: str = Field(description="Fictional full name.")
    email: Annotated[ReservedEmail, Later] = Field(
        description="Reserved example.com/.org/.net address."
    )
    signup_date: date = Field(description="When the account was opened.")
    loyalty_tier: Annotated[LoyaltyTier, Drawn(TIER_WEIGHTS)] = Field(
        description="Loyalty programme tier."
    )
    customer_segment: Annotated[Segment, Drawn(SEGMENT_WEIGHTS)] = Field(
        description="Marketing segment of the customer."
    )
    industry: Annotated[Industry, FromOption("industry")] = Field(
        description="What the shop sells."
    )
    orders: Annotated[list[Order], Later] = Field(min_length=1, description="Orders, oldest first.")
    lifetime_value: Annotated[Amount, Later] = Field(
        description="Sum of the totals of non-cancelled orders."
    )


def _postal_code(rng: random.Random, shape: str) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return "".join(
        str(int(rng.random() * 10)) if c == "#" else synth.choose(rng, letters) if c == "A" else c
        for c in shape
    )


def _with_amounts(order: Order) -> Order:
    """``order`` with its line totals, subtotal and total recomputed."""
    items = [
        i.model_copy(update={"line_total": cents(i.quantity * i.unit_price)}) for i in order.items
    ]
    subtotal = total(item.line_total for item in items)
    grand_total = total((subtotal, order.shipping, order.tax))
    return order.model_copy(update={"items": items, "subtotal": subtotal, "total": grand_total})


def _amount_problems(order: Order) -> list[str]:
    """What does not add up in ``order``'s amounts."""
    problems = []
    if any(not same_amount(i.line_total, i.quantity * i.unit_price) for i in order.items):
        problems.append("a line_total is not quantity x unit_price")
    if not same_amount(order.subtotal, total(item.line_total for item in order.items)):
        problems.append("subtotal is not the sum of the line totals")
    if not same_amount(order.total, order.subtotal + order.shipping + order.tax):
        problems.append("total is not subtotal + shipping + tax")
    return problems


def _delivery_problem(order: Order) -> str | None:
    """Why a delivered or returned ``order``'s delivery time is wrong, if it is."""
    if order.status in UNDELIVERED:
        return None
    if order.delivered_at is None:
        return f"{indefinite(order.status)} order needs delivered_at"
    return "delivered_at is before placed_at" if order.delivered_at < order.placed_at else None


def _return_problem(order: Order) -> str | None:
    """Why a returned ``order``'s return is incomplete or too early, if it is."""
    if order.status != "returned":
        return None
    if order.returned_at is None or not order.return_reason:
        return "a returned order needs returned_at and return_reason"
    if order.delivered_at is not None and order.returned_at < order.delivered_at:
        return "returned_at is before delivered_at"
    return None


def _each_order(record: CustomerOrderHistory, problem: Callable[[Order], Any]) -> list[str]:
    """Every order's problem (a text, or nothing), after its id."""
    return [f"{order.order_id}: {found}" for order in record.orders if (found := problem(order))]


def _mending(
    mend: Callable[[Order], Order],
) -> Callable[[CustomerOrderHistory], CustomerOrderHistory]:
    """A fix that applies ``mend`` to every order of a history."""
    return lambda record: record.model_copy(update={"orders": [mend(o) for o in record.orders]})


def _without_delivery(order: Order) -> Order:
    """``order`` without the delivery time its status rules out."""
    return order.model_copy(update={"delivered_at": None}) if order.status in UNDELIVERED else order


def _without_return(order: Order) -> Order:
    """``order`` without the return its status rules out."""
    if order.status == "returned":
        return order
    return order.model_copy(update={"returned_at": None, "return_reason": None})


def set_has_return(record: dict[str, Any], has_return: bool) -> None:
    """Show ``has_return`` in a history's JSON dump.

    ``True`` returns the last delivered order three days after delivery; ``False`` makes
    every returned order delivered.

    Raises:
        NotSettableError: A return is drawn but no order was delivered.
    """
    orders = record["orders"]
    if not has_return:
        for order in orders:
            if order["status"] == "returned":
                order.update(status="delivered", returned_at=None, return_reason=None)
        return
    delivered = [order for order in orders if order["status"] == "delivered"]
    if not delivered:
        raise NotSettableError("no delivered order to return")
    order = delivered[-1]
    at = datetime.fromisoformat(order["delivered_at"].replace("Z", "+00:00"))
    order.update(
        status="returned",
        returned_at=(at + timedelta(days=3)).isoformat(),
        return_reason=f"{words.APPLIED_REASON}: {order['items'][0]['product_name']}",
    )


def lifetime_value(orders: list[Order]) -> float:
    """The sum of the totals of the orders that were not cancelled."""
    return total(order.total for order in orders if order.status != "cancelled")


class OrderHistoryTool(DataGeneratorTool[OrderHistoryOptions, CustomerOrderHistory]):
    """One customer's order history: orders, items, deliveries and returns."""

    name = "ecommerce-order-history"
    description = "One customer's online orders: items, totals, deliveries, returns."
    attribute_order = ("has_return", "loyalty_tier", "customer_segment", "order_count_band")

    system = (
        "You write realistic, internally consistent e-commerce order histories for test "
        "and demo data. Customers, addresses and products are fictional; e-mail "
        "addresses use example.com, example.org or example.net."
    )

    prompt = (
        "Write the order history of customer number {{$index}} of a shop selling "
        "{{$industry}}.\n"
        "Use these attributes for this customer: {{$attributes}}. order_count_band is how many "
        "orders to list; has_return True means exactly one order has status returned, False "
        "means none.\n"
        "Rules: industry is {{$industry}}; list at least {{$orders_min}} orders, oldest first, "
        "none placed before signup_date, all in one currency. line_total = quantity x "
        "unit_price; subtotal = sum of line totals; total = subtotal + shipping + tax; "
        "lifetime_value = sum of the totals of orders that are not cancelled. Delivered and "
        "returned orders have delivered_at, not before placed_at; placed, shipped and "
        "cancelled orders have none. Only returned orders have returned_at (not before "
        "delivered_at) and a return_reason."
    )

    examples = (
        "datagen ecommerce-order-history --industry apparel --count 20 -o data/apparel-orders "
        "--provider offline",
        "datagen ecommerce-order-history --industry grocery --orders-min 5 --returns-percent "
        "25 -n 50 -f jsonl --seed 7 -o data/grocery-orders --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """Return-or-not and the order-count band (which cannot be set: orders are not made up)."""
        orders_min = self.options.orders_min
        return [
            Attribute.percent(
                "has_return",
                self.options.returns_percent,
                observe=lambda r: any(o["status"] == "returned" for o in r["orders"]),
                apply=set_has_return,
            ),
            Attribute(
                "order_count_band",
                count_bands(orders_min),
                observe=lambda r: count_band(len(r["orders"]), orders_min),
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        first = (synth.ANCHOR - timedelta(days=4 * 365)).date()
        last = (synth.ANCHOR - timedelta(days=120)).date()
        return {"signup_date": lambda rng, _ctx: synth.date_between(rng, first, last)}

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Make the orders: times after signup, statuses, amounts, at most one return."""
        record["email"] = synth.email_address(rng, record["customer_name"])
        low, high = (int(part) for part in ctx.attributes["order_count_band"].split("-"))
        count = low + int(rng.random() * (high - low + 1))
        start = datetime.combine(record["signup_date"], time(), tzinfo=timezone.utc)
        end = synth.ANCHOR - timedelta(days=40)
        moments: list[datetime] = sorted(
            synth.datetime_between(rng, start, end) for _ in range(count)
        )
        returned = int(rng.random() * count) if ctx.attributes["has_return"] else -1
        country = synth.weighted(rng, COUNTRY_WEIGHTS)
        addresses = [self._address(rng, country) for _ in range(1 + int(rng.random() * 2))]
        orders = []
        for number, placed in enumerate(moments):
            if number == returned:
                status = "returned"
            elif number == count - 1:
                status = synth.weighted(
                    rng, {"placed": 0.15, "shipped": 0.2, "delivered": 0.55, "cancelled": 0.1}
                )
            else:
                status = synth.weighted(rng, {"delivered": 0.9, "cancelled": 0.1})
            if status in ("placed", "shipped"):  # still on its way: a recent order
                placed_at = synth.ANCHOR - timedelta(minutes=60 + int(rng.random() * 8000))
            else:
                placed_at = placed
            order = self._order(
                rng, ctx.attributes, country=country, status=status, placed_at=placed_at
            )
            order["order_id"] = f"ORD-{ctx.index:06d}-{number + 1:02d}"
            order["shipping_address"] = addresses[int(rng.random() * len(addresses))]
            orders.append(order)
        record["orders"] = orders
        record["lifetime_value"] = total(o["total"] for o in orders if o["status"] != "cancelled")
        return record

    def _address(self, rng: random.Random, country: str) -> dict[str, str]:
        _currency, regions, shape, _tax = COUNTRIES[country]
        number = 1 + int(rng.random() * 400)
        return {
            "street": f"{number} {synth.fill(rng, '{street} {kind}', words.PLACES)}",
            "city": synth.choose(rng, words.PLACES["city"]),
            "region": synth.choose(rng, regions),
            "postal_code": _postal_code(rng, shape),
            "country": country,
        }

    def _order(
        self,
        rng: random.Random,
        attributes: Mapping[str, Any],
        *,
        country: str,
        status: str,
        placed_at: datetime,
    ) -> dict[str, Any]:
        """Draft one order (without id and address): items, amounts, delivery and return."""
        items = self._items(rng, attributes["customer_segment"])
        currency, _regions, _shape, tax_rate = COUNTRIES[country]
        subtotal = total(item["line_total"] for item in items)
        free = attributes["loyalty_tier"] in FREE_SHIPPING_TIERS or subtotal >= FREE_SHIPPING_FROM
        shipping = 0.0 if free else SHIPPING_FEES[int(rng.random() * len(SHIPPING_FEES))]
        tax = cents(subtotal * tax_rate)
        return {
            "placed_at": placed_at,
            "status": status,
            "items": items,
            "subtotal": subtotal,
            "shipping": shipping,
            "tax": tax,
            "total": total((subtotal, shipping, tax)),
            "currency": currency,
            **self._outcome(rng, status, placed_at, items),
        }

    def _items(self, rng: random.Random, segment: str) -> list[dict[str, Any]]:
        """One to four different products, priced and counted for the customer's segment."""
        prefix, products = words.CATALOG[self.options.industry]
        # Where in each product's price range this customer buys, and how many units.
        low, high = {"value-seeker": (0.0, 0.5), "premium": (0.5, 1.0)}.get(segment, (0.0, 1.0))
        most = 10 if segment == "business" else 2
        items: list[dict[str, Any]] = []
        picked = rng.sample(range(len(products)), 1 + int(rng.random() * 4))
        for number in picked:
            name, cheapest, dearest = products[number]
            position = low + rng.random() * (high - low)
            unit_price = cents(cheapest + position * (dearest - cheapest))
            quantity = 1 + int(rng.random() ** 2 * most)
            items.append(
                {
                    "sku": f"{prefix}-{100100 + 37 * number:06d}",
                    "product_name": name,
                    "quantity": quantity,
                    "unit_price": unit_price,
                    "line_total": cents(quantity * unit_price),
                }
            )
        return items

    def _outcome(
        self, rng: random.Random, status: str, placed_at: datetime, items: list[dict[str, Any]]
    ) -> dict[str, datetime | str | None]:
        """The delivery and return fields an order with ``status`` has.

        A return's reason names one of ``items`` and fits its category and the timeline.
        """
        outcome: dict[str, datetime | str | None] = dict.fromkeys(
            ("delivered_at", "returned_at", "return_reason")
        )
        if status not in ("delivered", "returned"):
            return outcome
        delivered = placed_at + timedelta(minutes=1440 + int(rng.random() * 10000))
        outcome["delivered_at"] = delivered
        if status == "returned":
            returned = delivered + timedelta(minutes=600 + int(rng.random() * 40000))
            outcome["returned_at"] = returned
            industry = self.options.industry
            item = items[int(rng.random() * len(items))]["product_name"]
            outcome["return_reason"] = return_reason(
                rng,
                industry,
                words.CATEGORY_OF[industry][item],
                item,
                delivery_days=(delivered - placed_at).days,
                kept_days=(returned - delivered).days,
            )
        return outcome

    @rule("too few orders")
    def enough_orders(self, record: CustomerOrderHistory) -> bool | str:
        least = self.options.orders_min
        return len(record.orders) >= least or f"fewer than {count_of(least, 'order')}"

    @rule("orders are in more than one currency")
    def one_currency(self, record: CustomerOrderHistory) -> bool:
        return len({order.currency for order in record.orders}) <= 1

    @rule(
        "orders are not in time order",
        fix=lambda record: record.model_copy(
            update={"orders": sorted(record.orders, key=lambda order: order.placed_at)}
        ),
    )
    def orders_in_time_order(self, record: CustomerOrderHistory) -> bool:
        return in_order([order.placed_at for order in record.orders])

    @rule("an order's amounts do not add up", fix=_mending(_with_amounts))
    def amounts_add_up(self, record: CustomerOrderHistory) -> list[str]:
        return [f"{o.order_id}: {found}" for o in record.orders for found in _amount_problems(o)]

    @rule("an undelivered order has delivered_at", fix=_mending(_without_delivery))
    def delivery_only_when_delivered(self, record: CustomerOrderHistory) -> list[str]:
        return _each_order(
            record,
            lambda o: (
                o.status in UNDELIVERED
                and o.delivered_at is not None
                and f"{indefinite(o.status)} order cannot have delivered_at"
            ),
        )

    @rule("a delivered order has no valid delivered_at")
    def delivered_orders_have_a_time(self, record: CustomerOrderHistory) -> list[str]:
        return _each_order(record, _delivery_problem)

    @rule("an order that is not returned has a return", fix=_mending(_without_return))
    def return_only_when_returned(self, record: CustomerOrderHistory) -> list[str]:
        return _each_order(
            record,
            lambda o: (
                o.status != "returned"
                and (o.returned_at is not None or o.return_reason is not None)
                and f"{indefinite(o.status)} order cannot have a return"
            ),
        )

    @rule("a returned order has no valid return")
    def returns_have_a_time_and_reason(self, record: CustomerOrderHistory) -> list[str]:
        return _each_order(record, _return_problem)

    @rule("an order is placed before signup_date")
    def placed_after_signup(self, record: CustomerOrderHistory) -> list[str]:
        return _each_order(
            record,
            lambda o: o.placed_at.date() < record.signup_date and "placed before signup_date",
        )

    @rule(
        "lifetime_value is not the sum of non-cancelled order totals",
        fix=lambda record: record.model_copy(
            update={"lifetime_value": lifetime_value(record.orders)}
        ),
    )
    def lifetime_value_adds_up(self, record: CustomerOrderHistory) -> bool:
        return same_amount(record.lifetime_value, lifetime_value(record.orders))

    def render_text(self, record: CustomerOrderHistory) -> str:
        """A readable account statement: customer facts, then one section per order."""
        currency = record.orders[0].currency
        sections = []
        for order in record.orders:
            money = order.currency
            place = order.shipping_address
            lines = [
                f"Placed: {order.placed_at.isoformat()}",
                f"Ship to: {place.street}, {place.city}, {place.region} {place.postal_code}, "
                f"{place.country}",
            ]
            lines += [
                f"- {i.quantity} x {i.product_name} ({i.sku}) at {i.unit_price:.2f} = "
                f"{i.line_total:.2f} {money}"
                for i in order.items
            ]
            lines.append(
                f"Subtotal {order.subtotal:.2f}, shipping {order.shipping:.2f}, tax "
                f"{order.tax:.2f}, total {order.total:.2f} {money}"
            )
            if order.delivered_at is not None:
                lines.append(f"Delivered: {order.delivered_at.isoformat()}")
            if order.returned_at is not None:
                lines.append(f"Returned: {order.returned_at.isoformat()} ({order.return_reason})")
            sections.append((f"{order.order_id} ({order.status})", "\n".join(lines)))
        return render_document(
            f"Order history of {record.customer_name} ({record.customer_id})",
            facts=[
                ("E-mail", record.email),
                ("Customer since", record.signup_date.isoformat()),
                ("Loyalty tier", record.loyalty_tier),
                ("Segment", record.customer_segment),
                ("Shop", record.industry),
                ("Orders", len(record.orders)),
                ("Lifetime value", f"{record.lifetime_value:.2f} {currency}"),
            ],
            sections=sections,
        )
