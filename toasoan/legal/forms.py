"""The registry's filters, read from GET parameters; a bad value gets a Vietnamese message."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from toasoan import vntext

from .models import DocumentType, Status

FIRST_YEAR = 1945
LAST_YEAR = 2100
MAX_QUERY = 200


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Từ khóa hoặc số ký hiệu"), required=False, max_length=MAX_QUERY)
    loai = forms.ChoiceField(label=_("Loại văn bản"), required=False)
    coquan = forms.TypedChoiceField(label=_("Cơ quan ban hành"), required=False, coerce=int, empty_value=None)
    linhvuc = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    nam = forms.IntegerField(
        label=_("Năm ban hành"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    hieuluc = forms.ChoiceField(label=_("Tình trạng hiệu lực"), required=False)

    def __init__(self, data, *, issuers: list[tuple[int, str]], topics: list[tuple[int, str]]):
        super().__init__(data)
        everything = [("", _("Tất cả"))]
        self.fields["loai"].choices = [*everything, *DocumentType.choices]
        self.fields["coquan"].choices = [*everything, *issuers]
        self.fields["linhvuc"].choices = [*everything, *topics]
        self.fields["hieuluc"].choices = [*everything, *Status.choices]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Giá trị “%(value)s” không có trong danh sách.")
        self.fields["nam"].error_messages.update(
            invalid=_("Năm phải là một số, ví dụ 2024."),
            min_value=_("Năm phải từ %(limit_value)s trở đi."),
            max_value=_("Năm phải không quá %(limit_value)s."),
        )
        self.fields["q"].error_messages["max_length"] = _("Từ khóa dài quá (tối đa %(limit_value)d ký tự).")

    def clean_q(self) -> str:
        return vntext.normalize(self.cleaned_data.get("q") or "").strip()

    def valid_filters(self) -> dict:
        """The filters that are valid (a bad one is left out, its message shown)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def messages(self) -> list[str]:
        self.is_valid()
        return [
            f"{self.fields[name].label}: {error}" for name, errors in self.errors.items() for error in errors
        ]
