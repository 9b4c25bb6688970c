(function () {
  // Save the assessment as the worker types. A field the server could not accept is named
  // in the status line; every other field was saved. A save in flight when a button is
  // pressed finishes first, so the button's request carries the newest version.
  var form = document.getElementById("assessment-form");
  // No autosave on the page that compares two versions (it has no data-autosave-url).
  if (!form || !form.dataset.autosaveUrl || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var version = document.getElementById("draft-version");
  var timer = null;
  var inflight = null;
  var submitting = false;
  var conflict = false;  // a 409: someone else saved; stop autosaving until the worker reviews
  function save() {
    var data = new FormData(form);
    data.set("version", version.value);
    inflight = fetch(form.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { if (r.status === 409) { conflict = true; } return r.json(); })
      .then(function (body) {
        if (body.saved) {
          version.value = body.version;
          var problems = (body.errors || []).map(function (e) { return e.message; });
          status.textContent = problems.length
            ? "Saved at " + body.saved_at + ", except: " + problems.join("; ")
            : "Draft saved at " + body.saved_at;
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
