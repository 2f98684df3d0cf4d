// The CSM's account view. Everything shown is CRM or store text and goes into the page with textContent only.
"use strict";

const statusLine = document.getElementById("status");
const keyStore = "crmsuite-api-key";

function say(text, isError) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", Boolean(isError));
}

function withKey(options) {
  const key = sessionStorage.getItem(keyStore);
  return key ? { ...options, headers: { ...(options && options.headers), "X-CrmSuite-Key": key } } : options;
}

async function getJson(url) {
  let response = await fetch(url, withKey({}));
  if (response.status === 401) {
    sessionStorage.removeItem(keyStore);
    const key = window.prompt("This connector asks for its API key (the Connector:ApiKey its admin set):");
    if (key) {
      sessionStorage.setItem(keyStore, key);
      response = await fetch(url, withKey({}));
    }
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  return body;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function fill(id, rows, emptyText, columns) {
  const body = document.getElementById(id);
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = columns;
    td.className = "empty";
    td.textContent = emptyText;
    tr.append(td);
    body.append(tr);
  }
}

// The provenance of a task or proposal: the playbook and transition, each reading, the guardrails passed, the plays outranked.
function provenance(item, playbook, version, why) {
  item.querySelector(".reason-text").textContent = why.trigger;
  const facts = item.querySelector(".reason-facts");
  const fact = text => {
    const li = document.createElement("li");
    li.textContent = text;
    facts.append(li);
  };
  fact(`Playbook ${playbook} v${version}` + (why.from ? `: ${why.from} → ${why.to}` : ""));
  for (const reading of why.readings) fact(`${reading.signal} = ${reading.value}`);
  for (const passed of why.passed) fact(`Passed ${passed}`);
  for (const outranked of why.outranked) fact(`Outranked ${outranked}`);
}

function card(title, meta, playbook, version, why) {
  const item = document.getElementById("row-template").content.firstElementChild.cloneNode(true);
  item.querySelector(".subject").textContent = title;
  item.querySelector(".meta").textContent = meta;
  provenance(item, playbook, version, why);
  return item;
}

function show(view) {
  document.title = `${view.name} — CrmSuite`;
  document.getElementById("account-name").textContent = view.name;
  const problems = document.getElementById("problems");
  problems.replaceChildren(...view.problems.map(p => {
    const li = document.createElement("li");
    li.textContent = `Quarantined: ${p}`;
    return li;
  }));
  fill("signals", view.signals.map(s => row([s.signal, s.value])), "No signals: the account cannot be evaluated.", 2);
  fill("playbooks", view.playbooks.map(p => row([`${p.title} (${p.playbookId})`, `v${p.version}`, p.state, p.since.slice(0, 10)])),
    "No playbook has started for this account.", 4);
  document.getElementById("account-tasks").replaceChildren(...view.tasks.map(t => card(t.subject,
    `${t.status}${t.outcome ? ` (${t.outcome})` : ""} · due ${t.due} · opened ${t.createdAt.slice(0, 10)}`, t.playbookId, t.playbookVersion, t.why)));
  document.getElementById("account-proposals").replaceChildren(...view.proposals.map(p => card(`Offer ${p.offerId}`,
    `${p.status} · issued ${p.issuedOn} · valid until ${p.expiresOn}`, p.playbookId, p.playbookVersion, p.why)));
  fill("suppressed", view.suppressed.map(s => row([s.at.slice(0, 10), `${s.playbookId} v${s.playbookVersion}`, `${s.from} → ${s.to}`, s.rule, s.reason])),
    "No touch was suppressed.", 5);
  fill("licenses", view.licenses.map(l => row([l.effectiveOn, l.from, l.to,
    `${l.movement >= 0 ? "+" : ""}${l.movement.toFixed(2)} ${l.currency} (${l.mrrBefore.toFixed(2)} → ${l.mrrAfter.toFixed(2)})`])),
    "No license change.", 4);
}

async function load() {
  const id = new URLSearchParams(location.hash.slice(1)).get("id");
  if (!id) {
    say("No account chosen: open this page from a task of the work queue.", true);
    return;
  }
  try {
    show(await getJson(`/api/accounts/${encodeURIComponent(id)}`));
    say("");
  } catch (error) {
    say(`Could not load the account: ${error.message}`, true);
  }
}

window.addEventListener("hashchange", load);
load();
