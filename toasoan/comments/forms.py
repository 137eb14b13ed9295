"""The reader's comment form and the moderators' forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .services import captcha, clock, phone, text
from .services.submit import Submission

NAME_MAX = 100
TITLE_MAX = 200
CONTENT_MAX = 5000
#: The honeypot: hidden from people (CSS, aria-hidden, no tab stop), filled in by naive bots.
HONEYPOT_FIELD = "ghi_chu_them"
REFRESH_FIELD = "lay_ma_moi"
TIMESTAMP_SALT = "toasoan.comments.form-rendered"


def form_min_seconds() -> int:
    return int(getattr(settings, "COMMENTS_FORM_MIN_SECONDS", 3))


def form_max_seconds() -> int:
    return int(getattr(settings, "COMMENTS_FORM_MAX_SECONDS", 2 * 3600))


def sign_timestamp(page_id: int, at: float | None = None) -> str:
    return signing.dumps(
        {"a": page_id, "t": int(clock.timestamp() if at is None else at)}, salt=TIMESTAMP_SALT
    )


def read_timestamp(value: str, page_id: int) -> float | None:
    """When the form was rendered, or None when the value is not ours (or for another page)."""
    try:
        data = signing.loads(value or "", salt=TIMESTAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != page_id or not isinstance(data.get("t"), int):
        return None
    return float(data["t"])


class _UnclippedCharField(forms.CharField):
    """No `maxlength` attribute: browsers count UTF-16 units of unnormalized (NFD) text and would
    cut what the reader typed without a word; the server checks the normalized length instead."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class OneLineField(_UnclippedCharField):
    """A name or title: normalized (vntext) before the length is checked, on one line."""

    def to_python(self, value):
        return text.one_line(value if isinstance(value, str) else "")


class PlainTextField(_UnclippedCharField):
    """Plain text with its line breaks, normalized before the length is checked."""

    widget = forms.Textarea

    def to_python(self, value):
        return text.multiline(value if isinstance(value, str) else "")


class CaptchaAnswerInput(forms.TextInput):
    """The answer box never shows the previous answer: every render has a new code."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class CommentForm(forms.Form):
    """Họ tên (*), Số điện thoại, Tiêu đề (*), Nội dung (*), Mã xác nhận – the seed page's form.

    The captcha code is checked by the form (and used up); the key of the next code to show is
    `captcha_key`, set by the view for every render. `timestamp` is the signed time the form
    was first shown.
    """

    name = OneLineField(
        label=_("Họ tên"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Vui lòng nhập họ tên."),
            "max_length": _("Họ tên dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=30,
        help_text=_("Không bắt buộc. Ví dụ: 0912 345 678."),
        error_messages={"max_length": _("Số điện thoại không hợp lệ. Ví dụ: 0912 345 678.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    phone_consent = forms.BooleanField(
        label=_("Tôi đồng ý để Ban biên tập lưu số điện thoại này theo thông báo trên."),
        required=False,
    )
    title = OneLineField(
        label=_("Tiêu đề"),
        max_length=TITLE_MAX,
        error_messages={
            "required": _("Vui lòng nhập tiêu đề."),
            "max_length": _("Tiêu đề dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.TextInput(),
    )
    content = PlainTextField(
        label=_("Nội dung"),
        max_length=CONTENT_MAX,
        error_messages={
            "required": _("Vui lòng nhập nội dung bình luận."),
            "max_length": _("Nội dung dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    captcha = forms.CharField(
        label=_("Mã xác nhận"),
        required=False,  # checked in _check_captcha, with its own messages
        max_length=20,
        help_text=_("Nhập 5 chữ số trong ảnh."),
        widget=CaptchaAnswerInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "required": True,
            }
        ),
    )
    captcha_key = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    timestamp = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    ghi_chu_them = forms.CharField(
        label=_("Không điền vào ô này"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    #: Public reader fields in display order (the template lays them out by hand).
    VISIBLE_FIELDS = ("name", "phone", "title", "content")

    def __init__(self, *args, page_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id = page_id
        self.next_captcha_key: str | None = None
        self.rendered_at = self._rendered_at()

    # -- rendering ---------------------------------------------------------------------------

    def _rendered_at(self) -> float | None:
        source = self.data if self.is_bound else self.initial
        return read_timestamp(source.get("timestamp", "") or "", self.page_id)

    def timestamp_for_render(self) -> str:
        """Keep the first render's time while it is still valid, so waiting counts from then."""
        now = clock.timestamp()
        if self.rendered_at is not None and 0 <= now - self.rendered_at <= form_max_seconds():
            return sign_timestamp(self.page_id, self.rendered_at)
        return sign_timestamp(self.page_id, now)

    # -- validation --------------------------------------------------------------------------

    def clean_phone(self) -> str | None:
        try:
            return phone.normalize_phone(self.cleaned_data.get("phone", ""))
        except phone.InvalidPhone:
            raise forms.ValidationError(
                _("Số điện thoại không hợp lệ. Nhập 10 chữ số, ví dụ: 0912 345 678 hoặc +84 912 345 678."),
                code="invalid",
            ) from None

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Không gửi được bình luận. Vui lòng để trống ô “Không điền vào ô này” và gửi lại."),
                code="honeypot",
            )
        self._check_timing()
        if cleaned.get("phone") and not cleaned.get("phone_consent"):
            self.add_error(
                "phone_consent",
                forms.ValidationError(
                    _("Khi để lại số điện thoại, vui lòng đánh dấu đồng ý (hoặc xóa số điện thoại)."),
                    code="consent",
                ),
            )
        if not self.errors:
            # Only a form that is otherwise right uses up its code: a typo elsewhere does not
            # cost the reader a new one to read.
            self._check_captcha()
        return cleaned

    def _check_timing(self) -> None:
        if self.rendered_at is None:
            raise forms.ValidationError(
                _(
                    "Biểu mẫu không hợp lệ hoặc đã cũ. Nội dung của bạn vẫn còn: "
                    "vui lòng nhập mã xác nhận mới và gửi lại."
                ),
                code="timestamp",
            )
        age = clock.timestamp() - self.rendered_at
        if age < form_min_seconds():
            raise forms.ValidationError(
                _("Bạn gửi nhanh quá. Vui lòng kiểm tra lại nội dung rồi gửi lại sau vài giây."),
                code="too_fast",
            )
        if age > form_max_seconds():
            raise forms.ValidationError(
                _(
                    "Biểu mẫu đã mở quá 2 giờ. Nội dung của bạn vẫn còn: "
                    "vui lòng nhập mã xác nhận mới và gửi lại."
                ),
                code="too_old",
            )

    def _check_captcha(self) -> None:
        try:
            captcha.verify(self.cleaned_data.get("captcha_key", ""), self.cleaned_data.get("captcha", ""))
        except captcha.CaptchaError as error:
            self.add_error("captcha", forms.ValidationError(captcha.MESSAGES[error.code], code=error.code))

    def submission(self) -> Submission:
        data = self.cleaned_data
        return Submission(
            name=data["name"],
            title=data["title"],
            content=data["content"],
            phone=data.get("phone") or None,
            phone_consent=bool(data.get("phone") and data.get("phone_consent")),
        )


class ReplyForm(forms.Form):
    reply_text = forms.CharField(
        label=_("Trả lời của Ban biên tập"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hiển thị dưới bình luận sau khi được duyệt. Để trống để gỡ câu trả lời."),
    )


class QueueFilterForm(forms.Form):
    STATUS_ALL = "all"

    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    page = forms.IntegerField(
        label=_("Trang được bình luận"), required=False, min_value=1, widget=forms.Select
    )
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = forms.CharField(label=_("Tìm (có dấu hoặc không dấu)"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        from .models import CommentStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [*CommentStatus.choices, (self.STATUS_ALL, _("Tất cả"))]
        for name in ("date_from", "date_to"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class PersonalDataForm(forms.Form):
    phone = forms.CharField(
        label=_("Số điện thoại người yêu cầu"),
        max_length=30,
        help_text=_("Mọi cách viết đều được: 0912 345 678, +84 912 345 678…"),
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        try:
            normalized = phone.normalize_phone(value)
        except phone.InvalidPhone:
            normalized = None
        if not normalized:
            raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
        return normalized
