/*
 * Remembers the reader's text size and contrast for the next pages. The controls work without this
 * script (site.css reads the checked inputs with :has()); the script only carries the choice over,
 * in this browser's localStorage, never to the server: every reader gets the same cached page.
 *
 * Loaded in <head> without defer so the remembered choice is on <html> before the first paint; a
 * static file, since the Content-Security-Policy runs no inline script.
 */
(() => {
  const root = document.documentElement;
  const KEYS = { 'co-chu': 'toasoan:co-chu', 'tuong-phan': 'toasoan:tuong-phan' };
  const SIZES = ['nho', 'vua', 'lon'];
  let store = null;
  try {
    store = window.localStorage;
    store.getItem(KEYS['co-chu']);
  } catch (error) {
    store = null; // storage blocked: the controls still work on the page being read
  }
  const read = (key) => (store ? store.getItem(KEYS[key]) : null);
  const write = (key, value) => {
    if (!store) return;
    try {
      if (value) store.setItem(KEYS[key], value);
      else store.removeItem(KEYS[key]);
    } catch (error) {
      // full or blocked storage: the choice lasts for this page only
    }
  };
  const apply = (size, contrast) => {
    if (size && size !== 'vua') root.dataset.coChu = size;
    else delete root.dataset.coChu;
    if (contrast) root.dataset.tuongPhan = '1';
    else delete root.dataset.tuongPhan;
  };

  const savedSize = SIZES.includes(read('co-chu')) ? read('co-chu') : 'vua';
  const savedContrast = read('tuong-phan') === '1';
  apply(savedSize, savedContrast);

  const connect = () => {
    const sizes = document.querySelectorAll('input[data-reader-pref="co-chu"]');
    const contrast = document.querySelector('input[data-reader-pref="tuong-phan"]');
    if (!sizes.length || !contrast) return;
    sizes.forEach((input) => {
      input.checked = input.value === savedSize;
    });
    contrast.checked = savedContrast;
    const changed = () => {
      const size = Array.from(sizes).find((input) => input.checked);
      const value = size ? size.value : 'vua';
      apply(value, contrast.checked);
      write('co-chu', value === 'vua' ? '' : value);
      write('tuong-phan', contrast.checked ? '1' : '');
    };
    [...sizes, contrast].forEach((input) => {
      input.addEventListener('change', changed);
      // Enter works like Space on these controls, as on the buttons they look like.
      input.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        input.click();
      });
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', connect);
  else connect();
})();
