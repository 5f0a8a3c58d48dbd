"""Helpers of the history tests: a history as a reader sees it on a page."""

import pytest
from django.template.loader import render_to_string

from config.history import history_entries


@pytest.fixture
def render_history():
    def render(obj, reader):
        return render_to_string("includes/history.html", {"history": history_entries(obj, reader)})

    return render
