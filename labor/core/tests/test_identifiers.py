"""Identifiers against DOMAIN.md's rules.

Valid vectors are built here by brute-forcing a last digit with an independent re-statement of
each rule (the helpers below), never with the code under test.
"""

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from stdnum.tw import ubn as stdnum_ubn

from labor.core.identifiers import (
    compact,
    is_valid_national_id,
    is_valid_passport,
    is_valid_ubn,
    is_valid_ui_number,
)

BEFORE_5_RULE = dt.date(2023, 3, 31)
FROM_5_RULE = dt.date(2023, 4, 1)
LAST_DAY_OF_OLD_UI = dt.date(2030, 12, 31)
OLD_UI_EXPIRED = dt.date(2031, 1, 1)

# --- an independent statement of the rules (DOMAIN.md, "Identifiers") ---------------------

UBN_WEIGHTS = [1, 2, 1, 2, 1, 2, 4, 1]


def ubn_sum(number: str) -> int:
    """Weights 1,2,1,2,1,2,4,1; add the digits of each product (28 counts as 2+8)."""
    products = [int(c) * w for c, w in zip(number, UBN_WEIGHTS, strict=True)]
    return sum(p // 10 + p % 10 for p in products)


def ubn_rule(number: str, divisor: int) -> bool:
    total = ubn_sum(number)
    return total % divisor == 0 or (number[6] == "7" and (total + 1) % divisor == 0)


def complete_ubn(prefix7: str, wanted) -> str:
    """The first number ``prefix7 + d`` whose digit sum satisfies ``wanted``."""
    for d in "0123456789":
        if wanted(prefix7 + d):
            return prefix7 + d
    raise AssertionError(f"no last digit for {prefix7} satisfies the condition")


# Letter values A10 B11 … in DOMAIN.md's order.
LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
PERSONAL_WEIGHTS = [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]


def personal_sum(number: str) -> int:
    """d1×1 + d2×9 + n1×8 + … + n9×1; an old UI number's second letter counts (letter − A)."""
    value = 10 + LETTERS.index(number[0])
    second = number[1]
    n1 = "ABCD".index(second) if second.isalpha() else int(second)
    terms = [value // 10, value % 10, n1] + [int(c) for c in number[2:]]
    return sum(t * w for t, w in zip(terms, PERSONAL_WEIGHTS, strict=True))


def complete_personal(prefix9: str) -> str:
    for d in "0123456789":
        if personal_sum(prefix9 + d) % 10 == 0:
            return prefix9 + d
    raise AssertionError(f"no check digit for {prefix9}")


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


# --- unified business number ---------------------------------------------------------------

ONLY_UNDER_5_RULE = complete_ubn("1234568", lambda n: ubn_sum(n) % 10 == 5)
SEVEN_PLUS_ONE_BY_10 = complete_ubn("1043757", lambda n: ubn_sum(n) % 10 == 9)
SEVEN_PLUS_ONE_ONLY_BY_5 = complete_ubn("1043757", lambda n: ubn_sum(n) % 10 == 4)


def test_the_domain_example_22099131_is_valid():
    assert is_valid_ubn("22099131", on=BEFORE_5_RULE)
    assert is_valid_ubn("22099131", on=FROM_5_RULE)


def test_the_domain_example_00501502_is_invalid():
    assert not is_valid_ubn("00501502", on=BEFORE_5_RULE)
    assert not is_valid_ubn("00501502", on=FROM_5_RULE)


def test_a_number_valid_only_by_the_divisible_by_5_rule_is_valid_from_2023_04_01():
    assert ubn_sum(ONLY_UNDER_5_RULE) % 10 == 5 and ONLY_UNDER_5_RULE[6] != "7"
    assert is_valid_ubn(ONLY_UNDER_5_RULE, on=FROM_5_RULE)
    assert is_valid_ubn(ONLY_UNDER_5_RULE, on=dt.date(2030, 1, 1))


def test_a_number_valid_only_by_the_divisible_by_5_rule_is_invalid_on_2023_03_31():
    assert not is_valid_ubn(ONLY_UNDER_5_RULE, on=BEFORE_5_RULE)
    assert not is_valid_ubn(ONLY_UNDER_5_RULE, on=dt.date(2010, 1, 1))


def test_validity_is_judged_today_by_default():
    assert dt.date.today() >= FROM_5_RULE
    assert is_valid_ubn(ONLY_UNDER_5_RULE)


def test_a_seventh_digit_7_passes_when_sum_plus_one_divides_by_10_under_both_rules():
    assert ubn_sum(SEVEN_PLUS_ONE_BY_10) % 10 == 9
    assert is_valid_ubn(SEVEN_PLUS_ONE_BY_10, on=BEFORE_5_RULE)
    assert is_valid_ubn(SEVEN_PLUS_ONE_BY_10, on=FROM_5_RULE)


def test_a_seventh_digit_7_passing_only_by_sum_plus_one_divisible_by_5_needs_the_new_rule():
    assert ubn_sum(SEVEN_PLUS_ONE_ONLY_BY_5) % 5 == 4
    assert not is_valid_ubn(SEVEN_PLUS_ONE_ONLY_BY_5, on=BEFORE_5_RULE)
    assert is_valid_ubn(SEVEN_PLUS_ONE_ONLY_BY_5, on=FROM_5_RULE)


def test_sum_plus_one_does_not_help_when_the_seventh_digit_is_not_7():
    number = complete_ubn("1043756", lambda n: ubn_sum(n) % 10 == 9)
    assert not is_valid_ubn(number, on=BEFORE_5_RULE)
    assert not is_valid_ubn(number, on=FROM_5_RULE)


@pytest.mark.parametrize(
    "typed", ["2209 9131", "2209-9131", " 22099131 ", "２２０９９１３１", "22 09 91 31"]
)
def test_a_ubn_typed_with_spaces_dashes_or_full_width_digits_is_accepted(typed):
    assert is_valid_ubn(typed, on=FROM_5_RULE)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "2209913",
        "220991310",
        "2209913A",
        "22O99131",
        "2209913١",
        "２２０９９１３",
        None,
        22099131,
    ],
)
def test_a_ubn_of_the_wrong_shape_is_invalid(bad):
    assert is_valid_ubn(bad, on=FROM_5_RULE) is False


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_every_number_valid_under_the_old_rule_is_valid_under_the_new(prefix):
    number = complete_ubn(prefix, lambda n: ubn_rule(n, 10))
    assert is_valid_ubn(number, on=BEFORE_5_RULE)
    assert is_valid_ubn(number, on=FROM_5_RULE)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
@example("22099131")
@example("04595257")
def test_the_ubn_rule_agrees_with_the_restatement_and_with_stdnum_before_april_2023(number):
    assert is_valid_ubn(number, on=BEFORE_5_RULE) == ubn_rule(number, 10)
    assert is_valid_ubn(number, on=BEFORE_5_RULE) == stdnum_ubn.is_valid(number)
    assert is_valid_ubn(number, on=FROM_5_RULE) == ubn_rule(number, 5)
    if is_valid_ubn(number, on=BEFORE_5_RULE):
        assert is_valid_ubn(number, on=FROM_5_RULE)


# --- national ID -------------------------------------------------------------------------------


def test_the_domain_example_a123456789_is_a_valid_national_id():
    assert is_valid_national_id("A123456789")


@pytest.mark.parametrize("letter", list(LETTERS))
@pytest.mark.parametrize("gender", ["1", "2"])
def test_a_national_id_with_the_right_check_digit_is_valid_for_every_letter(letter, gender):
    number = complete_personal(f"{letter}{gender}3579024")
    assert is_valid_national_id(number)
    assert not is_valid_national_id(wrong_check_digit(number))


@pytest.mark.parametrize(
    "bad",
    [
        "A123456788",  # wrong check digit
        "A123456780",
        "B123456789",  # right digits, wrong letter
        "A323456789",  # 2nd character must be 1 or 2
        "A023456789",
        "A12345678",  # too short
        "A1234567890",  # too long
        "1123456789",  # no letter
        "AA23456789",  # a UI number's shape, not a national ID's
        "A12345678٩",  # an Arabic-Indic nine
        "",
        None,
    ],
)
def test_a_malformed_or_wrongly_checked_national_id_is_invalid(bad):
    assert is_valid_national_id(bad) is False


@pytest.mark.parametrize(
    "typed", ["a123456789", " A123456789 ", "A1234-56789", "A 123 456 789", "Ａ１２３４５６７８９"]
)
def test_compact_accepts_lower_case_spaces_dashes_and_full_width(typed):
    assert compact(typed) == "A123456789"
    assert is_valid_national_id(typed)


def test_a_dotless_i_is_not_upper_cased_into_a_valid_id():
    valid = complete_personal("I12345678")
    assert is_valid_national_id(valid)
    assert not is_valid_national_id("ı" + valid[1:])


def test_a_digit_with_weight_5_changed_by_an_even_amount_keeps_the_checksum():
    # A limit of the rule itself, not of the code: n4 has weight 5, and 5 × 2 = 10.
    assert is_valid_national_id("A123656789")


national_ids = st.builds(
    lambda letter, gender, middle: complete_personal(letter + gender + middle),
    st.sampled_from(LETTERS),
    st.sampled_from("12"),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
)
# Index in the ID → the weight of the digit there (index 1, the gender digit, weight 8).
DIGIT_WEIGHTS = dict(zip(range(1, 10), PERSONAL_WEIGHTS[2:], strict=True))


@given(national_ids, st.sampled_from([2, 6, 8, 9]), st.integers(1, 9))
def test_changing_any_digit_whose_weight_is_coprime_to_10_makes_a_national_id_invalid(
    number, index, delta
):
    changed_digit = str((int(number[index]) + delta) % 10)
    changed = number[:index] + changed_digit + number[index + 1 :]
    assert is_valid_national_id(number)
    assert not is_valid_national_id(changed)


@given(national_ids, st.integers(1, 9), st.integers(1, 9))
def test_changing_any_digit_invalidates_unless_weight_times_change_is_a_multiple_of_10(
    number, index, delta
):
    new_digit = (int(number[index]) + delta) % 10
    changed = number[:index] + str(new_digit) + number[index + 1 :]
    keeps_checksum = (DIGIT_WEIGHTS[index] * delta) % 10 == 0
    keeps_shape = index != 1 or new_digit in (1, 2)
    assert is_valid_national_id(changed) == (keeps_checksum and keeps_shape)


# --- resident UI number (統一證號) -------------------------------------------------------------

NEW_UI = complete_personal("A80000001")
NEW_UI_9 = complete_personal("F91234567")
OLD_UI = {second: complete_personal(f"A{second}1234567") for second in "ABCD"}


def test_a_new_format_ui_number_is_valid_before_and_after_2031():
    for number in (NEW_UI, NEW_UI_9):
        assert is_valid_ui_number(number, on=dt.date(2024, 1, 1))
        assert is_valid_ui_number(number, on=OLD_UI_EXPIRED)
        assert is_valid_ui_number(number, on=dt.date(2040, 1, 1))
        assert not is_valid_ui_number(wrong_check_digit(number), on=dt.date(2024, 1, 1))


@pytest.mark.parametrize("second", list("ABCD"))
def test_an_old_format_ui_number_is_valid_until_the_end_of_2030(second):
    number = OLD_UI[second]
    assert is_valid_ui_number(number, on=dt.date(2024, 1, 1))
    assert is_valid_ui_number(number, on=LAST_DAY_OF_OLD_UI)
    assert not is_valid_ui_number(wrong_check_digit(number), on=LAST_DAY_OF_OLD_UI)


@pytest.mark.parametrize("second", list("ABCD"))
def test_an_old_format_ui_number_is_invalid_on_and_after_2031_01_01(second):
    assert not is_valid_ui_number(OLD_UI[second], on=OLD_UI_EXPIRED)
    assert not is_valid_ui_number(OLD_UI[second], on=dt.date(2035, 6, 1))


def test_the_old_formats_second_letter_counts_as_its_offset_from_a():
    # Same digits, second letter moved by one: the checksum moves by 8, so it no longer holds.
    assert not is_valid_ui_number("AB" + OLD_UI["A"][2:], on=dt.date(2024, 1, 1))


@pytest.mark.parametrize(
    "bad", ["A123456789", "AE12345678", "A712345678", "A8000000", "", None, "a8 0000 001"]
)
def test_national_ids_and_malformed_values_are_not_ui_numbers(bad):
    assert is_valid_ui_number(bad, on=dt.date(2024, 1, 1)) is False


def test_a_ui_number_is_not_a_national_id():
    assert not is_valid_national_id(NEW_UI)
    assert not is_valid_national_id(OLD_UI["A"])


def test_a_ui_number_typed_in_lower_case_with_spaces_is_accepted():
    typed = f" {NEW_UI[:5].lower()} {NEW_UI[5:]} "
    assert is_valid_ui_number(typed, on=dt.date(2024, 1, 1))


def test_a_passport_number_needs_only_a_plausible_shape():
    assert is_valid_passport("312345678")
    assert is_valid_passport("x1234567")
    assert not is_valid_passport("1234")
    assert not is_valid_passport("護照123456")


# --- fuzzing --------------------------------------------------------------------------------

anything = st.one_of(
    st.text(),
    st.text(alphabet="0123456789ABCDabcd -１２", max_size=12),
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=12),
)


@given(anything, st.dates())
def test_random_input_never_raises_and_gives_a_bool(value, on):
    assert is_valid_ubn(value, on=on) in (True, False)
    assert is_valid_national_id(value) in (True, False)
    assert is_valid_ui_number(value, on=on) in (True, False)
    assert is_valid_passport(value) in (True, False)
