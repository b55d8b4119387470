// Small DOM and API helpers. Every piece of data enters the page through textContent or a
// checked attribute: article text is untrusted, so it is never parsed as HTML.

export const TYPE_COLOURS = {
  ASSAULT: "#c0392b", COERCE: "#e67e22", MOBILIZE: "#d35400", THREATEN: "#f1c40f", PROTEST: "#8e44ad",
  SANCTION: "#6c3483", ACCUSE: "#b7950b", REJECT: "#a04000", REQUEST: "#2874a6", CONSULT: "#2e86c1",
  AGREE: "#1e8449", SUPPORT: "#28b463", COOPERATE: "#117a65", AID: "#17a589", CONCEDE: "#5d6d7e", RETREAT: "#85929e",
};
export const colour = (type) => TYPE_COLOURS[type] || "#566573";

const SAFE_ATTRS = new Set(["class", "id", "title", "type", "name", "value", "for", "role", "colspan", "size",
  "placeholder", "min", "step", "aria-label", "data-id", "data-target", "download", "rel", "target", "lang"]);

/** el("a", {href: "#/x", class: "y"}, "text", child) — strings become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "href") node.setAttribute("href", safeHref(String(value)));
    else if (SAFE_ATTRS.has(key)) node.setAttribute(key, String(value));
    else throw new Error("attribute not allowed: " + key);
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only relative links, in-page anchors and http(s) URLs; anything else (javascript:, data:) is dropped. */
export function safeHref(value) {
  if (value.startsWith("#") || value.startsWith("/")) return value;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : "#";
  } catch (_err) {
    return "#";
  }
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function chip(type) {
  const node = el("span", {class: "chip"}, type);
  node.style.background = colour(type); // CSSOM, not a style attribute: allowed by the CSP
  return node;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

export async function api(path, params = {}, options = {}) {
  const response = await fetch("/api" + path + query(params), options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (body.error && body.error.message) || response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

export const names = (actors) => (actors || []).map((a) => a.name || "?").join(", ");

export function setStatus(message) {
  document.getElementById("status").textContent = message || "";
}
