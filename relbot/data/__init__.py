"""Labelled Must Haves the categoriser learns from before any correction.

The `_d` file holds the tests' dev and heldout parts; the tests' `test` part is never here.
"""
