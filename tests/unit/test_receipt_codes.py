"""Receipt codes are recognised however a person types them, and nothing else is."""

import pytest

from consult.domain import receipts

CODE = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"


@pytest.mark.parametrize("typed", [CODE, CODE.lower(), CODE.replace("-", ""),
                                   CODE.replace("-", " "), f"  {CODE}\n", CODE.replace("-", "–")])
def test_a_code_is_recognised_however_it_is_typed(typed):
    assert receipts.normalise(typed) == CODE


@pytest.mark.parametrize("typed", ["", "ABCD", CODE + "A", CODE.replace("A", "0"),
                                   CODE.replace("B", "8"), CODE.replace("C", "é"), "-" * 40])
def test_anything_else_is_not_a_code(typed):
    assert receipts.normalise(typed) is None


def test_every_new_receipt_is_already_in_its_printed_form():
    for _ in range(50):
        code = receipts.new()
        assert receipts.normalise(code) == code
