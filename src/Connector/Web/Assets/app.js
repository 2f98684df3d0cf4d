// The CSM work queue. CRM text goes into the page with textContent only; the talk track, objection scripts and proposal
// documents arrive as HTML the server rendered and sanitized, and are the only innerHTML.
"use strict";

const select = document.getElementById("csm");
const list = document.getElementById("tasks");
const statusLine = document.getElementById("status");
const summary = document.getElementById("summary");
const empty = document.getElementById("empty");
const template = document.getElementById("task-template");
const proposalList = document.getElementById("proposals");
const proposalSection = document.getElementById("proposals-section");
const proposalTemplate = document.getElementById("proposal-template");

function say(text, isError) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", Boolean(isError));
}

// A connector bound beyond loopback requires its API key on every /api request: asked once, kept for this tab only.
const keyStore = "crmsuite-api-key";

function withKey(options) {
  const key = sessionStorage.getItem(keyStore);
  return key ? { ...options, headers: { ...(options && options.headers), "X-CrmSuite-Key": key } } : options;
}

async function getJson(url, options) {
  let response = await fetch(url, withKey(options));
  if (response.status === 401) {
    sessionStorage.removeItem(keyStore);
    const key = window.prompt("This connector asks for its API key (the Connector:ApiKey its admin set):");
    if (key) {
      sessionStorage.setItem(keyStore, key);
      response = await fetch(url, withKey(options));
    }
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
  }
  return body;
}

function humanize(word) {
  return word.replace(/_/g, " ");
}

async function loadCsms() {
  const csms = await getJson("/api/csms");
  select.replaceChildren();
  const prompt = new Option("Choose your name…", "");
  select.add(prompt);
  for (const csm of csms) {
    select.add(new Option(`${csm.name} (${csm.openTasks} open${deferredText(csm.deferred)})`, csm.id));
  }
  select.disabled = false;
  const wanted = new URLSearchParams(location.hash.slice(1)).get("csm");
  if (wanted && csms.some(c => c.id === wanted)) {
    select.value = wanted;
    await loadTasks();
  }
}

function renderTask(task, index) {
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.key = task.key;
  const headingId = `task-${task.key}`;
  const heading = item.querySelector(".subject");
  heading.id = headingId;
  heading.textContent = task.subject;
  item.querySelector("article").setAttribute("aria-labelledby", headingId);
  item.querySelector(".account-name").textContent = task.accountName;
  const due = item.querySelector(".due");
  due.textContent = task.overdue ? `Overdue since ${task.due}` : `Due ${task.due}`;
  due.classList.toggle("overdue", task.overdue);
  const priority = item.querySelector(".priority");
  priority.textContent = `${task.priority} priority`;
  priority.classList.add(task.priority);
  item.querySelector(".playbook").textContent = `${task.playbookTitle} · ${task.state}`;
  const why = task.why;
  item.querySelector(".reason-text").textContent = why.trigger;
  const facts = item.querySelector(".reason-facts");
  const fact = text => {
    const li = document.createElement("li");
    li.textContent = text;
    facts.append(li);
  };
  fact(`Playbook ${task.playbookTitle} (${task.playbookId} v${task.playbookVersion})` + (why.from ? `: ${why.from} → ${why.to}` : ""));
  for (const reading of why.readings) {
    fact(`${reading.signal} = ${reading.value}`);
  }
  for (const passed of why.passed || []) {
    fact(`Passed ${passed}`);
  }
  for (const outranked of why.outranked || []) {
    fact(`Outranked ${outranked}`);
  }
  const accountLink = item.querySelector(".account-link");
  if (accountLink) {
    accountLink.href = `/account.html#id=${encodeURIComponent(task.accountId)}`;
  }

  if (task.proposal) {
    const p = task.proposal;
    item.querySelector(".proposal").hidden = false;
    item.querySelector(".proposal-text").textContent =
      `Offer ${p.offerId}, issued ${p.issuedOn}, valid until ${p.expiresOn} (${p.status}).`;
  }

  const talkTrack = item.querySelector(".talk-track");
  if (task.talkTrackHtml) {
    talkTrack.open = index === 0;
    talkTrack.querySelector(".script").innerHTML = task.talkTrackHtml;
  } else {
    talkTrack.remove();
  }

  const objections = item.querySelector(".objections");
  for (const objection of task.objections) {
    const details = document.createElement("details");
    details.className = "objection";
    const title = document.createElement("summary");
    title.textContent = `Objection: ${objection.topic}`;
    const script = document.createElement("div");
    script.className = "script";
    script.innerHTML = objection.html;
    details.append(title, script);
    objections.append(details);
  }

  const outcomes = item.querySelector(".outcomes");
  for (const outcome of task.outcomes) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.outcome = outcome;
    button.textContent = humanize(outcome);
    button.addEventListener("click", () => complete(task, outcome, outcomes));
    outcomes.append(button);
  }
  return item;
}

async function loadTasks() {
  const id = select.value;
  history.replaceState(null, "", id ? `#csm=${encodeURIComponent(id)}` : location.pathname);
  if (!id) {
    list.replaceChildren();
    proposalList.replaceChildren();
    proposalSection.hidden = true;
    summary.textContent = "";
    empty.hidden = true;
    return;
  }
  list.setAttribute("aria-busy", "true");
  try {
    const queue = await getJson(`/api/csms/${encodeURIComponent(id)}/tasks`);
    list.replaceChildren(...queue.tasks.map(renderTask));
    const option = select.selectedOptions[0];
    if (option) option.textContent = `${queue.csm.name} (${queue.total} open${deferredText(queue.csm.deferred)})`;
    summary.textContent = (queue.total > queue.tasks.length
      ? `${queue.total} open tasks; showing the ${queue.tasks.length} due soonest.`
      : `${queue.total} open task${queue.total === 1 ? "" : "s"}, soonest due first.`)
      + (queue.csm.deferred > 0 ? ` ${queue.csm.deferred} more deferred beyond the weekly capacity: they arrive when a later week has room.` : "");
    empty.hidden = queue.total > 0;
    await loadProposals(id);
  } catch (error) {
    say(`Could not load the tasks: ${error.message}`, true);
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function renderProposal(proposal) {
  const item = proposalTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.key = proposal.key;
  item.querySelector(".proposal-title").textContent = `Offer ${proposal.offerId} for ${proposal.accountName}`;
  item.querySelector(".account").textContent = proposal.accountName;
  item.querySelector(".expires").textContent = `valid until ${proposal.expiresOn}`;
  item.querySelector(".proposes").textContent = proposal.proposes || "";
  const documentPart = item.querySelector(".document");
  if (proposal.documentHtml) {
    documentPart.querySelector(".script").innerHTML = proposal.documentHtml;
  } else {
    documentPart.remove();
  }
  const group = item.querySelector(".answer");
  for (const button of group.querySelectorAll("button")) {
    button.addEventListener("click", () => answer(proposal, button.dataset.answer, group));
  }
  return item;
}

async function loadProposals(id) {
  const proposals = await getJson(`/api/csms/${encodeURIComponent(id)}/proposals`);
  proposalList.replaceChildren(...proposals.map(renderProposal));
  proposalSection.hidden = proposals.length === 0;
}

async function answer(proposal, choice, group) {
  for (const b of group.querySelectorAll("button")) b.disabled = true;
  say(`Recording the answer to offer ${proposal.offerId}…`);
  try {
    const reason = group.querySelector(".decline-reason").value;
    const result = await getJson(`/api/proposals/${encodeURIComponent(proposal.key)}/answer`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(choice === "declined" ? { answer: choice, reason } : { answer: choice }),
    });
    const applied = result.applied.find(a => a.proposalKey === proposal.key);
    const license = applied && applied.license ? ` License: ${applied.license} (${applied.licenseDetail}).` : "";
    const what = result.pending ? "The playbook will advance at the next sync." : applied ? `Playbook: ${applied.result}.${license}` : "";
    say(`Recorded: the customer ${choice} offer ${proposal.offerId}. ${what}`);
    await loadTasks();
  } catch (error) {
    say(`Could not record the answer: ${error.message}`, true);
    for (const b of group.querySelectorAll("button")) b.disabled = false;
  }
}

async function complete(task, outcome, buttons) {
  for (const b of buttons.querySelectorAll("button")) b.disabled = true;
  say(`Completing “${task.subject}”…`);
  try {
    const result = await getJson(`/api/tasks/${encodeURIComponent(task.key)}/complete`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ outcome }),
    });
    const applied = result.applied.find(a => a.taskKey === task.key);
    const what = result.pending
      ? "The playbook will advance at the next sync."
      : applied ? `Playbook: ${applied.result}.` : "";
    say(`Completed “${task.subject}” as ${humanize(outcome)}. ${what}`);
    await loadTasks();
  } catch (error) {
    say(`Could not complete “${task.subject}”: ${error.message}`, true);
    for (const b of buttons.querySelectorAll("button")) b.disabled = false;
  }
}

select.addEventListener("change", loadTasks);
loadCsms().catch(error => say(`Could not load the CSMs: ${error.message}`, true));

// Tasks held beyond the CSM's weekly capacity (docs/routing.md), shown beside the open ones.
function deferredText(deferred) {
  return deferred > 0 ? `, ${deferred} deferred` : "";
}
