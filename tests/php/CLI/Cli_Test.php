<?php
/**
 * Tests for wp key-guard, run with the real WP-CLI against the test site.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

require_once __DIR__ . '/../Usage/Resets_Usage.php';

/**
 * Each command in a WP-CLI process of its own (vendor/bin/wp, wp-cli/wp-cli from Packagist)
 * against this test site: what it prints, its exit code, and what it leaves in the database. The
 * key is never printed and never read from an argument.
 */
final class Cli_Test extends TestCase {

	use Resets_Usage;

	/**
	 * Empty usage tables and no limits.
	 */
	protected function set_up() {
		parent::set_up();
		self::reset_usage();
	}

	/**
	 * Leaves no rows behind.
	 */
	protected function tear_down() {
		self::reset_usage();
		parent::tear_down();
	}

	/**
	 * Set reads the key from STDIN, status shows its mask as JSON, delete removes it; the key is in
	 * no output.
	 */
	public function test_set_status_delete() {
		$key    = Sim_Keys::key( 'ok', 'cli' );
		$status = self::wp( array( 'key-guard', 'status', '--format=json' ) );
		$this->assertSame( 0, $status['code'], $status['err'] );
		$this->assertFalse( json_decode( $status['out'], true )['configured'] );

		$set = self::wp( array( 'key-guard', 'set' ), $key . "\n" );
		$this->assertSame( 0, $set['code'], $set['err'] );
		$this->assertStringContainsString( 'Key saved', $set['out'] );
		$this->assertStringNotContainsString( 'line breaks', $set['out'], 'the line end of the input is not part of the key' );
		$this->assertSame( $key, self::stored_key() );

		$status = json_decode( self::wp( array( 'key-guard', 'status', '--format=json' ) )['out'], true );
		$this->assertTrue( $status['configured'] );
		$this->assertSame( 'database', $status['source'] );
		$this->assertStringEndsWith( substr( $key, -4 ), $status['masked'] );

		$refused = self::wp( array( 'key-guard', 'delete' ), "y\n" );
		$this->assertSame( 1, $refused['code'], 'nobody at a terminal to confirm: a script must say --yes' );
		$this->assertStringContainsString( '--yes', $refused['err'] );
		$this->assertSame( $key, self::stored_key() );
		$deleted = self::wp( array( 'key-guard', 'delete', '--yes' ) );
		$this->assertSame( 0, $deleted['code'], $deleted['err'] );
		$this->assertSame( '', self::stored_key() );

		foreach ( array( $set, $status, $deleted ) as $run ) {
			$this->assertStringNotContainsString( substr( $key, 8, 20 ), (string) wp_json_encode( $run ) );
		}
	}

	/**
	 * On a network, --network sets, shows and removes the network key, which a site without its
	 * own then reports; with site keys refused, set on a site exits non-zero. On a single site,
	 * --network is refused in words.
	 */
	public function test_the_network_key() {
		$key = Sim_Keys::key( 'ok', 'cli-network' );
		if ( ! is_multisite() ) {
			$refused = self::wp( array( 'key-guard', 'status', '--network' ) );
			$this->assertSame( 1, $refused['code'] );
			$this->assertStringContainsString( 'not part of a network', $refused['err'] );
			return;
		}
		delete_network_option( null, 'key_guard_network' ); // Undecided: site keys refused once a network key is set.
		$set = self::wp( array( 'key-guard', 'set', '--network' ), $key );
		$this->assertSame( 0, $set['code'], $set['err'] );
		$this->assertStringContainsString( 'Network key saved', $set['out'] );
		$site = self::wp( array( 'key-guard', 'set' ), Sim_Keys::key( 'ok', 'cli-site' ) );
		$this->assertSame( 1, $site['code'] );
		$this->assertStringContainsString( 'network key', $site['err'] );
		$this->assertSame( $key, self::stored_key(), 'the network key, not a site key' );
		$network = json_decode( self::wp( array( 'key-guard', 'status', '--network', '--format=json' ) )['out'], true );
		$this->assertSame( array( true, 'network', false ), array( $network['configured'], $network['source'], $network['allow_site_keys'] ) );
		$status = json_decode( self::wp( array( 'key-guard', 'status', '--format=json' ) )['out'], true );
		$this->assertSame( array( 'network', false ), array( $status['source'], $status['editable'] ) );
		$this->assertStringEndsWith( substr( $key, -4 ), $status['masked'] );

		$deleted = self::wp( array( 'key-guard', 'delete', '--network', '--yes' ) );
		$this->assertSame( 0, $deleted['code'], $deleted['err'] );
		$this->assertFalse( json_decode( self::wp( array( 'key-guard', 'status', '--network', '--format=json' ) )['out'], true )['configured'] );
		foreach ( array( $set, $deleted ) as $run ) {
			$this->assertStringNotContainsString( substr( $key, 8, 20 ), (string) wp_json_encode( $run ) );
		}
	}

	/**
	 * A refused key, a key given as an argument, and a key set by OPENAI_API_KEY exit non-zero and
	 * change nothing.
	 */
	public function test_refusals_exit_non_zero_and_keep_the_key() {
		$key = Sim_Keys::key( 'ok', 'kept' );
		$this->assertSame( 0, self::wp( array( 'key-guard', 'set' ), $key )['code'] );

		$bad = self::wp( array( 'key-guard', 'set' ), 'not a key' );
		$this->assertSame( 1, $bad['code'] );
		$this->assertStringContainsString( 'Error:', $bad['err'] );
		$this->assertSame( $key, self::stored_key() );

		$argument = self::wp( array( 'key-guard', 'set', Sim_Keys::key( 'ok', 'argument' ) ) );
		$this->assertSame( 1, $argument['code'] );
		$this->assertStringContainsString( 'history', $argument['err'] );
		$this->assertStringNotContainsString( substr( Sim_Keys::key( 'ok', 'argument' ), 8, 30 ), $argument['out'] . $argument['err'], 'the refusal does not repeat the key' );
		$this->assertSame( $key, self::stored_key() );

		putenv( 'OPENAI_API_KEY=' . Sim_Keys::key( 'ok', 'env' ) );
		$env = self::wp( array( 'key-guard', 'set' ), '' );
		$this->assertSame( 1, $env['code'] );
		$this->assertStringContainsString( 'OPENAI_API_KEY', $env['err'], 'said before any key is read' );
		$this->assertSame( 'env', json_decode( self::wp( array( 'key-guard', 'status', '--format=json' ) )['out'], true )['source'] );
		$this->assertSame( 1, self::wp( array( 'key-guard', 'delete', '--yes' ) )['code'] );
	}

	/**
	 * Test runs the same check as the screen: exit 0 only when connected, ok/code/message as JSON.
	 */
	public function test_the_connection_test() {
		$none = self::wp( array( 'key-guard', 'test', '--format=json' ) );
		$this->assertSame( 1, $none['code'] );
		$this->assertSame( 'no_key', json_decode( $none['out'], true )['code'] );

		self::wp( array( 'key-guard', 'set' ), Sim_Keys::key( 'ok', 'cli-test' ) );
		$ok = self::wp( array( 'key-guard', 'test', '--format=json' ) );
		$this->assertSame( 0, $ok['code'], $ok['err'] );
		$this->assertSame( array( true, 'connected' ), array( json_decode( $ok['out'], true )['ok'], json_decode( $ok['out'], true )['code'] ) );

		self::wp( array( 'key-guard', 'set' ), Sim_Keys::key( 'invalid_key', 'cli-test' ) );
		$failed = self::wp( array( 'key-guard', 'test', '--format=json' ) );
		$this->assertSame( 1, $failed['code'] );
		$this->assertSame( 'invalid_key', json_decode( $failed['out'], true )['code'] );
		$this->assertNotSame( '', json_decode( $failed['out'], true )['message'] );

		$this->assertSame( 1, self::wp( array( 'key-guard', 'test', '--model=not a model' ) )['code'] );
	}

	/**
	 * Usage, limits and callers: the same data and checks as the REST API.
	 */
	public function test_usage_limits_and_callers() {
		self::kg( 'usage' )->add(
			wp_date( 'Y-m-d' ),
			'gpt-4o-mini',
			'hello-dolly',
			array(
				'requests'    => 3,
				'cost_micros' => 1500,
			)
		);
		$usage = json_decode( self::wp( array( 'key-guard', 'usage', '--group=caller', '--format=json' ) )['out'], true );
		$this->assertSame( 3, $usage['totals']['requests'] );
		$this->assertSame( 'hello-dolly', $usage['rows'][0]['key'] );
		$this->assertSame( 1, self::wp( array( 'key-guard', 'usage', '--from=2026-02-30' ) )['code'] );
		$bad_end = self::wp( array( 'key-guard', 'usage', '--to=2026-13-01' ) );
		$this->assertSame( 1, $bad_end['code'] );
		$this->assertStringContainsString( 'to is not a day', $bad_end['err'], 'the end given is named, not the one taken from it' );

		$set = self::wp( array( 'key-guard', 'limits', 'set', '--monthly_budget_usd=12.5', '--requests_per_day=100', '--unknown_callers=approve' ) );
		$this->assertSame( 0, $set['code'], $set['err'] );
		$limits = self::kg( 'limits' )->get();
		$this->assertSame( array( 12.5, 100, 'approve' ), array( $limits['monthly_budget_usd'], $limits['requests_per_day'], $limits['unknown_callers'] ) );

		$bad = self::wp( array( 'key-guard', 'limits', 'set', '--requests_per_day=-3', '--monthly_budget_usd=none' ) );
		$this->assertSame( 1, $bad['code'] );
		$this->assertStringContainsString( 'requests_per_day', $bad['err'] );
		$this->assertSame( 12.5, self::kg( 'limits' )->get()['monthly_budget_usd'], 'all or nothing' );
		$this->assertSame( 1, self::wp( array( 'key-guard', 'limits', 'set', '--no_such_limit=1' ) )['code'] );

		// Turning approval on approved the callers already in use; a new one waits.
		self::kg( 'usage' )->add( wp_date( 'Y-m-d' ), 'gpt-4o-mini', 'new-plugin', array( 'blocked' => 1 ) );
		$list = array_column( json_decode( self::wp( array( 'key-guard', 'callers', '--format=json' ) )['out'], true ), null, 'caller' );
		$this->assertSame( array( 'yes', 'no' ), array( $list['hello-dolly']['approved'], $list['hello-dolly']['waiting'] ) );
		$this->assertSame( array( 'no', 'yes' ), array( $list['new-plugin']['approved'], $list['new-plugin']['waiting'] ) );
		$this->assertSame( 0, self::wp( array( 'key-guard', 'callers', 'approve', 'new-plugin' ) )['code'] );
		$this->assertTrue( self::kg( 'limits' )->get()['callers']['new-plugin']['approved'] );
		$this->assertSame( 0, self::wp( array( 'key-guard', 'callers', 'deny', 'hello-dolly' ) )['code'] );
		$this->assertFalse( self::kg( 'limits' )->get()['callers']['hello-dolly']['approved'] );
		$this->assertSame( 1, self::wp( array( 'key-guard', 'callers', 'approve', '../etc' ) )['code'] );
	}

	/**
	 * The stored key as WordPress hands it out, read afresh (the command wrote it in another process).
	 *
	 * @return string
	 */
	private static function stored_key() {
		wp_cache_flush();
		self::kg( 'option' )->forget_answers();
		return (string) get_option( 'connectors_ai_openai_api_key', '' );
	}

	/**
	 * Runs wp with the test site, as root (the machine's user), PHP's deprecation notices of
	 * WP-CLI's own libraries on STDERR.
	 *
	 * @param string[] $args  The command and its arguments.
	 * @param string   $stdin What is piped in.
	 * @return array{code: int, out: string, err: string}
	 */
	private static function wp( array $args, $stdin = '' ) {
		$command = array_merge(
			array( PHP_BINARY, '-d', 'display_errors=stderr', dirname( __DIR__, 3 ) . '/vendor/wp-cli/wp-cli/php/boot-fs.php', '--allow-root', '--path=' . untrailingslashit( ABSPATH ) ),
			is_multisite() ? array( '--url=' . home_url( '/' ) ) : array(),
			$args
		);
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- the real WP-CLI, a process of its own.
		$process = proc_open( $command, array( array( 'pipe', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ), $pipes );
		fwrite( $pipes[0], $stdin ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- a pipe.
		fclose( $pipes[0] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- a pipe.
		$out  = (string) stream_get_contents( $pipes[1] );
		$err  = (string) stream_get_contents( $pipes[2] );
		$code = proc_close( $process );
		wp_cache_flush();
		return compact( 'code', 'out', 'err' );
	}
}
