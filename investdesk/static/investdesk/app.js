/* Investdesk's shared page behaviour (loaded by base.html after Bootstrap):
 *
 * 1. Confirmation, the same way everywhere. A form (or its submit button) with
 *    data-confirm="question" is sent only after the person confirms in a dialog; a link with
 *    data-confirm is followed only after confirming, and with data-confirm-post it is sent as a
 *    POST (its href still leads to a confirmation page when scripts do not run).
 *    data-confirm-button names the confirming button (default: the name of the button or link
 *    that asked, else "Confirm"); data-confirm-variant picks its colour (default: danger).
 * 2. List tables marked .table-cards become one card per row on a phone: each cell gets the
 *    column's header as its label (data-label), shown by app.css.
 * 3. On a phone the module strip scrolls; it opens scrolled to the current module, and shows a
 *    fade on the side where more modules are hidden.
 */
(function () {
  "use strict";

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  // The confirming button repeats the action's name: data-confirm-button, else the text (or
  // title) of the button or link that asked, else "Confirm".
  function actionName(trigger, button) {
    var named = trigger.getAttribute("data-confirm-button");
    if (named) return named;
    if (button) {
      var text = (button.textContent || "").replace(/\s+/g, " ").trim();
      return text || button.getAttribute("title") || "";
    }
    return "";
  }

  function ask(trigger, onConfirm, button) {
    var message = trigger.getAttribute("data-confirm");
    var element = document.getElementById("confirm-modal");
    if (!element || !window.bootstrap) {
      if (window.confirm(message)) onConfirm();
      return;
    }
    var ok = document.getElementById("confirm-ok");
    document.getElementById("confirm-message").textContent = message;
    ok.textContent = actionName(trigger, button) || ok.getAttribute("data-default-label");
    ok.className = "btn btn-" + (trigger.getAttribute("data-confirm-variant") || "danger");
    var modal = window.bootstrap.Modal.getOrCreateInstance(element);
    var confirmed = false;
    ok.onclick = function () {
      confirmed = true;
      modal.hide();
    };
    // A click while the dialog is still fading in: Bootstrap ignores hide() during the
    // transition, so the dialog closes (and the action goes on) once it is shown.
    element.addEventListener(
      "shown.bs.modal",
      function () {
        if (confirmed) modal.hide();
      },
      { once: true }
    );
    element.addEventListener(
      "hidden.bs.modal",
      function () {
        ok.onclick = null;
        if (confirmed) onConfirm();
      },
      { once: true }
    );
    modal.show();
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var submitter = event.submitter;
      var trigger = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
      if (!trigger.hasAttribute || !trigger.hasAttribute("data-confirm")) return;
      if (form.getAttribute("data-confirmed") === "1") {
        form.removeAttribute("data-confirmed");
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      ask(
        trigger,
        function () {
          form.setAttribute("data-confirmed", "1");
          if (submitter && form.requestSubmit) form.requestSubmit(submitter);
          else if (form.requestSubmit) form.requestSubmit();
          else form.submit();
        },
        submitter || form.querySelector("[type=submit]")
      );
    },
    true
  );

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target.closest && event.target.closest("a[data-confirm]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      ask(link, function () {
        if (!link.hasAttribute("data-confirm-post")) {
          window.location.href = link.href;
          return;
        }
        var form = document.createElement("form");
        form.method = "post";
        form.action = link.getAttribute("data-confirm-post") || link.href;
        var token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrfmiddlewaretoken";
        token.value = csrfToken();
        form.appendChild(token);
        document.body.appendChild(form);
        form.submit();
      }, link);
    },
    true
  );

  function labelCells(root) {
    (root || document).querySelectorAll("table.table-cards").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.children, function (cell) {
          if (heads[column] && !cell.hasAttribute("data-label") && !cell.hasAttribute("colspan")) {
            cell.setAttribute("data-label", heads[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  }

  function moduleStrip() {
    var strip = document.querySelector("#main-nav .nav");
    if (!strip) return;
    var active = strip.querySelector(".nav-link.active");
    if (active && strip.scrollWidth > strip.clientWidth) {
      var item = active.parentElement;
      strip.scrollLeft = item.offsetLeft - (strip.clientWidth - item.offsetWidth) / 2;
    }
    function edges() {
      strip.classList.toggle("more-left", strip.scrollLeft > 2);
      strip.classList.toggle("more-right", strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 2);
    }
    strip.addEventListener("scroll", edges, { passive: true });
    window.addEventListener("resize", edges);
    edges();
  }

  labelCells(document);
  moduleStrip();
  document.addEventListener("htmx:afterSwap", function (event) {
    labelCells(event.target);
  });
})();
