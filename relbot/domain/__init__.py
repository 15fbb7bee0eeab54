"""Domain services: plain functions over a session; they never import Slack."""
