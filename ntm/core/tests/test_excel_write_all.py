"""``ntm.core.excel.write_all``: the write step of every all-or-nothing import."""

import pytest

from ntm.core.excel import ExcelImportError, write_all
from ntm.core.exceptions import ServiceError
from ntm.core.models import Notification

pytestmark = pytest.mark.django_db


def test_every_refusal_is_placed_and_nothing_stays_written(cast):
    def write(text):
        if text.startswith("x"):
            raise ServiceError(f"refused {text}")
        return Notification.objects.create(user=cast.officer_a, text=text)

    with pytest.raises(ExcelImportError) as caught:
        write_all([("row 2", "a"), ("row 3", "x1"), ("row 4", "b"), ("row 5", "x2")], write)
    assert caught.value.lines == ["row 3: refused x1", "row 5: refused x2"]
    assert Notification.objects.count() == 0
    written = write_all([("row 2", "a"), ("row 3", "b")], write)
    assert [row.text for row in written] == ["a", "b"] and Notification.objects.count() == 2
