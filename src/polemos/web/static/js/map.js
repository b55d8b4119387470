// The map: Natural Earth country outlines (vendored, offline), events grouped by place and
// type from /api/map, clustered on a pixel grid so dense areas stay readable.
import { api, clear, colour, el, names, setStatus } from "./dom.js";

const CELL = 56; // pixels: points closer than this at the current zoom share a cluster

export function createMap(container, config) {
  const map = L.map(container, {worldCopyJump: true, minZoom: 2, maxZoom: 12}).setView([25, 20], 3);
  map.attributionControl.setPrefix("Leaflet");
  if (config.tiles) {
    L.tileLayer(config.tiles, {attribution: "© OpenStreetMap contributors", maxZoom: 12}).addTo(map);
  }
  fetch("/static/vendor/world-atlas/countries-110m.json").then((r) => r.json()).then((topo) => {
    const countries = topojson.feature(topo, topo.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== "010"); // Antarctica dwarfs everything
    for (const f of countries.features) {
      if (f.id === "242" || f.id === "643") { // Fiji and Russia cross the antimeridian
        const fix = (ring) => ring.forEach((c) => { if (c[0] < 0) c[0] += 360; });
        (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates).forEach((p) => p.forEach(fix));
      }
    }
    L.geoJSON(countries, {style: {color: "#8a9bb0", weight: 0.7, fillColor: "#f4f1e8", fillOpacity: config.tiles ? 0.2 : 1},
      interactive: false}).addTo(map).bringToBack();
  });
  const layer = L.layerGroup().addTo(map);
  const state = {points: [], filters: {}};
  map.on("zoomend", () => draw(map, layer, state));
  return {
    map,
    async load(filters) {
      state.filters = filters;
      const body = await api("/map", filters);
      state.points = body.items;
      draw(map, layer, state);
      if (state.points.length) { // show what the filters selected
        const bounds = L.latLngBounds(state.points.map((p) => [p.lat, p.lon]));
        map.fitBounds(bounds.pad(0.3), {maxZoom: 6});
      }
      legend(state.points);
    },
  };
}

function draw(map, layer, state) {
  layer.clearLayers();
  const cells = new Map();
  for (const p of state.points) {
    const pt = map.project([p.lat, p.lon], map.getZoom());
    const key = Math.floor(pt.x / CELL) + ":" + Math.floor(pt.y / CELL);
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(p);
  }
  for (const members of cells.values()) {
    const places = new Set(members.map((m) => m.place + "|" + m.lat + "|" + m.lon));
    if (places.size > 1) layer.addLayer(clusterMarker(map, members, state));
    else layer.addLayer(placeMarker(members, state));
  }
}

function dominant(members) {
  const byType = {};
  for (const m of members) byType[m.type] = (byType[m.type] || 0) + m.count;
  return Object.entries(byType).sort((a, b) => b[1] - a[1])[0][0];
}

function clusterMarker(map, members, state) {
  const total = members.reduce((n, m) => n + m.count, 0);
  const size = Math.round(22 + Math.min(30, Math.sqrt(total) * 3));
  const lat = members.reduce((s, m) => s + m.lat, 0) / members.length;
  const lon = members.reduce((s, m) => s + m.lon, 0) / members.length;
  const node = el("div", {class: "cluster", title: total + " events in " + members.length + " place groups"}, String(total));
  node.style.background = colour(dominant(members));
  node.style.width = node.style.height = size + "px";
  const marker = L.marker([lat, lon], {icon: L.divIcon({html: node, className: "cluster-icon", iconSize: [size, size]})});
  // A click opens the cluster's newest events (one click from the map to an event, two to the
  // article's words); "zoom in" spreads it out instead.
  marker.bindPopup(() => clusterPopup(map, members, state, (box) => marker.setPopupContent(box)), {maxWidth: 420, minWidth: 260, maxHeight: 240});
  return marker;
}

const CLUSTER_PLACES = 5; // places listed in a cluster's popup (the busiest), a few events each

// ``relayout(box)``: called when events have arrived, so Leaflet re-measures the popup and pans
// the map to show all of it (it measured "loading…" when it opened).
function clusterPopup(map, members, state, relayout) {
  const byPlace = new Map();
  for (const m of members) {
    const key = m.place + "|" + m.lat + "|" + m.lon;
    const seen = byPlace.get(key) || {place: m.place, lat: m.lat, lon: m.lon, count: 0};
    seen.count += m.count;
    byPlace.set(key, seen);
  }
  const places = [...byPlace.values()].sort((a, b) => b.count - a.count);
  const total = places.reduce((n, p) => n + p.count, 0);
  const zoom = el("a", {href: "#/", class: "zoom-in"}, "zoom in");
  zoom.addEventListener("click", (ev) => {
    ev.preventDefault();
    map.closePopup();
    map.fitBounds(L.latLngBounds(members.map((m) => [m.lat, m.lon])).pad(0.5));
  });
  const box = el("div", {class: "popup"}, el("strong", {}, `${total} events in ${places.length} places`), " · ", zoom);
  const list = el("ul", {class: "popup-list"});
  box.appendChild(list);
  for (const p of places.slice(0, CLUSTER_PLACES)) {
    const item = el("li", {}, el("strong", {}, p.place || "?"), ` (${p.count})`);
    const sub = el("ul", {}, el("li", {}, "loading…"));
    item.appendChild(sub);
    list.appendChild(item);
    api("/events", {...state.filters, place: p.place, limit: 3}).then((body) => {
      clear(sub);
      for (const e of body.items) {
        if (!e.place || e.place.lat !== p.lat || e.place.lon !== p.lon) continue;
        sub.appendChild(el("li", {}, eventLink(e), " — ", e.evidence.text));
      }
      if (!sub.firstChild) sub.appendChild(el("li", {}, "no events match the filters here"));
      relayout(box);
    }).catch((err) => setStatus(err.message));
  }
  if (places.length > CLUSTER_PLACES) list.appendChild(el("li", {}, `and ${places.length - CLUSTER_PLACES} more places: zoom in`));
  return box;
}

function eventLink(e) {
  return el("a", {href: "#/event/" + e.id, class: "event-link"},
    (e.date.start || "?") + " · " + e.type + " · " + (names(e.actors) || "unknown actor"));
}

function placeMarker(members, state) {
  const first = members[0];
  const total = members.reduce((n, m) => n + m.count, 0);
  const marker = L.circleMarker([first.lat, first.lon], {
    radius: 6 + Math.min(14, Math.sqrt(total) * 2), color: "#fff", weight: 1.5,
    fillColor: colour(dominant(members)), fillOpacity: 0.85, className: "place-marker",
  });
  // Leaflet would parse a string tooltip as HTML; an element keeps the place name as text.
  marker.bindTooltip(el("span", {}, first.place + ": " + total + " event" + (total === 1 ? "" : "s")));
  marker.bindPopup(() => {
    const box = el("div", {class: "popup"}, el("strong", {}, first.place), " (" + (first.country || "?") + ")");
    const list = el("ul", {class: "popup-list"}, el("li", {}, "loading…"));
    box.appendChild(list);
    api("/events", {...state.filters, place: first.place, limit: 25}).then((body) => {
      clear(list);
      for (const e of body.items) {
        if (!e.place || e.place.lat !== first.lat || e.place.lon !== first.lon) continue;
        list.appendChild(el("li", {}, eventLink(e), " — ", e.evidence.text));
      }
      if (!list.firstChild) list.appendChild(el("li", {}, "no events match the filters here"));
      // the box itself as content now: Leaflet re-measures the popup and pans to show it all
      // (update() on a function content would call the function, and fetch, again)
      marker.setPopupContent(box);
    }).catch((err) => setStatus(err.message));
    return box;
  }, {maxWidth: 380, minWidth: 240, maxHeight: 240}); // scrolls inside the map, never under the page
  return marker;
}

function legend(points) {
  const box = clear(document.getElementById("legend"));
  const types = [...new Set(points.map((p) => p.type))].sort();
  for (const t of types) {
    const sw = el("span", {class: "swatch"});
    sw.style.background = colour(t);
    box.appendChild(el("span", {}, sw, t));
  }
  if (!types.length) box.appendChild(el("span", {}, "no located events match the filters"));
}
