/* The library's Publish / Unpublish / Delete buttons: PATCH or DELETE /api/articles/ID, then reload. */
(() => {
  "use strict";
  const table = document.querySelector("table.library");
  if (!table) return;
  const status = document.getElementById("library-status");
  const errorBox = document.getElementById("library-error");

  const { csrf, root, errorMessage } = window.newscaster;

  function titleOf(row) {
    const link = row.querySelector("th a");
    return link ? link.textContent.trim() : "this article";
  }

  const requests = {
    delete: { method: "DELETE" },
    unpublish: { method: "PATCH", body: JSON.stringify({ unpublished: true }) },
    publish: { method: "PATCH", body: JSON.stringify({ unpublished: false }) },
  };
  const done = {
    delete: (title) => `Deleted “${title}” and its audio.`,
    unpublish: (title) => `Unpublished “${title}”.`,
    publish: (title) => `Published “${title}” again.`,
  };

  table.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const row = button.closest("tr[data-article]");
    const action = button.dataset.action;
    const title = titleOf(row);
    if (action === "delete" && !window.confirm(`Delete “${title}” and its audio? This cannot be undone.`)) return;
    errorBox.textContent = "";
    button.disabled = true;
    try {
      const response = await fetch(`${root}/api/articles/${encodeURIComponent(row.dataset.article)}`, {
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
        ...requests[action],
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      status.textContent = done[action](title);
      if (action === "delete") {
        row.remove();
      } else {
        const unpublished = action === "unpublish";
        row.classList.toggle("is-unpublished", unpublished);
        let badge = row.querySelector(".badge");
        if (unpublished && !badge) {
          badge = document.createElement("span");
          badge.className = "badge";
          badge.textContent = "Unpublished";
          row.querySelector("th").append(" ", badge);
        } else if (!unpublished && badge) {
          badge.remove();
        }
        button.dataset.action = unpublished ? "publish" : "unpublish";
        button.firstChild.textContent = unpublished ? "Publish" : "Unpublish";
      }
    } catch (error) {
      errorBox.textContent = error && error.message ? error.message : String(error);
    } finally {
      button.disabled = false;
    }
  });
})();
