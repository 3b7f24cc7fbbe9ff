"""The pages on a 375 px phone in a real browser (Chromium): nothing scrolls sideways or is cut, the
header keeps its place from page to page, the player is reached in two Tab stops, and the embed fits its
96 px frame down to 320 px."""

from __future__ import annotations

import httpx
import pytest
from polling import wait_for_job
from test_player_browser import ARTIFACTS
from web_support import LiveServer

from newscaster.models import Article

pytestmark = pytest.mark.slow

PHONE = {"width": 375, "height": 740}
LONG_TITLE = "Island ferry returns to the harbour after the long winter repairs to the sea wall"
TEXT_FITS = """(select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
  return context.measureText(text).width <= room;  /* 20 px: the menu's arrow */
}"""


@pytest.fixture(scope="module")
def narrated(live_server: LiveServer) -> str:
    """An article with a long headline, narrated in the default voice; its id."""
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        response = client.post(
            "/api/narrations", json={"text": f"# {LONG_TITLE}\n\nThe ferry sailed on Monday."}
        )
        job = wait_for_job(client, response.headers["location"])  # type: ignore[arg-type]
    assert job["state"] == "done", job
    return str(job["article_id"])


def test_the_library_is_a_list_of_cards_on_a_phone(
    browser_page, live_server: LiveServer, narrated: str
) -> None:
    page = browser_page
    library = live_server.server.config.app.state.newscaster.library
    library.save_article(Article("Council approves budget", ("The council approved it.",)), 1)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/library")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wrap = page.locator(".table-wrap")
    assert wrap.evaluate("(el) => el.scrollWidth <= el.clientWidth")  # nothing hidden to the side
    title = page.locator(f"#article-{narrated} th")
    box = title.bounding_box()
    assert box is not None and box["width"] >= 330  # the whole card's width, not a word per line
    assert title.evaluate("(el) => el.getClientRects().length") == 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "library-375.png"), full_page=True)


def test_voice_menus_show_the_whole_name_on_a_phone(
    browser_page, live_server: LiveServer, narrated: str
) -> None:
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    assert page.locator("#home-voice").evaluate(TEXT_FITS)
    page.goto(f"{live_server.url}/articles/{narrated}")
    page.wait_for_function("document.getElementById('voice-select').selectedOptions[0].text.endsWith('✓')")
    assert page.locator("#voice-select").evaluate(TEXT_FITS), page.locator("#voice-select").input_value()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}])
def test_the_header_keeps_its_place_from_page_to_page(
    browser_page, live_server: LiveServer, narrated: str, viewport: dict[str, int]
) -> None:
    page = browser_page
    page.set_viewport_size(viewport)
    boxes = []
    for path in ("/", "/library", f"/articles/{narrated}"):
        page.goto(live_server.url + path)
        boxes.append(page.locator(".site-header__inner").bounding_box())
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    assert boxes[0] == boxes[1] == boxes[2]


def test_the_player_is_two_tab_stops_away(browser_page, live_server: LiveServer, narrated: str) -> None:
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/articles/{narrated}")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the player"
    assert page.locator(".skip-link:focus").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "play"
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('audio').paused")


@pytest.mark.parametrize("width", [375, 320])
def test_the_embed_fits_its_frame(browser_page, live_server: LiveServer, narrated: str, width: int) -> None:
    page = browser_page
    page.set_viewport_size({"width": width, "height": 96})  # the snippet's iframe
    embeds = {
        "player": f"/embed/articles/{narrated}",
        "listen": f"/embed/articles/{narrated}?voice=espeak:en-gb",
        "missing": "/embed/articles/0000000000000000",
    }
    for name, path in embeds.items():
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollHeight") <= 96, name
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=str(ARTIFACTS / f"embed-{name}-{width}.png"))
    page.goto(live_server.url + embeds["player"])
    title = page.locator(".embed__title-text")
    assert title.evaluate("(el) => el.scrollWidth <= el.clientWidth")  # no "Listen to this arti…"
    assert page.locator(".embed__title").inner_text().startswith("Listen")
    assert page.get_by_role("heading").evaluate("(el) => el.textContent").startswith("Listen to this article")
