// The sources page: add and remove through /api/sources, then reload the server-rendered list.
(function () {
  "use strict";
  const ROOT = (document.querySelector('meta[name="newscaster-root"]') || {}).content || "";
  // A signed-in session's writes carry its CSRF token (the page has it; another site cannot).
  const CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const HEADERS = { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": CSRF };
  const status = document.getElementById("source-status");

  async function failure(response) {
    try {
      return (await response.json()).error || response.statusText;
    } catch (error) {
      return response.statusText;
    }
  }

  document.getElementById("source-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const form = event.target;
    const body = { url: form.url.value.trim(), every: form.every.value.trim() || "15m", intro: form.intro.checked };
    if (form.voice.value.trim()) body.voice = form.voice.value.trim();
    if (form.speed.value.trim()) body.speed = form.speed.value.trim();
    const response = await fetch(ROOT + "/api/sources", { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
    if (!response.ok) {
      status.textContent = await failure(response);
      return;
    }
    const added = await response.json();
    status.textContent = "Added. Ping secret (shown once): " + added.secret;
    setTimeout(function () { window.location.reload(); }, 4000);
  });

  document.querySelectorAll(".source-remove").forEach(function (button) {
    button.addEventListener("click", async function () {
      const response = await fetch(ROOT + "/api/sources/" + encodeURIComponent(button.dataset.source), {
        method: "DELETE",
        headers: HEADERS,
      });
      if (response.ok) window.location.reload();
      else status.textContent = await failure(response);
    });
  });
})();
