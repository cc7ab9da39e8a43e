/* "My questions": a patient ticks the questions they want to ask, on any page, and
   /questions/ shows, orders and prints their own list. The list lives in this
   browser's localStorage only: no cookie, no request. Without this script every page
   still works, and /questions/ prints every question by topic. */
(function () {
  "use strict";

  var KEY = "spinecare.my-questions.v1";
  var MAX_LENGTH = 300;
  var root = document.documentElement;
  // Loaded in <head>, before the page is drawn: with "js" set, the stylesheet makes
  // room for the tick boxes and the list, so adding them moves nothing.
  root.classList.add("js");
  var storage = null;

  function openStorage() {
    try {
      var probe = "spinecare.probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  // The list: [{id: "q12" | "own-...", text: "..."}], in the patient's order.
  function load() {
    var items;
    try {
      items = JSON.parse(storage.getItem(KEY) || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(items)) {
      return [];
    }
    return items.filter(function (item) {
      return item && typeof item.id === "string" && typeof item.text === "string";
    });
  }

  function save(items) {
    try {
      storage.setItem(KEY, JSON.stringify(items));
      return true;
    } catch (error) {
      announce("Your list could not be saved. This browser's storage may be full.");
      return false;
    }
  }

  function indexOf(items, id) {
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function add(id, text) {
    var items = load();
    if (indexOf(items, id) === -1) {
      items.push({ id: id, text: text });
      save(items);
    }
    refresh();
  }

  function remove(id) {
    var items = load();
    var at = indexOf(items, id);
    if (at !== -1) {
      items.splice(at, 1);
      save(items);
    }
    refresh();
  }

  function move(id, step) {
    var items = load();
    var at = indexOf(items, id);
    var to = at + step;
    if (at === -1 || to < 0 || to >= items.length) {
      return false;
    }
    var item = items.splice(at, 1)[0];
    items.splice(to, 0, item);
    save(items);
    refresh();
    return true;
  }

  function newId() {
    return "own-" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function textOf(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  var statusRegion = null;

  function announce(message) {
    if (statusRegion) {
      // Clear first so the same words said twice are announced twice.
      statusRegion.textContent = "";
      window.setTimeout(function () {
        statusRegion.textContent = message;
      }, 50);
    }
  }

  /* Every page: a checkbox on each question, labelled by the question itself. */
  var checkboxes = [];

  function enhanceQuestionLists() {
    var rows = document.querySelectorAll(".question-list li[data-question-id]");
    Array.prototype.forEach.call(rows, function (row) {
      var id = "q" + row.getAttribute("data-question-id");
      var text = textOf(row);
      var input = document.createElement("input");
      var label = document.createElement("label");
      input.type = "checkbox";
      input.id = "mark-" + id;
      input.value = id;
      label.htmlFor = input.id;
      while (row.firstChild) {
        label.appendChild(row.firstChild);
      }
      row.appendChild(input);
      row.appendChild(label);
      row.classList.add("markable");
      input.addEventListener("change", function () {
        if (input.checked) {
          add(id, text);
          announce("Added to your list: " + text);
        } else {
          remove(id);
          announce("Taken off your list: " + text);
        }
      });
      checkboxes.push(input);
    });
    var hints = document.querySelectorAll(".question-hint");
    Array.prototype.forEach.call(hints, function (hint) {
      hint.hidden = false;
    });
  }

  function refreshCheckboxes(items) {
    checkboxes.forEach(function (input) {
      input.checked = indexOf(items, input.value) !== -1;
    });
  }

  /* /questions/: the patient's own list, to reorder, add to, trim and print. */
  var mine = null;
  var list = null;

  // "Up", "Down", "Remove" on screen; a screen reader also hears which question.
  function button(label, question, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.setAttribute("data-action", action);
    element.setAttribute("aria-label", label + ": " + question);
    element.textContent = label;
    return element;
  }

  function renderList(items) {
    list.textContent = "";
    items.forEach(function (item, at) {
      var row = document.createElement("li");
      var text = document.createElement("p");
      var actions = document.createElement("div");
      var answer = document.createElement("div");
      row.setAttribute("data-id", item.id);
      text.className = "my-question-text";
      text.textContent = item.text;
      actions.className = "my-question-actions";
      var up = button("Up", item.text, "up");
      var down = button("Down", item.text, "down");
      up.disabled = at === 0;
      down.disabled = at === items.length - 1;
      actions.appendChild(up);
      actions.appendChild(down);
      actions.appendChild(button("Remove", item.text, "remove"));
      answer.className = "answer-space";
      answer.setAttribute("aria-hidden", "true");
      for (var line = 0; line < 3; line += 1) {
        answer.appendChild(document.createElement("span"));
      }
      row.appendChild(text);
      row.appendChild(actions);
      row.appendChild(answer);
      list.appendChild(row);
    });
    mine.querySelector(".my-questions-empty").hidden = items.length > 0;
    list.hidden = items.length === 0;
    mine.querySelector("[data-print='mine']").hidden = items.length === 0;
  }

  function focusAfterChange(id, action, fallbackIndex) {
    var rows = list.querySelectorAll("li");
    var row = list.querySelector("li[data-id='" + id + "']");
    var target = null;
    if (row) {
      target = row.querySelector("[data-action='" + action + "']");
      if (!target || target.disabled) {
        target = row.querySelector("[data-action='" + (action === "up" ? "down" : "up") + "']:not([disabled])");
      }
      target = target || row.querySelector("[data-action='remove']");
    } else if (rows.length) {
      var next = rows[Math.min(fallbackIndex, rows.length - 1)];
      target = next.querySelector("[data-action='remove']");
    } else {
      target = document.getElementById("own-question");
    }
    if (target) {
      target.focus();
    }
  }

  function enhanceMyQuestions() {
    if (!mine || !list) {
      return;
    }
    var form = mine.querySelector(".add-question");
    var field = document.getElementById("own-question");
    var printDate = mine.querySelector("[data-print-date]");
    var printAll = document.querySelector(".all-questions-actions");

    list.addEventListener("click", function (event) {
      var control = event.target.closest("button[data-action]");
      if (!control) {
        return;
      }
      var row = control.closest("li");
      var id = row.getAttribute("data-id");
      var text = textOf(row.querySelector(".my-question-text"));
      var action = control.getAttribute("data-action");
      var at = Array.prototype.indexOf.call(list.children, row);
      if (action === "remove") {
        remove(id);
        announce("Removed: " + text);
        focusAfterChange(id, action, at);
      } else if (move(id, action === "up" ? -1 : 1)) {
        announce("Moved " + action + " to number " + (at + (action === "up" ? 0 : 2)) + ": " + text);
        focusAfterChange(id, action, at);
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault(); // the list is never sent anywhere
      var text = field.value.replace(/\s+/g, " ").trim().slice(0, MAX_LENGTH);
      if (!text) {
        field.focus();
        return;
      }
      add(newId(), text);
      field.value = "";
      announce("Added to your list: " + text);
      field.focus();
    });

    mine.addEventListener("click", function (event) {
      if (event.target.closest("[data-print='mine']")) {
        window.print();
      }
    });
    if (printAll) {
      printAll.hidden = false;
      printAll.addEventListener("click", function (event) {
        if (event.target.closest("[data-print='all']")) {
          document.body.classList.add("print-all");
          window.print();
        }
      });
    }
    window.addEventListener("afterprint", function () {
      document.body.classList.remove("print-all");
    });

    printDate.textContent = new Date().toLocaleDateString("en-US", {
      year: "numeric",
      month: "long",
      day: "numeric",
    });
    mine.hidden = false;
  }

  function refresh() {
    var items = load();
    refreshCheckboxes(items);
    if (list) {
      renderList(items);
      // Print only the patient's sheet while they have one.
      document.body.classList.toggle("has-my-questions", items.length > 0);
    }
    var counts = document.querySelectorAll("[data-my-questions-count]");
    Array.prototype.forEach.call(counts, function (count) {
      count.textContent = String(items.length);
    });
  }

  function init() {
    if (!document.querySelector(".question-list li[data-question-id], #my-questions")) {
      return; // nothing to tick here: leave storage closed, which keeps the page fast
    }
    storage = openStorage();
    if (!storage) {
      root.classList.remove("js"); // private mode or storage off: the plain page
      return;
    }
    statusRegion = document.querySelector(".my-questions-status");
    mine = document.getElementById("my-questions");
    list = mine && mine.querySelector(".my-questions-list");
    enhanceQuestionLists();
    enhanceMyQuestions();
    refresh();
    // Another tab changed the list: show the same list here.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) {
        refresh();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
