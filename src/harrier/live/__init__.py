"""Live: events in through the API (or a watched export folder), signals and cases out within seconds.

``harrier live`` / ``harrier serve --live`` run a :class:`~harrier.live.worker.LiveWorker`; the detectors'
pending sets are its queue (nothing accepted is lost), ``claims`` share the work between workers,
``refresh`` keeps context, policy and cases current, ``metrics``/``http`` are the operational surface.
See docs/LIVE.md.
"""
