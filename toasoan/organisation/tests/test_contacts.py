"""Phone numbers in the admin: checked and stored like comments' (+84), office lines accepted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from toasoan.organisation.models import Person, UnitPage
from toasoan.organisation.services import contacts


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("024 3825 3536", "+842438253536", "024 3825 3536"),
        ("(0203) 3825.100", "+842033825100", "0203 3825 100"),
        ("+84 203 3825 100", "+842033825100", "0203 3825 100"),
        ("0912 345 678", "+84912345678", "0912 345 678"),
    ],
)
def test_office_and_mobile_numbers_are_stored_as_plus_84(typed, stored, shown):
    assert contacts.normalize_office_phone(typed) == stored
    assert contacts.display(stored) == shown
    assert contacts.tel_uri(stored) == f"tel:{stored}"


@pytest.mark.parametrize("typed", ["123", "0124 3825 3536", "02438253536999", "số máy lẻ"])
def test_anything_else_is_refused_with_a_vietnamese_message(typed, db):
    for model in (Person(name="Lê Quang Minh", position="Chánh Văn phòng"), UnitPage(title="Phòng Tư pháp")):
        model.phone = typed
        with pytest.raises(ValidationError) as raised:
            model.clean()
        assert raised.value.message_dict["phone"] == [
            f"Số điện thoại “{typed}” không hợp lệ. Ví dụ: 024 3825 3536 hoặc 0912 345 678."
        ]


@pytest.mark.django_db
def test_saving_stores_the_plus_84_form_and_the_folded_search_key(structure):
    person = structure["office"].people.get(name="Lê Quang Minh")
    assert person.phone == "+842033825100"
    assert person.search_key == " le quang minh chanh van phong "
    assert structure["office"].search_key == " van phong hdnd va ubnd "
    assert structure["office"].phone == "+842033825200"


def test_readers_phones_in_comments_stay_mobile_only():
    from toasoan.comments.services.phone import InvalidPhone, normalize_phone

    with pytest.raises(InvalidPhone):
        normalize_phone("024 3825 3536")
    assert normalize_phone("0912 345 678") == "+84912345678"
