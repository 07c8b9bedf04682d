"""Printing a figure beside its anchor: "project / anchor / ratio", min / median / max over repeats, machine load.

Benches import it as `from side_by_side import machine, row` (bench/ is on sys.path when a bench runs).
"""

from __future__ import annotations

import os
import platform
import statistics


def machine() -> str:
    """The machine and how busy it is right now (cores, 1/5/15-minute load)."""
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return f"machine: {os.cpu_count()} cores {model} ({platform.python_implementation()} " \
           f"{platform.python_version()}); load average {load}"


def spread(values) -> str:
    """min / median / max of `values`."""
    values = list(values)
    return f"{min(values):,.4g} / {statistics.median(values):,.4g} / {max(values):,.4g}"


def row(name: str, project, anchor, unit: str = "", lower_is_better: bool = True) -> float:
    """Print one "project / anchor / ratio" line (each min / median / max over repeats); returns the median ratio.

    The ratio is project ÷ anchor per repeat (both measured in the same repeat), so for a time it
    says how many times slower the project is, and for a rate how many times as fast."""
    project, anchor = list(project), list(anchor)
    ratios = [p / a if a else float("inf") for p, a in zip(project, anchor)]
    better = "lower is better" if lower_is_better else "higher is better"
    unit = f" {unit}" if unit else ""
    print(f"  {name}: project {spread(project)}{unit} | anchor {spread(anchor)}{unit} | "
          f"ratio {spread(ratios)} ({better}; min / median / max of {len(ratios)} repeats)")
    return statistics.median(ratios)
