"""Django's own Redis cache backend, reusing one redis-py client per connection pool.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` for every cache call, and redis-py 5+
fills a large table of response callbacks in each one: about 1 ms of CPU per call here, more than the whole
cached page costs otherwise. The client is thread-safe and the pool (which holds the sockets) was shared
already, so one client per pool changes nothing else.
"""

from django.core.cache.backends import redis as django_redis


class ReusingRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
