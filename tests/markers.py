"""Test markers shared across the suite."""

import pytest
from django.db import connection

#: Two threads racing on two database connections: PostgreSQL makes the second wait for the
#: first's lock; SQLite's in-memory test database fails the second at once ('database table is
#: locked'). Such races run on PostgreSQL only (CI).
RACE_ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a race settled by PostgreSQL's locks; SQLite's in-memory test database refuses the "
    "second connection at once ('database table is locked')",
)
