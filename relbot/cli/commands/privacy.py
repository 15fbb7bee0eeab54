"""`relbot forget USER` and `relbot export-user USER`: a person's personal data."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime

from relbot.cli.base import CommandError, actor, database
from relbot.config import Settings
from relbot.domain.privacy import UnknownPersonError, describe, export_person, forget_person

EXIT_DECLINED = 1


def forget(settings: Settings, args: argparse.Namespace) -> int:
    """Erase a person's personal data, after confirmation, keeping anonymous figures."""
    user = args.user
    by = actor()
    with database(settings) as sessions:
        with sessions.begin() as session:
            try:
                who = describe(session=session, slack_user_id=user)
            except UnknownPersonError as unknown:
                raise CommandError(f"{unknown}; nothing was changed") from None
        if not args.yes and not _confirmed(f"Erase {who} from relbot for good? [y/N] "):
            print("Nothing was changed.")
            return EXIT_DECLINED
        with sessions.begin() as session:
            erasure = forget_person(
                session=session,
                slack_user_id=user,
                actor=by,
                min_group=settings.min_group_size,
                now=datetime.now(UTC),
            )
    print(
        f"Erased {user}: {erasure.total} rows changed or removed "
        f"(erasure reference {erasure.reference} in the audit log)."
    )
    return 0


def _confirmed(question: str) -> bool:
    if not sys.stdin.isatty():
        raise CommandError("forget needs --yes when not run at a terminal; nothing was changed")
    return input(question).strip().lower() in ("y", "yes")


def export_user(settings: Settings, args: argparse.Namespace) -> int:
    """Write everything held about a person as JSON."""
    user, output = args.user, args.output
    with database(settings) as sessions, sessions.begin() as session:
        try:
            data = export_person(session=session, slack_user_id=user)
        except UnknownPersonError as unknown:
            raise CommandError(str(unknown)) from None
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"Wrote everything held about {user} to {output}.")
    return 0
