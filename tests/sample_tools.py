"""Small scenarios used by the tests, registered through the public doors."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from data_generator.markers import RecordId, ReservedEmail, ReservedPhone
from data_generator.tool import DataGeneratorTool, Flag


class Mood(Enum):
    """An enum field, to exercise Enum handling."""

    CALM = "calm"
    BUSY = "busy"


class NotesOptions(BaseModel):
    """Options with every kind of flag."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: Annotated[str, Flag("-t")] = Field(default="general", description="Topic of notes.")
    length: int = Field(default=3, ge=1, le=10, description="Sentences per note.")
    ratio: float = Field(default=0.5, ge=0.0, le=1.0, description="A share.")
    shout: bool = Field(default=False, description="Upper-case the notes.")
    tone: Literal["dry", "warm"] = Field(default="dry", description="Tone of voice.")
    mood: Mood = Field(default=Mood.CALM, description="Mood.")


class Tag(BaseModel):
    """A nested model inside a list."""

    label: str
    weight: float = Field(ge=0, le=1)


class Note(BaseModel):
    """A record with many field types."""

    note_id: Annotated[str, RecordId("NOTE")]
    title: str = Field(min_length=3, max_length=40)
    body: str
    author_name: str
    contact_email: ReservedEmail
    phone: ReservedPhone
    day: date
    written_at: datetime
    pages: int = Field(ge=1, le=9)
    score: float
    urgent: bool
    mood: Mood
    kind: Literal["memo", "minutes"]
    tags: list[Tag] = Field(min_length=1, max_length=3)
    reviewer: str | None
    extra: dict[str, str]


class NotesTool(DataGeneratorTool[NotesOptions, Note]):
    """Notes that only come as JSON or text."""

    name = "notes"
    description = "Test notes, JSON or text only."
    system = "You write notes."
    prompt = "Write note {{$index}} about {{$topic}}."
    examples = ("datagen notes -t cats --count 2 --provider offline",)
    output_formats = ("json", "txt")
