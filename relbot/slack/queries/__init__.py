"""Provider queries in Slack: `/query`, its form and shortcut, the queue and its buttons."""
