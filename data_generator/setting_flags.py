"""The command-line flags of the settings, derived from the ``Settings`` fields.

Every field of :class:`~data_generator.settings.Settings` that carries a
:class:`~data_generator.settings.Flag` is an option of every scenario. Its spellings, help
and panel come from the marker; its type, bounds, choices, variable and default from the
field. Importing pydantic-settings would cost a third of ``datagen <scenario> --help`` and
of a TAB, so those paths read :data:`~data_generator.setting_flags_table.SETTING_FLAGS`, a
table generated from the fields by ``python -m data_generator.setting_flags`` (a test proves
it matches them). This module imports nothing heavy; only the generator reads the fields.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from data_generator.settings import Flag

__all__ = [
    "SettingFlag",
    "derive_setting_flags",
    "main",
    "render_table",
    "setting_flags",
]

#: The generated table, beside this module.
TABLE_PATH = Path(__file__).with_name("setting_flags_table.py")
_HEADER = '''"""The settings' command-line flags: GENERATED from ``Settings`` by ``setting_flags``.

Do not edit: change the field in data_generator/settings.py, then run
``python -m data_generator.setting_flags``. A test fails while the two differ.
"""

# ruff: noqa: E501

from __future__ import annotations

from data_generator.setting_flags import SettingFlag

SETTING_FLAGS: tuple[SettingFlag, ...] = (
'''
ValueKind = Literal["str", "int", "float", "path", "bool"]


class SettingFlag(NamedTuple):
    """One setting's command-line option, as the CLI builds it.

    A named tuple rather than a dataclass: it is built on every ``--help`` and TAB, and
    a frozen dataclass of this size costs more to define than the table costs to load.

    Attributes:
        name: The settings field.
        flags: Its spellings, ``--<field-name>`` first.
        help: The sentence of ``--help``.
        notes: What follows it: the variable and the default, ``[env X; default 8]``.
        panel: The ``--help`` panel.
        kind: The value's type.
        choices: The values allowed, for a choice.
        minimum: The least value (inclusive), checked by the parser.
        maximum: The greatest value (inclusive), checked by the parser.
        bounds: Bounds the parser cannot check (``x>0``), left to the settings and shown.
        metavar: The value's name in ``--help``.
        path: ``file`` or ``dir`` for a path that must be one or the other.
    """

    name: str
    flags: tuple[str, ...]
    help: str
    notes: str
    panel: str
    kind: ValueKind = "str"
    choices: tuple[str, ...] = ()
    minimum: int | float | None = None
    maximum: int | float | None = None
    bounds: str = ""
    metavar: str | None = None
    path: Literal["file", "dir"] | None = None

    @property
    def negatable(self) -> bool:
        """A switch that is on unless turned off: it also has a ``--no-`` spelling."""
        return self.kind == "bool" and self.notes.endswith("default True]")

    def option_names(self) -> tuple[str, ...]:
        """The parameter names of its long flags: ``--openai-endpoint`` is ``openai_endpoint``."""
        names = tuple(flag[2:].replace("-", "_") for flag in self.flags if flag.startswith("--"))
        return (*names, f"no_{names[0]}") if self.negatable else names

    def help_text(self, sentence: str | None = None) -> str:
        """The whole help: the sentence (``sentence`` instead, if given), then the notes."""
        text = f"{(sentence or self.help).removesuffix('.')} {self.notes}."
        return f"{text}  [{self.bounds}]" if self.bounds else text


def setting_flags() -> tuple[SettingFlag, ...]:
    """The settings' flags, in field order (from the generated table)."""
    from data_generator.setting_flags_table import SETTING_FLAGS

    return SETTING_FLAGS


def derive_setting_flags() -> tuple[SettingFlag, ...]:
    """The settings' flags, read from the ``Settings`` fields (imports pydantic-settings)."""
    from data_generator.settings import Settings, flag_and_variable, setting_flag

    derived = []
    for name, info in Settings.model_fields.items():
        flag = setting_flag(name)
        if flag is None:
            continue
        spelling, variable = flag_and_variable(name)
        kind, choices = _kind(info.annotation)
        minimum, maximum, bounds = _bounds(info)
        derived.append(
            SettingFlag(
                name=name,
                flags=(spelling, *flag.aliases),
                help=flag.help,
                notes=_notes(variable, info.default, flag),
                panel=flag.panel,
                kind=kind,
                choices=choices,
                minimum=minimum,
                maximum=maximum,
                bounds=bounds,
                metavar=flag.metavar,
                path=flag.path,
            )
        )
    return tuple(derived)


def _kind(annotation: Any) -> tuple[ValueKind, tuple[str, ...]]:
    """The value type of a field's annotation (``None`` left out), and its choices."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        (annotation,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is Literal:
        return "str", tuple(str(choice) for choice in typing.get_args(annotation))
    from pydantic import SecretStr

    kinds: dict[Any, ValueKind] = {
        str: "str",
        bool: "bool",
        SecretStr: "str",
        int: "int",
        float: "float",
        Path: "path",
    }
    if annotation not in kinds:
        name = getattr(annotation, "__name__", annotation)
        raise TypeError(
            f"a setting of type {name} cannot have a Flag (str, int, float, Path, bool)"
        )
    return kinds[annotation], ()


def _bounds(info: FieldInfo) -> tuple[int | float | None, int | float | None, str]:
    """Inclusive bounds for the parser, or (for an exclusive one) the range in words."""
    limits: dict[str, Any] = {}
    for item in info.metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(item, key, None) is not None:
                limits[key] = getattr(item, key)
    if "gt" not in limits and "lt" not in limits:
        return limits.get("ge"), limits.get("le"), ""
    low = next(
        (f"{limits[key]}{op}" for key, op in (("ge", "<="), ("gt", "<")) if key in limits), ""
    )
    high = next(
        (f"{op}{limits[key]}" for key, op in (("le", "<="), ("lt", "<")) if key in limits), ""
    )
    if low and not high:  # "0<x" reads better as "x>0"
        number, op = low.rstrip("<="), low[len(low.rstrip("<=")) :]
        return None, None, f"x{op.replace('<', '>')}{number}"
    return None, None, f"{low}x{high}"


def _notes(variable: str, default: Any, flag: Flag) -> str:
    """``[env X; default 8]``, ``[env X; default: in words]`` or ``[env X]``."""
    if default is not None:
        return f"[env {variable}; default {default}]"
    if flag.default_help:
        return f"[env {variable}; default: {flag.default_help}]"
    return f"[env {variable}]"


def render_table(flags: Sequence[SettingFlag]) -> str:
    """The source of :mod:`data_generator.setting_flags_table` holding ``flags``."""
    lines = [_HEADER.rstrip("\n")]
    for flag in flags:
        lines.append("    SettingFlag(")
        defaults = SettingFlag._field_defaults
        for name, value in flag._asdict().items():
            if name not in defaults or value != defaults[name] or name == "kind":
                lines.append(f"        {name}={_source(value)},")
        lines.append("    ),")
    lines.append(")")
    return "\n".join(lines) + "\n"


def _source(value: Any) -> str:
    """``value`` as Python source, quoted as ``ruff format`` quotes it."""
    if isinstance(value, tuple):
        items = ", ".join(_source(item) for item in value)
        return f"({items},)" if len(value) == 1 else f"({items})"
    if isinstance(value, str) and '"' not in value:
        return '"' + repr(value)[1:-1] + '"'
    return repr(value)


def main(argv: Sequence[str] | None = None) -> None:
    """Write the table of the settings' flags (to ``--out``, by default beside this module)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--out", type=Path, default=TABLE_PATH)
    args = parser.parse_args(argv)
    args.out.write_text(render_table(derive_setting_flags()), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - the test calls main()
    main()
