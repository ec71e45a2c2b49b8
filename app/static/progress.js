// Live progress for a running job (Server-Sent Events); the page reloads when the job ends.
(function () {
  var st = document.getElementById("status");
  if (!st || !window.EventSource) { setTimeout(function () { location.reload(); }, 2000); return; }
  var es = new EventSource("/api/v1/respins/" + st.dataset.job + "/events");
  var events = document.getElementById("events");
  es.addEventListener("progress", function (e) {
    var d = JSON.parse(e.data), li = document.createElement("li");
    li.textContent = d.stage + ": " + d.message; events.appendChild(li);
    var s = document.querySelector('#stages li[data-stage="' + d.stage + '"]');
    if (s) { s.className = "seen now"; }
  });
  es.addEventListener("status", function (e) { st.textContent = JSON.parse(e.data).status; });
  es.addEventListener("end", function () { es.close(); location.reload(); });
  es.onerror = function () { es.close(); setTimeout(function () { location.reload(); }, 2000); };
})();
