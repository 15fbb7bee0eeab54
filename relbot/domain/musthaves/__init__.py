"""Must Haves: collection rounds, each person's three, and the report by category."""
