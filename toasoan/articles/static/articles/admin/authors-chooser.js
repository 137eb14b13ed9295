/*
 * The article form's authors: Wagtail's snippet chooser (searchable by name and pen name) opened in
 * its multiple-choice mode; what comes back is added to a hidden <select multiple> that the form
 * posts as the plain field did. A static file: the admin's strict policy (report-only) allows no
 * inline script.
 */
(() => {
  const setUp = (root) => {
    if (root.dataset.toasoanReady) return;
    root.dataset.toasoanReady = '1';
    const select = root.querySelector('select');
    const list = root.querySelector('[data-toasoan-authors-list]');
    const empty = root.querySelector('[data-toasoan-authors-empty]');
    const changed = () => {
      empty.hidden = select.options.length > 0;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const add = (id, label) => {
      const value = String(id);
      if ([...select.options].some((option) => option.value === value)) return;
      select.append(new Option(label, value, true, true));
      const item = document.createElement('li');
      item.className = 'toasoan-authors__item';
      item.dataset.value = value;
      const name = document.createElement('span');
      name.textContent = label;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button button-small button-secondary';
      remove.dataset.toasoanAuthorsRemove = '';
      remove.textContent = 'Bỏ';
      const hidden = document.createElement('span');
      hidden.className = 'visuallyhidden';
      hidden.textContent = ` ${label}`;
      remove.append(hidden);
      item.append(name, ' ', remove);
      list.append(item);
      changed();
    };
    list.addEventListener('click', (event) => {
      const button = event.target.closest('[data-toasoan-authors-remove]');
      if (!button) return;
      const item = button.closest('li');
      [...select.options].filter((option) => option.value === item.dataset.value).forEach((o) => o.remove());
      item.remove();
      changed();
    });
    root.querySelector('[data-toasoan-authors-choose]').addEventListener('click', () => {
      window.ModalWorkflow({
        url: root.dataset.chooserUrl,
        urlParams: { multiple: 1 },
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: {
          chosen: (result) => {
            (Array.isArray(result) ? result : [result]).forEach((author) => add(author.id, author.string));
          },
        },
      });
    });
  };
  const all = () => document.querySelectorAll('[data-toasoan-authors]').forEach(setUp);
  all();
  document.addEventListener('DOMContentLoaded', all);
  // Panels drawn later (a tab, a preview refresh) bring their own widget.
  document.addEventListener('w-swap:success', all);
})();
