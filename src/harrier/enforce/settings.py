"""Enforcement configuration: environment variables first, then the ``enforce_settings`` table.

A key ``webhook.url`` is read from ``HARRIER_WEBHOOK_URL`` when set, else from the table (written by
``harrier enforce config set`` or the console's settings page). Secrets shown by ``config show`` are masked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from harrier.enforce.tables import EnforceSetting

# NCMEC's documented testing environment: the default, so nothing reaches production by accident.
NCMEC_TEST_URL = "https://exttest.cybertip.org/ispws"
NCMEC_PRODUCTION_URL = "https://report.cybertip.org/ispws"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    description: str
    default: str | None = None
    secret: bool = False
    env_only: bool = False  # credentials for third parties never go into the database

    @property
    def env(self) -> str:
        return "HARRIER_" + self.key.upper().replace(".", "_")


SPECS: dict[str, SettingSpec] = {
    s.key: s
    for s in [
        SettingSpec("webhook.url", "URL that receives signed decision webhooks"),
        SettingSpec("webhook.case_queues", "queues whose case.opened/case.updated events are sent: comma-separated "
                    "queue names, * for every queue; unset sends none"),
        SettingSpec("webhook.secret", "HMAC secret(s) for webhook signatures; comma-separated while rotating",
                    secret=True),
        SettingSpec("ncmec.url", "CyberTipline Reporting API base URL", default=NCMEC_TEST_URL),
        SettingSpec("ncmec.username", "CyberTipline API user (basic auth)", env_only=True),
        SettingSpec("ncmec.password", "CyberTipline API password (basic auth)", secret=True, env_only=True),
        SettingSpec("reporter.first_name", "reportingPerson first name", default="Trust and Safety"),
        SettingSpec("reporter.last_name", "reportingPerson last name", default="Team"),
        SettingSpec("reporter.email", "reportingPerson email", default="trust-and-safety@example.org"),
        SettingSpec("reporter.company_template", "companyTemplate text included in every report"),
        SettingSpec("reporter.terms_of_service", "termsOfService text relevant to reports"),
        SettingSpec("platform.name", "platform / espService name written into reports", default="Platform"),
        SettingSpec("evidence.retention_days", "days an evidence bundle is retained", default="365"),
        SettingSpec("evidence.purge_interval_hours", "hours between purges of expired evidence while `harrier serve` "
                    "runs (0: never; `harrier evidence purge` purges on demand)", default="24"),
        SettingSpec("evidence.include_media", "copy media blobs into evidence bundles (1/0)", default="0"),
    ]
}


def get(session: Session | None, key: str, default: str | None = None) -> str | None:
    spec = SPECS.get(key)
    env_name = spec.env if spec else "HARRIER_" + key.upper().replace(".", "_")
    if (v := os.environ.get(env_name)) not in (None, ""):
        return v
    if session is not None and not (spec and spec.env_only):
        row = session.get(EnforceSetting, key)
        if row is not None and row.value != "":
            return row.value
    if default is not None:
        return default
    return spec.default if spec else None


def get_bool(session: Session | None, key: str) -> bool:
    return (get(session, key) or "").strip().lower() in {"1", "true", "yes", "on"}


def set_value(session: Session, key: str, value: str) -> None:
    spec = SPECS.get(key)
    if spec is None:
        raise KeyError(f"unknown setting {key!r}; known: {', '.join(sorted(SPECS))}")
    if spec.env_only:
        raise ValueError(f"{key} is read from the environment only ({spec.env})")
    row = session.get(EnforceSetting, key)
    now = datetime.now(UTC)
    if row is None:
        session.add(EnforceSetting(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def show(session: Session | None) -> list[dict[str, str | None]]:
    """Every setting with its effective value (secrets masked) and where it came from."""
    stored = {r.key: r.value for r in session.execute(select(EnforceSetting)).scalars()} if session else {}
    out = []
    for spec in SPECS.values():
        if os.environ.get(spec.env):
            value, source = os.environ[spec.env], f"env {spec.env}"
        elif spec.key in stored and not spec.env_only:
            value, source = stored[spec.key], "settings table"
        else:
            value, source = spec.default, "default" if spec.default is not None else "unset"
        if spec.secret and value:
            value = "********"
        out.append({"key": spec.key, "value": value, "source": source, "description": spec.description})
    return out
