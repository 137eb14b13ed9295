"""NukeViet's comments (``<prefix>_<lang>_comment``, every module's) → readers' comments here.

* Only approved comments (``status`` 1) come over, approved; one never approved is skipped with
  the reason (no moderator here decided on it, and its author expected nothing public).
* A comment goes to the page its row became: the ledger of its module (``news`` for the news
  module, ``laws``… for the others, whatever name the portal gave the module). A comment on a row
  that was skipped, or of a module with no home here, is skipped with the reason.
* Personal data, under our retention rules (``comments.services.personal_data``): a phone
  number is kept only with the reader's consent and for 90 days after moderation, an IP only as a
  salted hash for 30 days. A NukeViet comment has no consent and is older than that, so nothing
  personal is kept: the e-mail address and the IP are not read, and phone numbers and e-mail
  addresses written in the text are masked (the report says which comments).
* Replies to a comment (``pid``) become comments of their own: the thread has no place here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import batched
from typing import Any

from django.apps import apps
from django.db import transaction

from toasoan.importer.records import clean_text

from ..models import LegacyRecord
from .context import RunContext
from .ledger import digest
from .report import ModuleReport

MODULE = "comment"
TITLE = "Bình luận"
IMPORT_VERSION = 1
BATCH_SIZE = 500
TITLE_LENGTH = 80
CONTENT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
DEFAULT_NAME = "Bạn đọc"

REASON_NOT_APPROVED = "chưa được duyệt trên NukeViet"
REASON_NO_PAGE = "{module} #{id} không có trang ở đây"
REASON_PAGE_SKIPPED = "{module} #{id} không được nhập ({reason})"
REASON_EMPTY = "nội dung trống"
NOTE_MASKED = "đã ẩn {what} trong nội dung (không có sự đồng ý lưu giữ)"
NOTE_CUT = "nội dung dài quá 5.000 ký tự, đã cắt"

PHONE_MASK = "[số điện thoại đã ẩn]"
EMAIL_MASK = "[e-mail đã ẩn]"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Something shaped like a Vietnamese number; ``normalize_phone`` decides whether it is one.
_PHONE = re.compile(r"(?<![\w+])(?:\+\s?84|0084|84|0)[\d .\-()]{7,16}\d(?!\d)")


def mask_personal_data(text: str) -> tuple[str, list[str]]:
    """*text* with its e-mail addresses and Vietnamese phone numbers masked, and what was masked."""
    from toasoan.comments.services.phone import InvalidPhone, normalize_phone

    found: list[str] = []
    masked, count = _EMAIL.subn(EMAIL_MASK, text)
    if count:
        found.append("e-mail")

    def phone(match: re.Match[str]) -> str:
        try:
            normalize_phone(match.group(), landline=True)
        except InvalidPhone:
            return match.group()
        return PHONE_MASK

    result = _PHONE.sub(phone, masked)
    if result != masked:
        found.insert(0, "số điện thoại")
    return result, found


def _title(content: str) -> str:
    """NukeViet comments have no title: the first words of the text, for the moderators' list."""
    first = content.split("\n", 1)[0]
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH].rsplit(" ", 1)[0]
    return f"{cut}…"


#: Counts that change while the comment does not.
VOLATILE_COLUMNS = frozenset({"likes", "dislikes"})


def _hash(row: dict[str, Any]) -> str:
    stable = {key: value for key, value in row.items() if key not in VOLATILE_COLUMNS}
    return digest([IMPORT_VERSION, stable])


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _module_files(ctx: RunContext) -> dict[str, str]:
    """A module's name in URLs and comments → the module it is a copy of (its ledger name)."""
    names: dict[str, str] = {}
    if ctx.dump.has("modules", ctx.lang):
        for row in ctx.dump.rows("modules", ctx.lang):
            if isinstance(row.get("title"), str) and isinstance(row.get("module_file"), str):
                names[row["title"]] = row["module_file"]
    return names


def _rows(ctx: RunContext) -> Iterator[dict[str, Any]]:
    yield from ctx.dump.rows("comment", ctx.lang)


def import_comments(ctx: RunContext) -> ModuleReport:
    if not ctx.dump.has("comment", ctx.lang):
        return ModuleReport.absent(MODULE, TITLE)
    if not apps.is_installed("toasoan.comments"):
        return ModuleReport.not_run(MODULE, TITLE, "chưa cài phần bình luận (toasoan.comments)")
    report = ModuleReport(MODULE, TITLE)
    module_files = _module_files(ctx)
    done = 0
    for batch in batched(_rows(ctx), BATCH_SIZE):
        _import_batch(ctx, report, module_files, batch)
        done += len(batch)
        ctx.tick(MODULE, done)
    return report


def _targets(ctx: RunContext, module_files: dict[str, str], batch: tuple[dict[str, Any], ...]):
    wanted: dict[str, set[str]] = {}
    for row in batch:
        module = module_files.get(str(row.get("module")), str(row.get("module")))
        wanted.setdefault(module, set()).add(str(_int(row.get("id"))))
    found: dict[tuple[str, str], LegacyRecord] = {}
    for module, keys in wanted.items():
        for entry in LegacyRecord.objects.filter(source=ctx.source, module=module, key__in=keys):
            found[(module, entry.key)] = entry
    return found


def _import_batch(
    ctx: RunContext, report: ModuleReport, module_files: dict[str, str], batch: tuple[dict[str, Any], ...]
) -> None:
    from toasoan.comments.models import Comment, CommentStatus
    from toasoan.comments.services import cache, text

    keys = [str(_int(row.get("cid"))) for row in batch]
    entries = {
        entry.key: entry
        for entry in LegacyRecord.objects.filter(source=ctx.source, module=MODULE, key__in=keys)
    }
    targets = _targets(ctx, module_files, batch)
    new: list[tuple[LegacyRecord, Any]] = []
    skipped: list[LegacyRecord] = []
    for row in batch:
        cid = str(_int(row.get("cid")))
        module_name = str(row.get("module"))
        module = module_files.get(module_name, module_name)
        row_hash = _hash(row)
        entry = entries.get(cid)
        name = text.one_line(clean_text(row.get("post_name")))[:NAME_MAX_LENGTH] or DEFAULT_NAME
        if (
            entry is not None
            and entry.content_hash == row_hash
            and entry.status == LegacyRecord.Status.CREATED
        ):
            report.add("unchanged", cid, module_name)
            continue
        target = targets.get((module, str(_int(row.get("id")))))
        reason = ""
        if _int(row.get("status")) != 1:
            reason = REASON_NOT_APPROVED
        elif ctx.dry_run and (module, str(_int(row.get("id")))) in ctx.shared.get("planned", ()):
            # A dry run plans other modules' pages without writing them: the comment would attach.
            report.add("created", cid, module_name)
            continue
        elif target is None or (target.page_id is None and target.status != LegacyRecord.Status.SKIPPED):
            reason = REASON_NO_PAGE.format(module=module_name, id=_int(row.get("id")))
        elif target.page_id is None:
            reason = REASON_PAGE_SKIPPED.format(
                module=module_name, id=_int(row.get("id")), reason=target.reason
            )
        content = text.multiline(clean_text(row.get("content")))
        if not reason and not content:
            reason = REASON_EMPTY
        if reason:
            report.add("skipped", cid, module_name, reason)
            if entry is not None and entry.content_hash == row_hash and entry.reason == reason:
                continue  # skipped for the same reason last time: nothing to write
            skipped.append(
                LegacyRecord(
                    source=ctx.source,
                    module=MODULE,
                    key=cid,
                    content_hash=row_hash,
                    status=LegacyRecord.Status.SKIPPED,
                    reason=reason,
                )
            )
            continue
        if entry is not None and entry.status == LegacyRecord.Status.CREATED:
            # A comment already here whose NukeViet row changed: the reader's words are never edited.
            report.add("unchanged", cid, module_name, "đã nhập trước đây; không sửa lời bạn đọc")
            continue
        content, masked = mask_personal_data(content)
        notes = [NOTE_MASKED.format(what=" và ".join(masked))] if masked else []
        if len(content) > CONTENT_MAX_LENGTH:
            content = content[: CONTENT_MAX_LENGTH - 1] + "…"
            notes.append(NOTE_CUT)
        stamp = _int(row.get("post_time"))
        when = datetime.fromtimestamp(stamp, tz=UTC) if stamp > 0 else ctx.now()
        comment = Comment(
            page_id=target.page_id,
            status=CommentStatus.APPROVED,
            name=name,
            title=_title(content),
            content=content,
            created_at=when,
            decided_at=when,
        )
        comment.refresh_search_key()
        ledger = LegacyRecord(
            source=ctx.source,
            module=MODULE,
            key=cid,
            content_hash=row_hash,
            object_label="comments.Comment",
            status=LegacyRecord.Status.CREATED,
            reason="; ".join(notes),
        )
        new.append((ledger, comment))
        report.add("created", cid, module_name)
        for note in notes:
            report.add("warnings", cid, module_name, note)
    if not new and not skipped:
        return
    with transaction.atomic(), cache.batched_purges():
        comments = Comment.objects.bulk_create([comment for _, comment in new])
        for (ledger, _), comment in zip(new, comments, strict=True):
            ledger.object_pk = str(comment.pk)
            cache.request_purge(comment.page_id)
        written = [ledger for ledger, _ in new] + skipped
        stale = [entry.pk for entry in entries.values() if entry.key in {ledger.key for ledger in written}]
        LegacyRecord.objects.filter(pk__in=stale).delete()
        LegacyRecord.objects.bulk_create(written)
