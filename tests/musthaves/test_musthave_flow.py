"""Must Haves end to end: signed `/musthave` commands, the form and the admins' review."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from relbot.domain.categories import category_specs, ensure_categories
from relbot.domain.musthaves import collections, entries
from relbot.domain.musthaves.collections import quarter_name
from relbot.domain.musthaves.report import must_have_report
from relbot.domain.profile import person_by_slack_id
from relbot.models import AuditEntry, MustHave, MustHaveCategory, MustHaveCollection
from relbot.models.enums import Side
from relbot.models.musthaves import CollectionStatus
from standin.harness import Harness
from standin.signing import block_action, view_submission
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.slack.blocktext import block_text

ADMIN = "UADMIN001"


def say(council: Harness, text: str, user: str = PROVIDER) -> str:
    """Send `/musthave text` and return the text of relbot's ephemeral answer."""
    council.slack.reset()
    reply = council.command(text, user_id=user, command="/musthave")
    assert reply.status == 200
    if reply.body:  # reading the list is answered at once
        answer = reply.json()
    else:  # the first guess in a process trains the categoriser, which takes a moment
        [said] = council.slack.wait_for("response_url", timeout=60)
        answer = said.params
    assert answer.get("response_type") == "ephemeral"
    return block_text(answer["blocks"])


def stored(council: Harness) -> list[tuple[str, Side, int, str]]:
    with council.sessions.begin() as session:
        rows = session.execute(
            select(MustHave.text, MustHave.side, MustHave.slot, MustHaveCategory.key)
            .join(MustHaveCategory)
            .order_by(MustHave.side, MustHave.slot)
        )
        return [(t, side, slot, key) for t, side, slot, key in rows]


def test_three_are_taken_the_fourth_is_refused_with_the_list(council: Harness) -> None:
    first = say(council, "Pay invoices on time and send a remittance advice we can match")
    assert "Must Have 1 of 3 recorded" in first
    assert "Category: *Payments and finance*" in first and "1 of 3 used" in first
    say(council, "A named contact in each team and a structure chart with the decision makers")
    third = say(council, "Commissioners who understand what running a care business costs")
    assert "Must Have 3 of 3 recorded" in third and "3 of 3 used" in third
    fourth = say(council, "Reply to our emails within two working days")
    assert "You already have 3 Must Haves" in fourth
    assert "1. Pay invoices on time" in fourth
    assert "2. A named contact in each team" in fourth
    assert "3. Commissioners who understand" in fourth
    assert "/musthave remove N" in fourth
    assert [row[0][:10] for row in stored(council)] == ["Pay invoic", "A named co", "Commission"]


def test_remove_renumbers_and_frees_a_place(council: Harness) -> None:
    for text in ("Pay on time", "Tell us who to contact", "Meet us every quarter"):
        say(council, text)
    assert "Removed: Tell us who to contact" in say(council, "remove 2")
    listed = say(council, "list")
    assert "1. Pay on time" in listed and "2. Meet us every quarter" in listed
    assert "3." not in listed
    assert "There is no Must Have 3 to remove; choose 1 to 2" in say(council, "remove 3")
    assert "Must Have 3 of 3" in say(council, "Answer the phone")
    assert [(row[0], row[2]) for row in stored(council)] == [
        ("Pay on time", 1),
        ("Meet us every quarter", 2),
        ("Answer the phone", 3),
    ]


def test_bad_input_gets_a_clear_message_and_changes_nothing(council: Harness) -> None:
    say(council, "Pay on time")
    assert "Please write your Must Have" in say(council, "...")
    assert "longer than 500 characters" in say(council, "x" * 501)
    assert "You already have that one" in say(council, "  pay ON   time ")
    assert "Say which one to remove" in say(council, "remove")
    assert "not in relbot's directory" in say(council, "Pay on time", user=STRANGER)
    assert [row[0] for row in stored(council)] == ["Pay on time"]


def test_markup_comes_out_as_plain_text_everywhere(council: Harness) -> None:
    text = "<!channel> ask <@U123> & see <http://x.example|here> > now"
    escaped = "&lt;!channel&gt; ask &lt;@U123&gt; &amp; see &lt;http://x.example|here&gt; &gt; now"
    answers = [say(council, text), say(council, "list")]
    say(council, "two")
    say(council, "three")
    answers.append(say(council, "four"))
    answers.append(say(council, "review", user=ADMIN))
    answers.append(say(council, "remove 3"))
    for answer in answers:
        assert escaped in answer
        assert "<!channel>" not in answer and "<@U123>" not in answer


def test_the_report_counts_each_side_under_its_category(council: Harness) -> None:
    say(council, "Pay invoices on time")
    say(council, "Honest conversations when a contract is at risk")
    say(council, "Providers to tell us early when a placement is at risk", user=OFFICER)
    say(council, "Faster payment of invoices please", user=OFFICER)
    with council.sessions.begin() as session:
        current = collections.current_collection(
            session=session, now=datetime.now(UTC), zone=council.settings.zone
        )
        assert current is not None
        report = must_have_report(session=session, collection=current, min_group=1)
        hidden = must_have_report(session=session, collection=current, min_group=2)
    lines = {line.key: line for line in report.lines}
    assert lines["payments"].counts == {Side.PROVIDER: 1, Side.OFFICER: 1}
    assert lines["payments"].texts[Side.OFFICER] == ("Faster payment of invoices please",)
    assert lines["trust"].counts[Side.PROVIDER] == 1
    assert report.people == {Side.PROVIDER: 1, Side.OFFICER: 1} and report.total == 4
    assert report.top[Side.PROVIDER][0] in ("Payments and finance", "Trust and honesty")
    assert not hidden.shown(Side.PROVIDER) and Side.PROVIDER not in hidden.top


def test_the_form_shows_the_current_ones_and_replaces_them(council: Harness) -> None:
    say(council, "Pay on time")
    council.slack.reset()
    council.command("", user_id=PROVIDER, command="/musthave")
    [opened] = council.slack.wait_for("views.open")
    view = opened.params["view"]
    fields = [b for b in view["blocks"] if b["type"] == "input"]
    assert [f["element"].get("initial_value") for f in fields] == ["Pay on time", None, None]

    def submit(values: list[str], user: str = PROVIDER) -> Any:
        state = {
            f["block_id"]: {f["element"]["action_id"]: {"type": "plain_text_input", "value": v}}
            for f, v in zip(fields, values, strict=True)
        }
        return council.interact(view_submission(user_id=user, view=view, values=state))

    same = submit(["Meet quarterly", "meet   QUARTERLY", ""])
    assert same.json()["errors"] == {"must_have_2": "This is the same as one above."}
    foreign = submit(["Something else", "", ""], user=OFFICER)
    assert "belongs to someone else" in foreign.json()["errors"]["must_have_1"]
    assert submit(["Pay on time", "Meet quarterly", "A contact list"]).status == 200
    [dm] = council.slack.wait_for("chat.postMessage")
    assert dm.params["channel"] == PROVIDER
    assert "1. Pay on time" in block_text(dm.params["blocks"])
    assert [row[0] for row in stored(council)] == [
        "Pay on time",
        "Meet quarterly",
        "A contact list",
    ]


def test_admins_open_and_close_named_rounds(council: Harness) -> None:
    assert "Only relbot admins" in say(council, "open-round Workshop 3")
    assert "*Workshop 3* is open" in say(council, "open-round Workshop 3", user=ADMIN)
    assert "for *Workshop 3*" in say(council, "Pay on time")
    assert "Closed the Must Haves round *Workshop 3*" in say(council, "close-round", user=ADMIN)
    this_quarter = quarter_name(datetime.now(UTC), council.settings.zone)
    assert f"for *{this_quarter}*" in say(council, "list")
    say(council, "close-round", user=ADMIN)
    assert "No Must Haves round is open" in say(council, "Pay on time")
    with council.sessions.begin() as session:
        actions = list(
            session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.action.startswith("must_haves."))
                .order_by(AuditEntry.id)
            )
        )
    assert actions == ["must_haves.open", "must_haves.close", "must_haves.close"]


def _choose(council: Harness, user: str, block_id: str, key: str) -> Any:
    payload = block_action(user_id=user, action_id="must_have_category")
    payload["actions"][0].update(
        type="static_select", block_id=block_id, selected_option={"value": key}
    )
    payload["response_url"] = council.slack.response_url("review")
    council.slack.reset()
    assert council.interact(payload).status == 200
    [said] = council.slack.wait_for("response_url")
    return block_text(said.params["blocks"])


def test_admins_recategorise_and_later_guesses_learn(council: Harness) -> None:
    text = "District nurses at our weekly huddles"
    assert "Category: *Better cooperation and collaboration*" in say(council, text)
    council.slack.reset()
    council.command("review", user_id=ADMIN, command="/musthave")
    [review] = council.slack.wait_for("response_url")
    [item] = [b for b in review.params["blocks"] if b.get("accessory")]
    assert item["accessory"]["initial_option"]["value"] == "cooperation"
    assert "Only relbot admins" in _choose(council, PROVIDER, item["block_id"], "contacts")
    moved = _choose(council, ADMIN, item["block_id"], "contacts")
    assert "to *Contacts and structure*" in moved
    with council.sessions.begin() as session:
        row = session.scalars(select(MustHave)).one()
        assert (row.category.key, row.categorised_by) == ("contacts", "admin")
    answer = say(council, "Invite the district nurses to huddles", user=OFFICER)
    assert "Category: *Contacts and structure*" in answer


def test_racing_for_the_last_place_keeps_three(council: Harness) -> None:
    with council.sessions.begin() as session:
        ensure_categories(session=session, specs=category_specs(()))
        person = person_by_slack_id(session=session, slack_user_id=PROVIDER)
        current = collections.current_collection(
            session=session, now=datetime.now(UTC), zone=council.settings.zone
        )
        assert person is not None and current is not None
        entries.add(session=session, collection=current, person=person, text="one")
        entries.add(session=session, collection=current, person=person, text="two")

    problems: list[object] = []

    def add(text: str) -> None:
        with council.sessions.begin() as session:
            me = person_by_slack_id(session=session, slack_user_id=PROVIDER)
            assert me is not None and current is not None
            problems.append(
                entries.add(session=session, collection=current, person=me, text=text).problem
            )

    threads = [threading.Thread(target=add, args=(f"three {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stored(council)) == 3
    assert sorted(str(p) for p in problems) == ["None", "full", "full", "full"]


def test_command_text_arrives_encoded_and_is_kept_as_typed(council: Harness) -> None:
    # Slack sends slash-command text with &, < and > as entities.
    said = say(council, "Tell us early &amp; honestly &lt;3")
    assert "Tell us early &amp; honestly &lt;3" in said and "&amp;amp;" not in said
    assert stored(council)[0][0] == "Tell us early & honestly <3"
    assert "You already have that one" in say(council, "tell us early & honestly <3")


def test_last_quarters_round_closes_when_the_next_quarter_starts(council: Harness) -> None:
    zone = council.settings.zone
    with council.sessions.begin() as session:
        autumn = collections.current_collection(
            session=session, now=datetime(2026, 11, 2, 12, tzinfo=UTC), zone=zone
        )
        winter = collections.current_collection(
            session=session, now=datetime(2027, 1, 4, 12, tzinfo=UTC), zone=zone
        )
        named = collections.open_collection(
            session=session, name="Workshop 4", now=datetime(2027, 2, 1, tzinfo=UTC), actor="t"
        )
        spring = collections.current_collection(
            session=session, now=datetime(2027, 4, 5, 12, tzinfo=UTC), zone=zone
        )
        assert collections.collection_named(session=session, name="2026 Q4") == (
            collections.Collection(autumn.id if autumn else 0, "2026 Q4", False)
        )
    assert winter is not None and winter.name == "2027 Q1"
    assert spring == named  # an admin's round stays open until an admin closes it


def test_listing_while_last_quarters_round_is_open_moves_on_to_this_quarters(
    council: Harness,
) -> None:
    now = datetime.now(UTC)
    zone = council.settings.zone
    last = quarter_name(now - timedelta(days=95), zone)
    with council.sessions.begin() as session:
        session.add(
            MustHaveCollection(
                name=last, status=CollectionStatus.OPEN, opened_at=now - timedelta(days=95)
            )
        )
    assert f"for *{quarter_name(now, zone)}*" in say(council, "list")
    with council.sessions.begin() as session:
        closed = collections.collection_named(session=session, name=last)
    assert closed is not None and not closed.open


def test_review_of_a_closed_round_opens_no_new_one(council: Harness) -> None:
    say(council, "open-round Workshop 3", user=ADMIN)
    say(council, "Pay on time")
    say(council, "close-round", user=ADMIN)
    assert "Pay on time" in say(council, "review", user=ADMIN)
    with council.sessions.begin() as session:
        assert collections.open_now(session=session) is None


def test_the_form_keeps_when_an_unchanged_must_have_was_recorded(council: Harness) -> None:
    say(council, "Pay on time")
    with council.sessions.begin() as session:
        row = session.scalars(select(MustHave)).one()
        row.created_at = datetime(2026, 1, 5, tzinfo=UTC)
        person = person_by_slack_id(session=session, slack_user_id=PROVIDER)
        current = collections.open_now(session=session)
        assert person is not None and current is not None
        entries.replace_all(
            session=session, collection=current, person=person, texts=["Pay on time", "Meet"]
        )
    with council.sessions.begin() as session:
        first, second = session.scalars(select(MustHave).order_by(MustHave.slot))
        assert first.created_at == datetime(2026, 1, 5, tzinfo=UTC)
        assert second.created_at > first.created_at
