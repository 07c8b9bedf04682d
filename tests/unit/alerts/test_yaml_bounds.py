"""Hostile configuration files: an alias bomb and bytes that are not UTF-8 end in one located error."""

from __future__ import annotations

import time

import pytest

from alerts.routing import load_routing
from alerts.yamlconf import ConfigError

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))


def test_alias_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "routing.yaml"
    path.write_text(BOMB, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="aliases expanded too far"):
        load_routing(path, set())
    assert time.monotonic() - started < 10


def test_invalid_utf8_names_the_byte(tmp_path):
    path = tmp_path / "routing.yaml"
    path.write_bytes("route:\n  receivers: [市".encode("utf-8") + b"\xff\xfe]\n")
    with pytest.raises(ConfigError) as err:
        load_routing(path, set())
    assert str(err.value) == f"{path}:2: (file): not UTF-8 at byte 24; expected UTF-8 text"
