"""The HTML pages through an ASGI client: real SQLite, real jobs, real synthesis of a short text."""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from newscaster.durations import format_clock
from newscaster.web.pages import choose_narration, format_date, split_into_segments, templates

HOSTILE_TITLE = "Ferry <script>alert(1)</script> news"
HOSTILE_HTML = "<img src=x onerror=alert(2)>"
# Pasted text loses inline tags (it is read as Markdown), so the hostile title comes in a saved page,
# escaped there as any page would show it, and reaches the library as literal text.
PAGE = f"""<!doctype html><html lang="en"><head><title>{escape(HOSTILE_TITLE)}</title></head><body><article>
<h1>{escape(HOSTILE_TITLE)}</h1>
<p>The ferry sailed again on Monday after a long winter. Passengers were pleased with the new boats.</p>
<p>Readers typed {escape(HOSTILE_HTML)} into the comments. The council will review the timetable in May.</p>
</article></body></html>"""


class SpanCollector(HTMLParser):
    """Collects every ``<span class="s">`` with its attributes and text, and the player's JSON."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[dict[str, str]] = []
        self.player_json = ""
        self._span: dict[str, str] | None = None
        self._in_player_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "span" and attributes.get("class") == "s":
            self._span = {**attributes, "text": ""}
        if tag == "script" and attributes.get("id") == "player-data":
            self._in_player_json = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._span is not None:
            self.spans.append(self._span)
            self._span = None
        if tag == "script":
            self._in_player_json = False

    def handle_data(self, data: str) -> None:
        if self._span is not None:
            self._span["text"] += data
        if self._in_player_json:
            self.player_json += data


@pytest.fixture(scope="module")
def narrated(app_client: TestClient, wait_for_job: Callable[..., dict]) -> dict:
    response = app_client.post("/api/narrations", json={"html": PAGE})
    assert response.status_code == 202, response.text
    job = wait_for_job(app_client, response.headers["location"])
    assert job["state"] == "done", job
    return app_client.get(f"/api/articles/{job['article_id']}").json()


def test_home_page(app_client: TestClient) -> None:
    page = app_client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="en">' in html
    assert '<label for="source">' in html and 'id="narrate-form"' in html
    assert '<option value="hibari:heart">' in html
    assert "/static/home.js?v=" in html


def test_static_files_are_served(app_client: TestClient) -> None:
    for name, kind in [("player.js", "javascript"), ("home.js", "javascript"), ("player.css", "text/css")]:
        response = app_client.get(f"/static/{name}")
        assert response.status_code == 200 and kind in response.headers["content-type"]


def test_library_lists_narrated_articles(app_client: TestClient, narrated: dict) -> None:
    html = app_client.get("/library").text
    assert f'<a href="/articles/{narrated["id"]}">' in html
    assert "Ferry &lt;script&gt;alert(1)&lt;/script&gt; news" in html
    assert "<script>alert(1)" not in html
    assert "1 minute" in html
    assert format_clock(narrated["narrations"][0]["duration_ms"]) in html
    assert "Heart (American English, female)" in html


def test_article_page_escapes_the_article(app_client: TestClient, narrated: dict) -> None:
    assert narrated["title"] == HOSTILE_TITLE
    page = app_client.get(f"/articles/{narrated['id']}")
    assert page.status_code == 200
    html = page.text
    assert "alert(1)</script>" not in html  # neither in the markup nor in the embedded JSON
    assert HOSTILE_HTML not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<title>Ferry &lt;script&gt;alert(1)&lt;/script&gt; news · newscaster</title>" in html
    assert "Reading Time: 1 minute" in html
    assert "Choose your listening speed" in html and "Select Voice" in html
    for label in ("Slow", "Average", "Fast", "0.5x", "1.25x", "2x"):
        assert f">{label}<" in html
    narration = narrated["narrations"][0]
    for url in (narration["audio_url"], narration["transcript_url"], narration["timings_url"]):
        assert f'href="{url.replace("&", "&amp;")}"' in html
    assert 'role="slider"' in html and 'preload="metadata"' in html


def test_sentence_spans_carry_the_timings_offsets(app_client: TestClient, narrated: dict) -> None:
    html = app_client.get(f"/articles/{narrated['id']}").text
    timings = app_client.get(narrated["narrations"][0]["timings_url"]).json()
    collector = SpanCollector()
    collector.feed(html)
    sentences = timings["sentences"]
    assert len(collector.spans) == len(sentences) >= 4
    by_index = {int(span["data-index"]): span for span in collector.spans}
    texts = {"title": [narrated["title"]], "body": narrated["paragraphs"]}
    for sentence in sentences:
        span = by_index[sentence["index"]]
        assert int(span["data-start"]) == sentence["start_ms"]
        assert int(span["data-end"]) == sentence["end_ms"]
        assert int(span["data-start-char"]) == sentence["start_char"]
        assert int(span["data-end-char"]) == sentence["end_char"]
        source = texts[sentence["part"]][sentence["paragraph_index"]]
        assert span["text"] == source[sentence["start_char"] : sentence["end_char"]]
    assert by_index[0]["text"] == HOSTILE_TITLE
    body = [by_index[s["index"]]["text"] for s in sentences if s["part"] == "body"]
    assert body == [
        "The ferry sailed again on Monday after a long winter.",
        "Passengers were pleased with the new boats.",
        f"Readers typed {HOSTILE_HTML} into the comments.",
        "The council will review the timetable in May.",
    ]
    player = json.loads(collector.player_json)
    assert player["article_id"] == narrated["id"]
    assert player["narration"]["voice"] == "hibari:heart"
    assert player["pending_voice"] is None


def test_article_page_for_a_voice_not_narrated_yet(app_client: TestClient, narrated: dict) -> None:
    html = app_client.get(f"/articles/{narrated['id']}", params={"voice": "piper:joe", "speed": "1.25"}).text
    collector = SpanCollector()
    collector.feed(html)
    player = json.loads(collector.player_json)
    assert player["narration"]["voice"] == "hibari:heart"  # plays what exists, offers to narrate Joe
    assert player["pending_voice"] == "piper:joe"
    assert player["rate"] == 1.25
    assert '<option value="1.25" selected>1.25x</option>' in html


def test_unknown_article_is_a_readable_404(app_client: TestClient) -> None:
    page = app_client.get("/articles/0123456789abcdef")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Not found" in page.text and "0123456789abcdef" in page.text
    hostile = app_client.get("/articles/<b>x</b>")
    assert hostile.status_code == 404 and "<b>x</b>" not in hostile.text


def test_split_into_segments_skips_offsets_that_do_not_fit() -> None:
    text = "One. Two. Three."
    sentences = [
        {"index": 1, "start_char": 0, "end_char": 4, "start_ms": 0, "end_ms": 900},
        {"index": 2, "start_char": 2, "end_char": 9, "start_ms": 900, "end_ms": 1800},  # overlaps the first
        {"index": 3, "start_char": 10, "end_char": 99, "start_ms": 1800, "end_ms": 2700},  # past the end
    ]
    segments = split_into_segments(text, sentences)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.index) for s in segments] == [("One.", 1), (" Two. Three.", None)]


def test_formatting_helpers() -> None:
    assert format_date("2024-03-12") == "12 March 2024"
    assert format_date("2024-03-12T10:00:00+00:00") == "12 March 2024"
    assert format_date("spring") == "spring"
    assert choose_narration([], "hibari:heart", 1.0) is None


def test_article_without_a_narration_offers_to_narrate(app_client: TestClient) -> None:
    from newscaster.models import Article

    library = app_client.app.state.newscaster.library  # type: ignore[attr-defined]
    stored = library.save_article(
        Article(title="Not read yet", paragraphs=("Nobody has narrated this.",), byline="By A. Writer"), 1
    )
    page = app_client.get(f"/articles/{stored.id}", params={"speed": "9"})  # an impossible speed is ignored
    assert page.status_code == 200
    html = page.text
    assert "This article has no narration yet" in html
    assert 'class="s"' not in html and "Nobody has narrated this." in html
    assert "By A. Writer" in html
    assert (
        '<button type="button" id="play" class="play-button" aria-label="Play" title="Play (Space)" disabled>'
        in html
    )
    collector = SpanCollector()
    collector.feed(html)
    player = json.loads(collector.player_json)
    assert player["narration"] is None and player["narrations"] == [] and player["rate"] is None


class OptionCollector(HTMLParser):
    """The ``<optgroup>`` labels of one ``<select>`` (by id) with their options' values, in page order."""

    def __init__(self, select_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.select_id = select_id
        self.groups: list[tuple[str, list[str]]] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "select":
            self._inside = attributes.get("id") == self.select_id
        elif self._inside and tag == "optgroup":
            self.groups.append((attributes.get("label", ""), []))
        elif self._inside and tag == "option" and self.groups and attributes.get("value"):
            self.groups[-1][1].append(attributes["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._inside = False


def _option_groups(html: str, select_id: str) -> dict[str, list[str]]:
    collector = OptionCollector(select_id)
    collector.feed(html)
    return dict(collector.groups)


def test_home_voice_menu_is_grouped_by_language_with_neural_voices_on_top(app_client: TestClient) -> None:
    groups = _option_groups(app_client.get("/").text, "home-voice")
    labels = list(groups)
    assert labels[0] == "English" and groups["English"][:2] == ["hibari:heart", "piper:joe"]
    assert "espeak:cmn-latn-pinyin" in groups["Chinese (Mandarin)"]
    assert groups["Chinese (Cantonese)"] == ["espeak:yue"] and groups["French"][0].startswith("espeak:fr")
    neural = [label for label, ids in groups.items() if any(not v.startswith("espeak:") for v in ids)]
    assert labels[: len(neural)] == neural  # languages with a neural voice (English, Japanese…) on top
    others = labels[len(neural) :]
    assert others and others == sorted(others, key=str.casefold)  # the rest: by name
    assert sum(len(v) for v in groups.values()) == len(app_client.get("/api/voices").json())


def test_select_voice_lists_the_articles_language_first(app_client: TestClient) -> None:
    from newscaster.models import Article

    library = app_client.app.state.newscaster.library  # type: ignore[attr-defined]
    stored = library.save_article(
        Article(title="Le ferry", paragraphs=("Le ferry a repris la mer lundi.",), language="fr"), 1
    )
    groups = _option_groups(app_client.get(f"/articles/{stored.id}").text, "voice-select")
    first_label, first_voices = next(iter(groups.items()))
    assert first_label == "For this article: French"
    assert first_voices[0] == "espeak:fr-fr"  # the voice the article would get by default, first
    assert all(v.startswith("espeak:fr") for v in first_voices)
    assert groups["English"][0] == "hibari:heart"


def test_a_passage_in_another_language_is_marked_with_its_lang() -> None:
    text = "It opens in Greek. Αγαπητέ λαέ της Ευρώπης!"
    sentences = [
        {"index": 4, "start_char": 0, "end_char": 18, "start_ms": 0, "end_ms": 900},
        {"index": 5, "start_char": 19, "end_char": 43, "start_ms": 900, "end_ms": 2700, "language": "el"},
    ]
    segments = split_into_segments(text, sentences)
    assert [(s.index, s.language) for s in segments if s.is_sentence] == [(4, None), (5, "el")]
    spans = templates.env.get_template("sentence_spans.html").module.spans(segments)  # type: ignore[attr-defined]
    assert spans.count("lang=") == 1 and 'data-index="5"' in spans.split('lang="el"')[0].rsplit("<span", 1)[1]
