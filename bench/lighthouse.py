"""Lighthouse, mobile, on the home page and one page of each section: prints the scores.

Serves the site as production does (gunicorn, production settings, WhiteNoise with
hashed and compressed files) on 127.0.0.1, with content/ loaded into a throwaway
SQLite database, then runs npm's lighthouse in Debian's Chromium on each page.

    make tools                      # once: npm ci (lighthouse, vnu-jar)
    .venv/bin/python bench/lighthouse.py [--content PATH] [--keep DIR] [--also PATH ...]

Goal: 100 in every column. Each audit that cost points is listed under its page.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True)


def pages_to_audit(env):
    """The home page and, in each section, its first published page by slug."""
    script = (
        "from spinecare.pages.models import Page, Section\n"
        "for s in Section:\n"
        "    p = Page.objects.published().filter(section=s).order_by('slug').first()\n"
        "    if p: print(p.get_absolute_url())\n"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return ["/", *(line for line in out.split() if line.startswith("/"))]


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def audit(url, keep, tries=3):
    """Lighthouse's JSON report on url; a failed trace (NO_NAVSTART) is tried again."""
    for attempt in range(1, tries + 1):
        result = run_lighthouse(url)
        if result.returncode == 0 or attempt == tries:
            break
        print(f"lighthouse failed on {url}, trying again", file=sys.stderr)
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    if keep:
        name = url.split("//", 1)[1].split("/", 1)[1].strip("/").replace("/", "_")
        (keep / f"{name or 'home'}.json").write_text(result.stdout)
    return report


def run_lighthouse(url):
    return subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        capture_output=True,
        text=True,
        timeout=300,
    )


def lost_points(report):
    """Audits in a category that scored below 1: what to fix to reach 100."""
    lost = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                lost.append(f"{category}: {audit['title']} ({audit['score']}) {shown}")
    return lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(REPO / "content"))
    parser.add_argument("--keep", type=Path, help="save each JSON report here")
    parser.add_argument(
        "--also", nargs="*", default=[], help="more paths to audit, e.g. /questions/"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make tools` first")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="spinecare-lighthouse-") as tmp:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "spinecare.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "SECURE_SSL_REDIRECT": "false",  # plain http on loopback
            "SECURE_HSTS_SECONDS": "0",
            "MEDIA_ROOT": f"{tmp}/media",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_content", args.content)
        manage(env, "collectstatic", "--noinput", "-v0")
        paths = pages_to_audit(env) + args.also
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "spinecare.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=2",
                "--log-level=warning",
            ],
            cwd=REPO,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            rows = []
            for path in paths:
                report = audit(base + path, args.keep)
                scores = [
                    round(report["categories"][c]["score"] * 100) for c in CATEGORIES
                ]
                rows.append((path, scores, lost_points(report)))
        finally:
            server.terminate()
            server.wait(timeout=30)

    width = max(len(path) for path, _, _ in rows)
    print(f"Lighthouse {report['lighthouseVersion']}, mobile, {report['userAgent']}")
    print(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for path, scores, _ in rows:
        print(f"{path:<{width}}  " + "  ".join(f"{s:>14}" for s in scores))
    for path, _, lost in rows:
        for line in lost:
            print(f"  {path}: {line}")


if __name__ == "__main__":
    main()
