"""What a run returns: :class:`RunResult`, and :class:`DryRunPlan` for ``--dry-run``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from data_generator.errors import EXIT_OK, EXIT_SOME_FAILED

if TYPE_CHECKING:
    from data_generator.engine.manifest import DeploymentTally

__all__ = ["DryRunPlan", "RunResult", "TokenEstimate", "cost_of", "prices_of", "run_cost"]

#: What a batch costs against the same requests online, unless batch prices are set.
BATCH_DISCOUNT = 0.5


def cost_of(
    prompt_tokens: int,
    completion_tokens: int,
    price_prompt: float | None,
    price_completion: float | None,
) -> float | None:
    """Estimated cost from per-1,000-token prices, or ``None`` without prices."""
    if price_prompt is None and price_completion is None:
        return None
    return round(
        prompt_tokens / 1000 * (price_prompt or 0.0)
        + completion_tokens / 1000 * (price_completion or 0.0),
        6,
    )


def prices_of(settings: Any, *, batch: bool) -> tuple[float | None, float | None]:
    """Per-1,000-token prompt and completion prices of ``settings``, online or in a batch.

    A batch price not set is half the online one (Azure OpenAI Global Batch and the
    OpenAI Batch API cost 50 % less); ``None`` where neither is set.
    """
    prompt, completion = settings.price_prompt_per_1k, settings.price_completion_per_1k
    if not batch:
        return prompt, completion
    return (
        _batch_price(settings.price_batch_prompt_per_1k, prompt),
        _batch_price(settings.price_batch_completion_per_1k, completion),
    )


def _batch_price(batch_price: float | None, online: float | None) -> float | None:
    if batch_price is not None:
        return float(batch_price)
    return None if online is None else online * BATCH_DISCOUNT


def run_cost(
    prompt_tokens: int, completion_tokens: int, settings: Any, *, batch: bool
) -> float | None:
    """Estimated cost of these tokens at ``settings``' prices, online or in a batch."""
    return cost_of(prompt_tokens, completion_tokens, *prices_of(settings, batch=batch))


@dataclass(frozen=True)
class TokenEstimate:
    """Estimated tokens of one record and of a whole run, and the run's cost."""

    prompt_per_record: int
    completion_per_record: int
    records: int
    cost: float | None
    #: Whether ``cost`` is at the batch price (``--batch``).
    batch: bool = False

    @property
    def per_request(self) -> int:
        """Prompt plus typical output tokens of one request."""
        return self.prompt_per_record + self.completion_per_record

    @property
    def total(self) -> int:
        """Tokens of the whole run."""
        return self.per_request * self.records

    @classmethod
    def of(cls, prompt: int, completion: int, records: int, settings: Any) -> TokenEstimate:
        """Build an estimate, pricing it with ``settings``' per-1,000-token prices.

        At the batch prices when ``settings.batch`` is true (``--batch``).
        """
        batch = bool(getattr(settings, "batch", False))
        cost = run_cost(prompt * records, completion * records, settings, batch=batch)
        return cls(prompt, completion, records, cost, batch)


@dataclass(frozen=True)
class RunResult:
    """The outcome of :meth:`DataGenerator.run`.

    Attributes:
        present: Records of ``1..requested`` now in the out-dir (this run and earlier).
        written: Records this run wrote.
        failed: Records this run gave up on (listed in ``failures_path``).
        retried: Answers this run refused and asked again.
        rate_limited: Requests answered with a 429.
        transient: Requests that met a 5xx, a timeout or a lost connection.
        attributes_corrected: Records written after their drawn attributes were set on
            the model's answer (it had not honoured them).
        status: ``complete``, ``incomplete``, ``interrupted``, ``aborted`` or ``failed``.
        files: The record files or folder.
        structured_output: How answers were held to the schema (``json-schema``,
            ``json-object-schema``, ``json``, ``off``; ``native`` offline), if known.
        beyond_count: Records above ``requested`` an earlier, larger run left, kept.
        pruned: Records above ``requested`` deleted (``--prune``).
        deployments: Requests, 429s and tokens per deployment of this run (empty for a
            run of one route).
        delivered: One sentence per destination (``--upload-to``, ``--to``) on what this
            run delivered there.
    """

    scenario: str
    out_dir: Path
    output_format: str
    requested: int
    present: int
    written: int
    failed: int
    retried: int
    prompt_tokens: int
    completion_tokens: int
    elapsed: float
    status: str
    files: list[Path]
    failures_path: Path | None
    manifest_path: Path
    seed: int
    rate_limited: int = 0
    cost: float | None = None
    transient: int = 0
    structured_output: str | None = None
    attributes_corrected: int = 0
    beyond_count: int = 0
    pruned: int = 0
    deployments: tuple[DeploymentTally, ...] = ()
    delivered: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when every requested record is present, 1 otherwise (rerun to complete)."""
        return EXIT_OK if self.failed == 0 and self.present >= self.requested else EXIT_SOME_FAILED


@dataclass(frozen=True)
class DryRunPlan:
    """What a run would do, for ``--dry-run``: nothing is called or written."""

    scenario: str
    provider: str
    model: str
    count: int
    already_present: int
    out_dir: Path
    output_format: str
    seed: int
    system: str
    prompt: str
    schema: Mapping[str, Any]
    estimate: TokenEstimate
    #: Output tokens one request may take (``--max-tokens`` or the scenario's default).
    max_tokens: int | None = None
    #: Seconds one request may take (``--request-timeout`` or derived from ``max_tokens``).
    request_timeout: float | None = None
    #: The deployments requests would be spread over (``name@endpoint``, secrets masked).
    deployments: tuple[str, ...] = ()
    #: The shard this run makes (``--shard I/N``), if any; ``count`` is its share.
    shard: str | None = None
    #: How ``--rpm``/``--tpm`` were split over the shards, if they were.
    shard_note: str | None = None
    #: Where the records would also go (``--upload-to``, ``--to``), secrets left out.
    deliveries: tuple[str, ...] = ()
