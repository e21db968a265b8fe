// ChiBo web form: loads the review, lets the secretary fill it on one screen, and sends back only what changed.
// No library, nothing from the internet. Opened as a Telegram Mini App (initData in the address's #fragment) or from
// a signed link (the page carries a session token).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const hash = new URLSearchParams(location.hash.slice(1));
  const session = document.querySelector('meta[name="chibo-session"]').content;
  const initData = hash.get("tgWebAppData");
  const reviewId = new URLSearchParams(location.search).get("id");
  const api = "../api/review" + (session ? "" : "?id=" + encodeURIComponent(reviewId || ""));
  const auth = session ? "session " + session : "tma " + (initData || "");
  const STATUSES = [["Unknown", "Chưa điểm danh"], ["Present", "Có mặt"], ["AbsentWithReason", "Vắng có lý do"],
    ["AbsentWithoutReason", "Vắng không lý do"], ["Exempt", "Miễn sinh hoạt"]];
  let state = null;
  const dirty = { meeting: false, attendance: new Set(), dues: new Set(), scores: new Set(), conclusion: false, tasks: false };

  applyTheme();
  telegram("web_app_ready");
  telegram("web_app_expand");

  // Inside Telegram (no telegram-web-app.js: nothing is loaded from another site), events go to the app directly.
  function telegram(eventType) {
    if (!initData) return;
    try {
      if (window.TelegramWebviewProxy) window.TelegramWebviewProxy.postEvent(eventType, "");
      else if (window.parent !== window) window.parent.postMessage(JSON.stringify({ eventType, eventData: "" }), "*");
    } catch (e) { /* not inside Telegram: nothing to tell */ }
  }

  function applyTheme() {
    let theme = null;
    try { theme = JSON.parse(hash.get("tgWebAppThemeParams") || "null"); } catch (e) { theme = null; }
    if (!theme) return;
    const names = { bg_color: "bg", text_color: "text", hint_color: "hint", link_color: "link", button_color: "button",
      button_text_color: "button-text", secondary_bg_color: "secondary-bg" };
    for (const [key, name] of Object.entries(names))
      if (/^#[0-9a-fA-F]{3,8}$/.test(theme[key] || "")) document.documentElement.style.setProperty("--tg-" + name, theme[key]);
  }

  const fmt = (n) => String(n).replace(".", ",");
  const parsePoints = (text) => {
    const t = text.trim().replace(",", ".");
    return /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  };
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const c of children) if (c != null) node.append(c);
    return node;
  }
  function say(text, errors) {
    const box = $("status");
    box.replaceChildren(el("p", { textContent: text, className: errors ? "error" : "" }));
    if (errors && errors.length) box.append(el("ul", {}, ...errors.map((e) => el("li", { textContent: e, className: "error" }))));
    box.scrollIntoView({ block: "nearest" });
  }

  async function call(method, body) {
    const response = await fetch(api, {
      method, headers: { "Authorization": auth, "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined, credentials: "omit",
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { status: response.status, data };
  }

  async function load() {
    const { status, data } = await call("GET");
    $("app").setAttribute("aria-busy", "false");
    if (status !== 200) { say((data.errors || ["Không mở được biểu."]).join(" "), true); $("title").textContent = ""; return; }
    render(data.state);
  }

  function render(s) {
    state = s;
    $("title").textContent = s.cell + " — " + s.month;
    $("date").value = s.meeting.date || "";
    $("start").value = s.meeting.start || "";
    $("end").value = s.meeting.end || "";
    $("thematic").checked = s.meeting.thematic;
    for (const id of ["date", "start", "end", "thematic"]) $(id).onchange = () => { dirty.meeting = true; };
    renderAttendance(s);
    renderDues(s);
    renderCriteria(s);
    $("conclusion").value = s.conclusion || "";
    $("conclusion").oninput = () => { dirty.conclusion = true; };
    $("tasks").replaceChildren(...s.tasks.map(taskRow));
    $("add-task").onclick = () => { dirty.tasks = true; const row = taskRow({ who: "", what: "", due: null }); $("tasks").append(row); row.querySelector("input").focus(); };
    $("form").hidden = false;
    totals();
    if (s.readOnly) {
      document.body.classList.add("readonly");
      for (const c of $("form").querySelectorAll("input, select, textarea, button")) c.disabled = true;
      say(s.notice || "Biểu chỉ để xem.");
    }
  }

  function renderAttendance(s) {
    $("attendance").replaceChildren(...s.attendance.map((a) => {
      const select = el("select", { id: "att-" + a.id });
      for (const [value, label] of STATUSES) select.append(el("option", { value, textContent: label, selected: value === a.status }));
      const reason = el("input", { type: "text", id: "reason-" + a.id, value: a.reason || "", maxLength: 200 });
      const reasonLabel = el("label", { htmlFor: reason.id, textContent: "Lý do vắng" }, reason);
      reasonLabel.hidden = a.status !== "AbsentWithReason";
      const changed = () => { dirty.attendance.add(a.id); reasonLabel.hidden = select.value !== "AbsentWithReason"; a.status = select.value; attendanceSummary(); };
      select.onchange = changed;
      reason.oninput = changed;
      return el("li", {}, el("label", { htmlFor: select.id, textContent: a.number + ". " + a.name }), select, reasonLabel);
    }));
    attendanceSummary();
  }

  function attendanceSummary() {
    const list = state.attendance;
    const present = list.filter((a) => a.status === "Present").length;
    const expected = list.filter((a) => a.status !== "Exempt").length;
    const unknown = list.filter((a) => a.status === "Unknown").length;
    $("attendance-summary").textContent = present + "/" + expected + " có mặt" + (unknown ? "; " + unknown + " người chưa điểm danh" : "");
  }

  function renderDues(s) {
    $("dues").replaceChildren(...s.dues.map((d) => {
      const paid = el("input", { type: "checkbox", id: "paid-" + d.id, checked: d.paid });
      const amount = el("input", { type: "text", inputMode: "numeric", id: "amount-" + d.id, value: String(d.amount) });
      const changed = () => { dirty.dues.add(d.id); };
      paid.onchange = changed;
      amount.oninput = changed;
      return el("li", {}, el("span", { textContent: d.number + ". " + d.name }),
        el("label", { className: "check" }, paid, " Đã nộp"),
        el("label", { htmlFor: amount.id, textContent: "Số tiền (đồng)" }, amount));
    }));
    $("dues-summary").textContent = s.dues.filter((d) => d.paid).length + "/" + s.dues.length + " đã nộp";
  }

  function renderCriteria(s) {
    $("criteria").replaceChildren(...s.criteria.map((c) => {
      const input = el("input", { type: "text", inputMode: "decimal", id: "score-" + c.id, value: c.score == null ? "" : fmt(c.score), autocomplete: "off" });
      const error = el("span", { id: "err-" + c.id, className: "error" });
      input.setAttribute("aria-describedby", "max-" + c.id + " err-" + c.id);
      input.oninput = () => { dirty.scores.add(c.id); check(c, input, error); totals(); };
      const li = el("li", {},
        el("p", { className: "text" }, el("strong", { textContent: c.id + ". " }), c.text),
        el("p", { className: "hint", id: "max-" + c.id, textContent: "Tối đa " + fmt(c.max) + " điểm" }));
      if (c.suggestion != null) li.append(el("p", { className: "why", textContent: "💡 Gợi ý: " + fmt(c.suggestion) + " điểm — " + c.why }));
      const row = el("div", { className: "score" }, el("label", { htmlFor: input.id, textContent: "Điểm tiêu chí " + c.id }), input);
      if (c.suggestion != null) row.append(el("button", { type: "button", className: "secondary", textContent: "Nhận gợi ý",
        onclick: () => { input.value = fmt(c.suggestion); input.oninput(); } }));
      const step = (delta) => () => {
        const v = parsePoints(input.value);
        input.value = fmt(Math.min(c.max, Math.max(0, (isNaN(v) ? (delta > 0 ? 0 : c.max + 0.5) : v) + delta)));
        input.oninput();
      };
      row.append(el("button", { type: "button", className: "secondary", textContent: "−", ariaLabel: "Bớt nửa điểm tiêu chí " + c.id, onclick: step(-0.5) }),
        el("button", { type: "button", className: "secondary", textContent: "+", ariaLabel: "Thêm nửa điểm tiêu chí " + c.id, onclick: step(0.5) }));
      row.append(el("button", { type: "button", className: "secondary", textContent: "Tối đa", onclick: () => { input.value = fmt(c.max); input.oninput(); } }));
      li.append(row, error);
      return li;
    }));
  }

  function check(c, input, error) {
    const text = input.value.trim();
    const v = parsePoints(text);
    let message = "";
    if (text === "") message = "";
    else if (isNaN(v)) message = "Hãy gõ một số, ví dụ " + fmt(c.max) + " hoặc " + fmt(c.max - 0.5) + ".";
    else if (v > c.max) message = "Tối đa " + fmt(c.max) + " điểm.";
    else if ((v * 2) % 1 !== 0) message = "Chỉ chấm điểm nguyên hoặc nửa điểm.";
    error.textContent = message;
    input.classList.toggle("invalid", message !== "");
    input.setAttribute("aria-invalid", message !== "" ? "true" : "false");
    return message === "";
  }

  function totals() {
    let sum = 0, missing = 0;
    for (const c of state.criteria) {
      const v = parsePoints($("score-" + c.id).value);
      if (isNaN(v)) missing++; else sum += v;
    }
    const max = state.criteria.reduce((a, c) => a + c.max, 0);
    const band = state.bands.find((b) => sum >= b.from).label;
    $("total").textContent = missing === 0
      ? "Tổng: " + fmt(sum) + "/" + fmt(max) + " — " + band
      : "Tạm tính: " + fmt(sum) + "/" + fmt(max) + " (" + band + "); còn " + missing + " tiêu chí";
  }

  function taskRow(t) {
    const n = Math.random().toString(36).slice(2, 8);
    const who = el("input", { type: "text", id: "who-" + n, value: t.who, maxLength: 100 });
    const what = el("input", { type: "text", id: "what-" + n, value: t.what, maxLength: 500 });
    const due = el("input", { type: "date", id: "due-" + n, value: t.due || "" });
    for (const i of [who, what, due]) i.oninput = () => { dirty.tasks = true; };
    const li = el("li", {},
      el("label", { htmlFor: who.id, textContent: "Người thực hiện" }, who),
      el("label", { htmlFor: what.id, textContent: "Nhiệm vụ" }, what),
      el("label", { htmlFor: due.id, textContent: "Hạn" }, due));
    li.append(el("button", { type: "button", className: "secondary", textContent: "Xóa", onclick: () => { dirty.tasks = true; li.remove(); } }));
    return li;
  }

  $("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const invalid = state.criteria.filter((c) => !check(c, $("score-" + c.id), $("err-" + c.id)));
    if (invalid.length) { say("Còn điểm chưa hợp lệ ở tiêu chí " + invalid.map((c) => c.id).join(", ") + ".", true); $("score-" + invalid[0].id).focus(); return; }
    const body = {};
    if (dirty.meeting) body.meeting = { date: $("date").value, start: $("start").value, end: $("end").value, thematic: $("thematic").checked };
    if (dirty.attendance.size) body.attendance = [...dirty.attendance].map((id) => ({ id, number: 0, name: "", status: $("att-" + id).value, reason: $("reason-" + id).value }));
    if (dirty.dues.size) body.dues = [...dirty.dues].map((id) => ({ id, number: 0, name: "", paid: $("paid-" + id).checked, amount: Number($("amount-" + id).value.replace(/[.\s]/g, "")) }));
    if (dirty.scores.size) {
      body.scores = {};
      for (const id of dirty.scores) { const v = parsePoints($("score-" + id).value); if (!isNaN(v)) body.scores[id] = v; }
    }
    if (dirty.conclusion) body.conclusion = $("conclusion").value;
    if (dirty.tasks) body.tasks = [...$("tasks").children].map((li) => {
      const [who, what, due] = li.querySelectorAll("input");
      return { who: who.value, what: what.value, due: due.value || null };
    }).filter((t) => t.who || t.what);
    $("submit").disabled = true;
    try {
      const { status, data } = await call("POST", body);
      if (status === 200) {
        dirty.meeting = dirty.conclusion = dirty.tasks = false;
        dirty.attendance.clear(); dirty.dues.clear(); dirty.scores.clear();
        render(data.state);
        say(data.message);
      } else if (status === 409) {
        render(data.state);
        say((data.errors || []).join(" "), true);
      } else {
        if (status === 400) say("Biểu chưa được ghi, không phần nào thay đổi:", data.errors || []);
        else say((data.errors || ["Có lỗi, đồng chí hãy thử lại."]).join(" "), []);
      }
    } catch (e) {
      say("Không gửi được biểu (mất kết nối?). Những gì đã điền vẫn còn trên trang; đồng chí hãy thử gửi lại.", true);
    } finally {
      if (!state.readOnly) $("submit").disabled = false;
    }
  });

  load().catch(() => say("Không tải được biểu. Đồng chí hãy mở lại từ cuộc trò chuyện với ChiBo.", true));
})();
