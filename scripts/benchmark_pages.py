"""Time the main pages and count their SQL queries, as each demo role sees them.

Run against the demo data (`make run` loads it, or `manage.py seed_demo`):
    .venv/bin/python scripts/benchmark_pages.py [--repeat 5]
Prints, per role and page: HTTP status, SQL queries, median and worst time in milliseconds.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

PAGES = {
    "national@tremplin.test": [
        "/",
        "/programmes/",
        "/programmes/HOPE/",
        "/programmes/actions/",
        "/programmes/agir/",
        "/programmes/ctai/",
        "/organisations/",
        "/organisations/?kind=company&has_active_action=true",
        "/partenariat/pistes/",
        "/conventions/",
        "/mobilisation/",
        "/mobilisation/calendrier/",
        "/partenariat/entonnoir/",
        "/comptes/utilisateurs/",
    ],
    "rhone@tremplin.test": [
        "/programmes/actions/",
        "/organisations/",
        "/partenariat/pistes/",
        "/conventions/",
        "/partenariat/entonnoir/",
    ],
    "operateur@tremplin.test": ["/programmes/actions/", "/organisations/"],
    "entreprise@tremplin.test": ["/espace-entreprise/", "/conventions/"],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; {args.repeat} runs per page after one warm-up")
    print(f"{'role':26} {'page':52} {'status':>6} {'queries':>7} {'median ms':>9} {'max ms':>7}")
    for email, pages in PAGES.items():
        client = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        for path in pages:
            client.get(path, HTTP_HOST="127.0.0.1")  # warm-up
            timings = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(path, HTTP_HOST="127.0.0.1")
                    timings.append((time.perf_counter() - start) * 1000)
            print(
                f"{email:26} {path:52} {response.status_code:>6} {len(queries):>7} "
                f"{statistics.median(timings):>9.1f} {max(timings):>7.1f}"
            )


if __name__ == "__main__":
    main()
