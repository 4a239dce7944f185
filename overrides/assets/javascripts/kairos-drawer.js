/*
  Kairos: the navigation drawer on narrow screens, for keyboard and screen reader users.

  On narrow screens (phones, or a laptop zoomed in) mkdocs-material moves the site navigation
  into a drawer opened by the menu icon, a <label> for a hidden checkbox that no keyboard can
  reach. Our header (overrides/main.html) also holds a real <button> for it, hidden until this
  script runs: the script shows the button and hides the label, so a mouse still works without
  JavaScript, and with it the button opens and closes the drawer (aria-expanded says which) from
  any keyboard or screen reader.

  While the drawer is open:
  * everything outside it is inert, so neither Tab nor a screen reader reaches the page under
    the overlay, and Tab and Shift+Tab wrap round inside it;
  * Escape closes it (or first the sub-list open in it) and focus goes back to the menu button;
  * a "Close menu" button is its first stop;
  * Enter or Space on a section or on the current page's contents opens that
    sub-list and moves into it; kairos.css keeps closed sub-lists, and the list an open one
    covers, out of the Tab order, so focus never lands on something off screen.

  Nothing here requests anything from anywhere.
*/
(function () {
  "use strict";

  var toggle = document.getElementById("__drawer");
  var button = document.getElementById("kairos-menu-button");
  var drawer = document.getElementById("kairos-drawer");
  if (!toggle || !button || !drawer) {
    return;
  }
  var label = document.querySelector('.md-header label[for="__drawer"]');
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';
  var inerted = [];

  button.hidden = false;
  if (label) {
    label.hidden = true;
  }

  var close = document.createElement("button");
  close.type = "button";
  close.className = "md-icon kairos-drawer-close";
  close.setAttribute("aria-label", "Close menu");
  close.innerHTML =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';
  var inner = drawer.querySelector(".md-sidebar__inner") || drawer;
  inner.insertBefore(close, inner.firstChild);

  // The drawer's panels sit side by side in a box that hides its overflow; focus on a panel
  // still sliding in would scroll that box sideways and leave the drawer blank. It never
  // needs to scroll sideways: undo any such scroll at once.
  var panels = drawer.querySelector(".md-sidebar__scrollwrap");
  if (panels) {
    panels.addEventListener("scroll", function () {
      if (panels.scrollLeft !== 0) {
        panels.scrollLeft = 0;
      }
    });
  }

  // The current page's entry opens its table of contents; mkdocs-material leaves it out of the
  // Tab order on narrow screens, where its link is hidden.
  drawer.querySelectorAll('label.md-nav__link[for="__toc"]').forEach(function (entry) {
    entry.setAttribute("tabindex", "0");
  });

  function isOpen() {
    return toggle.checked && narrow.matches;
  }

  // What Tab can reach in the drawer now: shown, not hidden by kairos.css, not disabled.
  function reachable() {
    return Array.prototype.filter.call(drawer.querySelectorAll(FOCUSABLE), function (element) {
      return (
        !element.disabled &&
        element.getClientRects().length > 0 &&
        getComputedStyle(element).visibility === "visible"
      );
    });
  }

  // Make every element outside the drawer inert (and undo it): walk up from the drawer and
  // mark the siblings at each level. The overlay stays live, so a tap on it still closes.
  function setOutsideInert(on) {
    inerted.forEach(function (element) {
      element.inert = false;
    });
    inerted = [];
    if (!on) {
      return;
    }
    for (var node = drawer; node.parentElement && node !== document.body; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
        var live =
          sibling === node ||
          sibling.inert ||
          sibling.classList.contains("md-overlay") ||
          sibling.classList.contains("md-toggle") ||
          sibling.tagName === "SCRIPT";
        if (!live) {
          sibling.inert = true;
          inerted.push(sibling);
        }
      });
    }
  }

  function sync() {
    var open = isOpen();
    button.setAttribute("aria-expanded", open ? "true" : "false");
    setOutsideInert(open);
  }

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    sync();
  }

  function closeDrawer() {
    setOpen(false);
    button.focus();
  }

  button.addEventListener("click", function () {
    setOpen(!toggle.checked);
    if (isOpen()) {
      close.focus();
    }
  });
  close.addEventListener("click", closeDrawer);
  // A tap on the overlay closes the drawer through the checkbox.
  toggle.addEventListener("change", sync);
  narrow.addEventListener("change", sync);

  // The open sub-list a label heads (its <nav> is labelled by it), and its own first stop.
  function subList(section) {
    return drawer.querySelector('[aria-labelledby="' + section.id + '"]') ||
      section.parentElement.querySelector(":scope > .md-nav");
  }

  function openSection(section) {
    section.click();
    var target = document.getElementById(section.htmlFor);
    if (!isOpen() || !target || !target.checked) {
      return;
    }
    var list = subList(section);
    var first = list && reachable().filter(function (element) {
      return list.contains(element);
    })[0];
    if (first) {
      // The sub-list is still sliding in: focus without scrolling the drawer sideways to it.
      first.focus({ preventScroll: true });
    }
  }

  // The sub-list that holds the focus, if one is open: Escape closes it first.
  function openSectionAround(element) {
    var list = element && element.closest(".md-nav__item > .md-nav");
    var item = list && list.parentElement;
    var box = item && item.querySelector(":scope > .md-nav__toggle");
    if (!box || !box.checked) {
      return null;
    }
    return item.querySelector(':scope > label.md-nav__link, :scope > .md-nav__container > label');
  }

  // Capture: before mkdocs-material's own keyboard handling.
  window.addEventListener(
    "keydown",
    function (event) {
      var target = event.target;
      var section =
        target instanceof HTMLLabelElement &&
        target.classList.contains("md-nav__link") &&
        drawer.contains(target);
      if (section && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        event.stopImmediatePropagation();
        openSection(target);
        return;
      }
      if (!isOpen()) {
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopImmediatePropagation();
        var heading = openSectionAround(document.activeElement);
        if (heading) {
          heading.click();
          heading.focus();
        } else {
          closeDrawer();
        }
      } else if (event.key === "Tab") {
        var stops = reachable();
        if (!stops.length) {
          return;
        }
        var index = stops.indexOf(document.activeElement);
        var next = index === -1 ? 0 : index + (event.shiftKey ? -1 : 1);
        event.preventDefault();
        stops[(next + stops.length) % stops.length].focus();
      }
    },
    true
  );

  // Hide the closed drawer at once: its slide-out delay is for closing, not for page load.
  drawer.style.transition = "none";
  document.documentElement.classList.add("kairos-drawer-keyboard");
  void drawer.offsetWidth;
  drawer.style.transition = "";
  sync();
})();
