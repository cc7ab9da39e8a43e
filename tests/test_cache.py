"""The page cache: anonymous hits, fresh pages after every write, never for staff."""

import gzip
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import brotli
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from spinecare.pages.cache import (
    VERSION_KEY,
    RedisCache,
    accepted_encoding,
    bump_content_version,
    content_version,
)
from spinecare.pages.models import Page, Question, Synonym, Term

from .conftest import REPO

# Real commits: the version is bumped when a write commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/tumors/intramedullary-tumors/"
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def title_behind_the_cache(slug, title):
    """Change a page with no signal, so only a cache hit still shows the old title."""
    Page.objects.filter(slug=slug).update(title=title)


def test_an_anonymous_visitor_gets_the_cached_page_without_a_query(
    loaded, client, django_assert_num_queries
):
    first = client.get(PAGE)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300"
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    with django_assert_num_queries(0):
        again = client.get(PAGE)
    assert again.content == first.content
    assert b"<h1>Intramedullary tumors</h1>" in again.content


def test_a_save_is_served_at_once_and_bumps_when_it_commits(loaded, client):
    client.get(PAGE)
    page = Page.objects.get(slug="intramedullary-tumors")
    before = content_version()
    with transaction.atomic():
        page.title = "Tumors inside the spinal cord"
        page.save()
        # Not yet: another server would cache the old rows under the new number.
        assert content_version() == before
    assert content_version() == before + 1  # once for the page and all its rows
    assert b"<h1>Tumors inside the spinal cord</h1>" in client.get(PAGE).content


def test_a_write_that_rolls_back_leaves_the_cache_alone(loaded, client):
    client.get(PAGE)
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Page.objects.get(slug="intramedullary-tumors").save()
        raise RuntimeError
    assert content_version() == before


def test_a_deleted_question_leaves_the_page(loaded, client):
    assert b"What happens next?" in client.get(PAGE).content
    Question.objects.filter(
        page__slug="intramedullary-tumors", text="What happens next?"
    ).delete()
    assert b"What happens next?" not in client.get(PAGE).content


def test_load_content_serves_the_changed_file(loaded, client, load):
    assert b"They grow inside the cord." in client.get(PAGE).content
    loaded.page(
        "tumors",
        "intramedullary-tumors",
        title="Intramedullary tumors",
        summary="Tumors that grow inside the spinal cord.",
        related=["weakness", "mri", "surgery"],
        body="They start in the cord itself. See [[mri]].",
    )
    code, out, err = load(loaded.root)
    assert code == 0, err
    html = client.get(PAGE).content
    assert b"They start in the cord itself." in html
    assert b"They grow inside the cord." not in html


def test_a_glossary_change_reaches_the_glossary_at_once(loaded, client):
    assert b"The tough outer layer" in client.get("/glossary/").content
    term = Term.objects.get(slug="dura")
    term.definition = "The strong cover around the spinal cord."
    term.save()
    html = client.get("/glossary/").content
    assert b"The strong cover around the spinal cord." in html
    assert b"The tough outer layer" not in html


def test_a_synonym_change_bumps_the_version(loaded):
    before = content_version()
    Synonym.objects.create(words="pins and needles", means="numbness")
    assert content_version() == before + 1


def test_a_version_lost_from_the_cache_never_comes_back_as_an_old_one(loaded):
    old = bump_content_version()
    cache.delete(VERSION_KEY)  # evicted, or Redis restarted
    assert content_version() > old


def test_staff_always_get_a_fresh_page_that_is_never_stored(loaded, client):
    staff = Client()
    staff.force_login(
        get_user_model().objects.create_user("nurse", password="x", is_staff=True)
    )
    client.get(PAGE)
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    response = staff.get(PAGE)
    assert b"<h1>Changed behind the cache</h1>" in response.content
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    # A draft that only staff may preview never reaches the cache.
    Page.objects.filter(slug="mri").update(status=Page.Status.DRAFT)
    assert staff.get("/diagnosis/mri/").status_code == 200
    assert client.get("/diagnosis/mri/").status_code == 404


def test_a_request_with_any_cookie_or_query_is_rendered_fresh(loaded, client):
    client.get(PAGE)
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    fresh = b"<h1>Changed behind the cache</h1>"
    assert fresh in Client(HTTP_COOKIE="theme=dark").get(PAGE).content
    assert fresh in client.get(PAGE + "?utm_source=leaflet").content
    assert fresh not in client.get(PAGE).content


@pytest.mark.parametrize("url", ["/search/?q=mri", "/search/", "/admin/login/"])
def test_search_and_admin_are_never_cached(loaded, client, url):
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")


@pytest.mark.parametrize("url", ["/", PAGE, "/glossary/", "/questions/", "/tumors/"])
def test_no_cookie_is_ever_set_on_a_public_page(loaded, client, url):
    for _ in range(2):  # the miss that stores it, then the hit
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert not response.cookies
        assert "Set-Cookie" not in str(response.serialize_headers())
    assert not client.cookies


def test_a_page_is_compressed_as_the_browser_accepts_and_answers_304(loaded, client):
    plain = client.get(PAGE)
    assert not plain.has_header("Content-Encoding")
    br = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gz = client.get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
    refused = client.get(PAGE, HTTP_ACCEPT_ENCODING="br;q=0, deflate")
    assert br["Content-Encoding"] == "br" and gz["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.content) == plain.content
    assert gzip.decompress(gz.content) == plain.content
    assert refused.content == plain.content
    assert int(br["Content-Length"]) == len(br.content) < len(plain.content) / 3
    for response in (plain, br, gz):
        assert response["Vary"] == "Accept-Encoding, Cookie"
        assert response["ETag"] == plain["ETag"]
        assert response["Content-Security-Policy"]  # stored with the page
    not_modified = client.get(
        PAGE, HTTP_IF_NONE_MATCH=plain["ETag"], HTTP_ACCEPT_ENCODING="br"
    )
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == plain["ETag"]
    # After a change the old ETag gets the new page.
    page = Page.objects.get(slug="intramedullary-tumors")
    page.summary = "Tumors that start inside the spinal cord."
    page.save()
    changed = client.get(PAGE, HTTP_IF_NONE_MATCH=plain["ETag"])
    assert changed.status_code == 200 and b"start inside the spinal cord" in (
        changed.content
    )


def test_what_is_not_cached_is_still_gzipped(loaded, client):
    response = client.get("/search/?q=mri", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"MRI" in gzip.decompress(response.content)


@pytest.mark.parametrize(
    "header, coding",
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("*", "br"),
        ("identity", "identity"),
        ("", "identity"),
        ("gzip;q=0", "identity"),
    ],
)
def test_accepted_encoding(header, coding):
    assert accepted_encoding(header) == coding


def test_production_refuses_to_start_without_redis():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="spinecare.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="spinecare.example.org",
        CANCER_TEAM_PHONE="555-0100",
        CANCER_TEAM_HOURS="Monday to Friday, 8 am to 6 pm",
        CONTACT_EMAIL="spinecare@example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "REDIS_URL" in result.stderr


@pytest.fixture
def redis_cache(settings):
    """Production's RedisCache on the real Redis, under a prefix of this test's own."""
    import redis

    client = redis.Redis.from_url(REDIS, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs Redis at {REDIS}: {exc}")
        pytest.skip(f"no Redis at {REDIS}")
    prefix = f"spinecare-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "spinecare.pages.cache.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    yield client, prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.mark.redis
def test_redis_holds_the_pages_and_the_version_every_server_reads(
    redis_cache, loaded, client, django_assert_num_queries
):
    redis, prefix = redis_cache
    first = client.get(PAGE, HTTP_ACCEPT_ENCODING="br")
    stored = {key.decode() for key in redis.scan_iter(f"{prefix}:*")}
    assert f"{prefix}:1:{VERSION_KEY}" in stored
    assert sum(":spinecare:page:" in key for key in stored) == 3  # br, gzip, identity
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    with django_assert_num_queries(0):
        assert client.get(PAGE, HTTP_ACCEPT_ENCODING="br").content == first.content
    # A save on "another server" is one INCR in Redis, which this one reads next.
    version = int(redis.get(f"{prefix}:1:{VERSION_KEY}"))
    page = Page.objects.get(slug="intramedullary-tumors")
    page.title = "Tumors inside the spinal cord"
    page.save()
    assert int(redis.get(f"{prefix}:1:{VERSION_KEY}")) == version + 1
    html = brotli.decompress(client.get(PAGE, HTTP_ACCEPT_ENCODING="br").content)
    assert b"<h1>Tumors inside the spinal cord</h1>" in html


def in_another_thread(work):
    """Run `work` as another app server would: its own cache connection."""
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


@pytest.mark.redis
def test_each_server_keeps_its_pages_until_redis_announces_a_bump(
    redis_cache, loaded, client
):
    redis, prefix = redis_cache
    client.get(PAGE)
    # Gone from Redis and changed in the database: this thread still has its copy.
    for key in redis.scan_iter(f"{prefix}:*:spinecare:page:*"):
        redis.delete(key)
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    assert b"<h1>Intramedullary tumors</h1>" in client.get(PAGE).content
    in_another_thread(bump_content_version)  # publishes the new version
    assert b"<h1>Changed behind the cache</h1>" in client.get(PAGE).content


@pytest.mark.redis
def test_a_bump_whose_announcement_was_lost_is_seen_within_a_second(
    redis_cache, loaded, client
):
    redis, prefix = redis_cache
    client.get(PAGE)
    title_behind_the_cache("intramedullary-tumors", "Changed behind the cache")
    redis.incr(f"{prefix}:1:{VERSION_KEY}")  # a bump nobody announced
    time.sleep(RedisCache.REVALIDATE_SECONDS + 0.1)
    assert b"<h1>Changed behind the cache</h1>" in client.get(PAGE).content


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def title_on(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
        return re.search(r"<h1>(.*?)</h1>", r.read().decode()).group(1)


@pytest.mark.postgres
@pytest.mark.redis
def test_two_app_servers_serve_a_change_made_through_either_at_once(
    redis_cache, loaded, tmp_path
):
    """Two gunicorns with production settings on this test's database and Redis."""
    _, prefix = redis_cache
    (tmp_path / "scale_settings.py").write_text(
        "from spinecare.settings.prod import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(tmp_path / 'static')!r}\n"
        f"CACHES['default']['KEY_PREFIX'] = {prefix!r}  # noqa: F405\n"
    )
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}",
        "DJANGO_SETTINGS_MODULE": "scale_settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS,
        "SECURE_SSL_REDIRECT": "false",
        "CANCER_TEAM_PHONE": "555-0100",
        "CANCER_TEAM_HOURS": "Monday to Friday, 8 am to 6 pm",
        "CONTACT_EMAIL": "spinecare@example.org",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
        timeout=120,
    )
    ports = [free_port(), free_port()]
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    servers = [
        subprocess.Popen(
            [gunicorn, "spinecare.wsgi", f"--bind=127.0.0.1:{port}", "--workers=2"],
            cwd=REPO,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    title_on(port, PAGE)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
        for port in ports * 4:  # each worker of each server has the page now
            assert title_on(port, PAGE) == "Intramedullary tumors"
        page = Page.objects.get(slug="intramedullary-tumors")
        for n, port in enumerate(ports * 2):
            page.title = f"Tumors inside the spinal cord ({n})"
            page.save()  # committed, and the new version announced, on return
            assert title_on(port, PAGE) == page.title
            assert title_on(ports[0] if port == ports[1] else ports[1], PAGE) == (
                page.title
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
