"""The checklist: the requirements and their legal sources, read from one data file
(`compliance/checklist.toml`) so that a change in the rules is a change of data, not of code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toasoan import vntext

CHECKLIST = Path(__file__).resolve().parents[1] / "checklist.toml"
#: Said next to a citation whose article or clause has not been confirmed.
TO_VERIFY = "cần kiểm tra"


class ChecklistError(ValueError):
    """The data file cannot be used; the message names the item and what is wrong, in Vietnamese."""


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    source: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    verify: bool = False

    @property
    def citation(self) -> str:
        return f"{self.source} ({TO_VERIFY})" if self.verify else self.source


@dataclass(frozen=True)
class Checklist:
    notice: str
    items: tuple[Requirement, ...]


def load(path: Path | None = None, known_kinds: frozenset[str] | None = None) -> Checklist:
    """The checklist in `path` (default: the one shipped), checked: every item has an id, a title,
    a source and a known kind; ids are unique."""
    path = path or CHECKLIST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ChecklistError(f"Không đọc được danh mục kiểm tra {path}: {error}") from error
    notice = vntext.normalize(str(data.get("notice", "")).strip())
    if not notice:
        raise ChecklistError(f"{path}: thiếu câu lưu ý “notice” (báo cáo không phải tư vấn pháp lý).")
    items: list[Requirement] = []
    seen: set[str] = set()
    for position, raw in enumerate(data.get("muc", []), start=1):
        name = str(raw.get("id", "")).strip() or f"mục thứ {position}"
        for key in ("id", "title", "source", "kind"):
            if not str(raw.get(key, "")).strip():
                raise ChecklistError(f"{path}: {name} thiếu “{key}”.")
        if name in seen:
            raise ChecklistError(f"{path}: mã “{name}” bị trùng.")
        seen.add(name)
        kind = str(raw["kind"])
        if known_kinds is not None and kind not in known_kinds:
            raise ChecklistError(f"{path}: {name} có cách kiểm tra “{kind}” không được hỗ trợ.")
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise ChecklistError(f"{path}: {name}: “params” phải là một bảng.")
        items.append(
            Requirement(
                id=name,
                title=vntext.normalize(str(raw["title"])),
                source=vntext.normalize(str(raw["source"])),
                kind=kind,
                params=params,
                verify=bool(raw.get("verify", False)),
            )
        )
    if not items:
        raise ChecklistError(f"{path}: danh mục không có mục nào.")
    return Checklist(notice=notice, items=tuple(items))
