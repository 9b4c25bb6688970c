(function () {
  // Save the Early Help Assessment as it is typed (the Request for Support's approach): each
  // save says which version it was based on; a stale save (409) stops autosaving until the
  // practitioner presses "Save draft" and compares the two. A field that cannot be saved is
  // named, and the others are saved.
  var form = document.getElementById("assessment-form");
  if (!form || !form.dataset.autosaveUrl || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var version = document.getElementById("id_version");
  var timer = null;
  var inflight = null;
  var submitting = false;
  var conflict = false;
  function save() {
    var data = new FormData(form);
    data.set("version", version.value);
    inflight = fetch(form.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { if (r.status === 409) { conflict = true; } return r.json(); })
      .then(function (body) {
        if (body.saved) {
          version.value = body.version;
          var text = "Draft saved at " + body.saved_at;
          if (body.errors && body.errors.length) {
            text += ". Not saved: " + body.errors.map(function (e) { return e.message; }).join("; ");
          }
          status.textContent = text;
        } else {
          status.textContent = body.message;
          if (conflict) { status.className = "govuk-error-message"; }
        }
      })
      .catch(function () { status.textContent = "Not saved: check your connection. Your answers are still on this page."; })
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
