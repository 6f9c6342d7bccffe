#!/usr/bin/env python3
"""Rewrites docs/strategies.md's single-strategy table from docs/results/{ring,grid}/results.csv,
so the table quoted in the docs is the table scripts/results measured (scripts/results runs this).

    python3 tools/results_table.py          # rewrite the block between the markers
    python3 tools/results_table.py --check  # exit 1 when the block differs from the CSVs
"""
import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "strategies.md"
BEGIN = "<!-- results-table: begin (tools/results_table.py writes this block from docs/results/*/results.csv) -->"
END = "<!-- results-table: end -->"


def rows(data):
    with open(ROOT / "docs" / "results" / data / "results.csv") as f:
        return {r["strategy"]: r for r in csv.DictReader(f)}


def cell(r):
    hq = float(r["high_quality_pct_mean"])
    hq_text = f"{hq:.1f}%" if hq < 1 else f"{hq:.0f}%"
    return f"{float(r['modes_mean']):.1f} ± {float(r['modes_sd']):.1f} / {hq_text} / {float(r['reverse_kl_mean']):.3f}"


def table():
    ring, grid = rows("ring"), rows("grid")
    lines = ["| entry | ring: modes / % HQ / reverse KL | grid: modes / % HQ / reverse KL |", "|---|---|---|"]
    for name, r in ring.items():
        lines.append(f"| `{name}` | {cell(r)} | {cell(grid[name]) if name in grid else 'not measured'} |")
    return "\n".join(lines)


def main():
    text = DOC.read_text()
    if BEGIN not in text or END not in text:
        sys.exit(f"{DOC}: the markers of the results table are missing")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{table()}\n{END}{tail}"
    if "--check" in sys.argv[1:]:
        if new != text:
            sys.exit(f"{DOC}: the results table differs from docs/results (run tools/results_table.py)")
        print(f"{DOC.relative_to(ROOT)}: the results table matches docs/results")
        return
    DOC.write_text(new)
    print(f"wrote the results table of {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
