from __future__ import annotations

from django import forms
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form with Vietnamese labels and one plain message for a failed login.

    Wagtail builds its texts by putting the username field's name inside a sentence
    ("Your %(username_field)s and password didn't match"); in Vietnamese the name then lands in
    the middle of a sentence with its capital letter, and the password field has no label of
    its own, so the page showed the English field name "Password". The same words for a wrong
    username and a wrong password: the page tells nobody which accounts exist.
    """

    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại.",
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.label = "Tên đăng nhập"
        username.widget.attrs["placeholder"] = "Nhập tên đăng nhập"
        password.label = "Mật khẩu"
        password.widget.attrs["placeholder"] = "Nhập mật khẩu"

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )
