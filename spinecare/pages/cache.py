"""Public pages served from Django's cache, compressed once, keyed on one content version."""

import gzip
import hashlib
import json
import logging
import time

import brotli
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends import redis
from django.db import connection, transaction
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

logger = logging.getLogger(__name__)

VERSION_KEY = "spinecare:content-version"
# Staff work and anything a visitor sends or asks for is never cached.
NEVER_CACHED = ("/admin/", "/search/", "/feedback/")
# An unused page leaves the cache after a day; freshness is the version's job.
PAGE_SECONDS = 24 * 60 * 60
# A CDN or proxy may keep a public page five minutes; browsers ask again every time
# (a 304 when nothing changed), so a patient's own browser never shows an old page.
PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 0, "s_maxage": 300}
ENCODINGS = ("br", "gzip", "identity")
COMPRESSIBLE = ("text/", "application/xml", "application/json", "image/svg+xml")


class RedisCache(redis.RedisCache):
    """Django's RedisCache, which also keeps this thread's copies of the pages it served.

    A page from Redis costs a round trip, and on a busy server the wait for Redis is
    most of a cached page's time. So each thread keeps the pages it served and the
    version they carry, and asks Redis again only when the version changes: every
    bump publishes it, and each thread reads what was published (a poll of an open
    socket) before it answers. A message lost with a broken connection costs at most
    REVALIDATE_SECONDS, after which the version is read again.
    """

    REVALIDATE_SECONDS = 1.0
    MAX_PAGES = 2000  # per thread; about 30 MB of the largest pages

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient
        self.pages = {}
        self._version = None
        self._read_at = 0.0
        self._pubsub = None

    def known_version(self):
        """The content version, without a round trip while no bump was published."""
        try:
            if self._pubsub is None:
                self._subscribe()
            while self._pubsub.get_message(timeout=0) is not None:
                self._version = None
            now = time.monotonic()
            if self._version is None or now - self._read_at > self.REVALIDATE_SECONDS:
                self._version, self._read_at = content_version(), now
            return self._version
        except Exception:
            self._pubsub = self._version = None
            raise

    def _subscribe(self):
        pubsub = self._cache.get_client(write=True).pubsub()
        pubsub.subscribe(self.make_key(VERSION_KEY))
        # Subscribed before the version is read, so no later bump goes unheard.
        message = pubsub.get_message(timeout=self._options.get("socket_timeout", 1))
        if not message or message["type"] != "subscribe":
            pubsub.close()
            raise ConnectionError("Redis did not confirm the subscription")
        self._pubsub, self._version = pubsub, None

    def keep(self, key, entry):
        if len(self.pages) >= self.MAX_PAGES:
            self.pages.clear()
        self.pages[key] = entry

    def announce(self, version):
        self._version = None
        self._cache.get_client(write=True).publish(self.make_key(VERSION_KEY), version)


class _ReusedClient(redis.RedisCacheClient):
    """One redis.Redis client per pool: Django makes one for every call, and redis-py's
    constructor copies about 170 reply callbacks (150 µs, as long as a cached page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


def content_version():
    """The number every cached page is keyed on: each write to the content changes it.

    Kept in the cache itself, so every app server sharing it agrees on it.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        _start_version()
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached page stale; call it after a write that sends no signal."""
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # never set, or evicted
        _start_version()
        version = cache.incr(VERSION_KEY)
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        backend.announce(version)
    return version


def _start_version():
    # A number never used before (nanoseconds now), so a version lost from the cache
    # cannot come back as one that old cached pages still carry.
    cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def bump_after_commit(sender, using, **kwargs):
    """post_save/post_delete receiver: bump once, when the writing transaction commits.

    Not before: another server could cache the old rows under the new version.
    """
    pending = transaction.get_connection(using).run_on_commit
    if not any(entry[1] is bump_content_version for entry in pending):
        transaction.on_commit(bump_content_version, using=using)


def accepted_encoding(header):
    """br if the browser takes it, else gzip, else identity ("q=0" refuses one)."""
    quality = {}
    for part in header.lower().split(","):
        name, _, params = part.partition(";")
        params = params.strip()
        try:
            quality[name.strip()] = float(params[2:]) if params[:2] == "q=" else 1.0
        except ValueError:
            quality[name.strip()] = 0.0
    for coding in ("br", "gzip"):
        if quality.get(coding, quality.get("*", 0.0)) > 0:
            return coding
    return "identity"


def _release_digest():
    """What shapes a page besides its content: the code, templates, static files and
    the clinic's settings. A deploy or a new phone number changes it, so no page
    rendered before survives it, even in a Redis that outlives the servers."""
    digest = hashlib.sha256(json.dumps(settings.CLINIC, sort_keys=True).encode())
    for folder in ("spinecare", "templates", "static"):
        root = settings.BASE_DIR / folder
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class PageCacheMiddleware:
    """Serves anonymous visitors' public pages from the cache, before sessions and auth.

    A request is served from (or stored in) the cache only if it is a GET or HEAD with
    no cookie, no query string and no Authorization, outside NEVER_CACHED, and the
    response is a plain 200 that sets no cookie. Each page is kept three ways (br,
    gzip, identity), compressed once when stored, with a weak ETag for 304s.
    Everything else is marked private, no-store: staff always get a fresh page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.release = _release_digest()

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self._private(self.get_response(request))
        encoding = accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        keys = self._keys(request)
        backend = caches["default"]
        try:
            version, entry = _lookup(backend, keys[encoding])
        except Exception:  # the cache is down: a fresh page is better than none
            logger.exception("page cache unavailable; serving %s fresh", request.path)
            return self._private(self.get_response(request))
        if entry is not None and entry[0] == version:
            return _answer(request, entry)
        # The version was read before the view reads the database: a write that
        # commits meanwhile bumps it, so what is stored here is never served after.
        response = self.get_response(request)
        if request.method != "GET" or not _storable(response):
            return self._private(response)
        entries = _entries(version, response)
        try:
            cache.set_many(
                {keys[coding]: entries[coding] for coding in ENCODINGS},
                timeout=PAGE_SECONDS,
            )
        except Exception:  # the page is good; only keeping it failed
            logger.exception("page cache unavailable; %s not kept", request.path)
            return _answer(request, entries[encoding])
        if isinstance(backend, RedisCache):
            backend.keep(keys[encoding], entries[encoding])
        return _answer(request, entries[encoding])

    def _may_use_cache(self, request):
        meta = request.META
        return (
            request.method in ("GET", "HEAD")
            and not meta.get("QUERY_STRING")
            and not meta.get("HTTP_COOKIE")
            and not meta.get("HTTP_AUTHORIZATION")
            and not request.path.startswith(NEVER_CACHED)
            # Inside an open transaction (a test, a caller's atomic block) the view
            # may read rows not yet committed: neither serve nor store those.
            and not connection.in_atomic_block
        )

    def _keys(self, request):
        release = _release_digest() if settings.DEBUG else self.release
        # Pages print their own address (canonical link), so the host is in the key.
        url = f"{request.scheme}://{request.get_host()}{request.path}".encode()
        url = hashlib.sha256(url).hexdigest()[:32]  # any path makes a valid key
        return {
            coding: f"spinecare:page:{release}:{url}:{coding}" for coding in ENCODINGS
        }

    @staticmethod
    def _private(response):
        patch_cache_control(response, private=True, no_store=True)
        return response


def _lookup(backend, key):
    """(content version, the stored entry or None), the version read first."""
    if not isinstance(backend, RedisCache):
        found = cache.get_many([VERSION_KEY, key])
        return found.get(VERSION_KEY) or content_version(), found.get(key)
    version = backend.known_version()
    entry = backend.pages.get(key)
    if entry is None or entry[0] != version:
        entry = cache.get(key)
        if entry is not None and entry[0] == version:
            backend.keep(key, entry)
    return version, entry


def _storable(response):
    cache_control = response.get("Cache-Control", "").lower()
    vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Content-Encoding")
        and not any(word in cache_control for word in ("private", "no-store"))
        and vary <= {"accept-encoding", "cookie"}
    )


def _entries(version, response):
    """(version, status, headers, body) for each encoding, ready to send as they are."""
    body = response.content
    shown = HttpResponse(status=response.status_code)
    for name, value in response.items():
        if name.lower() not in ("content-length", "cache-control", "vary"):
            shown[name] = value
    shown["ETag"] = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    patch_cache_control(shown, **PUBLIC_CACHE_CONTROL)
    patch_vary_headers(shown, ["Accept-Encoding", "Cookie"])
    headers = list(shown.items())
    compress = len(body) >= 200 and response.get("Content-Type", "").startswith(
        COMPRESSIBLE
    )
    entries = {}
    for coding, bytes_ in [
        ("br", brotli.compress(body, quality=11) if compress else body),
        ("gzip", gzip.compress(body, compresslevel=9, mtime=0) if compress else body),
        ("identity", body),
    ]:
        extra = (
            [("Content-Encoding", coding)] if compress and coding != "identity" else []
        )
        entries[coding] = (
            version,
            response.status_code,
            headers + extra + [("Content-Length", str(len(bytes_)))],
            bytes_,
        )
    return entries


def _answer(request, entry):
    _, status, headers, body = entry
    response = HttpResponse(body, status=status, headers=headers)
    return get_conditional_response(request, etag=response["ETag"], response=response)
