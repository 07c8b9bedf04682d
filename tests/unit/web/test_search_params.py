"""Search parameters as the index receives them."""


def test_enterprise_filter_matches_registered_aliases():
    from trustwatch.web.search import SearchParams

    forms = SearchParams(enterprise="品清湖酒楼").index_filters()["enterprises"]
    assert {"品清湖酒楼", "汕尾市品清湖海鲜酒楼有限公司", "品清湖海鲜酒楼"} <= set(forms)
