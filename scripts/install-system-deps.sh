#!/usr/bin/env bash
# Debian packages newscaster needs: espeak-ng (multilingual fallback voice, via its C library).
# With "test", also what the browser tests need. Quick when everything is already there.
set -euo pipefail
packages=(espeak-ng libespeak-ng1)
if [[ "${1:-}" == "test" ]]; then
  packages+=(chromium)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
