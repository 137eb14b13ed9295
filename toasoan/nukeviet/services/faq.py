"""NukeViet's faq module (Hỏi đáp) → questions and answers (`toasoan.questions`).

NukeViet's FAQ is the agency's own list of questions with their answers, not citizens' letters, so
each row becomes a `Question` answered and marked "câu hỏi thường gặp", asked by "Ban biên tập"
(no citizen's name, e-mail or phone was ever kept there), on the site's "Hỏi đáp" page:

- ``title`` → title; ``question`` and ``answer`` (editor HTML) → plain text with their paragraphs;
- ``catid`` → a topic (lĩnh vực) of the page, added to the page through a revision when missing;
- ``addtime`` → asked, answered and published at; ``status`` 0 (hidden) → kept, not published.

A row with no answer is skipped: it would enter the staff's queue as an overdue letter.  Category
pages lead to the list filtered by their topic; a question's addresses (``<cat>/question-<id>``,
with the ``page-N`` NukeViet put in front when it was not on the first page) to its own page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction

from . import indexes, oldurls, values
from .ledger import SKIPPED, Ledger, digest
from .report import ModuleReport

if TYPE_CHECKING:
    from .context import RunContext

MODULE = "faq"
TITLE = "Hỏi đáp"
APP = "toasoan.questions"
ASKER = "Ban biên tập"
#: NukeViet's default ``per_page`` (``<prefix>_vi_faq_config``).
PER_PAGE = 30
ANSWER_MAX_LENGTH = 20000


def _config(ctx: RunContext, module: oldurls.Module) -> dict[str, str]:
    return {
        values.as_text(row.get("config_name")): values.as_text(row.get("config_value"))
        for row in ctx.dump.rows(module.table("config"), ctx.lang)
    }


def _topics(index, names: list[str]) -> dict[str, int]:
    """The page's topics by name, the missing ones added through a revision of the page (topics are
    an inline of it: written any other way, the next publish of the page would drop them)."""
    from toasoan.questions.models import QuestionIndexPage, QuestionTopic

    page = QuestionIndexPage.objects.get(pk=index.pk)
    existing = {topic.name: topic for topic in page.topics.all()}
    missing = [name for name in dict.fromkeys(names) if name and name not in existing]
    if missing:
        page.topics = [*existing.values(), *(QuestionTopic(name=name) for name in missing)]
        revision = page.save_revision()
        if page.live:
            revision.publish()
        else:
            page.save()
    return {topic.name: topic.pk for topic in QuestionTopic.objects.filter(page_id=index.pk)}


def import_faq(ctx: RunContext) -> ModuleReport:
    if not apps.is_installed(APP):
        return ModuleReport.not_run(
            MODULE, TITLE, "ứng dụng Hỏi đáp (toasoan.questions) chưa được cài trên trang này"
        )
    module = oldurls.find_module(ctx.dump, "faq", "", ctx.lang)
    if module is None:
        return ModuleReport.absent(MODULE, TITLE)
    from toasoan.questions.models import QuestionIndexPage

    report = ModuleReport(MODULE, module.title or TITLE)
    config = _config(ctx, module)
    per_page = values.number(config.get("per_page")) or PER_PAGE
    cats = {values.number(row.get("id")): row for row in ctx.dump.rows(module.table("categories"), ctx.lang)}
    rows = sorted(ctx.dump.rows(module.table(), ctx.lang), key=lambda row: values.number(row.get("id")))
    index = indexes.find_or_create(ctx, QuestionIndexPage, title=module.title or TITLE, slug="hoi-dap")
    used = [values.line(cats[c].get("title"), 120) for c in sorted(cats)]
    topics = _topics(index, used) if index is not None and not ctx.dry_run else {}
    ledger = Ledger(ctx.source, MODULE)
    for done, row in enumerate(rows, start=1):
        ctx.tick(MODULE, done, len(rows))
        _question(ctx, module, index, ledger, report, row, cats, topics, per_page)
    _categories(ctx, module, index, cats, topics)
    indexes.record_home(ctx, module, MODULE, index)
    return report


def _old_urls(ctx: RunContext, module: oldurls.Module, row: dict, cats: dict, per_page: int) -> list[str]:
    row_id = values.number(row.get("id"))
    category = cats.get(values.number(row.get("catid")))
    base = f"{values.line(category.get('alias'))}/" if category else ""
    pages = max(1, -(-values.number(row.get("weight")) // per_page))
    urls = oldurls.forms(ctx.lang, module.name, f"{base}question-{row_id}")
    if pages > 1:
        urls += oldurls.forms(ctx.lang, module.name, f"{base}page-{pages}/question-{row_id}")
    return urls


def _question(ctx, module, index, ledger: Ledger, report: ModuleReport, row, cats, topics, per_page) -> None:
    row_id = values.number(row.get("id"))
    title = values.line(row.get("title"), 200)
    urls = _old_urls(ctx, module, row, cats, per_page)
    answer = values.plain(row.get("answer"))[:ANSWER_MAX_LENGTH]
    if not answer:
        reason = "chưa có câu trả lời: không đưa vào hàng chờ như một câu hỏi mới của người dân"
        report.add("skipped", row_id, title, reason)
        if not ctx.dry_run:
            ledger.save(row_id, content_hash="", old_urls=urls, status=SKIPPED, reason=reason)
        return
    category = cats.get(values.number(row.get("catid")))
    topic_name = values.line(category.get("title"), 120) if category else ""
    if category is None and values.number(row.get("catid")):
        report.add(
            "warnings",
            row_id,
            title,
            f"chủ đề #{values.number(row.get('catid'))} không còn: không có lĩnh vực",
        )
    published = values.number(row.get("status")) == 1
    if not published:
        report.add("warnings", row_id, title, "đang ẩn trên NukeViet (status=0): nhập nhưng không công bố")
    known = values.moment(row.get("addtime"))
    asked = known or ctx.now()
    fields = {
        "title": title or values.plain(row.get("question"))[:200],
        "content": values.plain(row.get("question")) or title,
        "answer": answer,
        "topic": topic_name,
        "asked": known.isoformat() if known else "",
        "published": published,
    }
    content_hash = digest(fields)
    if ledger.is_current(row_id, content_hash):
        report.add("unchanged", row_id, title)
        return
    record = ledger.get(row_id)
    kind = "updated" if record is not None and record.object_pk else "created"
    if ctx.dry_run:
        report.add(kind, row_id, title)
        return
    try:
        with transaction.atomic():
            question = _write(index, record.object_pk if kind == "updated" else "", fields, topics, asked)
            ledger.save(
                row_id,
                content_hash=content_hash,
                page_id=index.pk,
                object_label="questions.Question",
                object_pk=question.pk,
                old_urls=urls,
            )
    except Exception as error:  # one bad row must not stop the others; the next run tries it again
        report.add("skipped", row_id, title, f"không ghi được ({type(error).__name__}: {error})")
        return
    report.add(kind, row_id, title)


def _write(index, pk: str, fields: dict, topics: dict[str, int], asked):
    from toasoan.questions.models import Question, QuestionStatus
    from toasoan.questions.services import deadlines

    question = Question.objects.filter(pk=int(pk), index_id=index.pk).first() if pk else None
    if question is None:
        question = Question(index_id=index.pk, name=ASKER, show_full_name=True, is_faq=True)
    question.status = QuestionStatus.ANSWERED
    question.title = fields["title"]
    question.content = fields["content"]
    question.answer = fields["answer"]
    question.topic_id = topics.get(fields["topic"])
    question.created_at = asked
    question.due_on = deadlines.due_on(asked)
    question.answered_at = asked
    question.is_published = fields["published"]
    question.published_at = asked if fields["published"] else None
    question.refresh_search_key()
    question.save()
    return question


def _categories(ctx, module, index, cats: dict, topics: dict[str, int]) -> None:
    """A category's page → the list filtered by its topic (`?linh_vuc=<id>`), reported after the
    questions (`ctx.reports`)."""
    ledger = Ledger(ctx.source, f"{MODULE}_cat")
    report = ModuleReport(f"{MODULE}_cat", "Hỏi đáp: chủ đề")
    ctx.reports.append(report)
    for cat_id, row in sorted(cats.items()):
        title = values.line(row.get("title"), 120)
        urls = oldurls.forms(ctx.lang, module.name, values.line(row.get("alias")))
        topic = topics.get(title, "")
        content_hash = digest([topic, urls])
        key = cat_id
        if ledger.is_current(cat_id, content_hash):
            report.add("unchanged", key, title)
            continue
        report.add("updated" if ledger.get(cat_id) else "created", key, title)
        if not ctx.dry_run and index is not None:
            ledger.save(
                cat_id,
                content_hash=content_hash,
                page_id=index.pk,
                object_label="questions.QuestionTopic" if topic else "",
                object_pk=topic,
                old_urls=urls,
            )
