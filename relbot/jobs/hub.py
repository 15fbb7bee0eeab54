"""The schedule keeps the provider hub in every provider channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from slack_sdk import WebClient

from relbot.config import Settings
from relbot.db import SessionFactory
from relbot.slack.deps import Deps
from relbot.slack.hub.flow import HubReport, keep_hubs


@dataclass(frozen=True)
class HubJobs:
    settings: Settings
    sessions: SessionFactory
    client: WebClient

    @cached_property
    def deps(self) -> Deps:
        """Built once, as every other job's."""
        return Deps(self.settings, self.sessions)

    def keep(self, *, refresh: bool) -> HubReport:
        """Post the hub where it is missing; with `refresh`, update the others too."""
        return keep_hubs(self.client, self.deps, refresh=refresh)

    def tick(self, now: datetime) -> None:
        """Post a hub missing from a provider channel (a new channel, or one deleted)."""
        if self.settings.hub_channels:
            self.keep(refresh=False)
