"""The pulse survey in Slack: the invitation DMs, the button and the three-step form."""
