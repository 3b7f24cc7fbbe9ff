/* The narrate form: POST /api/narrations, follow the job, then open the article page — as soon as the
 * narration's article is known, so it plays while the rest is made. */
(() => {
  "use strict";
  const form = document.getElementById("narrate-form");
  if (!form) return;
  const source = document.getElementById("source");
  const voice = document.getElementById("home-voice");
  const button = document.getElementById("narrate-button");
  const progressBox = document.getElementById("narrate-progress");
  const bar = document.getElementById("narrate-bar");
  const status = document.getElementById("narrate-status");
  const errorBox = document.getElementById("narrate-error");
  const FOLLOW_MS = 100; // the article page can open (and play) a fraction of a second after the click
  const { csrf: CSRF, root: ROOT, errorMessage } = window.newscaster;

  // A link as a browser's address bar shows it, without "https://" (the server reads it the same way).
  const SCHEME_LESS_LINK = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$/i;

  function requestBody(value) {
    const trimmed = value.trim();
    if (/^https?:\/\/\S+$/i.test(trimmed)) return { url: trimmed };
    if (SCHEME_LESS_LINK.test(trimmed)) return { url: `https://${trimmed}` };
    if (/^<(!doctype|html|head|body|article)\b/i.test(trimmed)) return { html: value };
    return { text: value };
  }

  function describe(job) {
    const done = job.progress ? job.progress.done : 0;
    const total = job.progress ? job.progress.total : 0;
    if (job.state === "queued") return "Waiting for a free narrator…";
    if (total > 0) return `Narrating… ${done} of ${total} sentence${total === 1 ? "" : "s"}`;
    return "Reading the article…";
  }

  function showProgress(job) {
    progressBox.hidden = false;
    status.textContent = describe(job);
    const total = job.progress ? job.progress.total : 0;
    if (total > 0) {
      bar.max = total;
      bar.value = job.progress.done;
    } else {
      bar.removeAttribute("value"); // indeterminate until the sentences are known
    }
  }

  function fail(message) {
    errorBox.textContent = message || "Something went wrong.";
    progressBox.hidden = true;
    button.disabled = false;
    form.removeAttribute("aria-busy");
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  // Until the job is done, or — when it can be streamed — until its article is known: the article
  // page then plays the narration as it is made.
  async function follow(jobUrl) {
    for (;;) {
      const response = await fetch(jobUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok) throw new Error(await errorMessage(response));
      const job = await response.json();
      if (job.state === "done") return job;
      if (job.state === "failed") throw new Error(job.error || "Narration failed.");
      if (job.state === "running" && job.stream_url && job.article_id) return job;
      showProgress(job);
      await sleep(FOLLOW_MS);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.textContent = "";
    if (!source.value.trim()) {
      fail("Paste a link to an article, or its text.");
      source.focus();
      return;
    }
    const body = requestBody(source.value);
    if (voice && voice.value) body.voice = voice.value;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    showProgress({ state: "queued", progress: { done: 0, total: 0 } });
    try {
      const response = await fetch(`${ROOT}/api/narrations`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": CSRF },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      const job = await response.json();
      const found = await follow(response.headers.get("Location") || `${ROOT}/api/jobs/${job.id}`);
      status.textContent = found.state === "done" ? "Done. Opening the article…" : "Opening the article…";
      bar.max = 1;
      bar.value = 1;
      const target = new URL(found.article_url || `${ROOT}/articles/${found.article_id}`, window.location.href);
      if (found.state !== "done") target.searchParams.set("job", found.id);
      if (voice && voice.value) target.searchParams.set("voice", voice.value);
      window.location.assign(target.pathname + target.search);
    } catch (error) {
      fail(error && error.message ? error.message : String(error));
    }
  });
})();
