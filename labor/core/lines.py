"""The registry of lines of service (業務別): each app that opens cases declares its line here.

A line's code is stored on every Case (``Case.line``); its prefix goes into the case number.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Line:
    code: str  # e.g. "disputes"
    prefix: str  # e.g. "DSP", upper-case ASCII, in case numbers
    label: str  # zh-Hant, for people
    label_en: str


_LINES: dict[str, Line] = {}


def register(line: Line) -> Line:
    existing = _LINES.get(line.code)
    if existing and existing != line:
        raise ImproperlyConfigured(f"line {line.code!r} registered twice with different values")
    if any(other.prefix == line.prefix and other.code != line.code for other in _LINES.values()):
        raise ImproperlyConfigured(f"case number prefix {line.prefix!r} already in use")
    _LINES[line.code] = line
    return line


def get(code: str) -> Line:
    try:
        return _LINES[code]
    except KeyError:
        raise ImproperlyConfigured(f"unknown line of service {code!r}") from None


def all_lines() -> list[Line]:
    return sorted(_LINES.values(), key=lambda line: line.code)


# The kernel's own line: general correspondence and requests that belong to no other line yet.
GENERAL = register(Line(code="general", prefix="GEN", label="一般案件", label_en="General"))
