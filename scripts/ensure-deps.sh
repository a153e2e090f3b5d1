#!/usr/bin/env bash
# Installs what `npm start` / `npm test` need on a fresh machine, and only what is missing:
# npm and Composer dependencies, and (as root, or with sudo, on Debian) the PHP extensions and
# Chromium. Usage: scripts/ensure-deps.sh [--browser] [--cluster]
# --browser adds Chromium; --cluster adds the cluster tests' MariaDB and Redis (servers, clients and
# PHP's mysqli and redis extensions).
# With KEY_GUARD_DEPS_LOG=FILE the installers' own output (npm's engine warnings, Composer, apt)
# goes to FILE and one line per step reaches stderr; a failing step also prints the end of FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

browser=0
cluster=0
for flag in "$@"; do
	case "$flag" in
		--browser) browser=1 ;;
		--cluster) cluster=1 ;;
		*) echo "ensure-deps: unknown flag $flag (usage: scripts/ensure-deps.sh [--browser] [--cluster])" >&2; exit 2 ;;
	esac
done

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
# Usage: need_extension EXTENSION PACKAGE_SUFFIX (php8.2-SUFFIX for PHP 8.2).
need_extension() {
	php -r "exit(extension_loaded('$1') ? 0 : 1);" || need+=("php$(php -r 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;')-$2")
}
# Usage: need_program PROGRAM PACKAGE (sbin folders too: mariadbd is there, off a user's PATH).
need_program() {
	PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null || need+=("$2")
}
if command -v php >/dev/null; then
	need_extension pdo_sqlite sqlite3
	need_extension curl curl
	if [ "$cluster" = 1 ]; then
		need_extension mysqli mysql
		need_extension redis redis
	fi
fi
need_program unzip unzip
if [ "$cluster" = 1 ]; then
	need_program mariadbd mariadb-server
	need_program mariadb mariadb-client
	need_program redis-server redis-server
	need_program redis-cli redis-tools
fi
if [ "$browser" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
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
