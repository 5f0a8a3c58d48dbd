"""The demonstration data set and its ``seed_demo`` command (no models)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
