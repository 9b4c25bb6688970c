(function () {
  // Save the draft as the referrer types. Every answer that can be saved is saved; one that
  // cannot (a date that does not exist) is kept as typed and the page says, beside it, what
  // needs fixing. A new request is stored on the first thing typed. A save in flight when
  // they press a button is allowed to finish first, so the button's request carries the
  // newest draft version and is never refused as "changed in another window".
  var form = document.getElementById("request-form");
  // No autosave on the page that compares two versions (it has no data-autosave-url).
  if (!form || !form.dataset.autosaveUrl || !window.fetch) return;
  var status = document.getElementById("autosave-status");
  var version = document.getElementById("draft-version");
  var discard = document.getElementById("discard-link");
  var timer = null;
  var inflight = null;
  var again = false;     // more typing arrived while a save was in flight
  var submitting = false;
  var conflict = false;  // a 409: someone else saved; stop autosaving until the referrer reviews
  var dirty = false;     // typed since the last save that worked
  var near = document.createElement("p");  // the status beside the answer being typed
  near.className = "govuk-body-s app-autosave-near";
  near.setAttribute("aria-hidden", "true");  // screen readers hear #autosave-status instead
  near.setAttribute("data-testid", "autosave-near");
  var lastField = null;

  function groupOf(element) {
    return element && element.closest(".govuk-form-group, .govuk-fieldset, .govuk-details");
  }
  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "govuk-error-message" : "govuk-body-s";
    near.textContent = text;
    near.className = "govuk-body-s app-autosave-near" + (isError ? " govuk-error-message" : "");
    var group = groupOf(lastField);
    if (group && near.parentNode !== group) { group.appendChild(near); }
  }
  function showProblems(errors) {
    form.querySelectorAll(".app-held-problem").forEach(function (e) { e.remove(); });
    (errors || []).forEach(function (problem) {
      var input = document.getElementById(problem.id) || document.getElementById(problem.id + "_0");
      var group = groupOf(input);
      if (!group) return;
      var message = document.createElement("p");
      message.className = "govuk-error-message app-held-problem";
      message.textContent = "Needs fixing: " + problem.message;
      group.insertBefore(message, group.querySelector("input, textarea, select, .govuk-date-input"));
    });
  }
  function save() {
    if (inflight) { again = true; return; }
    var data = new FormData(form);
    data.set("version", version.value);
    dirty = false;
    inflight = fetch(form.dataset.autosaveUrl, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { if (r.status === 409) { conflict = true; } return r.json(); })
      .then(function (body) {
        if (body.saved) {
          version.value = body.version;
          if (body.autosave_url && form.dataset.autosaveUrl !== body.autosave_url) {
            // The first save of a new request: from now on the page is that draft's page.
            form.dataset.autosaveUrl = body.autosave_url;
            form.action = body.edit_url;
            if (window.history && history.replaceState) { history.replaceState(null, "", body.edit_url); }
            if (discard) { discard.href = body.discard_url; discard.hidden = false; }
          }
          var fix = (body.errors || []).length;
          say("Draft saved at " + body.saved_at + (fix ? ". " + fix + " answer" + (fix > 1 ? "s need" : " needs") + " fixing before you send it." : ""), false);
          showProblems(body.errors);
        } else {
          if (body.message) { say(body.message, true); dirty = true; }
        }
      })
      .catch(function () { dirty = true; say("Not saved: check your connection. Your answers are still on this page.", true); })
      .then(function () { inflight = null; if (again) { again = false; later(300); } });
  }
  function later(delay) { if (submitting || conflict) return; clearTimeout(timer); timer = setTimeout(save, delay); }
  function typed(event) { dirty = true; lastField = event.target; }
  form.addEventListener("input", function (event) { typed(event); later(1500); });
  form.addEventListener("change", function (event) { typed(event); later(500); });
  // Leaving with answers not yet saved: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && (dirty || inflight)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
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
