#!/usr/bin/python3
"""Runs Debian's wapiti 3.0.4 with one fix: its exclusion patterns (-x) put the regular-expression flags at the end,
which Python 3.11 refuses ("global flags not at the start of the expression"), so any -x stops the scan."""
import re
import sys

import wapitiCore.net.crawler as crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

from wapitiCore.main.wapiti import wapiti_main  # noqa: E402  (after the patch, as the module reads it at call time)

sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
