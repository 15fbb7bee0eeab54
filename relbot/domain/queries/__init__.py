"""The provider query log: tickets, their timeline, overdue reminders and timings."""
