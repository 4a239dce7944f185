/*
  Kairos: the navigation drawer for keyboard users.

  On narrow screens (phones, or a laptop zoomed in) mkdocs-material moves the site navigation
  into a drawer opened by the menu icon. The icon is a <label> that a keyboard cannot reach,
  while the links of the closed, off-screen drawer still take Tab focus, invisibly. This makes
  the icon a button (Enter or Space opens and closes the drawer, Escape closes it) and, through
  the class set below, lets kairos.css take the closed drawer out of the Tab order.

  Without this script the drawer behaves exactly as mkdocs-material made it. Nothing here
  requests anything from anywhere.
*/
(function () {
  "use strict";

  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  var drawer = document.querySelector(".md-sidebar--primary");
  if (!toggle || !button || !drawer) {
    return;
  }

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    sync();
  }

  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", "Menu");
  drawer.id = drawer.id || "kairos-drawer";
  button.setAttribute("aria-controls", drawer.id);
  sync();

  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") {
      return;
    }
    event.preventDefault();
    setOpen(!toggle.checked);
    if (toggle.checked) {
      var first = drawer.querySelector("a[href], input, label[tabindex]");
      if (first) {
        first.focus();
      }
    }
  });

  toggle.addEventListener("change", sync);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      setOpen(false);
      button.focus();
    }
  });

  // Hide the closed drawer at once: its slide-out delay is for closing, not for page load.
  drawer.style.transition = "none";
  document.documentElement.classList.add("kairos-drawer-keyboard");
  void drawer.offsetWidth;
  drawer.style.transition = "";
})();
