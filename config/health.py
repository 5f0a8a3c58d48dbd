"""`/health/`: the database, the cache, the broker and a Celery worker must all answer."""

import datetime

from django.conf import settings
from health_check.checks import Cache, Database
from health_check.contrib.celery import Ping
from health_check.views import HealthCheckView


class TremplinHealthCheckView(HealthCheckView):
    """django-health-check's view, answering 503 (not 500) when a check fails."""

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


def checks():
    found = [Database, Cache, (Ping, {"timeout": datetime.timedelta(seconds=3), "limit": 1})]
    if settings.REDIS_URL:
        from health_check.contrib.redis import Redis
        from redis.asyncio import Redis as RedisClient

        found.append((Redis, {"client_factory": lambda: RedisClient.from_url(settings.REDIS_URL)}))
    return found
