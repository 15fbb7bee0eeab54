"""Benchmarks: `python -m bench` (or `make bench`) prints figures; nothing here is a test."""
