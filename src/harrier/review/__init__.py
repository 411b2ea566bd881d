"""The review console: queues, case pages, wellness-protected media, decisions, accounts and the HTTP API.

Importing this package is cheap; the FastAPI app lives in ``harrier.review.app`` and the runner in
``harrier.review.server``."""
