"""Who is in which workspace, and who shares which channel: what Slack Connect changes.

Someone the stand-in was not told about is a member of the council's workspace, as every
test before Slack Connect assumed. People added with `external()` belong to another team
and are held to the rules Slack documents for them:
- The bot can open or post to a DM with an external person only while they share a channel
  with it. conversations.open answers `invalid_user_combination` ("All external people must
  already be in at least one channel together to send a message";
  https://docs.slack.dev/reference/methods/conversations.open), and a post to their id finds
  no DM to post in (`channel_not_found`).
- users.info gives their own `team_id`, no email (it is hidden outside their organisation),
  and `is_stranger` while they share no channel with the bot (Slack's "Understanding Slack
  Connect", https://docs.slack.dev/apis/slack-connect, on external members' user objects).
- chat.postEphemeral reaches only someone in the channel: `user_not_in_channel`
  (https://docs.slack.dev/reference/methods/chat.postEphemeral: "The user should be in the
  channel"), for a channel whose members the stand-in was told.
- Slack delivers an app's slash commands and message shortcuts only to people of a
  workspace where the app is installed, so the harness refuses to send one from an
  external person.
- An organisation's admins can restrict what their people do with other organisations,
  per connected organisation on Enterprise Grid ("Some permissions can even be customized
  for each organization you work with",
  https://slack.com/help/articles/22197698021139-Guide-to-managing-Slack-Connect-on-Enterprise-Grid-;
  the DM settings themselves are at
  https://slack.com/help/articles/360060326994-Manage-settings-and-permissions-for-Slack-Connect-direct-messages,
  which says those do not touch DMs with people already working together in channels).
  Slack documents no single error for an app's DM refused that way, so `restrict_dms()`
  makes every DM to that team's people refused with the code a test names, even while they
  share a channel with the bot (default `restricted_action`, chat.postMessage's "A workspace
  preference prevents the authenticated user from posting"). relbot must treat any refusal
  of a DM alike.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

BOT_USER_ID = "UBOT0001"
HOME_TEAM = "T0COUNCIL"


@dataclass(frozen=True)
class ExternalPerson:
    """Someone from another organisation's workspace."""

    user_id: str
    team_id: str
    name: str


@dataclass
class Connect:
    """The people of other teams, and the members of the channels the stand-in knows."""

    _external: dict[str, ExternalPerson] = field(default_factory=dict)
    _members: dict[str, set[str]] = field(default_factory=dict)
    _no_dms: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def external(self, user_id: str, team_id: str, name: str = "") -> None:
        """`user_id` belongs to the workspace `team_id`, not the council's."""
        assert team_id != HOME_TEAM, "an external person belongs to another team"
        with self._lock:
            self._external[user_id] = ExternalPerson(user_id, team_id, name or user_id)

    def join(self, channel: str, *user_ids: str) -> None:
        """Add people (and the bot, with BOT_USER_ID) to a channel's members."""
        with self._lock:
            self._members.setdefault(channel, set()).update(user_ids)

    def restrict_dms(self, team_id: str, error: str = "restricted_action") -> None:
        """The admins of `team_id` let no app of another organisation DM their people: a
        conversations.open with one of them, or a post to their id, is refused with `error`,
        whatever channels they share with the bot."""
        with self._lock:
            self._no_dms[team_id] = error

    def leave(self, channel: str, user_id: str) -> None:
        with self._lock:
            self._members.get(channel, set()).discard(user_id)

    def team_of(self, user_id: str) -> str | None:
        """An external person's own team; None for the council's members."""
        with self._lock:
            person = self._external.get(user_id)
        return person.team_id if person else None

    def is_external(self, user_id: str) -> bool:
        with self._lock:
            return user_id in self._external

    def shares_a_channel_with_the_bot(self, user_id: str) -> bool:
        with self._lock:
            return any(
                user_id in members and BOT_USER_ID in members for members in self._members.values()
            )

    def refusal(self, method: str, params: dict[str, Any]) -> str | None:
        """Slack's error for this call under Slack Connect's rules; None when it is allowed."""
        if method == "conversations.open":
            users = [u for u in str(params.get("users", "")).split(",") if u]
            if any(self._unreachable(u) for u in users):
                return "invalid_user_combination"
            restricted = [self._dms_restricted(u) for u in users]
            return next((error for error in restricted if error), None)
        elif method == "chat.postMessage":
            channel = str(params.get("channel", ""))
            if channel[:1] in ("U", "W") and self._unreachable(channel):
                return "channel_not_found"
            if channel[:1] in ("U", "W"):
                return self._dms_restricted(channel)
        elif method == "chat.postEphemeral":
            channel, user = str(params.get("channel", "")), str(params.get("user", ""))
            with self._lock:
                members = self._members.get(channel)
            if members is not None and user not in members:
                return "user_not_in_channel"
        return None

    def _dms_restricted(self, user_id: str) -> str | None:
        with self._lock:
            person = self._external.get(user_id)
            return self._no_dms.get(person.team_id) if person is not None else None

    def _unreachable(self, user_id: str) -> bool:
        return self.is_external(user_id) and not self.shares_a_channel_with_the_bot(user_id)

    def user_info(self, user_id: str) -> dict[str, Any]:
        """users.info's `user`: an external person's own team, no email."""
        with self._lock:
            person = self._external.get(user_id)
        if person is None:
            return {
                "id": user_id,
                "team_id": HOME_TEAM,
                "name": user_id.lower(),
                "profile": {"real_name": user_id, "email": f"{user_id.lower()}@council.example"},
            }
        user: dict[str, Any] = {
            "id": person.user_id,
            "team_id": person.team_id,
            "name": person.name.lower().replace(" ", "."),
            "profile": {"real_name": person.name, "team": person.team_id},
        }
        if not self.shares_a_channel_with_the_bot(user_id):
            user["is_stranger"] = True
        return user
