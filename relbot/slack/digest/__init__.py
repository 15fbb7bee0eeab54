"""The weekly digest as Slack shows it, and its preview for officers."""
