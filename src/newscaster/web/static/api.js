/* What the pages' scripts share about the JSON API: the sentence an error response carries, the
   session's CSRF token and the sub-path every URL starts with. */
(() => {
  "use strict";
  const shared = (window.newscaster = window.newscaster || {});
  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";

  // A signed-in session's writes carry its CSRF token (the page has it; another site cannot).
  shared.csrf = meta("csrf-token");
  // The sub-path the server is under ("/listen"), or "": every URL a script builds starts with it.
  shared.root = meta("newscaster-root");

  shared.errorMessage = async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error) return body.error;
    } catch (_) { /* not JSON */ }
    return `The server answered ${response.status} ${response.statusText}`.trim();
  };
})();
