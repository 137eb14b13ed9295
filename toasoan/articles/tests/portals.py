"""Component portals for tests: a Wagtail Site with its own home page, made with Wagtail directly
(`toasoan.portals` provisions real ones; one home per Site root is all the tests need)."""

from __future__ import annotations

from wagtail.models import Page, Site

from toasoan.sections.models import HomePage


def new_portal(name: str, hostname: str, *, port: int = 80) -> HomePage:
    """A portal named `name` answering at `hostname`: its home page under the tree's root."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=name, slug=hostname.split(".")[0]))
    Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
    return home


def publish(page):
    page.save_revision().publish()
    return page
