// The editor's checks as you type (served at /_edit/_static/edit.js). Progressive enhancement:
// the form saves and reports the same problems without this script; it only asks earlier.
// After a pause in typing (400 ms) or when a field is left, it posts the form to
// /_edit/_check/<same path>, which never writes, and shows each problem next to its field in
// the same element the server uses (p.error, aria-describedby, aria-invalid), a summary in a
// polite live region, the provinces of the year typed, and a preview of the story.
(function () {
  "use strict";
  // A refused save: the summary of its problems takes the focus (as `autofocus` asks, for a
  // browser that does not do it for an element other than a control).
  var refused = document.getElementById("error-summary");
  if (refused && document.activeElement !== refused) refused.focus();
  // "Tersimpan" is said once: a reload of the address must not say it again.
  if (/[?&]tersimpan=/.test(location.search) && window.history && history.replaceState) {
    history.replaceState(null, "", location.pathname + location.hash);
  }
  var form = document.querySelector("form[method=post]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  // The words it shows, in the editor's language: the page brings them from the catalog.
  var wordsTag = document.getElementById("edit-words");
  if (!wordsTag) return;
  var words = JSON.parse(wordsTag.textContent);
  function fill(text, value) {
    return text.replace(/%\((\w+)\)s/g, function () { return String(value); });
  }
  var url = form.getAttribute("action").replace(/^\/_edit\//, "/_edit/_check/");
  var summary = document.createElement("p");
  summary.id = "check-summary";
  summary.className = "hint";
  summary.setAttribute("role", "status");
  summary.setAttribute("aria-live", "polite");
  form.insertBefore(summary, form.querySelector("button[type=submit]"));
  var story = form.elements.namedItem("story");
  var preview = null;
  if (story && story.parentNode) {
    var section = document.createElement("section");
    section.setAttribute("aria-labelledby", "preview-heading");
    var heading = document.createElement("h2");
    heading.id = "preview-heading";
    heading.textContent = words.preview;
    preview = document.createElement("div");
    preview.id = "story-preview";
    preview.className = "preview";
    section.appendChild(heading);
    section.appendChild(preview);
    story.parentNode.appendChild(section);
  }
  var timer = null;
  var sent = 0;
  var hadProblems = false;

  function controls() {
    var found = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.id === "e-" + el.name) found[el.name] = el;
    });
    return found;
  }

  // A field's problems are shown once the person has been at it (or the page came with them):
  // a new form does not greet them with "required" next to every field they have not reached.
  // An existing file's form shows every field's problems: they are in the file already.
  var existing = !/^\/_edit\/new\//.test(form.getAttribute("action"));
  var touched = {};
  Array.prototype.forEach.call(form.querySelectorAll("p.error"), function (p) {
    var control = p.parentNode.querySelector("[name]");
    if (control) touched[control.name] = true;
  });

  function showErrors(errors) {
    var count = 0;
    var all = controls();
    Object.keys(all).forEach(function (name) {
      var el = all[name];
      var box = el.parentNode;
      // (the file name is made from the name or title: a clash shows once that is typed)
      var shown = existing || touched[name] ||
        (name === "slug" && (touched.name || touched.title));
      var messages = shown ? errors[name] || [] : [];
      Array.prototype.forEach.call(box.querySelectorAll(":scope > p.error"), function (p) {
        box.removeChild(p);
      });
      var described = (el.getAttribute("aria-describedby") || "").split(/\s+/).filter(
        function (id) { return id && id.indexOf("x-") !== 0; }
      );
      messages.forEach(function (message, number) {
        var p = document.createElement("p");
        p.className = "error";
        p.id = "x-" + name + "-" + number;
        p.textContent = message;
        // (where the server puts it: after the hint, before the control; a checkbox's after)
        if (el.type === "checkbox") box.appendChild(p); else box.insertBefore(p, el);
        described.push(p.id);
      });
      if (described.length) el.setAttribute("aria-describedby", described.join(" "));
      else el.removeAttribute("aria-describedby");
      if (messages.length || el.getAttribute("data-refused")) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
      count += messages.length;
    });
    return count;
  }

  function showSummary(count, general) {
    var text = "";
    if (count || general.length) {
      var problems = words.problems[count === 1 ? 0 : 1];
      text = (count ? fill(problems, count) + " " : "") + general.join(" ");
      hadProblems = true;
    } else if (hadProblems) {
      text = words.noMore;
    }
    if (summary.textContent !== text.trim()) summary.textContent = text.trim();
  }

  function showProvinces(provinces) {
    var select = form.elements.namedItem("province");
    if (!select || select.tagName !== "SELECT" || !provinces) return;
    var value = select.value;
    var items = [["", words.choose]].concat(provinces);
    var known = provinces.some(function (p) { return p[0] === value; });
    if (value && !known) items.push([value, fill(words.unknown, value)]);
    var now = Array.prototype.map.call(select.options, function (o) { return o.value; });
    if (now.join("\n") === items.map(function (p) { return p[0]; }).join("\n")) return;
    while (select.options.length) select.remove(0);
    items.forEach(function (p) {
      var option = new Option(p[1], p[0], false, p[0] === value);
      select.add(option);
    });
    select.value = value;
  }

  function show(found, quiet) {
    if (preview && typeof found.preview === "string") {
      // innerHTML only because this HTML comes from the site's own Markdown renderer and
      // sanitiser (generator/markup.py, via the check endpoint): never the typed text itself.
      preview.innerHTML = found.preview;
    }
    showProvinces(found.provinces);
    showChanged(found.changed);
    if (!quiet) showSummary(showErrors(found.errors || {}), found.general || []);
  }

  function check(quiet) {
    clearTimeout(timer);
    // The fields as text: a chosen photo file is left out (it is checked when the form is sent).
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") body.append(name, value);
    });
    body.set("preview", "ya");
    var number = ++sent;
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) { if (found && number === sent) show(found, quiet === true); })
      .catch(function () { /* the form still saves and reports without these checks */ });
  }

  // A photo too large or not an image is said when it is chosen, not after sending 30 MB: the
  // same limit and words as the server's check (#photo-limits), and the choice is undone.
  var photo = document.getElementById("e-photo");
  var limitsTag = document.getElementById("photo-limits");
  function checkPhoto() {
    var limits = JSON.parse(limitsTag.textContent);
    var file = photo.files && photo.files[0];
    var old = document.getElementById("photo-chosen");
    if (old) old.parentNode.removeChild(old);
    var described = (photo.getAttribute("aria-describedby") || "").split(/\s+/).filter(
      function (id) { return id && id !== "photo-chosen"; }
    );
    var why = !file ? "" : file.size > limits.max ? limits.tooBig :
      limits.types.indexOf(file.type) < 0 ? limits.notImage : "";
    if (why) {
      // (in a box of its own: the checks as you type renew the p.error next to each field)
      var box = document.createElement("div");
      box.id = "photo-chosen";
      box.setAttribute("role", "alert");
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = why + " (" + file.name + ")";
      box.appendChild(p);
      photo.parentNode.insertBefore(box, photo);
      described.push(box.id);
      photo.value = "";
      photo.setAttribute("data-refused", "ya");
      photo.setAttribute("aria-invalid", "true");
    } else {
      photo.removeAttribute("data-refused");
      photo.removeAttribute("aria-invalid");
    }
    photo.setAttribute("aria-describedby", described.join(" "));
  }
  if (photo && limitsTag) {
    photo.addEventListener("change", checkPhoto);
    // (a dropped photo fills the input without a change event: checked once it is there)
    photo.parentNode.addEventListener("drop", function () { setTimeout(checkPhoto, 0); });
  }

  // Never lose typed work: leaving (or reloading) the page with unsaved changes asks first.
  var unsaved = false;
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return undefined;
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
  form.addEventListener("submit", function () { unsaved = false; });

  // A file changed on disk (a hand edit, another tab, an import) is said at once, not only
  // when Simpan is refused: the check endpoint compares the form's digest with the file's.
  var notice = document.createElement("p");
  notice.id = "changed-on-disk";
  notice.className = "refused";
  notice.setAttribute("role", "status");
  notice.hidden = true;
  form.parentNode.insertBefore(notice, form);
  function showChanged(changed) {
    if (!changed || !notice.hidden) return;
    notice.textContent = words.changed;
    notice.hidden = false;
  }
  function watchFile() {
    if (document.hidden || !notice.hidden) return;
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") body.append(name, value);
    });
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) { if (found) showChanged(found.changed); })
      .catch(function () { /* the save itself still refuses to overwrite */ });
  }
  setInterval(watchFile, 5000);

  form.addEventListener("input", function (event) {
    if (event.target.name) touched[event.target.name] = true;
    unsaved = true;
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name) touched[event.target.name] = true;
    check();
  });
  // (the preview and the year's provinces at once; a new form's problems only once typing)
  check(!existing);
})();
