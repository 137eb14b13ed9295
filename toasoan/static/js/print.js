/*
 * The print page's "In bài viết" button: phones have no Ctrl+P. The button stays hidden without
 * this script (or without window.print), so nobody is shown a button that does nothing. A static
 * file, allowed by the policy's 'self': the Content Security Policy runs no inline script.
 */
(() => {
  const button = document.querySelector('[data-print-button]');
  if (!button || typeof window.print !== 'function') return;
  button.hidden = false;
  button.addEventListener('click', () => window.print());
})();
