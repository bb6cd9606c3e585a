"""datagen on a real model: ``local`` (in-process llama.cpp) beside ``openai`` via llama_cpp.server.

Both run the same GGUF (the bundled Gemma 3 270M, or ``--model-path``) on the same cores,
one after the other, so their figures compare. Per scenario and provider it prints:

- first valid: share of records whose first answer validated and kept every rule;
- attempts/record: asks per record (1.0 = no repair);
- repairs per rule: what the repair requests were about, most frequent first;
- tokens/s: completion tokens per second of the run;
- records/min: records written per minute.

Usage::

    python benchmarks/real_model.py                       # tech-support + healthcare, 5 each
    python benchmarks/real_model.py --count 10 --scenarios tech-support
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from llama_server import bundled_model, llama_server

from data_generator import DataGenerator, Settings
from data_generator.engine.events import (
    Event,
    RecordFailed,
    RecordRetried,
    RecordWritten,
)
from data_generator.registry import ToolRegistry

_OPTIONS = {"tech-support": {"system_description": "SaaS CRM"}}


@dataclass
class Figures:
    """What one run of one scenario on one provider measured."""

    scenario: str
    provider: str
    count: int
    written: int = 0
    first_valid: int = 0
    attempts: int = 0
    completion_tokens: int = 0
    elapsed: float = 0.0
    structured_output: str = ""
    repairs: Counter[str] = field(default_factory=Counter)

    def __call__(self, event: Event) -> None:
        if isinstance(event, RecordWritten):
            self.written += 1
            self.first_valid += event.attempts == 1
            self.attempts += event.attempts
            self.completion_tokens += event.completion_tokens
        elif isinstance(event, RecordFailed):
            self.attempts += event.attempts
            self.completion_tokens += event.completion_tokens
        elif isinstance(event, RecordRetried):
            self.repairs[rule_of(event.reason)] += 1


def rule_of(reason: str) -> str:
    """The rule a repair was about: the field and message of its first problem."""
    if reason.startswith("invalid record: "):
        first = reason.removeprefix("invalid record: ").split("; ")[0]
        where, _, message = first.partition(": ")
        where = re.sub(r"\.\d+(?=\.|$)", "[]", where)  # items.3.price -> items[].price
        return f"{where}: {message[:50]}"
    if reason.startswith("broke a scenario rule: "):
        return "rule: " + reason.removeprefix("broke a scenario rule: ")[:60]
    return reason[:60]


def run_one(scenario: str, provider: str, count: int, settings: dict[str, Any]) -> Figures:
    """Generate ``count`` records of ``scenario`` with ``provider``; return the figures."""
    figures = Figures(scenario, provider, count)
    tool = ToolRegistry.discover().create(scenario, _OPTIONS.get(scenario, {}))
    with tempfile.TemporaryDirectory() as out:
        generator = DataGenerator(
            tool,
            count=count,
            out_dir=out,
            settings=Settings(provider=provider, seed=1, concurrency=1, **settings),
        )
        generator.subscribe(figures)
        started = time.perf_counter()
        generator.run()
        figures.elapsed = time.perf_counter() - started
        figures.structured_output = str(getattr(generator.provider, "structured_output_mode", ""))
    return figures


def table(rows: list[Figures]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| scenario | provider | structured output | written | first valid | attempts/record "
        "| tokens/s | records/min | repairs per rule |",
        "|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        repairs = ", ".join(f"{rule} x{n}" for rule, n in row.repairs.most_common(4)) or "none"
        lines.append(
            f"| {row.scenario} | {row.provider} | {row.structured_output} "
            f"| {row.written}/{row.count} | {row.first_valid / row.count:.0%} "
            f"| {row.attempts / row.count:.2f} | {row.completion_tokens / row.elapsed:.1f} "
            f"| {row.written / row.elapsed * 60:.2f} | {repairs} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5, help="records per scenario and provider")
    parser.add_argument("--scenarios", default="tech-support,healthcare")
    parser.add_argument("--model-path", type=Path, help="a GGUF file (default: bundled Gemma)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        model = args.model_path or bundled_model(Path(work) / "cache")
        rows: list[Figures] = []
        with llama_server(model, Path(work) / "server.log") as server:
            for scenario in args.scenarios.split(","):
                rows.append(run_one(scenario, "local", args.count, {"model_path": model}))
                rows.append(
                    run_one(
                        scenario,
                        "openai",
                        args.count,
                        {"openai_base_url": server.base_url, "openai_model": server.model},
                    )
                )
                for row in rows[-2:]:
                    print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
        print(f"model: {model.name}, {args.count} records per scenario and provider\n")
        print(table(rows))


if __name__ == "__main__":
    main()
