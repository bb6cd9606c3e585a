"""Word lists of the ``financial`` scenario: account activity, merchants, statement lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from data_generator.tools.flat_prose import FlatProse

# Activity = (category, sign, weight, (low, high), statement-line table of LINES).
Activity = tuple[str, int, float, tuple[float, float], str]
#: Everyday spending, shared by the card and checking accounts.
SPENDING: tuple[Activity, ...] = (
    ("groceries", -1, 5, (8, 180), "in_store"),
    ("dining", -1, 4, (6, 120), "in_store_or_online"),
    ("transport", -1, 3, (3, 90), "in_store"),
    ("shopping", -1, 3, (10, 400), "in_store_or_online"),
    ("entertainment", -1, 2, (5, 150), "online"),
    ("health", -1, 1, (10, 250), "in_store"),
    ("travel", -1, 1, (60, 1200), "online"),
    ("utilities", -1, 2, (30, 220), "bill"),
    ("refund", 1, 1, (5, 150), "refund"),
)
#: What happens on each account type.
ACTIVITY: dict[str, tuple[Activity, ...]] = {
    "checking": (
        *SPENDING,
        ("income", 1, 3, (900, 4500), "salary"),
        ("housing", -1, 1, (600, 2800), "housing"),
        ("cash", -1, 1, (20, 300), "atm"),
        ("transfer", -1, 1, (50, 1500), "transfer_out"),
    ),
    "debit-card": (
        *SPENDING,
        ("cash", -1, 1, (20, 300), "atm"),
        ("transfer", 1, 1, (100, 2000), "transfer_in"),
    ),
    "credit-card": (
        *SPENDING,
        ("payment", 1, 1, (100, 2500), "card_payment"),
        ("interest", -1, 0.5, (2, 60), "card_interest"),
        ("fees", -1, 0.3, (5, 45), "card_fee"),
    ),
    "savings": (
        ("transfer", 1, 3, (50, 2000), "own_in"),
        ("transfer", 1, 1, (50, 2000), "transfer_in"),
        ("transfer", -1, 1, (50, 1500), "own_out"),
        ("transfer", -1, 1, (50, 1500), "transfer_out"),
        ("interest", 1, 1, (0.5, 60), "interest_paid"),
        ("cash", -1, 1, (50, 500), "branch_cash"),
        ("fees", -1, 0.2, (2, 15), "savings_fee"),
    ),
    "wire": (
        ("transfer", 1, 3, (500, 25000), "wire_in"),
        ("transfer", -1, 3, (500, 20000), "wire_out"),
        ("fees", -1, 2, (10, 45), "wire_fee"),
        ("income", 1, 1, (1000, 9000), "wire_invoice"),
    ),
    "loan": (
        ("payment", 1, 4, (150, 2500), "loan_payment"),
        ("interest", -1, 3, (20, 900), "loan_interest"),
        ("fees", -1, 0.5, (15, 75), "loan_fee"),
    ),
    "brokerage": (
        ("investment", -1, 3, (200, 15000), "buy"),
        ("investment", 1, 2, (200, 15000), "sell"),
        ("income", 1, 2, (5, 600), "dividend"),
        ("transfer", 1, 1, (500, 10000), "own_in"),
        ("fees", -1, 0.5, (1, 25), "commission"),
        ("interest", 1, 0.5, (0.5, 40), "cash_interest"),
    ),
}
#: Fraudulent transactions: on cards (and checking), or by transfer.
FRAUD_ACTIVITY: dict[str, tuple[Activity, ...]] = {
    "card": (
        ("shopping", -1, 3, (150, 2400), "fraud_card"),
        ("cash", -1, 1, (200, 800), "fraud_atm"),
    ),
    "transfer": (("transfer", -1, 1, (500, 9500), "fraud_transfer"),),
}
#: Counterparties of fraudulent transactions.
FRAUD_MERCHANTS = (
    "Quickpay Global", "Zephyr Digital Goods", "Nimbus Gift Cards", "Orion Electronics Outlet",
    "Vantage Coin Exchange", "Halcyon Trading", "Meridian Prepaid", "Blue Comet Resellers",
)  # fmt: skip
#: Merchant kinds of each category, each with what appears on its statement line (may be
#: empty): a grocery merchant sells groceries, a fuel station fuel.
MERCHANT_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "groceries": {
        "Market": ("",), "Grocers": ("",), "Foods": ("",), "Pantry": ("",),
        "Co-op": ("",), "Farm Shop": ("",), "Supermarket": ("",),
    },
    "dining": {
        "Cafe": ("coffee", "breakfast", ""), "Bistro": ("dinner", "lunch", ""),
        "Kitchen": ("takeaway", "lunch", ""), "Diner": ("breakfast", "dinner", ""),
        "Noodle Bar": ("takeaway", "dinner", ""), "Bakery": ("pastries", ""),
        "Pizzeria": ("delivery", "takeaway", ""),
    },
    "transport": {
        "Fuel": ("fuel pump 2", "fuel pump 4", "fuel pump 7", "unleaded"),
        "Rideshare": ("trip", "airport trip"), "Parking": ("2 h", "day rate", "4 h"),
        "Rail": ("single ticket", "return ticket", "season top-up"),
        "Transit": ("fare top-up", "weekly pass", "monthly pass"),
    },
    "shopping": {
        "Outfitters": ("",), "Electronics": ("",), "Home Goods": ("",), "Books": ("",),
        "Hardware": ("",), "Shoe Store": ("",), "Toy Shop": ("",),
    },
    "entertainment": {
        "Cinema": ("2 tickets", "1 ticket", "4 tickets"),
        "Streaming": ("monthly plan", "annual plan", "premium plan"),
        "Arena": ("event tickets", "concert tickets"), "Games": ("in-app purchase", "game"),
        "Music": ("subscription", "family plan"),
    },
    "health": {
        "Pharmacy": ("prescription", ""), "Dental": ("check-up", "hygienist"),
        "Clinic": ("consultation", ""), "Fitness": ("membership", "class pack"),
        "Optics": ("eye test", "contact lenses"),
    },
    "travel": {
        "Airlines": ("flight booking", "seat selection", "baggage fee"),
        "Hotels": ("2 nights", "3 nights", "1 night", "deposit"),
        "Car Rental": ("rental deposit", "3-day rental"), "Travel": ("package holiday", "tour"),
        "Ferries": ("vehicle crossing", "foot passenger"),
    },
    "utilities": {
        "Power": ("electricity",), "Water": ("water supply",), "Telecom": ("mobile plan",),
        "Broadband": ("home internet",), "Gas": ("gas supply",),
    },
    "refund": {
        "Outfitters": ("returned item",), "Electronics": ("returned item",),
        "Airlines": ("cancelled flight",), "Hotels": ("cancelled stay",),
        "Market": ("price adjustment",),
    },
    "housing": {
        "Property Management": ("rent",), "Lettings": ("rent",), "Homes": ("rent",),
        "Mortgages": ("mortgage",),
    },
    "investment": {
        "Index Fund": ("",), "Growth ETF": ("",), "Bond Fund": ("",), "Holdings": ("",),
        "Technologies": ("",),
    },
}  # fmt: skip
#: First words of merchant names in each category (a kind from MERCHANT_KINDS follows).
MERCHANT_STEMS: dict[str, tuple[str, ...]] = {
    "groceries": ("Harvest", "Green Basket", "Fresh Fields", "Corner", "Hillside", "Daily",
                  "Orchard", "Sunrise", "Village", "Golden Grain"),
    "dining": ("Golden Spoon", "Little Olive", "Blue Door", "Copper Pot", "Saffron", "Juniper",
               "Lantern", "Red Kettle", "Wild Fig", "Salt and Pepper"),
    "transport": ("Metro", "Northline", "Citygo", "Expressway", "Swift", "Harbor", "Crossway",
                  "Greenway"),
    "shopping": ("Brightline", "Cedar", "Maple", "Pinecrest", "Riverbend", "Woodgrove",
                 "Northwind", "Summit"),
    "entertainment": ("Starlight", "Nightowl", "Encore", "Pixel", "Silver Screen", "Echo",
                      "Playhouse", "Riverside"),
    "health": ("Wellspring", "Careway", "Bluebell", "Evergreen", "Clearview", "Vital",
               "Kindred", "Oakridge"),
    "travel": ("Skyward", "Bluewave", "Horizon", "Compass", "Seabird", "Wanderly", "Northstar",
               "Meridian"),
    "utilities": ("Riverbend", "Granite", "Lumen", "Brightwave", "Clearwater", "Northgrid",
                  "Tailspin", "Contoso"),
    "refund": ("Brightline", "Cedar", "Skyward", "Horizon", "Harvest", "Northwind"),
    "housing": ("Parkside", "Elm Court", "Westgate", "Keystone", "Hearth", "Woodgrove"),
    "investment": ("Zenith", "Granite", "Fabrikam", "Contoso", "Orbit", "Lumen", "Summit",
                   "Blue Harbor"),
}  # fmt: skip
#: Endings of institution names.
BANK_KINDS = ("Bank", "Credit Union", "Savings Bank", "Trust", "Financial")
#: Fictional towns of card purchases, and foreign ones of fraudulent cash withdrawals.
CITIES = (
    "Riverton", "Maple Falls", "Cedar Grove", "Lakeshore", "Brookhaven", "Pine Ridge",
    "Harborview", "Stonebridge", "Elmstead", "Foxbury", "Larkmoor", "Wrenfield", "Ashford",
    "Millbrook", "Oakmont", "Kingsbay", "Westhollow", "Fairhaven", "Redcliff", "Thornbury",
)  # fmt: skip
ABROAD = ("Valmora", "Kestria", "Port Aldane", "Nuevo Sarin", "Oskarby", "Tavira Sul")
#: Lines of money moved between the holder's own accounts (the institution is the merchant).
OWN_ACCOUNT_LINES = frozenset(
    {"own_in", "own_out", "card_payment", "loan_payment", "branch_cash", "interest_paid"}
)
#: Lines whose counterparty is a company (the others move money between people).
COMPANY_LINES = frozenset({"salary", "wire_in", "wire_out", "wire_invoice"})
#: Memos of transfers between people.
MEMOS = (
    "rent share", "dinner", "birthday", "holiday costs", "loan repayment", "utilities split",
    "tickets", "groceries", "car share", "gift", "school trip", "deposit",
)  # fmt: skip

# Repeated alternatives weigh more (cheaper to draw than a weighted table).
_CARD = (
    *("Card purchase {merchant}, {city} {detail} ref {ref}",) * 3,
    *("POS {merchant} {city} {detail} ref {ref}",) * 2,
    *("Contactless {merchant}, {city} {detail} ref {ref}",) * 3,
    "Chip and PIN {merchant}, {city} {detail} ref {ref}",
    "Debit {merchant} {city} {on} {detail} ref {ref}",
)
_ONLINE = (
    *("Online purchase {merchant}, internet {detail} ref {ref}",) * 2,
    *("{merchant} online {detail} ref {ref}",) * 2,
    "Card not present {merchant}, web {detail} ref {ref}",
    "In-app payment {merchant} {detail} ref {ref}",
    "Online order {merchant} {on} {detail} ref {ref}",
)
#: Statement-line tables; facts: merchant, city, detail, ref, on (date), month, qty, price,
#: memo, account (a masked account number).
_LINE_TABLES: dict[str, Sequence[str]] = {
    "in_store": _CARD,
    "online": _ONLINE,
    "in_store_or_online": ["{in_store}", "{online}"],
    "bill": [
        "Direct debit {merchant}, {detail} {month} ref {ref}",
        "Bill payment {merchant}, {detail} bill {month} ref {ref}",
        "{merchant} direct debit, {detail} for {month} ref {ref}",
        "Autopay {merchant}, {detail} account {month} ref {ref}",
    ],
    "refund": [
        "Refund from {merchant}, {detail} ref {ref}",
        "Merchant credit {merchant} {detail} ref {ref}",
        "{merchant} refund, {detail} {on} ref {ref}",
        "Card refund {merchant}, {city} ref {ref}",
    ],
    "salary": [
        "Payroll deposit {merchant} {month} ref {ref}",
        "Salary {merchant} {month} ref {ref}",
        "{merchant} payroll {month} ref {ref}",
        "Direct deposit {merchant} salary {month} ref {ref}",
    ],
    "housing": [
        "Standing order {merchant} {detail} {month} ref {ref}",
        "{Detail} payment to {merchant}, {month} ref {ref}",
        "Direct debit {merchant} {detail} {month} ref {ref}",
    ],
    "atm": [
        "ATM withdrawal {merchant}, {city} ref {ref}",
        "Cash withdrawal {city} {merchant} ATM ref {ref}",
        "ATM {city} {on} ref {ref}",
        "Cash back {merchant} {city} ref {ref}",
    ],
    "transfer_out": [
        "Transfer to {merchant}, {memo} ref {ref}",
        "Faster payment to {merchant} {memo} ref {ref}",
        "Online transfer {merchant} {memo} ref {ref}",
        "Payment to {merchant}, {memo} ref {ref}",
    ],
    "transfer_in": [
        "Top-up from {merchant}, {memo} ref {ref}",
        "Transfer from {merchant}, {memo} ref {ref}",
        "Received from {merchant} {memo} ref {ref}",
    ],
    "card_payment": [
        "Payment received, thank you ref {ref}",
        "Payment from account {account} ref {ref}",
        "Direct debit payment, {month} statement ref {ref}",
        "Online payment received {on} ref {ref}",
    ],
    "card_interest": [
        "Purchase interest charge {month} ref {ref}",
        "Interest on purchases, {month} ref {ref}",
        "Cash advance interest {month} ref {ref}",
    ],
    "card_fee": [
        "Foreign transaction fee {merchant} ref {ref}",
        "Late payment fee, {month} statement ref {ref}",
        "Over-limit fee {month} ref {ref}",
        "Annual card fee {month} ref {ref}",
    ],
    "own_in": [
        "Transfer from own account {account} ref {ref}",
        "Standing order from {account} ref {ref}",
        "Monthly saving from {account} ref {ref}",
        "Deposit from linked account {account} ref {ref}",
    ],
    "own_out": [
        "Transfer to own account {account} ref {ref}",
        "Withdrawal to linked account {account} ref {ref}",
        "Sweep to {account} ref {ref}",
    ],
    "interest_paid": [
        "Interest paid {month} ref {ref}",
        "Bonus interest {month} ref {ref}",
        "Gross interest credit {month} ref {ref}",
    ],
    "branch_cash": [
        "Branch withdrawal {city} ref {ref}",
        "Counter withdrawal {city} branch ref {ref}",
    ],
    "savings_fee": [
        "Excess withdrawal fee {month} ref {ref}",
        "Early access charge {on} ref {ref}",
    ],
    "wire_in": [
        "Incoming wire from {merchant} ref {ref}",
        "Inward SWIFT credit {merchant} ref {ref}",
        "Wire received, ordering party {merchant} ref {ref}",
    ],
    "wire_out": [
        "Outgoing wire to {merchant} ref {ref}",
        "SWIFT transfer to {merchant}, invoice settlement ref {ref}",
        "Supplier payment to {merchant} by wire ref {ref}",
        "International payment to {merchant} ref {ref}",
    ],
    "wire_fee": [
        "Wire transfer fee ref {ref}",
        "Correspondent bank charge ref {ref}",
        "SWIFT charge {on} ref {ref}",
    ],
    "wire_invoice": [
        "International wire, invoice settled by {merchant} ref {ref}",
        "Invoice payment from {merchant} ref {ref}",
    ],
    "loan_payment": [
        "Scheduled loan payment {month} ref {ref}",
        "Extra principal payment ref {ref}",
        "Loan repayment from {account} {month} ref {ref}",
    ],
    "loan_interest": [
        "Interest charged {month} ref {ref}",
        "Accrued interest {month} ref {ref}",
        "Monthly interest {month} ref {ref}",
    ],
    "loan_fee": [
        "Late payment fee {month} ref {ref}",
        "Statement fee {month} ref {ref}",
        "Arrangement fee ref {ref}",
    ],
    "buy": [
        "Buy {qty} shares of {merchant} at {price} ref {ref}",
        "Bought {qty} {merchant} @ {price} ref {ref}",
        "Purchase {qty} units {merchant} at {price} ref {ref}",
    ],
    "sell": [
        "Sell {qty} shares of {merchant} at {price} ref {ref}",
        "Sold {qty} {merchant} @ {price} ref {ref}",
        "Sale {qty} units {merchant} at {price} ref {ref}",
    ],
    "dividend": [
        "Dividend {merchant}, {qty} shares ref {ref}",
        "Cash dividend {merchant} {month} ref {ref}",
        "Distribution {merchant} {month} ref {ref}",
    ],
    "commission": [
        "Commission on trade ref {ref}",
        "Account maintenance fee {month} ref {ref}",
        "Custody fee {month} ref {ref}",
    ],
    "cash_interest": [
        "Interest on cash balance {month} ref {ref}",
        "Cash sweep interest {month} ref {ref}",
    ],
    "fraud_card": [
        "Card not present {merchant}, internet (abroad) ref {ref}",
        "Online purchase {merchant}, {city} (abroad) ref {ref}",
        "Foreign online purchase {merchant} ref {ref}",
    ],
    "fraud_atm": ["ATM withdrawal abroad, {city} {merchant} ref {ref}"],
    "fraud_transfer": [
        "Transfer to new payee {merchant} ref {ref}",
        "Wire to unverified beneficiary {merchant} ref {ref}",
        "Urgent payment to new payee {merchant} ref {ref}",
    ],
}
LINES = FlatProse(_LINE_TABLES)


def _facts_of(table: str) -> frozenset[str]:
    """The facts (slots that name no table) a table's expansions may need."""
    slots = {
        slot.removeprefix("a ").removeprefix("A ").rstrip("?").lower()
        for template in _LINE_TABLES[table]
        for slot in re.findall(r"\{([^{}]+)\}", template)
    }
    nested = [_facts_of(slot) for slot in slots if slot in _LINE_TABLES]
    return frozenset(slot for slot in slots if slot not in _LINE_TABLES).union(*nested)


#: The facts each statement-line table needs (so a line computes only those).
LINE_FACTS = {table: _facts_of(table) for table in _LINE_TABLES}
