"""`load_demo(articles=False)` (the portal a corpus is imported into) builds the registry, the
organisation and the questions too: one run, shared by the module, for the three checks."""

from __future__ import annotations

import copy

import pytest

from toasoan.demo import legal, questions, services
from toasoan.legal.models import LegalDocumentPage, LegalIndexPage
from toasoan.organisation.models import OrganisationPage, UnitPage
from toasoan.questions.models import QuestionIndexPage


def run_without_articles() -> services.DemoReport:
    return services.load_demo(articles=False)


@pytest.fixture(scope="module")
def built_report(module_db) -> services.DemoReport:
    return module_db(run_without_articles)


@pytest.fixture
def report(built_report, db) -> services.DemoReport:
    """What the run returned; what it made is in the database."""
    return copy.deepcopy(built_report)


def test_load_demo_builds_the_registry_too(report):
    index = LegalIndexPage.objects.child_of(report.home).get()
    assert LegalDocumentPage.objects.live().child_of(index).count() == len(legal.DOCUMENTS)


def test_load_demo_builds_the_organisation_too(report):
    page = OrganisationPage.objects.child_of(report.home).get()
    assert UnitPage.objects.live().descendant_of(page).count() >= 5


def test_load_demo_builds_the_questions_too(report):
    index = QuestionIndexPage.objects.child_of(report.home).get()
    assert index.show_in_menus and index.privacy_page is not None
    assert index.questions.count() == len(questions.QUESTIONS)
