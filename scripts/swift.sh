#!/usr/bin/env bash
# Runs `swift ARGS...` in a directory of this repository.
#
#   scripts/swift.sh DIR [swift args...]
#
# With a `swift` on PATH (a Mac, or a Linux machine with a toolchain) it is
# used as it is. Otherwise, on Debian 12 where Swift is not packaged, the
# script keeps a Debian 13 (trixie) chroot with `swiftlang` at $CLF_SWIFT_CHROOT
# (default /var/cache/closed-loop-feedback/swift-trixie), creating it once and
# reusing it after. The repository is bind-mounted into the chroot for the run,
# and everything the script mounted is unmounted when it exits, whatever the
# outcome. Needs root for the chroot path (CI and the dev machines run as root).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: scripts/swift.sh DIR [swift args...]}
shift
dir=$(cd "$dir" && pwd)
case "$dir" in "$repo"|"$repo"/*) ;; *) echo "swift.sh: $dir is not inside $repo" >&2; exit 2;; esac

if command -v swift >/dev/null 2>&1; then
  cd "$dir" && exec swift "$@"
fi

root=${CLF_SWIFT_CHROOT:-/var/cache/closed-loop-feedback/swift-trixie}
log() { echo "swift.sh: $*" >&2; }

mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ ! -x "$root/usr/libexec/swift/bin/swift" ]; then
  log "no Swift toolchain found; preparing a Debian trixie chroot at $root (once)"
  if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  if [ ! -x "$root/usr/bin/apt-get" ]; then
    # A half-made chroot from an interrupted run is set aside, never removed
    # while something may still be mounted in it.
    if [ -e "$root" ]; then
      if grep -q " $root/" /proc/mounts; then log "$root has mounts inside; unmount them first"; exit 1; fi
      mv "$root" "$root.broken.$$"
    fi
    mkdir -p "$(dirname "$root")"
    debootstrap --variant=minbase trixie "$root" "$(mirror)" >/dev/null
  fi
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get update -qq && apt-get install -y -qq --no-install-recommends swiftlang libc6-dev libstdc++-14-dev >/dev/null'
fi

mounted=()
cleanup() {
  local i
  for ((i=${#mounted[@]}-1; i>=0; i--)); do umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" || true; done
}
trap cleanup EXIT
mount_once() { # mount_once TARGET mount-args...
  local target=$1; shift
  if ! grep -q " $target " /proc/mounts; then
    mkdir -p "$target"
    mount "$@" "$target"
    mounted+=("$target")
  fi
}
mount_once "$root/proc" -t proc proc
mount_once "$root/dev" --bind /dev
mount_once "$root/work/repo" --bind "$repo"

inner="/work/repo${dir#"$repo"}"
# Paths into the repository in the arguments are rewritten to the mount point.
args=()
for a in "$@"; do args+=("${a//"$repo"//work/repo}"); done
# Keep Swift's caches inside the chroot, not in the host's home.
chroot "$root" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
  PATH=/usr/libexec/swift/bin:/usr/local/bin:/usr/bin:/bin \
  LD_LIBRARY_PATH="${SWIFT_LD_LIBRARY_PATH:+/work/repo${SWIFT_LD_LIBRARY_PATH#"$repo"}}" \
  sh -c 'cd "$1" && shift && exec swift "$@"' sh "$inner" "${args[@]}"
