#!/bin/sh
# npm run ask: from the start-up snapshot when the build made one (dist/ask.snapshot.blob), else from the plain build.
# The snapshot checks that it belongs to this installation and knowledge base, and if not runs the plain build itself.
# Node refuses a snapshot that another Node version wrote with exit status 14 before running any of it: then the
# plain build answers here, and a new snapshot is built in the background. The V8 flags are those the snapshot was
# built with (SNAPSHOT_NODE_FLAGS in src/snapshot/snapshot.ts, which says why; the build checks they are the same).
case $0 in */*) dist=${0%/*}/.. ;; *) dist=.. ;; esac
# Node reads the 15 MB snapshot into memory it allocates, and copies it once more: in 4 KB pages that is ~8,000 page
# faults (about 9 ms of CPU, measured with perf), in transparent huge pages, which this glibc tunable has malloc ask
# the kernel for, a few dozen. Ignored by another C library, or a kernel that gives no huge pages.
if [ -f "$dist/ask.snapshot.blob" ]; then
  GLIBC_TUNABLES=${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1 node --no-rehash-snapshot --no-regexp-tier-up --snapshot-blob "$dist/ask.snapshot.blob" "$dist/cli/ask.js" "$@"
  status=$?
  [ "$status" -ne 14 ] && exit "$status"
fi
[ -f "$dist/ask.snapshot.cjs" ] && (node "$dist/snapshot/rebuild.js" >/dev/null 2>&1 &)
exec node --enable-source-maps "$dist/cli/ask.js" "$@"
