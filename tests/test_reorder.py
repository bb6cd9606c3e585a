"""The reorder buffer: records released in index order, memory bounded, failures skipped."""

from __future__ import annotations

import asyncio
import random

import pytest

from data_generator.engine.reorder import MIN_WINDOW, ReorderBuffer, reorder_window


def test_window_grows_with_concurrency_beyond_the_minimum() -> None:
    assert reorder_window(1) == MIN_WINDOW
    assert reorder_window(1000) == 4000


def test_window_must_hold_a_record() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ReorderBuffer[str](lambda _i, _s: None, 0)


def test_records_finishing_in_any_order_are_released_in_order() -> None:
    released: list[tuple[int, str]] = []

    async def run() -> None:
        buffer = ReorderBuffer[str](lambda i, s: released.append((i, s)), 50)
        todo = iter([2, 3, 5, 8, 9, 10, 11])  # the gaps were written by an earlier run
        rng = random.Random(4)

        async def worker() -> None:
            while (ticket := await buffer.take(todo)) is not None:
                await asyncio.sleep(rng.random() / 1000)
                if ticket.index == 8:
                    buffer.skip(ticket)  # this record failed
                else:
                    buffer.put(ticket, f"record {ticket.index}")

        await asyncio.gather(*(worker() for _ in range(4)))

    asyncio.run(run())
    assert released == [(i, f"record {i}") for i in (2, 3, 5, 9, 10, 11)]


def test_a_slow_record_holds_back_at_most_the_window() -> None:
    """Workers stop taking indices once the window is full; the slow one frees them."""
    released: list[int] = []
    most_held = 0

    async def run() -> None:
        nonlocal most_held
        buffer = ReorderBuffer[int](lambda i, _v: released.append(i), 5)
        todo = iter(range(1, 41))
        first_done = asyncio.Event()

        async def worker() -> None:
            nonlocal most_held
            while (ticket := await buffer.take(todo)) is not None:
                if ticket.index == 1:
                    await first_done.wait()
                buffer.put(ticket, ticket.index)
                most_held = max(most_held, buffer.held)

        workers = [asyncio.ensure_future(worker()) for _ in range(8)]
        for _ in range(50):
            await asyncio.sleep(0)
        assert released == []  # all wait behind record 1
        assert buffer.held == 4  # records 2..5: the window is 5, record 1 included
        first_done.set()
        await asyncio.gather(*workers)

    asyncio.run(run())
    assert released == list(range(1, 41))
    assert most_held <= 4


def test_without_a_window_records_go_at_once() -> None:
    released: list[int] = []

    async def run() -> None:
        buffer = ReorderBuffer[int](lambda i, _v: released.append(i), None)
        todo = iter([1, 2, 3])
        first = await buffer.take(todo)
        second = await buffer.take(todo)
        third = await buffer.take(todo)
        assert first is not None
        assert second is not None
        assert third is not None
        buffer.put(third, 3)
        buffer.skip(second)
        buffer.put(first, 1)
        assert buffer.held == 0
        assert await buffer.take(todo) is None

    asyncio.run(run())
    assert released == [3, 1]
