#!/usr/bin/env bash
# Installs what `npm start` / `npm test` need on a fresh machine, and only what is missing:
# npm and Composer dependencies, and (as root, or with sudo, on Debian) the PHP extensions and
# Chromium. Usage: scripts/ensure-deps.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

# Reinstall when package.json / package-lock.json changed since the last install.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund >&2
fi
if command -v php >/dev/null && { [ ! -d vendor ] || [ composer.json -nt vendor/autoload.php ]; }; then
	composer install --no-interaction --no-progress >&2
fi

need=()
if command -v php >/dev/null; then
	php -r 'exit(extension_loaded("pdo_sqlite") ? 0 : 1);' || need+=("php$(php -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')-sqlite3")
	php -r 'exit(extension_loaded("curl") ? 0 : 1);' || need+=("php$(php -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')-curl")
fi
if [ "${1:-}" = "--browser" ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
	need+=(chromium)
fi
if [ ${#need[@]} -gt 0 ]; then
	if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
		echo "Installing ${need[*]} (Debian packages)" >&2
		as_root apt-get update -q >&2
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
	else
		echo "Missing: ${need[*]}. Install them with your system's package manager." >&2
		exit 1
	fi
fi
