"""The provider hub: one message in each channel shared with providers, with a button for
everything a provider does, since Slack delivers no slash command to people of other
workspaces."""
