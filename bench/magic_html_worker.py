"""Run magic-html on pages read as JSON lines from stdin; write one JSON line per page to stdout.

magic-html needs Python >= 3.12 and the project runs on 3.11, so extraction_accuracy.py starts this
script with a separate interpreter that has magic-html installed, e.g.:

    python3.12 -m venv .venv-magic-html && .venv-magic-html/bin/pip install magic-html
    .venv/bin/python bench/extraction_accuracy.py --magic-html-python .venv-magic-html/bin/python

Input lines: {"html": ..., "url": ...}; output lines: {"title": ..., "html": ..., "error": ...}.
"""

import json
import sys


def main() -> int:
    from magic_html import GeneralExtractor

    extractor = GeneralExtractor()
    for line in sys.stdin:
        page = json.loads(line)
        try:
            found = extractor.extract(page["html"], base_url=page.get("url") or "", html_type="article")
            out = {"title": found.get("title"), "html": found.get("html"), "error": None}
        except Exception as exc:  # a failure on one page is a miss on that page, reported as such
            out = {"title": None, "html": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
