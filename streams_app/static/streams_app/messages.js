// A filtered page that stopped at the scan bound goes on scanning by itself: it asks the server for
// the following bounded pages (the "continue scanning" link), appends their matches as they come,
// and shows what was scanned and matched so far, until the page is full, the range ends, the
// overall bound is reached or Stop is pressed. Rows are parsed from the server's own HTML, so
// message content stays as inert as on the first page.
(function () {
  "use strict";
  const status = document.getElementById("scan-status");
  if (!status || !status.dataset.continue) return;

  const tbody = document.querySelector("#messages tbody");
  const progress = document.getElementById("scan-progress");
  const progressText = document.getElementById("scan-progress-text");
  const stopButton = document.getElementById("scan-stop");
  const limit = Number(status.dataset.limit);
  const maxScan = Number(status.dataset.maxScan);
  let scanned = Number(status.dataset.scanned);
  let matched = Number(status.dataset.matched);
  let shown = Number(status.dataset.shown);
  let next = status.dataset.continue;
  let position = document.getElementById("scan-position").textContent;
  const stopper = new AbortController();

  const number = (n) => n.toLocaleString("en-US");

  function report(state) {
    progressText.textContent = `${state}: scanned ${number(scanned)} records, matched ${number(matched)}, ` +
      `showing ${number(shown)}; at ${position}.`;
  }

  function keepLink(href) {
    // Where the user can go on by hand: the next unscanned part, or nothing when the range is done.
    const link = document.getElementById("continue");
    if (href) link.href = href;
    else document.getElementById("continue-note").remove();
  }

  function appendRows(page) {
    const rows = page.querySelectorAll("#messages tbody tr.message");
    if (rows.length && shown === 0) tbody.replaceChildren();
    rows.forEach((row) => tbody.appendChild(document.importNode(row, true)));
    shown += rows.length;
    const older = page.getElementById("next-page");
    const ours = document.getElementById("next-page");
    if (older && ours) ours.href = older.getAttribute("href");
    else if (ours && !older) ours.parentNode.removeChild(ours);
  }

  async function scanOn() {
    progress.hidden = false;
    report("Scanning");
    let state = "Done";
    while (next && !stopper.signal.aborted) {
      if (shown >= limit) { state = "Page full"; break; }
      if (scanned >= maxScan) { state = `Stopped at the bound of ${number(maxScan)} records`; break; }
      const url = new URL(next, window.location.href);
      url.searchParams.set("limit", String(limit - shown));
      let page;
      try {
        const response = await fetch(url, {credentials: "same-origin", signal: stopper.signal});
        if (!response.ok) { state = `Stopped: the server answered ${response.status}`; break; }
        page = new DOMParser().parseFromString(await response.text(), "text/html");
      } catch (error) {
        state = stopper.signal.aborted ? "Stopped" : `Stopped: ${error.message}`;
        break;
      }
      const pageStatus = page.getElementById("scan-status");
      if (!pageStatus) { state = "Stopped: the server's answer had no scan status"; break; }
      scanned += Number(pageStatus.dataset.scanned);
      matched += Number(pageStatus.dataset.matched);
      position = page.getElementById("scan-position").textContent;
      appendRows(page);
      next = pageStatus.dataset.continue || null;
      report("Scanning");
    }
    if (stopper.signal.aborted) state = "Stopped";
    stopButton.hidden = true;
    keepLink(next);
    report(state);
  }

  stopButton.addEventListener("click", () => stopper.abort());
  scanOn();
})();
