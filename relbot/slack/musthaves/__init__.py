"""Must Haves in Slack: `/musthave`, its form and the admins' review."""
