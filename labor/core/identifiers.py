"""Taiwanese identifiers: unified business number, national ID, resident UI number.

Rules and their sources are in ../shared/DOMAIN.md (section "Identifiers"). python-stdnum checks
the unified business number's form, but its checksum (2.2) applies only the pre-2023 divisible-by-10
rule, so the 2023 rule is ours; no kept library covers the personal IDs, so they are ours too.
"""

import datetime as dt
import re
import unicodedata

from stdnum.tw import ubn as stdnum_ubn

# 財政部 extended the UBN checksum to "divisible by 5" for numbers issued from this date.
UBN_DIVISOR_5_FROM = dt.date(2023, 4, 1)
# Old-format resident UI numbers (letter + A-D + 8 digits) lose validity on this date.
OLD_UI_NUMBER_EXPIRES = dt.date(2031, 1, 1)

_UBN_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)
# Letter values of the first character of a national ID / UI number (戶籍地 code).
LETTER_VALUES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "X": 30, "Y": 31, "W": 32, "Z": 33, "I": 34, "O": 35,
}  # fmt: skip
# [0-9], not \d: \d also matches other scripts' digits (e.g. Arabic-Indic), which int() accepts.
_NATIONAL_ID = re.compile(r"[A-Z][12][0-9]{8}")
_UI_NEW = re.compile(r"[A-Z][89][0-9]{8}")
_UI_OLD = re.compile(r"[A-Z][A-D][0-9]{8}")


def compact(value) -> str:
    """Upper-case and strip spaces and dashes, as people type them.

    Full-width characters (Ａ１２３, common with Chinese input methods) become their ASCII
    forms first (NFKC). Only ASCII letters are upper-cased: str.upper() would turn a dotless
    "ı" into "I" and accept a number nobody typed.
    """
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[a-z]+", lambda m: m.group().upper(), re.sub(r"[\s\-]", "", text))


def _ubn_digit_sum(digits: str) -> int:
    return sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, _UBN_WEIGHTS, strict=True))


def is_valid_ubn(value, on: dt.date | None = None) -> bool:
    """統一編號: 8 digits whose weighted digit sum is divisible by 5 (10 before 2023-04-01).

    When the 7th digit is 7, the number is also valid if the sum plus one is divisible.
    ``on`` is the date validity is judged at (today by default).
    """
    if not isinstance(value, str):
        return False
    digits = stdnum_ubn.compact(unicodedata.normalize("NFKC", value))
    if not (len(digits) == 8 and digits.isascii() and digits.isdigit()):
        return False
    on = on or dt.date.today()
    divisor = 5 if on >= UBN_DIVISOR_5_FROM else 10
    total = _ubn_digit_sum(digits)
    if total % divisor == 0:
        return True
    return digits[6] == "7" and (total + 1) % divisor == 0


def _personal_checksum_ok(first_letter: str, second_value: int, rest: str) -> bool:
    letter = LETTER_VALUES[first_letter]
    total = (letter // 10) * 1 + (letter % 10) * 9 + second_value * 8
    # rest holds n2..n9; weights 7..1 then 1 for the check digit
    total += sum(int(d) * w for d, w in zip(rest, (7, 6, 5, 4, 3, 2, 1, 1), strict=True))
    return total % 10 == 0


def is_valid_national_id(value) -> bool:
    """身分證字號: letter, 1 (male) or 2 (female), 8 digits; checksum divisible by 10."""
    v = compact(value)
    if not _NATIONAL_ID.fullmatch(v):
        return False
    return _personal_checksum_ok(v[0], int(v[1]), v[2:])


def is_valid_ui_number(value, on: dt.date | None = None) -> bool:
    """統一證號: new format (letter, 8 or 9, 8 digits; national-ID checksum) or old format
    (letter, A-D, 8 digits; the second letter counts as its offset from A), the old format
    being invalid on or after 2031-01-01. ``on`` defaults to today."""
    v = compact(value)
    if _UI_NEW.fullmatch(v):
        return _personal_checksum_ok(v[0], int(v[1]), v[2:])
    if _UI_OLD.fullmatch(v):
        on = on or dt.date.today()
        if on >= OLD_UI_NUMBER_EXPIRES:
            return False
        return _personal_checksum_ok(v[0], ord(v[1]) - ord("A"), v[2:])
    return False


def is_valid_passport(value) -> bool:
    """A passport number: we cannot check other countries' rules, only a plausible shape."""
    v = compact(value)
    return bool(re.fullmatch(r"[A-Z0-9]{5,20}", v))
