// Staff page editor: keep a copy of what is typed in this browser until it is saved,
// warn before leaving with unsaved changes, and offer the copy back after a crash,
// a closed tab or an expired login. Nothing leaves the browser.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("page_form");
  if (!form || !window.localStorage) return;
  var key = "spinecare-draft:" + location.pathname;
  var dirty = false;

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "edit_base" &&
        (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "url" ||
         el.type === "number" || el.tagName === "SELECT");
    });
  }
  function values() {
    var out = {};
    fields().forEach(function (el) { out[el.name] = el.value; });
    return out;
  }
  function differs(saved) {
    var now = values();
    return Object.keys(saved).some(function (name) {
      return name in now && now[name] !== saved[name];
    });
  }

  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key)); } catch (e) { stored = null; }
  if (stored && stored.values && differs(stored.values)) {
    var note = document.createElement("div");
    note.className = "spinecare-draft-note";
    note.setAttribute("role", "alert");
    note.innerHTML = "<p><strong>You have unsaved text for this page</strong> from " +
      new Date(stored.at).toLocaleString() + ".</p>";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Put my unsaved text back";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = "Throw it away";
    note.appendChild(restore);
    note.appendChild(document.createTextNode(" "));
    note.appendChild(discard);
    form.parentNode.insertBefore(note, form);
    restore.addEventListener("click", function () {
      fields().forEach(function (el) {
        if (el.name in stored.values && el.value !== stored.values[el.name]) {
          el.value = stored.values[el.name];
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      dirty = true;
      note.remove();
    });
    discard.addEventListener("click", function () {
      localStorage.removeItem(key);
      note.remove();
    });
  } else if (stored) {
    localStorage.removeItem(key);  // what was kept is what the page now holds
  }

  form.addEventListener("input", function () {
    dirty = true;
    localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), values: values() }));
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
