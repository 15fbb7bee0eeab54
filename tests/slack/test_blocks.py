"""Block Kit builders: people's text is escaped, and Slack's limits hold for any data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relbot.domain.directory import Contact, DepartmentContacts
from relbot.slack.directory.blocks import contacts_message, unknown_department_message
from relbot.slack.directory.help import help_message
from relbot.slack.text import SECTION_TEXT_LIMIT, escape
from tests.slack.blocktext import block_text


def _department(name: str, people: int, description: str = "") -> DepartmentContacts:
    contacts = tuple(
        Contact(f"Person {i}", f"U{i:08d}", "officer", i % 7 == 0) for i in range(people)
    )
    return DepartmentContacts(name, description, "C0QUEUE", 2.0, contacts)


@given(st.text())
def test_escaped_text_has_no_control_sequences(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").count("&") == 0


def test_department_names_and_descriptions_are_escaped() -> None:
    message = contacts_message([_department("<!channel> Finance", 1, "pay & <http://x|click>")])
    text = block_text(message.payload()["blocks"])
    assert "&lt;!channel&gt; Finance" in text
    assert "pay &amp; &lt;http://x|click&gt;" in text
    assert "<!channel>" not in text


def test_unknown_department_reply_escapes_what_was_typed() -> None:
    text = block_text(unknown_department_message("<!here>", ["A&B"]).payload()["blocks"])
    assert "&lt;!here&gt;" in text and "*A&amp;B*" in text and "<!here>" not in text


def test_many_departments_stay_within_the_block_limit_and_name_the_rest() -> None:
    departments = [_department(f"Department {i:02d}", 3) for i in range(60)]
    payload = contacts_message(departments).payload()
    assert len(payload["blocks"]) <= 50
    text = block_text(payload["blocks"])
    assert "And 37 more: Department 23" in text and "Department 59" in text


def test_a_huge_department_is_cut_at_whole_lines_within_the_text_limit() -> None:
    payload = contacts_message([_department("Adult Operations", 400)]).payload()
    sections = [b["text"]["text"] for b in payload["blocks"] if b["type"] == "section"]
    assert all(len(text) <= SECTION_TEXT_LIMIT for text in sections)
    assert sections[0].splitlines()[-1].startswith("…and ")


def test_help_names_an_unknown_subcommand_safely() -> None:
    text = block_text(help_message(unknown="`<@U1>`").payload()["blocks"])
    assert "I don't know `'&lt;@U1&gt;'`" in text


def test_notification_text_is_escaped_too() -> None:
    message = contacts_message([_department("<!channel>", 1)])
    assert "<!channel>" not in message.payload()["text"]
    assert "<!here>" not in unknown_department_message("<!here>", []).payload()["text"]
