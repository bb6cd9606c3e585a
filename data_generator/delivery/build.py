"""The deliveries a run's settings ask for (``--upload-to``, ``--to``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from data_generator.delivery.base import Delivery
    from data_generator.settings import Settings

__all__ = ["settings_deliveries"]


def settings_deliveries(settings: Settings) -> list[Delivery]:
    """The deliveries ``settings`` name, in a fixed order: blob upload, then database.

    Their modules are imported only when asked for: the Azure Storage SDK and the
    database drivers cost nothing to a run that does not deliver.

    Raises:
        UsageError: A URL names no destination datagen knows (one line, with a hint).
    """
    deliveries: list[Delivery] = []
    if settings.upload_to:
        from data_generator.delivery.blob_delivery import BlobDelivery

        deliveries.append(BlobDelivery.from_settings(settings))
    if settings.to:
        from data_generator.delivery.database import database_delivery

        deliveries.append(database_delivery(settings))
    return deliveries
