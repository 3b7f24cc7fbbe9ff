/* What the pages' scripts share about the JSON API: the sentence an error response carries. */
(() => {
  "use strict";
  const shared = (window.newscaster = window.newscaster || {});

  shared.errorMessage = async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error) return body.error;
    } catch (_) { /* not JSON */ }
    return `The server answered ${response.status} ${response.statusText}`.trim();
  };
})();
