<?php
/**
 * Tests for Model_Choice, Model_Catalog and Model_List: the data, the order, the cache.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Connection\Model_Catalog;
use Key_Guard\Connection\Model_List;

require_once __DIR__ . '/Observes_Http.php';

/**
 * Which model a test uses, which one it suggests, and what it remembers per key.
 */
final class Model_Choice_Test extends TestCase {

	use Observes_Http;

	/**
	 * Starts with no kept models list and no filters of ours.
	 */
	protected function set_up() {
		parent::set_up();
		$this->observe_http();
	}

	/**
	 * Removes the filters a test added.
	 */
	protected function tear_down() {
		$this->stop_observing_http();
		foreach ( array( 'key_guard_test_models', 'key_guard_model_retirements', 'key_guard_model_reasoning', 'key_guard_default_model' ) as $hook ) {
			remove_all_filters( $hook );
		}
		parent::tear_down();
	}

	/**
	 * Replaces the catalog's test models and retirements for one test.
	 *
	 * @param string[] $models      Test models, cheapest first.
	 * @param array    $retirements Model => {shutdown, replacement, source}.
	 */
	private static function catalog( array $models, array $retirements = array() ) {
		add_filter(
			'key_guard_test_models',
			static function () use ( $models ) {
				return $models;
			}
		);
		add_filter(
			'key_guard_model_retirements',
			static function () use ( $retirements ) {
				return $retirements;
			}
		);
	}

	/**
	 * The shipped data file is dated, lists test models and dates every retirement, and no model
	 * name is written in the plugin's PHP.
	 */
	public function test_the_shipped_data_is_dated_and_the_only_place_for_model_names() {
		$catalog = self::kg( 'catalog' );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}$/', $catalog->as_of() );
		$models = $catalog->test_models();
		$this->assertGreaterThanOrEqual( 3, count( $models ) );
		$data = json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . '/data/models.json' ), true );
		foreach ( $data['models'] as $model => $facts ) {
			if ( isset( $facts['retirement'] ) ) {
				$this->assertNotNull( $catalog->retirement( $model ), "$model has a readable shutdown date." );
			}
		}
		$php = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( dirname( __DIR__, 3 ) . '/php', \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $php as $file ) {
			foreach ( array_merge( $models, array_keys( $data['models'] ) ) as $model ) {
				$this->assertStringNotContainsString( $model, (string) file_get_contents( (string) $file ), "$file names the model $model: it belongs in data/models.json." );
			}
		}
	}

	/**
	 * The site's choice is '' by default (each test chooses); a filter or the request names one.
	 */
	public function test_the_requested_model_wins_then_the_filter_then_the_choice() {
		$choice = self::kg( 'models' );
		$this->assertSame( '', $choice->default_model() );
		$this->assertSame( '', $choice->requested( null ) );
		$this->assertSame( 'gpt-x', $choice->requested( 'gpt-x' ) );
		add_filter(
			'key_guard_default_model',
			static function () {
				return 'gpt-site';
			}
		);
		$this->assertSame( 'gpt-site', $choice->default_model() );
		$this->assertSame( 'gpt-site', $choice->requested( null ) );
		$this->assertSame( 'gpt-x', $choice->requested( 'gpt-x' ) );
		add_filter(
			'key_guard_default_model',
			static function () {
				return "bad\nname";
			},
			20
		);
		$this->assertSame( '', $choice->default_model() );
	}

	/**
	 * With a models list: the cheapest listed test model with no announced shutdown first, then the
	 * retiring ones, then those past their date; models the key cannot see never.
	 */
	public function test_candidates_follow_the_list_and_put_retiring_models_last() {
		self::catalog(
			array( 'm-past', 'm-soon', 'm-a', 'm-hidden', 'm-b', 'm-listed-soon' ),
			array(
				'm-past' => array(
					'shutdown' => gmdate( 'Y-m-d', time() - 30 * DAY_IN_SECONDS ),
					'source'   => 'openai',
				),
				'm-soon' => array(
					'shutdown' => gmdate( 'Y-m-d', time() + 30 * DAY_IN_SECONDS ),
					'source'   => 'reported',
				),
			)
		);
		$listed = array(
			'm-b'           => null,
			'm-a'           => null,
			'm-soon'        => null,
			'm-past'        => null,
			'm-listed-soon' => time() + DAY_IN_SECONDS,
			'other'         => null,
		);
		$choice = self::kg( 'models' );
		$this->assertSame( array( 'm-a', 'm-b', 'm-soon', 'm-listed-soon', 'm-past' ), $choice->candidates( $listed ) );
		$this->assertSame( array( 'm-a', 'm-hidden', 'm-b', 'm-listed-soon', 'm-soon', 'm-past' ), $choice->candidates( null ) );
		$this->assertSame( 'm-b', $choice->suggestion( $listed, array( 'm-a' ) ) );
		$this->assertSame( 'other', $choice->suggestion( array( 'other' => null ), array( 'm-a' ) ) );
		$this->assertNull( $choice->suggestion( null, array( 'm-a' ) ) );
	}

	/**
	 * A retirement comes from OpenAI's answer first, else the data; the replacement from the data,
	 * else a test model the key can see that is not retiring.
	 */
	public function test_retirement_sources_and_replacements() {
		self::catalog(
			array( 'm-new', 'm-old' ),
			array(
				'm-old'  => array(
					'shutdown'    => '2031-02-03',
					'replacement' => 'm-new',
					'source'      => 'reported',
				),
				'm-gone' => array(
					'shutdown'    => '2020-01-01',
					'replacement' => null,
					'source'      => 'openai',
				),
			)
		);
		$choice = self::kg( 'models' );
		$this->assertSame(
			array(
				'model'       => 'm-old',
				'shutdown'    => gmmktime( 0, 0, 0, 2, 3, 2031 ),
				'replacement' => 'm-new',
				'source'      => 'reported',
			),
			$choice->retirement( 'm-old', null )
		);
		$listed = array(
			'm-new'  => null,
			'm-gone' => 1900000000,
		);
		$this->assertSame(
			array(
				'model'       => 'm-gone',
				'shutdown'    => 1900000000,
				'replacement' => 'm-new',
				'source'      => 'openai',
			),
			$choice->retirement( 'm-gone', 1900000000, $listed )
		);
		$this->assertNull( $choice->retirement( 'm-new', null, $listed ) );
	}

	/**
	 * The test request carries the model's lowest reasoning effort from the data, or none.
	 */
	public function test_request_body_carries_the_lowest_reasoning_effort() {
		$choice = self::kg( 'models' );
		$first  = self::kg( 'catalog' )->test_models()[0];
		$effort = self::kg( 'catalog' )->reasoning( $first );
		$this->assertNotNull( $effort, 'The first test model of the data reasons.' );
		$this->assertSame(
			array(
				'model'             => $first,
				'input'             => 'ping',
				'max_output_tokens' => 16,
				'store'             => false,
				'reasoning'         => array( 'effort' => $effort ),
			),
			$choice->request_body( $first )
		);
		$this->assertArrayNotHasKey( 'reasoning', $choice->request_body( $first, false ) );
		$this->assertArrayNotHasKey( 'reasoning', $choice->request_body( 'unknown-model' ) );
		add_filter(
			'key_guard_model_reasoning',
			static function ( $effort, $model ) {
				return 'unknown-model' === $model ? 'low' : $effort;
			},
			10,
			2
		);
		$this->assertSame( array( 'effort' => 'low' ), $choice->request_body( 'unknown-model' )['reasoning'] );
	}

	/**
	 * A models list answer is read with optional shutdown dates in either form; anything else is not a list.
	 */
	public function test_models_list_answers_are_read() {
		$body = wp_json_encode(
			array(
				'object' => 'list',
				'data'   => array(
					array( 'id' => 'a' ),
					array(
						'id'            => 'b',
						'shutdown_date' => 1799884800,
					),
					array(
						'id'            => 'c',
						'shutdown_date' => '2027-01-14',
					),
					array( 'id' => "bad\nid" ),
					'junk',
				),
			)
		);
		$this->assertSame(
			array(
				'a' => null,
				'b' => 1799884800,
				'c' => 1799884800,
			),
			Model_List::parse( $body )
		);
		$this->assertSame( array( 'x' => null ), Model_List::parse( '{"id":"x","object":"model"}' ) );
		$this->assertNull( Model_List::parse( '<html>' ) );
		$this->assertNull( Model_List::parse( '{"error":{"message":"no"}}' ) );
		$this->assertNull( Model_Catalog::time( 'soon' ) );
	}

	/**
	 * A key's list is kept under its keyed fingerprint: never the key in the name or the value, one
	 * entry per key, gone when forgotten.
	 */
	public function test_the_list_is_kept_per_key_fingerprint_without_the_key() {
		global $wpdb;
		$lists = self::kg( 'lists' );
		$key   = Sim_Keys::key( 'ok', 'cache' . wp_rand() );
		$other = Sim_Keys::key( 'ok', 'other' . wp_rand() );
		$lists->remember( $key, array( 'gpt-x' => null ) );
		$this->assertSame( array( 'gpt-x' => null ), $lists->cached( $key ) );
		$this->assertNull( $lists->cached( $other ) );
		$rows = $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE '%key\\_guard\\_models\\_%'", ARRAY_A );
		$this->assertNotEmpty( $rows );
		foreach ( $rows as $row ) {
			foreach ( array( $key, substr( $key, 8, 20 ), substr( $key, -20 ) ) as $piece ) {
				$this->assertStringNotContainsString( $piece, $row['option_name'] . $row['option_value'] );
			}
		}
		$this->assertStringContainsString( self::kg( 'meta' )->fingerprint( $key ), implode( ' ', wp_list_pluck( $rows, 'option_name' ) ) );
		$lists->forget( $key );
		$this->assertNull( $lists->cached( $key ) );
	}
}
