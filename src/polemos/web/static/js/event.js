// The event page: every report of the event, the article's own words with the evidence
// highlighted, the attribution chain, figures with ranges, confidence — and the correction form.
import { api, append, chip, clear, el, names, setStatus } from "./dom.js";

let current = null;

export async function showEvent(id) {
  const head = clear(document.getElementById("event-head"));
  const reports = clear(document.getElementById("event-reports"));
  document.getElementById("c-status").textContent = "";
  let event;
  try {
    event = await api("/events/" + encodeURIComponent(id));
  } catch (err) {
    head.appendChild(el("p", {}, "Cannot show event " + id + ": " + err.message));
    return;
  }
  current = event;
  head.appendChild(el("h1", {}, chip(event.type), " ", (event.date.start || "undated"), " · ",
    (event.place && event.place.name) || "unlocated", event.reviewed ? el("span", {class: "reviewed"}, "reviewed") : null));
  const was = (field, text) => (event.original && field in event.original ? el("span", {class: "was", title: "machine reading"}, text(event.original[field])) : null);
  head.appendChild(el("dl", {class: "facts"},
    el("dt", {}, "Type"), el("dd", {id: "fact-type"}, event.type, was("type", (v) => v)),
    el("dt", {}, "Actors"), el("dd", {}, names(event.actors) || "—", was("actors", names)),
    el("dt", {}, "Recipients"), el("dd", {}, names(event.recipients) || "—", was("recipients", names)),
    el("dt", {}, "Place"), el("dd", {}, placeText(event.place), was("place", placeText)),
    el("dt", {}, "Date"), el("dd", {}, dateText(event.date)),
    el("dt", {}, "Modality"), el("dd", {}, (event.modality || []).join(", ") || "asserted"),
    el("dt", {}, "Confidence"), el("dd", {}, event.confidence === null ? "—" : event.confidence.toFixed(2)),
    el("dt", {}, "Sources"), el("dd", {}, `${event.sources} outlet${event.sources === 1 ? "" : "s"}, ${event.reports.length} report${event.reports.length === 1 ? "" : "s"}`),
    el("dt", {}, "ACLED"), el("dd", {}, event.acled ? `${event.acled.event_type} / ${event.acled.sub_event_type}` : "—"),
  ));
  event.reports.forEach((report, i) => reports.appendChild(reportCard(report, i + 1)));
  fillCorrectionValues();
}

function placeText(place) {
  if (!place) return "—";
  const where = [place.name, place.admin1, place.country].filter(Boolean).join(", ");
  return place.lat === null || place.lat === undefined ? where : `${where} (${place.lat.toFixed(2)}, ${place.lon.toFixed(2)})`;
}

function dateText(date) {
  if (!date.start) return "unknown";
  return (date.end && date.end !== date.start ? `${date.start} – ${date.end}` : date.start) + ` (${date.precision})` +
    (date.text ? ` “${date.text}”` : "");
}

function reportCard(report, n) {
  const a = report.article;
  const title = a.url ? el("a", {href: a.url, rel: "noreferrer", target: "_blank"}, a.title || "(untitled)") : (a.title || "(untitled)");
  const card = el("section", {class: "panel report", "data-id": a.id},
    el("h3", {}, `Report ${n}: `, title),
    el("p", {class: "hint"}, `${a.source || "unknown outlet"} · published ${a.published || "?"} · confidence ${report.confidence ?? "—"}` +
      ((report.modality || []).length ? ` · ${report.modality.join(", ")}` : "")),
  );
  if (report.reported_by.length) card.appendChild(el("p", {class: "chain"}, "Attribution: ", report.reported_by.join(" → "), " → the article"));
  for (const q of report.quotes) {
    card.appendChild(el("p", {class: "quote"}, `${q.kind} quote by ${q.speaker || "unnamed"}`,
      q.chain.length ? ` (chain: ${q.chain.join(" → ")})` : "", `: “${unquoted(q.content.text)}”`));
  }
  if (report.figures.length) {
    const table = el("table", {class: "figures"}, el("thead", {}, el("tr", {}, ...["Figure", "Best", "Low–high", "Group", "Source", ""].map((h) => el("th", {}, h)))));
    const body = el("tbody");
    for (const f of report.figures) {
      body.appendChild(el("tr", {}, el("td", {}, f.kind), el("td", {}, String(f.value ?? "?")),
        el("td", {}, `${f.low ?? "?"}–${f.high ?? "?"}`), el("td", {}, f.group || ""), el("td", {}, f.source_name || ""),
        el("td", {}, f.reviewed ? el("span", {class: "reviewed"}, "reviewed") : "")));
    }
    table.appendChild(body);
    card.appendChild(table);
  }
  card.appendChild(articleText(a.text, report));
  return card;
}

/** The article's text with the evidence (and inside it the trigger) highlighted; all text nodes. */
function articleText(text, report) {
  const box = el("div", {class: "article-text"});
  const ev = report.evidence;
  const trigger = report.trigger && report.trigger.start >= ev.start && report.trigger.end <= ev.end ? report.trigger : null;
  const mark = el("mark", {class: "evidence", title: "the words this event was read from"});
  if (trigger) {
    append(mark, [text.slice(ev.start, trigger.start), el("strong", {}, text.slice(trigger.start, trigger.end)), text.slice(trigger.end, ev.end)]);
  } else {
    mark.textContent = text.slice(ev.start, ev.end);
  }
  append(box, [text.slice(0, ev.start), mark, text.slice(ev.end)]);
  requestAnimationFrame(() => { box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - 40); });
  return box;
}

// --- correction form ---------------------------------------------------------------------------

export function setupCorrections(config) {
  const form = document.getElementById("correction-form");
  const tokenInput = document.getElementById("c-token");
  tokenInput.value = sessionStorage.getItem("polemos-token") || "";
  document.getElementById("c-field").addEventListener("change", fillCorrectionValues);
  if (!config.writes) {
    document.getElementById("c-status").textContent = "This server was started without a token: corrections are disabled.";
  }
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const status = document.getElementById("c-status");
    const data = new FormData(form);
    sessionStorage.setItem("polemos-token", data.get("token") || "");
    let body;
    try {
      body = correctionBody(data);
    } catch (err) {
      status.className = "err";
      status.textContent = err.message;
      return;
    }
    try {
      await api(`/events/${encodeURIComponent(current.id)}/corrections`, {}, {
        method: "POST", body: JSON.stringify(body),
        headers: {"Content-Type": "application/json", "Authorization": "Bearer " + (data.get("token") || "")},
      });
      await showEvent(current.id);
      status.className = "ok";
      status.textContent = `Correction of ${body.field} saved as a reviewed override.`;
    } catch (err) {
      status.className = "err";
      status.textContent = "Not saved: " + err.message;
    }
  });
}

function correctionBody(data) {
  const field = data.get("field");
  const body = {field, note: data.get("note") || "", reviewer: data.get("reviewer") || ""};
  const num = (name) => (data.get(name) === "" || data.get(name) === null ? null : Number(data.get(name)));
  if (field === "type") body.value = data.get("v-type");
  else if (field === "actors" || field === "recipients") body.value = String(data.get("v-names") || "").split(",").map((s) => s.trim()).filter(Boolean);
  else if (field === "place") body.value = {name: data.get("v-place") || "", country: data.get("v-country") || null, lat: num("v-lat"), lon: num("v-lon")};
  else {
    body.target = data.get("v-target") || "";
    body.value = {value: num("v-value"), low: num("v-low"), high: num("v-high")};
    for (const k of Object.keys(body.value)) if (body.value[k] === null) delete body.value[k];
  }
  return body;
}

function input(name, label, attrs = {}) {
  return el("label", {}, label, el("input", {name, ...attrs}));
}

function fillCorrectionValues() {
  const box = clear(document.getElementById("c-values"));
  if (!current) return;
  const field = document.getElementById("c-field").value;
  if (field === "type") {
    const select = el("select", {name: "v-type", id: "c-type"});
    for (const t of window.POLEMOS_TYPES || []) select.appendChild(el("option", {value: t}, t));
    select.value = current.type;
    box.appendChild(el("label", {}, "New type", select));
  } else if (field === "actors" || field === "recipients") {
    box.appendChild(input("v-names", "Names (comma-separated)", {value: names(current[field]), size: 30}));
  } else if (field === "place") {
    const p = current.place || {};
    box.append(input("v-place", "Place", {value: p.name || "", size: 14}), input("v-country", "Country", {value: p.country || "", size: 3}),
      input("v-lat", "Lat", {value: p.lat ?? "", size: 6}), input("v-lon", "Lon", {value: p.lon ?? "", size: 6}));
  } else {
    const select = el("select", {name: "v-target", id: "c-target"});
    for (const r of current.reports) for (const f of r.figures) {
      select.appendChild(el("option", {value: f.target}, `${f.kind} ${f.value} (${r.article.source || "?"})`));
    }
    if (!select.firstChild) select.appendChild(el("option", {value: ""}, "no figures in the reports"));
    box.append(el("label", {}, "Figure", select), input("v-value", "Best", {size: 5, type: "number", min: 0}),
      input("v-low", "Low", {size: 5, type: "number", min: 0}), input("v-high", "High", {size: 5, type: "number", min: 0}));
  }
}

export function clearStatus() { setStatus(""); }

/** A quote's words without the quotation marks the article put around them (we add our own). */
function unquoted(text) {
  return text.replace(/^\s*[“"‘']+/, "").replace(/[”"’']+\s*$/, "");
}
