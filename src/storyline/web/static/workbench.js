// storyline workbench: timeline zoom and claim highlighting; the pages work without it.
"use strict";

function setupTimeline(box) {
  var svg = box.querySelector("svg.timeline");
  if (!svg) return;
  var width = Number(box.dataset.width) || 900;
  var margin = 60;
  var state = { scale: 1, offset: 0 };

  function xOf(t) {
    return margin + (t - state.offset) * state.scale * (width - 2 * margin);
  }

  function draw() {
    svg.querySelectorAll(".tl-item").forEach(function (item) {
      var x = xOf(Number(item.dataset.t));
      item.querySelectorAll("circle").forEach(function (c) { c.setAttribute("cx", x); });
      item.querySelectorAll("line").forEach(function (l) { l.setAttribute("x1", x); l.setAttribute("x2", x); });
      item.querySelectorAll("rect").forEach(function (r) {
        var y = Number(r.getAttribute("y")) + 6;
        r.setAttribute("x", x - 6);
        r.setAttribute("transform", "rotate(45 " + x + " " + y + ")");
      });
      item.querySelectorAll("text").forEach(function (t) {
        t.setAttribute("x", x + Number(t.dataset.dx || 0));
      });
    });
    svg.dataset.scale = String(state.scale);
    svg.dataset.offset = String(state.offset);
  }

  function zoom(factor, centre) {
    var c = centre === undefined ? state.offset + 0.5 / state.scale : centre;
    state.scale = Math.min(64, Math.max(1, state.scale * factor));
    state.offset = Math.min(1 - 1 / state.scale, Math.max(0, c - 0.5 / state.scale));
    draw();
  }

  box.querySelector(".zoom-in").addEventListener("click", function () { zoom(2); });
  box.querySelector(".zoom-out").addEventListener("click", function () { zoom(0.5); });
  function pan(step) {
    state.offset = Math.min(1 - 1 / state.scale, Math.max(0, state.offset + step / state.scale));
    draw();
  }

  box.querySelector(".pan-left").addEventListener("click", function () { pan(-0.25); });
  box.querySelector(".pan-right").addEventListener("click", function () { pan(0.25); });
  box.querySelector(".zoom-reset").addEventListener("click", function () {
    state.scale = 1; state.offset = 0; draw();
  });
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box2 = svg.getBoundingClientRect();
    var px = (event.clientX - box2.left) / box2.width * width;
    var t = state.offset + (px - margin) / ((width - 2 * margin) * state.scale);
    zoom(event.deltaY < 0 ? 1.5 : 1 / 1.5, t);
  }, { passive: false });
}

function setupClaims() {
  document.querySelectorAll(".hl[data-claim]").forEach(function (span) {
    span.addEventListener("click", function () {
      var card = document.getElementById("claim-" + span.dataset.claim);
      if (!card) return;
      card.open = true;
      card.scrollIntoView({ block: "center" });
    });
  });
}

function setupMatrix() {
  // Without this script the cells still work as links to :target panels; with it the page
  // does not jump and the chosen cell stays marked.
  document.querySelectorAll("td.cell a.cell-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var detail = document.getElementById(link.getAttribute("href").slice(1));
      if (!detail) return;
      event.preventDefault();
      document.querySelectorAll(".cell-detail.open").forEach(function (d) { d.classList.remove("open"); });
      document.querySelectorAll("td.cell.chosen").forEach(function (c) { c.classList.remove("chosen"); });
      detail.classList.add("open");
      link.parentElement.classList.add("chosen");
    });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".timeline-box").forEach(setupTimeline);
  setupClaims();
  setupMatrix();
});
