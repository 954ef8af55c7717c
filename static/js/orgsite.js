// orgsite's only script: dropdown menus (<details class="menu">) close on an outside click
// or Escape, and forms with data-confirm ask before a destructive action. Every page works
// without it.
"use strict";

function closeMenus(except) {
  document.querySelectorAll("details.menu[open]").forEach(function (menu) {
    if (menu !== except && !menu.contains(except)) {
      menu.removeAttribute("open");
    }
  });
}

document.addEventListener("click", function (event) {
  closeMenus(event.target.closest("details.menu"));
});

document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") {
    return;
  }
  var menu = document.activeElement && document.activeElement.closest("details.menu[open]");
  closeMenus(null);
  if (menu) {
    menu.querySelector("summary").focus();
  }
});

document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Print buttons (an invoice): shown only when this script runs, since they need it.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
