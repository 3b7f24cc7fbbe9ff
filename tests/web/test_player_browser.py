"""The article player in a real browser: narrate through the form, play, speed, read-along, voices,
keyboard, remembered position, and an axe-core accessibility scan.

Needs Debian's chromium at /usr/bin/chromium (``make test`` installs it); Playwright cannot download
its own browsers here, so a missing browser fails the test instead of skipping it silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARTICLE = (
    "# Island ferry returns after the winter\n\n"
    "The island ferry sailed again on Monday after a long winter break. "
    "Passengers on the early crossing said the new boats felt calm and quiet. "
    "The council will review the timetable in May, a spokesperson said. "
    "Tickets can be bought at the harbour office or online."
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
            "(`make test` installs it, or: apt-get install -y chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            # Playwright's wait_for_function evaluates strings, which the pages' CSP (no 'unsafe-eval')
            # forbids; tests/web/test_security.py drives the player under the real CSP.
            bypass_csp=True,
        )
        try:
            yield context
        finally:
            context.close()


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    for violation in violations:  # shown with -s; only serious and critical ones fail the test
        print(f"axe {page.url}: {violation['id']} ({violation['impact']}) {violation['help']}")
    return [v for v in violations if v.get("impact") in {"serious", "critical"}]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(
            f"    {node['target']}: {node.get('failureSummary', '')}" for node in violation["nodes"][:5]
        )
    return "\n".join(lines)


def half_up(value: float) -> int:
    return math.floor(value + 0.5)  # JavaScript's Math.round, not Python's round-half-even


def current_index(page) -> int:
    return int(page.get_attribute(".s.current", "data-index"))


def test_player_in_a_browser(browser, live_server) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(20_000)

    # Home: paste text, narrate, follow the progress to the article page.
    page.goto(live_server.url + "/")
    violations = serious_violations(page)
    assert not violations, "home page accessibility:\n" + describe(violations)
    page.fill("#source", "http://127.0.0.1:9/not-an-article")  # a private address: the job fails
    page.click("#narrate-button")
    page.wait_for_function("document.getElementById('narrate-error').textContent.length > 0")
    assert page.get_attribute("#narrate-error", "role") == "alert"
    assert not page.is_disabled("#narrate-button")
    page.fill("#source", ARTICLE)
    page.click("#narrate-button")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+(\?job=[0-9a-f]+)?$"), timeout=90_000)
    # Opened while narrating (?job=): playing from the stream, then from the stored file, which a
    # reload then finds straight away.
    page.wait_for_function("document.getElementById('audio').src.includes('/audio?')", timeout=90_000)
    page.wait_for_function("!location.search.includes('job=')")
    page.reload()
    assert page.inner_text("h1") == "Island ferry returns after the winter"
    assert "Reading Time: 1 minute" in page.inner_text(".reading-time")
    page.wait_for_function("document.getElementById('audio').readyState >= 1")
    player = page.evaluate("JSON.parse(document.getElementById('player-data').textContent)")
    wpm_at_1x = player["narration"]["measured_wpm"] / player["narration"]["speed"]
    sentences = page.locator(".s")
    assert sentences.count() == 5  # the title and four body sentences

    # Play: time advances (from where the listener left off before the reload: the player restores it).
    start_s = page.evaluate("document.getElementById('audio').currentTime")
    page.click("#play")
    page.wait_for_function(f"document.getElementById('audio').currentTime > {start_s + 0.4}")
    assert page.get_attribute("#play", "aria-label") == "Pause"
    assert page.get_attribute("#seek", "role") == "slider"
    assert " of " in page.get_attribute("#seek", "aria-valuetext")

    # Speed: the playback rate and the WPM label change together.
    assert page.inner_text("#speed-label") == f"1x · {half_up(wpm_at_1x)} WPM"
    assert page.input_value("#rate-select") == "1"
    assert page.get_attribute(".presets [data-rate='1']", "aria-pressed") == "true"
    page.click(".presets [data-rate='1.5']")
    assert page.input_value("#rate-select") == "1.5"
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    assert page.evaluate("document.getElementById('audio').preservesPitch") is True
    assert page.inner_text("#speed-label") == f"1.5x · {half_up(wpm_at_1x * 1.5)} WPM"
    assert page.get_attribute(".presets [data-rate='1.5']", "aria-pressed") == "true"
    page.select_option("#rate-select", "1.25")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.25
    assert page.inner_text("#speed-label") == f"1.25x · {half_up(wpm_at_1x * 1.25)} WPM"

    # Clicking the third sentence seeks to its start and highlights it.
    third = sentences.nth(2)
    start_s = int(third.get_attribute("data-start")) / 1000
    third.click()
    assert abs(page.evaluate("document.getElementById('audio').currentTime") - start_s) < 0.5
    assert "current" in third.get_attribute("class")
    assert third.get_attribute("aria-current") == "true"
    page.click("#play")  # pause, so the sentence stays put while the voice changes
    assert page.evaluate("document.getElementById('audio').paused") is True
    before_voice = current_index(page)

    # Another voice: progress while it narrates, then the audio changes and resumes at the same sentence.
    page.evaluate(
        """() => {
          const status = document.getElementById('voice-status');
          window.statusLog = [];
          new MutationObserver(() => window.statusLog.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    old_src = page.evaluate("document.getElementById('audio').currentSrc")
    page.select_option("#voice-select", "piper:joe")
    page.wait_for_function(
        "document.getElementById('audio').src.includes('voice=piper:joe')"
        " && document.getElementById('audio').readyState >= 1",
        timeout=60_000,
    )
    page.wait_for_function("document.getElementById('voice-status').textContent.startsWith('Now reading')")
    log = page.evaluate("window.statusLog")
    assert any(entry.startswith("Starting a narration with Joe") for entry in log), log
    assert page.evaluate("document.getElementById('audio').currentSrc") != old_src
    assert current_index(page) == before_voice
    resumed_at = int(page.get_attribute(".s.current", "data-start")) / 1000
    assert abs(page.evaluate("document.getElementById('audio').currentTime") - resumed_at) < 0.3
    assert "Joe" in page.inner_text("#player-voice")
    assert "voice=piper%3Ajoe" in page.url or "voice=piper:joe" in page.url
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.25  # the speed survives

    # Keyboard: Space toggles playback (focus outside form controls), Shift+→ goes to the next sentence.
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('audio').paused")
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('audio').paused")
    here = current_index(page)
    page.keyboard.press("Shift+ArrowRight")
    assert current_index(page) == here + 1
    next_start = int(page.get_attribute(".s.current", "data-start")) / 1000
    page.wait_for_function(f"Math.abs(document.getElementById('audio').currentTime - {next_start}) < 0.3")
    page.keyboard.press("]")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.5
    page.keyboard.press("[")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.25

    # Reload: the position (and voice) come back.
    position = page.evaluate("document.getElementById('audio').currentTime")
    page.reload()
    page.wait_for_function("document.getElementById('audio').readyState >= 1")
    page.wait_for_function("document.getElementById('audio').currentTime > 0")
    assert abs(page.evaluate("document.getElementById('audio').currentTime") - position) < 0.5
    assert "piper:joe" in page.evaluate("document.getElementById('audio').src")
    assert page.evaluate("document.getElementById('audio').playbackRate") == 1.25  # remembered speed

    # The page as people see it, and an accessibility scan.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    violations = serious_violations(page)
    assert not violations, "article page accessibility:\n" + describe(violations)

    # Narrow phones: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(ARTIFACTS / "article-page-375.png"))

    page.goto(live_server.url + "/library")
    violations = serious_violations(page)
    assert not violations, "library page accessibility:\n" + describe(violations)
    assert errors == [], errors


LIVE_ARTICLE = "# The long crossing\n\n" + "\n\n".join(
    " ".join(
        f"On day {day * 4 + s + 1} the island ferry crossed the harbour again, and the crew counted the "
        "passengers twice."
        for s in range(4)
    )
    for day in range(20)
)
"""Eighty sentences: seconds of synthesis, so playback can be seen starting while the job still runs."""


def test_playback_starts_while_the_article_is_narrated(browser, live_server) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(60_000)
    page.goto(live_server.url + "/")
    page.fill("#source", LIVE_ARTICLE)
    page.click("#narrate-button")
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+\?job=[0-9a-f]+$"), timeout=90_000)
    job_id = page.url.rsplit("job=", 1)[1]
    job_state = f"fetch('/api/jobs/{job_id}').then((r) => r.json()).then((job) => job.state)"
    # Where the player puts the stored file once its metadata is in (the player's own handler, registered
    # first, has sought by then): between the switch and that event the element reports 0 whatever it does.
    page.evaluate(
        "document.getElementById('audio').addEventListener('loadedmetadata', (event) => {"
        " if (event.target.src.includes('/audio?')) window.movedAt = event.target.currentTime; })"
    )

    page.wait_for_function("document.getElementById('audio').currentTime > 0")
    assert page.evaluate(job_state) == "running"  # heard before the narration was done
    assert "/stream" in page.evaluate("document.getElementById('audio').currentSrc")
    page.wait_for_function("document.querySelector('.s.current') !== null")  # read-along while streaming
    assert page.get_attribute(".s.current", "data-index") is not None

    # Done: the player moves to the stored file at the same place, and keeps playing.
    page.wait_for_function("document.getElementById('audio').src.includes('/audio?')", timeout=120_000)
    assert page.evaluate(job_state) == "done"
    page.wait_for_function("window.movedAt !== undefined")
    moved_at = page.evaluate("window.movedAt")
    page.wait_for_function(f"document.getElementById('audio').currentTime > {moved_at} + 0.2")
    assert not page.evaluate("document.getElementById('audio').paused")
    assert moved_at > 0.5  # it did not start over
    assert page.locator(".s").count() == 81  # the title and every body sentence, wrapped as they came
    assert errors == [], errors


FRENCH_ARTICLE = (
    "# Le ferry reprend la mer\n\n"
    "Le ferry des îles a repris la mer lundi après une longue pause hivernale. "
    "Les passagers de la première traversée ont trouvé les nouveaux bateaux calmes et silencieux."
)
GROUPS_JS = (
    "select => Array.from(select.querySelectorAll('optgroup')).map(group => "
    "[group.label, Array.from(group.querySelectorAll('option')).map(option => option.value)])"
)


def test_voice_menus_put_the_articles_language_first(browser, live_server) -> None:
    import httpx
    from polling import wait_for_job

    with httpx.Client(base_url=live_server.url) as client:
        response = client.post("/api/narrations", json={"text": FRENCH_ARTICLE})
        job = wait_for_job(client, response.headers["location"])  # type: ignore[arg-type]
    assert job["state"] == "done", job
    page = browser.new_page()
    try:
        page.goto(live_server.url + job["article_url"])
        groups = page.eval_on_selector("#voice-select", GROUPS_JS)
        label, voices = groups[0]
        assert label == "For this article: French"
        assert voices[0] == "espeak:fr-fr" and all(v.startswith("espeak:fr") for v in voices)
        assert page.eval_on_selector("#voice-select", "select => select.value") == "espeak:fr-fr"
        labels = [g[0] for g in groups[1:]]
        neural = [g[0] for g in groups[1:] if any(not v.startswith("espeak:") for v in g[1])]
        assert labels[0] == "English" and labels[: len(neural)] == neural  # then neural voices' languages
        assert labels[len(neural)] == "Afrikaans"  # then the rest by name

        page.goto(live_server.url + "/")
        home = page.eval_on_selector("#home-voice", GROUPS_JS)
        assert home[0][0] == "English" and home[0][1][0] == "hibari:heart"
        assert "espeak:cmn-latn-pinyin" in dict(home)["Chinese (Mandarin)"]
    finally:
        page.close()
