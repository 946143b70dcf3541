#!/bin/sh
# Prepare a fresh Debian machine (Python 3.11) to run the workstation: system libraries for Qt and
# QtWebEngine (the map), Chinese fonts, a virtual screen for tests, then a virtualenv in .venv with
# the project installed.
# `--test` also installs the test tools. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q python3-venv python3-pip \
    libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
    libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1 \
    libnss3 libnspr4 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 \
    libgbm1 libdrm2 libxcb-dri3-0 \
    fonts-noto-cjk xvfb xauth
[ -d .venv ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
    .venv/bin/pip install -q -e ".[test]"
else
    .venv/bin/pip install -q -e .
fi
