/* Scoring page: live total, autosave, edits kept on the device while offline.
 *
 * Every change is validated here (the server checks again), added to the total, and kept
 * in localStorage until the server has it. A save is one POST to the page's draft
 * endpoint with an Idempotency-Key; a request whose answer was lost is sent again with
 * the same key and body, so the server applies it once. Each save names the version the
 * edits start from: when the card changed elsewhere (submitted, reopened, saved on
 * another device) the server answers 409 with the stored card, and both are shown side
 * by side until the judge chooses. No inline handlers (strict CSP). */
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
    if (queue.sent || queue.next) { localStorage.setItem(storageKey, JSON.stringify(queue)); }
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

  function values() {
    var scores = {};
    inputs.forEach(function (input) {
      if (input.value.trim() !== "" && !problem(input)) { scores[input.dataset.criterion] = input.value.trim(); }
    });
    return {scores: scores, comment: comment.value};
  }
  function local() {  // the judge's latest edits: the unsent ones over the sent ones
    var latest = queue.next || (queue.sent && queue.sent.body) || {scores: {}, comment: ""};
    return latest;
  }
  function apply(data) {
    inputs.forEach(function (input) {
      var value = data.scores[input.dataset.criterion];
      input.value = value === undefined ? "" : value;
    });
    comment.value = data.comment;
    validate();
    updateTotal();
  }
  function pending() { return Boolean(queue.sent || queue.next); }

  function edited() {
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
      if (!queue.next) { return settle(); }
      queue.sent = {key: newKey(), body: {scores: queue.next.scores, comment: queue.next.comment,
                                          base_version: queue.version}};
      queue.next = null;
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
      if (queue.next) { return flush(); }
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
    queue = {version: Number(conflictEl.dataset.version), sent: null, next: mine};
    write();
    conflictEl.hidden = true;
    blocked = false;
    flush();
  }
  function useStored(event) {
    event.preventDefault();
    queue = {version: Number(conflictEl.dataset.version), sent: null, next: null};
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
    show("unsaved");
    flush();
  } else {
    queue.version = stored.version;
    validate();
    updateTotal();
  }
}());
