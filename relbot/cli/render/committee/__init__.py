"""The committee report: the relationship report a council puts before its board."""
