"""The directory: `/relbot` (help, contacts), and the small reads other features share."""
