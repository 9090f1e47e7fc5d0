// The live viewer page: one websocket, rows newest on top in a bounded table.
// Message content only ever goes through textContent: it is data, never markup.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("live-config").textContent);
  var tbody = document.getElementById("live-rows");
  var statusLine = document.getElementById("live-status");
  var pauseButton = document.getElementById("live-pause");
  var counters = {
    received: document.getElementById("count-received"),
    shown: document.getElementById("count-shown"),
    dropped: document.getElementById("count-dropped"),
    rate: document.getElementById("count-rate"),
  };
  var received = 0, dropped = 0, recent = [];
  var lastShown = {};  // partition -> last offset shown: what a reconnect resumes from
  var paused = false, held = [];  // frames received while paused: shown and acknowledged on resume
  var socket = null, retry = 0;
  // Close codes after which reconnecting cannot help (see streams_app/consumers.py).
  var FINAL = [4400, 4401, 4403, 4404];

  var timeFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: config.time_zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3,
  });

  function formatTime(ms) {
    var parts = {};
    timeFormat.formatToParts(new Date(ms)).forEach(function (part) { parts[part.type] = part.value; });
    return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute + ":" +
      parts.second + "." + parts.fractionalSecond;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function messageUrl(m) {
    return config.message_url + m.partition + "/" + m.offset + "/";
  }

  // The same markup as templates/streams_app/_shown.html.
  function appendShown(cell, shown) {
    if (shown.null) {
      cell.appendChild(el("span", "strom-null", "null"));
      return;
    }
    var pre = el("pre", "strom-data", shown.text);
    pre.dataset.format = shown.format;
    cell.appendChild(pre);
    if (shown.format !== "text") {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(el("span", "strom-format", shown.format));
    }
    if (shown.note) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(el("span", "help", shown.note));
    }
  }

  function dataCell(className, shown, m, what) {
    var cell = el("td", className);
    appendShown(cell, shown);
    if (shown.cut) {
      var more = el("a", "", "… whole " + what);
      more.href = messageUrl(m);
      cell.appendChild(more);
    }
    return cell;
  }

  function rowFor(m) {
    var tr = el("tr", "message");
    tr.dataset.partition = m.partition;
    tr.dataset.offset = m.offset;
    tr.appendChild(el("td", "strom-num", String(m.partition)));
    tr.appendChild(el("td", "strom-num", String(m.offset)));
    var when = el("time", "", formatTime(m.timestamp));
    when.title = m.timestamp + " ms";
    var timeCell = el("td");
    timeCell.appendChild(when);
    tr.appendChild(timeCell);
    tr.appendChild(dataCell("message-key", m.shown.key, m, "key"));
    tr.appendChild(dataCell("message-value", m.shown.value, m, "value"));
    var headers = el("td", "message-headers");
    m.shown.headers.forEach(function (header) {
      var line = el("div");
      line.appendChild(el("strong", "", header[0]));
      line.appendChild(document.createTextNode(": "));
      appendShown(line, header[1]);
      headers.appendChild(line);
    });
    tr.appendChild(headers);
    var view = el("td");
    var link = el("a", "", "View");
    link.href = messageUrl(m);
    view.appendChild(link);
    tr.appendChild(view);
    return tr;
  }

  function show(messages) {
    var fragment = document.createDocumentFragment();
    for (var i = messages.length - 1; i >= 0; i--) {
      var m = messages[i];
      fragment.appendChild(rowFor(m));
      if (!(m.partition in lastShown) || m.offset > lastShown[m.partition]) lastShown[m.partition] = m.offset;
    }
    tbody.insertBefore(fragment, tbody.firstChild);
    while (tbody.rows.length > config.ring) tbody.deleteRow(-1);
    counters.shown.textContent = tbody.rows.length;
  }

  function ack() {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send('{"type":"ack"}');
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.className = isError ? "live-error" : "";
  }

  function url() {
    var params = new URLSearchParams(config.params);
    var spots = Object.keys(lastShown).map(function (p) { return p + ":" + lastShown[p]; });
    if (spots.length) params.set("resume", spots.join(","));
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var query = params.toString();
    return scheme + location.host + config.socket + (query ? "?" + query : "");
  }

  function onFrame(event) {
    var frame = JSON.parse(event.data);
    if (frame.type === "messages") {
      received += frame.messages.length;
      recent.push([Date.now(), frame.messages.length]);
      counters.received.textContent = received;
      if (paused) {
        held.push(frame.messages);
        return;
      }
      show(frame.messages);
      ack();
    } else if (frame.type === "dropped") {
      dropped += frame.count;
      counters.dropped.textContent = dropped;
    } else if (frame.type === "start") {
      retry = 0;
      // A partition with nothing shown yet resumes from where this socket started in it.
      Object.keys(frame.positions).forEach(function (p) {
        if (!(p in lastShown)) lastShown[p] = frame.positions[p] - 1;
      });
      setStatus(paused ? "Paused" : "Live", false);
    } else if (frame.type === "error") {
      var detail = frame.detail;
      setStatus(typeof detail === "string" ? detail : detail.field + ": " + detail.message, true);
    }
  }

  function connect() {
    socket = new WebSocket(url());
    socket.onmessage = onFrame;
    socket.onclose = function (event) {
      socket = null;
      if (FINAL.indexOf(event.code) >= 0) return;
      var delay = Math.min(10000, 500 * Math.pow(2, retry++));
      setStatus("Disconnected; reconnecting in " + Math.round(delay / 1000) + " s…", true);
      // Frames held while paused were never shown: the reconnect asks for them again.
      held = [];
      setTimeout(connect, delay);
    };
  }

  pauseButton.addEventListener("click", function () {
    paused = !paused;
    pauseButton.textContent = paused ? "Resume" : "Pause";
    setStatus(paused ? "Paused" : "Live", false);
    if (!paused) {
      held.forEach(function (messages) { show(messages); ack(); });
      held = [];
    }
  });

  document.getElementById("live-clear").addEventListener("click", function () {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    received = 0;
    dropped = 0;
    recent = [];
    counters.received.textContent = counters.dropped.textContent = counters.shown.textContent = "0";
  });

  setInterval(function () {
    var since = Date.now() - 5000;
    recent = recent.filter(function (entry) { return entry[0] >= since; });
    var count = recent.reduce(function (sum, entry) { return sum + entry[1]; }, 0);
    counters.rate.textContent = Math.round(count / 5);
  }, 1000);

  // The date-and-time input counts only when "A date and time" is chosen; disabled, the form does not send it.
  var fromChoice = document.getElementById("id_from"), atInput = document.getElementById("id_at");
  fromChoice.addEventListener("change", function () {
    atInput.disabled = fromChoice.value !== "time";
    if (!atInput.disabled) atInput.focus();
  });

  connect();
})();
