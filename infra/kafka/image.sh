#!/usr/bin/env bash
# Builds a local OCI image of the broker that kafka.sh runs, for machines whose container
# engine cannot pull apache/kafka (no registry) or that want the very same broker in a
# container: a minimal Debian root file system from Debian's packages with Java 17,
# the jars kafka.sh resolves from Maven Central, and kafka.sh itself as the launcher.
# See README.md next to this file ("Container image").
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly script_dir
# bookworm is the newest Debian release that still ships Java 17 (trixie has 21 only).
readonly suite="${VIGIA_KAFKA_IMAGE_SUITE:-bookworm}"
readonly packages=openjdk-17-jre-headless,procps
readonly repository=localhost/vigia-kafka
# What goes into the image besides Debian's packages; any change gives a new tag.
readonly inputs=(image.sh kafka.sh container-entrypoint.sh log4j2.xml pom.xml)

say() { printf 'image.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat <<EOF
Usage: bash infra/kafka/image.sh <command>

  build   build the image unless it exists already; print VIGIA_KAFKA_IMAGE=<name>
  name    print the name the current inputs give, without building
  help    this text

The tag is the Kafka version and a hash of everything the image is made of ($(
  IFS=,; echo "${inputs[*]}"), the Debian suite and the package list), so a build with
unchanged inputs only checks that the image exists. Needs mmdebstrap (Debian:
apt-get install mmdebstrap) and podman or docker; run as root, as mmdebstrap's root mode
and the engine's image store need.

Environment: VIGIA_CONTAINER_ENGINE (podman, else docker), VIGIA_KAFKA_IMAGE_SUITE
($suite), VIGIA_KAFKA_VERSION (default: kafka.sh's pin).
EOF
}

kafka_version() { printf '%s\n' "${VIGIA_KAFKA_VERSION:-$(bash "$script_dir/kafka.sh" version)}"; }

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
}

image_name() {
  local version hash
  version="$(kafka_version)"
  hash="$(
    cd "$script_dir"
    # File names and contents, then the settings that are not in a file.
    for file in "${inputs[@]}"; do printf '%s\n' "$file"; cat "$file"; done
    printf 'version=%s suite=%s packages=%s\n' "$version" "$suite" "$packages"
  )"
  hash="$(printf '%s' "$hash" | sha256 | cut -c1-12)"
  printf '%s:%s-%s\n' "$repository" "$version" "$hash"
}

engine() {
  local chosen="${VIGIA_CONTAINER_ENGINE:-}"
  if [[ -z "$chosen" ]]; then
    if command -v podman >/dev/null 2>&1; then chosen=podman
    elif command -v docker >/dev/null 2>&1; then chosen=docker
    else die "neither podman nor docker was found (Debian: apt-get install podman)"
    fi
  fi
  command -v "$chosen" >/dev/null 2>&1 || die "VIGIA_CONTAINER_ENGINE=$chosen was not found"
  printf '%s\n' "$chosen"
}

cmd_build() {
  local image engine
  image="$(image_name)"
  engine="$(engine)"
  # `image inspect` rather than podman's `image exists`: docker has only the former.
  if "$engine" image inspect "$image" >/dev/null 2>&1; then
    say "$image exists already ($engine); nothing to build"
    printf 'VIGIA_KAFKA_IMAGE=%s\n' "$image"
    return 0
  fi
  command -v mmdebstrap >/dev/null 2>&1 || die "mmdebstrap is needed to build $image and was not found
  Debian/Ubuntu: apt-get install mmdebstrap"

  local version lib
  version="$(kafka_version)"
  lib="$(VIGIA_KAFKA_VERSION="$version" bash "$script_dir/kafka.sh" resolve | sed -n 's/^KAFKA_LIB=//p')"
  [[ -f "$lib/.complete" ]] || die "kafka.sh resolve gave no complete classpath folder ($lib)"

  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/vigia-kafka-image.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" EXIT
  local started=$SECONDS
  say "building $image: Debian $suite with $packages, Kafka $version (takes a few minutes once)"
  # minbase has no documentation, manual pages or translations worth keeping in a
  # broker image; the dpkg filters keep them out of the tarball. The JRE's postinst
  # registers its manual page with update-alternatives, which fails unless man1 exists.
  # The customize hooks place kafka.sh where the entrypoint runs it and the jars where
  # kafka.sh looks for them (VIGIA_KAFKA_HOME/lib/<version>, with its .complete marker),
  # so the broker never needs Maven or the network inside the container.
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook="mkdir -p \"\$1/opt/vigia-kafka\" \"\$1/var/lib/vigia-kafka/lib/$version\"" \
    --customize-hook="copy-in $script_dir/kafka.sh $script_dir/log4j2.xml $script_dir/container-entrypoint.sh /opt/vigia-kafka" \
    --customize-hook="sync-in $lib /var/lib/vigia-kafka/lib/$version" \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$suite" "$work/rootfs.tar" >&2 \
    || die "mmdebstrap failed (is Debian's archive reachable through apt?)"

  "$engine" import \
    --change 'ENTRYPOINT ["/bin/bash", "/opt/vigia-kafka/container-entrypoint.sh"]' \
    --change 'ENV VIGIA_KAFKA_HOME=/var/lib/vigia-kafka' \
    --change "ENV VIGIA_KAFKA_VERSION=$version" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL org.opencontainers.image.title=vigia-kafka org.opencontainers.image.version=$version" \
    "$work/rootfs.tar" "$image" >/dev/null \
    || die "$engine import failed"
  say "built $image in $((SECONDS - started))s ($(du -m "$work/rootfs.tar" | cut -f1) MB root file system)"
  printf 'VIGIA_KAFKA_IMAGE=%s\n' "$image"
}

case "${1:-help}" in
  build) cmd_build ;;
  name) image_name ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
