#!/usr/bin/env bash
# Installs the image data of examples/ImageOdeNet: Fashion-MNIST from Debian's dataset-fashion-mnist package, which
# puts the four gzip IDX files in /usr/share/datasets/fashion-mnist (the example's default --data). The example checks
# each file's digests itself when it reads them.
#
# MNIST's original digits are in no Debian package (`apt-cache search mnist` finds only dataset-fashion-mnist): put
# train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in
# a folder and pass it with --data FOLDER; the example recognises them by the MD5s that MNIST's mirrors publish.
#
# The tests never need this: they write small IDX files of their own.
set -euo pipefail

directory=/usr/share/datasets/fashion-mnist
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)

installed() {
  for f in "${files[@]}"; do
    [ -s "$directory/$f" ] || return 1
  done
}

if installed; then
  echo "Fashion-MNIST is installed in $directory"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install Fashion-MNIST's four IDX files (${files[*]}) into a folder yourself and pass it to the example with --data FOLDER" >&2
  exit 1
fi

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -q
$sudo apt-get install -y -q dataset-fashion-mnist

if ! installed; then
  echo "dataset-fashion-mnist is installed, but $directory lacks some of ${files[*]} (dpkg -L dataset-fashion-mnist lists where it put them); pass that folder with --data" >&2
  exit 1
fi

echo "Fashion-MNIST is installed in $directory"
