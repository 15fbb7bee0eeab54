"""Every slash command, fed whatever a person (or a forger with the secret) could type."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from standin.harness import Harness
from tests.conftest import ADMIN
from tests.directory_data import OFFICER, PROVIDER, STRANGER
from tests.robustness.support import MARKUP, answers, assert_clear

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
USERS = st.sampled_from([PROVIDER, OFFICER, STRANGER, ADMIN])

characters = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
words = st.one_of(
    st.text(characters, max_size=40),
    st.sampled_from(MARKUP),
    st.sampled_from(["&", "&amp;", "<", ">", "\n", "\t", "   ", "*bold*", "`code`", "_x_"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True).map(str),
)


def typed(prefixes: list[str]) -> st.SearchStrategy[str]:
    """A subcommand-like start, then a jumble of words; sometimes very long."""
    body = st.lists(words, max_size=8).map(" ".join)
    long = st.text(characters, min_size=3000, max_size=4000)
    return st.one_of(
        st.tuples(st.sampled_from(prefixes), body).map(lambda p: f"{p[0]} {p[1]}"),
        body,
        long,
        st.tuples(st.sampled_from(prefixes), long).map(lambda p: f"{p[0]} {p[1]}"),
    )


def send(harness: Harness, command: str, text: str, user: str) -> str:
    harness.slack.reset()
    reply = harness.command(text, user_id=user, command=command)
    assert reply.status == 200
    return assert_clear(answers(harness, reply), text)


RELBOT = ["help", "contacts", "CONTACTS", "profile", "digest", "pulse", "voice", "nonsense", ""]
MUSTHAVE = ["", "list", "remove", "remove 0", "remove 999", "remove #2", "help", "review"]
MUSTHAVE += ["open-round", "close-round", "LIST", "remove -1", "remove 1e3"]
QUERY = ["", "list", "Finance", "finance", "Payments", "Safeguarding", "Sourcing", "SPT"]


@FUZZ
@given(text=typed(RELBOT), user=USERS)
def test_relbot_command(council: Harness, text: str, user: str) -> None:
    send(council, "/relbot", text, user)


@FUZZ
@given(text=typed(MUSTHAVE), user=USERS)
def test_musthave_command(council: Harness, text: str, user: str) -> None:
    send(council, "/musthave", text, user)


@FUZZ
@given(text=typed(QUERY), user=USERS)
def test_query_command(council: Harness, text: str, user: str) -> None:
    send(council, "/query", text, user)


@FUZZ
@given(text=typed(["", "help"]), user=USERS)
def test_voice_command(council: Harness, text: str, user: str) -> None:
    send(council, "/voice", text, user)


@FUZZ
@given(name=typed(["", "Q1", "Workshop"]))
def test_an_admin_opening_a_round_with_any_name(council: Harness, name: str) -> None:
    send(council, "/musthave", f"open-round {name}", ADMIN)
