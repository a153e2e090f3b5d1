#!/usr/bin/env bash
# Installs what `npm start` / `npm test` need on a fresh machine, and only what is missing:
# npm and Composer dependencies, and (as root, or with sudo, on Debian) the PHP extensions and
# Chromium. Usage: scripts/ensure-deps.sh [--browser]
# With KEY_GUARD_DEPS_LOG=FILE the installers' own output (npm's engine warnings, Composer, apt)
# goes to FILE and one line per step reaches stderr; a failing step also prints the end of FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

log="${KEY_GUARD_DEPS_LOG:-}"
# Usage: run "what it does" command...
run() {
	local what="$1"
	shift
	if [ -z "$log" ]; then
		"$@" >&2
		return
	fi
	echo "$what (output in $log)" >&2
	if ! "$@" >>"$log" 2>&1; then
		echo "ensure-deps: $what failed; the end of $log:" >&2
		tail -n 25 "$log" >&2
		return 1
	fi
}

# A folder that is a link into another checkout (a linked worktree sharing node_modules or vendor)
# is never reinstalled from here: npm ci empties the link's target first, under the other checkout.
# Usage: shared_with DIR LOCKFILE; true (and a warning when the lock files differ) for a link.
shared_with() {
	[ -L "$1" ] || return 1
	local owner
	owner="$(dirname "$(readlink -f "$1")")"
	if ! cmp -s "$2" "$owner/$2"; then
		echo "ensure-deps: $1 links to $owner/$1, installed for a different $2; not reinstalling through the link (run the install in $owner, or replace the link with a folder)" >&2
	fi
}

# Reinstall when package.json / package-lock.json changed since the last install.
if shared_with node_modules package-lock.json; then
	:
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	run "Installing npm dependencies (npm ci)" npm ci --no-audit --no-fund
fi
if command -v php >/dev/null && ! shared_with vendor composer.lock && { [ ! -d vendor ] || [ composer.json -nt vendor/autoload.php ]; }; then
	run "Installing Composer dependencies (composer install)" composer install --no-interaction --no-progress
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
		run "Installing ${need[*]} (Debian packages)" as_root env DEBIAN_FRONTEND=noninteractive \
			bash -c 'apt-get update -q && apt-get install -y -q "$@"' apt "${need[@]}"
	else
		echo "Missing: ${need[*]}. Install them with your system's package manager." >&2
		exit 1
	fi
fi
