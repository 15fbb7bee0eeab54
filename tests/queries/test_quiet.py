"""A relayed message notifies no one: every special mention Slack accepts is made plain."""

from __future__ import annotations

import pytest

from relbot.slack.queries.blocks import quiet


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<!here> see this", "@here see this"),
        ("<!channel|@channel>", "@channel"),
        ("<!Everyone>", "@everyone"),
        ("<!group>", "@group"),  # the legacy group mention
        ("<!subteam^s0123abc>", "@group"),  # lowercase ids pass Slack's parser too
        ("<!SUBTEAM^S0123|@finance-team>", "@finance-team"),
        ("<!date^1700000000^{date_short}|14 Nov>", "<!date^1700000000^{date_short}|14 Nov>"),
        ("<@UOFFI0002> and <#C0FINANCE>", "<@UOFFI0002> and <#C0FINANCE>"),
    ],
)
def test_special_mentions_are_made_plain(text: str, shown: str) -> None:
    assert quiet(text) == shown
    assert "<!" not in quiet(text).replace("<!date^", "")
