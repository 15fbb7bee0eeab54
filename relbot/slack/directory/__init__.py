"""The directory in Slack: the contacts list and the help `/relbot` and App Home show."""
