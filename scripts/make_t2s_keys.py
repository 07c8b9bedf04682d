"""Write classifier/data/t2s_keys.txt: what OpenCC's t2s conversion can change, from its own dictionaries.

    .venv/bin/python scripts/make_t2s_keys.py [--check]

t2s (normalisation, then phrases, then characters, longest match first, each key's first value) leaves a
text unchanged unless the text contains
- a character whose own entry (character or normalisation dictionary) maps it to another character, or
- a phrase whose entry maps it to something else although none of its characters is of the first kind
  (深沈 -> 深沉, 回覆 -> 回复; a phrase with such a character is caught by the first rule).
The file holds the characters (line 2) and those phrases (one per line after it); `classifier.features.
normalise` skips the conversion for a text that has neither (most simplified news). The keys are read from
the installed package's .ocd2 files with its own `opencc_dict` tool; the file records the OpenCC version,
and `normalise` converts every text when the installed version is another. `--check` exits 1 when the
shipped file differs from what the installed OpenCC gives.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "classifier" / "data" / "t2s_keys.txt"


def _dict_files(config: dict) -> list[str]:
    files = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "ocd2" and "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(config)
    return files


def derive() -> str:
    """The file's text for the installed OpenCC: a header line, then the key characters in code-point order."""
    import opencc

    base = Path(opencc.__file__).parent / "clib"
    share = base / "share" / "opencc"
    config = json.loads((share / "t2s.json").read_text(encoding="utf-8"))
    entries: dict[str, list[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in _dict_files(config):
            out = Path(tmp) / f"{name}.txt"
            subprocess.run([str(base / "bin" / "opencc_dict"), "-i", str(share / name), "-o", str(out),
                            "-f", "ocd2", "-t", "text"], check=True, capture_output=True)
            rows = entries.setdefault(name, [])
            for line in out.read_text(encoding="utf-8").splitlines():
                if "\t" in line:
                    key, values = line.split("\t", 1)
                    rows.append((key, values.split(" ")[0]))
    changed = {c for rows in entries.values() for key, first in rows if len(key) == 1 and first != key for c in key}
    phrases = sorted({key for rows in entries.values() for key, first in rows
                      if len(key) > 1 and first != key and not set(key) & changed})
    # One character per such phrase stands for it: the one rarest in the seed corpus, so that a text
    # holding none of these characters holds none of the phrases.
    seed = (REPO / "classifier" / "data" / "seed.jsonl").read_text(encoding="utf-8")
    triggers = {min(p, key=lambda c: (seed.count(c), c)) for p in phrases}
    version = getattr(opencc, "__version__", "unknown")
    return (f"# OpenCC {version} t2s: line 2, the characters it changes; line 3, one character of each phrase "
            f"it changes that holds none of them; then those phrases (scripts/make_t2s_keys.py)\n"
            + "".join(sorted(changed)) + "\n" + "".join(sorted(triggers)) + "\n"
            + "".join(p + "\n" for p in phrases))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = parser.parse_args()
    text = derive()
    if args.check:
        same = OUT.is_file() and OUT.read_text(encoding="utf-8") == text
        print("t2s_keys.txt 与已安装的 OpenCC 一致" if same else "t2s_keys.txt 与已安装的 OpenCC 不一致：请重新生成")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"已写入 {OUT}（{len(text.splitlines()[1])} 个字，{len(text.splitlines()) - 3} 个词）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
