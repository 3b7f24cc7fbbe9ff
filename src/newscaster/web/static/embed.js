/* newscaster's one-line embed, for a CMS template:
 *
 *   <script src="https://HOST/embed.js" data-article-url="CANONICAL_URL" async></script>
 *
 * Finds the narration of the page by its canonical URL (data-article-url, else the page's
 * <link rel="canonical">, else its address) and puts the player (an <iframe> of /embed/articles/ID) where
 * the script tag is, sized to the player as it reports its height. With no narration yet, it asks for one
 * where the server allows that (NEWSCASTER_EMBED_REQUESTS) and shows the player once it is made; when the
 * server cannot be reached it leaves a plain "Listen to this article" link instead.
 *
 * Optional attributes: data-theme="light|dark" and data-voices="1" (passed to the player). */
(() => {
  "use strict";
  const TIMEOUT_MS = 8000; // a server that has not answered by then is treated as unreachable
  const MIN_HEIGHT_PX = 60;
  const MAX_HEIGHT_PX = 400; // the player is one or two rows; a taller report is not believed
  const START_HEIGHT_PX = 96;
  const MAX_POLLS = 60; // while a requested narration is made: about five minutes at the server's pace

  function scripts() {
    const own = document.currentScript;
    if (own && own.dataset) return [own];
    return Array.from(document.querySelectorAll("script[src]")).filter((s) => /\/embed\.js(?:[?#]|$)/.test(s.src));
  }

  function canonical(script) {
    if (script.dataset.articleUrl) return new URL(script.dataset.articleUrl, window.location.href).href;
    const link = document.querySelector('link[rel="canonical"]');
    return link && link.href ? link.href : window.location.href.split("#")[0];
  }

  async function getJson(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(url, { ...options, mode: "cors", credentials: "omit", signal: controller.signal });
      let body = null;
      try {
        body = await response.json();
      } catch (_) { /* not JSON */ }
      return { status: response.status, body };
    } finally {
      clearTimeout(timer);
    }
  }

  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function mount(script) {
    if (script.dataset.newscasterMounted) return;
    script.dataset.newscasterMounted = "1";
    const base = script.src.replace(/\/embed\.js(?:[?#].*)?$/, "");
    const server = new URL(base).origin;
    const articleUrl = canonical(script);
    const box = document.createElement("div");
    box.className = "newscaster-embed";
    script.parentNode.insertBefore(box, script);

    function showLink() {
      const link = document.createElement("a");
      link.href = `${base}/listen?url=${encodeURIComponent(articleUrl)}`;
      link.textContent = "Listen to this article";
      link.className = "newscaster-embed__link";
      box.replaceChildren(link);
    }

    function showStatus(text) {
      const note = document.createElement("p");
      note.className = "newscaster-embed__status";
      note.setAttribute("role", "status");
      note.textContent = text;
      box.replaceChildren(note);
    }

    function showPlayer(found) {
      const src = new URL(found.embed_url);
      ["theme", "voices"].forEach((name) => {
        if (script.dataset[name]) src.searchParams.set(name, script.dataset[name]);
      });
      const frame = document.createElement("iframe");
      frame.src = src.href;
      frame.title = `Listen to this article: ${found.title}`;
      frame.allow = "autoplay";
      frame.style.border = "0";
      frame.style.width = "100%";
      frame.style.height = `${START_HEIGHT_PX}px`;
      frame.style.display = "block";
      window.addEventListener("message", (event) => {
        // Only the player this script put here, from the server it came from, may size its frame.
        if (event.origin !== server || event.source !== frame.contentWindow) return;
        const data = event.data;
        if (!data || data.type !== "newscaster:height" || !Number.isFinite(data.height)) return;
        frame.style.height = `${Math.min(MAX_HEIGHT_PX, Math.max(MIN_HEIGHT_PX, Math.ceil(data.height)))}px`;
      });
      box.replaceChildren(frame);
    }

    const lookupUrl = `${base}/api/lookup?url=${encodeURIComponent(articleUrl)}`;

    async function waitForNarration(retryS) {
      showStatus("Audio for this article is being prepared…");
      for (let poll = 0; poll < MAX_POLLS; poll += 1) {
        await wait(retryS * 1000);
        const asked = await getJson(`${base}/api/lookup`, {
          method: "POST",
          headers: { "Content-Type": "text/plain" }, // a simple request: no preflight
          body: JSON.stringify({ url: articleUrl }),
        });
        if (asked.status === 200 && asked.body && asked.body.narrated) return showPlayer(asked.body);
        if (asked.status !== 202) return box.replaceChildren();
      }
      return box.replaceChildren();
    }

    async function start() {
      let found;
      try {
        found = await getJson(lookupUrl, { headers: { Accept: "application/json" } });
      } catch (_) {
        return showLink(); // unreachable, timed out, or not allowed to read it from this site
      }
      if (found.status >= 500) return showLink();
      const body = found.body || {};
      if (found.status === 200 && body.narrated) return showPlayer(body);
      const canRequest = found.status === 200 || body.can_request;
      if (!canRequest) return undefined; // no narration, and none to be had: leave the page as it is
      let asked;
      try {
        asked = await getJson(`${base}/api/lookup`, {
          method: "POST",
          headers: { "Content-Type": "text/plain" },
          body: JSON.stringify({ url: articleUrl }),
        });
      } catch (_) {
        return showLink();
      }
      if (asked.status === 200 && asked.body && asked.body.narrated) return showPlayer(asked.body);
      if (asked.status === 202) return waitForNarration((asked.body && asked.body.retry_after_s) || 5);
      return undefined;
    }

    start().catch(showLink);
  }

  scripts().forEach(mount);
})();
