"""The server's routes besides the sync protocol's: bank notifications, the dashboard and the queue
(``create_app`` includes :data:`router`)."""

from __future__ import annotations

from fastapi import APIRouter

from central import bank_api, dashboard, queue_api

router = APIRouter()
router.include_router(bank_api.router)
router.include_router(dashboard.router)
router.include_router(queue_api.router)
