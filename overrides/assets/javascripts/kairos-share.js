/*
  Kairos: sharing and citing a story (plugins/kairos/site/theme/kairos/partials/share-cite.html).

  * The link to the story becomes a "Copy link" button: pressing it puts the story's address on
    the clipboard and says so in a live region. Without JavaScript (or without a clipboard) the
    plain link stays, for readers to copy from their browser.
  * The citation gets the reader's own date, "(accessed 7 December 2026)": a page built once
    cannot know the day it is read.

  Nothing here requests anything from anywhere.
*/
(function () {
  "use strict";

  var MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ];

  function today() {
    var now = new Date();
    return now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
  }

  function addAccessedDate() {
    var places = document.querySelectorAll("[data-kairos-accessed]");
    for (var i = 0; i < places.length; i++) {
      places[i].textContent = " (accessed " + today() + ").";
    }
  }

  function copyButton(link) {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
      return;
    }
    var status = link.parentNode.querySelector(".kairos-cite__status");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button kairos-cite__copy";
    button.textContent = "Copy link to this story";
    button.setAttribute("data-kairos-address", link.href);
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(link.href).then(
        function () {
          if (status) {
            status.textContent = "Link copied: " + link.href;
          }
        },
        function () {
          if (status) {
            status.textContent = "The link could not be copied: copy it from the citation below.";
          }
        }
      );
    });
    link.parentNode.replaceChild(button, link);
  }

  addAccessedDate();
  var links = document.querySelectorAll("[data-kairos-copy-link]");
  for (var i = 0; i < links.length; i++) {
    copyButton(links[i]);
  }
})();
