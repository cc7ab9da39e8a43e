"""Browser tests: Debian's Chromium, driven by Playwright, against Django's live server."""

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from spinecare.pages.models import Page, Section
from tests.conftest import REPO, run_command

from .site_content import write_small_site

CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = REPO / "test-results"
ABOUT = "how-we-make-this-information"


def pytest_collection_modifyitems(config, items):
    """Run the browser tests after all others (a stable sort keeps each group's order).

    Once Playwright starts, its event loop runs in the test thread until the session
    ends, and Django then needs DJANGO_ALLOW_ASYNC_UNSAFE for any database work; set
    only from the first browser test on, it cannot leak into other tests' subprocesses
    (a deploy check refuses it).
    """
    here = Path(__file__).parent
    items.sort(key=lambda item: item.path.is_relative_to(here))


@pytest.fixture(scope="session", autouse=True)
def _django_beside_playwright():
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def require(condition, why):
    """Skip on a developer's machine that lacks a tool; in CI, fail: CI must have it."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{why} (CI must provide it: see .ci/run)", pytrace=False)
        pytest.skip(why)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    }


@pytest.fixture(scope="session")
def artifacts():
    """test-results/, kept by CI: screenshots and PDFs of what the tests saw."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def outside_requests():
    return []


@pytest.fixture
def new_context(new_context, live_server, outside_requests):
    """Every browser context records its requests; one to another host fails the test."""
    origin = urlsplit(live_server.url)

    def record(request):
        url = urlsplit(request.url)
        if url.scheme in ("data", "blob", "about"):
            return
        if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
            outside_requests.append(request.url)

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        context.on("request", record)
        return context

    yield _new_context
    assert not outside_requests, f"requests left the site: {outside_requests}"


@dataclass
class Site:
    """The live site and one address of every kind of page it has."""

    url: str
    pages: dict = field(default_factory=dict)  # section -> a Page shown in tests
    every_page: list = field(default_factory=list)  # (slug, path) of each public page
    guides: dict = field(
        default_factory=dict
    )  # name -> path of guides every sweep sees

    def __call__(self, path):
        return self.url + path

    @property
    def page_types(self):
        """(name, path) for every kind of page: what the sweeps visit."""
        kinds = [("home", "/")]
        kinds += [(f"{s.value}-index", f"/{s.value}/") for s in Section]
        kinds += [(f"{s}-page", p.get_absolute_url()) for s, p in self.pages.items()]
        kinds += [(name, path) for name, path in self.guides.items()]
        kinds += [
            ("questions", "/questions/"),
            ("questions-topic", "/questions/symptoms/"),
            ("glossary", "/glossary/"),
            ("search", "/search/?q=tumor"),
            ("not-found", "/no-such-page/"),
        ]
        if "symptoms" in self.pages:  # after "Was this page helpful?"
            slug = self.pages["symptoms"].slug
            kinds.append(("feedback-thanks", f"/feedback/{slug}/thanks/"))
        return kinds


def _load(root):
    code, out, err = run_command("load_content", str(root))
    assert code == 0, f"load_content {root} failed:\n{err}"


def _site(url):
    """Pick, in each section, a page with questions and, if any has one, a callout."""
    site = Site(url=url)
    site.every_page = [
        (page.slug, page.get_absolute_url())
        for page in Page.objects.published().order_by("section", "slug")
    ]
    for section in Section:
        candidates = list(
            Page.objects.published()
            .filter(section=section, questions__isnull=False)
            .distinct()
            .order_by("slug")
        )
        urgent = [p for p in candidates if 'class="care-card-' in p.body_html]
        chosen = (urgent or candidates or [None])[0]
        if chosen is not None:
            site.pages[section.value] = chosen
    # The urgent-help guide and the page on how the information is made, if loaded.
    for name, slug in (("urgent-help", "urgent-help"), ("about", ABOUT)):
        found = Page.objects.published().filter(slug=slug).first()
        if found is not None and found.pk != getattr(site.pages.get("guides"), "pk", 0):
            site.guides[name] = found.get_absolute_url()
    return site


@pytest.fixture
def site(live_server):
    """The live server with the real content/ loaded, as patients will see it."""
    _load(settings.CONTENT_DIR)
    return _site(live_server.url)


@pytest.fixture
def small_site(live_server, tmp_path):
    """The live server with a small tree of every kind of page, for special cases."""
    root = tmp_path / "content"
    write_small_site(root)
    _load(root)
    return _site(live_server.url)


@pytest.fixture(scope="session")
def vnu():
    """The command that runs the Nu Html Checker, from npm's vnu-jar, on this Java."""
    java = shutil.which("java")
    jar = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(java, "java is missing: apt-get install default-jre-headless")
    require(jar.exists(), f"{jar} is missing: run `make tools` (npm ci)")
    return [java, "-jar", str(jar)]
