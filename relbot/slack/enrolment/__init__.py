"""Enrolment from the provider hub: the details form, the gate before every button, and the
admins' decision."""
