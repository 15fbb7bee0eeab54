"""Scheduled work: the schedule's arithmetic, the jobs, and the one scheduler that runs them."""
