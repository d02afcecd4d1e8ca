#!/usr/bin/env python3
"""Verbatim check for the demo trust JSON files.

Usage: python3 check_verbatim.py SEEDS_DIR

For every *.json file next to this script: checks it parses, has the expected
top-level keys, and that every content line of its source document (named in
the file's "source" field) appears verbatim in the file's strings.

A source line is compared after: removing a leading bullet marker ("• " or
"- "), trimming, and collapsing all whitespace (including non-breaking spaces)
to single spaces. The haystack is the concatenation of every string value in the
JSON (whitespace collapsed, Markdown backslash-escapes removed), joined with a
separator that a line cannot match across, plus two reconstructions of structure
that the JSON splits into separate fields:
  - an object with "title" and "text" strings also yields "title: text"
    (003's "Community: Our aim ..." items);
  - an object with an integer "number" and a string "title" also yields
    "number. title" (004's "1. achieving the highest outcomes" aims).
Lines that are not content are skipped: empty/whitespace-only lines,
"Skip to content ↓" and "Infographic for Strategic Aim N".
Exits non-zero if anything is missing.
"""
import json
import os
import re
import sys

TOP_KEYS = ["source", "slug", "name", "nameIsInvented", "strapline", "aboutTitle", "introduction",
            "vision", "mission", "valuesIntroduction", "values", "statementLists", "aimsHeading",
            "aimsIntroduction", "aimGroups", "messages", "sections", "schools", "plans", "notes"]
SKIP = [re.compile(r"^Skip to content ↓$"), re.compile(r"^Infographic for Strategic Aim \d+$")]
SEP = "\u241e"


def collapse(s):
    return re.sub(r"\s+", " ", s).strip()


def unescape_md(s):
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", s)


def strings(node, out):
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, list):
        for x in node:
            strings(x, out)
    elif isinstance(node, dict):
        if isinstance(node.get("title"), str) and isinstance(node.get("text"), str):
            out.append(node["title"] + ": " + node["text"])
        if isinstance(node.get("number"), int) and isinstance(node.get("title"), str):
            out.append("%d. %s" % (node["number"], node["title"]))
        for v in node.values():
            strings(v, out)
    return out


def source_lines(path):
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f.read().split("\n"), 1):
            s = raw.strip()
            if s.startswith("\u2022 "):
                s = s[2:]
            elif s.startswith("- "):
                s = s[2:]
            s = collapse(s)
            if not s or any(p.match(s) for p in SKIP):
                continue
            yield n, s


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    seeds = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    total_miss = 0
    seen_sources, urns = set(), {}
    for fn in sorted(os.listdir(here)):
        if not fn.endswith(".json"):
            continue
        path = os.path.join(here, fn)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except Exception as e:  # noqa: BLE001
            print("%s: JSON PARSE ERROR: %s" % (fn, e))
            total_miss += 1
            continue
        missing_keys = [k for k in TOP_KEYS if k not in data]
        if missing_keys:
            print("%s: missing keys %s" % (fn, missing_keys))
            total_miss += 1
        if fn != data.get("slug", "") + ".json":
            print("%s: file name does not match slug %r" % (fn, data.get("slug")))
            total_miss += 1
        for s in data.get("schools", []):
            if s.get("urn") in urns:
                print("%s: duplicate URN %s (also in %s)" % (fn, s["urn"], urns[s["urn"]]))
                total_miss += 1
            urns[s.get("urn")] = fn
        src = data["source"]
        seen_sources.add(src)
        hay = SEP.join(collapse(unescape_md(s)) for s in strings(data, []))
        checked = misses = 0
        for n, line in source_lines(os.path.join(seeds, src)):
            checked += 1
            if line not in hay:
                misses += 1
                print("%s: MISSING %s:%d: %s" % (fn, src, n, line))
        total_miss += misses
        print("%s <- %s: parsed OK, %d content lines checked, %d missing" % (fn, src, checked, misses))
    for src in sorted(f for f in os.listdir(seeds) if f.endswith(".txt")):
        if src not in seen_sources:
            print("NO JSON FILE FOR SOURCE %s" % src)
            total_miss += 1
    print("TOTAL PROBLEMS: %d" % total_miss)
    sys.exit(1 if total_miss else 0)


if __name__ == "__main__":
    main()
