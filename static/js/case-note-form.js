(function () {
  // Save the case note as the worker types, like the Request for Support draft. Each field that
  // passes its check is saved even when another does not; the status line names the others.
  // A save in flight when a button is pressed finishes first, so the button's request carries
  // the newest version and is never refused as "saved in another window".
  var form = document.getElementById("case-note-form");
  // No autosave on the page that compares two versions (it has no data-autosave-url).
  if (!form || !form.dataset.autosaveUrl || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var version = document.getElementById("draft-version");
  var timer = null;
  var inflight = null;
  var submitting = false;
  var conflict = false;  // a 409: saved elsewhere; stop autosaving until the worker reviews
  function save() {
    var data = new FormData(form);
    data.set("version", version.value);
    inflight = fetch(form.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { if (r.status === 409) { conflict = true; } return r.json(); })
      .then(function (body) {
        if (body.saved) { version.value = body.version; }
        status.textContent = body.message;
        status.className = (conflict || (body.errors && body.errors.length)) ? "govuk-error-message" : "govuk-body-s";
      })
      .catch(function () { status.textContent = "Not saved: check your connection. Your words are still on this page."; })
      .then(function () { inflight = null; });
  }
  function later(delay) { if (submitting || conflict) return; clearTimeout(timer); timer = setTimeout(save, delay); }
  form.addEventListener("input", function () { later(1500); });
  form.addEventListener("change", function () { later(500); });
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (submitting) return;
    submitting = true;
    if (inflight) {
      event.preventDefault();
      var button = event.submitter;
      inflight.then(function () { form.requestSubmit(button); });
    }
  });
})();
