"""Word lists of the ``financial`` scenario: account activity, merchants, institutions."""

from __future__ import annotations

# Activity = (category, sign, weight, (low, high), description templates).
Activity = tuple[str, int, float, tuple[float, float], tuple[str, ...]]
_PURCHASE = ("Card purchase {merchant}", "POS {merchant}", "Contactless {merchant}")
#: Everyday spending, shared by the card and checking accounts.
SPENDING: tuple[Activity, ...] = (
    ("groceries", -1, 5, (8, 180), _PURCHASE),
    ("dining", -1, 4, (6, 120), (*_PURCHASE, "Online order {merchant}")),
    ("transport", -1, 3, (3, 90), (*_PURCHASE, "Top-up {merchant}")),
    ("shopping", -1, 3, (10, 400), (*_PURCHASE, "Online order {merchant}")),
    ("entertainment", -1, 2, (5, 150), ("Subscription {merchant}", "Tickets {merchant}")),
    ("health", -1, 1, (10, 250), _PURCHASE),
    ("travel", -1, 1, (60, 1200), ("Booking {merchant}", "Online order {merchant}")),
    ("utilities", -1, 2, (30, 220), ("Direct debit {merchant}", "Bill payment {merchant}")),
    ("refund", 1, 1, (5, 150), ("Refund from {merchant}", "Merchant credit {merchant}")),
)
#: What happens on each account type.
ACTIVITY: dict[str, tuple[Activity, ...]] = {
    "checking": (
        *SPENDING,
        ("income", 1, 3, (900, 4500), ("Payroll deposit {merchant}", "Salary {merchant}")),
        ("housing", -1, 1, (600, 2800), ("Rent payment to {merchant}", "Mortgage {merchant}")),
        ("cash", -1, 1, (20, 300), ("ATM withdrawal {merchant}",)),
        ("transfer", -1, 1, (50, 1500), ("Transfer to {merchant}",)),
    ),
    "debit-card": (
        *SPENDING,
        ("cash", -1, 1, (20, 300), ("ATM withdrawal {merchant}", "Cash back {merchant}")),
        ("transfer", 1, 1, (100, 2000), ("Top-up from {merchant}",)),
    ),
    "credit-card": (
        *SPENDING,
        ("payment", 1, 1, (100, 2500), ("Payment received, thank you",)),
        ("interest", -1, 0.5, (2, 60), ("Purchase interest charge",)),
        ("fees", -1, 0.3, (5, 45), ("Foreign transaction fee", "Late payment fee")),
    ),
    "savings": (
        ("transfer", 1, 4, (50, 2000), ("Transfer from checking", "Standing order {merchant}")),
        ("transfer", -1, 2, (50, 1500), ("Transfer to checking", "Transfer to {merchant}")),
        ("interest", 1, 1, (0.5, 60), ("Interest paid", "Bonus interest")),
        ("cash", -1, 1, (50, 500), ("Branch withdrawal {merchant}",)),
        ("fees", -1, 0.2, (2, 15), ("Excess withdrawal fee",)),
    ),
    "wire": (
        ("transfer", 1, 3, (500, 25000), ("Incoming wire from {merchant}",)),
        ("transfer", -1, 3, (500, 20000), ("Outgoing wire to {merchant}",)),
        ("fees", -1, 2, (10, 45), ("Wire transfer fee", "Correspondent bank charge")),
        ("income", 1, 1, (1000, 9000), ("International wire, invoice settled by {merchant}",)),
    ),
    "loan": (
        ("payment", 1, 4, (150, 2500), ("Scheduled loan payment", "Extra principal payment")),
        ("interest", -1, 3, (20, 900), ("Interest charged", "Accrued interest")),
        ("fees", -1, 0.5, (15, 75), ("Late payment fee", "Statement fee")),
    ),
    "brokerage": (
        ("investment", -1, 3, (200, 15000), ("Buy {qty} shares of {merchant}",)),
        ("investment", 1, 2, (200, 15000), ("Sell {qty} shares of {merchant}",)),
        ("income", 1, 2, (5, 600), ("Dividend {merchant}",)),
        ("transfer", 1, 1, (500, 10000), ("Deposit from {merchant}",)),
        ("fees", -1, 0.5, (1, 25), ("Commission", "Account maintenance fee")),
        ("interest", 1, 0.5, (0.5, 40), ("Interest on cash balance",)),
    ),
}
_NOT_PRESENT = ("Card-not-present purchase {merchant}", "Online purchase {merchant} (abroad)")
_NEW_PAYEE = ("Transfer to new payee {merchant}", "Wire to unverified beneficiary {merchant}")
#: Fraudulent transactions: on cards (and checking), or by transfer.
FRAUD_ACTIVITY: dict[str, tuple[Activity, ...]] = {
    "card": (
        ("shopping", -1, 3, (150, 2400), _NOT_PRESENT),
        ("cash", -1, 1, (200, 800), ("ATM withdrawal abroad {merchant}",)),
    ),
    "transfer": (("transfer", -1, 1, (500, 9500), _NEW_PAYEE),),
}
#: Counterparties of fraudulent transactions.
FRAUD_MERCHANTS = (
    "Quickpay Global", "Zephyr Digital Goods", "Nimbus Gift Cards", "Orion Electronics Outlet",
    "Vantage Coin Exchange", "Halcyon Trading", "Meridian Prepaid", "Blue Comet Resellers",
)  # fmt: skip
#: Merchant name endings of each category (a company word goes first).
MERCHANT_KINDS: dict[str, tuple[str, ...]] = {
    "groceries": ("Market", "Grocers", "Foods", "Pantry", "Co-op"),
    "dining": ("Cafe", "Bistro", "Kitchen", "Diner", "Noodle Bar", "Bakery"),
    "transport": ("Transit", "Fuel", "Rideshare", "Parking", "Rail"),
    "shopping": ("Outfitters", "Electronics", "Home Goods", "Books", "Hardware"),
    "entertainment": ("Cinema", "Streaming", "Arena", "Games", "Music"),
    "health": ("Pharmacy", "Dental", "Clinic", "Fitness", "Optics"),
    "travel": ("Airlines", "Hotels", "Rail", "Car Rental", "Travel"),
    "utilities": ("Power", "Water", "Telecom", "Broadband", "Gas"),
    "refund": ("Outfitters", "Electronics", "Airlines", "Market"),
    "housing": ("Property Management", "Lettings", "Homes", "Mortgages"),
    "investment": ("Index Fund", "Growth ETF", "Bond Fund", "Holdings", "Technologies"),
}
#: Endings of institution names.
BANK_KINDS = ("Bank", "Credit Union", "Savings Bank", "Trust", "Financial")
