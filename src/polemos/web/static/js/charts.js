// Timeline (events per day, stacked by type) and figures over time (best line, low–high band),
// drawn as SVG built node by node.
import { api, clear, colour, el, setStatus, svg } from "./dom.js";

const KINDS = {killed: "#c0392b", injured: "#e67e22", displaced: "#2874a6"};
const PAD = {left: 38, right: 10, top: 10, bottom: 22};

const DAY_MS = 86400000;
const dayNumber = (iso) => Date.parse(iso + "T00:00:00Z") / DAY_MS; // NaN for anything but YYYY-MM-DD
const isoDay = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);

// Every day from the first to the last: the timeline's bars (its day bucket spans a year at most;
// beyond that the server groups by month).
function days(from, to) {
  const out = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) out.push(isoDay(n));
  return out;
}

// x as a fraction (0–1) of the plot's width; the inner margin keeps the first and last bars inside.
function scaleX(width) {
  const inner = 10;
  return (f) => PAD.left + inner + f * (width - PAD.left - PAD.right - 2 * inner);
}

// The frame, the y axis and up to six date labels at the fractions given; returns y(value).
function frame(node, width, height, maxY, ticks) {
  clear(node);
  node.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const x = scaleX(width);
  const y = (v) => height - PAD.bottom - (v / (maxY || 1)) * (height - PAD.top - PAD.bottom);
  node.appendChild(svg("line", {x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0), stroke: "#99a"}));
  for (const v of [...new Set([0, Math.round(maxY / 2), maxY])]) {
    node.appendChild(svg("text", {x: PAD.left - 4, y: y(v) + 3, "text-anchor": "end", class: "axis"}, Math.round(v)));
  }
  for (const [f, label] of ticks) { // the last label ends at its tick, so it is not cut off
    node.appendChild(svg("text", {x: x(f), y: height - 6, "text-anchor": f === 1 ? "end" : "middle", class: "axis"}, label));
  }
  return y;
}

// Evenly spaced positions for n labels (bars, months); ticks at up to six of them.
function ordinal(labels) {
  const at = (i) => (labels.length <= 1 ? 0.5 : i / (labels.length - 1));
  const count = Math.min(6, labels.length);
  const ticks = [];
  for (let k = 0; k < count; k++) {
    const i = Math.round((k / Math.max(1, count - 1)) * (labels.length - 1));
    ticks.push([at(i), labels[i]]);
  }
  return {at, ticks};
}

// Days placed by their date, however long the span: a point's position comes from its own date,
// never from an index into a list of days (a capped list left later points at NaN).
function timeScale(isoDays) {
  const numbers = isoDays.map(dayNumber);
  const first = Math.min(...numbers), span = Math.max(...numbers) - first;
  const at = (iso) => (span ? (dayNumber(iso) - first) / span : 0.5);
  const ticks = [];
  for (let k = 0, count = span ? 6 : 1; k < count; k++) {
    const f = count > 1 ? k / (count - 1) : 0.5;
    ticks.push([f, isoDay(first + Math.round(f * span))]);
  }
  return {at, ticks};
}

export async function drawTimeline(node, filters) {
  const {items, bucket} = await api("/timeline", filters);
  if (!items.length) { clear(node); node.appendChild(svg("text", {x: 10, y: 20, class: "axis"}, "no dated events")); return; }
  // per month (the server's choice beyond a year): one bar per month that has events
  const dates = bucket === "month" ? [...new Set(items.map((it) => it.date))] : days(items[0].date, items[items.length - 1].date);
  const perDay = {};
  for (const it of items) (perDay[it.date] = perDay[it.date] || []).push(it);
  const maxY = Math.max(...Object.values(perDay).map((list) => list.reduce((n, it) => n + it.count, 0)));
  const width = 600, height = 170;
  const scale = ordinal(dates);
  const y = frame(node, width, height, maxY, scale.ticks);
  const x = (i) => scaleX(width)(scale.at(i));
  const barW = Math.max(1.5, Math.min(24, (width - PAD.left - PAD.right - 20) / dates.length - 1));
  dates.forEach((day, i) => {
    let base = 0;
    for (const it of (perDay[day] || []).sort((a, b) => a.type.localeCompare(b.type))) {
      const rect = svg("rect", {x: x(i) - barW / 2, y: y(base + it.count), width: barW,
        height: Math.max(0.5, y(base) - y(base + it.count)), fill: colour(it.type)},
        svg("title", {}, `${day}: ${it.count} ${it.type}`));
      node.appendChild(rect);
      base += it.count;
    }
  });
}

export async function drawFigures(node, filters) {
  const {items} = await api("/figures/series", filters);
  // a figure needs a day and a number to be drawn; anything else would be a NaN coordinate
  const shown = items.filter((it) => it.kind in KINDS && Number.isFinite(dayNumber(it.date)) && Number.isFinite(it.best))
    .sort((a, b) => a.date.localeCompare(b.date));
  const sources = clear(document.getElementById("figure-sources"));
  if (!shown.length) { clear(node); node.appendChild(svg("text", {x: 10, y: 20, class: "axis"}, "no killed / injured / displaced figures")); return; }
  const width = 600;
  const scale = timeScale(shown.map((it) => it.date));
  const maxY = Math.max(...shown.map((it) => it.high ?? it.best));
  const y = frame(node, width, 200, maxY, scale.ticks);
  const x = (it) => scaleX(width)(scale.at(it.date));
  for (const [kind, hue] of Object.entries(KINDS)) {
    const series = shown.filter((it) => it.kind === kind);
    if (!series.length) continue;
    const upper = series.map((it) => `${x(it)},${y(it.high ?? it.best)}`);
    const lower = series.slice().reverse().map((it) => `${x(it)},${y(it.low ?? it.best)}`);
    node.appendChild(svg("polygon", {points: upper.concat(lower).join(" "), fill: hue, class: "band"}));
    node.appendChild(svg("polyline", {points: series.map((it) => `${x(it)},${y(it.best)}`).join(" "),
      stroke: hue, class: "line"}));
    for (const it of series) {
      // A whisker from low to high: the band of a single day has no width.
      node.appendChild(svg("line", {x1: x(it), x2: x(it), y1: y(it.low ?? it.best),
        y2: y(it.high ?? it.best), stroke: hue, "stroke-width": 2, opacity: 0.6}));
      const dot = svg("circle", {cx: x(it), cy: y(it.best), r: 4, fill: hue, class: "pt"},
        svg("title", {}, `${it.date} ${kind}: best ${it.best} (range ${it.low}–${it.high}), ${it.reports} reports from ${it.sources} outlets`));
      dot.addEventListener("click", () => showSources(sources, filters, it));
      node.appendChild(dot);
    }
  }
  const keyRow = el("p", {class: "hint"});
  for (const [kind, hue] of Object.entries(KINDS)) {
    const sw = el("span", {class: "swatch"});
    sw.style.background = hue;
    keyRow.appendChild(el("span", {}, sw, kind + "  "));
  }
  sources.appendChild(keyRow);
}

async function showSources(box, filters, point) {
  clear(box);
  try {
    const body = await api("/figures", {...filters, kind: point.kind, from: point.date, to: point.date, limit: 50});
    box.appendChild(el("h3", {}, `${point.kind} on ${point.date}: ${body.total} reports`));
    const list = el("ul", {class: "figure-list"});
    for (const f of body.items) {
      const range = f.low !== null && f.high !== null && f.low !== f.high ? ` (${f.low}–${f.high})` : "";
      list.appendChild(el("li", {}, `${f.value}${range} ${f.kind} — “${f.evidence.text}” — `,
        f.article.url ? el("a", {href: f.article.url, rel: "noreferrer"}, f.article.source || "source") : (f.article.source || "?"),
        `, ${f.article.title || ""}`));
    }
    box.appendChild(list);
  } catch (err) { setStatus(err.message); }
}

export async function drawActorLinks(table, filters) {
  const body = await api("/actors/links", {...filters, sample: 1000});
  const tbody = clear(table.querySelector("tbody"));
  for (const link of body.items.slice(0, 40)) {
    const actorLink = el("a", {href: "#/", class: "actor-filter"}, link.actor);
    actorLink.addEventListener("click", (ev) => { ev.preventDefault(); document.dispatchEvent(new CustomEvent("filter-actor", {detail: link.actor})); });
    tbody.appendChild(el("tr", {}, el("td", {}, actorLink), el("td", {}, "→"), el("td", {}, link.recipient),
      el("td", {}, link.type ? chipFor(link.type) : ""), el("td", {}, String(link.count))));
  }
  if (!body.items.length) tbody.appendChild(el("tr", {}, el("td", {colspan: 5}, "no events with a named actor match")));
  let note = table.parentNode.querySelector(".links-note");
  if (!note) { note = el("p", {class: "hint links-note"}); table.after(note); }
  note.textContent = body.without_actor
    ? `${body.without_actor} of the ${body.events} newest matching events name no actor and are not shown.` : "";
}

function chipFor(type) {
  const node = el("span", {class: "chip"}, type);
  node.style.background = colour(type);
  return node;
}
