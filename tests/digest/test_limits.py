"""Whatever the week holds, the digest stays within Slack's limits and shows no raw markup."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relbot.domain.digest.data import CategoryCount
from relbot.domain.voice.summary import ThemeCount
from relbot.slack.digest.blocks import digest_message
from tests.digest.synthetic import LONDON, figures

MARKUP = "<>&*_~`@!#|:\n"
HEADER_LIMIT = 150
SECTION_LIMIT = 3000
FIELD_LIMIT = 2000
BLOCK_LIMIT = 50
FALLBACK_LIMIT = 4000
CONTEXT_ELEMENTS = 10

# Names as people type them: ordinary, empty-ish, pure markup, or 10,000 characters long.
names = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet=MARKUP, min_size=1, max_size=50),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["<!channel>", "&", "x", "é"]), st.integers(1, 2500)
    ),
    st.just("a" * 10_000),
)
counts = st.integers(0, 10_000)


@st.composite
def weeks(draw: st.DrawFn) -> Any:
    departments = draw(st.lists(names, max_size=60, unique=True))
    queue = draw(st.lists(names, max_size=60, unique=True))
    return figures(
        seed=draw(st.integers(0, 10_000)),
        providers=draw(st.sampled_from([0, 1, 2, 4, 5, 9, 30])),
        officers=draw(st.sampled_from([0, 1, 3, 5, 12])),
        min_group=draw(st.integers(2, 10)),
        departments=departments,
        queue=queue,
        rounds=draw(st.integers(0, 30)),
        must_haves=draw(
            st.none()
            | st.lists(st.builds(CategoryCount, names, counts, counts), max_size=60).map(tuple)
        ),
        themes=draw(
            st.none()
            | st.lists(
                st.builds(ThemeCount, names, counts, st.integers(-10_000, 10_000)), max_size=60
            ).map(tuple)
        ),
    )


def _texts(block: dict[str, Any]) -> list[str]:
    found = []
    if "text" in block:
        found.append(block["text"]["text"])
    found += [field["text"] for field in block.get("fields", [])]
    found += [element.get("text", "") for element in block.get("elements", [])]
    return found


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(weeks(), st.booleans())
def test_every_digest_stays_within_slack_limits(week: Any, preview: bool) -> None:
    payload = digest_message(week, LONDON, preview=preview).payload()
    blocks = payload["blocks"]
    assert 1 <= len(blocks) <= BLOCK_LIMIT
    assert len(payload["text"]) <= FALLBACK_LIMIT
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= HEADER_LIMIT
        elif block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_LIMIT
            assert all(len(f["text"]) <= FIELD_LIMIT for f in block.get("fields", []))
        elif block["type"] == "context":
            assert len(block["elements"]) <= CONTEXT_ELEMENTS
            assert all(len(e["text"]) <= SECTION_LIMIT for e in block["elements"])
        elif block["type"] == "actions":  # the lowest areas' buttons, to open an action
            assert 1 <= len(block["elements"]) <= 25
            for button in block["elements"]:
                assert len(button["text"]["text"]) <= 75 and len(button["value"]) <= 2000
        else:
            assert block["type"] == "divider"
        for text in _texts(block):
            # Nothing anyone typed can ping, link or mention: relbot's digest has no markup
            # of its own in angle brackets, so none may appear at all.
            assert "<" not in text and ">" not in text
