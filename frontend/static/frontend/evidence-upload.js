/* Evidence upload with a preview and a progress bar. Progressive enhancement: without this
   script the form posts as ordinary multipart and the page reloads. No inline handlers, no
   eval, nothing from elsewhere (the page's CSP allows scripts from this site only). */
(function () {
  "use strict";
  var MAX_BYTES = 10 * 1024 * 1024;

  function bind(form) {
    var input = form.querySelector("input[type=file]");
    var preview = form.querySelector("[data-preview]");
    var image = form.querySelector("[data-preview-image]");
    var name = form.querySelector("[data-preview-name]");
    var progressBox = form.querySelector("[data-progress]");
    var progress = form.querySelector("progress");
    var status = form.querySelector("[data-status]");
    if (!input || !progress) { return; }

    function say(text) { status.textContent = text; }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      preview.hidden = !file;
      image.hidden = true;
      if (!file) { return; }
      name.textContent = file.name + " (" + Math.ceil(file.size / 1024) + " KB)";
      if (file.size > MAX_BYTES) { say(form.dataset.tooBig); }
      if (/^image\/(jpeg|png)$/.test(file.type)) {
        var reader = new FileReader();
        reader.addEventListener("load", function () { image.src = reader.result; image.hidden = false; });
        reader.readAsDataURL(file);
      }
    });

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !input.files || !input.files.length) { return; }
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("X-Evidence-Upload", "1");
      request.upload.addEventListener("progress", function (e) {
        // The attribute (not only the property) so assistive tools and tests see it move.
        if (e.lengthComputable) { progress.setAttribute("value", Math.round(100 * e.loaded / e.total)); }
      });
      request.addEventListener("load", function () {
        var type = request.getResponseHeader("Content-Type") || "";
        if ((request.status === 200 || request.status === 400) && type.indexOf("text/html") === 0) {
          replaceSection(form, request.responseText);
        } else {
          progressBox.hidden = true;
          say(form.dataset.failed);
        }
      });
      request.addEventListener("error", function () { progressBox.hidden = true; say(form.dataset.failed); });
      progress.setAttribute("value", 0);
      progressBox.hidden = false;
      say(form.dataset.sending);
      request.send(new FormData(form));
    });
  }

  function replaceSection(form, html) {
    var section = form.closest("#evidence");
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var fresh = holder.querySelector("#evidence");
    if (!section || !fresh) { return; }
    section.replaceWith(fresh);
    var next = fresh.querySelector("form[data-evidence-upload]");
    if (next) { bind(next); }
    // Focus what changed: the problem if there is one, else the confirmation.
    var target = fresh.querySelector(".error-summary") || fresh.querySelector("[role=status]") ||
                 fresh.querySelector("h2");
    target.setAttribute("tabindex", "-1");
    target.focus();
  }

  document.querySelectorAll("form[data-evidence-upload]").forEach(bind);
})();
