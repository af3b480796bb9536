#!/usr/bin/env python3
"""Compare two fingerprints of a site's case records (setup/checks.py), as `.ci/run` takes them.

Usage: compare_fingerprints.py BEFORE.json AFTER.json --same MESSAGE --differ MESSAGE [--counts]
Prints MESSAGE for the same (exit 0) or for a difference (exit 1, with each table that differs and
its row counts before and after); --counts prints the rows of each table that has any.
"""

import argparse
import json
import sys


def load(path: str) -> dict:
	with open(path, encoding="utf-8") as f:
		return json.loads(f.read().strip().splitlines()[-1])


def main(argv=None) -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("before")
	parser.add_argument("after")
	parser.add_argument("--same", required=True)
	parser.add_argument("--differ", required=True)
	parser.add_argument("--counts", action="store_true")
	args = parser.parse_args(argv)
	before, after = load(args.before), load(args.after)
	tables = sorted(set(before) | set(after))
	empty = {"rows": 0, "digest": None}
	differing = [table for table in tables if before.get(table) != after.get(table)]
	if args.counts:
		width = max(map(len, tables))
		for table in tables:
			if before.get(table, empty)["rows"] or after.get(table, empty)["rows"]:
				print(f"  {table:<{width}}  {before.get(table, empty)['rows']:>7} rows")
	if not differing:
		rows = sum(value["rows"] for value in before.values())
		print(f"{args.same} ({rows} rows and files in {len(tables)} tables, every field and byte compared)")
		return 0
	print(args.differ + ":")
	for table in differing:
		was, now = before.get(table, empty), after.get(table, empty)
		what = "the same number of rows, other values" if was["rows"] == now["rows"] else "rows"
		print(f"  {table}: {was['rows']} rows before, {now['rows']} after ({what})")
	return 1


if __name__ == "__main__":
	sys.exit(main())
