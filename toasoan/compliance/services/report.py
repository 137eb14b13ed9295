"""The compliance report: every requirement of the checklist checked against the running portal,
written in Vietnamese as JSON and as a printable HTML page (the command and the admin report)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone

from toasoan import vntext

from . import checklist as checklist_module
from .checks import KINDS, Portal, Result, Status

logger = logging.getLogger(__name__)


class ReportError(Exception):
    """The report cannot be made (no site configured); the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Item:
    requirement: checklist_module.Requirement
    result: Result

    @property
    def status(self) -> Status:
        return self.result.status


@dataclass(frozen=True)
class Report:
    made_at: datetime
    address: str
    notice: str
    items: tuple[Item, ...]

    @property
    def failures(self) -> list[Item]:
        return [item for item in self.items if item.status is Status.FAILED]

    @property
    def passed(self) -> bool:
        return not self.failures

    def counts(self) -> dict[str, int]:
        return {status.label: sum(1 for item in self.items if item.status is status) for status in Status}

    def as_dict(self) -> dict[str, Any]:
        return {
            "ngay_lap": timezone.localtime(self.made_at).isoformat(timespec="seconds"),
            "dia_chi": self.address,
            "luu_y": self.notice,
            "ket_qua_chung": "đạt" if self.passed else "không đạt",
            "so_muc": self.counts(),
            "cac_muc": [
                {
                    "ma": item.requirement.id,
                    "yeu_cau": item.requirement.title,
                    "can_cu": item.requirement.source,
                    "can_cu_can_kiem_tra": item.requirement.verify,
                    "ket_qua": item.status.value,
                    "ket_qua_chu": item.status.label,
                    "chi_tiet": item.result.detail,
                }
                for item in self.items
            ],
        }

    def summary_lines(self) -> list[str]:
        lines = [
            f"Báo cáo tuân thủ của {self.address}, lập lúc {vntext.format_datetime(self.made_at)}",
            self.notice,
        ]
        for item in self.items:
            lines.append(f"[{item.status.label}] {item.requirement.title}: {item.result.detail}")
            lines.append(f"    Căn cứ: {item.requirement.citation}")
        counts = ", ".join(f"{label}: {count}" for label, count in self.counts().items())
        lines.append(f"Kết quả chung: {'đạt' if self.passed else 'không đạt'} ({counts}).")
        return lines


def default_site():
    site = (
        apps.get_model("wagtailcore.Site")
        .objects.filter(is_default_site=True)
        .select_related("root_page")
        .first()
    )
    if site is None:
        raise ReportError("Chưa có trang web mặc định (Site): chạy manage.py set_site_address trước.")
    return site


def run(
    *, site=None, now: datetime | None = None, checklist: checklist_module.Checklist | None = None
) -> Report:
    """Check every requirement against the portal of `site` (the default Site)."""
    checklist = checklist or checklist_module.load(known_kinds=frozenset(KINDS))
    site = site or default_site()
    portal = Portal(site=site, now=now or timezone.now())
    items = []
    for requirement in checklist.items:
        check = KINDS.get(requirement.kind)
        if check is None:
            result = Result(Status.FAILED, f"Cách kiểm tra “{requirement.kind}” không được hỗ trợ.")
        else:
            try:
                result = check(portal, requirement.params)
            except Exception:  # one broken check must not hide the others' results
                logger.exception("compliance: the check %s failed", requirement.id)
                result = Result(Status.FAILED, "Lỗi khi kiểm tra mục này (xem nhật ký của máy chủ).")
        items.append(Item(requirement, result))
    return Report(made_at=portal.now, address=portal.address, notice=checklist.notice, items=tuple(items))


def context(report: Report) -> dict[str, Any]:
    return {"report": report, "made_at": vntext.format_datetime(report.made_at), "counts": report.counts()}


def render_html(report: Report) -> str:
    return render_to_string("compliance/report.html", context(report))


def write_json(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_html(report: Report, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
