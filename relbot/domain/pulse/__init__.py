"""Pulse surveys: the question bank, rounds and their invitations, and answers."""
