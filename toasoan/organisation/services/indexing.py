"""What units and people store for finding them (a folded key) and their phones in the +84 form.

Run before every save (signal_handlers), so the admin, the demo and code all fill them alike.
"""

from __future__ import annotations

from toasoan import vntext

from ..models import Person, UnitPage
from . import contacts


def key(*parts: str) -> str:
    """Folded words between spaces: ` nguyen van an ` (a word is found as ` an `, a prefix as ` an`)."""
    return " " + vntext.fold(" ".join(part for part in parts if part)) + " "


def prepare_unit(unit: UnitPage) -> None:
    unit.phone = contacts.stored(unit.phone)
    unit.search_key = key(unit.title)


def prepare_person(person: Person) -> None:
    person.name = vntext.normalize(person.name or "").strip()
    person.phone = contacts.stored(person.phone)
    person.search_key = key(person.name, person.position)


def matches(search_key: str, words: list[str]) -> bool:
    """Every folded word typed starts a word of the key (`ng` finds `Nguyễn`)."""
    return all(f" {word}" in search_key for word in words)


def words(query: str, limit: int = 20) -> list[str]:
    return vntext.fold((query or "")[:200]).split()[:limit]
