#!/usr/bin/env bash
# npm test: every layer on the real thing. Static checks first (fast feedback), then vitest,
# then PHPUnit on a fresh real WordPress 7.1 site against the OpenAI simulator, then the cluster
# (one site on MariaDB behind two web servers, with and without Redis), then Playwright.
# The release check builds the plugin zip and installs it into a fresh site.
# Set KEY_GUARD_TEST_ONLY=static|js|php|release|cluster|e2e to run one layer.
set -euo pipefail
cd "$(dirname "$0")/.."

only="${KEY_GUARD_TEST_ONLY:-}"
step() { printf '\n== %s ==\n' "$*"; }
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }

deps=(--browser)
want cluster && deps+=(--cluster)
bash scripts/ensure-deps.sh "${deps[@]}"

if want static; then
	step "TypeScript (tsc --noEmit)"
	npx tsc --noEmit -p .
	step "ESLint (wp-scripts lint-js)"
	npx wp-scripts lint-js src tests/js tests/support tests/cluster e2e scripts playwright.config.ts vitest.config.mts vitest.cluster.config.mts
	step "PHPCS (WordPress standards)"
	vendor/bin/phpcs -q --no-colors
	step "PHPStan (WordPress stubs)"
	vendor/bin/phpstan analyse --memory-limit=1G --no-progress
	step "Translation template is current"
	node scripts/make-pot.mjs --check
fi

if want js; then
	step "vitest (UI + simulator contract with the openai SDK)"
	npx vitest run
fi

if want php || want e2e; then
	step "Build"
	npm run build --silent
fi

if want php; then
	step "PHPUnit on real WordPress"
	sim_log=$(mktemp)
	# One process (tsx as a loader, not its wrapper), so killing $sim_pid really stops the simulator.
	node --import tsx tests/support/openai-simulator/cli.ts --port 0 >"$sim_log" 2>&1 &
	sim_pid=$!
	trap 'kill $sim_pid 2>/dev/null || true' EXIT
	for _ in $(seq 1 100); do grep -q 'listening on' "$sim_log" && break; sleep 0.1; done
	sim_url=$(grep -o 'http://[^ ]*/v1' "$sim_log" | head -n 1)
	[ -n "$sim_url" ] || { cat "$sim_log" >&2; echo "the OpenAI simulator did not start" >&2; exit 1; }
	# *.invalid is reachable so that a real DNS failure can be diagnosed (nothing resolves it).
	node scripts/make-site.mjs --dir .wp-sites/phpunit --url http://127.0.0.1:8899 --fresh \
		--define 'WP_ACCESSIBLE_HOSTS=127.0.0.1,localhost,*.invalid'
	KEY_GUARD_SIMULATOR_URL="$sim_url" vendor/bin/phpunit

	step "PHPUnit on a real WordPress network (multisite: only super admins manage the key)"
	# A subdirectory network (multisite refuses an address with a port; no HTTP is served here) with a
	# second site, the plugin network-activated. The suite runs again as the main site, minus the two
	# HTTP-client classes: they check the simulator's answers, the same on any site, and take ~35 s.
	node scripts/make-site.mjs --dir .wp-sites/phpunit-multisite --url http://127.0.0.1 --multisite --fresh \
		--define 'WP_ACCESSIBLE_HOSTS=127.0.0.1,localhost,*.invalid'
	KEY_GUARD_SIMULATOR_URL="$sim_url" KEY_GUARD_TEST_SITE="$PWD/.wp-sites/phpunit-multisite" \
		vendor/bin/phpunit --filter '/^(?!Key_Guard\\Tests\\(Faults_Test|Connection_Tester_Test)::)/'

	step "PHPUnit on WordPress 6.8 (Debian trixie), the oldest WordPress the plugin claims"
	# The same suite minus the same two classes; tests of core's Connectors and AI client (7.0+)
	# skip there, saying so.
	node scripts/make-site.mjs --dir .wp-sites/phpunit-wp6 --url http://127.0.0.1:8899 --fresh --wp trixie \
		--define 'WP_ACCESSIBLE_HOSTS=127.0.0.1,localhost,*.invalid'
	KEY_GUARD_SIMULATOR_URL="$sim_url" KEY_GUARD_TEST_SITE="$PWD/.wp-sites/phpunit-wp6" \
		vendor/bin/phpunit --filter '/^(?!Key_Guard\\Tests\\(Faults_Test|Connection_Tester_Test)::)/'
	kill $sim_pid 2>/dev/null || true
	trap - EXIT
fi

if want release; then
	step "Release zip: no development file; installs and activates in a fresh WordPress"
	node scripts/check-zip.mjs
fi

if want cluster; then
	step "Cluster: one site on MariaDB behind two web servers, parallel requests, with and without Redis"
	# Its own MariaDB, Redis and simulator, started and stopped by the tests (scripts/cluster.mjs).
	npx vitest run -c vitest.cluster.config.mts
fi

if want e2e; then
	step "Playwright in Chromium against real WordPress"
	npx playwright test
fi

step "All tests passed"
