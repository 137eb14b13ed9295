"""What a run did, module by module: every row accounted for (created, updated, unchanged, skipped)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: Module states.
DONE = "done"
ABSENT = "absent"  # the dump has no table of this module
SKIPPED = "skipped"  # the module's target is not installed here, or it failed as a whole

REASON_ABSENT = "không có trong bản sao"

#: Lines listed per kind in the text report; the JSON report lists everything.
TEXT_LIMIT = 20


@dataclass(frozen=True)
class Item:
    """One row of a module: its NukeViet key, a label a person recognises, and why (for skips/warnings)."""

    key: str
    label: str = ""
    reason: str = ""

    def as_json(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "reason": self.reason}

    def __str__(self) -> str:
        text = f"#{self.key}" + (f" {self.label}" if self.label else "")
        return f"{text}: {self.reason}" if self.reason else text


@dataclass
class ModuleReport:
    """One module's outcome.  ``warnings`` are about rows that were imported (a missing image…)."""

    module: str
    title: str = ""
    state: str = DONE
    reason: str = ""
    created: list[Item] = field(default_factory=list)
    updated: list[Item] = field(default_factory=list)
    unchanged: list[Item] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    warnings: list[Item] = field(default_factory=list)

    @classmethod
    def absent(cls, module: str, title: str = "") -> ModuleReport:
        return cls(module, title, state=ABSENT, reason=REASON_ABSENT)

    @classmethod
    def not_run(cls, module: str, title: str, reason: str) -> ModuleReport:
        return cls(module, title, state=SKIPPED, reason=reason)

    def add(self, kind: str, key: object, label: str = "", reason: str = "") -> None:
        """``kind`` is one of "created", "updated", "unchanged", "skipped", "warnings"."""
        getattr(self, kind).append(Item(str(key), label, reason))

    @property
    def changed(self) -> int:
        return len(self.created) + len(self.updated)

    @property
    def total(self) -> int:
        """Rows accounted for (warnings are about rows already counted)."""
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.skipped)

    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "title": self.title,
            "state": self.state,
            "reason": self.reason,
            "counts": self.counts(),
            **{
                kind: [item.as_json() for item in getattr(self, kind)]
                for kind in ("created", "updated", "unchanged", "skipped", "warnings")
            },
        }

    def as_text(self, *, dry_run: bool = False, limit: int = TEXT_LIMIT) -> str:
        name = f"{self.title} ({self.module})" if self.title else self.module
        if self.state != DONE:
            return f"{name}: bỏ qua — {self.reason}"
        verbs = ("sẽ tạo", "sẽ cập nhật") if dry_run else ("tạo", "cập nhật")
        lines = [
            f"{name}: {verbs[0]} {len(self.created)}, {verbs[1]} {len(self.updated)}, "
            f"không đổi {len(self.unchanged)}, bỏ qua {len(self.skipped)}, cảnh báo {len(self.warnings)}"
        ]
        for heading, items in (("Bỏ qua", self.skipped), ("Cảnh báo", self.warnings)):
            if not items:
                continue
            lines.append(f"  {heading}:")
            lines.extend(f"    {item}" for item in items[:limit])
            if len(items) > limit:
                lines.append(f"    … và {len(items) - limit} dòng nữa (xem --json)")
        return "\n".join(lines)


@dataclass
class RunReport:
    """The whole run: the dump, the options and every module's report, in the order they ran."""

    dump: str
    source: str
    dry_run: bool = False
    modules: list[ModuleReport] = field(default_factory=list)
    #: The redirect index rebuilt after a real run (services.redirects.RebuildReport).
    redirects: Any = None

    @property
    def changed(self) -> int:
        return sum(module.changed for module in self.modules)

    def module(self, name: str) -> ModuleReport | None:
        return next((module for module in self.modules if module.module == name), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "dump": self.dump,
            "source": self.source,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "modules": [module.as_json() for module in self.modules],
            "redirects": self.redirects.as_json() if self.redirects is not None else None,
        }

    def as_json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1)

    def as_text(self) -> str:
        head = f"Bản sao NukeViet: {self.dump} (nguồn “{self.source}”)"
        if self.dry_run:
            head += " — chạy thử, không ghi gì"
        lines = [head]
        lines.extend(module.as_text(dry_run=self.dry_run) for module in self.modules)
        if self.redirects is not None:
            lines.append(self.redirects.summary() + " Danh sách: manage.py nukeviet_redirects --report.")
        if not self.changed:
            lines.append("Không có gì thay đổi: mọi dòng đã được nhập từ trước.")
        return "\n".join(lines)
