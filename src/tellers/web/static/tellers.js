/* tellers: progressive enhancement. Every page works without this script.
 *
 * - A form with data-enhance="#target" is posted in the background, with a bar
 *   showing how much of the file is sent; the server answers with only the
 *   result (header X-Tellers-Fragment), which replaces #target.
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
    window.Plotly.newPlot(target, spec.data, spec.layout, {
      displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"]
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

  function show(target, html) {
    target.innerHTML = fragmentOf(html);
    enhance(target);
    var heading = target.querySelector("h2, .error");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  function failed(target, why) {
    target.innerHTML = "";
    var message = document.createElement("p");
    message.className = "error";
    message.setAttribute("role", "alert");
    message.textContent = "The server could not be reached: " + why;
    target.appendChild(message);
  }

  function submit(event) {
    var form = event.target;
    var target = document.querySelector(form.dataset.enhance);
    if (!target || !window.XMLHttpRequest || !window.FormData) return;
    event.preventDefault();
    form.setAttribute("aria-busy", "true");
    var progress = progressOf(form);
    progress.counting();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Tellers-Fragment", "1");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) progress.sent(e.loaded, e.total);
    });
    request.upload.addEventListener("load", progress.counting);
    request.addEventListener("load", function () { show(target, request.responseText); });
    request.addEventListener("error", function () { failed(target, "the connection failed"); });
    request.addEventListener("loadend", function () {
      progress.done();
      form.removeAttribute("aria-busy");
    });
    request.send(new FormData(form));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-enhance]").forEach(function (form) {
      form.addEventListener("submit", submit);
    });
    enhance(document);
  });
  // plotly loads with "defer" too; draw whatever is waiting once it is there.
  window.addEventListener("load", function () { drawCharts(document); });
})();
