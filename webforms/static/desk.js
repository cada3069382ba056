// The desk's bulk upload with progress: one request per file, a row per result; a failed file
// does not stop the others. Without JavaScript the form posts every file at once instead.
(function () {
  "use strict";
  var form = document.getElementById("desk-upload");
  var box = document.getElementById("desk-progress");
  if (!form || !box || !window.fetch) { return; }
  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(form.querySelector("input[type=file]").files);
    if (!files.length) { return; }
    event.preventDefault();
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-label");
    var rows = box.querySelector("tbody");
    var token = form.querySelector("input[name=csrf_token]").value;
    var method = form.querySelector("select[name=consent_method]").value;
    var confirmed = form.querySelector("input[name=consent_confirmed]").checked;
    box.hidden = false;
    rows.textContent = "";
    bar.max = files.length;
    bar.value = 0;
    function row(file, status, message) {
      var tr = document.createElement("tr");
      tr.className = "result-" + status;
      [file, status, message].forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    }
    function next(index) {
      label.textContent = index + " / " + files.length;
      bar.value = index;
      if (index >= files.length) { return; }
      var body = new FormData();
      body.append("file", files[index]);
      body.append("consent_method", method);
      if (confirmed) { body.append("consent_confirmed", "y"); }
      fetch(form.getAttribute("data-api"), {
        method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin"
      }).then(function (response) {
        return response.json();
      }).then(function (result) {
        row(result.file || files[index].name, result.status || "failed",
            (result.submission_id ? "#" + result.submission_id + " " : "") + (result.message || ""));
      }).catch(function () {
        row(files[index].name, "failed", "network error");
      }).then(function () { next(index + 1); });
    }
    next(0);
  });
})();
