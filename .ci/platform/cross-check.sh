#!/usr/bin/env bash
# The platform stage's cross-SDK check: the C shim and the Swift compiled for Windows, macOS and
# FreeBSD on this Linux machine (Platforms/CrossSDK/README.md). Exit status as
# Platforms/CrossSDK/cross-check.sh says.
exec bash "$(dirname "$0")/../../Platforms/CrossSDK/cross-check.sh" "$@"
