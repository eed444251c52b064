// The territory map drawn in the page by Leaflet (no iframe). Leaflet is served by the app
// (static/leaflet, from its npm package) and loaded once per page load: a map in an iframe was a
// page of its own, made anew on every visit (Leaflet's script read again, 450 KB for 300
// communes), which made the assessment the slowest page to switch to.
//
// Text stays text: every name, value and label is set with textContent, never as HTML. The
// look (colours, styles, text sizes) comes with the data, from components/map_style.py.
const TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';
const STYLE = `
.strategy-map { background: #ddd; }
.strategy-map .commune-name { width: max-content; transform: translate(-50%, -50%); white-space: nowrap; font-weight: 600; font-family: sans-serif;
  color: #1d2733; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }
.territory-legend { background: #fff; padding: 8px 10px; border-radius: 6px; color: #1d2733;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .3); line-height: 1.5; }
.territory-legend b { display: block; }
.territory-legend span { display: inline-block; width: 14px; height: 14px; margin-right: 6px;
  vertical-align: middle; border: 1px solid #9ca3af; }
.territory-legend.below { box-shadow: none; padding: 6px 0 0; }
`;

function leaflet(base) {
  if (!window.__strategyLeaflet) {
    const style = document.createElement("style");
    style.textContent = STYLE;
    document.head.appendChild(style);
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = `${base}/leaflet.css`;
    document.head.appendChild(css);
    window.__strategyLeaflet = new Promise((loaded, failed) => {
      const script = document.createElement("script");
      script.src = `${base}/leaflet.js`;
      script.onload = () => loaded(window.L);
      script.onerror = failed;
      document.head.appendChild(script);
    });
    window.__strategyLeaflet.catch(() => { window.__strategyLeaflet = null; }); // tried again next time
  }
  return window.__strategyLeaflet;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function legend(L, spec) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = element("div", undefined, "territory-legend");
    box.style.font = `${spec.legend_px}px sans-serif`;
    if (spec.value_label) box.appendChild(element("b", spec.value_label));
    for (const [colour, text] of spec.legend) {
      const row = element("div");
      const swatch = element("span");
      swatch.style.background = colour;
      row.append(swatch, text);
      box.appendChild(row);
    }
    return box;
  };
  return control;
}

function communeTooltip(props, label) {
  const box = element("div");
  box.appendChild(element("b", props.name));
  const value = element("div");
  if (label) {
    const title = element("span", `${label} `);
    title.style.color = "#6b7280";
    value.appendChild(title);
  }
  value.append(props.shown);
  box.appendChild(value);
  return box;
}

function draw(L, box, spec) {
  // Quarter zoom steps: the territory fills the map (whole steps left it a third of a projector).
  const map = L.map(box, { preferCanvas: true, zoomControl: !spec.projected, zoomSnap: 0.25, scrollWheelZoom: false });
  // The wheel scrolls the page until the map is clicked, and again once the pointer leaves it:
  // scrolling down the assessment, the map came under the pointer and the rest of the scroll
  // zoomed it out to the whole country.
  map.on("click", () => map.scrollWheelZoom.enable());
  // When the pointer leaves the map itself (not one of its parts, as Leaflet's own "mouseout").
  L.DomEvent.on(box, "mouseleave", () => map.scrollWheelZoom.disable());
  map.on("unload", () => L.DomEvent.off(box, "mouseleave"));
  // The legend before the view: the territory is fitted beside it, with a margin all round (a
  // commune at the edge was cut, the legend covered the north-east). Once: fitting again redrew
  // every commune, ~250 ms on 300 communes.
  const legendBox = placeLegend(L, map, box, spec);
  // The view before the layers: a layer added to a map without one cannot place itself.
  if (spec.bounds) {
    const right = legendBox ? legendBox.offsetWidth + 20 : 16;
    map.fitBounds(spec.bounds, { paddingTopLeft: [16, 16], paddingBottomRight: [right, 16] });
  } else map.setView([46.6, 2.4], 6);
  L.tileLayer(TILES, { attribution: ATTRIBUTION, maxZoom: 19 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  const communes = L.geoJSON(
    { type: "FeatureCollection", features: spec.communes.map((c) => ({ type: "Feature", geometry: c.geometry, properties: c })) },
    {
      smoothFactor: 1.5,
      style: (f) => ({ fillColor: f.properties.fill, ...spec.style.commune }),
      onEachFeature: (f, layer) => {
        layer.bindTooltip(() => communeTooltip(f.properties, spec.value_label), { sticky: true });
        layer.on("mouseover", () => layer.setStyle(spec.style.highlight));
        layer.on("mouseout", () => communes.resetStyle(layer));
      },
    },
  ).addTo(map);
  const labels = [];
  for (const [lat, lon, name] of spec.names) {
    const label = element("div", name, "commune-name");
    label.style.fontSize = `${spec.name_px}px`;
    labels.push(label);
    L.marker([lat, lon], { icon: L.divIcon({ html: label, className: "", iconSize: [0, 0] }), interactive: false }).addTo(map);
  }
  map.on("zoomend", () => declutter(labels, legendBox));
  if (spec.outline) {
    L.geoJSON(spec.outline, { style: spec.style.outline, interactive: false }).addTo(map);
  }
  for (const m of spec.markers) {
    const popup = element("div");
    popup.appendChild(element("b", m.label));
    if (m.detail) popup.append(element("br"), m.detail);
    L.circleMarker([m.lat, m.lon], { radius: 7, color: "#ffffff", weight: 2, fill: true, fillColor: m.colour, fillOpacity: 0.95 })
      .bindPopup(popup, { maxWidth: 300 })
      .bindTooltip(element("span", m.label))
      .addTo(map);
  }
  return { map, tidy: () => declutter(labels, legendBox) };
}

// Names that would overlap an earlier one, or the legend over the map, are hidden (the names come
// most populous commune first): at the territory's zoom, small communes' names around a town
// were written over each other.
// All read, then all written: a read after a write made the browser lay the page out again, once
// per name (a hidden name keeps its box, so it is measured as well).
function declutter(labels, legendBox) {
  const shown = legendBox ? [legendBox.getBoundingClientRect()] : [];
  const boxes = labels.map((label) => label.getBoundingClientRect());
  const hidden = boxes.map((r) => {
    const clash = shown.some((s) => r.left < s.right + 4 && s.left < r.right + 4 && r.top < s.bottom && s.top < r.bottom);
    if (!clash) shown.push(r);
    return clash;
  });
  labels.forEach((label, i) => { label.style.visibility = hidden[i] ? "hidden" : "visible"; });
}

// The legend over the map's top right corner, or under a narrow map (a phone), where it would
// cover a third of the territory.
const NARROW_PX = 560;

function placeLegend(L, map, box, spec) {
  if (!spec.legend.length) return null;
  if (box.clientWidth >= NARROW_PX) return legend(L, spec).addTo(map).getContainer();
  const below = legend(L, spec).onAdd();
  below.classList.add("below");
  box.after(below);
  box.__below = below;
  return null;
}

// The map drawn in a box, kept on the box: Streamlit may call this function again for the same
// element, and whichever cleanup it keeps must remove the map in place.
function forget(box) {
  if (box.__near) box.__near.disconnect();
  if (box.__observer) box.__observer.disconnect();
  if (box.__map) box.__map.remove();
  if (box.__below) box.__below.remove();
  box.__near = box.__observer = box.__map = box.__drawn = box.__below = null;
}

// The map drawn in the box from the element's data (`drawing`: this drawing, not a later one).
function show(box, data, drawing) {
  const spec = JSON.parse(data.map);
  leaflet(spec.assets)
    .then((L) => {
      if (box.__drawing !== drawing) return; // replaced or gone meanwhile
      box.textContent = "";
      const { map, tidy } = draw(L, box, spec);
      box.__map = map;
      // Drawn on its canvas at the next frame: the time is kept for the browser benchmark.
      requestAnimationFrame(() => {
        tidy();
        box.dataset.drawnAt = String(performance.now());
      });
      // The width of its container, followed (an expander opened, the sidebar folded).
      let width = box.clientWidth;
      box.__observer = new ResizeObserver(() => {
        if (!box.__map || !box.clientWidth || box.clientWidth === width) return;
        width = box.clientWidth;
        box.__map.invalidateSize();
      });
      box.__observer.observe(box);
    })
    .catch((error) => {
      console.error("map", error);
      forget(box);
      box.textContent = data.failed || "";
    });
}

export default function (component) {
  const { data, parentElement } = component;
  if (data.preload) {
    // Mounted on every page: Leaflet is fetched and read while the browser is idle, so the
    // first page with a map does not wait for it.
    (window.requestIdleCallback || setTimeout)(() => leaflet(data.preload).catch(() => {}));
    return () => {};
  }
  let box = parentElement.querySelector(".strategy-map");
  if (!box) {
    box = element("div", undefined, "strategy-map");
    box.setAttribute("role", "figure");
    parentElement.appendChild(box);
  }
  box.style.height = `${data.height}px`;
  box.setAttribute("aria-label", data.alt || "");
  if (box.__drawn !== data.map) {
    forget(box);
    box.__drawn = data.map;
    const drawing = (box.__drawing = {});
    whenNear(box, () => show(box, data, drawing));
  }
  return () => { box.__drawing = null; forget(box); };
}
