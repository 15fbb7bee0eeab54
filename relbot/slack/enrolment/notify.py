"""The direct messages enrolment sends: the request to each admin, the decision to the person.

A person of another workspace can be sent a DM while they share a channel with relbot, as
anyone who pressed a hub button does; a refusal from Slack is logged and returned, and the
decision already made stands.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient

from relbot.domain.enrolment import Decision, RequestView
from relbot.models import RequestStatus
from relbot.slack.enrolment.blocks import approved_message, refused_message, request_message
from relbot.slack.messages import Message
from relbot.slack.outcome import failure_of

logger = logging.getLogger(__name__)


def tell_admins(client: WebClient, admins: tuple[str, ...], request: RequestView) -> list[str]:
    """Send each admin the request with its Approve and Refuse buttons; the admins told."""
    told = []
    message = request_message(request)
    for admin in admins:
        if _send(client, admin, message) is None:
            told.append(admin)
    if not told:
        logger.warning(
            "no admin could be told of %s's request to join; decide it with "
            "`relbot participants approve|refuse %s`",
            request.slack_user_id,
            request.slack_user_id,
        )
    return told


def tell_person(client: WebClient, decision: Decision) -> str | None:
    """Tell the person what the admins decided; None when told, else Slack's reason."""
    request = decision.request
    if request.status is RequestStatus.APPROVED:
        message = approved_message(decision.organisation or request.organisation)
    else:
        message = refused_message()
    return _send(client, request.slack_user_id, message)


def _send(client: WebClient, channel: str, message: Message) -> str | None:
    try:
        client.chat_postMessage(channel=channel, **message.payload())
    except Exception as error:
        failure = failure_of(error)
        if failure is None:
            raise
        logger.warning("could not send a DM to %s: %s", channel, failure.reason)
        return failure.reason
    return None
