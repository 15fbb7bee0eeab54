"""relbot: the commissioner-provider relationship, measured and tended every week in Slack."""

__version__ = "0.1.0"
