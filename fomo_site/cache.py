"""The Redis cache, failing open.

The cache holds nothing but counters (allauth's login and signup rate limits). When Redis
is down, a cache call answers as an empty cache would, after one connection attempt
(socket_connect_timeout), instead of turning the login page into a 500: a short outage
suspends rate limiting, it does not lock everyone out.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _failing_open(name: str, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            logger.warning("cache %s failed, answering as an empty cache: %s", name, error)
            return fallback(*args, **kwargs)

    call.__name__ = name
    return call


def _default(key, default=None, version=None):
    return default


class FailOpenRedisCache(RedisCache):
    add = _failing_open("add", lambda *args, **kwargs: True)
    get = _failing_open("get", _default)
    set = _failing_open("set", lambda *args, **kwargs: False)
    touch = _failing_open("touch", lambda *args, **kwargs: False)
    delete = _failing_open("delete", lambda *args, **kwargs: False)
    get_many = _failing_open("get_many", lambda *args, **kwargs: {})
    has_key = _failing_open("has_key", lambda *args, **kwargs: False)
    set_many = _failing_open("set_many", lambda *args, **kwargs: [])
    delete_many = _failing_open("delete_many", lambda *args, **kwargs: None)
    clear = _failing_open("clear", lambda *args, **kwargs: False)
