// Loaded at the top of <body>, before anything is drawn, so GOV.UK Frontend's JavaScript-only
// styles apply from the first paint (it was an inline script; the Content-Security-Policy
// forbids those).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
