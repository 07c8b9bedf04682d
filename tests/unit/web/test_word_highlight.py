"""Explanation terms are marked where they stand as words, and the text stays escaped."""

from trustwatch.web.word_highlight import highlight_words


def test_terms_are_marked_as_words_only():
    html = str(highlight_words("执法人员发现过期食品。一名工人受伤，女工人数不详。", ["过期", "工人"]))
    assert html.count('<mark class="term">过期</mark>') == 1
    assert '<mark class="term">工人</mark>受伤' in html
    assert "女工人数" in html  # 女工|人数: 工人 is no word there


def test_hostile_text_stays_escaped():
    html = str(highlight_words("<script>alert(1)</script>过期", ["过期"]))
    assert "<script>" not in html and "&lt;script&gt;" in html and '<mark class="term">过期</mark>' in html

