#!/usr/bin/env bash
# Installs the Debian packages Trustwatch needs (PostgreSQL, Redis, Chromium, CJK fonts, Maven, JDKs).
# Idempotent: only runs apt-get when something is missing.
set -euo pipefail

need=()
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/redis-server ] || need+=(redis-server)  # the shared crawl frontier (scripts/redis.sh)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || need+=(fonts-noto-cjk)
ls /usr/lib/jvm/temurin-25-jdk-amd64/bin/java /usr/lib/jvm/java-17-openjdk-amd64/bin/java >/dev/null 2>&1 \
  || { ls -d /usr/lib/jvm/*/bin/java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless); }

if [ ${#need[@]} -eq 0 ]; then
  echo "provision: system packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "provision: missing packages ${need[*]}; run as root or install them with apt-get" >&2
  exit 1
fi
echo "provision: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
