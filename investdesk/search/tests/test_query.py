"""The search text: folded once, refused when too long, its shapes (phone, initials) recognised."""

from django.utils import translation

from investdesk.search.query import MAX_LENGTH, parse


def test_it_folds_full_width_forms_and_spaces():
    query = parse("  ＣＨＥＮＧＧＯＮＧ－２０２２　０００７ ")
    assert query.text == "CHENGGONG-2022 0007"
    assert query.upper == "CHENGGONG-20220007"
    assert query.error == ""


def test_it_drops_control_characters_that_a_database_refuses():
    assert parse("呈\x00贡\x07").text == "呈贡"


def test_it_refuses_text_longer_than_the_limit_and_says_how_long_it_was():
    with translation.override("zh-hans"):
        query = parse("a" * 10_000)
    assert query.text == ""
    assert not query.usable
    assert query.error == f"搜索内容有 10000 个字符，最多只能输入 {MAX_LENGTH} 个。"
    with translation.override("en"):
        assert parse("a" * 101).error == f"The search text is 101 characters long; type at most {MAX_LENGTH}."


def test_the_limit_itself_is_accepted():
    assert parse("呈" * MAX_LENGTH).usable


def test_an_empty_or_blank_text_is_not_searched():
    assert parse(None).empty
    assert parse(" \u3000 ").empty
    assert not parse("").usable


def test_pinyin_initials_are_letters_and_digits_only():
    assert parse("CGTF").initials == "cgtf"
    assert parse("呈贡").initials == ""
    assert parse("cg%").initials == ""


def test_a_phone_is_digits_with_the_separators_of_a_phone():
    assert parse("138 1234 5678").looks_like_phone
    assert parse("0871-67483280").looks_like_phone
    assert parse("5678").looks_like_phone
    assert not parse("567").looks_like_phone
    assert not parse("91530114MA6K5U8X61").looks_like_phone
    assert parse("138 1234 5678").digits == "13812345678"
