#!/usr/bin/env python3
"""Pages a lead writes, per table and index: the write-ahead log kept by the benchmark's
`pages` mode (BENCH_PAGES_COPY=<path>), its frames mapped to tables with SQLite's dbstat
(which the SQLite bundled with the app lacks). Usage: scripts/wal-pages.py <path> <leads>"""
import collections, sqlite3, struct, sys

db, leads = sys.argv[1], int(sys.argv[2])
wal = open(db + "-wal", "rb").read()
page_size = struct.unpack(">I", wal[8:12])[0]
salt = wal[16:24]
owner = {}
for page, name, kind in sqlite3.connect(db).execute("SELECT pageno, name, pagetype FROM dbstat"):
    owner[page] = name + (" (overflow)" if kind == "overflow" else "")
at, frames, commits, per_table = 32, 0, 0, collections.Counter()
while at + 24 + page_size <= len(wal):
    page, commit = struct.unpack(">II", wal[at:at + 8])
    if wal[at + 8:at + 16] != salt:
        break  # frames of an earlier generation of the log
    frames += 1
    commits += commit != 0
    per_table["(database header)" if page == 1 else owner.get(page, "(free or new)")] += 1
    at += 24 + page_size
print(f"{frames} frames, {commits} commits, {frames / leads:.1f} pages per lead")
for name, count in per_table.most_common():
    print(f"{count / leads:6.2f}  {name}")
