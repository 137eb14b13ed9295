"""The reader's question form and the admin's forms.

The question form is the comments' form (captcha, its single use, the signed time it was shown,
the honeypot, the phone service, the text cleaning) with the question's own fields.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminPageChooser

from toasoan.comments.forms import HONEYPOT_FIELD, CommentForm, OneLineField, PlainTextField
from toasoan.organisation.models import UnitPage

from .models import QuestionStatus
from .services import attachments
from .services.submit import Submission

NAME_MAX = 100
ADDRESS_MAX = 300
TITLE_MAX = 200
CONTENT_MAX = 5000


class QuestionForm(CommentForm):
    """Họ tên*, thư điện tử or số điện thoại*, địa chỉ, lĩnh vực, tiêu đề*, nội dung*, tệp, mã xác
    nhận, đồng ý*."""

    phone_consent = None
    show_full_name = forms.BooleanField(
        label=_("Hiện đầy đủ họ tên khi câu hỏi được công bố (mặc định chỉ hiện chữ cái đầu)"),
        required=False,
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        help_text=_("Để nhận thư báo khi câu hỏi được trả lời."),
        error_messages={
            "invalid": _("Địa chỉ thư điện tử không hợp lệ. Ví dụ: nguyenvanan@example.vn."),
            "max_length": _("Địa chỉ thư điện tử quá dài."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=30,
        help_text=_("Ví dụ: 0912 345 678. Nhập thư điện tử hoặc số điện thoại (ít nhất một)."),
        error_messages={"max_length": _("Số điện thoại không hợp lệ. Ví dụ: 0912 345 678.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    address = OneLineField(
        label=_("Địa chỉ"),
        required=False,
        max_length=ADDRESS_MAX,
        error_messages={
            "max_length": _("Địa chỉ dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d).")
        },
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    topic = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    title = OneLineField(
        label=_("Tiêu đề"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Vui lòng nhập tiêu đề câu hỏi."),
            "max_length": _("Tiêu đề dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.TextInput(),
    )
    content = PlainTextField(
        label=_("Nội dung câu hỏi"),
        max_length=CONTENT_MAX,
        error_messages={
            "required": _("Vui lòng nhập nội dung câu hỏi."),
            "max_length": _("Nội dung dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    attachment = forms.FileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Không bắt buộc. PDF, DOCX, JPEG hoặc PNG."),
        error_messages={
            "invalid": _("Không nhận được tệp đính kèm. Vui lòng chọn lại tệp."),
            "empty": _("Tệp đính kèm trống. Vui lòng chọn lại tệp."),
            "missing": _("Không nhận được tệp đính kèm. Vui lòng chọn lại tệp."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan lưu họ tên, thông tin liên hệ và nội dung câu hỏi để trả lời tôi "
            "theo chính sách bảo vệ dữ liệu cá nhân."
        ),
        required=True,
        error_messages={"required": _("Vui lòng đánh dấu đồng ý để gửi câu hỏi.")},
    )

    field_order = [
        "name",
        "show_full_name",
        "email",
        "phone",
        "address",
        "topic",
        "title",
        "content",
        "attachment",
        "consent",
        "captcha",
    ]
    VISIBLE_FIELDS = ("name", "email", "phone", "address", "topic", "title", "content", "attachment")

    def __init__(self, *args, index, topics=(), **kwargs):
        super().__init__(*args, page_id=index.pk, **kwargs)
        self.index = index
        self.topics = {topic.pk: topic for topic in topics}
        self.fields["topic"].choices = [("", _("— Chọn lĩnh vực —")), *((t.pk, t.name) for t in topics)]
        self.fields["topic"].error_messages["invalid_choice"] = _(
            "Vui lòng chọn một lĩnh vực trong danh sách."
        )
        self.fields["name"].error_messages["required"] = _("Vui lòng nhập họ tên.")
        self.accepted_attachment: attachments.Accepted | None = None

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        try:
            self.accepted_attachment = attachments.check(upload)
        except attachments.RefusedAttachment as refused:
            raise forms.ValidationError(refused.message, code="attachment") from None
        return upload

    def clean_email(self) -> str:
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean(self):
        cleaned = forms.Form.clean(self)
        if self.data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Không gửi được câu hỏi. Vui lòng để trống ô “Không điền vào ô này” và gửi lại."),
                code="honeypot",
            )
        self._check_timing()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.has_error("email")
            and not (self.has_error("phone"))
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Vui lòng nhập thư điện tử hoặc số điện thoại (ít nhất một) để nhận trả lời."),
                    code="contact",
                ),
            )
        if not self.errors:
            self._check_captcha()
        return cleaned

    def question_submission(self) -> Submission:
        data = self.cleaned_data
        accepted = self.accepted_attachment
        return Submission(
            name=data["name"],
            title=data["title"],
            content=data["content"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            address=data.get("address") or "",
            topic=self.topics.get(data.get("topic")),
            show_full_name=bool(data.get("show_full_name")),
            attachment=data.get("attachment") if accepted else None,
            attachment_kind=accepted.kind if accepted else "",
            attachment_label=accepted.label if accepted else "",
        )


class FilterForm(forms.Form):
    """The public list's topic filter and search."""

    linh_vuc = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Từ khóa (có dấu hoặc không dấu)"), required=False, max_length=200)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].choices = [("", _("Mọi lĩnh vực")), *((t.pk, t.name) for t in topics)]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    topic = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label=_("Chỉ câu hỏi quá hạn"), required=False)
    q = forms.CharField(label=_("Tìm (có dấu hoặc không dấu)"), required=False, max_length=200)

    def __init__(self, *args, topics=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("all", _("Tất cả")), *QuestionStatus.choices]
        self.fields["topic"].choices = [("", _("Mọi lĩnh vực")), *topics]
        self.fields["unit"].choices = [("", _("Mọi đơn vị")), *units]


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị trả lời"),
        queryset=UnitPage.objects.all(),
        required=False,
        widget=AdminPageChooser(target_models=[UnitPage]),
        help_text=_("Để trống để bỏ giao."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Nội dung trả lời"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        error_messages={"required": _("Vui lòng nhập nội dung trả lời.")},
    )
    answerer_name = forms.CharField(label=_("Người trả lời"), max_length=120, required=False)
    answerer_title = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    publish = forms.BooleanField(label=_("Công bố ngay trên trang Hỏi đáp"), required=False, initial=True)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối (gửi cho người hỏi)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Vui lòng nhập lý do từ chối.")},
    )
