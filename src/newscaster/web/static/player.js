/* The article player: audio, seek slider, speed, voice switching, read-along highlighting, keyboard,
 * remembered position, Media Session, and playing a narration while it is being made (live). Data comes from the page's JSON and the /api endpoints;
 * article text is only ever touched through textContent and attributes, never parsed as HTML.
 * The embeddable player (/embed/articles/…) runs this same script without the article text: the
 * transcript, the ±15 s buttons, the speed menu and the downloads are then simply absent. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const dataNode = $("player-data");
  if (!dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  // A signed-in session's writes carry its CSRF token (the page has it; another site cannot).
  const CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  // The sub-path the server is under ("/listen"), or "": every URL this script builds starts with it.
  const ROOT = (document.querySelector('meta[name="newscaster-root"]') || {}).content || "";

  const audio = $("audio");
  const player = $("player");
  const playButton = $("play");
  const seek = $("seek");
  const seekFill = $("seek-fill");
  const seekThumb = $("seek-thumb");
  const elapsedEl = $("elapsed");
  const remainingEl = $("remaining");
  const voiceSelect = $("voice-select");
  const narrateButton = $("narrate-voice");
  const voiceStatus = $("voice-status");
  const voiceError = $("voice-error");
  const voiceProgress = $("voice-progress");
  const voiceBar = $("voice-bar");
  const rateSelect = $("rate-select");
  const speedLabel = $("speed-label");
  const listenTime = $("listen-time");
  const playerVoice = $("player-voice");
  const playerRate = $("player-rate");
  const presetButtons = Array.from(document.querySelectorAll(".presets [data-rate]"));
  const speedButton = $("speed-cycle"); // the embed's one-button speed control
  const articleEl = document.querySelector(".article"); // the transcript; absent in the embed
  const chapterButtons = Array.from(document.querySelectorAll(".chapter[data-sentence]"));
  const on = (el, type, handler) => el && el.addEventListener(type, handler);
  const setText = (el, text) => {
    if (el) el.textContent = text;
  };

  const SPEEDS = data.speeds;
  const SEEK_STEP_S = 5;
  const JUMP_S = 15;
  const POLL_MS = 500;
  const POSITION_KEY = `newscaster:position:${data.article_id}`;
  const RATE_KEY = "newscaster:rate";
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  let narration = data.narration; // the narration being played, or null
  let sentences = []; // [{index, start, end, el}] sorted by start (ms)
  let currentSentence = null;
  let rate = 1; // the listening speed relative to the voice's own pace at 1x
  let pendingSeek = null; // seconds to seek to once the audio's metadata is known
  let resumeAfterLoad = false;
  let lastUserScroll = 0;
  let lastSaved = 0;
  let voiceRequest = 0; // bumps on every voice change; stale polls stop
  let live = data.live || null; // {job_id, stream_url, events_url} while the narration is being made
  let liveEndMs = 0; // where the last sentence made so far ends

  // ---- formatting ------------------------------------------------------------------------------
  function clock(seconds) {
    const total = Math.max(0, Math.round(seconds));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  }
  const rateText = (value) => `${Number(value.toFixed(2))}x`;
  const voiceName = (id) => {
    const option = voiceSelect && Array.from(voiceSelect.options).find((o) => o.value === id);
    if (option) return option.dataset.name || option.textContent;
    return (data.voice_names && data.voice_names[id]) || id;
  };

  // ---- sentences -------------------------------------------------------------------------------
  function collectSentences() {
    sentences = Array.from(document.querySelectorAll(".s[data-index][data-start]"))
      .map((el) => ({
        index: Number(el.dataset.index),
        start: Number(el.dataset.start),
        end: Number(el.dataset.end),
        el,
      }))
      .sort((a, b) => a.start - b.start || a.index - b.index);
    document.body.classList.toggle("has-timings", sentences.length > 0);
  }

  function applyTimings(timed) {
    const byIndex = new Map(timed.map((s) => [Number(s.index), s]));
    document.querySelectorAll(".s[data-index]").forEach((el) => {
      const timing = byIndex.get(Number(el.dataset.index));
      if (timing) {
        el.dataset.start = String(timing.start_ms);
        el.dataset.end = String(timing.end_ms);
      } else {
        delete el.dataset.start;
        delete el.dataset.end;
      }
    });
    collectSentences();
  }

  function sentenceAt(ms) {
    let low = 0;
    let high = sentences.length - 1;
    let found = null;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (sentences[mid].start <= ms + 1) {
        found = sentences[mid];
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found || sentences[0] || null;
  }

  function isVisible(el) {
    const rect = el.getBoundingClientRect();
    const bottom = window.innerHeight - (player ? player.offsetHeight : 0);
    return rect.top >= 0 && rect.bottom <= bottom;
  }

  function highlight(sentence, { scroll = true } = {}) {
    if (sentence === currentSentence) return;
    markChapter(sentence);
    if (currentSentence) {
      currentSentence.el.classList.remove("current");
      currentSentence.el.removeAttribute("aria-current");
    }
    currentSentence = sentence;
    if (!sentence) return;
    sentence.el.classList.add("current");
    sentence.el.setAttribute("aria-current", "true");
    const userIsScrolling = Date.now() - lastUserScroll < 4000;
    if (scroll && !userIsScrolling && !isVisible(sentence.el)) {
      sentence.el.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
    }
  }

  // ---- time and the seek slider ----------------------------------------------------------------
  function duration() {
    if (live) return liveEndMs / 1000; // what exists so far
    if (Number.isFinite(audio.duration) && audio.duration > 0) return audio.duration;
    return narration ? narration.duration_ms / 1000 : 0;
  }

  function playbackRate() {
    return narration ? rate / (narration.speed || 1) : rate;
  }

  function updateTime() {
    const total = duration();
    const now = Math.min(audio.currentTime || 0, total);
    const factor = playbackRate();
    const listenTotal = total / factor;
    const listenNow = now / factor;
    elapsedEl.textContent = clock(listenNow);
    remainingEl.textContent = `\u2212${clock(listenTotal - listenNow)}`;
    const fraction = total > 0 ? now / total : 0;
    seekFill.style.width = `${fraction * 100}%`;
    seekThumb.style.left = `${fraction * 100}%`;
    seek.setAttribute("aria-valuemax", String(Math.round(listenTotal)));
    seek.setAttribute("aria-valuenow", String(Math.round(listenNow)));
    seek.setAttribute("aria-valuetext", `${clock(listenNow)} of ${clock(listenTotal)}`);
  }

  function seekTo(seconds) {
    if (live) {
      // A stream cannot seek: the place is kept until the stored file takes over (seconds away).
      pendingSeek = Math.max(0, seconds);
      highlight(sentenceAt(pendingSeek * 1000));
      voiceStatus.textContent = "Still narrating: playback moves there in a moment.";
      return;
    }
    const total = duration();
    const target = Math.max(0, total ? Math.min(seconds, total - 0.05) : seconds);
    if (audio.readyState === 0) {
      pendingSeek = target;
    } else {
      audio.currentTime = target;
    }
    highlight(sentenceAt(target * 1000));
    updateTime();
    updatePositionState();
  }

  const seekBy = (delta) => seekTo((pendingSeek ?? audio.currentTime) + delta);

  function fractionFromPointer(event) {
    const rect = seek.getBoundingClientRect();
    return Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
  }

  seek.addEventListener("pointerdown", (event) => {
    if (!narration || live) return;
    seek.setPointerCapture(event.pointerId);
    seekTo(fractionFromPointer(event) * duration());
    const move = (e) => seekTo(fractionFromPointer(e) * duration());
    const up = () => {
      seek.removeEventListener("pointermove", move);
      seek.removeEventListener("pointerup", up);
      seek.removeEventListener("pointercancel", up);
    };
    seek.addEventListener("pointermove", move);
    seek.addEventListener("pointerup", up);
    seek.addEventListener("pointercancel", up);
  });

  seek.addEventListener("keydown", (event) => {
    const actions = {
      ArrowLeft: () => seekBy(-SEEK_STEP_S),
      ArrowDown: () => seekBy(-SEEK_STEP_S),
      ArrowRight: () => seekBy(SEEK_STEP_S),
      ArrowUp: () => seekBy(SEEK_STEP_S),
      PageDown: () => seekBy(-30),
      PageUp: () => seekBy(30),
      Home: () => seekTo(0),
      End: () => seekTo(duration()),
    };
    if (event.shiftKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) return; // sentences
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      event.stopPropagation();
      action();
    }
  });

  // ---- play / pause ----------------------------------------------------------------------------
  function play() {
    if (!narration && !live) return;
    const started = audio.play();
    if (started && started.catch) started.catch(() => updatePlayState());
  }

  function togglePlay() {
    if (audio.paused) play();
    else audio.pause();
  }

  function updatePlayState() {
    const playing = !audio.paused && !audio.ended;
    player.classList.toggle("is-playing", playing);
    playButton.setAttribute("aria-label", playing ? "Pause" : "Play");
    playButton.title = playing ? "Pause (Space)" : "Play (Space)";
    if ("mediaSession" in navigator) navigator.mediaSession.playbackState = playing ? "playing" : "paused";
  }

  playButton.addEventListener("click", togglePlay);
  on($("back-15"), "click", () => seekBy(-JUMP_S));
  on($("forward-15"), "click", () => seekBy(JUMP_S));

  let frame = 0;
  function followAlong() {
    highlight(sentenceAt(audio.currentTime * 1000));
    updateTime();
    frame = audio.paused ? 0 : requestAnimationFrame(followAlong);
  }

  audio.addEventListener("play", () => {
    updatePlayState();
    if (!frame) frame = requestAnimationFrame(followAlong);
  });
  audio.addEventListener("pause", () => {
    updatePlayState();
    savePosition(true);
  });
  audio.addEventListener("ended", () => {
    updatePlayState();
    savePosition(true);
  });
  audio.addEventListener("timeupdate", () => {
    if (audio.paused) {
      highlight(sentenceAt(audio.currentTime * 1000), { scroll: false });
      updateTime();
    }
    savePosition(false);
  });
  audio.addEventListener("seeked", () => savePosition(true));
  audio.addEventListener("durationchange", updateTime);
  audio.addEventListener("loadedmetadata", () => {
    applyRate();
    if (pendingSeek !== null) {
      audio.currentTime = Math.min(pendingSeek, Math.max(0, duration() - 0.05));
      pendingSeek = null;
    }
    highlight(sentenceAt(audio.currentTime * 1000), { scroll: false });
    updateTime();
    updatePositionState();
    if (resumeAfterLoad) {
      resumeAfterLoad = false;
      play();
    }
  });

  // ---- clicking a sentence ---------------------------------------------------------------------
  on(articleEl, "click", (event) => {
    const el = event.target.closest(".s[data-start]");
    if (!el || (!narration && !live)) return;
    if (event.target.closest("a")) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && el.contains(selection.anchorNode)) return; // selecting text
    seekTo(Number(el.dataset.start) / 1000);
    play();
  });

  // ---- chapters (one per section heading; the menu is only there when the article has some) -------
  function chapterStartMs(button) {
    // By its first sentence, whose time follows the narration playing (another voice, another speed).
    const index = Number(button.dataset.sentence);
    const first = sentences.find((s) => s.index === index);
    return first ? first.start : Number(button.dataset.start);
  }

  function markChapter(sentence) {
    let current = null;
    if (sentence) {
      chapterButtons.forEach((button) => {
        if (Number(button.dataset.sentence) <= sentence.index) current = button;
      });
    }
    chapterButtons.forEach((button) => {
      if (button === current) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    });
  }

  chapterButtons.forEach((button) => {
    on(button, "click", () => {
      if (!narration) return;
      seekTo(chapterStartMs(button) / 1000);
      play();
    });
  });

  function stepSentence(direction) {
    if (!sentences.length) return;
    const nowMs = (pendingSeek ?? audio.currentTime) * 1000;
    const here = sentenceAt(nowMs);
    let position = sentences.indexOf(here);
    if (direction < 0 && here && nowMs - here.start > 1500) {
      position += 1; // far into a sentence, "previous" first means its beginning
    }
    const target = sentences[Math.min(sentences.length - 1, Math.max(0, position + direction))];
    seekTo(target.start / 1000);
  }

  // ---- speed -----------------------------------------------------------------------------------
  function wpmAt1x() {
    if (!narration || !narration.measured_wpm) return 0;
    return narration.measured_wpm / (narration.speed || 1);
  }

  function applyRate() {
    const value = playbackRate();
    audio.defaultPlaybackRate = value;
    audio.playbackRate = value;
    audio.preservesPitch = true;
    audio.mozPreservesPitch = true;
    audio.webkitPreservesPitch = true;
  }

  function setRate(value, { remember = true } = {}) {
    const snapped = SPEEDS.reduce((best, s) => (Math.abs(s - value) < Math.abs(best - value) ? s : best), 1);
    rate = snapped;
    applyRate();
    if (rateSelect) rateSelect.value = String(snapped);
    presetButtons.forEach((b) => b.setAttribute("aria-pressed", String(Number(b.dataset.rate) === snapped)));
    const wpm = wpmAt1x();
    setText(speedLabel, wpm ? `${rateText(snapped)} · ${Math.round(wpm * snapped)} WPM` : rateText(snapped));
    setText(playerRate, rateText(snapped));
    if (speedButton) {
      speedButton.textContent = `${Number(snapped.toFixed(2))}\u00d7`;
      speedButton.setAttribute("aria-label", `Playback speed ${speedButton.textContent}`);
    }
    if (narration && listenTime) {
      // The page words it: "{clock} to listen" by default, the embed says "{minutes} min".
      const seconds = (narration.duration_ms * (narration.speed || 1)) / snapped / 1000;
      listenTime.textContent = (listenTime.dataset.template || "{clock} to listen")
        .replace("{clock}", clock(seconds))
        .replace("{minutes}", String(Math.max(1, Math.round(seconds / 60))));
    }
    updateTime();
    updatePositionState();
    if (remember) {
      try {
        localStorage.setItem(RATE_KEY, String(snapped));
      } catch (_) { /* storage disabled */ }
    }
  }

  function stepRate(direction) {
    const position = SPEEDS.indexOf(rate);
    const next = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, position + direction))];
    setRate(next);
  }

  presetButtons.forEach((button) => button.addEventListener("click", () => setRate(Number(button.dataset.rate))));
  on(rateSelect, "change", () => setRate(Number(rateSelect.value)));
  on(speedButton, "click", () => {
    const cycle = data.speed_cycle || SPEEDS;
    setRate(cycle[(cycle.indexOf(rate) + 1) % cycle.length]);
  });

  // ---- remembered position ---------------------------------------------------------------------
  function savePosition(now) {
    if (!narration || audio.readyState === 0) return;
    const t = Date.now();
    if (!now && t - lastSaved < 1000) return;
    lastSaved = t;
    const record = {
      voice: narration.voice,
      time: audio.currentTime,
      sentence: currentSentence ? currentSentence.index : null,
      saved: t,
    };
    try {
      localStorage.setItem(POSITION_KEY, JSON.stringify(record));
    } catch (_) { /* storage disabled */ }
  }

  function restorePosition() {
    let record = null;
    try {
      record = JSON.parse(localStorage.getItem(POSITION_KEY) || "null");
    } catch (_) {
      return;
    }
    if (!record || !narration) return;
    let seconds = null;
    if (record.voice === narration.voice && typeof record.time === "number") {
      seconds = record.time;
    } else if (record.sentence !== null && record.sentence !== undefined) {
      const match = sentences.find((s) => s.index === record.sentence);
      if (match) seconds = match.start / 1000;
    }
    if (seconds === null || seconds < 0.5) return;
    if (narration.duration_ms && seconds > narration.duration_ms / 1000 - 1) return; // finished: start over
    seekTo(seconds);
  }

  window.addEventListener("pagehide", () => savePosition(true));

  // ---- voices ----------------------------------------------------------------------------------
  function narrationFor(voiceId) {
    const candidates = data.narrations.filter((n) => n.voice === voiceId);
    return (
      candidates.find((n) => narration && Math.abs(n.speed - narration.speed) < 0.001) ||
      candidates.find((n) => Math.abs(n.speed - 1) < 0.001) ||
      candidates[0] ||
      null
    );
  }

  function markReadyVoices() {
    if (!voiceSelect) return;
    const ready = new Set(data.narrations.map((n) => n.voice));
    Array.from(voiceSelect.options).forEach((option) => {
      if (!option.value) return;
      if (!option.dataset.name) option.dataset.name = option.textContent;
      // A short mark, so that the chosen voice's name still fits a phone-wide menu.
      option.textContent = ready.has(option.value) ? `${option.dataset.name} ✓` : option.dataset.name;
    });
  }

  function updateDownloads() {
    const box = $("downloads");
    if (!narration || !box) return;
    $("download-audio").href = narration.audio_url;
    $("download-vtt").href = narration.transcript_url;
    $("download-json").href = narration.timings_url;
    box.hidden = false;
  }

  function setVoiceBusy(busy) {
    voiceProgress.hidden = !busy;
    narrateButton.disabled = busy;
    if (busy) voiceBar.removeAttribute("value");
  }

  async function apiError(response) {
    try {
      const json = await response.json();
      if (json && json.error) return json.error;
    } catch (_) { /* not JSON */ }
    return `The server answered ${response.status}`;
  }

  async function swapTo(next, request) {
    const wasPlaying = !audio.paused;
    const resumeIndex = currentSentence ? currentSentence.index : null;
    const offsetSeconds = audio.currentTime || 0;
    const response = await fetch(next.timings_url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await apiError(response));
    const timings = await response.json();
    if (request !== voiceRequest) return; // another voice was picked meanwhile
    savePosition(true);
    audio.pause();
    resumeAfterLoad = wasPlaying || !narration; // the embed's first narration: "Listen" means play
    narration = next;
    applyTimings(timings.sentences || []);
    const resume = resumeIndex === null ? null : sentences.find((s) => s.index === resumeIndex);
    pendingSeek = resume ? resume.start / 1000 : Math.min(offsetSeconds, next.duration_ms / 1000);
    audio.src = next.audio_url;
    audio.load();
    if (resume) highlight(resume, { scroll: false });
    playButton.disabled = false;
    player.classList.add("has-audio");
    setText(playerVoice, voiceName(next.voice));
    setRate(rate, { remember: false });
    updateDownloads();
    markReadyVoices();
    updateMetadata();
    narrateButton.hidden = true;
    const url = new URL(window.location.href);
    url.searchParams.set("voice", next.voice);
    window.history.replaceState(null, "", url);
    voiceStatus.textContent = `Now reading with ${voiceName(next.voice)}.`;
  }

  function describeJob(job, name) {
    const { done, total } = job.progress || { done: 0, total: 0 };
    if (job.state === "queued") return `Waiting to narrate with ${name}…`;
    if (total > 0) return `Narrating with ${name}… ${done} of ${total} sentence${total === 1 ? "" : "s"}`;
    return `Preparing ${name}…`;
  }

  async function narrateWith(voiceId, request) {
    const name = voiceName(voiceId);
    setVoiceBusy(true);
    voiceStatus.textContent = `Starting a narration with ${name}…`;
    const response = await fetch(`${ROOT}/api/narrations`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": CSRF },
      body: JSON.stringify({ article_id: data.article_id, voice: voiceId }),
    });
    if (!response.ok) throw new Error(await apiError(response));
    const jobUrl = response.headers.get("Location") || `${ROOT}/api/jobs/${(await response.json()).id}`;
    for (;;) {
      if (request !== voiceRequest) return null;
      const poll = await fetch(jobUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!poll.ok) throw new Error(await apiError(poll));
      const job = await poll.json();
      if (job.state === "failed") throw new Error(job.error || `Narrating with ${name} failed.`);
      if (job.state === "done") break;
      voiceStatus.textContent = describeJob(job, name);
      if (job.progress && job.progress.total > 0) {
        voiceBar.max = job.progress.total;
        voiceBar.value = job.progress.done;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const article = await fetch(`${ROOT}/api/articles/${encodeURIComponent(data.article_id)}`, {
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!article.ok) throw new Error(await apiError(article));
    data.narrations = (await article.json()).narrations;
    return narrationFor(voiceId);
  }

  async function chooseVoice(voiceId) {
    if (!voiceId) return;
    const request = ++voiceRequest;
    voiceError.textContent = "";
    if (narration && narration.voice === voiceId) {
      setVoiceBusy(false);
      voiceStatus.textContent = "";
      return;
    }
    try {
      let next = narrationFor(voiceId);
      if (!next) next = await narrateWith(voiceId, request);
      if (request !== voiceRequest) return;
      if (!next) throw new Error("The narration finished but could not be found.");
      if (articleEl && (!narration || !document.querySelector(".s[data-index]"))) {
        // Nothing was narrated before, so the text has no sentence marks yet: load the page again.
        const url = new URL(window.location.href);
        url.searchParams.set("voice", next.voice);
        window.location.assign(url);
        return;
      }
      await swapTo(next, request);
    } catch (error) {
      if (request !== voiceRequest) return;
      voiceError.textContent = error && error.message ? error.message : String(error);
      voiceStatus.textContent = "";
      if (narration && voiceSelect) voiceSelect.value = narration.voice;
    } finally {
      if (request === voiceRequest) setVoiceBusy(false);
    }
  }

  if (voiceSelect) voiceSelect.addEventListener("change", () => chooseVoice(voiceSelect.value));
  narrateButton.addEventListener("click", () => chooseVoice(voiceSelect ? voiceSelect.value : data.listen_voice));

  // ---- embed snippet ---------------------------------------------------------------------------
  on($("embed-copy"), "click", async () => {
    const code = $("embed-code");
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
    } catch (_) {
      document.execCommand("copy"); // no clipboard API (plain http): copy the selection
    }
    $("embed-copied").textContent = "Copied.";
  });

  // ---- keyboard --------------------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    const inField = target.closest("input, textarea, select, [contenteditable='true'], [contenteditable='']");
    if (inField) return;
    const onControl = target.closest("button, a, summary");
    switch (event.key) {
      case " ":
      case "Spacebar":
        if (onControl) return; // Space presses the focused button
        event.preventDefault();
        togglePlay();
        break;
      case "ArrowLeft":
      case "ArrowRight": {
        const direction = event.key === "ArrowLeft" ? -1 : 1;
        event.preventDefault();
        if (event.shiftKey) stepSentence(direction);
        else seekBy(direction * SEEK_STEP_S);
        break;
      }
      case "<":
      case "[":
        event.preventDefault();
        stepRate(-1);
        break;
      case ">":
      case "]":
        event.preventDefault();
        stepRate(1);
        break;
      default:
    }
  });

  const noteScroll = () => {
    lastUserScroll = Date.now();
  };
  window.addEventListener("wheel", noteScroll, { passive: true });
  window.addEventListener("touchmove", noteScroll, { passive: true });

  // ---- Media Session ---------------------------------------------------------------------------
  function updateMetadata() {
    if (!("mediaSession" in navigator) || typeof MediaMetadata === "undefined") return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: data.title,
      artist: data.byline || data.site_name || "",
      album: data.site_name || (narration ? voiceName(narration.voice) : "newscaster"),
    });
  }

  function updatePositionState() {
    if (!("mediaSession" in navigator) || !navigator.mediaSession.setPositionState) return;
    const total = duration();
    if (!total) return;
    try {
      navigator.mediaSession.setPositionState({
        duration: total,
        playbackRate: audio.playbackRate || 1,
        position: Math.min(audio.currentTime || 0, total),
      });
    } catch (_) { /* not supported for this state */ }
  }

  if ("mediaSession" in navigator) {
    const handlers = {
      play: () => play(),
      pause: () => audio.pause(),
      seekbackward: (details) => seekBy(-((details && details.seekOffset) || JUMP_S)),
      seekforward: (details) => seekBy((details && details.seekOffset) || JUMP_S),
      seekto: (details) => seekTo(details.seekTime),
    };
    Object.entries(handlers).forEach(([action, handler]) => {
      try {
        navigator.mediaSession.setActionHandler(action, handler);
      } catch (_) { /* action not supported */ }
    });
  }

  // ---- live: playing the narration while it is made ---------------------------------------------
  // The page starts on the job's stream (the same audio as the file to come) and wraps each sentence
  // as its timing arrives (server-sent events); when the job is done it moves to the stored file at
  // the same place, between two sentences, where the switch is not heard.
  const jsIndex = (text, codePoints) => Array.from(text).slice(0, codePoints).join("").length;

  function wrapSentence(timing) {
    const existing = document.querySelector(`.s[data-index="${Number(timing.index)}"]`);
    const container = document.querySelector(
      `[data-part="${timing.part}"][data-paragraph="${Number(timing.paragraph_index)}"]`,
    );
    let el = existing;
    if (!el && container) {
      const text = container.textContent;
      const start = jsIndex(text, timing.start_char);
      const end = jsIndex(text, timing.end_char);
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.nodeValue.length;
        if (start >= offset && end <= offset + length && !node.parentElement.closest(".s")) {
          const range = document.createRange();
          range.setStart(node, start - offset);
          range.setEnd(node, end - offset);
          el = document.createElement("span");
          el.className = "s";
          range.surroundContents(el);
          break;
        }
        offset += length;
      }
    }
    if (!el) return;
    el.dataset.index = String(timing.index);
    el.dataset.start = String(timing.start_ms);
    el.dataset.end = String(timing.end_ms);
    if (timing.language) el.lang = String(timing.language); // a passage in another language
  }

  function inSpeech() {
    const ms = audio.currentTime * 1000;
    const here = sentenceAt(ms);
    return Boolean(here && ms >= here.start && ms < here.end);
  }

  function moveToStored(next) {
    const swap = () => {
      const wasPlaying = !audio.paused && !audio.ended;
      const at = pendingSeek ?? audio.currentTime;
      live = null;
      narration = next;
      player.classList.remove("is-live");
      pendingSeek = at;
      resumeAfterLoad = wasPlaying;
      audio.src = next.audio_url;
      audio.load();
      setText(playerVoice, voiceName(next.voice));
      setRate(rate, { remember: false });
      updateDownloads();
      markReadyVoices();
      updateMetadata();
      if (voiceSelect) voiceSelect.value = next.voice;
      voiceStatus.textContent = "";
      const url = new URL(window.location.href);
      url.searchParams.delete("job"); // a reload plays the stored narration
      window.history.replaceState(null, "", url);
    };
    const waiting = setInterval(() => {
      if (audio.paused || audio.ended || !inSpeech()) {
        clearInterval(waiting);
        swap();
      }
    }, 20); // between two sentences (or paused) the switch is not heard
  }

  async function finishLive(event) {
    const response = await fetch(`${ROOT}/api/articles/${encodeURIComponent(data.article_id)}`, {
      headers: { Accept: "application/json" },
      cache: "no-store",
    });
    if (!response.ok) throw new Error(await apiError(response));
    data.narrations = (await response.json()).narrations;
    const next = data.narrations.find((n) => n.audio_url === event.audio_url) || data.narrations[0];
    if (next) moveToStored(next);
  }

  function startLive() {
    player.classList.add("has-audio", "is-live");
    playButton.disabled = false;
    setText(playerVoice, "Narrating…");
    voiceStatus.textContent = "Narrating: playing from the first sentence while the rest is made.";
    narrateButton.hidden = true;
    audio.src = live.stream_url;
    play(); // refused without a user gesture in some browsers: the Play button starts it then
    const events = new EventSource(live.events_url);
    events.addEventListener("sentence", (message) => {
      const timing = JSON.parse(message.data);
      wrapSentence(timing);
      liveEndMs = Math.max(liveEndMs, Number(timing.end_ms));
      collectSentences();
      updateTime();
    });
    events.addEventListener("done", (message) => {
      events.close();
      finishLive(JSON.parse(message.data)).catch((error) => {
        voiceError.textContent = error && error.message ? error.message : String(error);
      });
    });
    events.addEventListener("failed", (message) => {
      events.close();
      voiceError.textContent = JSON.parse(message.data).error || "The narration failed.";
    });
  }

  // ---- start -----------------------------------------------------------------------------------
  collectSentences();
  markReadyVoices();
  let initialRate = data.rate;
  if (initialRate === null || initialRate === undefined) {
    try {
      initialRate = Number(localStorage.getItem(RATE_KEY)) || 1;
    } catch (_) {
      initialRate = 1;
    }
  }
  setRate(initialRate, { remember: data.rate !== null && data.rate !== undefined });
  updateMetadata();
  updatePlayState();
  player.classList.toggle("has-audio", Boolean(narration));
  if (live) {
    startLive();
  } else if (narration) {
    restorePosition();
  } else if (data.can_narrate !== false) {
    narrateButton.hidden = false;
  }
  if (data.pending_voice && voiceSelect) {
    voiceSelect.value = data.pending_voice;
    narrateButton.hidden = false;
    voiceStatus.textContent = `${voiceName(data.pending_voice)} has not read this article yet.`;
  }
})();
