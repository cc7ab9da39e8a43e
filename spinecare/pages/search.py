"""Search: a patient's everyday words and typos to the right page, on either database.

A query is read as a few *concepts*: each word the patient typed, or a phrase from the
synonym list ("pins and needles"), with the other words that mean the same thing. Pages
are ranked by how many concepts their title or aliases name, then by how many they
mention anywhere, then by closeness and full-text rank (see _ranked); pages far below
the best match, that only mention a word in passing, are cut (see _relevance). PostgreSQL does
this with weighted tsvectors (title and aliases 'A', summary 'B', body 'C'), corrects
typos against the words the pages use (pg_trgm), and highlights snippets; SQLite gives
the same order from plain pattern matches, without typo correction.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import add

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import MissedSearch, Page, SearchWord, Synonym

CONFIG = "english"
MAX_QUERY_LENGTH = 200  # characters read from a query; the rest is ignored
MAX_WORDS = 12
PER_PAGE = 10
# PostgreSQL ranks at most this many candidates per query (see _postgres_search); a
# site this size or smaller is always ranked in full.
POOL = 60
# A page is shown only if it scores at least this share of the best page's score,
# where each concept scores 4 in the title or aliases, 2 in the summary or a heading,
# 1 anywhere else: with a page about the words, one that only mentions them goes.
RELEVANCE_FLOOR = 0.5
PREFIX_FROM = 5  # words this long also match longer ones: "chemo" finds "chemotherapy"
SIMILARITY_FLOOR = 0.4  # how close (pg_trgm) a misspelling must be to a real word
MAX_CORRECTIONS = 4  # misspelled words looked up per query
MAX_MISSED = 5000  # different missed searches kept; more are only counted if known
# PostgreSQL's English stop words (tsearch_data/english.stop): never searched for.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what
    which who whom this that these those am is are was were be been being have has had
    having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up
    down in out on off over under again further then once here there when where why how
    all any both each few more most other some such no nor not only own same so than too
    very s t can will just don should now
    """.split()
)
# Words that only say what a patient cannot do: they count inside a synonym ("can't
# walk") but would find nothing useful on their own.
WEAK_WORDS = frozenset(
    "cant cannot couldnt dont doesnt didnt wont isnt arent im ive id unable".split()
)
APOSTROPHES = "'’‘`´"
# Searches offered when one finds nothing: everyday words the synonym list knows.
EXAMPLES = ["numb legs", "back pain", "scan", "cancer spread to my spine"]
# Snippet highlights come back between these (private-use) characters, which are then
# turned into <mark> after the rest of the text is escaped.
MARK_START, MARK_END = "\ue000", "\ue001"


# --- Words ------------------------------------------------------------------------


def words_of(text):
    """Lower-case ASCII words: accents dropped, "can't" read as "cant", & as "and"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(f"[{APOSTROPHES}]", "", text.replace("&", " and "))
    return re.findall(r"[a-z0-9]+", text)


def _key(word):
    """A word as synonyms are matched: plural and singular alike."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def phrase_key(words):
    return tuple(_key(word) for word in words if word not in STOP_WORDS)


def clean_query(text):
    """The query as shown back to the patient: one line of printable text."""
    text = "".join(ch for ch in str(text) if ch.isprintable() or ch.isspace())
    return " ".join(text.split())


# --- Synonyms ---------------------------------------------------------------------


@dataclass(frozen=True)
class SynonymGroup:
    triggers: tuple  # phrase keys of the words patients type
    searches: tuple  # word sequences to look for: those words, then what they mean


def compile_synonyms(entries):
    """SynonymGroups from (words, means) pairs of phrases."""
    groups = []
    for words, means in entries:
        triggers = tuple(
            dict.fromkeys(key for key in map(phrase_key, map(words_of, words)) if key)
        )
        searches = tuple(
            dict.fromkeys(
                tuple(sequence)
                for sequence in map(words_of, [*words, *means])
                if phrase_key(sequence)
            )
        )
        if triggers and searches:
            groups.append(SynonymGroup(triggers, searches))
    return tuple(groups)


@lru_cache(maxsize=8)
def _compiled(rows):
    def lines(text):
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    return compile_synonyms((lines(words), lines(means)) for words, means in rows)


def synonym_groups():
    """The synonym list as it is now: read each time, compiled once per version."""
    with connection.cursor() as cursor:  # plain SQL: this runs on every search
        cursor.execute(
            f"SELECT words, means FROM {Synonym._meta.db_table} ORDER BY 1, 2"
        )
        return _compiled(tuple(cursor.fetchall()))


def synonym_problems(*, words, means, taken):
    """What is wrong with one synonym entry, as (field, message) pairs.

    `taken` maps the patient phrases of the other entries to a name for their entry.
    """
    problems = []
    if not words:
        problems.append(("words", "needs at least one word or phrase"))
    taken_keys = {phrase_key(words_of(phrase)): name for phrase, name in taken.items()}
    seen = set()
    for field_name, phrases in (("words", words), ("means", means)):
        for phrase in phrases:
            key = phrase_key(words_of(phrase))
            if not key:
                problems.append(
                    (
                        field_name,
                        f"{phrase!r} has no word to search for (only common words "
                        "like “the” or “and”)",
                    )
                )
            elif field_name == "words" and key in seen:
                problems.append((field_name, f"{phrase!r} is listed twice"))
            elif field_name == "words" and key in taken_keys:
                problems.append(
                    (
                        field_name,
                        f"{phrase!r} is already in the entry {taken_keys[key]!r}",
                    )
                )
            if field_name == "words":
                seen.add(key)
    return problems


@lru_cache(maxsize=8)
def _triggers_by_first_key(groups):
    starting = {}
    for group in groups:
        for trigger in group.triggers:
            starting.setdefault(trigger[0], []).append((trigger, group))
    for candidates in starting.values():
        candidates.sort(key=lambda item: -len(item[0]))
    return starting


def _match_synonyms(keys, groups):
    """Split word keys into (start, end, group or None) spans, longest phrase first."""
    starting = _triggers_by_first_key(tuple(groups))
    spans, i = [], 0
    while i < len(keys):
        for trigger, group in starting.get(keys[i], ()):
            if tuple(keys[i : i + len(trigger)]) == trigger:
                spans.append((i, i + len(trigger), group))
                i += len(trigger)
                break
        else:
            spans.append((i, i + 1, None))
            i += 1
    return spans


# --- Understanding a query --------------------------------------------------------


@dataclass
class Concept:
    alternatives: list  # word sequences to look for; the patient's own first


@dataclass
class Understood:
    words: list  # every word of the query, folded
    concepts: list
    suggestion: str = ""  # the query with its misspellings corrected, if any


def understand(text, *, groups, vocabulary=None):
    """Read a query as concepts.

    `vocabulary(words, pairs=...)` (PostgreSQL) gives the corrections of misspelled
    words and the pairs that are one word on the site; words of a synonym are never
    "corrected".
    """
    words = words_of(text[:MAX_QUERY_LENGTH])[:MAX_WORDS]
    content = [word for word in words if word not in STOP_WORDS]
    synonym_words = {w for g in groups for sequence in g.searches for w in sequence}
    corrections, joined = {}, set()
    if vocabulary is not None and content:
        checkable = [w for w in content if w not in synonym_words | WEAK_WORDS]
        corrections, joined = vocabulary(
            checkable, pairs=list(zip(content, content[1:], strict=False))
        )

    # Tokens: (the words typed, the word to search for).
    tokens, i = [], 0
    while i < len(content):
        pair = content[i : i + 2]
        if len(pair) == 2 and "".join(pair) in joined:  # "extra dural" -> "extradural"
            tokens.append((tuple(pair), "".join(pair)))
            i += 2
        else:
            tokens.append(((content[i],), corrections.get(content[i], content[i])))
            i += 1

    concepts = []
    for start, end, group in _match_synonyms([_key(t[1]) for t in tokens], groups):
        span = tokens[start:end]
        own = tuple(word for _, word in span)
        if group is not None:
            alternatives = [own, *group.searches]
        elif own[0] in WEAK_WORDS:
            continue
        else:
            typed_words = span[0][0]
            alternatives = [own, typed_words]
        concept = Concept(list(dict.fromkeys(alternatives)))
        if concept.alternatives not in [c.alternatives for c in concepts]:
            concepts.append(concept)  # "spine spine spine" is one concept

    suggestion = ""
    if corrections or any(len(typed) == 2 for typed, _ in tokens):
        fixed = {typed: word for typed, word in tokens}
        out, i = [], 0
        while i < len(words):
            pair = tuple(words[i : i + 2])
            if len(pair) == 2 and pair in fixed:
                out.append(fixed[pair])
                i += 2
            else:
                out.append(fixed.get((words[i],), words[i]))
                i += 1
        suggestion = " ".join(out)
    return Understood(words=words, concepts=concepts, suggestion=suggestion)


# --- PostgreSQL: vectors, vocabulary and typos ------------------------------------


def _without_apostrophes(expression):
    # As in words_of: "can't" is indexed as "cant", so the two always meet.
    return Func(
        expression,
        Value(APOSTROPHES),
        Value(""),
        function="translate",
        output_field=TextField(),
    )


def _body_text():
    return Func(
        F("body_html"),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def head_vector():
    return SearchVector(
        _without_apostrophes(F("title")),
        _without_apostrophes(F("aliases")),
        weight="A",
        config=CONFIG,
    ) + SearchVector(_without_apostrophes(F("summary")), weight="B", config=CONFIG)


def full_vector():
    return head_vector() + SearchVector(
        _without_apostrophes(_body_text()), weight="C", config=CONFIG
    )


def _words_sql():
    page, word = Page._meta.db_table, SearchWord._meta.db_table
    return f"""
        INSERT INTO {word} (word)
        SELECT DISTINCT w FROM {page} p, regexp_split_to_table(
            lower(translate(
                p.title || ' ' || p.aliases || ' ' || p.summary || ' '
                || regexp_replace(p.body_html, '<[^>]+>|&#?[a-z0-9]+;', ' ', 'gi'),
                %s, ''
            )),
            '[^a-z0-9]+'
        ) AS w
        WHERE p.status = %s AND length(w) BETWEEN 3 AND 40 AND w !~ '[0-9]'
    """


def index_pages(pks=None):
    """Recompute the search vectors of these pages (all if None) in one UPDATE.

    Also notes the words of published pages, that typos are corrected to. Rebuilding
    them all drops the words no page uses any more. Nothing to do on SQLite.
    """
    if connection.vendor != "postgresql":
        return
    pages = Page.objects.all() if pks is None else Page.objects.filter(pk__in=pks)
    pages.update(search_vector=full_vector(), search_head=head_vector())
    sql, params = _words_sql(), [APOSTROPHES, Page.Status.PUBLISHED]
    with connection.cursor() as cursor:
        if pks is None:
            cursor.execute(f"DELETE FROM {SearchWord._meta.db_table}")
        else:
            sql += " AND p.id = ANY(%s)"
            params.append(list(pks))
        cursor.execute(sql + " ON CONFLICT DO NOTHING", params)
        if pks is None:  # so the planner knows the list's size
            cursor.execute(f"ANALYZE {SearchWord._meta.db_table}")


def _postgres_vocabulary(words, *, pairs):
    """(corrections, joined): the nearest real word to each misspelled one, and the
    pairs of words that are one word on the site ("extra dural")."""
    joinable = ["".join(pair) for pair in pairs]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {SearchWord._meta.db_table} WHERE word = ANY(%s)",
            [words + joinable],
        )
        known = {word for (word,) in cursor.fetchall()}
        unknown = [
            word
            for word in words
            if word not in known
            and len(word) >= 4
            and not any(ch.isdigit() for ch in word)
        ]
        corrections = {}
        for word in unknown[:MAX_CORRECTIONS]:  # the trigram index wants a constant
            # A word can be missing from the list yet be on a page in another form
            # ("walks" where pages say "walking"): that is no misspelling.
            cursor.execute(
                f"""
                SELECT s.word, similarity(s.word, %s)
                FROM {SearchWord._meta.db_table} s
                WHERE s.word %% %s AND NOT EXISTS (
                    SELECT 1 FROM {Page._meta.db_table} p
                    WHERE p.status = %s
                    AND p.search_vector @@ plainto_tsquery(%s::regconfig, %s)
                )
                ORDER BY 2 DESC, s.word
                LIMIT 1
                """,
                [word, word, Page.Status.PUBLISHED, CONFIG, word],
            )
            nearest = cursor.fetchone()
            if nearest and nearest[1] >= SIMILARITY_FLOOR:
                corrections[word] = nearest[0]
    return corrections, {word for word in joinable if word in known}


def _operand(word, *, weight="", prefix=False):
    # Words are [a-z0-9]+ (see words_of), so they cannot carry tsquery syntax.
    label = ("*" if prefix else "") + weight
    return f"{word}:{label}" if label else word


def _tsquery(alternatives, *, weight=""):
    parts = []
    for sequence in alternatives:
        if len(sequence) == 1:
            word = sequence[0]
            parts.append(_operand(word, weight=weight, prefix=len(word) >= PREFIX_FROM))
        else:
            phrase = " <-> ".join(_operand(word, weight=weight) for word in sequence)
            parts.append(f"({phrase})")
    return " | ".join(parts)


def _raw(text):
    return SearchQuery(text, search_type="raw", config=CONFIG)


def _coverage(column, tsqueries):
    """How many of the tsqueries match the vector column: one point each."""
    column = f'"{Page._meta.db_table}"."{column}"'
    sql = " + ".join(
        f"({column} @@ to_tsquery(%s::regconfig, %s))::int" for _ in tsqueries
    )
    params = [param for tsquery in tsqueries for param in (CONFIG, tsquery)]
    return RawSQL(sql, params, output_field=IntegerField())


@dataclass
class _Ranking:
    pages: list  # this page of results, best first, each with .snippet
    ranked: int  # how many results can be paged through
    count: int  # how many pages match
    more: bool  # count is a lower bound


def _postgres_search(concepts, *, page_number):
    each = [_tsquery(c.alternatives) for c in concepts]
    each_named = [_tsquery(c.alternatives, weight="A") for c in concepts]
    everything = " | ".join(each)
    # Candidates, the most telling first, until the pool is full: the whole query as
    # typed in a title or alias ("spinal tumor"), every concept named, anything in the
    # title, aliases or summary, then anything in the text. Each step stops at the
    # pool's size, so a word on every page costs no more than a rare one.
    steps = [
        ("search_head", " & ".join(f"({q})" for q in each_named)),
        ("search_head", everything),
        ("search_vector", everything),
    ]
    if len(concepts) > 1:
        typed = [_tsquery(c.alternatives[:1], weight="A") for c in concepts]
        steps.insert(0, ("search_head", " <-> ".join(f"({q})" for q in typed)))
    pool, in_head, more = [], set(), False
    for column, tsquery in steps:
        room = POOL - len(pool)
        with connection.cursor() as cursor:  # plain SQL: these run on every search
            cursor.execute(
                f"""
                SELECT id FROM {Page._meta.db_table}
                WHERE status = %s AND {column} @@ to_tsquery(%s::regconfig, %s)
                AND NOT id = ANY(%s)
                LIMIT %s
                """,
                [Page.Status.PUBLISHED, CONFIG, tsquery, pool, room + 1],
            )
            found = [pk for (pk,) in cursor.fetchall()]
        pool += found[:room]
        if column == "search_head":
            in_head.update(found[:room])
        if len(found) > room:
            more = True
            break

    # The pool, ranked (see _ranked).
    every_named = [_tsquery([a], weight="A") for c in concepts for a in c.alternatives]
    # (Single words only: phrases make cover density slow and add little here.)
    together = " & ".join(
        f"({_tsquery([a for a in c.alternatives if len(a) == 1] or c.alternatives[:1])})"
        for c in concepts
    )
    ranked = _ranked(
        Page.objects.filter(pk__in=pool).annotate(
            **_per_concept(
                "named", [_coverage("search_head", [q]) for q in each_named]
            ),
            **_per_concept("covered", [_coverage("search_vector", [q]) for q in each]),
            close=SearchRank(F("search_head"), _raw(together), cover_density=True),
            breadth=_coverage("search_head", every_named),
            rank=SearchRank(F("search_vector"), _raw(everything)),
        ),
        concepts,
    )
    if more and column == "search_vector" and len(concepts) < _floor(ranked):
        more = False  # what was left out only mentions the words: below the floor
    ranked = ranked.ids
    ids = ranked[(page_number - 1) * PER_PAGE :][:PER_PAGE]
    pattern = re.compile(
        "|".join(_pattern(a) for c in concepts for a in c.alternatives), re.IGNORECASE
    )
    pages = _with_snippets(ids, everything, in_head, pattern)
    return _Ranking(pages, len(ranked), len(ranked), more)


@dataclass
class _Ranked:
    ids: list  # best first, the pages below the relevance floor left out
    best: int  # the best page's relevance


def _floor(ranked):
    return RELEVANCE_FLOOR * ranked.best


def _per_concept(name, expressions):
    return {f"{name}_{i}": expression for i, expression in enumerate(expressions)}


def _ranked(matches, concepts):
    """Page ids, best first: by how many concepts the title or aliases name; whether
    a title or alias says just what the patient typed ("pins and needles"); how many
    concepts the page mentions anywhere, then its title names; how close together;
    how many ways of saying them it names; then full-text rank. Pages below the
    relevance floor are left out.

    `matches` carries, for each concept i, named_i (in the title or aliases) and
    covered_i (anywhere), 1 or 0.
    """
    typed = tuple(_stem(word) for c in concepts for word in c.alternatives[0])
    in_title = [
        re.compile("|".join(map(_pattern, c.alternatives)), re.IGNORECASE)
        for c in concepts
    ]
    each = range(len(concepts))
    rows = matches.values_list(
        "pk", "close", "breadth", "rank", "title", "aliases", "summary", "toc",
        *(f"named_{i}" for i in each), *(f"covered_{i}" for i in each),
    )  # fmt: skip

    def scored(row):
        pk, close, breadth, rank, title, aliases, summary, toc = row[:8]
        named_each, covered_each = row[8 : 8 + len(each)], row[8 + len(each) :]
        named, covered = sum(named_each), sum(covered_each)
        exact = named == len(concepts) and _says(f"{title}\n{aliases}", typed)
        titled = sum(1 for concept in in_title if concept.search(title))
        headings = "\n".join(item.get("name", "") for item in toc or ())
        relevance = _relevance(
            named_each, covered_each, in_title, f"{summary}\n{headings}"
        )
        order = (-named, not exact, -covered, -titled, -close, -breadth, -rank, title)
        return order, relevance, pk

    ranked = sorted(map(scored, rows))
    best = max((relevance for _, relevance, _ in ranked), default=0)
    floor = RELEVANCE_FLOOR * best
    return _Ranked([pk for _, relevance, pk in ranked if relevance >= floor], best)


def _relevance(named_each, covered_each, patterns, summary_and_headings):
    """4 for each concept in the title or aliases, else 2 in the summary or a
    heading, else 1 if it is anywhere on the page."""
    score = 0
    for named, covered, pattern in zip(named_each, covered_each, patterns, strict=True):
        if named:
            score += 4
        elif pattern.search(summary_and_headings):
            score += 2
        elif covered:
            score += 1
    return score


def _says(lines, stems):
    """Whether one of the lines is just these words (stemmed), give or take stop words."""
    lines = re.sub(f"[{APOSTROPHES}]", "", lines.lower()).splitlines()
    return any(
        tuple(_stem(w) for w in re.findall(r"[a-z0-9]+", line) if w not in STOP_WORDS)
        == stems
        for line in lines
        # Cheap tests first: most lines lack a word, or have too many.
        if line.count(" ") <= 2 * len(stems) + 2 and all(s in line for s in stems)
    )


def _with_snippets(ids, tsquery, in_head, pattern):
    """The pages, in order, each with a highlighted snippet: its summary, or a few
    lines of its text around what `pattern` finds if the words are only there."""
    query = _raw(tsquery)
    options = {"config": CONFIG, "start_sel": MARK_START, "stop_sel": MARK_END}
    in_text = set(ids) - in_head
    pages = (
        Page.objects.filter(pk__in=ids)
        .only("section", "slug", "title")
        .annotate(
            snippet=Case(
                When(
                    pk__in=in_head & set(ids),
                    then=SearchHeadline(
                        F("summary"), query, highlight_all=True, **options
                    ),
                ),
                default=Value(""),
                output_field=TextField(),
            ),
            text=Case(
                When(pk__in=in_text, then=F("body_html")),
                default=Value(""),
                output_field=TextField(),
            ),
        )
    )
    by_id = {page.pk: page for page in pages}
    if in_text:
        # A headline reads all of its text: give it a passage, not the whole page.
        order = [pk for pk in ids if pk in in_text]
        passages = [_passage(by_id[pk].text, pattern) for pk in order]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT ts_headline(%s::regconfig, passage, to_tsquery(%s::regconfig, %s),
                    'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ",
                    StartSel=' || %s || ', StopSel=' || %s)
                FROM unnest(%s::text[]) WITH ORDINALITY AS p(passage, n) ORDER BY n
                """,
                [CONFIG, CONFIG, tsquery, MARK_START, MARK_END, passages],
            )
            for pk, (headline,) in zip(order, cursor.fetchall(), strict=True):
                by_id[pk].snippet = headline
    for page in by_id.values():
        page.snippet = _marked(page.snippet)
    return [by_id[pk] for pk in ids]


def _passage(body_html, pattern, *, before=120, after=240):
    """Plain text from around the first match of `pattern` in a page's HTML."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", body_html))
    text = re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(text.split()))
    found = pattern.search(text)
    start = max(0, found.start() - before) if found else 0
    passage = text[start : start + before + after]
    if start:  # begin and end on whole words
        passage = passage.partition(" ")[2]
    if start + before + after < len(text):
        passage = passage.rpartition(" ")[0]
    return passage


def _marked(snippet):
    """A highlighted snippet as safe HTML: escape everything, then add the marks."""
    text = " ".join(snippet.replace(MARK_START + MARK_END, "").split())
    text = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(text)


# --- SQLite -----------------------------------------------------------------------


def _stem(word):
    """A crude stem, so "tumors" and "walking" also find "tumor" and "walk"."""
    for suffix, shortest in (("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _pattern(sequence):
    """A regex for a word sequence at the start of words, apostrophes allowed inside."""
    *leading, last = [
        "['’]?".join(map(re.escape, word))
        for word in (*sequence[:-1], _stem(sequence[-1]))
    ]
    # As on PostgreSQL, long words also match longer ones; short ones only plurals.
    ending = r"\w*" if len(sequence[-1]) >= PREFIX_FROM else r"(?:s|es)?\b"
    return r"\b" + r"\W+".join([*leading, last + ending])


def _sqlite_search(concepts, *, page_number):
    """The same order as on PostgreSQL (title and aliases, then coverage), by patterns."""
    named, covered, breadth, score, anything = [], [], [], [], Q()
    patterns = [[_pattern(sequence) for sequence in c.alternatives] for c in concepts]
    # All the concepts on one line of the title or aliases, as in an alias.
    together = "(?im)^" + "".join(f"(?=.*?(?:{'|'.join(p)}))" for p in patterns)
    for alternatives in patterns:
        for pattern in alternatives:
            pattern = "(?i)" + pattern
            named_here = Q(title__regex=pattern) | Q(aliases__regex=pattern)
            breadth.append(Case(When(named_here, then=Value(1)), default=Value(0)))
        pattern = "(?i)(?:" + "|".join(alternatives) + ")"  # one regex per concept
        in_name = Q(title__regex=pattern) | Q(aliases__regex=pattern)
        in_summary, in_body = Q(summary__regex=pattern), Q(body__regex=pattern)
        anywhere = in_name | in_summary | in_body
        named.append(Case(When(in_name, then=Value(1)), default=Value(0)))
        covered.append(Case(When(anywhere, then=Value(1)), default=Value(0)))
        score += [
            Case(When(in_name, then=Value(4)), default=Value(0)),
            Case(When(in_summary, then=Value(2)), default=Value(0)),
            Case(When(in_body, then=Value(1)), default=Value(0)),
        ]
        anything |= anywhere
    close = Q(title__regex=together) | Q(aliases__regex=together)
    matches = (
        Page.objects.published()
        .filter(anything)
        .annotate(
            **_per_concept("named", named),
            **_per_concept("covered", covered),
            close=Case(When(close, then=Value(1)), default=Value(0)),
            breadth=reduce(add, breadth),
            rank=reduce(add, score),
        )
    )
    ranked = _ranked(matches, concepts).ids  # every pattern runs once
    ids = ranked[(page_number - 1) * PER_PAGE :][:PER_PAGE]
    by_id = Page.objects.only("section", "slug", "title", "summary").in_bulk(ids)
    pages = [by_id[pk] for pk in ids]
    highlight = re.compile("|".join(p for ps in patterns for p in ps), re.IGNORECASE)
    for page in pages:
        page.snippet = _highlight(page.summary, highlight)
    return _Ranking(pages, len(ranked), len(ranked), False)


def _highlight(text, pattern):
    """Escape `text` and <mark> what the pattern matches."""
    out, pos = [], 0
    for match in pattern.finditer(text):
        if match.end() > match.start():
            out += [escape(text[pos : match.start()]), "<mark>"]
            out += [escape(match.group()), "</mark>"]
            pos = match.end()
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


# --- The search -------------------------------------------------------------------


@dataclass
class Found:
    query: str  # as typed, tidied and shortened for showing back
    words: list  # the query's words, folded: what a missed search is counted as
    truncated: bool = False  # the query was longer than MAX_QUERY_LENGTH
    results: list = field(default_factory=list)  # Pages, each with a .snippet
    count: int = 0
    more: bool = False  # more pages match than `count`
    suggestion: str = ""  # "Did you mean ...?"
    page_number: int = 1
    num_pages: int = 1

    @property
    def first_number(self):
        return (self.page_number - 1) * PER_PAGE + 1

    @property
    def normalized(self):
        return " ".join(self.words)[:MAX_QUERY_LENGTH].strip()

    @property
    def missed(self):
        return bool(self.words) and self.count == 0


def search_pages(text, *, page_number=1):
    """The published pages that answer `text`, best first, PER_PAGE at a time."""
    text = str(text or "")[: MAX_QUERY_LENGTH * 4]
    postgres = connection.vendor == "postgresql"
    understood = understand(
        text,
        groups=synonym_groups(),
        vocabulary=_postgres_vocabulary if postgres else None,
    )
    shown = clean_query(text)
    found = Found(
        query=shown[:MAX_QUERY_LENGTH],
        truncated=len(shown) > MAX_QUERY_LENGTH,
        words=understood.words,
    )
    if not understood.concepts:
        return found
    try:
        page_number = max(1, min(int(page_number or 1), 1000))
    except (TypeError, ValueError):
        page_number = 1
    backend = _postgres_search if postgres else _sqlite_search
    ranking = backend(understood.concepts, page_number=page_number)
    found.num_pages = max(1, -(-ranking.ranked // PER_PAGE))
    if page_number > found.num_pages:  # past the end: show the last page instead
        page_number = found.num_pages
        ranking = backend(understood.concepts, page_number=page_number)
    found.results = ranking.pages
    found.count, found.more = ranking.count, ranking.more
    found.page_number = page_number
    if understood.suggestion and ranking.count:
        found.suggestion = understood.suggestion
    return found


def record_missed(found):
    """Count a search that found nothing: its words only, never who or when.

    One statement, on either database; past MAX_MISSED different searches, only
    those already kept are counted, so a flood of junk cannot fill the disk.
    """
    text = found.normalized
    if not text:
        return
    table = MissedSearch._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A count lost in a crash matters less than a patient waiting on a disk.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute(
            f"""
            INSERT INTO {table} (query, count)
            SELECT %s, 1 WHERE (SELECT count(*) FROM {table}) < %s
                OR EXISTS (SELECT 1 FROM {table} WHERE query = %s)
            ON CONFLICT (query) DO UPDATE SET count = {table}.count + 1
            """,
            [text, MAX_MISSED, text],
        )
