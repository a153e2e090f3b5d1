#!/usr/bin/env bash
# Fetches real WordPress core without internet, from a Debian suite through the machine's own apt
# archive, and caches a self-contained tree: `sid` (7.1.x, the default) at <repo>/.wp-core/wordpress,
# `trixie` (6.8.x, the oldest WordPress the plugin claims) at <repo>/.wp-core/wordpress-trixie.
#
# Usage: [KEY_GUARD_WP_SUITE=sid|trixie] bash scripts/wp-core.sh [--force]
# The last line printed on stdout is the path of the core tree; progress goes to stderr.
set -euo pipefail

REPO="$( cd "$( dirname "${BASH_SOURCE[0]}" )/.." && pwd )"
CACHE="$REPO/.wp-core"
SUITE="${KEY_GUARD_WP_SUITE:-sid}"
case "$SUITE" in
	sid) CORE="$CACHE/wordpress"; MIN_VERSION="7.1" ;;
	trixie) CORE="$CACHE/wordpress-trixie"; MIN_VERSION="6.8" ;;
	*) echo "wp-core: error: KEY_GUARD_WP_SUITE is sid or trixie, got $SUITE" >&2; exit 1 ;;
esac
STAMP="$CORE/.key-guard-core"
SQLITE_ZIP="$REPO/node_modules/@wp-playground/cli/sqlite-database-integration.zip"

# Packages whose files the Debian core links into, plus the default theme.
PACKAGES=(
	wordpress
	wordpress-theme-twentytwentyfive
	libphp-phpmailer
	php-getid3
	libjs-jquery-ui
	libjs-lodash
	libjs-underscore
	libjs-cropper
	ca-certificates
)

log() { echo "wp-core: $*" >&2; }
die() { echo "wp-core: error: $*" >&2; exit 1; }

need_command() {
	command -v "$1" > /dev/null 2>&1 || die "$1 missing: $2"
}

# Places the SQLite Database Integration plugin (shipped inside @wp-playground/cli) in the core tree.
place_sqlite_plugin() {
	local core="$1" target="$1/wp-content/plugins/sqlite-database-integration"
	[ -f "$target/load.php" ] && return 0
	[ -f "$SQLITE_ZIP" ] || die "SQLite integration zip missing at node_modules/@wp-playground/cli: run npm ci"
	need_command unzip "apt-get install unzip"
	local tmp
	tmp="$( mktemp -d "$CACHE/sqlite.XXXXXX" )"
	unzip -q "$SQLITE_ZIP" -d "$tmp"
	local extracted
	extracted="$( find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1 )"
	[ -f "$extracted/load.php" ] || die "unexpected layout in $SQLITE_ZIP (no load.php)"
	rm -rf "$target"
	mv "$extracted" "$target"
	rm -rf "$tmp"
}

core_version() {
	sed -n "s/^\$wp_version = '\([^']*\)';.*/\1/p" "$1/wp-includes/version.php"
}

# True when version $1 >= $2.
version_at_least() {
	[ "$( printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1 )" = "$2" ]
}

check_core() {
	local core="$1" version
	[ -f "$core/wp-includes/version.php" ] || die "no wp-includes/version.php in $core"
	version="$( core_version "$core" )"
	version_at_least "$version" "$MIN_VERSION" || die "Debian $SUITE has WordPress $version; need >= $MIN_VERSION"
	if [ "$SUITE" = sid ]; then
		[ -f "$core/wp-includes/connectors.php" ] || die "WordPress $version has no wp-includes/connectors.php"
	fi
	echo "$version"
}

# The archive URI of the machine's own Debian sources (never hard-coded: mirrors differ per machine).
debian_archive_uri() {
	local uri=""
	if compgen -G '/etc/apt/sources.list.d/*.sources' > /dev/null; then
		uri="$( awk '
			/^URIs:/ { u = $2 }
			/^Suites:/ { if ( u != "" && $0 !~ /-security/ ) { print u; exit } }
			/^$/ { u = "" }
		' /etc/apt/sources.list.d/*.sources )"
	fi
	if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
		uri="$( awk '$1 == "deb" && $0 !~ /security/ {
			for ( i = 2; i <= NF; i++ ) if ( $i ~ /^[a-z]+:\/\// ) { print $i; exit }
		}' /etc/apt/sources.list )"
	fi
	[ -n "$uri" ] || die "no Debian archive URI found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"
	echo "$uri"
}

# Resolves a path inside the staging root component by component, so links to links work.
# $1: staging root; $2: absolute path as seen from inside the staging root.
resolve_in_stage() {
	local root="$1" path="$2" hops=0 current="" target
	local -a parts
	while :; do
		IFS='/' read -r -a parts <<< "${path#/}"
		current=""
		local i restarted=0
		for (( i = 0; i < ${#parts[@]}; i++ )); do
			local part="${parts[$i]}"
			case "$part" in
				'' | .) continue ;;
				..) current="${current%/*}"; continue ;;
			esac
			if [ -L "$root$current/$part" ]; then
				hops=$(( hops + 1 ))
				[ "$hops" -le 64 ] || return 1
				target="$( readlink "$root$current/$part" )"
				[ "${target:0:1}" = / ] || target="$current/$target"
				local rest=( "${parts[@]:$(( i + 1 ))}" )
				path="$target"
				[ ${#rest[@]} -gt 0 ] && path="$target/$( IFS=/; echo "${rest[*]}" )"
				restarted=1
				break
			fi
			current="$current/$part"
		done
		[ "$restarted" = 1 ] || break
	done
	echo "$current"
}

# Replaces every symlink under the core tree with a real copy of what it resolves to in the stage.
resolve_links() {
	local root="$1" tree="$1/usr/share/wordpress" link resolved pass
	for pass in 1 2 3 4 5; do
		local found=0
		while IFS= read -r -d '' link; do
			found=1
			resolved="$( resolve_in_stage "$root" "${link#"$root"}" )" || die "symlink loop at ${link#"$tree"/}"
			[ -e "$root$resolved" ] || die "unresolved symlink ${link#"$tree"/} -> $( readlink "$link" ) (a package it points into is not downloaded; add it to PACKAGES)"
			rm "$link"
			cp -a "$root$resolved" "$link"
		done < <( find "$tree" -type l -print0 )
		[ "$found" = 0 ] && return 0
	done
	die "symlinks still left in the core tree after 5 passes"
}

fetch_core() {
	need_command apt-get "this script needs Debian's apt"
	need_command dpkg-deb "this script needs Debian's dpkg"
	[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || die "Debian archive keyring missing: apt-get install debian-archive-keyring"

	local uri work
	uri="$( debian_archive_uri )"
	mkdir -p "$CACHE"
	work="$( mktemp -d "$CACHE/fetch.XXXXXX" )"
	WORK_DIR="$work"
	trap 'rm -rf "$WORK_DIR"' EXIT
	mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/stage"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $SUITE main" > "$work/sources.list"

	# Private sources, lists and cache: the machine's own apt setup is left untouched.
	local -a apt_options=(
		-o "Dir::Etc::sourcelist=$work/sources.list"
		-o "Dir::Etc::sourceparts=-"
		-o "Dir::State::Lists=$work/lists"
		-o "Dir::Cache=$work/cache"
		-o "APT::Sandbox::User=$( id -un )"
		-o "Debug::NoLocking=1"
	)
	log "reading Debian $SUITE package lists from $uri"
	apt-get "${apt_options[@]}" -qq update >&2 || die "apt-get update of Debian $SUITE failed (is $uri reachable?)"
	log "downloading ${PACKAGES[*]}"
	( cd "$work/debs" && apt-get "${apt_options[@]}" -qq download "${PACKAGES[@]}" >&2 ) || die "apt-get download failed"

	local deb
	for deb in "$work"/debs/*.deb; do
		dpkg-deb -x "$deb" "$work/stage"
	done

	# Debian builds the CA bundle at install time; WordPress's ca-bundle.crt links to it.
	mkdir -p "$work/stage/etc/ssl/certs"
	cat "$work"/stage/usr/share/ca-certificates/mozilla/*.crt > "$work/stage/etc/ssl/certs/ca-certificates.crt"

	resolve_links "$work/stage"
	local tree="$work/stage/usr/share/wordpress"
	# Debian's wp-config.php reads /etc/wordpress; each site writes its own.
	rm -f "$tree/wp-config.php"
	local version
	version="$( check_core "$tree" )"
	place_sqlite_plugin "$tree"
	echo "$version" > "$tree/.key-guard-core"

	# Publish with one rename; a concurrent run that finished first wins.
	if [ -f "$STAMP" ]; then
		log "another run cached the core meanwhile; keeping it"
		return 0
	fi
	rm -rf "$CORE"
	mv "$tree" "$CORE" || die "could not move the core into $CORE"
	log "WordPress $version cached"
}

if [ "${1:-}" = "--force" ]; then
	rm -rf "$CORE"
fi

if [ ! -f "$STAMP" ]; then
	fetch_core
fi
check_core "$CORE" > /dev/null
place_sqlite_plugin "$CORE"
echo "$CORE"
