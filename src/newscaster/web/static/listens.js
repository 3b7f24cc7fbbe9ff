/* Listening reports for the analytics: counts, and nothing about the listener.
 *
 * Sends, with navigator.sendBeacon to /api/listens, at most one "play" per page load (when the audio first
 * starts) and each quartile once ("reached_25" … "reached_100", when the position is past it after a play:
 * seeking past a quartile, or resuming a remembered position past it, counts, so the quartiles say how far
 * each play got, and never more often than there were plays). Each report names the article, the voice of the audio
 * playing and the listening speed; no cookie, storage or id is made or read, so nothing ties two reports
 * together. Runs beside player.js on the article page and in the embed, and reads only the audio element. */
(() => {
  "use strict";
  const audio = document.getElementById("audio");
  const dataNode = document.getElementById("player-data");
  if (!audio || !dataNode || !navigator.sendBeacon) return;
  const articleId = JSON.parse(dataNode.textContent).article_id;
  const ROOT = (document.querySelector('meta[name="newscaster-root"]') || {}).content || "";
  const ENDPOINT = `${ROOT}/api/listens`;
  const QUARTILES = [25, 50, 75, 100];
  const END_SLACK_S = 0.25; // the player's seek to the end stops 50 ms short of it
  const MIN_SPEED = 0.5;
  const MAX_SPEED = 2;
  const sent = new Set();
  let played = false;

  // The voice and speed of the narration playing, from its audio URL (?voice=…&speed=…), times the rate.
  function playing() {
    const url = new URL(audio.currentSrc || audio.src, window.location.href);
    const narrated = Number(url.searchParams.get("speed")) || 1;
    const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, narrated * (audio.playbackRate || 1)));
    return { voice: url.searchParams.get("voice"), speed: Math.round(speed * 100) / 100 };
  }

  function report(kind) {
    if (sent.has(kind)) return;
    const { voice, speed } = playing();
    if (!voice) return;
    sent.add(kind);
    navigator.sendBeacon(ENDPOINT, JSON.stringify({ article_id: articleId, kind, voice, speed }));
  }

  function checkQuartiles() {
    const total = audio.duration;
    if (!played || !Number.isFinite(total) || total <= 0) return;
    QUARTILES.forEach((quartile) => {
      const at = quartile === 100 ? total - END_SLACK_S : (total * quartile) / 100;
      if (audio.currentTime >= at) report(`reached_${quartile}`);
    });
  }

  audio.addEventListener("playing", () => {
    played = true;
    report("play");
    checkQuartiles();
  });
  audio.addEventListener("timeupdate", checkQuartiles);
  audio.addEventListener("ended", () => {
    if (played) QUARTILES.forEach((quartile) => report(`reached_${quartile}`));
  });
})();
