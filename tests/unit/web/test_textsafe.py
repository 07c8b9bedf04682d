"""Hostile crawled text stays text: escaping, highlighting, CSV cells."""

from trustwatch.web.textsafe import HL_POST, HL_PRE, clip, csv_cell, em_html, es_fragment, highlight_terms


def test_highlight_escapes_before_marking():
    out = str(highlight_terms("<script>alert(1)</script>过期食品", ["过期"]))
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert '<mark class="term">过期</mark>' in out


def test_highlight_terms_that_look_like_markup_are_escaped():
    out = str(highlight_terms("a <b> c", ["<b>"]))
    assert out == 'a <mark class="term">&lt;b&gt;</mark> c'


def test_highlight_is_bounded():
    assert len(str(highlight_terms("过" * 50000, [], limit=100))) <= 100


def test_es_fragment_keeps_only_our_markers():
    raw = f"<img src=x onerror=alert(1)>{HL_PRE}过期{HL_POST}牛奶<em>"
    out = str(es_fragment(raw))
    assert out.count("<em>") == 1 and out.count("</em>") == 1
    assert "<img" not in out and "&lt;img" in out


def test_es_fragment_closes_unbalanced_marker():
    assert str(es_fragment(f"{HL_PRE}过期")) == "<em>过期</em>"


def test_em_html_reescapes_index_html():
    # As the index's html encoder returns it, and a hostile raw variant.
    assert str(em_html("&lt;script&gt;买到<em>过期</em>牛奶")) == "&lt;script&gt;买到<em>过期</em>牛奶"
    out = str(em_html("<script>x</script><em>过期</em><b onmouseover=1>"))
    assert "<script>" not in out and "<b " not in out and "<em>过期</em>" in out


def test_csv_cells_cannot_be_formulas():
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(bad).startswith("'")
    assert csv_cell("过期食品") == "过期食品"


def test_clip_bounds_and_strips_control_chars():
    assert clip("a\x00b" + "c" * 10, 5) == "abcc…"


def test_search_links_keep_filters_and_drop_removed_ones():
    import datetime as dt

    from trustwatch.web.pages_search import link
    from trustwatch.web.search import SearchParams

    p = SearchParams(q="过期", district="海丰县", date_from=dt.date(2025, 1, 1), page=3)
    url = link(p, page=4)
    assert "q=%E8%BF%87%E6%9C%9F" in url and "district=" in url and "date_from=2025-01-01" in url and "page=4" in url
    assert "district" not in link(p, district=None, page=None)
    assert SearchParams(q="x" * 500, page=10_000).page == 50 and len(SearchParams(q="x" * 500).q) <= 200
