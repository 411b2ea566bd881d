// Starts Swagger UI on /api-docs. A file, not an inline script: the console's CSP allows scripts from 'self' only.
(function () {
  const el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle !== "function") return;
  const csrf = el.dataset.csrf;
  SwaggerUIBundle({
    url: el.dataset.specUrl,
    domNode: el,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" runs on the reviewer's session cookie: writes need the session's CSRF token, as htmx sends it
    requestInterceptor: (req) => {
      if (csrf) req.headers["X-CSRF-Token"] = csrf;
      return req;
    },
  });
})();
