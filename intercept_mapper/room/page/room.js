/* Room voting on a phone. Plain JavaScript, no framework; every text from the server is inserted with
   textContent (never as HTML), so a title such as <img onerror=...> shows literally and runs nothing. */
(function () {
  "use strict";

  var POLL_MS = 8000;
  var form = null;          // the server's ballot form: tables, budget, candidates, intercepts
  var table = null;         // the chosen table's name
  var votes = {};           // candidate id -> dots
  var sent = null;          // the ballot last accepted by the server (JSON text), or null
  var closed = false;
  var steppers = {};        // candidate id -> {li, count, minus, plus}

  function $(id) { return document.getElementById(id); }

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // available on plain http too, unlike randomUUID
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var memory = {};
  function load(key) {
    var s = store();
    try { return s ? s.getItem(key) : (memory[key] || null); } catch (e) { return memory[key] || null; }
  }
  function save(key, value) {
    memory[key] = value;
    var s = store();
    try { if (s) { s.setItem(key, value); } } catch (e) { /* private mode: kept in memory */ }
  }

  var device = load("im-room-device");
  if (!device || !/^[A-Za-z0-9_-]{16,64}$/.test(device)) {
    device = randomId();
    save("im-room-device", device);
  }
  var ballotKey = "im-room-ballot:" + window.location.pathname;

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function spent() {
    var total = 0;
    Object.keys(votes).forEach(function (id) { total += votes[id]; });
    return total;
  }

  function setStatus(el, text, kind) {
    el.textContent = text;
    el.className = kind || "";
  }

  function request(method, path, body) {
    var options = {method: method, headers: {"Accept": "application/json"}, cache: "no-store",
                   credentials: "omit"};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return window.fetch(path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, data: data};
      });
    });
  }

  // ------------------------------------------------------------------ drawing
  function interceptLabel(id) {
    var found = form.intercepts.filter(function (i) { return i.id === id; })[0];
    if (!found) { return id; }
    return id === "X" ? found.label : "Intercept " + id + ": " + found.label;
  }

  function buildTables() {
    var box = $("tables");
    box.textContent = "";
    form.tables.forEach(function (name, n) {
      var label = document.createElement("label");
      label.className = "choice";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "table";
      input.value = name;
      input.id = "table-" + n;
      input.checked = name === table;
      input.addEventListener("change", function () { chooseTable(name); });
      var text = document.createElement("span");
      text.dir = "auto";
      text.textContent = name;
      label.appendChild(input);
      label.appendChild(text);
      box.appendChild(label);
    });
  }

  function buildCandidates() {
    var list = $("candidates");
    list.textContent = "";
    steppers = {};
    form.candidates.forEach(function (cand, n) {
      var li = document.createElement("li");
      li.className = "cand";
      var title = document.createElement("h3");
      title.id = "cand-" + n;
      title.dir = "auto";
      title.textContent = cand.title;
      li.appendChild(title);
      var where = document.createElement("p");
      where.className = "where";
      where.dir = "auto";
      where.textContent = cand.intercepts.map(interceptLabel).join(" \u00b7 ");
      li.appendChild(where);
      if (cand.description) {
        var desc = document.createElement("p");
        desc.className = "desc";
        desc.dir = "auto";
        desc.textContent = cand.description;
        li.appendChild(desc);
      }
      var stepper = document.createElement("div");
      stepper.className = "stepper";
      stepper.setAttribute("role", "group");
      stepper.setAttribute("aria-labelledby", title.id);
      var minus = document.createElement("button");
      minus.type = "button";
      minus.className = "minus";
      minus.textContent = "\u2212";
      minus.setAttribute("aria-label", "Take a dot from: " + cand.title);
      var count = document.createElement("span");
      count.className = "count";
      count.setAttribute("aria-live", "polite");
      var plus = document.createElement("button");
      plus.type = "button";
      plus.className = "plus";
      plus.textContent = "+";
      plus.setAttribute("aria-label", "Give a dot to: " + cand.title);
      minus.addEventListener("click", function () { change(cand.id, -1); });
      plus.addEventListener("click", function () { change(cand.id, 1); });
      stepper.appendChild(minus);
      stepper.appendChild(count);
      stepper.appendChild(plus);
      li.appendChild(stepper);
      list.appendChild(li);
      steppers[cand.id] = {li: li, count: count, minus: minus, plus: plus};
    });
  }

  function buildIntercepts() {
    var select = $("suggest-intercept");
    var chosen = select.value;
    select.textContent = "";
    form.intercepts.forEach(function (i) {
      var option = document.createElement("option");
      option.value = i.id;
      option.textContent = interceptLabel(i.id);
      select.appendChild(option);
    });
    if (chosen) { select.value = chosen; }
    $("suggest-text").maxLength = form.suggestion_chars;
    $("suggest-hint").textContent = "Up to " + form.suggestion_chars + " characters. It goes to the "
      + "facilitator, who decides whether it goes on the map. Do not write names.";
  }

  function refresh() {
    var left = form.budget - spent();
    var n = form.candidates.length;
    form.candidates.forEach(function (cand) {
      var s = steppers[cand.id];
      var v = votes[cand.id] || 0;
      s.count.textContent = plural(v, "dot", "dots");
      s.li.classList.toggle("voted", v > 0);
      s.minus.disabled = closed || v === 0;
      s.plus.disabled = closed || left <= 0;
    });
    $("left").textContent = closed ? "" : (plural(left, "dot", "dots") + " left of " + form.budget);
    var current = JSON.stringify({table: table, votes: votes});
    var send = $("send");
    send.disabled = closed || !table || current === sent;
    send.textContent = sent === null ? "Send my vote" : "Send my changed vote";
    $("vote-step").hidden = !table || n === 0;
    $("bar").hidden = !table || closed;
    $("closed").hidden = !closed;
    $("how").hidden = closed;
    document.querySelectorAll("#tables input").forEach(function (input) { input.disabled = closed; });
    $("suggest-send").disabled = closed;
    if (!closed && sent !== null && current !== sent) {
      setStatus($("status"), "Changed: send it to count the change.", "");
    }
  }

  function remember() {
    save(ballotKey, JSON.stringify({table: table, votes: votes, sent: sent}));
  }

  function chooseTable(name) {
    table = name;
    remember();
    refresh();
  }

  function change(id, delta) {
    if (closed) { return; }
    var v = (votes[id] || 0) + delta;
    if (v < 0 || (delta > 0 && spent() >= form.budget)) { return; }
    if (v === 0) { delete votes[id]; } else { votes[id] = v; }
    remember();
    refresh();
  }

  function showClosed() {
    closed = true;
    if (sent !== null) {  // what counts is what was sent: unsent changes are dropped
      try { votes = JSON.parse(sent).votes || {}; } catch (e) { votes = {}; }
    }
    refresh();
  }

  // ------------------------------------------------------------------ talking to the room
  function sendBallot() {
    var ballot = {table: table, votes: votes};
    var text = JSON.stringify(ballot);
    $("send").disabled = true;
    setStatus($("status"), "Sending\u2026", "");
    request("POST", "api/ballot", {device: device, table: table, votes: votes}).then(function (r) {
      if (r.status === 200) {
        sent = text;
        remember();
        refresh();
        setStatus($("status"), "Your vote is in: " + plural(r.data.dots, "dot", "dots") + " at " + r.data.table
          + ". You can change it until voting closes.", "ok");
      } else if (r.status === 409) {
        showClosed();
      } else {
        refresh();
        setStatus($("status"), "Not counted: " + (r.data.error || ("the room answered " + r.status)) + ".", "err");
      }
    }, function () {
      refresh();
      setStatus($("status"), "Could not reach the room. Are you on the room's Wi-Fi? Try again.", "err");
    });
  }

  function sendSuggestion(event) {
    event.preventDefault();
    var text = $("suggest-text").value.replace(/\s+/g, " ").trim();
    var status = $("suggest-status");
    if (!text) {
      setStatus(status, "Write the resource or gap first.", "err");
      $("suggest-text").focus();
      return;
    }
    var kind = document.querySelector("input[name=kind]:checked").value;
    $("suggest-send").disabled = true;
    request("POST", "api/suggestion", {device: device, kind: kind, intercept: $("suggest-intercept").value,
                                       text: text}).then(function (r) {
      $("suggest-send").disabled = closed;
      if (r.status === 200) {
        $("suggest-text").value = "";
        setStatus(status, "Sent to the facilitator. Thank you.", "ok");
      } else if (r.status === 409) {
        showClosed();
        setStatus(status, "Voting is closed: suggestions are closed too.", "err");
      } else {
        setStatus(status, "Not sent: " + (r.data.error || ("the room answered " + r.status)) + ".", "err");
      }
    }, function () {
      $("suggest-send").disabled = closed;
      setStatus(status, "Could not reach the room. Try again.", "err");
    });
  }

  function applyForm(data) {
    var first = form === null;
    var before = form === null ? "" : JSON.stringify([form.tables, form.candidates, form.intercepts]);
    form = data;
    if (table !== null && form.tables.indexOf(table) < 0) { table = null; }
    if (form.tables.length === 1) { table = form.tables[0]; }
    var known = {};
    form.candidates.forEach(function (c) { known[c.id] = true; });
    Object.keys(votes).forEach(function (id) { if (!known[id]) { delete votes[id]; } });
    if (spent() > form.budget) { votes = {}; }  // the budget shrank: start again
    if (first || JSON.stringify([form.tables, form.candidates, form.intercepts]) !== before) {
      $("workshop").textContent = form.title;
      buildTables();
      buildCandidates();
      buildIntercepts();
    }
    $("loading").hidden = true;
    $("table-step").hidden = form.tables.length < 2;
    $("suggest-step").hidden = false;
    if (form.candidates.length === 0) {
      $("how").textContent = "There is nothing to vote on yet.";
    }
    if (!form.open) { showClosed(); } else { closed = false; refresh(); }
  }

  function poll() {
    request("GET", "api/ballot").then(function (r) {
      if (r.status === 200) { applyForm(r.data); }
      if (!closed) { window.setTimeout(poll, POLL_MS); }
    }, function () {
      if (form === null) {
        $("loading").textContent = "Could not reach the room. Are you on the room's Wi-Fi? Reload to try again.";
      }
      window.setTimeout(poll, POLL_MS);
    });
  }

  function start() {
    try {
      var kept = JSON.parse(load(ballotKey) || "null");
      if (kept && typeof kept === "object") {
        table = typeof kept.table === "string" ? kept.table : null;
        votes = {};
        if (kept.votes && typeof kept.votes === "object") {
          Object.keys(kept.votes).forEach(function (id) {
            var n = kept.votes[id];
            if (typeof n === "number" && n > 0 && n % 1 === 0) { votes[id] = n; }
          });
        }
        sent = typeof kept.sent === "string" ? kept.sent : null;
      }
    } catch (e) { votes = {}; }
    $("send").addEventListener("click", sendBallot);
    $("suggest-form").addEventListener("submit", sendSuggestion);
    poll();
  }

  start();
}());
