<?php
/**
 * Tests for the usage table.
 *
 * @package Key_Guard
 */

namespace Key_Guard\Tests;

use Key_Guard\Usage\Usage_Table;

/**
 * The table is created (again without harm), counts add up through its one-statement upsert, each
 * day × model × caller has its own row, wrong input writes nothing, and drop removes it.
 */
final class Usage_Table_Test extends TestCase {

	/**
	 * The table under test, freshly installed.
	 *
	 * @var Usage_Table
	 */
	private $table;

	/**
	 * Installs the table.
	 */
	protected function set_up() {
		parent::set_up();
		$this->table = new Usage_Table();
		$this->table->drop();
		$this->table->install();
	}

	/**
	 * Leaves the plugin's table as installed, and empty.
	 */
	protected function tear_down() {
		$this->table->drop();
		$this->table->install();
		parent::tear_down();
	}

	/**
	 * Counts add up in one row per day, model and caller.
	 */
	public function test_counts_add_up_per_day_model_and_caller() {
		$this->assertTrue( $this->table->exists() );
		$one = array(
			'requests'         => 1,
			'input_tokens'     => 1200,
			'cached_tokens'    => 1024,
			'output_tokens'    => 300,
			'reasoning_tokens' => 256,
			'cost_micros'      => 450,
		);
		for ( $i = 0; $i < 3; $i++ ) {
			$this->assertTrue( $this->table->add( '2026-11-27', 'gpt-x', 'plugin:seo-writer', $one ) );
		}
		$this->assertTrue( $this->table->add( '2026-11-27', 'gpt-x', 'theme:storefront', array( 'blocked' => 1 ) ) );
		$this->assertTrue(
			$this->table->add(
				'2026-11-28',
				'gpt-x',
				'plugin:seo-writer',
				array(
					'requests' => 1,
					'unpriced' => 1,
				)
			)
		);

		$rows = $this->table->rows( '2026-11-27', '2026-11-27' );
		$this->assertCount( 2, $rows );
		$this->assertSame(
			array(
				'day'              => '2026-11-27',
				'model'            => 'gpt-x',
				'caller'           => 'plugin:seo-writer',
				'requests'         => 3,
				'blocked'          => 0,
				'input_tokens'     => 3600,
				'cached_tokens'    => 3072,
				'output_tokens'    => 900,
				'reasoning_tokens' => 768,
				'cost_micros'      => 1350,
				'unpriced'         => 0,
			),
			$rows[0]
		);
		$this->assertSame( 1, $rows[1]['blocked'] );
		$this->assertSame( 0, $rows[1]['requests'] );
		$this->assertCount( 3, $this->table->rows( '2026-11-01', '2026-11-30' ) );
	}

	/**
	 * A day that is not a date writes nothing; overlong names are cut to fit the key.
	 */
	public function test_wrong_input_writes_nothing_and_long_names_fit() {
		$this->assertFalse( $this->table->add( 'yesterday', 'gpt-x', 'core', array( 'requests' => 1 ) ) );
		$this->assertFalse( $this->table->add( '2026-11-27; DROP TABLE x', 'gpt-x', 'core', array( 'requests' => 1 ) ) );
		$this->assertSame( array(), $this->table->rows( '2000-01-01', '2100-01-01' ) );

		$this->assertTrue( $this->table->add( '2026-11-27', str_repeat( 'm', 300 ), 'plugin:' . str_repeat( 'c', 300 ), array( 'requests' => 2 ) ) );
		$this->assertTrue( $this->table->add( '2026-11-27', str_repeat( 'm', 300 ), 'plugin:' . str_repeat( 'c', 300 ), array( 'requests' => 2 ) ) );
		$rows = $this->table->rows( '2026-11-27', '2026-11-27' );
		$this->assertCount( 1, $rows );
		$this->assertSame( Usage_Table::MODEL_LENGTH, strlen( $rows[0]['model'] ) );
		$this->assertSame( Usage_Table::CALLER_LENGTH, strlen( $rows[0]['caller'] ) );
		$this->assertSame( 4, $rows[0]['requests'] );
	}

	/**
	 * Installing again keeps the counts; drop removes the table.
	 */
	public function test_install_again_keeps_counts_and_drop_removes_the_table() {
		$this->table->add( '2026-11-27', 'gpt-x', 'core', array( 'requests' => 5 ) );
		$this->table->install();
		$this->assertSame( 5, $this->table->rows( '2026-11-27', '2026-11-27' )[0]['requests'] );
		$this->table->drop();
		$this->assertFalse( $this->table->exists() );
	}
}
