// A Vega-Lite chart drawn by vega-embed, in the page itself (no iframe). The libraries are
// served by the app (static/vega, from their npm packages) and loaded once per page load; every
// later chart is drawn at once. Streamlit's own chart element costs ~50 ms of the browser's
// time per chart, whatever its size, which made each page with a chart slow to switch to.
//
// Text stays text: labels are drawn by Vega as SVG text, never as HTML.
const LIBS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
const BASE = "/app/static/vega/";

// The look of the app's other elements (Streamlit's own chart theme, light).
const GREY = "#808495";
const LINES = "#e6eaf1";
const theme = (font) => ({
  font,
  background: "#ffffff",
  fieldTitle: "verbal",
  // The width of the column, legends included; the height each chart sets is its plot's, and
  // a legend below adds to it (fitting both squeezed a plot under its legend).
  autosize: { type: "fit-x", contains: "padding" },
  title: { align: "left", anchor: "start", color: "#1d2733", fontWeight: 600, fontSize: 16, orient: "top", offset: 26 },
  axis: {
    labelFontSize: 12, labelFontWeight: "normal", labelColor: GREY, labelFont: font,
    titleFontSize: 14, titleFontWeight: "normal", titleColor: GREY, titleFont: font,
    ticks: false, domain: false, gridColor: LINES, titlePadding: 16, labelPadding: 8,
  },
  legend: {
    labelFontSize: 14, labelColor: GREY, labelFont: font, titleFontSize: 14, titleFontWeight: "normal",
    titleColor: GREY, titleFont: font, titlePadding: 8, labelPadding: 16, columnPadding: 8, rowPadding: 4, padding: 8,
  },
  view: { strokeWidth: 0, stroke: "transparent", continuousHeight: 350, continuousWidth: 400 },
  axisDiscrete: { grid: false }, axisXPoint: { grid: false }, axisTemporal: { grid: false }, axisXBand: { grid: false },
  bar: { binSpacing: 4, discreteBandSize: { band: 0.85 } },
  range: {
    category: ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a", "#6d3fc0", "#d5dae5"],
  },
});

function libraries() {
  if (!window.__strategyVega) {
    window.__strategyVega = LIBS.reduce(
      (ready, name) => ready.then(() => new Promise((loaded, failed) => {
        const script = document.createElement("script");
        script.src = BASE + name;
        script.onload = loaded;
        script.onerror = failed;
        document.head.appendChild(script);
      })),
      Promise.resolve(),
    );
    window.__strategyVega.catch(() => { window.__strategyVega = null; }); // tried again next time
  }
  return window.__strategyVega;
}

// The view drawn in a box, kept on the box: Streamlit may call this function again for the same
// element, and whichever cleanup it keeps must finalize the view in place (Vega listens to the
// window while a chart is shown).
function forget(box) {
  if (box.__near) box.__near.disconnect();
  if (box.__observer) box.__observer.disconnect();
  if (box.__view) box.__view.finalize();
  box.__near = box.__observer = box.__view = null;
  box.dataset.drawn = "";
}

// Until it is drawn, a chart holds a typical chart's height: charts below the fold are not all
// near the view at once, and the page's length is about right.
const WAITING_PX = 320;

// The chart drawn in the box from the element's data (`drawing`: this drawing, not a later one).
function show(box, data, drawing) {
  libraries()
    .then(() => {
      if (box.__drawing !== drawing) return null; // replaced or gone meanwhile
      const font = getComputedStyle(box).fontFamily;
      return window.vegaEmbed(box, { ...data.spec, width: "container" }, {
        renderer: "svg", actions: false, mode: "vega-lite", config: theme(font),
      });
    })
    .then((result) => {
      if (!result) return;
      if (box.__drawing !== drawing) { result.view.finalize(); return; }
      box.__view = result.view;
      box.style.minHeight = "";
      box.dataset.drawnAt = String(performance.now()); // for the browser benchmark
      // The width of its container, drawn again when that changes (an expander opened,
      // the sidebar folded): Vega itself only follows the window's size.
      let width = box.clientWidth;
      box.__observer = new ResizeObserver(() => {
        if (!box.__view || !box.clientWidth || box.clientWidth === width) return;
        width = box.clientWidth;
        try { box.__view.signal("width", width).runAsync(); } catch { /* a composed chart keeps its sizes */ }
      });
      box.__observer.observe(box);
    })
    .catch(() => {
      box.dataset.drawn = "";
      box.style.minHeight = "";
      box.textContent = data.failed || "";
    });
}

export default function (component) {
  const { data, parentElement } = component;
  if (data.preload) {
    // Mounted on every page: the libraries are fetched while the browser is idle, so the first
    // page with a chart does not wait for them.
    (window.requestIdleCallback || setTimeout)(() => libraries().catch(() => {}));
    return () => {};
  }
  let box = parentElement.querySelector(".strategy-chart");
  if (!box) {
    box = document.createElement("div");
    box.className = "strategy-chart";
    box.style.width = "100%";
    box.setAttribute("role", "figure");
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", data.alt || "");
  const wanted = JSON.stringify(data.spec);
  if (box.dataset.drawn !== wanted) {
    forget(box);
    box.dataset.drawn = wanted;
    const drawing = (box.__drawing = {});
    if (!box.firstChild) box.style.minHeight = `${WAITING_PX}px`; // a chart shown stays until replaced
    whenNear(box, () => show(box, data, drawing));
  }
  return () => { box.__drawing = null; forget(box); };
}
