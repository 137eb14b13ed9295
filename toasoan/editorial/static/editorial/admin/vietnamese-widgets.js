// The date picker Wagtail bundles (jquery.datetimepicker) builds its "Save Selected" button in
// English, outside any catalogue; every picker the admin creates, now or later, gets it in
// Vietnamese. (Its months and weekdays already come from Wagtail's Vietnamese catalogue.)
(() => {
  const SAVE_SELECTED = "Lưu lựa chọn";
  const SELECTOR = ".xdsoft_save_selected";

  const label = (button) => {
    if (button.textContent !== SAVE_SELECTED) button.textContent = SAVE_SELECTED;
  };

  const translate = (element) => {
    if (element.matches(SELECTOR)) label(element);
    for (const button of element.querySelectorAll(SELECTOR)) label(button);
  };

  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) translate(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });

  translate(document.documentElement);
})();
