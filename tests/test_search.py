"""Search: patients' own words, typos and hostile input, on SQLite and PostgreSQL."""

import re
import shutil

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spinecare.pages.models import MissedSearch, Page, SearchWord, Synonym
from spinecare.pages.search import CONFIG, MAX_QUERY_LENGTH, PER_PAGE

from .conftest import CONTENT, ContentTree, run_command

pytestmark = pytest.mark.django_db


def _query(text):
    return SearchQuery(text, config=CONFIG)


# A small site in patients' terms: no page uses the words the queries below use
# ("pins and needles", "bone cement", "can't walk properly", "tumour", ...), so only
# the synonym list and typo correction can find them.
PAGES = {
    ("tumors", "intramedullary-tumors"): dict(
        title="Intramedullary tumors",
        summary="Tumors that grow inside the spinal cord itself. Most are not cancer.",
        aliases=["intramedullary tumor", "tumor inside the spinal cord", "ependymoma"],
        body="These tumors grow in the cord. An MRI shows them best.",
    ),
    ("tumors", "intradural-extramedullary-tumors"): dict(
        title="Intradural-extramedullary tumors",
        summary="Tumors inside the covering of the spinal cord, but outside the cord.",
        aliases=["meningioma", "schwannoma", "tumor on a spinal nerve"],
        body="Most of these tumors are slow growing.",
    ),
    ("tumors", "extradural-tumors"): dict(
        title="Extradural tumors",
        summary="Tumors outside the covering of the spinal cord, often in spine bones.",
        aliases=["extradural tumor", "epidural tumor", "spine bone tumor"],
        body="Many of these are cancer that came from another part of the body.",
    ),
    ("tumors", "primary-and-metastatic-tumors"): dict(
        title="Primary and metastatic tumors",
        summary="A metastatic tumor is cancer that moved to the spine from elsewhere.",
        aliases=["metastatic spinal tumor", "secondary spinal tumor"],
        body="Breast, lung and prostate cancer are the most common sources.",
    ),
    ("treatments", "spinal-metastases-treatment"): dict(
        title="Treating cancer that has moved to the spine",
        summary="Treatment eases pain, protects the nerves and keeps the spine steady.",
        aliases=["spinal metastases", "metastases treatment"],
        body="Radiation, surgery and medicine are often used together.",
    ),
    ("treatments", "vertebroplasty-and-kyphoplasty"): dict(
        title="Vertebroplasty and kyphoplasty",
        summary="A doctor fills a broken spine bone so it is strong again.",
        aliases=["vertebral augmentation"],
        body="A thin needle goes into the bone. It can ease pain quickly.",
    ),
    ("treatments", "surgery"): dict(
        title="Surgery for spinal tumors",
        summary="An operation can take out all or part of a tumor.",
        aliases=["tumor removal", "laminectomy"],
        body="The surgeon watches the nerves during the operation. See [[mri]].",
    ),
    ("symptoms", "numbness-and-tingling"): dict(
        title="Numbness and tingling",
        summary="Numb or odd feelings in the arms, legs, chest or bottom.",
        aliases=["numbness", "tingling", "paresthesia"],
        body="It can happen when a tumor presses on the cord or a nerve.",
    ),
    ("symptoms", "balance-and-walking"): dict(
        title="Balance and walking problems",
        summary="Feeling unsteady, tripping, or finding it harder to get about.",
        aliases=["trouble walking", "falls"],
        body="Pressure on the spinal cord can affect walking.",
    ),
    ("symptoms", "back-and-neck-pain"): dict(
        title="Back and neck pain",
        summary="Pain in the back or neck is the most common sign of a spinal tumor.",
        aliases=["back pain", "neck pain", "back pain at night"],
        body="Pain that wakes you at night needs a closer look.",
    ),
    ("symptoms", "weakness"): dict(
        title="Weakness in the arms or legs",
        summary="New weakness in an arm or leg, or legs that feel heavy.",
        aliases=["leg weakness", "arm weakness"],
        body="New leg weakness in someone with cancer needs help right away.",
    ),
    ("diagnosis", "mri"): dict(
        title="MRI",
        summary="Pictures of the spinal cord and nerves, made with a strong magnet.",
        aliases=["magnetic resonance imaging"],
        body="You lie still in a tube for about 30 minutes.",
    ),
    ("diagnosis", "ct-scan"): dict(
        title="CT",
        summary="Detailed pictures of the spine bones, made with X-rays.",
        aliases=["computed tomography"],
        body="It is quicker than MRI.",
    ),
    ("diagnosis", "bone-scan"): dict(
        title="Bone scan",
        summary="A scan of every bone in the body, to look for cancer that has moved.",
        aliases=["nuclear bone scan"],
        body="A tiny amount of tracer goes into a vein.",
    ),
    ("guides", "urgent-help"): dict(
        title="When to get help right away",
        summary="Some signs mean a tumor is pressing on the spinal cord.",
        aliases=["emergency", "spinal cord compression"],
        body="Call {{emergency}} if your legs suddenly get weak.",
    ),
    ("guides", "what-is-a-spinal-tumor"): dict(
        title="What is a spinal tumor?",
        summary="A growth of cells in or around the spine.",
        aliases=["spinal tumor", "spine tumor"],
        body="There are three main kinds, named for where they grow.",
    ),
}
SYNONYMS = """\
- words: [pins and needles, tingly]
  means: [numbness, tingling]
- words: [cancer spread to spine, cancer in my spine]
  means: [metastatic, metastases]
- words: [bone cement, cement]
  means: [kyphoplasty, vertebroplasty]
- words: [cant walk properly, cant walk, unsteady]
  means: [balance, walking]
- words: [scan, imaging]
  means: [MRI, CT, bone scan]
- words: [tumour, tumor]
"""


@pytest.fixture
def site(tmp_path, load):
    """The small site above, with its synonym list, loaded as a user would."""
    tree = ContentTree(tmp_path / "content")
    for (section, slug), fields in PAGES.items():
        tree.page(section, slug, **fields)
    tree.page(
        "treatments",
        "secret-draft",
        title="Kyphoplasty draft",
        summary="Not ready for patients.",
        status="draft",
        body="Bone cement, kyphoplasty and vertebroplasty, unpublished.",
    )
    tree.write("synonyms.yaml", SYNONYMS)
    code, _, err = load(tree.root)
    assert code == 0, err
    return tree


def search(client, query, **params):
    """(slugs of the results in order, html) for a search through the real view."""
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    html = response.content.decode()
    listed = html.split('<ol class="search-results"')[1:]
    slugs = re.findall(r'<h2><a href="/\w+/([\w-]+)/">', listed[0]) if listed else []
    return slugs, html


# --- Patients' words, on both databases --------------------------------------------


@pytest.mark.parametrize(
    "query, first",
    [
        ("intramedullary", {"intramedullary-tumors"}),
        ("What is a spinal tumor?", {"what-is-a-spinal-tumor"}),
        ("spine tumors", {"what-is-a-spinal-tumor"}),
        ("tumor inside the spinal cord", {"intramedullary-tumors"}),
        ("back pain at night", {"back-and-neck-pain"}),
        ("MRI", {"mri"}),
        ("weak legs", {"weakness"}),
        ("pins and needles", {"numbness-and-tingling"}),
        ("Pins & Needles", {"numbness-and-tingling"}),
        ("bone cement", {"vertebroplasty-and-kyphoplasty"}),
        ("can't walk properly", {"balance-and-walking"}),
        ("cant walk", {"balance-and-walking"}),
        ("scan", {"mri", "ct-scan", "bone-scan"}),
        (
            "cancer spread to my spine",
            {"primary-and-metastatic-tumors", "spinal-metastases-treatment"},
        ),
        (
            "metastatic spine tumour",
            {"primary-and-metastatic-tumors", "spinal-metastases-treatment"},
        ),
        ("tumour on a spinal nerve", {"intradural-extramedullary-tumors"}),
    ],
)
def test_patient_query_finds_the_right_page_first(site, client, query, first):
    slugs, _ = search(client, query)
    assert slugs and slugs[0] in first, slugs


def test_title_and_alias_matches_rank_above_mentions_in_the_text(site, client):
    slugs, _ = search(client, "spinal cord compression")
    assert slugs[0] == "urgent-help"  # an alias, while other pages only say "cord"
    slugs, _ = search(client, "laminectomy")
    assert slugs == ["surgery"]


def test_results_are_labelled_by_section_with_a_count_and_snippets(site, client):
    slugs, html = search(client, "back pain")
    assert slugs[0] == "back-and-neck-pain"
    assert re.search(r"\d+ pages? found for “<strong>back pain</strong>”", html)
    item = html.split('<ol class="search-results"')[1].split("</li>")[0]
    assert '<p class="result-section">Symptoms</p>' in item
    snippet = item.split('<p class="result-snippet">')[1]
    assert "<mark>Pain</mark> in the <mark>back</mark>" in snippet


def test_drafts_are_never_found(site, client):
    slugs, _ = search(client, "kyphoplasty draft unpublished")
    assert "secret-draft" not in slugs
    assert "Kyphoplasty draft" not in search(client, "bone cement")[1]


def test_results_come_a_page_at_a_time(site, client, load):
    for n in range(PER_PAGE + 3):
        site.page("guides", f"zebra-{n}", title=f"Zebrafish n{n}", body="Fish.")
    code, _, err = load(site.root)
    assert code == 0, err
    slugs, html = search(client, "zebrafish")
    assert len(slugs) == PER_PAGE and 'rel="next"' in html
    second, html = search(client, "zebrafish", page=2)
    assert len(second) == 3 and not set(second) & set(slugs)
    assert 'rel="prev"' in html
    assert search(client, "zebrafish", page="lots")[0] == slugs
    assert search(client, "zebrafish", page=999)[0] == second


def test_pages_that_only_mention_a_word_in_passing_are_cut(site, client, load):
    # Twenty pages that name numbness once, in a list of other signs.
    for n in range(20):
        site.page(
            "symptoms",
            f"other-sign-{n}",
            title=f"Other sign n{n}",
            summary="A sign that is not about the feeling in your skin.",
            body="Signs include pain, tiredness and numbness. Tell your team.",
        )
    site.page(
        "guides",
        "nerve-signs",
        title="Signs from the nerves",
        summary="What the nerves can tell you.",
        body="## When numbness comes with weakness\n\nIt matters.\n\n## More\n\nText.",
    )
    code, _, err = load(site.root)
    assert code == 0, err
    slugs, html = search(client, "pins and needles")
    # The page about it first; a page with it in a heading kept; passing mentions cut.
    assert slugs[0] == "numbness-and-tingling"
    assert "nerve-signs" in slugs
    assert not [slug for slug in slugs if slug.startswith("other-sign")]
    assert re.search(r"[1-9]\d* pages? found", html) and 'rel="next"' not in html
    # With no page about the words, the pages that mention them are still found.
    slugs, _ = search(client, "tiredness")
    assert len(slugs) == PER_PAGE


def test_pins_and_needles_on_the_real_site_stops_at_twelve(load, client):
    """The real content (CONTENT_DIR): the right page first, and no long tail."""
    code, _, err = load(settings.CONTENT_DIR)
    assert code == 0, err
    response = client.get("/search/", {"q": "pins and needles"})
    html = response.content.decode()
    slugs = re.findall(r'<h2><a href="/\w+/([\w-]+)/">', html)
    count = int(re.search(r"(\d+) pages? found", html).group(1))
    assert slugs[0] == "numbness-and-tingling"
    assert count <= 12 and len(slugs) == min(count, PER_PAGE)
    assert "More than" not in html


def test_no_results_page_offers_help_and_the_urgent_guide(site, client):
    slugs, html = search(client, "zebrafish")
    assert slugs == []
    assert "No pages found for “<strong>zebrafish</strong>”" in html
    assert 'href="/guides/urgent-help/"' in html
    for section in ("tumors", "symptoms", "diagnosis", "treatments", "guides"):
        assert f'href="/{section}/"' in html
    assert "Check the spelling" in html
    assert 'href="/search/?q=numb%20legs">numb legs</a>' in html


def test_empty_search_explains_what_to_do(site, client):
    for query in ("", "   "):
        slugs, html = search(client, query)
        assert slugs == [] and "Type a word or a question" in html
    assert MissedSearch.objects.count() == 0


def test_every_page_has_the_search_box(site, client):
    for url in ("/", "/symptoms/", "/symptoms/weakness/", "/search/?q=mri"):
        html = client.get(url).content.decode()
        assert 'action="/search/" method="get"' in html and 'name="q"' in html


def test_the_search_box_keeps_the_query(site, client):
    _, html = search(client, 'back "pain"')
    assert 'value="back &quot;pain&quot;"' in html


# --- Hostile queries --------------------------------------------------------------


HOSTILE = {
    "symbols": "!@#$%^&*()_+{}|:\"<>?~`-=[]\\;',./",
    "sql": "'; DROP TABLE pages_page; --",
    "sql union": "x' UNION SELECT password FROM auth_user --",
    "tsquery syntax": "a:* & !b | (c <-> d) :A",
    "regex": r".*(a+)+$\b[^x]",
    "like wildcards": "%_%",
    "script": "<script>alert(1)</script>",
    "nul byte": "spine\x00tumor",
    "control characters": "\x1b[31mred\x07",
    "huge": "spine " * 2000,
    "one huge word": "a" * 10_000,
    "many words": " ".join(f"word{i}" for i in range(500)),
    "emoji and other scripts": "脊椎 腫瘍 🦴 ωμέγα",
}


@pytest.mark.parametrize("name", HOSTILE, ids=list(HOSTILE))
def test_hostile_query_returns_a_normal_page(site, client, name):
    pages = Page.objects.count()
    slugs, html = search(client, HOSTILE[name])
    assert "<h1>Search</h1>" in html
    assert "<script>alert" not in html
    assert Page.objects.count() == pages


def test_query_is_echoed_escaped(site, client):
    _, html = search(client, "<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_very_long_query_is_cut_and_says_so(site, client):
    _, html = search(client, "spine " * 2000)
    assert "Only the first 200 characters of your search were used." in html
    echoed = re.search(r"found for “<strong>(.*?)…</strong>”", html).group(1)
    assert len(echoed) <= MAX_QUERY_LENGTH


# --- Missed searches ---------------------------------------------------------------


def test_missed_searches_are_counted_without_personal_data(site, client):
    for query in ("Zebrafish  Zork?", "zebrafish zork", "ZEBRAFISH   zork"):
        response = client.get("/search/", {"q": query}, REMOTE_ADDR="203.0.113.9")
        assert not response.cookies
        assert "Set-Cookie" not in str(response.headers)
    missed = MissedSearch.objects.get()
    assert (missed.query, missed.count) == ("zebrafish zork", 3)
    fields = {f.name for f in MissedSearch._meta.get_fields()}
    assert fields == {"id", "query", "count"}
    assert "203.0.113.9" not in str(list(MissedSearch.objects.values()))


def test_searches_that_find_something_or_have_no_words_are_not_counted(site, client):
    search(client, "numbness")
    search(client, "?!*")
    assert not MissedSearch.objects.exists()


def test_a_flood_of_different_misses_cannot_fill_the_database(
    site, client, monkeypatch
):
    monkeypatch.setattr("spinecare.pages.search.MAX_MISSED", 2)
    for query in ("blorp", "zork", "quux", "quux", "blorp"):
        search(client, query)
    assert dict(MissedSearch.objects.values_list("query", "count")) == {
        "blorp": 2,
        "zork": 1,
    }


def test_no_cookie_is_set_by_any_search(site, client):
    for query in ("mri", "zebrafish", HOSTILE["script"], ""):
        response = client.get("/search/", {"q": query})
        assert not response.cookies


def test_staff_see_missed_searches_most_frequent_first(site, client, admin_client):
    for query, times in (("blorp", 1), ("zork", 3), ("quux", 2)):
        for _ in range(times):
            search(client, query)
    html = admin_client.get("/admin/pages/missedsearch/").content.decode()
    order = [html.index(q) for q in (">zork<", ">quux<", ">blorp<")]
    assert order == sorted(order)
    assert admin_client.get("/admin/pages/missedsearch/add/").status_code == 403


# --- Synonyms: a content file, and editable in admin ------------------------------


def test_synonyms_load_from_content_and_loading_twice_changes_nothing(site, load):
    assert Synonym.objects.count() == 6
    assert Synonym.objects.first().word_list == ["pins and needles", "tingly"]
    code, out, err = load(site.root)
    assert code == 0, err
    assert "0 updated" in out and "conflict" not in err


def test_synonym_edited_in_admin_works_at_once(site, client, admin_client):
    assert search(client, "zebrafish")[0] == []
    response = admin_client.post(
        "/admin/pages/synonym/add/",
        {"words": "zebrafish", "means": "numbness", "order": 9},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert search(client, "zebrafish")[0][0] == "numbness-and-tingling"


def test_admin_refuses_a_phrase_another_synonym_has(site, admin_client):
    response = admin_client.post(
        "/admin/pages/synonym/add/", {"words": "Pins  and needles", "order": 1}
    )
    assert response.status_code == 200
    assert "is already in the entry" in response.content.decode()
    assert Synonym.objects.count() == 6


BAD_SYNONYMS = {
    "not a list": ("words: [a]\n", "content/synonyms.yaml: line 1: must be a list"),
    "broken YAML": (
        "- words: [pins\n- words: [b]\n",
        "content/synonyms.yaml: line 2: is not valid YAML",
    ),
    "unknown key": (
        "- words: [a]\n  meaning: [b]\n",
        "content/synonyms.yaml: line 1: meaning: is not a known field",
    ),
    "words not a list": (
        "- words: [a]\n- words: pins and needles\n",
        "content/synonyms.yaml: line 2: words: must be a list, like [pins and needles]",
    ),
    "no words": ("- means: [numbness]\n", "line 1: words: needs at least one word"),
    "empty phrase": ("- words: [a, '']\n", "line 1: words[2]: must be non-empty text"),
    "only common words": (
        "- words: [cement]\n- words: [the, and]\n",
        "line 2: words: 'the' has no word to search for",
    ),
    "a phrase in two entries": (
        "- words: [cement]\n- words: [glue]\n- words: [Cement]\n",
        "line 3: words: 'Cement' is already in the entry 'line 1: cement'",
    ),
}


@pytest.mark.parametrize("case", BAD_SYNONYMS, ids=list(BAD_SYNONYMS))
def test_bad_synonyms_file_is_named_and_nothing_changes(site, load, case):
    text, expected = BAD_SYNONYMS[case]
    site.page("diagnosis", "mri", title="MRI changed", body="Changed.")
    site.write("synonyms.yaml", text)

    code, _, err = load(site.root)

    assert code == 1
    assert expected in err and "nothing was changed" in err
    assert Page.objects.get(slug="mri").title == "MRI"
    assert Synonym.objects.count() == 6


def test_synonyms_edited_in_admin_are_kept_then_exported(site, load):
    synonym = Synonym.objects.get(words__startswith="pins")
    synonym.means = "numbness\ntingling\nparesthesia"
    synonym.save()

    code, out, err = load(site.root)
    assert code == 0
    assert "conflict: content/synonyms.yaml" in err
    assert Synonym.objects.get(pk=synonym.pk).meaning_list[-1] == "paresthesia"

    code, _, _ = run_command("export_content", str(site.root))
    assert code == 0
    text = (site.root / "synonyms.yaml").read_text()
    assert "means: [numbness, tingling, paresthesia]" in text
    code, out, err = load(site.root)
    assert code == 0 and "conflict" not in err and " 0 updated" in out


def test_dry_run_checks_synonyms_and_writes_nothing(tmp_path, load):
    tree = ContentTree(tmp_path / "content")
    tree.page("guides", "start", title="Start", body="Hello.")
    tree.write("synonyms.yaml", SYNONYMS)
    code, out, _ = load(tree.root, "--dry-run")
    assert code == 0 and "dry run" in out
    assert not Synonym.objects.exists()


def test_force_replaces_synonyms_edited_in_admin(site, load):
    Synonym.objects.create(words="zebrafish", order=99)
    code, out, _ = load(site.root, "--force")
    assert code == 0 and "1 updated" in out
    assert not Synonym.objects.filter(words="zebrafish").exists()


def test_synonyms_survive_load_export_load_byte_for_byte(site, load, tmp_path):
    exported = tmp_path / "exported"
    shutil.copytree(site.root, exported)
    code, _, _ = run_command("export_content", str(exported))
    assert code == 0
    first = (exported / "synonyms.yaml").read_text()
    code, out, err = load(exported)
    assert code == 0 and " 0 updated," in out and "conflict" not in err
    run_command("export_content", str(exported))
    assert (exported / "synonyms.yaml").read_text() == first


def test_real_synonym_list_is_valid_and_broad(tmp_path, load):
    tree = ContentTree(tmp_path / "content")
    tree.page("guides", "start", title="Start", body="Hello.")
    tree.write("synonyms.yaml", (CONTENT / "synonyms.yaml").read_text())
    code, _, err = load(tree.root)
    assert code == 0, err
    assert Synonym.objects.count() >= 25
    words = {w for s in Synonym.objects.all() for w in s.word_list}
    for phrase in ("pins and needles", "bone cement", "cant walk properly", "scan"):
        assert phrase in words


# --- PostgreSQL: full text, typos, index ------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    "typo, first, meant",
    [
        ("intermedullary", "intramedullary-tumors", "intramedullary"),
        ("extradual", "extradural-tumors", "extradural"),
        ("kyphoplasy", "vertebroplasty-and-kyphoplasty", "kyphoplasty"),
        ("extra dural tumor", "extradural-tumors", "extradural tumor"),
        ("menningioma", "intradural-extramedullary-tumors", "meningioma"),
    ],
)
def test_typos_find_the_page_and_offer_the_correction(site, client, typo, first, meant):
    slugs, html = search(client, typo)
    assert slugs[0] == first, slugs
    assert (
        f'Did you mean <a href="/search/?q={meant.replace(" ", "%20")}">{meant}</a>?'
        in html
    )


@pytest.mark.postgres
def test_a_known_word_in_another_form_is_no_typo(site, client):
    slugs, html = search(client, "walks")
    assert slugs[0] == "balance-and-walking"
    assert "Did you mean" not in html


@pytest.mark.postgres
def test_snippets_highlight_the_words_and_stay_escaped(site, client, load):
    site.page(
        "guides",
        "tricky",
        title="Tricky page",
        summary="Nothing here.",
        body="A <b>bold</b> claim & a zebrafish <script>alert(1)</script> here.",
    )
    load(site.root)
    slugs, html = search(client, "zebrafish")
    assert slugs == ["tricky"]
    snippet = html.split('<p class="result-snippet">')[1].split("</p>")[0]
    assert "<mark>zebrafish</mark>" in snippet
    assert "<script" not in snippet and "<b>" not in snippet
    assert "&amp;" in snippet


@pytest.mark.postgres
def test_search_vector_follows_every_save_in_one_update(site, client):
    page = Page.objects.get(slug="mri")
    page.title = "MRI zebrafish"
    with CaptureQueriesContext(connection) as queries:
        page.save()
    vector_updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and "to_tsvector" in q["sql"]
    ]
    assert len(vector_updates) == 1
    assert search(client, "zebrafish")[0] == ["mri"]
    assert SearchWord.objects.filter(word="zebrafish").exists()


@pytest.mark.postgres
def test_pages_linking_to_a_renamed_page_are_searched_by_its_new_title(site, load):
    site.page(
        "diagnosis",
        "mri",
        title="MRI zebrafish",
        summary="Pictures.",
        body="You lie still in a tube.",
    )
    code, _, err = load(site.root)
    assert code == 0, err
    # surgery's text links to [[mri]], so now shows the new title: and finds it.
    found = Page.objects.filter(search_vector=_query("zebrafish"))
    assert set(found.values_list("slug", flat=True)) == {"mri", "surgery"}


@pytest.mark.postgres
def test_words_of_drafts_are_never_offered_as_corrections(site, client):
    assert not SearchWord.objects.filter(word="unpublished").exists()
    assert SearchWord.objects.filter(word="laminectomy").exists()
    _, html = search(client, "unpublishd")
    assert "Did you mean" not in html and "No pages found" in html


@pytest.mark.postgres
def test_an_approved_edit_is_searchable_at_once(site, client, admin_client):
    from django.contrib.auth.models import Group, User

    from spinecare.review.workflow import approve

    from .conftest import change_form_data  # what the page form posts

    page = Page.objects.get(slug="weakness")
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = change_form_data(page, aliases="leg weakness\nwobbly knees")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert search(client, "wobbly knees")[0] == []  # waiting for a clinician
    reviewer = User.objects.create_user("ana", first_name="Ana", last_name="Ruiz")
    reviewer.groups.add(Group.objects.get(name="Clinical reviewers"))
    page.refresh_from_db()
    approve(page, reviewer, edit_version=page.edit_version)
    assert search(client, "wobbly knees")[0][0] == "weakness"


@pytest.mark.postgres
def test_postgres_has_the_indexes_and_extension(site):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes")
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
    assert "USING gin (search_vector)" in indexes["page_search_vector_gin"]
    assert "USING gin (search_head)" in indexes["page_search_head_gin"]
    assert "gin (word gin_trgm_ops)" in indexes["searchword_trgm"]


@pytest.mark.postgres
def test_weights_put_title_and_aliases_above_summary_above_body(site, client, load):
    for slug, where in (("in-body", "body"), ("in-summary", "summary")):
        fields = {"title": f"Page {slug}", "body": "Nothing."}
        fields[where] = "All about zebrafish."
        site.page("guides", slug, **fields)
    site.page("guides", "in-title", title="Zebrafish", body="Nothing.")
    load(site.root)
    # A mention in the text alone is below the relevance floor beside these two.
    assert search(client, "zebrafish")[0] == ["in-title", "in-summary"]
    site.page("guides", "in-title", title="Goldfish", body="Nothing.")
    site.page("guides", "in-summary", title="Page in-summary", body="Nothing.")
    load(site.root)
    assert search(client, "zebrafish")[0] == ["in-body"]
