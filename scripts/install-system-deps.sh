#!/usr/bin/env bash
# Debian packages newscaster needs: espeak-ng (multilingual fallback voice, via its C library) and the
# classic English voices flite and festival (run as commands; festival with its slt HTS and kal diphone
# voices). With "test", also what the browser tests need (chromium), the reverse proxy the proxy test
# puts in front of the server (nginx) and the broker the Celery tests use (redis-server), each run by the
# tests themselves. Quick when everything is already there.
set -euo pipefail
packages=(espeak-ng libespeak-ng1 flite festival festvox-us-slt-hts festvox-kallpc16k)
if [[ "${1:-}" == "test" ]]; then
  packages+=(chromium nginx redis-server)
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
