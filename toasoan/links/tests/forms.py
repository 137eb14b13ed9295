"""The admin's link-group form as a browser posts it, with one link."""

from __future__ import annotations


def group_form(title: str, *, url: str, link_title: str = "Dịch vụ công", site=None) -> dict[str, str]:
    return {
        "title": title,
        "site": str(site.pk) if site else "",
        "order": "1",
        "show_in_footer": "on",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-title": link_title,
        "links-0-url": url,
        "links-0-description": "",
        "links-0-ORDER": "1",
        "links-0-DELETE": "",
        "links-0-id": "",
    }
