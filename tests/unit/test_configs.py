"""The typed configs trustwatch builds from the settings reach the lower layers (issue 13, item 2): a
deployment's config folder (TRUSTWATCH_CONFIG_DIR) sets the classifier's dictionaries and the search
index's synonyms; a folder without them falls back to the shipped files."""

from __future__ import annotations

import pytest

from classifier import load_classifier
from classifier.districts import DEFAULT_TABLE
from classifier.tokenizer import DEFAULT_USERDICT
from store.index_search import SearchFilters, search_body, synonyms_of, variants
from store.search_index import IndexConfig, alias_name, make_client
from trustwatch.configs import SHIPPED_CONFIG, classifier_config, index_config
from trustwatch.settings import load_settings

# A city that does not exist, and a word only its dictionary knows.
DISTRICTS = """\
districts:
  云溪区:
    aliases: [青岚市云溪区]
    places: [白石镇, 望月湖]
  北坪县:
    places: [松岗镇]
city: 青岚市
city_aliases: [青岚市, 青岚]
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "dictionaries" / "districts.yaml").write_text(DISTRICTS, encoding="utf-8")
    (tmp_path / "dictionaries" / "userdict.txt").write_text("望月湖 3000 ns\n岚山蜜柚 3000 nz\n", encoding="utf-8")
    (tmp_path / "search_synonyms.txt").write_text("蜜柚, 柚子\n", encoding="utf-8")
    return tmp_path


def test_the_classifier_reads_the_folders_dictionaries(folder):
    config = classifier_config(load_settings(config_dir=folder))
    assert (config.userdict, config.districts) == (folder / "dictionaries" / "userdict.txt",
                                                   folder / "dictionaries" / "districts.yaml")
    clf = load_classifier(config)
    verdict = clf.classify("白石镇一餐馆发生食物中毒", "青岚市云溪区白石镇一餐馆多名食客就餐后呕吐腹泻，已送医。")
    assert verdict.district == "云溪区"
    assert "岚山蜜柚" in clf.tokenizer.cut("今年的岚山蜜柚丰收")
    # The shipped city is not consulted: a Shanwei town is no district here.
    assert clf.classify("海丰县一小学食堂发生食物中毒", "30名学生送医").district is None


def test_a_folder_without_dictionaries_uses_the_shipped_ones(tmp_path):
    config = classifier_config(load_settings(config_dir=tmp_path))
    assert config.userdict == DEFAULT_USERDICT and config.districts == DEFAULT_TABLE
    assert load_classifier(config).classify("海丰县一小学食堂发生食物中毒", "30名学生送医").district == "海丰县"


def test_a_bad_classifier_config_is_refused(tmp_path):
    from classifier.config import ClassifierConfig

    with pytest.raises(ValueError, match="userdict file not found"):
        ClassifierConfig(userdict=tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="unknown tokenizer backend"):
        ClassifierConfig(tokenizer="pkuseg")


def test_the_index_takes_the_folders_synonyms_and_the_shipped_templates(folder):
    config = index_config(load_settings(config_dir=folder, es_index_prefix="qinglan"))
    assert config.synonyms_file == folder / "search_synonyms.txt"
    assert config.templates_dir == SHIPPED_CONFIG / "es"  # the folder has no es/ of its own
    assert alias_name(config, "article") == "qinglan-articles"
    assert variants("蜜柚", synonyms_of(config)) == ["蜜柚", "柚子"]
    assert variants("爆炸", synonyms_of(config)) == ["爆炸"]  # the shipped groups are not mixed in
    body = search_body("蜜柚", SearchFilters(), 1, 10, synonyms=synonyms_of(config))
    assert "柚子" in str(body["query"])


def test_an_index_config_refuses_a_bad_prefix_and_hides_secrets(tmp_path):
    with pytest.raises(ValueError, match="index prefix"):
        IndexConfig(templates_dir=tmp_path, prefix="Bad Prefix")
    config = IndexConfig(templates_dir=tmp_path, url="http://127.0.0.1:9", api_key="k-s3cr3t", password="p-s3cr3t")
    assert "s3cr3t" not in repr(config)
    assert make_client(config).transport.node_pool.get().config.host == "127.0.0.1"
