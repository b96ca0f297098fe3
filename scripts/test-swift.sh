#!/usr/bin/env bash
# Builds the Rust library, generates the Swift sources with uniffi, and runs
# the XCTest suite of bindings-swift (through scripts/swift.sh, which uses a
# local swift or a Debian trixie chroot).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
pkg=bindings-swift

cargo build -q -p clf-swift
case "$(uname -s)" in Darwin) lib=libclf_swift.dylib ;; *) lib=libclf_swift.so ;; esac
# Where cargo put it: the repository's target/ unless CARGO_TARGET_DIR says otherwise.
target=${CARGO_TARGET_DIR:-$repo/target}

gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
cargo run -q -p uniffi-bindgen -- generate --library "$target/debug/$lib" --language swift --out-dir "$gen" 2>&1 | grep -v "swift-format" || true
cp "$gen/ClfSwiftFFI.h" "$pkg/Sources/ClfSwiftFFI/ClfSwiftFFI.h"
cp "$gen/ClfSwiftFFI.modulemap" "$pkg/Sources/ClfSwiftFFI/module.modulemap"
cp "$gen/ClosedLoopFeedback.swift" "$pkg/Sources/ClosedLoopFeedback/ClosedLoopFeedback.swift"
mkdir -p "$pkg/lib"
cp "$target/debug/$lib" "$pkg/lib/"

# The suite is XCTest; Swift 6 would also start swift-testing, which finds
# no tests and says so last. Turned off where this swift knows the flag.
testing=()
if scripts/swift.sh "$pkg" test --help 2>/dev/null | grep -q -- '--disable-swift-testing'; then
  testing=(--disable-swift-testing)
fi

SWIFT_LD_LIBRARY_PATH="$repo/$pkg/lib" LD_LIBRARY_PATH="$repo/$pkg/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  scripts/swift.sh "$pkg" test ${testing[@]+"${testing[@]}"} -Xlinker "-L$repo/$pkg/lib" "$@"
