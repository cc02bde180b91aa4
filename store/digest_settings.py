"""Digest settings: the channels set from Slack (`/factdesk digest here|off`), which win
over the environment's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from store.concept import Concept, now
from store.schema import digest_settings


@dataclass(frozen=True)
class DigestSetting:
    channel: str
    workspace: str
    time: str  # HH:MM
    timezone: str
    enabled: bool


class DigestSettings(Concept):
    """The `digest_settings` table: `store.digest_settings`."""

    def save(self, setting: DigestSetting) -> None:
        """Replace the channel's setting (delete + insert: portable, one transaction)."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(digest_settings).where(digest_settings.c.channel == setting.channel)
            )
            conn.execute(
                digest_settings.insert().values(
                    channel=setting.channel,
                    workspace=setting.workspace,
                    time=setting.time,
                    timezone=setting.timezone,
                    enabled=setting.enabled,
                    updated_at=now(),
                )
            )

    def all(self) -> list[DigestSetting]:
        """Every channel's setting, by channel."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(digest_settings).order_by(digest_settings.c.channel))
            return [
                DigestSetting(r.channel, r.workspace, r.time, r.timezone, r.enabled) for r in rows
            ]
