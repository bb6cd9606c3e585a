"""``financial``: account statements with running balances and labelled fraud."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from itertools import accumulate
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator import synth
from data_generator.markers import Drawn, FromOption, Later, RecordId
from data_generator.messages import indefinite
from data_generator.pii import sensitive_numbers
from data_generator.records import Money, cents, in_order, same_amount, total
from data_generator.tool import (
    Attribute,
    DataGeneratorTool,
    Hint,
    RecordContext,
    render_document,
    rule,
)
from data_generator.tools import financial_vocabulary as words

__all__ = ["FinancialOptions", "FinancialStatement", "FinancialTool", "Transaction"]

AccountType = Literal[
    "credit-card", "debit-card", "checking", "savings", "wire", "loan", "brokerage"
]
Currency = Literal["USD", "EUR", "GBP", "CAD", "AUD", "CHF"]
SpendingProfile = Literal["frugal", "moderate", "affluent"]
Category = Literal[
    "groceries", "dining", "transport", "utilities", "housing", "shopping", "entertainment",
    "health", "travel", "cash", "income", "transfer", "payment", "refund", "interest", "fees",
    "investment",
]  # fmt: skip

CARD_TYPES = ("credit-card", "debit-card")
CURRENCY_WEIGHTS = {"USD": 0.5, "EUR": 0.2, "GBP": 0.12, "CAD": 0.08, "AUD": 0.06, "CHF": 0.04}
PROFILE_WEIGHTS = {"frugal": 0.3, "moderate": 0.45, "affluent": 0.25}
PERIOD_WEIGHTS = {"weekly": 0.15, "monthly": 0.65, "quarterly": 0.2}
PROFILE_SCALE = {"frugal": 0.5, "moderate": 1.0, "affluent": 2.5}
#: Opening balance range per account type; negative means money owed.
OPENING: dict[str, tuple[float, float]] = {
    "credit-card": (-3500, 0), "debit-card": (150, 6000), "checking": (200, 8000),
    "savings": (1000, 40000), "wire": (2000, 80000), "loan": (-180000, -4000),
    "brokerage": (2000, 90000),
}  # fmt: skip


def period_of(start: dt.date, end: dt.date) -> str:
    """Name the statement period ``start``..``end`` spans: weekly, monthly or quarterly."""
    days = (end - start).days + 1
    return "weekly" if days <= 10 else "monthly" if days <= 31 else "quarterly"


def set_fraud(record: dict[str, Any], fraud: bool) -> None:
    """Show ``fraud`` in a statement's JSON dump.

    ``True`` marks the largest debit fraudulent; ``False`` clears every fraud label.
    """
    transactions = record["transactions"]
    if fraud:
        min(transactions, key=lambda tx: tx["amount"])["is_fraud"] = True
    else:
        for tx in transactions:
            tx["is_fraud"] = False


def set_period(record: dict[str, Any], period: str) -> None:
    """Make a statement's period ``weekly``, ``monthly`` or ``quarterly`` from its start."""
    start = dt.date.fromisoformat(record["start_date"])
    if period == "weekly":
        end = start + dt.timedelta(days=6)
    else:
        end = _plus_months(start, 1 if period == "monthly" else 3) - dt.timedelta(days=1)
    record["end_date"] = end.isoformat()


def _plus_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (clamped to the end of a short month)."""
    first = _month(day, months)
    return first.replace(day=min(day.day, (_month(first, 1) - dt.timedelta(days=1)).day))


def balances_after(opening: float, amounts: Iterable[float]) -> list[float]:
    """The running balance after each amount, starting from ``opening``."""
    balances = accumulate(amounts, lambda b, amount: cents(b + amount), initial=cents(opening))
    return list(balances)[1:]


def _closing(record: FinancialStatement) -> float:
    """The opening balance plus every transaction's amount."""
    return total([record.opening_balance, *(tx.amount for tx in record.transactions)])


def _with_running_balances(record: FinancialStatement) -> FinancialStatement:
    """``record`` with every balance_after recomputed from the opening balance."""
    balances = balances_after(record.opening_balance, [tx.amount for tx in record.transactions])
    fixed = zip(record.transactions, balances, strict=True)
    return record.model_copy(
        update={"transactions": [tx.model_copy(update={"balance_after": b}) for tx, b in fixed]}
    )


def _month(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after the month of ``first``."""
    month = first.month - 1 + months
    return dt.date(first.year + month // 12, month % 12 + 1, 1)


def _period(rng: random.Random, period: str) -> tuple[dt.date, dt.date]:
    anchor = synth.ANCHOR.date().replace(day=1)
    if period == "weekly":
        start = synth.date_between(
            rng, anchor - dt.timedelta(days=400), anchor - dt.timedelta(days=7)
        )
        return start, start + dt.timedelta(days=6)
    months = 1 if period == "monthly" else 3
    start = _month(anchor, -months * (1 + int(rng.random() * 18 / months)))
    return start, _month(start, months) - dt.timedelta(days=1)


def _transaction(
    rng: random.Random,
    institution: str,
    activities: tuple[words.Activity, ...],
    scale: float,
    *,
    fraud: bool,
    day: dt.date,
    account: str,
) -> dict[str, Any]:
    """Draft one transaction on ``day`` (without id and balance) from ``activities``.

    Its merchant fits its category, and its description is a statement line naming the
    merchant, where it was paid (a town, or online) and a reference.
    """
    picked = _DISTRIBUTIONS[id(activities)].draw(rng)
    category, sign, _, (low, high), line = activities[int(picked)]
    amount = cents(sign * (low + rng.random() * (high - low)) * scale)
    detail = ""
    if fraud:
        merchant = synth.choose(rng, words.FRAUD_MERCHANTS)
    elif category in words.MERCHANT_KINDS or line == "dividend":
        group = "investment" if line == "dividend" else category
        kind = synth.choose(rng, _KIND_NAMES[group])
        merchant = f"{synth.choose(rng, words.MERCHANT_STEMS[group])} {kind}"
        detail = synth.choose(rng, words.MERCHANT_KINDS[group][kind])
    elif line in words.COMPANY_LINES:
        merchant = synth.company_name(rng)
    elif category == "transfer" and line not in words.OWN_ACCOUNT_LINES:
        merchant = synth.person_name(rng)
    else:
        merchant = institution
    needs = words.LINE_FACTS[line]
    facts = {"merchant": merchant, "detail": detail, "ref": f"{int(rng.random() * 0x1000000):06X}"}
    if "city" in needs:
        facts["city"] = synth.choose(rng, words.ABROAD if fraud else words.CITIES)
    if "on" in needs:
        facts["on"] = f"{day.day:02d} {_MONTHS[day.month]}"
    if "month" in needs:
        facts["month"] = f"{_MONTHS[day.month]} {day.year}"
    if "qty" in needs:
        qty = 1 + int(rng.random() * 120)
        facts["qty"] = str(qty)
        facts["price"] = f"{abs(amount) / qty:,.2f}"
    if "memo" in needs:
        facts["memo"] = synth.choose(rng, words.MEMOS)
    facts["account"] = account
    facts["Detail"] = detail[:1].upper() + detail[1:]
    description = words.LINES.expand(rng, line, facts)
    return {
        "date": day,
        "description": description,
        "merchant": merchant,
        "amount": amount,
        "category": category,
        "is_fraud": fraud,
    }


_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Merchant kinds of each category, in a fixed order for drawing.
_KIND_NAMES = {category: tuple(kinds) for category, kinds in words.MERCHANT_KINDS.items()}
#: Prepared draws over each activity table, keyed by the table's identity.
_DISTRIBUTIONS = {
    id(table): synth.Distribution({str(n): activity[2] for n, activity in enumerate(table)})
    for table in (*words.ACTIVITY.values(), *words.FRAUD_ACTIVITY.values())
}


class FinancialOptions(BaseModel):
    """Options of the ``financial`` scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    transaction_type: AccountType = Field(
        default="checking", description="Kind of account the statements are for."
    )
    transaction_count_max: int = Field(
        default=20, ge=1, le=200, description="Most transactions on one statement."
    )
    fraud_percent: float = Field(
        default=5.0, ge=0, le=100, description="Share of statements with fraud, in percent."
    )


class Transaction(BaseModel):
    """One line of the statement."""

    tx_id: str = Field(pattern=r"^TXN-\d{6,}-\d{3,}$", description="Id, TXN-000123-001.")
    date: dt.date = Field(description="Posting date, inside the statement period.")
    description: str = Field(min_length=1, description="Statement text of the transaction.")
    merchant: str = Field(min_length=1, description="Fictional merchant or counterparty.")
    amount: Money = Field(description="Signed amount: credits positive, debits negative.")
    balance_after: Money = Field(description="Account balance after this transaction.")
    category: Category = Field(description="Spending or money-movement category.")
    is_fraud: bool = Field(description="Whether the transaction is fraudulent (a label).")


class FinancialStatement(BaseModel):
    """A fictional account statement for one period."""

    statement_id: Annotated[str, RecordId("STM")] = Field(description="Statement id, STM-000123.")
    account_id: str = Field(pattern=r"^ACC-\d{8}$", description="Account id, ACC-00001234.")
    account_type: Annotated[AccountType, FromOption("transaction_type")] = Field(
        description="Kind of account (the --transaction-type)."
    )
    account_holder: str = Field(min_length=1, description="Fictional account holder's name.")
    institution: str = Field(min_length=1, description="Fictional bank or broker.")
    masked_card_number: str | None = Field(
        pattern=r"^\*{4} \*{4} \*{4} \d{4}$",
        description="Card accounts only: '**** **** **** 1234'; never a full number.",
    )
    spending_profile: Annotated[SpendingProfile, Drawn(PROFILE_WEIGHTS)] = Field(
        description="Holder's spending level (a label)."
    )
    currency: Annotated[Currency, Drawn(CURRENCY_WEIGHTS)] = Field(
        description="ISO 4217 code of every amount."
    )
    start_date: Annotated[dt.date, Later] = Field(description="First day of the statement period.")
    end_date: Annotated[dt.date, Later] = Field(description="Last day of the statement period.")
    opening_balance: Annotated[Money, Later] = Field(
        description="Balance at the start; negative means owed."
    )
    closing_balance: Annotated[Money, Later] = Field(
        description="Opening balance plus every transaction."
    )
    transactions: Annotated[list[Transaction], Later] = Field(
        min_length=1, description="Transactions in date order, each with the running balance."
    )


class FinancialTool(DataGeneratorTool[FinancialOptions, FinancialStatement]):
    """Account statements with running balances, categories and fraud labels."""

    name = "financial"
    aliases = ("financial-transaction",)
    description = "Account statements: transactions, running balances, fraud labels."
    attribute_order = ("fraud", "spending_profile", "currency", "period")

    system = (
        "You write realistic, internally consistent bank and brokerage statements for "
        "test data. Account holders, banks and merchants are fictional. Never write a "
        "full card number, a real account number or a national id; a card appears only "
        "as '**** **** **** 1234'."
    )

    prompt = (
        "Write {{$transaction_type}} account statement number {{$index}}.\n"
        "Use these attributes for this statement: {{$attributes}}. If fraud is True, mark one "
        "or two transactions is_fraud; otherwise mark none. The period is the statement "
        "length: weekly is 7 days, monthly a calendar month, quarterly three calendar months.\n"
        "List 1 to {{$transaction_count_max}} transactions in date order, all dated between "
        "start_date and end_date (start_date not after end_date). Amounts are signed: credits "
        "positive, debits negative. Each balance_after is the previous balance "
        "(opening_balance for the first) plus the amount, and closing_balance is the last "
        "balance_after."
    )

    examples = (
        "datagen financial --transaction-type credit-card --fraud-percent 20 --count 10 -o "
        "data/card-statements --provider offline",
        "datagen financial --transaction-type brokerage --transaction-count-max 8 -f txt -n 5 "
        "-o data/brokerage-statements --provider offline",
    )

    def attributes(self) -> list[Attribute]:
        """Fraud (from --fraud-percent) and period length."""
        return [
            Attribute.percent(
                "fraud",
                self.options.fraud_percent,
                observe=lambda r: any(t["is_fraud"] for t in r["transactions"]),
                apply=set_fraud,
            ),
            Attribute(
                "period",
                PERIOD_WEIGHTS,
                observe=lambda r: period_of(
                    dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"])
                ),
                apply=set_period,
            ),
        ]

    def offline_hints(self) -> dict[str, Hint]:
        """Field generators for the offline provider."""
        card = self.options.transaction_type in CARD_TYPES
        return {
            "account_id": lambda rng, _ctx: synth.identifier(rng, "ACC", 8),
            "account_holder": lambda rng, _ctx: synth.person_name(rng),
            "institution": lambda rng, _ctx: (
                f"{synth.choose(rng, synth.COMPANY_WORDS)} {synth.choose(rng, words.BANK_KINDS)}"
            ),
            "masked_card_number": lambda rng, _ctx: (
                f"**** **** **** {int(rng.random() * 10000):04d}" if card else None
            ),
        }

    def offline_finalize(
        self, record: dict[str, Any], rng: random.Random, ctx: RecordContext
    ) -> dict[str, Any]:
        """Draw the period and transactions, then compute every balance."""
        options, attributes = self.options, ctx.attributes
        kind = options.transaction_type
        start, end = _period(rng, attributes["period"])
        scale = PROFILE_SCALE[attributes["spending_profile"]]
        low, high = OPENING[kind]
        opening = cents((low + rng.random() * (high - low)) * scale)
        count = 1 + int(rng.random() * options.transaction_count_max)
        frauds = min(count, 1 + int(rng.random() * 2)) if attributes["fraud"] else 0
        group = "card" if kind in (*CARD_TYPES, "checking") else "transfer"
        institution = record["institution"]
        account = f"****{int(rng.random() * 10000):04d}"  # the holder's linked account
        drafts = [
            _transaction(
                rng,
                institution,
                words.FRAUD_ACTIVITY[group] if number < frauds else words.ACTIVITY[kind],
                scale,
                fraud=number < frauds,
                day=synth.date_between(rng, start, end),
                account=account,
            )
            for number in range(count)
        ]
        drafts.sort(key=lambda draft: draft["date"])
        balances = balances_after(opening, [draft["amount"] for draft in drafts])
        for number, (draft, balance) in enumerate(zip(drafts, balances, strict=True), start=1):
            draft["tx_id"] = f"TXN-{ctx.index:06d}-{number:03d}"
            draft["balance_after"] = balance
        record.update(
            start_date=start,
            end_date=end,
            opening_balance=opening,
            closing_balance=balances[-1],
            transactions=drafts,
        )
        return record

    @rule("end_date is before start_date")
    def period_in_order(self, record: FinancialStatement) -> bool:
        return record.start_date <= record.end_date

    @rule("more transactions than --transaction-count-max")
    def not_too_many_transactions(self, record: FinancialStatement) -> bool | str:
        most, count = self.options.transaction_count_max, len(record.transactions)
        return count <= most or f"{count} transactions, more than --transaction-count-max {most}"

    @rule("a transaction is outside the period")
    def transactions_inside_the_period(self, record: FinancialStatement) -> list[str]:
        return [
            f"transaction {tx.tx_id} on {tx.date} is outside the period"
            for tx in record.transactions
            if not record.start_date <= tx.date <= record.end_date
        ]

    @rule(
        "transactions are not in date order",
        fix=lambda record: record.model_copy(
            update={"transactions": sorted(record.transactions, key=lambda tx: tx.date)}
        ),
    )
    def transactions_in_date_order(self, record: FinancialStatement) -> bool:
        return in_order([tx.date for tx in record.transactions])

    @rule("a balance_after does not follow from the amounts", fix=_with_running_balances)
    def balances_follow_the_amounts(self, record: FinancialStatement) -> bool | str:
        balances = balances_after(record.opening_balance, [tx.amount for tx in record.transactions])
        for tx, balance in zip(record.transactions, balances, strict=True):
            if not same_amount(tx.balance_after, balance):
                return f"balance_after of {tx.tx_id} does not follow from the amounts"
        return True

    @rule(
        "closing_balance is not opening_balance plus the transactions",
        fix=lambda record: record.model_copy(update={"closing_balance": _closing(record)}),
    )
    def closing_balance_adds_up(self, record: FinancialStatement) -> bool:
        return same_amount(record.closing_balance, _closing(record))

    @rule(
        "a statement of an account without a card shows a card number",
        fix=lambda record: record.model_copy(update={"masked_card_number": None}),
    )
    def card_only_on_card_accounts(self, record: FinancialStatement) -> bool | str:
        kind = self.options.transaction_type
        return (
            record.masked_card_number is None
            or kind in CARD_TYPES
            or f"{indefinite(kind)} statement cannot show a card number"
        )

    @rule("a text holds a sensitive number")
    def no_sensitive_numbers(self, record: FinancialStatement) -> list[str]:
        return sensitive_numbers(
            [
                ("account_holder", record.account_holder),
                ("institution", record.institution),
                *((f"{tx.tx_id} description", tx.description) for tx in record.transactions),
                *((f"{tx.tx_id} merchant", tx.merchant) for tx in record.transactions),
            ]
        )

    def render_text(self, record: FinancialStatement) -> str:
        """A readable statement: header facts, transaction lines, summary."""
        money = record.currency
        lines = [
            f"{tx.date.isoformat()}  {tx.tx_id}  {tx.description} | {tx.merchant} | "
            f"{tx.category} | {tx.amount:,.2f} | balance {tx.balance_after:,.2f}"
            + ("  [FRAUD]" if tx.is_fraud else "")
            for tx in record.transactions
        ]
        credits = total(tx.amount for tx in record.transactions if tx.amount > 0)
        debits = total(tx.amount for tx in record.transactions if tx.amount < 0)
        summary = (
            f"Opening balance: {record.opening_balance:,.2f} {money}\n"
            f"Credits: {credits:,.2f} {money}\nDebits: {debits:,.2f} {money}\n"
            f"Closing balance: {record.closing_balance:,.2f} {money}"
        )
        return render_document(
            f"{record.institution}: {record.account_type} statement {record.statement_id}",
            facts=[
                ("Account holder", record.account_holder),
                ("Account", record.account_id),
                ("Card", record.masked_card_number),
                ("Period", f"{record.start_date.isoformat()} to {record.end_date.isoformat()}"),
                ("Currency", money),
                ("Spending profile", record.spending_profile),
            ],
            sections=[("Transactions", "\n".join(lines)), ("Summary", summary)],
        )
