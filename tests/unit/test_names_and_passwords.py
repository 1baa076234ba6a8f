"""Display names are one line; new passwords are not common ones (domain/names.py,
domain/passwords.py)."""

import pytest

from consult.domain.names import InvalidDisplayName, check_display_name
from consult.domain.passwords import CommonPassword, check_new_password


@pytest.mark.parametrize("name", ["Ada\nMallory", "Ada\r\nBcc: x@example.org", "Ada\rX",
                                  "Ada\tLovelace", "Ada\x00", "Ada\x85X", "Ada\u2028X",
                                  "Ada\u2029X", "Ada\x7f"])
def test_a_name_with_a_line_break_or_control_character_is_refused(name):
    with pytest.raises(InvalidDisplayName, match="one line") as caught:
        check_display_name(name)
    assert caught.value.field == "display_name"


@pytest.mark.parametrize("name", ["Ada Lovelace", "Zoë O'Brien-Smith", "李小龙", "محمد"])
def test_a_one_line_name_is_accepted(name):
    assert check_display_name(name) == name


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "password1234", "123456789012",
                                      "qwertyuiop12", "iloveyou2024", "passwordpassword",
                                      "sunshine2024!"])
def test_a_common_or_breached_password_is_refused(password):
    with pytest.raises(CommonPassword, match="harder to guess") as caught:
        check_new_password(password)
    assert caught.value.field == "password"


def test_a_password_made_of_the_persons_own_details_is_refused():
    check_new_password("zqxjvbnkwplmhd")
    with pytest.raises(CommonPassword):
        check_new_password("zqxjvbnkwplmhd", ("Zqxjv.Bnkwplmhd@example.org", "Z B"))


@pytest.mark.parametrize("password", ["a long enough passphrase", "correct horse battery staple",
                                      "x" * 11 + "Tr0ub4dor&3 river kettle" + "q" * 160])
def test_an_uncommon_password_is_accepted_however_long(password):
    assert check_new_password(password) == password
