"""Folding and tokens of Traditional Chinese free text (labor.employment.text)."""

import pytest

from labor.employment.text import VARIANTS, contains, fold, token_set, tokens


def test_a_short_title_is_found_inside_a_longer_one():
    assert contains("會計助理", "會計")
    assert fold("會計") in fold("資深會計助理（可兼職）")


def test_tai_is_one_character_whichever_way_it_is_written():
    assert fold("臺北市") == fold("台北市") == "台北市"
    assert contains("臺北市大安區門市人員", "台北")
    assert contains("台北市大安區門市人員", "臺北")


def test_full_width_letters_digits_and_spaces_become_half_width_and_lower_case():
    assert fold("Ｅｘｃｅｌ　ＰＨＰ　１２０小時") == "excel php 120小時"
    assert fold("（兼職）") == "(兼職)"


def test_whitespace_is_collapsed_and_trimmed():
    assert fold("  行政\t\n  助理  ") == "行政 助理"
    assert fold(None) == ""
    assert fold("") == ""


@pytest.mark.parametrize(("a", "b"), [
    ("櫃檯人員", "櫃台人員"), ("店裏", "店裡"), ("高峯時段", "高峰時段"), ("生產綫", "生產線"),
    ("麪包師傅", "麵包師傅"), ("衞生", "衛生"), ("化粧品", "化妝品"), ("週休二日", "周休二日"),
])
def test_variant_pairs_fold_alike(a, b):
    assert fold(a) == fold(b)


def test_the_variant_table_stays_small_and_maps_single_characters():
    assert len(VARIANTS) <= 20
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in VARIANTS.items())
    # every target is already folded, so folding twice changes nothing
    assert all(fold(v) == v for v in VARIANTS.values())


def test_fold_is_idempotent():
    s = "臺北 Ｃ＋＋工程師　櫃檯"
    assert fold(fold(s)) == fold(s)


def test_tokens_are_character_bigrams_and_latin_words():
    assert tokens("會計助理") == ["會計", "計助", "助理"]
    assert tokens("臺北 Java／C++ 工程師") == ["台北", "java", "c++", "工程", "程師"]
    assert tokens("工") == ["工"]
    assert tokens("3D繪圖") == ["3d", "繪圖"]


def test_every_token_of_a_query_is_a_token_of_a_text_containing_it():
    assert token_set("會計") <= token_set("會計助理")
    assert token_set("台北門市") <= token_set("臺北門市人員")


def test_punctuation_separates_runs():
    assert tokens("會計、出納") == ["會計", "出納"]
