#!/usr/bin/env python3
"""Writes a national-size GIAS edubasealldata extract (default 50,000 rows, ~60 MB, Latin-1) for the import
benchmark, by repeating the readable rows of the real sample in ../../../shared/data/gias with new URNs and
names. Usage: make-extract.py OUT.csv [ROWS]"""
import csv, io, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sample = os.path.join(here, "..", "..", "..", "shared", "data", "gias", "edubasealldata-sample.csv")
out, rows = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50_000

with open(sample, encoding="latin-1", newline="") as f:
    records = list(csv.reader(f))
header, body = records[0], [r for r in records[1:] if len(r) == len(records[0])]
urn, name = header.index("URN"), header.index("EstablishmentName")

with open(out, "w", encoding="latin-1", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(header)
    for i in range(rows):
        r = list(body[i % len(body)])
        r[urn] = str(200000 + i)
        r[name] = f"{r[name]} {i}"
        w.writerow(r)
print(f"{out}: {rows} rows, {os.path.getsize(out) / 1e6:.1f} MB")
