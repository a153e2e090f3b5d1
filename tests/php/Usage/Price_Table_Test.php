<?php
/**
 * Tests for the price table.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Price_Table;

/**
 * Costs in micro-dollars from data/prices.json: cached input at the cached price, snapshots at
 * their base model's price, tiers only where priced, unknown models unpriced, and the filter.
 */
final class Price_Table_Test extends TestCase {

	/**
	 * A table over the shipped data file.
	 *
	 * @return Price_Table
	 */
	private static function table() {
		return new Price_Table( dirname( __DIR__, 3 ) . '/data/prices.json' );
	}

	/**
	 * Removes the filters a test added.
	 */
	protected function tear_down() {
		remove_all_filters( 'key_guard_prices' );
		parent::tear_down();
	}

	/**
	 * The data is dated, and every entry is a valid price.
	 */
	public function test_the_shipped_table_is_dated_and_valid() {
		$table = self::table();
		$this->assertMatchesRegularExpression( '/^\d{4}-\d{2}-\d{2}$/', $table->as_of() );
		$data = json_decode( (string) file_get_contents( dirname( __DIR__, 3 ) . '/data/prices.json' ), true );
		$this->assertNotEmpty( $data['models'] );
		foreach ( array_keys( $data['models'] ) as $model ) {
			$this->assertNotNull( $table->prices( $model ), "$model has valid prices" );
		}
	}

	/**
	 * Cost cases: model, tier, usage, expected micro-dollars (hand-computed from the table).
	 *
	 * @return array<string, array{0: string, 1: string|null, 2: array, 3: int|null}>
	 */
	public function cost_cases() {
		return array(
			// 1,000 × 0.15 + 0 + 500 × 0.60 = 450 µ$.
			'plain'                       => array(
				'gpt-4o-mini',
				null,
				array(
					'input_tokens'  => 1000,
					'output_tokens' => 500,
				),
				450,
			),
			// (1,000 − 400) × 0.15 + 400 × 0.075 + 500 × 0.60 = 90 + 30 + 300.
			'cached part of the input'    => array(
				'gpt-4o-mini',
				null,
				array(
					'input_tokens'  => 1000,
					'cached_tokens' => 400,
					'output_tokens' => 500,
				),
				420,
			),
			'a dated snapshot'            => array(
				'gpt-4o-mini-2024-07-18',
				'default',
				array(
					'input_tokens'  => 1000,
					'output_tokens' => 500,
				),
				450,
			),
			'upper case'                  => array(
				'GPT-4o-mini',
				null,
				array(
					'input_tokens'  => 1000,
					'output_tokens' => 500,
				),
				450,
			),
			// (1,000 − 200 − 300) × 0.10 + 200 × 0.01 + 300 × 0.125 + 100 × 0.50 = 50 + 2 + 37.5 + 50.
			'cache writes at their price' => array(
				'gpt-6-luna',
				null,
				array(
					'input_tokens'       => 1000,
					'cached_tokens'      => 200,
					'cache_write_tokens' => 300,
					'output_tokens'      => 100,
				),
				140,
			),
			// Without a cache-write price, written tokens cost the input price: as plain input.
			'cache writes, no price'      => array(
				'gpt-4o-mini',
				null,
				array(
					'input_tokens'       => 1000,
					'cache_write_tokens' => 1000,
					'output_tokens'      => 500,
				),
				450,
			),
			// 2,000,000 × 0.02 = 40,000 µ$ = 4 cents; embeddings bill input only.
			'embeddings'                  => array( 'text-embedding-3-small', null, array( 'input_tokens' => 2000000 ), 40000 ),
			'a tier the table lacks'      => array(
				'gpt-4o-mini',
				'flex',
				array(
					'input_tokens'  => 1000,
					'output_tokens' => 500,
				),
				450,
			),
			'cached above input capped'   => array(
				'gpt-4o-mini',
				null,
				array(
					'input_tokens'  => 100,
					'cached_tokens' => 900,
				),
				8,
			),
			'negative counts are zero'    => array(
				'gpt-4o-mini',
				null,
				array(
					'input_tokens'  => -5,
					'output_tokens' => -1,
				),
				0,
			),
			'unknown model'               => array( 'gpt-99-ultra', null, array( 'input_tokens' => 1000 ), null ),
			'not a snapshot'              => array( 'gpt-4o-mini-preview', null, array( 'input_tokens' => 1000 ), null ),
		);
	}

	/**
	 * Each case costs what it should.
	 *
	 * @dataProvider cost_cases
	 *
	 * @param string      $model    Model.
	 * @param string|null $tier     Service tier.
	 * @param array       $usage    Usage.
	 * @param int|null    $expected Micro-dollars, or null for unpriced.
	 */
	public function test_costs( $model, $tier, array $usage, $expected ) {
		$this->assertSame( $expected, self::table()->cost_micros( $model, $tier, $usage ) );
	}

	/**
	 * The filter overrides prices, adds tier prices, and bad entries count as unpriced.
	 */
	public function test_the_filter_overrides_and_adds_tiers() {
		add_filter(
			'key_guard_prices',
			static function ( array $models ) {
				$models['gpt-4o-mini']['tiers'] = array(
					'flex'     => array(
						'input'  => 0.075,
						'cached' => 0.0375,
						'output' => 0.3,
					),
					'priority' => array( 'input' => 'a lot' ),
				);
				$models['house-model']          = array(
					'input'  => 1,
					'output' => 2,
				);
				$models['broken']               = array( 'input' => -1 );
				$models['gpt-4o']               = 'free';
				return $models;
			}
		);
		$table = self::table();
		$usage = array(
			'input_tokens'  => 1000,
			'output_tokens' => 500,
		);
		$this->assertSame( 225, $table->cost_micros( 'gpt-4o-mini', 'flex', $usage ), 'the flex tier at its own prices' );
		$this->assertSame( 450, $table->cost_micros( 'gpt-4o-mini', 'priority', $usage ), 'a tier with wrong prices falls back to the default prices' );
		$this->assertSame( 2000, $table->cost_micros( 'house-model', null, $usage ) );
		$this->assertNull( $table->cost_micros( 'broken', null, $usage ) );
		$this->assertNull( $table->cost_micros( 'gpt-4o', null, $usage ) );
	}
}
