"""Who may do what with a query: decided each time a form is submitted or a button pressed,
from the person as the directory holds them then, never from what the form was opened with."""

from __future__ import annotations

from sqlalchemy.orm import Session

from relbot.domain.profile import person_by_slack_id
from relbot.models import Person, QueryTicket
from relbot.models.enums import Side


def may_act(*, session: Session, ticket: QueryTicket, actor: Person | None, is_admin: bool) -> bool:
    """Whether someone may press a query's buttons: its asker, any officer, or an admin."""
    if is_admin:
        return True
    if actor is None:
        return False
    return actor.id == ticket.asker_id or actor.side is Side.OFFICER


def asker_for(*, session: Session, logger: Person, author: str | None, is_admin: bool) -> Person:
    """Whose query it is: when an officer (or admin) logs a provider's message, the provider's,
    so they follow it in their DMs; otherwise whoever logs it."""
    if author is None or author == logger.slack_user_id:
        return logger
    if logger.side is not Side.OFFICER and not is_admin:
        return logger  # a provider may not open a query in another provider's name
    writer = person_by_slack_id(session=session, slack_user_id=author)
    return writer if writer is not None and writer.side is Side.PROVIDER else logger
