"""Delivery: where a run's records go besides its out-dir files.

A :class:`~data_generator.delivery.base.Delivery` receives each record as the writer
writes it (``--upload-to`` for Azure Blob Storage, ``--to`` for a database) and finishes
after the out-dir's files and manifest are final. The out-dir stays the source of truth:
a delivery that was killed or failed is completed by a rerun, or by ``datagen upload``.
"""

from __future__ import annotations

from data_generator.delivery.base import Deliveries, Delivery, DeliveryContext

__all__ = ["Deliveries", "Delivery", "DeliveryContext"]
