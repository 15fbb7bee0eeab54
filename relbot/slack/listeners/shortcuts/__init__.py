"""Listeners of one kind, one per module."""
