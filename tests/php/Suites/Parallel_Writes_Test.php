<?php
/**
 * Parallel requests writing the same options: nothing written by one is lost to another.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Audit\Audit_Log;
use Key_Guard\Key\Environment_Type;

/**
 * Starts WORKERS PHP processes on the test site (tests/php/Suites/parallel-writer.php), each a request
 * of its own that loads WordPress, waits for the others, then writes the same option several times.
 * Each option is read, changed and written back (a list of events, a map of keys, the metadata): two
 * requests that both read before either writes would lose one write without serialisation.
 */
final class Parallel_Writes_Test extends TestCase {

	/** Processes started at once. */
	const WORKERS = 12;

	/** Writes per process. */
	const WRITES = 4;

	/**
	 * Every event recorded by parallel requests is kept, and an event recorded "once" by all of them
	 * is recorded exactly once.
	 */
	public function test_parallel_events_are_all_kept() {
		$workers = array();
		for ( $p = 0; $p < self::WORKERS; $p++ ) {
			$writes = array(
				array(
					'op'  => 'record_once',
					'ref' => 'same_row',
				),
			);
			for ( $k = 0; $k < self::WRITES; $k++ ) {
				$writes[] = array(
					'op'      => 'record',
					'outcome' => "w{$p}_{$k}",
				);
			}
			$workers[] = self::worker( 'local', $writes );
		}
		$this->run_workers( $workers );

		$events   = get_option( Audit_Log::OPTION );
		$outcomes = wp_list_pluck( wp_list_filter( $events, array( 'event' => 'tested' ) ), 'outcome' );
		sort( $outcomes );
		$expected = array();
		for ( $p = 0; $p < self::WORKERS; $p++ ) {
			for ( $k = 0; $k < self::WRITES; $k++ ) {
				$expected[] = "w{$p}_{$k}";
			}
		}
		sort( $expected );
		$this->assertSame( $expected, $outcomes, 'every event of every request is kept' );
		$this->assertCount( 1, wp_list_filter( $events, array( 'event' => 'failed_decrypt' ) ), 'recorded once, not once per request' );
	}

	/**
	 * Keys prepared by parallel requests for the four environment types are all kept, each slot
	 * holding the last key one of its writers saved (never an older one brought back by a stale read).
	 */
	public function test_parallel_prepared_keys_are_all_kept() {
		$types   = Environment_Type::TYPES;
		$workers = array();
		$last    = array_fill_keys( $types, array() );
		for ( $p = 0; $p < self::WORKERS; $p++ ) {
			$slot   = $types[ $p % 4 ];
			$writes = array();
			for ( $k = 0; $k < self::WRITES; $k++ ) {
				$writes[] = array(
					'op'   => 'prepare',
					'type' => $slot,
					'key'  => Sim_Keys::key( 'ok', "parallel-{$p}-{$k}" ),
				);
			}
			$last[ $slot ][] = Sim_Keys::key( 'ok', "parallel-{$p}-" . ( self::WRITES - 1 ) );
			// A request cannot prepare its own environment type's key: it runs as the next type.
			$workers[] = self::worker( $types[ ( $p + 1 ) % 4 ], $writes );
		}
		$this->run_workers( $workers );

		$environments = self::kg( 'environments' );
		foreach ( $types as $type ) {
			$this->assertContains( $environments->key( $type ), $last[ $type ], "the $type key is the last one a request saved" );
		}
	}

	/**
	 * Test results recorded by parallel requests (for the stored key and for a key from the
	 * environment) and a copy's confirmation never undo one another, nor the key's metadata.
	 */
	public function test_parallel_test_results_are_all_kept() {
		$admin  = self::user( 'administrator' );
		$stored = Sim_Keys::key( 'ok', 'parallel-stored' );
		$env    = Sim_Keys::key( 'ok', 'parallel-env' );
		self::kg( 'store' )->save( $stored, $admin );
		$saved_at = get_option( 'key_guard_key_meta' )['saved_at'];

		$workers = array();
		$last    = array(
			'inside'  => array(),
			'outside' => array(),
			'confirm' => array(),
		);
		for ( $p = 0; $p < self::WORKERS; $p++ ) {
			$kind   = array_keys( $last )[ $p % 3 ];
			$writes = array();
			for ( $k = 0; $k < self::WRITES; $k++ ) {
				$id       = "{$kind}-{$p}-{$k}";
				$writes[] = 'confirm' === $kind ? array(
					'op'   => 'confirm',
					'here' => $id,
				) : array(
					'op'  => 'record_test',
					'id'  => $id,
					'key' => 'inside' === $kind ? $stored : $env,
				);
			}
			$last[ $kind ][] = $id;
			$workers[]       = self::worker( 'local', $writes, 'outside' === $kind ? $env : '' );
		}
		$this->run_workers( $workers );

		$meta = self::kg( 'meta' )->read();
		$this->assertTrue( self::kg( 'meta' )->describes( $stored ), 'still the stored key\'s metadata' );
		$this->assertSame( $admin, $meta['saved_by'] );
		$this->assertSame( $saved_at, $meta['saved_at'] );
		$this->assertContains( $meta['last_test']['id'] ?? null, $last['inside'], 'the stored key\'s last test' );
		$this->assertContains( $meta['outside_test']['result']['id'] ?? null, $last['outside'], 'the env key\'s last test' );
		$this->assertContains( $meta['confirmed'], $last['confirm'], 'the last confirmation' );
	}

	/**
	 * One worker's part of the plan.
	 *
	 * @param string $environment Its environment type.
	 * @param array  $writes      What it writes, in order.
	 * @param string $env_key     OPENAI_API_KEY in its environment ('' for none).
	 * @return array
	 */
	private static function worker( $environment, array $writes, $env_key = '' ) {
		return array(
			'environment' => $environment,
			'env_key'     => $env_key,
			'writes'      => $writes,
		);
	}

	/**
	 * Starts every worker at once, waits for all, and fails on any worker's error; the cache of
	 * this process is dropped afterwards (the database changed behind it).
	 *
	 * @param array $workers The workers' plans.
	 */
	private function run_workers( array $workers ) {
		$dir = sys_get_temp_dir() . '/key-guard-parallel-' . wp_generate_password( 8, false );
		mkdir( $dir . '/barrier', 0700, true );
		$plan = $dir . '/plan.json';
		file_put_contents(
			$plan,
			wp_json_encode(
				array(
					'site'    => untrailingslashit( ABSPATH ),
					'barrier' => $dir . '/barrier',
					'workers' => $workers,
				)
			)
		);
		$running = array();
		foreach ( array_keys( $workers ) as $index ) {
			$command   = array( PHP_BINARY, __DIR__ . '/parallel-writer.php', $plan, (string) $index );
			$running[] = array(
				// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- a test starts requests of its own.
				'process' => proc_open( $command, array( array( 'file', '/dev/null', 'r' ), array( 'file', "$dir/out-$index", 'w' ), array( 'file', "$dir/err-$index", 'w' ) ), $pipes ),
				'index'   => $index,
			);
		}
		$failures = array();
		foreach ( $running as $worker ) {
			$code = proc_close( $worker['process'] );
			$err  = trim( (string) file_get_contents( "$dir/err-{$worker['index']}" ) . file_get_contents( "$dir/out-{$worker['index']}" ) );
			if ( 0 !== $code || '' !== $err ) {
				$failures[] = "worker {$worker['index']} exited $code: $err";
			}
		}
		array_map( 'unlink', array_merge( (array) glob( "$dir/barrier/*" ), (array) glob( "$dir/*.*" ), (array) glob( "$dir/out-*" ), (array) glob( "$dir/err-*" ) ) );
		rmdir( "$dir/barrier" );
		rmdir( $dir );
		$this->assertSame( array(), $failures );
		wp_cache_flush();
	}
}
