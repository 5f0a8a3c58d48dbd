"""Tremplin's demonstration data, loaded by ``manage.py seed_demo``: the demo accounts, a
registry of organisations, programme actions and partnerships, all rebuilt identically at each
run. Nothing in the portal imports this package."""
