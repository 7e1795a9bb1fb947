/* tellers: progressive enhancement. Every page works without this script.
 *
 * - A form with hx-post is posted in the background by htmx (which tellers
 *   serves itself, at /vendor/htmx.min.js): htmx sends the form's fields, its
 *   CSRF token among them, with the header HX-Request: true; the server answers
 *   with only the result, which htmx puts in the form's hx-target. Here: htmx is
 *   told to swap in error answers too (a refused form, bad input, a server
 *   fault); of an answer that comes as a whole page only its <main> is kept; a
 *   bar under the form shows how much of the file is sent, then "Counting…";
 *   the form is aria-busy while it waits; the new result is enhanced (below)
 *   and its heading focused; a connection that fails is said so in the target.
 * - A section with data-stepper shows one stage at a time, with Previous and
 *   Next buttons (without the script every stage is shown, each with its table).
 * - A figure with data-chart holds a plotly figure as JSON; it is drawn when
 *   it is visible and plotly has loaded (served by tellers itself).
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function drawChart(figure) {
    if (figure.dataset.drawn || !window.Plotly || figure.closest("[hidden]")) return;
    var source = figure.querySelector('script[type="application/json"]');
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var target = document.createElement("div");
    target.className = "plot";
    figure.appendChild(target);
    figure.dataset.drawn = "1";
    // No mode bar: its styles would be made by plotly in the page, which the site's
    // Content-Security-Policy does not allow (static/charts.css has the rest).
    window.Plotly.newPlot(target, spec.data, spec.layout, {
      displayModeBar: false, responsive: true
    });
  }

  function drawCharts(root) {
    root.querySelectorAll("figure[data-chart]").forEach(drawChart);
  }

  function stepper(section) {
    var stages = Array.prototype.slice.call(section.querySelectorAll(":scope > .stage"));
    if (stages.length < 2 || section.dataset.stepping) return;
    section.dataset.stepping = "1";
    var at = 0;
    var nav = document.createElement("div");
    nav.className = "stepper";
    nav.setAttribute("role", "group");
    nav.setAttribute("aria-label", "Step through the stages");
    var previous = document.createElement("button");
    previous.type = "button";
    previous.className = "secondary";
    previous.textContent = "← Previous stage";
    var next = document.createElement("button");
    next.type = "button";
    next.className = "secondary";
    next.textContent = "Next stage →";
    var where = document.createElement("output");
    where.setAttribute("aria-live", "polite");
    nav.append(previous, where, next);
    stages[0].before(nav);

    function show(index) {
      at = Math.max(0, Math.min(stages.length - 1, index));
      stages.forEach(function (stage, i) { stage.hidden = i !== at; });
      where.textContent = "Stage " + (at + 1) + " of " + stages.length;
      previous.disabled = at === 0;
      next.disabled = at === stages.length - 1;
      drawCharts(stages[at]);
    }
    previous.addEventListener("click", function () { show(at - 1); });
    next.addEventListener("click", function () { show(at + 1); });
    show(0);
  }

  function enhance(root) {
    root.querySelectorAll("[data-stepper]").forEach(stepper);
    root.querySelectorAll("details[data-close-with-js]").forEach(function (d) { d.open = false; });
    drawCharts(root);
  }

  // htmx (loaded with "defer" just before this script) swaps what a form gets back,
  // error statuses included: their page says what is wrong. A 4xx is the user's
  // mistake or a refused form, not a fault to log. htmx may not evaluate JavaScript
  // in attributes (nothing here needs it), and a result never changes the title.
  if (window.htmx) {
    var config = window.htmx.config;
    config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "5..", swap: true, error: true }
    ];
    config.allowEval = false;
    config.ignoreTitle = true;
  }

  // A progress bar under the form: the upload's share sent, then "Counting…".
  function progressOf(form) {
    var box = form.querySelector(".upload-progress");
    if (!box) {
      box = document.createElement("p");
      box.className = "upload-progress";
      box.setAttribute("role", "status");
      box.appendChild(document.createElement("progress"));
      box.appendChild(document.createElement("span"));
      form.appendChild(box);
    }
    box.hidden = false;
    return {
      sent: function (loaded, total) {
        var bar = box.firstChild;
        bar.max = total;
        bar.value = loaded;
        var percent = Math.floor((100 * loaded) / total);
        form.dataset.uploaded = String(percent);
        box.lastChild.textContent = loaded < total
          ? " Sending the file: " + percent + "% of " + Math.ceil(total / 1024) + " KB"
          : " Counting…";
      },
      counting: function () {
        box.firstChild.removeAttribute("value");  // indeterminate
        box.lastChild.textContent = " Counting…";
      },
      done: function () { box.hidden = true; }
    };
  }

  // An error page (a refused form, a server fault) comes whole: keep only its main part.
  function fragmentOf(html) {
    if (!/<html[\s>]/i.test(html) || !window.DOMParser) return html;
    var main = new DOMParser().parseFromString(html, "text/html").querySelector("main");
    return main ? main.innerHTML : html;
  }

  function failed(target, why) {
    target.innerHTML = "";
    var message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = "The server could not be reached: " + why;
    target.appendChild(message);
  }

  // The request of each form being posted: its progress bar, and whether the file
  // is still being sent. htmx gives the upload's progress and the download's as the
  // same event, htmx:xhr:progress; the upload's come first and end with the first
  // htmx:xhr:loadend, so what comes after is the answer's and is not shown.
  var posting = new WeakMap();

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!(form instanceof HTMLFormElement)) return;
    form.setAttribute("aria-busy", "true");
    var progress = progressOf(form);
    progress.counting();
    posting.set(form, { progress: progress, uploading: true });
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var request = posting.get(event.detail.elt);
    var detail = event.detail;
    if (request && request.uploading && detail.lengthComputable && detail.total > 0) {
      request.progress.sent(detail.loaded, detail.total);
    }
  });
  document.addEventListener("htmx:xhr:loadend", function (event) {
    var request = posting.get(event.detail.elt);
    if (request && request.uploading) {
      request.uploading = false;
      request.progress.counting();
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var request = posting.get(form);
    if (!request) return;
    posting.delete(form);
    request.progress.done();
    form.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.detail.target) failed(event.detail.target, "the connection failed");
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var response = event.detail.serverResponse;
    if (typeof response === "string") event.detail.serverResponse = fragmentOf(response);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.target;
    enhance(target);
    var heading = target.querySelector("h2, .error");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  // plotly loads with "defer" too; draw whatever is waiting once it is there.
  window.addEventListener("load", function () { drawCharts(document); });
})();
