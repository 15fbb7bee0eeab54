"""The contacts list, as `/relbot contacts` and the hub's `Council contacts` show it."""

from __future__ import annotations

from typing import Any

from relbot.db import read_scope
from relbot.domain.directory import contacts, department_names, find_department
from relbot.slack.deps import Deps
from relbot.slack.directory.blocks import contacts_message, unknown_department_message


def contacts_payload(deps: Deps, wanted: str = "") -> dict[str, Any]:
    """Every department's contacts, or those of the department `wanted` names."""
    with read_scope(deps.sessions) as session:
        if not wanted:
            return contacts_message(contacts(session=session)).payload()
        department = find_department(session=session, text=wanted)
        if department is None:
            return unknown_department_message(wanted, department_names(session=session)).payload()
        return contacts_message(contacts(session=session, department=department)).payload()
