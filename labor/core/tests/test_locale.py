"""The English catalog (locale/en): complete, compiled, placeholder-safe, and used by the pages.

The zh-Hant text is the msgid, so an untranslated string shows Chinese to an English reader
rather than failing: these tests are what notice it.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from labor.core.imports.kinds import all_kinds
from tests import conftest as shared

staff_user = shared.staff_user
unit_factory = shared.unit_factory

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
CJK = re.compile(r"[\u3400-\u9fff]")
# %(name)s / %(name)d, bare %s / %d, and str.format's {name}; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{(\w*)\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The catalog's entries, header and obsolete (#~) entries left out."""
    entries, parts, flags, keyword = [], {}, set(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if parts.get("msgid"):
                msgstr = [text for key, text in sorted(parts.items()) if key.startswith("msgstr")]
                entries.append(Entry(parts["msgid"], parts.get("msgid_plural", ""), msgstr, flags))
            parts, flags, keyword = {}, set(), None
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif not line.startswith("#"):
            if not line.startswith('"'):  # msgid "…", msgid_plural "…", msgstr[0] "…"
                keyword, _, line = line.partition(" ")
                parts[keyword] = ""
            parts[keyword] += ast.literal_eval(line)  # PO strings use Python's escapes
    return entries


ENTRIES = read_po(CATALOG)


def placeholders(text: str) -> set[str]:
    return {"".join(match.groups(default="")) or match.group(0)
            for match in PLACEHOLDER.finditer(text.replace("%%", ""))}


def test_the_catalog_is_read_whole():
    # A parser that lost entries would make every other test here pass vacuously.
    assert len(ENTRIES) >= 400
    assert any(entry.msgid == "登入" and entry.msgstr == ["Log in"] for entry in ENTRIES)
    assert any(entry.msgid_plural and len(entry.msgstr) == 2 for entry in ENTRIES)


def test_the_catalog_header_declares_english_utf8_and_two_plural_forms():
    head = CATALOG.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in head
    assert '"Language: en\\n"' in head
    assert "charset=UTF-8" in head
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in head


def test_every_string_has_an_english_translation():
    untranslated = [entry.msgid for entry in ENTRIES
                    if not entry.msgstr or not all(text.strip() for text in entry.msgstr)]
    fuzzy = [entry.msgid for entry in ENTRIES if "fuzzy" in entry.flags]  # gettext skips them
    chinese = [entry.msgid for entry in ENTRIES if any(CJK.search(t) for t in entry.msgstr)]
    assert (untranslated, fuzzy, chinese) == ([], [], [])


def test_the_compiled_catalog_gives_each_translation():
    """Fails when django.mo is older than django.po: run compilemessages and commit the .mo."""
    stale = []
    with translation.override("en"):
        for entry in ENTRIES:
            if entry.msgid_plural:
                got = [translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            else:
                got = [translation.gettext(entry.msgid)]
            if got != entry.msgstr:
                stale.append((entry.msgid, got))
    assert stale == []


def test_each_translation_keeps_the_placeholders_of_its_source():
    changed, unformattable = [], []
    for entry in ENTRIES:
        wanted = placeholders(entry.msgid)
        names = {name: 1 for name in wanted}  # 1 formats as %s, %d and {}
        for text in entry.msgstr:
            if placeholders(text) != wanted:
                changed.append((entry.msgid, text))
            # The code formats the translation, not the msgid: a stray "%" or "{" raises there.
            try:
                if "python-format" in entry.flags:
                    text % names
                if "python-brace-format" in entry.flags:
                    text.format(**names)
            except (KeyError, ValueError, TypeError, IndexError):
                unformattable.append((entry.msgid, text))
    assert (changed, unformattable) == ([], [])


def test_a_changed_placeholder_is_noticed():
    assert placeholders("第 %(row)s 列：%(message)s") == {"row", "message"}
    assert placeholders("Row %(line)s: %(message)s") != {"row", "message"}
    assert placeholders("長度不可超過 {max_length} 個字元。") == {"max_length"}
    assert placeholders("100%% done") == set()


def test_strings_marked_under_other_names_are_translated_too():
    """The import kinds mark their labels with ``_l`` and the API its messages with ``N_``,
    names that makemessages does not look for: a regenerated catalog can lose them silently."""
    with translation.override("en"):
        texts = [str(kind.label) for kind in all_kinds()]
        texts += [str(column.format) for kind in all_kinds() for column in kind.columns
                  if column.format]
    assert texts
    assert [text for text in texts if CJK.search(text)] == []


@pytest.mark.django_db
def test_the_api_speaks_english_when_asked(staff_user):
    client = Client()
    client.force_login(staff_user("reader", perms=["core.view_establishment"]))
    body = client.get("/api/establishments", {"page": "abc"},
                      HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["detail"] == "The input has errors. Please correct the fields as indicated."
    assert [error["msg"] for error in body["errors"]] == ["Enter a whole number."]


@pytest.mark.django_db
def test_the_login_page_is_zh_hant_by_default():
    html = Client().get("/login/").content.decode()
    assert '<html lang="zh-hant">' in html
    assert ">登入</button>" in html
    assert "Log in" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_the_login_page_is_english_when_asked(how):
    client = Client()
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-TW")
    else:
        response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert ">Log in</button>" in html
    assert "Staff login" in html
    assert '<label for="id_username">Username</label>' in html
    assert (f"After {settings.LOGIN_MAX_FAILURES} failed logins in a row, the account is locked "
            f"for {settings.LOGIN_LOCKOUT_MINUTES} minutes.") in html
    # The way back is offered in its own language.
    assert "繁體中文" in html
    assert CJK.findall(html.replace("繁體中文", "")) == []


@pytest.mark.django_db
def test_the_home_page_navigation_and_greeting_are_english(client, staff_user):
    client.force_login(staff_user("amy", first_name="美玲", last_name="陳"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    assert [label in nav for label in ("Home", "Search", "Data import")] == [True] * 3
    assert not CJK.search(nav)
    assert "Hello, " in html
    assert "My open cases" in html
    assert "Log out" in html
