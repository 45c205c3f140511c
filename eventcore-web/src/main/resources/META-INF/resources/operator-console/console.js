/*
 * EventCore's operator console: plain JavaScript, no library, nothing loaded from elsewhere.
 * Every data call goes to this server's /api/v1 with the pasted bearer token; the page itself
 * holds no data. Text from the store is always set as text (textContent), never as HTML.
 */
"use strict";

const API = new URL("../api/v1", document.baseURI).pathname;
const TOKEN_KEY = "eventcore.console.token";
const CHART_POINTS = 60;

const state = { timers: [], feed: null, history: [], lastSummary: null, streamsAfter: null, streamsSearch: 0 };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "onclick") node.addEventListener("click", value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Who the token says the caller is (shown, not trusted: the server checks every call). */
function caller() {
  try {
    const part = token().split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(part));
    return (claims.upn || claims.preferred_username || claims.sub || "?") + " — " + (claims.groups || []).join(", ");
  } catch (e) {
    return "a token that is not a JWT";
  }
}

function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

/** Calls the API with the token; a problem document becomes an error with its detail. */
async function api(path, options = {}) {
  const response = await fetch(API + path, {
    ...options,
    headers: { Accept: "application/json", Authorization: "Bearer " + token(), ...(options.headers || {}) },
    cache: "no-store",
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const detail = body.detail || body.title || response.statusText;
    throw new Error(response.status + " " + detail + (body.code ? " (" + body.code + ")" : ""));
  }
  return body;
}

function every(ms, work) {
  const run = () => work().catch((e) => showError(e.message));
  run();
  state.timers.push(setInterval(run, ms));
}

function stopViewWork() {
  state.timers.forEach(clearInterval);
  state.timers = [];
  if (state.feed) {
    state.feed.abort();
    state.feed = null;
  }
}

function showView(name) {
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== "view-" + name;
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("current", link.dataset.view === name);
  }
}

function route() {
  stopViewWork();
  showError("");
  const signedIn = !!token();
  $("nav").hidden = !signedIn;
  $("who").textContent = signedIn ? caller() : "";
  $("sign-out").hidden = !signedIn;
  if (!signedIn) {
    showView("sign-in");
    return;
  }
  const hash = location.hash.replace(/^#\/?/, "");
  const [view, ...rest] = hash.split("/");
  const argument = decodeURIComponent(rest.join("/"));
  switch (view) {
    case "stream": return streamView(argument);
    case "links": return linksView(argument);
    case "feed": return feedView();
    case "projections": return projectionsView();
    case "metrics": return metricsView();
    default: return streamsView();
  }
}

/* ---------- streams ---------- */

function streamsView() {
  showView("streams");
  findStreams(false);
}

async function findStreams(more) {
  const list = $("stream-list");
  const search = ++state.streamsSearch; // only the newest search may fill the list
  const query = new URLSearchParams({ prefix: $("stream-prefix").value, limit: "100" });
  if (more && state.streamsAfter) query.set("after", state.streamsAfter);
  try {
    const page = await api("/operator/streams?" + query);
    if (search !== state.streamsSearch) return;
    const rows = page.streams.map((stream) =>
      el("tr", { dataset: { stream: stream.streamId } },
        el("td", {}, el("a", { class: "stream-link", href: "#/stream/" + encodeURIComponent(stream.streamId) }, stream.streamId)),
        el("td", {}, stream.version)));
    if (more) list.append(...rows);
    else list.replaceChildren(...rows);
    state.streamsAfter = page.next || null;
    $("stream-more").hidden = !page.next;
  } catch (e) {
    if (search === state.streamsSearch) showError(e.message);
  }
}

function idLink(id) {
  return el("a", { class: "link-id mono", href: "#/links/" + encodeURIComponent(id) }, id);
}

/** A row per event, and a hidden row below it with the payload and metadata. */
function eventRows(event, columns) {
  const row = el("tr", { class: "event", dataset: { eventId: event.eventId, type: event.type } },
    ...columns.map((c) => el("td", {}, c(event))));
  const metadata = event.metadata || {};
  const links = el("p", {},
    "Event ", idLink(event.eventId),
    metadata.correlationId ? el("span", {}, " · correlation ", idLink(metadata.correlationId)) : null,
    metadata.causationId ? el("span", {}, " · causation ", idLink(metadata.causationId)) : null);
  const detail = el("tr", { class: "detail", hidden: "" },
    el("td", { colspan: String(columns.length) },
      links,
      el("strong", {}, "Payload (", event.type, ", schema ", event.schemaVersion, ")"),
      el("pre", { class: "payload" }, JSON.stringify(event.data, null, 2)),
      el("strong", {}, "Metadata"),
      el("pre", { class: "metadata" }, JSON.stringify(metadata, null, 2))));
  row.addEventListener("click", (click) => {
    if (click.target.tagName !== "A") detail.hidden = !detail.hidden;
  });
  return [row, detail];
}

const time = (e) => new Date(e.recordedAt).toLocaleString();

async function streamView(streamId) {
  showView("stream");
  $("stream-title").textContent = streamId;
  const body = $("stream-events");
  body.replaceChildren();
  try {
    const read = await api("/streams/" + encodeURIComponent(streamId) + "?limit=1000");
    $("stream-version").textContent = "version " + read.version;
    for (const event of read.events) {
      body.append(...eventRows(event, [
        (e) => e.version, (e) => e.position, (e) => e.type, time,
        (e) => (e.metadata && e.metadata.correlationId ? idLink(e.metadata.correlationId) : ""),
      ]));
    }
  } catch (e) {
    showError(e.message);
  }
}

const streamColumns = [
  (e) => el("a", { href: "#/stream/" + encodeURIComponent(e.streamId) }, e.streamId),
  (e) => e.version, (e) => e.position, (e) => e.type, time,
];

async function linksView(id) {
  showView("links");
  $("links-title").textContent = id;
  const body = $("links-events");
  body.replaceChildren();
  try {
    const linked = await api("/links/" + encodeURIComponent(id));
    $("links-window").textContent = "The event with this id anywhere; events with it as correlation or causation id among the newest "
      + linked.windowEvents + " events.";
    for (const event of linked.events) body.append(...eventRows(event, streamColumns));
  } catch (e) {
    showError(e.message);
  }
}

/* ---------- live feed: server-sent events read with fetch, which can send the token ---------- */

async function feedView() {
  showView("feed");
  const status = $("feed-status");
  const body = $("feed-events");
  body.replaceChildren();
  status.textContent = "connecting…";
  const controller = new AbortController();
  state.feed = controller;
  try {
    const summary = await api("/operator/summary");
    const response = await fetch(API + "/events/stream?after=" + encodeURIComponent(summary.feedEnd), {
      headers: { Accept: "text/event-stream", Authorization: "Bearer " + token() },
      signal: controller.signal,
      cache: "no-store",
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(response.status + " " + (problem.detail || response.statusText));
    }
    status.textContent = "live";
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, ""));
        if (data.length) {
          const [row, detail] = eventRows(JSON.parse(data.join("\n")), streamColumns);
          row.classList.add("fresh");
          body.prepend(row, detail);
          while (body.children.length > 400) body.lastElementChild.remove();
        }
      }
    }
    status.textContent = "ended by the server";
  } catch (e) {
    if (!controller.signal.aborted) {
      status.textContent = "disconnected";
      showError(e.message);
    }
  }
}

/* ---------- projections ---------- */

function projectionsView() {
  showView("projections");
  every(1000, refreshProjections);
}

async function projectionAction(name, action) {
  try {
    await api("/projections/" + encodeURIComponent(name) + "/" + action, { method: "POST" });
    await refreshProjections();
  } catch (e) {
    showError(e.message);
  }
}

async function refreshProjections() {
  const answer = await api("/projections");
  const drawn = JSON.stringify(answer);
  if (drawn === state.projectionsDrawn && $("projection-list").children.length) return;
  state.projectionsDrawn = drawn; // redrawn only when something changed
  $("projections-node").textContent = "this server: " + answer.node + (answer.runsHere ? "" : " (runs none)");
  const rows = answer.projections.map((p) => {
    const rebuild = p.rebuild;
    const percent = rebuild ? rebuild.percent : null;
    const progress = rebuild
      ? el("span", {},
          el("progress", { max: "100", value: String(percent) }),
          " ", el("span", { class: "percent" }, percent + " %"),
          " ", rebuild.finished ? "done" : rebuild.processed + " / " + rebuild.total + ", " + rebuild.eventsPerSecond + " events/s")
      : "—";
    const data = { projection: p.name, status: p.status };
    if (rebuild) data.rebuildStarted = rebuild.startedAt;
    return el("tr", { dataset: data },
      el("td", {}, p.name),
      el("td", { class: "status-" + p.status }, p.status),
      el("td", {}, el("span", { class: "mono", title: p.checkpoint || "" }, p.checkpoint || "—"),
        p.eventsProcessed !== undefined ? el("div", { class: "hint" }, p.eventsProcessed + " events handled") : null),
      el("td", {}, p.eventsBehind + " events, " + p.secondsBehind + " s"),
      el("td", {}, p.owner || "—"),
      el("td", {}, p.failure || p.lastError || "—"),
      el("td", { class: "rebuild" }, progress),
      el("td", {},
        el("button", { type: "button", class: "rebuild-button", onclick: () => projectionAction(p.name, "rebuild") }, "Rebuild"),
        " ",
        el("button", { type: "button", class: "resume-button", onclick: () => projectionAction(p.name, "resume") }, "Resume")));
  });
  $("projection-list").replaceChildren(...rows);
}

/* ---------- metrics: charts of rates and latencies, hot streams ---------- */

function metricsView() {
  showView("metrics");
  every(3000, refreshMetrics);
}

async function refreshMetrics() {
  const [summary, hot] = await Promise.all([api("/operator/summary"), api("/operator/hot-streams")]);
  const previous = state.lastSummary;
  state.lastSummary = summary;
  $("metrics-at").textContent = "as of " + new Date(summary.at).toLocaleTimeString();
  if (previous) {
    const seconds = Math.max(0.001, (Date.parse(summary.at) - Date.parse(previous.at)) / 1000);
    const rate = (key) => Math.max(0, ((summary.totals[key] || 0) - (previous.totals[key] || 0)) / seconds);
    const worst = (key) => Math.max(0, ...summary.commands.map((c) => c[key] || 0));
    state.history.push({
      rate: rate("executions"),
      conflicts: rate("conflict-retried") + rate("conflict-exhausted"),
      retries: rate("retries"),
      p50: worst("p50Ms"), p95: worst("p95Ms"), p99: worst("p99Ms"),
    });
    if (state.history.length > CHART_POINTS) state.history.shift();
  }
  chart("chart-rate", [state.history.map((h) => h.rate)]);
  chart("chart-latency", [state.history.map((h) => h.p50), state.history.map((h) => h.p95), state.history.map((h) => h.p99)]);
  chart("chart-conflicts", [state.history.map((h) => h.conflicts), state.history.map((h) => h.retries)]);

  $("command-list").replaceChildren(...summary.commands.map((c) =>
    el("tr", { dataset: { command: c.command } },
      el("td", {}, c.command), el("td", {}, c.executions),
      el("td", {}, c.outcomes.success), el("td", {}, c.outcomes.rejected),
      el("td", {}, c.outcomes["conflict-retried"]), el("td", {}, c.outcomes["conflict-exhausted"]),
      el("td", {}, c.outcomes.failed),
      el("td", {}, c.p50Ms ?? "—"), el("td", {}, c.p95Ms ?? "—"), el("td", {}, c.p99Ms ?? "—"))));

  $("hot-total").textContent = hot.totalConflicts + " stream conflicts in all; top " + hot.capacity + " kept";
  $("hot-streams").replaceChildren(...hot.streams.map((s) =>
    el("tr", { dataset: { stream: s.streamId } },
      el("td", {}, el("a", { href: "#/stream/" + encodeURIComponent(s.streamId) }, s.streamId)),
      el("td", { class: "conflicts" }, s.conflicts),
      el("td", {}, s.overcount))));
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A line chart of one to three series, scaled to their maximum, newest on the right. */
function chart(id, series) {
  const width = 320, height = 140, left = 34, bottom = 14, top = 6;
  const max = Math.max(1e-9, ...series.flat());
  const nodes = [
    svg("line", { class: "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom }),
    svg("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom }),
    svg("text", { x: 0, y: top + 8 }, formatNumber(max)),
    svg("text", { x: 0, y: height - bottom }, "0"),
    svg("text", { x: left, y: height - 2 }, series[0].length ? series[0].length * 3 + " s ago" : "waiting for data…"),
  ];
  series.forEach((values, index) => {
    if (values.length < 2) return;
    const step = (width - left) / (CHART_POINTS - 1);
    const start = width - (values.length - 1) * step;
    const points = values.map((v, i) =>
      (start + i * step).toFixed(1) + "," + (height - bottom - (v / max) * (height - bottom - top)).toFixed(1));
    nodes.push(svg("polyline", { class: "s" + index, points: points.join(" ") }));
  });
  $(id).replaceChildren(...nodes);
}

function formatNumber(n) {
  return n >= 100 ? Math.round(n).toString() : n >= 1 ? n.toFixed(1) : n.toFixed(2);
}

/* ---------- start ---------- */

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in").addEventListener("click", () => {
    const value = $("token-input").value.trim().replace(/^Bearer\s+/i, "");
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
      $("token-input").value = "";
      if (!location.hash) location.hash = "#/streams";
      route();
    }
  });
  $("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    route();
  });
  $("stream-search").addEventListener("click", () => findStreams(false));
  $("stream-more").addEventListener("click", () => findStreams(true));
  $("stream-prefix").addEventListener("keydown", (key) => {
    if (key.key === "Enter") findStreams(false);
  });
  window.addEventListener("hashchange", route);
  route();
});
