"""What a person sees when something went wrong on relbot's side."""

from __future__ import annotations

from relbot.slack.messages import Message, text_message


def error_message(reference: str) -> Message:
    """A polite apology with a reference the person can quote to an admin."""
    text = (
        ":warning: Sorry, something went wrong on my side and nothing was changed. "
        f"Please try again in a minute; if it keeps happening, tell an admin reference `{reference}`."
    )
    return text_message(text)


def not_in_directory_message(admins: tuple[str, ...]) -> Message:
    """For someone who is not in the roster yet."""
    ask = ", ".join(f"<@{a}>" for a in admins) if admins else "your relbot admin"
    text = f"You are not in relbot's directory yet. Ask {ask} to add you to the roster."
    return text_message(text)
