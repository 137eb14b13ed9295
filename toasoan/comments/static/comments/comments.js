/* Tòa Soạn – readers' comment form, progressively enhanced.
 *
 * Without this script: the article page links to /binh-luan/viet/<id>/, a full page whose form
 * posts normally ("Lấy lại mã bảo mật" is a submit button that redraws the code, keeping the text).
 * With it: "Viết bình luận" loads the form in place (from an uncached endpoint: the article page
 * itself carries no token or code), the code is refreshed without a reload, and the form is sent
 * with fetch; the server answers with the same HTML fragment (errors, 429, 503 or "sent").
 */
(function () {
  "use strict";

  var HEADERS = { "X-Requested-With": "XMLHttpRequest" };

  function focusNotice(root) {
    var target = root.querySelector("[data-focus]");
    if (target) {
      target.focus();
    }
  }

  function replace(container, html) {
    container.innerHTML = html;
    enhance(container);
  }

  function loadForm(container, url, focusFirstField) {
    return fetch(url, { credentials: "same-origin", cache: "no-store", headers: HEADERS })
      .then(function (response) {
        // 429 (too many codes drawn) and 503 (busy) come as the form with their message.
        if (!response.ok && response.status !== 429 && response.status !== 503) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        replace(container, html);
        var first = container.querySelector("form input:not([type=hidden]):not([tabindex='-1'])");
        if (focusFirstField && first) {
          first.focus();
        } else {
          focusNotice(container);
        }
      });
  }

  function refreshCode(form, button) {
    var status = form.querySelector("[data-captcha-status]");
    return fetch(button.getAttribute("data-refresh-url"), {
      credentials: "same-origin",
      cache: "no-store",
      headers: HEADERS
    })
      .then(function (response) {
        if (!response.ok && response.status !== 429) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.error) {
          // Too many codes drawn: the current one still works until it expires; say why no new one.
          if (status) {
            status.classList.remove("visually-hidden");
            status.textContent = data.error;
          }
          return;
        }
        form.querySelector("[data-captcha-key]").value = data.key;
        var image = form.querySelector("[data-captcha-image]");
        image.src = data.image_url;
        var audio = form.querySelector("[data-captcha-audio]");
        if (audio && data.audio_url) {
          audio.src = data.audio_url;
          var link = audio.querySelector("[data-captcha-audio-link]");
          if (link) {
            link.href = data.audio_url;
          }
        }
        var answer = form.querySelector("input[name=captcha]");
        answer.value = "";
        answer.focus();
        if (status) {
          status.textContent = status.getAttribute("data-refreshed-text");
        }
      });
  }

  function send(container, form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    return fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: HEADERS })
      .then(function (response) {
        // Our answers are fragments: sent (200), errors (400), too many (429), busy (503).
        if ([200, 400, 429, 503].indexOf(response.status) === -1) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        replace(container, html);
        focusNotice(container);
      });
  }

  function submitWithoutScript(form, submitter) {
    if (submitter && submitter.name) {
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  function enhance(container) {
    // In place (the article page) the whole form is sent with fetch; on the full page only the
    // code is refreshed without a reload, and the form posts as a normal page.
    var inPlace = container.hasAttribute("data-comment-form-url");
    var form = container.querySelector("form[data-comment-form]");
    if (form && !form.hasAttribute("data-enhanced")) {
      form.setAttribute("data-enhanced", "");
      form.addEventListener("submit", function (event) {
        var submitter = event.submitter || null;
        if (submitter && submitter.hasAttribute("data-captcha-refresh")) {
          event.preventDefault();
          refreshCode(form, submitter).catch(function () {
            submitWithoutScript(form, submitter); // the server redraws the code, keeping the text
          });
          return;
        }
        if (!inPlace) {
          return; // the full page posts normally
        }
        event.preventDefault();
        var buttons = form.querySelectorAll("button[type=submit]");
        buttons.forEach(function (button) { button.disabled = true; });
        send(container, form, submitter).catch(function () {
          buttons.forEach(function (button) { button.disabled = false; });
          submitWithoutScript(form, submitter); // fall back to a full page
        });
      });
    }
    container.querySelectorAll("a[data-comment-write]").forEach(function (link) {
      var formUrl = container.getAttribute("data-comment-form-url");
      if (!formUrl) {
        return;
      }
      link.addEventListener("click", function (event) {
        event.preventDefault();
        loadForm(container, formUrl, true).catch(function () {
          window.location.href = link.href; // the full-page form works without any of this
        });
      });
    });
  }

  function start() {
    // The article page: the form is loaded only when the reader asks for it, so reading an
    // article never creates a code or a cookie.
    document.querySelectorAll("[data-comment-form-url]").forEach(enhance);
    // The full page (/binh-luan/viet/<id>/): the form already there.
    document.querySelectorAll("[data-comment-page]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
