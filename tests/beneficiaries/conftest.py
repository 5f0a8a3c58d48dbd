"""Fixtures of the beneficiary tests: the page tests' small world (see world.py)."""

from .world import world  # noqa: F401
