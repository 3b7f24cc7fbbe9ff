/* Inside the embed's iframe: tell the page around it how tall the player is, so the one-line embed
 * (embed.js) sizes the frame to it. Only a height is sent; embed.js checks that it comes from this
 * server's origin and from its own frame. */
(() => {
  "use strict";
  if (window.parent === window) return;
  const box = document.querySelector("main");
  if (!box) return;
  let last = 0;
  function report() {
    const style = window.getComputedStyle(document.body);
    const height = Math.ceil(box.getBoundingClientRect().bottom + window.scrollY + parseFloat(style.marginBottom || "0"));
    if (height === last) return;
    last = height;
    // The height is no secret: any page framing the player may know it.
    window.parent.postMessage({ type: "newscaster:height", height }, "*");
  }
  if (window.ResizeObserver) {
    // The card's bottom moves when it grows and when anything above it does (the body shows both).
    const observer = new ResizeObserver(report);
    observer.observe(box);
    observer.observe(document.body);
  }
  window.addEventListener("load", report);
  if (document.fonts) document.fonts.ready.then(report);
  report();
})();
