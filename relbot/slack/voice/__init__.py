"""Provider voice in Slack: the channel's messages and reactions, `/voice`, the summary."""
