"""The weekly digest: which week, its figures gathered from the report services, and its row."""
