r"""Field markers: what a record field *is*, said once in the record model.

A marker goes into a field's ``Annotated[...]`` metadata. The framework reads it once and
derives from it what a scenario used to write by hand in several places:

=================  ==============================================================
Marker             What the framework does with it
=================  ==============================================================
``FromOption(x)``  Offline: the option's value. Any answer: set to the option's
                   value (so it can never differ from ``--x``).
``Drawn(w)``       A per-record attribute drawn with weights ``w`` (stratified),
                   sent in the prompt, written offline, observed in the answer
                   and set on it when a model ignored it. ``name=`` names the
                   attribute when it is not the field's name.
``RecordId(p)``    Offline: ``P-000123`` from the record index. Checked by the
                   pattern ``^P-\d{6,}$``.
``Later``          Offline: left empty for the scenario's ``offline_finalize``,
                   which fills it once the other fields exist.
``ReservedEmail``  A type: only example.com/.org/.net addresses validate.
``ReservedPhone``  A type: only +1-NXX-555-01XX numbers validate.
=================  ==============================================================

Example:
    >>> from typing import Annotated, Literal
    >>> from pydantic import BaseModel
    >>> class Ticket(BaseModel):
    ...     case_id: Annotated[str, RecordId("CASE")]
    ...     product: Annotated[str, FromOption("system_description")]
    ...     severity: Annotated[Literal["high", "low"], Drawn({"high": 1, "low": 3})]
    ...     contact_email: ReservedEmail
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Final, cast, get_args, get_origin

from pydantic import BaseModel, GetCoreSchemaHandler, StringConstraints
from pydantic_core import CoreSchema

__all__ = [
    "RESERVED_EMAIL_PATTERN",
    "RESERVED_PHONE_PATTERN",
    "Drawn",
    "FromOption",
    "Later",
    "Marker",
    "RecordId",
    "Reserved",
    "ReservedEmail",
    "ReservedPhone",
    "field_markers",
]

#: What a reserved (never deliverable) e-mail address looks like.
RESERVED_EMAIL_PATTERN: Final = r"^[^@\s]+@example\.(com|org|net)$"
#: What a fictional North American phone number looks like (555-0100 to 555-0199).
RESERVED_PHONE_PATTERN: Final = r"^\+1-\d{3}-555-01\d{2}$"


class Marker:
    """Base of the field markers (plain data: the framework reads them)."""


@dataclass(frozen=True)
class FromOption(Marker):
    """The field always holds the value of option ``option`` (a copy the engine sets).

    Args:
        option: The options-model field it copies.
    """

    option: str


@dataclass(frozen=True)
class Drawn(Marker):
    """The field is a per-record attribute, drawn with ``weights`` (or from an option).

    Args:
        weights: Each value's relative weight.
        percent_option: For a yes/no field, the option that gives the percentage of
            ``True`` (``--fraud-percent``); set by :meth:`percent`.
        option: The option the weights follow; see :meth:`one_of` and :meth:`by_option`.
        table: Weights by the value of ``option``; see :meth:`by_option`.
        name: The attribute's name in the prompt and the record context, when it is not
            the field's own name.
    """

    weights: Mapping[Any, float] = field(default_factory=dict)
    percent_option: str | None = None
    option: str | None = None
    table: Mapping[Any, Mapping[Any, float]] | None = None
    name: str | None = None

    @classmethod
    def one_of(cls, option: str) -> Drawn:
        """Each of the values option ``option`` lists (``--languages en,de``), equally often."""
        return cls(option=option)

    @classmethod
    def by_option(cls, option: str, table: Mapping[Any, Mapping[Any, float]]) -> Drawn:
        """Weights that depend on an option: ``table[value of option]``."""
        return cls(option=option, table=table)

    @classmethod
    def percent(cls, share: float | str) -> Drawn:
        """A yes/no field that is ``True`` for ``share`` % of records.

        Args:
            share: A fixed percentage, or the name of the option that holds it.
        """
        if isinstance(share, str):
            return cls(percent_option=share)
        return cls({True: share / 100, False: 1 - share / 100})

    def weights_for(self, options: BaseModel) -> Mapping[Any, float]:
        """The weights under the run's options."""
        if self.percent_option is not None:
            share = float(getattr(options, self.percent_option)) / 100
            return {True: share, False: 1 - share}
        if self.option is not None:
            value = getattr(options, self.option)
            return dict.fromkeys(value, 1.0) if self.table is None else self.table[value]
        return self.weights


@dataclass(frozen=True)
class RecordId(Marker):
    """The record's own id: ``PREFIX-`` and the record index in six or more digits.

    Use it as ``Annotated[str, RecordId("CASE")]``: it also makes the pattern that
    validates the field.

    Args:
        prefix: Upper-case letters before the dash.
    """

    prefix: str

    @property
    def pattern(self) -> str:
        """The pattern every id of this kind matches."""
        return rf"^{self.prefix}-\d{{6,}}$"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """The field's schema with this id's pattern."""
        schema = dict(handler(source))
        schema["pattern"] = self.pattern
        return cast("CoreSchema", schema)


@dataclass(frozen=True)
class _Later(Marker):
    """Filled by the scenario's ``offline_finalize``; see :data:`Later`."""


#: The field is filled by the scenario's ``offline_finalize``: offline, it starts empty
#: (and draws nothing from the record's random generator).
Later: Final = _Later()


@dataclass(frozen=True)
class Reserved(Marker):
    """A contact detail that can only be fictional: ``kind`` is ``email`` or ``phone``.

    Carried by :data:`ReservedEmail` and :data:`ReservedPhone`; checks and tests find
    reserved fields by it.
    """

    kind: str


#: An e-mail address at example.com, example.org or example.net (RFC 2606): never real.
ReservedEmail = Annotated[str, StringConstraints(pattern=RESERVED_EMAIL_PATTERN), Reserved("email")]
#: A phone number in the fictional +1-NXX-555-0100..0199 range.
ReservedPhone = Annotated[str, StringConstraints(pattern=RESERVED_PHONE_PATTERN), Reserved("phone")]


def field_markers(model: type[BaseModel], prefix: str = "") -> dict[str, Marker]:
    """The markers of ``model``'s fields by dotted path (the last one given wins).

    Nested objects are read too, and the objects in a list: ``equipment.install_date``
    is a field of the ``equipment`` object, or of each object in an ``equipment`` list,
    as offline hints name them.
    """
    found: dict[str, Marker] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        for meta in info.metadata:
            if isinstance(meta, Marker) and not isinstance(meta, Reserved):
                found[path] = meta
        nested = _nested_model(info.annotation)
        if nested is not None:
            found.update(field_markers(nested, f"{path}."))
    return found


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, alone, optional or as list items, if it holds one."""
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        if get_origin(candidate) is list:
            inner = get_args(candidate)
            if inner and isinstance(inner[0], type) and issubclass(inner[0], BaseModel):
                return inner[0]
    return None
