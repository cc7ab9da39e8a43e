"""The staff side tried as an attacker would, on a `make run`-style server: prints figures.

Serves the site with development settings (runserver, a throwaway SQLite database and
media folder, content/ from the last commit) on 127.0.0.1, then:
  1. 30 wrong passwords for one account, the right one, and another account;
  2. pixel-bomb PNGs and a GIF with a script tail through the editor's upload;
  3. hostile content files through `load_content --dry-run`, each timed, with the
     database compared before and after.

    .venv/bin/python bench/staff_side.py
"""

import hashlib
import http.cookiejar
import io
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = str(REPO / ".venv" / "bin" / "python")
PASSWORD = "a long staff password"


def manage(env, *args, check=True):
    return subprocess.run(
        [PY, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


class Browser:
    """Cookies and the CSRF token, as a browser keeps them."""

    def __init__(self, base):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self):
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def send(self, path, data=None, headers=None):
        request = urllib.request.Request(self.base + path, data, headers or {})
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def sign_in(self, username, password):
        self.send("/admin/login/")
        form = {"username": username, "password": password, "otp_token": ""}
        form["csrfmiddlewaretoken"] = self.csrf()
        return self.send("/admin/login/", urllib.parse.urlencode(form).encode())

    def upload(self, name, data, content_type):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="image"; '
                f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Requested-With": "XMLHttpRequest",
            "X-CSRFToken": self.csrf(),
        }
        return self.send("/admin/markdownx/upload/", body, headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width, height, *, rows):
    squeezer = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)
    data = b"".join(squeezer.compress(row) for _ in range(rows)) + squeezer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def gif_with_tail():
    sys.path.insert(0, str(REPO))
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "GIF")
    return buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"


FRONT = (
    "title: A page\nsummary: A short summary.\nsources:\n  - title: A source\n"
    "    publisher: A publisher\n    url: https://example.org/a\nupdated: 2026-11-21\n"
)
BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8)
    )
    + "title: *i\n"
)
HOSTILE = {
    "alias bomb (1 KB)": ("tumors/bomb.md", f"---\n{BOMB}---\nText.\n"),
    "6 MB page": ("tumors/huge.md", f"---\n{FRONT}---\n" + "word " * 1258291),
    "month 13": (
        "tumors/m13.md",
        f"---\n{FRONT.replace('2026-11-21', '2026-13-01')}---\nText.\n",
    ),
    "120-character slug": (f"tumors/{'a' * 120}.md", f"---\n{FRONT}---\nText.\n"),
    "400-character title": (
        "tumors/t.md",
        f"---\n{FRONT.replace('A page', 'T' * 400)}---\nText.\n",
    ),
    "400-character question": (
        "tumors/q.md",
        f"---\n{FRONT}questions: [{'Q' * 400}]\n---\nText.\n",
    ),
    "NUL character": ("tumors/nul.md", f"---\n{FRONT}---\nText \0 here.\n"),
    "key given twice": ("tumors/twice.md", f"---\n{FRONT}title: Again\n---\nText.\n"),
    "synonyms nested 5000 deep": (
        "synonyms.yaml",
        "- words: " + "[" * 5000 + "a" + "]" * 5000 + "\n",
    ),
}


def database_fingerprint(env):
    dump = manage(env, "dumpdata", "pages", "--natural-foreign").stdout
    return hashlib.sha256(dump.encode()).hexdigest()[:16]


def main():
    work = Path(tempfile.mkdtemp(prefix="spinecare-bench-"))
    subprocess.run(
        f"git archive HEAD content | tar -x -C {work}", shell=True, cwd=REPO, check=True
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spinecare.settings.dev",
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "MEDIA_ROOT": str(work / "media"),
        "CONTENT_DIR": str(work / "content"),
    }
    manage(env, "migrate", "--noinput")
    loaded = manage(env, "load_content", check=False)
    print("load_content of content/ (last commit):", loaded.stdout.strip()[-120:])
    for name in ("nina", "omar"):
        manage(
            env,
            "shell",
            "-c",
            f"from django.contrib.auth.models import User; User.objects.create_user({name!r}, password={PASSWORD!r}, is_staff=True)",
        )
    manage(
        env,
        "shell",
        "-c",
        f"from django.contrib.auth.models import User; User.objects.create_superuser('ada', password={PASSWORD!r})",
    )

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.2)

        print("\n1. Sign-in: 30 wrong passwords for nina, then the right one")
        attacker = Browser(base)
        start, statuses = time.perf_counter(), []
        for i in range(30):
            statuses.append(attacker.sign_in("nina", f"guess-{i}")[0])
        took = time.perf_counter() - start
        print(
            f"   statuses: {statuses.count(200)} x 200 (form again), then "
            f"{statuses.count(429)} x 429 (locked); first 429 at attempt "
            f"{statuses.index(429) + 1}; {took:.1f} s in all"
        )
        status, html = attacker.sign_in("nina", PASSWORD)
        message = re.search(r'<p class="errornote">\s*(.*?)\s*</p>', html, re.S)
        print(
            f"   right password: {status}: "
            f"{' '.join(message.group(1).split()) if message else html[:100]}"
        )
        colleague = Browser(base)
        status, _ = colleague.sign_in("omar", PASSWORD)
        print(f"   omar from the same address: {status} (302 = signed in)")

        print("\n2. Uploads as staff through /admin/markdownx/upload/")
        staff = Browser(base)
        print(f"   ada signs in: {staff.sign_in('ada', PASSWORD)[0]}")
        uploads = {
            "1 KB PNG declaring 50000x50000": (
                png(50_000, 50_000, rows=1),
                "image/png",
            ),
            "PNG declaring 13000x13000, real data": (
                png(13_000, 13_000, rows=13_000),
                "image/png",
            ),
            "PNG declaring 7000x6000 (42 MP)": (
                png(7_000, 6_000, rows=6_000),
                "image/png",
            ),
            "PNG 6000x6000 (36 MP, accepted)": (
                png(6_000, 6_000, rows=6_000),
                "image/png",
            ),
            "GIF with a script tail": (gif_with_tail(), "image/gif"),
        }
        for name, (data, kind) in uploads.items():
            start = time.perf_counter()
            status, body = staff.upload("x." + kind.split("/")[1], data, kind)
            took = time.perf_counter() - start
            print(
                f"   {name} ({len(data) / 1024:,.0f} KB): {status} in {took:.2f} s: {body[:150]}"
            )
        stored = [p for p in (work / "media").rglob("*") if p.is_file()]
        for path in stored:
            data = path.read_bytes()
            print(
                f"   stored {path.name}: {len(data):,} bytes, 'script' in it: {b'script' in data}"
            )

        print("\n3. Hostile files through load_content --dry-run (and the real load)")
        for name, (relative, text) in HOSTILE.items():
            tree = Path(tempfile.mkdtemp(prefix="hostile-", dir=work)) / "content"
            subprocess.run(["cp", "-r", str(work / "content"), str(tree)], check=True)
            path = tree / relative
            path.write_bytes(text.encode())
            before = database_fingerprint(env)
            start = time.perf_counter()
            result = manage(env, "load_content", "--dry-run", str(tree), check=False)
            took = time.perf_counter() - start
            real = manage(env, "load_content", str(tree), check=False)
            after = database_fingerprint(env)
            line = (
                result.stderr.strip().splitlines()[0]
                if result.stderr
                else result.stdout
            )
            print(
                f"   {name}: exit {result.returncode} (real load exit {real.returncode}) "
                f"in {took:.2f} s, database {'unchanged' if before == after else 'CHANGED'}, "
                f"traceback: {'Traceback' in result.stderr + real.stderr}\n      {line[:160]}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
