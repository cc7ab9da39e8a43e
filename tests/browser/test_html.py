"""Valid HTML: the Nu Html Checker reports no error on any page of any kind."""

import json
import subprocess

import pytest

from .test_questions import fill_my_list

pytestmark = pytest.mark.browser


def test_every_kind_of_page_is_valid_html(site, page, vnu, tmp_path):
    files = []
    every_page = [(f"page-{slug}", path) for slug, path in site.every_page]
    for name, path in site.page_types + every_page:
        # The HTML as served (the checker refuses loopback URLs: it gets files).
        response = page.request.get(site(path))
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(response.text(), encoding="utf-8")
    # And the questions page as the script leaves it, with a list of one's own.
    fill_my_list(page, site)
    files.append(tmp_path / "questions-with-my-list.html")
    files[-1].write_text(page.content(), encoding="utf-8")

    result = subprocess.run(
        [*vnu, "--errors-only", "--stdout", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    errors = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
    assert result.returncode == 0, result.stderr[-2000:]
