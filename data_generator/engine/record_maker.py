"""One record from request to validated model: ask, parse, validate, repair, post-process."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

from pydantic import BaseModel, ValidationError

from data_generator.engine.events import EventSink, RecordRetried
from data_generator.errors import ProviderContentFilterError, ProviderError
from data_generator.providers.base import Completion, CompletionRequest, OfflineRecipe, Provider
from data_generator.tool import (
    DataGeneratorTool,
    InvariantError,
    OutputFormat,
    RecordContext,
    record_rng,
    render_prompt,
)

__all__ = ["Outcome", "RecordMaker"]


@dataclasses.dataclass(slots=True)
class Outcome:
    """One record's fate: the record, or why it failed and the last raw answer."""

    record: BaseModel | None = None
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    reason: str = ""
    raw: str = ""


class RecordMaker:
    """Makes records of one scenario with one provider, prompt and schema built once.

    Args:
        tool: The scenario, with its options bound.
        provider: Who answers.
        output_format: The run's output format (part of the prompt).
        max_attempts: How often one record is asked for before it counts as failed.
        emit: Where retry events go.
    """

    def __init__(
        self,
        tool: DataGeneratorTool[Any, Any],
        provider: Provider,
        output_format: OutputFormat,
        max_attempts: int,
        emit: EventSink,
    ) -> None:
        self.tool = tool
        self.provider = provider
        self.max_attempts = max(1, max_attempts)
        self._emit = emit
        self.options: BaseModel = tool.options
        self.system = tool.get_system_description()
        self.template = tool.build_prompt(output_format)
        self.schema = tool.record_model.model_json_schema()
        self._recipe = OfflineRecipe(tool.offline_hints(), tool.offline_finalize)

    def context(self, index: int, seed: int) -> tuple[RecordContext, random.Random]:
        """Return record ``index``'s context and its generator, after drawing attributes."""
        rng = record_rng(seed, index)
        attributes = self.tool.sample_attributes(rng, index)
        return RecordContext(index, seed, self.options, attributes), rng

    def prompt(self, index: int, seed: int) -> str:
        """The user prompt of record ``index``."""
        return render_prompt(self.template, self.context(index, seed)[0])

    async def make(self, index: int, seed: int) -> Outcome:
        """Ask for record ``index`` until it validates or attempts run out.

        Raises:
            ProviderError: A fatal one (refused key, missing deployment): the run stops.
        """
        context, rng = self.context(index, seed)
        request = CompletionRequest(
            context=context,
            system=self.system,
            prompt_template=self.template,
            record_model=self.tool.record_model,
            schema=self.schema,
            offline=self._recipe,
            rng=rng,
        )
        outcome = Outcome()
        for attempt in range(1, self.max_attempts + 1):
            outcome.attempts = attempt
            if attempt > 1:
                self._emit(RecordRetried(index, attempt, outcome.reason))
                request = dataclasses.replace(request, attempt=attempt, feedback=outcome.reason)
            try:
                completion = await self.provider.complete(request)
            except ProviderContentFilterError as exc:
                outcome.reason, outcome.raw = exc.one_line(), ""
                return outcome
            except ProviderError as exc:
                if exc.fatal:
                    raise
                outcome.reason, outcome.raw = exc.one_line(), ""
                continue
            outcome.prompt_tokens += completion.usage.prompt_tokens
            outcome.completion_tokens += completion.usage.completion_tokens
            outcome.raw = completion.text
            record, outcome.reason = self.accept(completion)
            if record is not None:
                outcome.record, outcome.raw = record, ""
                return outcome
        return outcome

    def accept(self, completion: Completion) -> tuple[BaseModel | None, str]:
        """Parse, validate and post-process one answer; say why it was refused."""
        if completion.finish_reason == "length":
            return None, "the answer was cut off at the token limit"
        try:
            record = self.tool.record_model.model_validate_json(completion.text)
            return self.tool.post_process(record), ""
        except ValidationError as exc:
            return None, validation_summary(exc)
        except InvariantError as exc:
            return None, f"broke a scenario rule: {exc}"


def validation_summary(exc: ValidationError, limit: int = 3) -> str:
    """Describe the first ``limit`` validation problems on one line."""
    problems = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(part) for part in error["loc"]) or "record"
        problems.append(f"{where}: {error['msg']}")
    more = exc.error_count() - limit
    suffix = f" (+{more} more)" if more > 0 else ""
    return "invalid record: " + "; ".join(problems) + suffix
