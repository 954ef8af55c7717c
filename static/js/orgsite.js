// orgsite's only script. Every page works without it; with it:
// * dropdown menus (<details class="menu">) close on an outside click or Escape, and their
//   panel is placed over the page (position: fixed), so a table's scroll area never clips it;
// * on a phone, the sidebar folds behind the Menu button (Tab cycles inside it while it is
//   open, Escape or a click beside it closes it);
// * forms (or their buttons) with data-confirm ask in an in-page <dialog> before a
//   destructive action;
// * text fields with a maxlength count the characters left;
// * print buttons print.
"use strict";

// Dropdown menus --------------------------------------------------------------------------

function closeMenus(except) {
  document.querySelectorAll("details.menu[open]").forEach(function (menu) {
    if (menu !== except && !menu.contains(except)) {
      menu.removeAttribute("open");
    }
  });
}

var MARGIN = 8;

function placeMenu(menu) {
  var panel = menu.querySelector(".menu__panel");
  var summary = menu.querySelector("summary");
  if (!panel || !summary) {
    return;
  }
  panel.classList.add("menu__panel--floating");
  var anchor = summary.getBoundingClientRect();
  var width = panel.offsetWidth;
  var height = panel.offsetHeight;
  var viewportWidth = document.documentElement.clientWidth;
  var viewportHeight = window.innerHeight;
  var alignEnd = menu.classList.contains("menu--end");
  var left = alignEnd ? anchor.right - width : anchor.left;
  left = Math.max(MARGIN, Math.min(left, viewportWidth - width - MARGIN));
  var below = anchor.bottom + 4;
  var above = anchor.top - 4 - height;
  var up = menu.classList.contains("menu--up");
  var top;
  if (up) {
    top = above >= MARGIN ? above : below;
  } else {
    top = below + height <= viewportHeight - MARGIN || above < MARGIN ? below : above;
  }
  panel.style.left = left + "px";
  panel.style.top = Math.max(MARGIN, top) + "px";
  panel.style.maxHeight = viewportHeight - 2 * MARGIN + "px";
}

function placeOpenMenus() {
  document.querySelectorAll("details.menu[open]").forEach(placeMenu);
}

document.addEventListener(
  "toggle",
  function (event) {
    var menu = event.target;
    if (menu.matches && menu.matches("details.menu") && menu.open) {
      placeMenu(menu);
    }
  },
  true
);
window.addEventListener("resize", placeOpenMenus);
document.addEventListener("scroll", placeOpenMenus, true);

document.addEventListener("click", function (event) {
  closeMenus(event.target.closest("details.menu"));
});

// The phone's sidebar ---------------------------------------------------------------------

var sidebar = document.getElementById("sidebar");
var sidebarToggle = document.querySelector("[data-sidebar-toggle]");

function sidebarIsOpen() {
  return sidebarToggle && sidebarToggle.getAttribute("aria-expanded") === "true";
}

function setSidebar(open, restoreFocus) {
  if (!sidebar || !sidebarToggle) {
    return;
  }
  sidebarToggle.setAttribute("aria-expanded", open ? "true" : "false");
  document.documentElement.classList.toggle("sidebar-open", open);
  if (open) {
    var first = focusables(sidebar)[0];
    if (first) {
      first.focus();
    }
  } else if (restoreFocus) {
    sidebarToggle.focus();
  }
}

function focusables(container) {
  return Array.prototype.filter.call(
    container.querySelectorAll("a[href], button:not([disabled]), summary, input, select"),
    function (element) {
      // Not the content of a closed <details>, nor anything hidden.
      if (typeof element.checkVisibility === "function") {
        return element.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
      }
      return element.offsetParent !== null;
    }
  );
}

if (sidebarToggle) {
  sidebarToggle.addEventListener("click", function () {
    setSidebar(!sidebarIsOpen(), true);
  });
  // Back to a wide window: the sidebar is a column again, nothing to trap.
  window.matchMedia("(min-width: 48.01rem)").addEventListener("change", function (query) {
    if (query.matches) {
      setSidebar(false, false);
    }
  });
  document.addEventListener("click", function (event) {
    if (sidebarIsOpen() && !sidebar.contains(event.target) && !sidebarToggle.contains(event.target)) {
      setSidebar(false, false);
    }
  });
}

document.addEventListener("keydown", function (event) {
  if (event.key === "Tab" && sidebarIsOpen()) {
    // Cycle through the toggle and the sidebar's controls.
    var cycle = [sidebarToggle].concat(focusables(sidebar));
    var index = cycle.indexOf(document.activeElement);
    var step = event.shiftKey ? -1 : 1;
    event.preventDefault();
    cycle[(index + step + cycle.length) % cycle.length].focus();
    return;
  }
  if (event.key !== "Escape") {
    return;
  }
  var menu = document.activeElement && document.activeElement.closest("details.menu[open]");
  if (menu || document.querySelector("details.menu[open]")) {
    closeMenus(null);
    if (menu) {
      menu.querySelector("summary").focus();
    }
    return;
  }
  if (sidebarIsOpen()) {
    setSidebar(false, true);
  }
});

// Confirmations -----------------------------------------------------------------------------

// One dialog for the page, made on first use: a title, the consequence, Cancel (focused
// first) and the destructive button in red.
var confirmDialog = null;

function confirmationDialog() {
  if (confirmDialog) {
    return confirmDialog;
  }
  confirmDialog = document.createElement("dialog");
  confirmDialog.className = "confirm";
  confirmDialog.setAttribute("aria-labelledby", "confirm-dialog-title");
  confirmDialog.setAttribute("aria-describedby", "confirm-dialog-text");
  var form = document.createElement("form");
  form.method = "dialog";
  var title = document.createElement("h2");
  title.id = "confirm-dialog-title";
  var text = document.createElement("p");
  text.id = "confirm-dialog-text";
  var actions = document.createElement("div");
  actions.className = "confirm__actions";
  var cancel = document.createElement("button");
  cancel.value = "cancel";
  cancel.className = "button";
  cancel.autofocus = true;
  cancel.textContent = document.body.dataset.confirmCancel || "Cancel";
  var accept = document.createElement("button");
  accept.value = "confirm";
  accept.className = "button button--danger";
  accept.setAttribute("data-confirm-accept", "");
  actions.append(cancel, accept);
  form.append(title, text, actions);
  confirmDialog.append(form);
  document.body.append(confirmDialog);
  return confirmDialog;
}

// The data-confirm attributes sit on the form, or on one of its buttons when only that one
// asks (a row's menu: its role buttons submit at once, its Remove button asks first).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var submitter = event.submitter || form.querySelector("[type=submit]");
  var asking = submitter && submitter.hasAttribute("data-confirm") ? submitter : form;
  var question = asking.getAttribute("data-confirm");
  if (!question || form.dataset.confirmed === "true") {
    return;
  }
  event.preventDefault();
  var dialog = confirmationDialog();
  var accept = dialog.querySelector("[data-confirm-accept]");
  dialog.querySelector("#confirm-dialog-title").textContent =
    asking.getAttribute("data-confirm-title") || question;
  dialog.querySelector("#confirm-dialog-text").textContent = asking.getAttribute(
    "data-confirm-title"
  )
    ? question
    : "";
  accept.textContent =
    asking.getAttribute("data-confirm-button") ||
    (submitter ? submitter.textContent.trim() : "OK");
  closeMenus(null);
  dialog.returnValue = "";
  dialog.onclose = function () {
    dialog.onclose = null;
    if (dialog.returnValue === "confirm") {
      form.dataset.confirmed = "true";
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    } else if (submitter) {
      submitter.focus();
    }
  };
  dialog.showModal();
});

// Character limits -----------------------------------------------------------------------
// The browser's maxlength cuts pasted text silently. With this script the limit becomes a
// counter under the field, red when the text is too long, and the server refuses it with a
// message: nothing is lost without a word.

var counterTexts = document.body.dataset;
var counted = 0;

document.querySelectorAll("input[maxlength], textarea[maxlength]").forEach(function (field) {
  var limit = parseInt(field.getAttribute("maxlength"), 10);
  if (!limit || ["text", "search", "url", "textarea"].indexOf(field.type) === -1) {
    return;
  }
  field.removeAttribute("maxlength");
  counted += 1;
  var counter = document.createElement("span");
  counter.className = "counter";
  counter.id = (field.id || "field-" + counted) + "-counter";
  field.insertAdjacentElement("afterend", counter);
  var described = field.getAttribute("aria-describedby");
  field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
  function update() {
    var length = field.value.length;
    var over = length > limit;
    counter.textContent =
      (counterTexts.counterLabel || "") + " " + length + "/" + limit +
      (over ? " · " + (counterTexts.counterOver || "") : "");
    counter.classList.toggle("counter--over", over);
  }
  field.addEventListener("input", update);
  update();
});

// Print buttons (an invoice): shown only when this script runs, since they need it.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
