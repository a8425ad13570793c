// Typeset the $...$ spans the server marks as span.math, with the vendored KaTeX, which is
// fetched only by pages that have some. A formula KaTeX cannot parse stays as typed.
(function () {
  "use strict";
  var spans = document.querySelectorAll("span.math");
  if (!spans.length) return;
  var config = document.currentScript.dataset;

  var stylesheet = document.createElement("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = config.katexCss;
  document.head.appendChild(stylesheet);

  var script = document.createElement("script");
  script.src = config.katexJs;
  script.addEventListener("load", function () {
    spans.forEach(function (span) {
      var source = span.textContent;
      try {
        window.katex.render(source.slice(1, -1), span, { throwOnError: true });
        span.title = source;
        span.classList.add("math-typeset");
      } catch (error) {
        span.textContent = source;  // render() emptied the span before it failed
        span.classList.add("math-unparsed");
      }
    });
  });
  document.head.appendChild(script);
})();
