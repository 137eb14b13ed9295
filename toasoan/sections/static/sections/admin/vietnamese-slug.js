/*
 * Vietnamese slugs in the Wagtail admin.
 *
 * Wagtail's slug controller (w-slug) downcodes with a table that has no Vietnamese
 * (đ becomes "dj" through the Serbian map, ạ/ả/ố… are dropped), so "Ba Đình" turns
 * into "ba-djnh". We replace its two methods with the same rule as
 * toasoan.vntext.slugify: strip tone and vowel marks, đ→d, ASCII words joined by "-".
 * The server re-slugifies anyway (VietnamesePageForm); this keeps what the editor
 * sees equal to what is saved.
 */
(() => {
  const vietnameseSlug = (value, { trim }) => {
    let slug = String(value || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐðÐ]/g, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+/, '');
    if (trim) slug = slug.replace(/-+$/, '');
    return slug.substring(0, 255);
  };

  const patch = (SlugController) => {
    if (!SlugController || SlugController.prototype.toasoanVietnamese) return false;
    const make = (action, trim) =>
      function vietnamese(event, { ignoreUpdate = false, runFormat = !ignoreUpdate } = {}) {
        const { value = this.element.value } = event?.detail || {};
        const prepared = this.prepareValue(value, { runFormat });
        if (!prepared) return '';
        const clean = vietnameseSlug(prepared, { trim });
        if (!ignoreUpdate) this.applyUpdate(action, clean, value);
        return clean;
      };
    SlugController.prototype.urlify = make('urlify', true);
    SlugController.prototype.slugify = make('slugify', false);
    SlugController.prototype.toasoanVietnamese = true;
    return true;
  };

  const findController = () => {
    const app = window.wagtail && window.wagtail.app;
    const module = app && app.router && app.router.modulesByIdentifier.get('w-slug');
    return module && module.definition.controllerConstructor;
  };

  window.toasoanVietnameseSlug = vietnameseSlug;
  if (!patch(findController())) {
    document.addEventListener('DOMContentLoaded', () => patch(findController()));
  }
})();
