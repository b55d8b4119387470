// Dashboard wiring: filters (kept in the URL hash), panels, routing between the dashboard and
// an event page. Everything is fetched from this server's /api; nothing leaves the machine.
import { api, chip, clear, el, names, query, setStatus } from "./dom.js";
import { createMap } from "./map.js";
import { drawActorLinks, drawFigures, drawTimeline } from "./charts.js";
import { setupCorrections, showEvent } from "./event.js";

const PAGE = 25;
const FILTER_KEYS = ["type", "actor", "place", "country", "from", "to", "text", "modality"];
const state = {filters: {}, offset: 0, map: null, loadedKey: null};

async function start() {
  const config = await api("/config");
  window.POLEMOS_TYPES = config.types;
  const typeSelect = document.getElementById("f-type");
  for (const t of config.types) typeSelect.appendChild(el("option", {value: t}, t));
  const modSelect = document.getElementById("f-modality");
  for (const m of config.modalities) modSelect.appendChild(el("option", {value: m}, m));
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const filters = {};
    for (const k of FILTER_KEYS) if (data.get(k)) filters[k] = String(data.get(k)).trim();
    location.hash = "#/" + query(filters);
  });
  form.addEventListener("reset", () => setTimeout(() => { location.hash = "#/"; }, 0));
  document.addEventListener("filter-actor", (ev) => { location.hash = "#/" + query({...state.filters, actor: ev.detail}); });
  document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); loadTable(); });
  document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; loadTable(); });
  setupCorrections(config);
  state.config = config;
  window.addEventListener("hashchange", route);
  await route();
}

function parseHash() {
  const hash = location.hash || "#/";
  const m = hash.match(/^#\/event\/([A-Za-z0-9_]+)$/);
  if (m) return {page: "event", id: m[1]};
  const q = new URLSearchParams(hash.split("?")[1] || "");
  const filters = {};
  for (const k of FILTER_KEYS) if (q.get(k)) filters[k] = q.get(k);
  return {page: "dashboard", filters};
}

async function route() {
  const where = parseHash();
  const dash = document.getElementById("dashboard");
  const page = document.getElementById("event-page");
  setStatus("");
  if (where.page === "event") {
    dash.hidden = true;
    page.hidden = false;
    document.getElementById("back").setAttribute("href", "#/" + query(state.filters));
    await showEvent(where.id);
    window.scrollTo(0, 0);
    return;
  }
  page.hidden = true;
  dash.hidden = false;
  if (!state.map) state.map = createMap(document.getElementById("map"), state.config);
  state.map.map.invalidateSize();
  const key = JSON.stringify(where.filters);
  if (key === state.loadedKey) return;
  state.loadedKey = key;
  state.filters = where.filters;
  state.offset = 0;
  syncForm();
  await loadAll();
}

function syncForm() {
  const form = document.getElementById("filters");
  for (const k of FILTER_KEYS) form.elements[k].value = state.filters[k] || "";
  for (const a of document.querySelectorAll("#exports a[data-format]")) {
    a.setAttribute("href", "/api/export/" + a.dataset.format + query(state.filters));
  }
  const report = document.getElementById("report-link");
  const f = state.filters;
  if (f.country && f.from && f.to) {
    report.setAttribute("href", "/api/report" + query({country: f.country, from: f.from, to: f.to}));
    report.title = "Situation report for the filtered country and period";
  } else {
    report.setAttribute("href", "#/" + query(f));
    report.title = "Set country, from and to to write a situation report";
  }
}

async function loadAll() {
  const f = state.filters;
  const jobs = [state.map.load(f), drawTimeline(document.getElementById("timeline"), f),
    drawFigures(document.getElementById("figures-chart"), f), drawActorLinks(document.getElementById("actor-links"), f), loadTable()];
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) setStatus(failed.reason.message);
  document.body.dataset.loaded = "yes";
}

async function loadTable() {
  const body = await api("/events", {...state.filters, limit: PAGE, offset: state.offset});
  const tbody = clear(document.querySelector("#events-table tbody"));
  for (const e of body.items) {
    const who = names(e.actors) + (e.recipients.length ? " → " + names(e.recipients) : "");
    tbody.appendChild(el("tr", {"data-id": e.id},
      el("td", {}, el("a", {href: "#/event/" + e.id, class: "event-link"}, e.date.start || "?")),
      el("td", {}, chip(e.type), e.reviewed ? " ✓" : ""), el("td", {}, who || "—"),
      el("td", {}, e.place ? `${e.place.name} (${e.place.country || "?"})` : "—"),
      el("td", {}, String(e.sources)), el("td", {}, e.confidence === null ? "—" : e.confidence.toFixed(2)),
      el("td", {class: "evidence", title: e.evidence.text}, clip(e.evidence.text, 180))));
  }
  if (!body.items.length) tbody.appendChild(el("tr", {}, el("td", {colspan: 7}, "no events match the filters")));
  const last = Math.min(body.total, state.offset + body.items.length);
  document.getElementById("events-count").textContent = `${body.total} matching`;
  document.getElementById("page-info").textContent = body.total ? `${state.offset + 1}–${last} of ${body.total}` : "";
  document.getElementById("prev").disabled = state.offset === 0;
  document.getElementById("next").disabled = last >= body.total;
}

function clip(text, n) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

start().catch((err) => setStatus("The dashboard could not start: " + err.message));
