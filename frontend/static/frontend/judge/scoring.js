/* Scoring page: live total, autosave, edits kept on the device while offline.
 *
 * Every change is validated here (the server checks again), added to the total, and kept
 * in localStorage until the server has it. A save is one POST to the page's draft
 * endpoint with an Idempotency-Key; a request whose answer was lost is sent again with
 * the same key and body, so the server applies it once. Each save names the version the
 * edits start from: when the card changed elsewhere (submitted, reopened, saved on
 * another device) the server answers 409 with the stored card, and both are shown side
 * by side until the judge chooses. Emptying a score (or its "clear" button) removes the
 * saved one: a request of its own (`clear`), queued after the edits typed before it.
 * No inline handlers (strict CSP). */
(function () {
  "use strict";

  var root = document.getElementById("scoring");
  if (!root || !window.fetch || !window.localStorage) { return; }
  var strings = JSON.parse(document.getElementById("judge-strings").textContent);
  var stored = JSON.parse(document.getElementById("judge-stored").textContent);
  var form = document.getElementById("scorecard");
  var stateEl = document.getElementById("save-state");
  var totalEls = document.querySelectorAll("[data-live-total]");
  var conflictEl = document.getElementById("conflict");
  var storageKey = "judge-scorecard:" + root.dataset.user + ":" + root.dataset.assignment;
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input[data-criterion]")) : [];
  var comment = form ? form.querySelector("textarea[name=comment]") : null;
  var versionInput = form ? form.querySelector("input[name=version]") : null;
  var csrf = root.dataset.csrf;
  var DECIMAL = /^\d+(\.\d{1,2})?$/;
  var inflight = false, blocked = false, timer = null, retry = null, waiting = [];
  var keyConflicts = 0;

  function read() {
    try { return JSON.parse(localStorage.getItem(storageKey)); } catch (e) { return null; }
  }
  function write() {
    if (pending()) { localStorage.setItem(storageKey, JSON.stringify(queue)); }
    else { localStorage.removeItem(storageKey); }
  }
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  }
  function show(state, text) {
    stateEl.dataset.state = state;
    stateEl.textContent = text || strings[state];
  }
  function badge(state, label) {
    var el = document.querySelector("[data-status-badge]");
    if (el && label) { el.className = "badge status-" + state; el.textContent = label; }
  }
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  /* --- Validation and the live total ------------------------------------------------ */

  function problem(input) {
    var value = input.value.trim();
    var max = Number(input.dataset.max);
    if (value === "") { return ""; }
    if (value.charAt(0) === "-") { return strings.negative; }
    if (!/^\d+(\.\d+)?$/.test(value)) { return strings.not_a_number; }
    if (!DECIMAL.test(value)) { return strings.too_many_decimals; }
    if (Number(value) > max) { return format(strings.above_maximum, {max: input.dataset.max}); }
    return "";
  }
  function showError(input, message, named) {  // named: the message names the criterion
    var el = document.getElementById("error-" + input.dataset.criterion);
    el.textContent = !message || named ? message
      : format(strings.named, {name: input.dataset.name, message: message});
    el.hidden = !message;
    if (message) { input.setAttribute("aria-invalid", "true"); }
    else { input.removeAttribute("aria-invalid"); }
  }
  function validate() {
    var ok = true;
    inputs.forEach(function (input) {
      var message = problem(input);
      showError(input, message);
      if (message) { ok = false; }
    });
    return ok;
  }
  function cents(text, places) {  // exact decimal arithmetic on integers
    var parts = String(text).split(".");
    var fraction = ((parts[1] || "") + "0000").slice(0, places);
    return Number(parts[0]) * Math.pow(10, places) + Number(fraction);
  }
  function updateTotal() {
    var sum = 0;
    inputs.forEach(function (input) {
      if (input.value.trim() !== "" && !problem(input)) {
        sum += cents(input.value.trim(), 2) * cents(input.dataset.weight, 4);
      }
    });
    var total = (Math.round(sum / 10000) / 100).toFixed(2);
    Array.prototype.forEach.call(totalEls, function (el) { el.textContent = total; });
  }

  /* --- The queue: what the server has not confirmed yet ------------------------------- */

  var queue = read() || {version: stored.version, sent: null, next: null};
  queue.clear = queue.clear || [];

  function values() {
    var scores = {};
    inputs.forEach(function (input) {
      if (input.value.trim() !== "" && !problem(input)) { scores[input.dataset.criterion] = input.value.trim(); }
    });
    return {scores: scores, comment: comment.value};
  }
  function clearing() {  // the criteria whose saved score is being removed
    var sent = queue.sent && queue.sent.body.clear ? queue.sent.body.clear : [];
    return sent.concat(queue.clear);
  }
  function local() {  // the judge's latest edits: the unsent ones over the sent ones
    var latest = queue.next || (queue.sent && queue.sent.body.scores && queue.sent.body)
      || (form ? values() : {scores: {}, comment: ""});
    var scores = {};
    Object.keys(latest.scores).forEach(function (id) {
      if (clearing().indexOf(id) === -1) { scores[id] = latest.scores[id]; }
    });
    return {scores: scores, comment: latest.comment};
  }
  function clearButtons() {  // a "clear" button beside each score that has one
    inputs.forEach(function (input) {
      var button = root.querySelector("[data-clear='" + input.dataset.criterion + "']");
      if (button) { button.hidden = input.value.trim() === ""; }
    });
  }
  function apply(data) {
    inputs.forEach(function (input) {
      var value = data.scores[input.dataset.criterion];
      input.value = value === undefined ? "" : value;
    });
    clearButtons();
    comment.value = data.comment;
    validate();
    updateTotal();
  }
  function pending() { return Boolean(queue.sent || queue.next || queue.clear.length); }

  function edited(event) {
    var id = event && event.target.dataset.criterion;
    if (id) {  // an emptied score is removed on the server; a typed one is not
      queue.clear = queue.clear.filter(function (other) { return other !== id; });
      if (event.target.value.trim() === "") { queue.clear.push(id); }
    }
    clearButtons();
    var ok = validate();
    updateTotal();
    queue.next = values();
    write();
    show(ok ? "unsaved" : "invalid");
    clearTimeout(timer);
    timer = setTimeout(flush, 700);
  }

  function flush() {
    clearTimeout(timer);
    if (inflight || blocked) { return; }
    if (!queue.sent) {
      if (queue.next) {
        queue.sent = {key: newKey(), body: {scores: queue.next.scores,
                                            comment: queue.next.comment,
                                            base_version: queue.version}};
        queue.next = null;
      } else if (queue.clear.length) {
        queue.sent = {key: newKey(), body: {clear: queue.clear, base_version: queue.version}};
        queue.clear = [];
      } else {
        return settle();
      }
      write();
    }
    if (!navigator.onLine) { show("offline"); return; }
    inflight = true;
    show("saving");
    fetch(root.dataset.draftUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
                "X-CSRFToken": csrf, "Idempotency-Key": queue.sent.key},
      body: JSON.stringify(queue.sent.body)
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; },
                                  function () { return {status: response.status, data: {}}; });
    }).then(answered, function () {
      inflight = false;
      show("offline");
      later();
    });
  }

  function answered(result) {
    var data = result.data;
    inflight = false;
    if (result.status !== 409) { keyConflicts = 0; }
    if (result.status === 200) {
      queue.version = data.version;
      versionInput.value = data.version;
      badge(data.state, data.state_label);
      queue.sent = null;
      write();
      if (pending()) { return flush(); }
      show(validate() ? "saved" : "invalid", data.message);
      return settle();
    }
    if (result.status === 409 && data.stored) { return conflict(data); }
    if (result.status === 409 && data.state === "idempotency_conflict") {
      // The same key is still being answered: ask again later. Twice in a row: the key
      // is spent, send the same edits under a new one.
      keyConflicts += 1;
      if (keyConflicts > 1) { queue.sent.key = newKey(); keyConflicts = 0; write(); }
      return later();
    }
    if (result.status === 409) {  // e.g. judging has closed: keep the edits, say why
      blocked = true;
      return show("closed", data.detail);
    }
    if (result.status === 400) {
      Object.keys(data).forEach(function (field) {
        var input = form.querySelector("input[data-criterion='" + field.replace("scores.", "") + "']");
        if (input) { showError(input, (data[field] || []).join(" "), true); }
      });
      queue.sent = null;
      write();
      return show("invalid");
    }
    if (result.status === 401 || result.status === 403) { return show("login"); }
    show("retrying");
    later();
  }

  function later() {
    clearTimeout(retry);
    retry = setTimeout(flush, 10000);
  }
  function settle() {
    var callbacks = waiting;
    waiting = [];
    callbacks.forEach(function (callback) { callback(); });
  }

  /* --- 409: the stored card beside the judge's local edits -------------------------- */

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text === undefined || text === "" ? "—" : text;
    return td;
  }
  function conflict(data) {
    blocked = true;
    var mine = local();
    var theirs = data.stored;
    var body = conflictEl.querySelector("tbody");
    body.textContent = "";
    Array.prototype.slice.call(root.querySelectorAll("input[data-criterion], dt[data-criterion]"))
      .forEach(function (el) {
        var id = el.dataset.criterion;
        var row = document.createElement("tr");
        var name = document.createElement("th");
        name.scope = "row";
        name.textContent = el.dataset.name;
        row.appendChild(name);
        row.appendChild(cell(theirs.scores[id]));
        row.appendChild(cell(mine.scores[id]));
        if (theirs.scores[id] !== mine.scores[id]) { row.className = "differs"; }
        body.appendChild(row);
      });
    var commentRow = document.createElement("tr");
    var label = document.createElement("th");
    label.scope = "row";
    label.textContent = strings.comment;
    commentRow.appendChild(label);
    commentRow.appendChild(cell(theirs.comment));
    commentRow.appendChild(cell(mine.comment));
    body.appendChild(commentRow);
    conflictEl.querySelector("[data-stored-state]").textContent = theirs.state_label;
    conflictEl.querySelector("[data-explain]").textContent =
      theirs.editable === false || theirs.state === "submitted" ? strings.conflict_submitted : strings.conflict_changed;
    conflictEl.querySelector("[data-keep-mine]").hidden = !(theirs.editable && form);
    conflictEl.hidden = false;
    conflictEl.dataset.version = theirs.version;
    conflictEl._stored = theirs;
    show("conflict");
    conflictEl.focus();
  }
  function keepMine(event) {
    event.preventDefault();
    var mine = local();
    queue = {version: Number(conflictEl.dataset.version), sent: null, next: mine,
             clear: clearing()};
    write();
    conflictEl.hidden = true;
    blocked = false;
    flush();
  }
  function useStored(event) {
    event.preventDefault();
    queue = {version: Number(conflictEl.dataset.version), sent: null, next: null, clear: []};
    write();
    var theirs = conflictEl._stored;
    if (!form || theirs.editable === false || theirs.state === "submitted") { window.location.reload(); return; }
    versionInput.value = theirs.version;
    apply(theirs);
    conflictEl.hidden = true;
    blocked = false;
    show("saved", strings.stored_kept);
  }
  // A conflict the server rendered (a form posted without this script) keeps its forms.
  if (conflictEl && conflictEl.hidden) {
    conflictEl.querySelector("[data-keep-mine]").addEventListener("click", keepMine);
    conflictEl.querySelector("[data-use-stored]").addEventListener("click", useStored);
  }

  /* --- Wiring --------------------------------------------------------------------- */

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { if (pending()) { show("offline"); } });

  if (!form) {
    // A read-only card. Edits left on this device from before it was submitted or
    // reopened elsewhere are shown beside it, never sent.
    if (pending()) { conflict({stored: stored}); }
    return;
  }

  inputs.forEach(function (input) { input.addEventListener("input", edited); });
  // "Clear this score": without this script it posts its own form; here it empties the
  // field and removes the saved score through the queue, like any edit.
  // Out of the Tab order here, so that Tab goes from one criterion to the next and Enter
  // never clears by surprise: emptying the field does the same from the keyboard.
  Array.prototype.forEach.call(root.querySelectorAll("[data-clear]"), function (button) {
    button.tabIndex = -1;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var input = document.getElementById("score-" + button.dataset.clear);
      input.value = "";
      edited({target: input});
      input.focus();
    });
  });
  comment.addEventListener("input", edited);
  form.addEventListener("submit", function (event) {
    var review = event.submitter && event.submitter.value === "review";
    event.preventDefault();
    if (!validate()) { show("invalid"); return; }
    queue.next = values();
    write();
    if (review) {
      if (!navigator.onLine) { show("offline", strings.offline_submit); return; }
      waiting.push(function () {
        if (!pending()) { window.location.href = root.dataset.submitUrl; }
      });
    }
    flush();
  });

  if (pending()) {
    // Edits that never reached the server (the page was closed offline): back in the
    // form, and sent now (from the version they started from: a 409 if it moved on).
    apply(local());
    clearing().forEach(function (id) {
      var input = document.getElementById("score-" + id);
      if (input) { input.value = ""; }
    });
    clearButtons();
    updateTotal();
    show("unsaved");
    flush();
  } else {
    queue.version = stored.version;
    validate();
    updateTotal();
    clearButtons();
    // Typed before this script ran (a slow connection on site): saved like any edit, not
    // left unsaved until the next keystroke.
    inputs.concat([comment]).forEach(function (field) {
      if (field.value !== field.defaultValue) { edited({target: field}); }
    });
  }
}());
