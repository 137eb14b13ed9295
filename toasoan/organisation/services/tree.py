"""The organisation as a tree: three queries (units, people, renditions) whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import Page

from ..models import OrganisationPage, Person, UnitPage
from . import contacts, listing


@dataclass
class Node:
    unit: UnitPage
    level: int
    children: list[Node] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def leaders(self) -> list[Person]:
        return [person for person in self.people if person.is_leader]

    @property
    def heading(self) -> int:
        """h2 for the top units, one level deeper for each below, h6 at most."""
        return min(6, self.level + 1)


@dataclass
class Tree:
    root: Page
    roots: list[Node]

    def walk(self):
        """Every node, top down, in the tree's order."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


def decorate(person: Person) -> Person:
    """Display forms for templates (no query)."""
    person.phone_display = contacts.display(person.phone)
    person.phone_uri = contacts.tel_uri(person.phone)
    person.duty_lines = [line.strip() for line in person.duties.splitlines() if line.strip()]
    return person


def decorate_unit(unit: UnitPage) -> UnitPage:
    unit.phone_display = contacts.display(unit.phone)
    unit.phone_uri = contacts.tel_uri(unit.phone)
    return unit


def load(root: OrganisationPage | UnitPage, *, photos: bool = True) -> Tree:
    """The visible units below `root`, nested, with their people (and their photos' renditions)."""
    nodes: dict[str, Node] = {}
    roots: list[Node] = []
    for unit in listing.units(root):
        parent_path = unit.path[: -UnitPage.steplen]
        if parent_path == root.path:
            node = Node(decorate_unit(unit), 1)
            roots.append(node)
        elif parent_path in nodes:
            parent = nodes[parent_path]
            node = Node(decorate_unit(unit), parent.level + 1)
            parent.children.append(node)
        else:
            continue  # below a page that is no unit (a moved tree): not part of the chart
        nodes[unit.path] = node
    by_id = {node.unit.pk: node for node in nodes.values()}
    if by_id:
        for person in listing.people(list(by_id), photos=photos):
            by_id[person.unit_id].people.append(decorate(person))
    return Tree(root, roots)
